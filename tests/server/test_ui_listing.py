"""MCP Apps views are offered only to clients that declare the extension; the others see today's lists.

The wire answers are caught by a middleware placed outermost, so what is compared is the JSON the
server sends, not what a client makes of it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from mcp import Client
from mcp.client.extension import advertise
from mcp.server.apps import APP_MIME_TYPE, EXTENSION_ID
from mcp.server.context import CallNext, ServerRequestContext
from mcp.server.mcpserver import MCPServer

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.operations import all_operations
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server import ui
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.token_cost import count, visible_tokens
from pinterest_mcp.server.ui import PERFORMANCE, PERFORMANCE_TOOLS, PLAN, TOP_PIN_TOOLS, TOP_PINS, VIEWS, offer_views

pytestmark = pytest.mark.anyio

APPS = advertise(EXTENSION_ID, {"mimeTypes": [APP_MIME_TYPE]})


class Wire:
    """The last wire answer of each method, as the server hands it to the transport."""

    def __init__(self) -> None:
        self.answers: dict[str, dict[str, Any]] = {}

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> Any:
        result = await call_next(ctx)
        if isinstance(result, dict):
            self.answers[ctx.method] = result
        return result

    def text(self, method: str) -> str:
        return json.dumps(self.answers[method], separators=(",", ":"), ensure_ascii=False)


@dataclass
class Served:
    """A server with a `Wire` outermost, and the settings it was built from."""

    server: MCPServer[Any]
    wire: Wire
    settings: Settings

    @classmethod
    def build(cls, runtime: Runtime) -> Served:
        server, wire = build_server(runtime.settings, runtime), Wire()
        server.middleware.insert(0, wire)
        return cls(server, wire, runtime.settings)


@pytest.fixture(params=["default", "all"])
async def served(request: pytest.FixtureRequest) -> AsyncIterator[Served]:
    toolsets: tuple[str, ...] = () if request.param == "default" else ("all",)
    runtime = Runtime(Settings(demo=True, toolsets=toolsets))
    yield Served.build(runtime)
    await runtime.aclose()


@pytest.fixture(params=["auto", "legacy"])
def mode(request: pytest.FixtureRequest) -> str:
    """Per-request capabilities (2026-07-28), or those of the initialize handshake (2025 clients)."""
    value: str = request.param
    return value


async def lists(server: MCPServer[Any], wire: Wire, apps: bool, mode: str) -> tuple[str, str]:
    async with Client(server, extensions=[APPS] if apps else None, mode=mode) as client:
        await client.list_tools()
        await client.list_resources()
    return wire.text("tools/list"), wire.text("resources/list")


async def test_a_client_without_the_extension_gets_todays_lists_byte_for_byte(
    served: Served, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    tools, resources = await lists(served.server, served.wire, apps=False, mode=mode)
    # The server as it was before the views: no view resources, no middleware.
    monkeypatch.setattr(ui, "VIEWS", {})
    monkeypatch.setattr(ui, "add_views", lambda _: None)
    runtime = Runtime(served.settings)
    before = Served.build(runtime)
    assert offer_views not in before.server.middleware
    assert (tools, resources) == await lists(before.server, before.wire, apps=False, mode=mode)
    assert "ui://" not in tools and "ui://" not in resources
    await runtime.aclose()


async def test_a_client_with_the_extension_gets_only_the_view_links_more_and_the_views_listed(
    served: Served, mode: str
) -> None:
    plain_tools, plain_resources = await lists(served.server, served.wire, apps=False, mode=mode)
    tools, resources = await lists(served.server, served.wire, apps=True, mode=mode)
    answer = json.loads(tools)
    linked = answer["tools"]
    views = {tool["name"]: tool["_meta"].pop("ui")["resourceUri"] for tool in linked if "ui" in tool.get("_meta", {})}
    for tool in linked:
        if tool.get("_meta") == {}:  # a tool of the server's own (undo_change) has no other `_meta`
            del tool["_meta"]
    assert json.dumps(answer, separators=(",", ":"), ensure_ascii=False) == plain_tools
    for name, uri in views.items():
        tool = next(t for t in linked if t["name"] == name)
        expected = PERFORMANCE if name in PERFORMANCE_TOOLS else TOP_PINS if name in TOP_PIN_TOOLS else PLAN
        assert uri == expected
        assert expected != PLAN or tool["annotations"]["readOnlyHint"] is False
    writes = {t["name"] for t in linked if t["annotations"]["readOnlyHint"] is False}
    assert writes and writes <= set(views)
    # What a model is shown (name, description, inputSchema) is the same: only `_meta` grew.
    assert [visible_tokens(t) for t in json.loads(plain_tools)["tools"]] == [visible_tokens(t) for t in linked]
    listed = json.loads(resources)["resources"]
    assert [r for r in listed if not r["uri"].startswith("ui://")] == json.loads(plain_resources)["resources"]
    assert {r["uri"]: r["mimeType"] for r in listed if r["uri"].startswith("ui://")} == dict.fromkeys(
        VIEWS, APP_MIME_TYPE
    )
    grown = count(tools) - count(plain_tools)
    added = sum(count(f',"ui":{{"resourceUri":"{uri}"}}') + 2 for uri in views.values())
    assert 0 < grown <= added  # the `_meta.ui` key of each linked tool, and nothing else


async def test_each_view_is_served_self_contained_with_its_csp(mode: str) -> None:
    runtime = Runtime(Settings(demo=True))
    async with Client(build_server(runtime.settings, runtime), extensions=[APPS], mode=mode) as client:
        for uri in VIEWS:
            (content,) = (await client.read_resource(uri)).contents
            html = getattr(content, "text", "")
            assert content.mime_type == APP_MIME_TYPE and html.startswith("<!doctype html>")
            assert "/*BRIDGE*/" not in html and "/*STYLE*/" not in html and "ui/initialize" in html
            assert "<script src" not in html and "<link" not in html and "@import" not in html
            assert "fetch(" not in html and "XMLHttpRequest" not in html
            declared = (content.meta or {})["ui"]["csp"]
            assert set(declared) <= {"resourceDomains"} and "connectDomains" not in declared
    await runtime.aclose()


def test_views_go_with_the_tools_whose_answers_they_draw() -> None:
    """Performance: the ads analytics tables by day; top Pins: the ranked Pins; nothing else by name."""
    kinds = {op.name: op.view.kind if op.view else None for op in all_operations()}
    assert {name for name, kind in kinds.items() if kind == "analytics"} == PERFORMANCE_TOOLS
    assert {name for name, kind in kinds.items() if kind == "top_pins"} == TOP_PIN_TOOLS
