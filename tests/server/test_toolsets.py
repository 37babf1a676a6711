"""Dynamic toolsets through real MCP clients: a small default, `enable_toolset`, `tools/list_changed`.

A client connected with no flags sees the default toolsets plus `list_toolsets` and
`enable_toolset`; enabling toolsets (several in one call) or dropping them announces the change (a
session notification on 2025-era connections, a `subscriptions/listen` event on 2026-07-28) and the
enabled tools are callable in the same session, the dropped ones refused. In memory, over stdio and
over Streamable HTTP.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult, ToolListChangedNotification

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.operations import all_operations
from pinterest_mcp.registry.toolsets import TOOLSET_NAMES, TOOLSETS
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.token_cost import visible_tokens
from support.fakes import http_server
from support.tools import DISCOVERY, default_names, text_of

pytestmark = pytest.mark.anyio
MODES = ["auto", "legacy"]
ENABLE_BUDGET = 190
"""enable_toolset's model-visible tokens: it was 381 (11% of the default list) when its description
spelled out every toolset's purpose."""


def _text(result: CallToolResult) -> dict[str, Any]:
    assert not result.is_error, text_of(result)
    data: dict[str, Any] = json.loads(text_of(result))
    return data


async def _enable_and_see_change(
    client: Client, mode: str, toolset: str | None = None, **arguments: list[str]
) -> dict[str, Any]:
    """Call enable_toolset (one `toolset`, or `toolsets`/`drop` lists) and wait (bounded) for the
    list-changed signal of this protocol era."""
    if toolset is not None:
        arguments["toolsets"] = [toolset]
    if mode == "auto":
        async with client.listen(tools_list_changed=True) as events:
            answer = _text(await client.call_tool("enable_toolset", dict(arguments)))
            with anyio.fail_after(10):
                async for event in events:
                    assert type(event).__name__ == "ToolsListChanged"
                    break
        return answer
    return _text(await client.call_tool("enable_toolset", dict(arguments)))


class Notifications:
    """Collects the server's notifications (2025-era sessions deliver list_changed here)."""

    def __init__(self) -> None:
        self.list_changed = anyio.Event()

    async def __call__(self, message: Any) -> None:
        if isinstance(message, ToolListChangedNotification) or "list_changed" in repr(message):
            self.list_changed.set()


async def _scenario(connect: Callable[[Notifications], Any], mode: str) -> None:
    """The whole story: small default → disabled tool refused → enable → list_changed → call it."""
    notes = Notifications()
    async with connect(notes) as client:
        names = [t.name for t in (await client.list_tools()).tools]
        assert names == default_names()
        refused = await client.call_tool("list_pins", {})
        assert refused.is_error and "enable_toolset(toolsets=['pins'])" in text_of(refused)
        answer = await _enable_and_see_change(client, mode, "pins")
        if mode == "legacy":
            with anyio.fail_after(10):
                await notes.list_changed.wait()
        assert answer["enabled"] == [op.name for op in all_operations() if op.toolset == "pins"] + ["create_video_pin"]
        assert answer["tokens"] > 0
        after = [t.name for t in (await client.list_tools()).tools]
        assert set(after) - set(names) == set(answer["enabled"])
        pins = _text(await client.call_tool("list_pins", {"page_size": 3}))
        assert pins["count"] == 3


@pytest.mark.parametrize("mode", MODES)
async def test_in_memory_default_enable_and_call(mode: str) -> None:
    def connect(notes: Notifications) -> Any:
        return Client(build_server(Settings(demo=True)), mode=mode, message_handler=notes)

    await _scenario(connect, mode)


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES)
async def test_over_stdio_default_enable_and_call(mode: str) -> None:
    params = StdioServerParameters(command=sys.executable, args=["-m", "pinterest_mcp", "serve", "--demo"])

    def connect(notes: Notifications) -> Any:
        return Client(params, mode=mode, message_handler=notes)

    with anyio.fail_after(60):
        await _scenario(connect, mode)


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES)
async def test_over_streamable_http_default_enable_and_call(mode: str) -> None:
    async with http_server() as url:

        def connect(notes: Notifications) -> Any:
            return Client(url, mode=mode, message_handler=notes)

        with anyio.fail_after(60):
            await _scenario(connect, mode)


async def test_list_toolsets_says_what_each_is_for_and_costs() -> None:
    """One row per toolset: purpose, tools, model-visible token cost, enabled or not."""
    async with Client(build_server(Settings(demo=True))) as client:
        rows = _text(await client.call_tool("list_toolsets", {}))["toolsets"]
    assert [r["toolset"] for r in rows] == list(TOOLSET_NAMES)
    for row, toolset in zip(rows, TOOLSETS, strict=True):
        assert row["enabled"] is toolset.default
        composite = {
            "reports": ["run_report", "run_bulk_download"],
            "pins": ["create_video_pin"],
            "ads_manage": ["plan_launch"],
            "lead_forms": ["run_leads_export"],
        }
        own = composite.get(toolset.name, [])  # the toolset's composite tools, listed after its operations
        assert row["tools"] == [op.name for op in all_operations() if op.toolset == toolset.name] + own
        assert row["tokens"] > 20 * len(row["tools"]), row
        assert row["for"] == toolset.description


async def test_one_call_finds_the_toolset_for_a_question_about_pins() -> None:
    """enable_toolset's enum names every toolset (pins among them) and its description stays short:
    the purposes are list_toolsets' to tell, only names that could mislead get a hint."""
    async with Client(build_server(Settings(demo=True))) as client:
        tool = next(t for t in (await client.list_tools()).tools if t.name == "enable_toolset")
        assert tool.input_schema["properties"]["toolsets"]["items"]["enum"] == list(TOOLSET_NAMES)
        assert "organic_manage: edit, delete boards, Pins" in (tool.description or "")
        assert visible_tokens(tool) <= ENABLE_BUDGET, visible_tokens(tool)
        unknown = await client.call_tool("enable_toolset", {"toolsets": ["insertion_orders"]})
        assert unknown.is_error and "'insertion_orders'" in text_of(unknown) and "pins" in text_of(unknown)
        again = _text(await client.call_tool("enable_toolset", {"toolsets": ["ads"]}))
        assert again["enabled"] == [] and again["next"].startswith("Nothing changed")


async def test_a_refused_disabled_tool_sends_nothing() -> None:
    runtime = Runtime(Settings(demo=True))
    async with Client(build_server(runtime.settings, runtime)) as client:
        _text(await client.call_tool("get_user_account", {}))
        before = len(runtime.emulator.requests)
        result = await client.call_tool("create_board", {"name": "x"})
        assert result.is_error and "boards" in text_of(result)
        assert len(runtime.emulator.requests) == before


async def test_read_only_offers_no_write_tools_even_when_enabled() -> None:
    async with Client(build_server(Settings(demo=True, read_only=True))) as client:
        names = {t.name for t in (await client.list_tools()).tools}
        assert "pause_campaigns" not in names and "undo_change" not in names
        refused = await client.call_tool("enable_toolset", {"toolsets": ["pins", "organic_manage"]})
        assert refused.is_error and "read-only" in text_of(refused)
        assert "list_pins" not in {t.name for t in (await client.list_tools()).tools}  # refused whole
        pins = _text(await client.call_tool("enable_toolset", {"toolsets": ["pins"]}))
        assert pins["enabled"] == ["list_pins", "get_pin", "list_media", "get_media"]  # the reads only


async def test_explicit_toolsets_fix_the_set_without_discovery_tools() -> None:
    """--toolsets is for clients that ignore list_changed: exactly those tools, nothing to enable."""
    async with Client(build_server(Settings(demo=True, toolsets=("boards",)))) as client:
        names = [t.name for t in (await client.list_tools()).tools]
    assert names == [op.name for op in all_operations() if op.toolset == "boards"]
    dynamic = Settings(demo=True, toolsets=("boards",), dynamic_toolsets=True)
    async with Client(build_server(dynamic)) as client:
        names = [t.name for t in (await client.list_tools()).tools]
        assert names[:2] == DISCOVERY and "list_boards" in names and "list_campaigns" not in names
        await _enable_and_see_change(client, "auto", "ads")
        assert "list_campaigns" in [t.name for t in (await client.list_tools()).tools]


async def test_undo_change_appears_with_the_first_toolset_that_has_updates() -> None:
    settings = Settings(demo=True, toolsets=("account",), dynamic_toolsets=True)
    async with Client(build_server(settings)) as client:
        names: Callable[[], Awaitable[Any]] = client.list_tools
        assert "undo_change" not in [t.name for t in (await names()).tools]
        await _enable_and_see_change(client, "auto", "organic_manage")
        assert "undo_change" in [t.name for t in (await names()).tools]


async def _listed(client: Client) -> list[str]:
    return [t.name for t in (await client.list_tools()).tools]


@pytest.mark.parametrize("mode", MODES)
async def test_several_toolsets_in_one_call_then_dropped_in_one_call(mode: str) -> None:
    """One call adds boards and pins, one call drops them again: each announces the change, the
    answer names the tools that came and went, and a dropped tool is refused like any disabled one."""
    notes = Notifications()
    async with Client(build_server(Settings(demo=True)), mode=mode, message_handler=notes) as client:
        start = await _listed(client)
        added = await _enable_and_see_change(client, mode, toolsets=["boards", "pins"])
        if mode == "legacy":
            with anyio.fail_after(10):
                await notes.list_changed.wait()
            notes.list_changed = anyio.Event()
        organic = [n for n in await _listed(client) if n not in start]
        assert set(organic) == set(added["enabled"]) and {"list_boards", "list_pins"} <= set(organic)
        assert added["toolsets"] == ["account", "ads", "analytics", "boards", "pins"]
        assert added["dropped"] == [] and added["tokens"] > 0
        assert not (await client.call_tool("list_boards", {"page_size": 1})).is_error

        dropped = await _enable_and_see_change(client, mode, drop=["boards", "pins"])
        if mode == "legacy":
            with anyio.fail_after(10):
                await notes.list_changed.wait()
        assert await _listed(client) == start
        assert set(dropped["dropped"]) == set(organic) and dropped["enabled"] == []
        assert dropped["tokens"] == -added["tokens"]
        refused = await client.call_tool("list_boards", {})
        assert refused.is_error and "enable_toolset(toolsets=['boards'])" in text_of(refused)


async def test_dropping_a_default_toolset_keeps_what_another_still_needs() -> None:
    """Dropping ads removes its tools; undo_change stays while a toolset with updates (organic_manage
    here) is still enabled, and leaves with the last of them."""
    async with Client(build_server(Settings(demo=True))) as client:
        await _enable_and_see_change(client, "auto", "organic_manage")
        answer = await _enable_and_see_change(client, "auto", drop=["ads"])
        names = await _listed(client)
        assert "list_campaigns" in answer["dropped"] and "list_campaigns" not in names
        assert "undo_change" in names and "undo_change" not in answer["dropped"]
        last = await _enable_and_see_change(client, "auto", drop=["organic_manage"])
        assert "undo_change" in last["dropped"] and "undo_change" not in await _listed(client)
        assert "list_ad_accounts" in await _listed(client)  # account was never dropped


async def test_a_wrong_enable_toolset_call_changes_nothing() -> None:
    """Unknown names, a toolset both added and dropped, or nothing named: refused, the list as it was."""
    async with Client(build_server(Settings(demo=True))) as client:
        before = await _listed(client)
        for arguments, says in (
            ({"drop": ["ads", "nope"]}, "'nope'"),
            ({"toolsets": ["pins"], "drop": ["pins"]}, "both added and dropped"),
            ({}, "toolsets=[...]"),
        ):
            refused = await client.call_tool("enable_toolset", arguments)
            assert refused.is_error and says in text_of(refused), text_of(refused)
            assert await _listed(client) == before


async def test_the_single_toolset_argument_of_earlier_callers_still_works() -> None:
    """Scripts written against `enable_toolset(toolset=...)` keep working; only `toolsets` is published."""
    async with Client(build_server(Settings(demo=True))) as client:
        tool = next(t for t in (await client.list_tools()).tools if t.name == "enable_toolset")
        assert set(tool.input_schema["properties"]) == {"toolsets", "drop"}
        answer = _text(await client.call_tool("enable_toolset", {"toolset": "boards"}))
        assert "list_boards" in answer["enabled"]
