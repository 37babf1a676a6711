"""Build the MCP server: the selected operations as tools, over one shared runtime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult, ToolAnnotations

from pinterest_mcp import __version__
from pinterest_mcp.doctor import as_dicts, diagnose, render
from pinterest_mcp.registry import select
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.settings import Settings
from pinterest_mcp.tools import OperationTool, UndoTool, text_result

INSTRUCTIONS = (
    "Pinterest ads and organic content. Start with list_ad_accounts (ads) or list_boards (organic). "
    "Money fields are integer micro-units of the ad account currency (1 USD = 1,000,000); each has a readable "
    "*_amount beside it. Lists return `bookmark` when more exist: pass it back, or use all_pages/max_items. "
    "Write tools first return a plan and write nothing: show it to the user, and apply only with their approval."
)


def build_server(settings: Settings, runtime: Runtime | None = None) -> MCPServer[Any]:
    """An `MCPServer` exposing the operations `settings` selects; raises `SelectionError` on bad names."""
    runtime = runtime or Runtime(settings)
    operations = select(settings.toolsets, settings.tools, read_only=not settings.writes_enabled)

    tools: list[Any] = [OperationTool.build(op, runtime) for op in operations]
    if any(op.change == "update" for op in operations):
        tools.append(UndoTool.build(runtime))

    @asynccontextmanager
    async def lifespan(_: MCPServer[Any]) -> AsyncIterator[Runtime]:
        try:
            yield runtime
        finally:
            await runtime.aclose()

    server = MCPServer(
        "pinterest",
        title="Pinterest",
        version=__version__,
        instructions=INSTRUCTIONS,
        tools=tools,
        lifespan=lifespan,
        log_level="WARNING",
    )
    if any(op.toolset == "account" for op in operations):
        _add_check_connection(server, runtime)
    return server


def _add_check_connection(server: MCPServer[Any], runtime: Runtime) -> None:
    """`doctor --api` as a tool, so the model can tell the user why calls fail and what to do."""

    async def check_connection() -> CallToolResult:
        checks = await diagnose(runtime, api=True)
        failed = any(c.status == "fail" for c in checks)
        return text_result(render(checks), structured={"checks": as_dicts(checks)}, is_error=failed)

    server.add_tool(
        check_connection,
        title="Check connection",
        description="Diagnose access to Pinterest: credentials, token expiry, scopes, reachable ad accounts.",
        annotations=ToolAnnotations(
            read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=True
        ),
        structured_output=False,
    )
