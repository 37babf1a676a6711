"""X-Forwarded-For/-Proto are believed from the peers `--trusted-proxies` names, and from nobody by default.

uvicorn's own default believes every loopback peer, so anything on the machine could write the
client address the logs show. The server's HTTP modes build uvicorn's settings in one place
(`uvicorn_config`); these tests send spoofed headers through exactly those settings, from a trusted
and an untrusted peer, and check that `serve` (the connector and the token mode) passes the setting
from its flag, variable and config key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from pinterest_mcp.cli.commands import main, parser, settings_from
from pinterest_mcp.config.file import ConfigError, load_settings
from pinterest_mcp.config.settings import parse_proxies
from pinterest_mcp.server.transports.http_auth import uvicorn_config

SPOOFED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


class Probe:
    """An ASGI app that answers 204 and keeps the client address and scheme the request arrived with."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        assert scope["type"] == "http"
        self.seen.append((scope["client"][0], scope["scheme"]))
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


async def seen_by(trusted: tuple[str, ...], peer: str, headers: dict[str, str]) -> tuple[str, str]:
    """The (client address, scheme) the app sees of a request from `peer`, under the server's uvicorn settings."""
    probe = Probe()
    config = uvicorn_config(probe, host="127.0.0.1", port=0, log_level="WARNING", trusted_proxies=trusted)
    config.load()
    transport = httpx.ASGITransport(app=config.loaded_app, client=(peer, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        assert (await http.get("/", headers=headers)).status_code == 204
    (seen,) = probe.seen
    return seen


@pytest.mark.anyio
async def test_by_default_a_spoofed_header_is_ignored_even_from_loopback() -> None:
    assert await seen_by((), "127.0.0.1", SPOOFED) == ("127.0.0.1", "http")
    assert await seen_by((), "10.1.2.3", SPOOFED) == ("10.1.2.3", "http")


@pytest.mark.anyio
async def test_a_trusted_proxy_is_believed_and_anyone_else_is_not() -> None:
    trusted = ("127.0.0.1", "10.0.0.0/8")
    assert await seen_by(trusted, "10.1.2.3", SPOOFED) == ("203.0.113.7", "https")
    assert await seen_by(trusted, "127.0.0.1", SPOOFED) == ("203.0.113.7", "https")
    assert await seen_by(trusted, "192.0.2.50", SPOOFED) == ("192.0.2.50", "http")  # not a proxy: its words ignored
    # A client's own X-Forwarded-For before the proxy's entry is not believed: the nearest untrusted hop is.
    chain = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}
    assert (await seen_by(trusted, "10.1.2.3", chain))[0] == "203.0.113.7"


def test_the_setting_comes_from_the_flag_the_variable_or_the_config_key(
    scratch_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def settings(*argv: str) -> tuple[str, ...]:
        return settings_from(parser().parse_args(["serve", *argv])).trusted_proxies

    assert settings() == ()
    path = scratch_home / "config" / "pinterest-mcp" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text('trusted_proxies = ["10.0.0.1"]\n', encoding="utf-8")
    assert settings() == ("10.0.0.1",)
    monkeypatch.setenv("PINTEREST_MCP_TRUSTED_PROXIES", "127.0.0.1, ::1")
    assert settings() == ("127.0.0.1", "::1")
    assert settings("--trusted-proxies", "10.0.0.0/8,10.0.0.0/8") == ("10.0.0.0/8",)
    path.write_text('trusted_proxies = "*"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"trusted_proxies: '\*' is not an IP address or network"):
        load_settings()


@pytest.mark.parametrize("bad", ["*", "proxy.internal", "10.0.0.0/33", "127.0.0.1:8080"])
def test_anything_but_addresses_and_networks_is_refused_naming_it(bad: str) -> None:
    with pytest.raises(ValueError, match="is not an IP address or network") as caught:
        parse_proxies(f"127.0.0.1,{bad}", "--trusted-proxies")
    assert bad in str(caught.value) and "--trusted-proxies" in str(caught.value)
    assert parse_proxies("10.1.2.3/8", "x") == ("10.0.0.0/8",)  # a network is written as its network


def started(monkeypatch: pytest.MonkeyPatch) -> list[uvicorn.Config]:
    """uvicorn's settings of each server `serve` starts; the server returns at once instead of serving."""
    configs: list[uvicorn.Config] = []

    async def serve(self: uvicorn.Server, sockets: Any = None) -> None:
        configs.append(self.config)

    monkeypatch.setattr(uvicorn.Server, "serve", serve)
    return configs


@pytest.mark.usefixtures("scratch_home")
def test_the_connector_and_the_token_mode_serve_with_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    configs = started(monkeypatch)
    connector = ["serve", "--transport", "http", "--auth", "oauth", "--demo", "--public-url", "http://127.0.0.1:8000"]
    assert main(connector) == 0
    assert main([*connector, "--trusted-proxies", "10.0.0.0/8"]) == 0
    token = ["serve", "--transport", "http", "--demo", "--http-token", "t" * 32]
    assert main([*token, "--trusted-proxies", "127.0.0.1"]) == 0
    assert main(token) == 0

    assert [(c.proxy_headers, c.forwarded_allow_ips) for c in configs[1:3]] == [
        (True, ["10.0.0.0/8"]),
        (True, ["127.0.0.1"]),
    ]
    assert not configs[0].proxy_headers and not configs[3].proxy_headers  # no setting: nobody's headers
