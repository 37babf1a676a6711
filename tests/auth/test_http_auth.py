"""HTTP serving: a non-loopback bind only with a bearer token, the token checked on every request, /healthz open.

The server holds the user's Pinterest tokens, so anyone who can reach its HTTP port acts as the
user: off loopback (a container binds 0.0.0.0) it must refuse to start without a token.
"""

from __future__ import annotations

import sys

import anyio
import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from pinterest_mcp.server.transports.http_auth import MIN_TOKEN_LENGTH, TOKEN_ENV, check_bind, http_token, is_loopback
from support.fakes import http_server

pytestmark = pytest.mark.anyio
TOKEN = "test-token-0123456789abcdef"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True), ("[::1]", True),
     ("0.0.0.0", False), ("::", False), ("192.0.2.10", False), ("mcp.example.com", False)],
)  # fmt: skip
def test_loopback_is_this_machine_only(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_non_loopback_bind_without_a_token_is_refused_and_says_how() -> None:
    with pytest.raises(ValueError, match=TOKEN_ENV):
        check_bind("0.0.0.0", None)
    check_bind("0.0.0.0", TOKEN)
    check_bind("127.0.0.1", None)


def test_the_token_comes_from_the_flag_then_the_environment_and_must_be_long() -> None:
    assert http_token(None, {}) is None
    assert http_token(None, {TOKEN_ENV: f"  {TOKEN} "}) == TOKEN
    assert http_token("flag-token-0123456789", {TOKEN_ENV: TOKEN}) == "flag-token-0123456789"
    with pytest.raises(ValueError, match=str(MIN_TOKEN_LENGTH)):
        http_token("short", {})


@pytest.mark.slow
async def test_serve_refuses_a_public_bind_without_a_token_before_it_listens() -> None:
    command = [sys.executable, "-m", "pinterest_mcp", "serve", "--demo", "--transport", "http", "--host", "0.0.0.0"]
    env = {"PATH": "/usr/bin:/bin"}  # no PINTEREST_MCP_HTTP_TOKEN
    with anyio.fail_after(60):
        result = await anyio.run_process(command, check=False, env=env)
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert TOKEN_ENV in stderr and "serving on" not in stderr


@pytest.mark.slow
async def test_with_a_token_every_request_needs_it_and_healthz_does_not() -> None:
    async with http_server("--http-token", TOKEN) as url:
        health_url = url.replace("/mcp", "/healthz")
        with anyio.fail_after(30):
            async with httpx.AsyncClient() as http:
                health = await http.get(health_url)
                bare = await http.post(url, json={})
                wrong = await http.post(url, json={}, headers={"Authorization": "Bearer not-the-token-at-all"})
            async with (
                httpx2.AsyncClient(headers={"Authorization": f"Bearer {TOKEN}"}) as authorized,
                Client(streamable_http_client(url, http_client=authorized)) as client,
            ):
                tools = (await client.list_tools()).tools
                prompts = (await client.list_prompts()).prompts
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert bare.status_code == 401 and wrong.status_code == 401
    assert bare.headers["www-authenticate"].startswith("Bearer")
    assert TOKEN not in bare.text
    assert tools and prompts
