"""The installed command as clients meet it: stdio, Streamable HTTP, the `call` and `demo` commands."""

from __future__ import annotations

import json
import sys

import anyio
import httpx
import pytest
from mcp import Client, StdioServerParameters
from mcp.types import ElicitRequestParams, ElicitResult

from pinterest_mcp.cli.commands import main
from support.fakes import http_server
from support.tools import default_names, text_of

pytestmark = pytest.mark.anyio


@pytest.mark.slow
async def test_serve_demo_over_stdio_lists_tools_and_answers() -> None:
    """A subprocess server answers tools/list and a tool call with demo data."""
    params = StdioServerParameters(command=sys.executable, args=["-m", "pinterest_mcp", "serve", "--demo"])
    with anyio.fail_after(60):
        async with Client(params) as client:
            tools = (await client.list_tools()).tools
            result = await client.call_tool("list_ad_accounts", {})
    assert [t.name for t in tools] == default_names()
    assert not result.is_error
    assert json.loads(text_of(result))["count"] >= 2


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_a_write_over_stdio_asks_the_user_and_applies_on_accept(mode: str) -> None:
    """Elicitation through a real transport: the user sees the plan, accepts, and the change is read back."""
    asked: list[str] = []

    async def accept(_: object, params: ElicitRequestParams) -> ElicitResult:
        asked.append(params.message)
        return ElicitResult(action="accept", content={"apply": True})

    params = StdioServerParameters(command=sys.executable, args=["-m", "pinterest_mcp", "serve", "--demo"])
    arguments = {"ad_account_id": "549755856399", "ad_group_ids": ["2680060999458"], "budget": "60"}
    with anyio.fail_after(60):
        async with Client(params, mode=mode, elicitation_callback=accept) as client:  # type: ignore[arg-type]
            result = await client.call_tool("set_ad_group_budget", arguments)
    assert not result.is_error, result.content
    data = json.loads(text_of(result))
    assert data["status"] == "applied" and data["now"][0]["budget_amount"] == "60.00 USD"
    (message,) = asked
    assert "80.00 USD (80000000) → 60.00 USD (60000000)" in message and message.endswith("Apply this change?")


def test_call_command_prints_a_tool_result(capsys: pytest.CaptureFixture[str]) -> None:
    """`pinterest-mcp call TOOL NAME=VALUE --demo` prints the compact result; errors exit 1."""
    assert main(["call", "list_boards", "--demo", "page_size=2"]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == 2
    assert main(["call", "list_boards", "--demo", "page_size=0"]) == 1
    assert "page_size" in capsys.readouterr().out
    assert main(["call", "get_ad_account", "--demo", "ad_account_id=549755856399"]) == 0
    assert json.loads(capsys.readouterr().out)["currency"] == "USD"


@pytest.mark.slow
def test_demo_walks_through_the_account(capsys: pytest.CaptureFixture[str]) -> None:
    """`pinterest-mcp demo` runs end to end over stdio and shows accounts, campaigns and Pins."""
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    for fragment in ("tools", "list_ad_accounts", "list_campaigns", "USD", "EUR", "list_board_pins"):
        assert fragment in out
    assert "SPEND (USD) by day" in out and "Spring Sale 2026 – Conversions" in out  # the one chart
    assert "--format chart" in out  # and the command that draws it again


@pytest.mark.slow
async def test_streamable_http_on_loopback_serves_and_rejects_foreign_origins() -> None:
    """`serve --transport http` binds loopback with the SDK's DNS-rebinding protection on."""
    async with http_server() as url:
        with anyio.fail_after(30):
            async with httpx.AsyncClient() as http:
                evil = await http.post(url, json={}, headers={"Origin": "http://evil.example"})
            async with Client(url) as client:
                tools = (await client.list_tools()).tools
                result = await client.call_tool("get_user_account", {})
    assert evil.status_code == 403
    assert [t.name for t in tools] == default_names()
    assert not result.is_error
