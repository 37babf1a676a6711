"""Build the MCP server: the selected operations as tools, over one shared runtime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from mcp.server.mcpserver import MCPServer

from pinterest_mcp import __version__
from pinterest_mcp.registry import select
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.settings import Settings
from pinterest_mcp.tools import OperationTool

INSTRUCTIONS = (
    "Pinterest ads and organic content. Start with list_ad_accounts (ads) or list_boards (organic). "
    "Money fields are integer micro-units of the ad account currency (1 USD = 1,000,000); each has a readable "
    "*_amount beside it. Lists return `bookmark` when more exist: pass it back, or use all_pages/max_items."
)


def build_server(settings: Settings, runtime: Runtime | None = None) -> MCPServer[Any]:
    """An `MCPServer` exposing the operations `settings` selects; raises `SelectionError` on bad names."""
    runtime = runtime or Runtime(settings)
    operations = select(settings.toolsets, settings.tools, read_only=settings.read_only)

    @asynccontextmanager
    async def lifespan(_: MCPServer[Any]) -> AsyncIterator[Runtime]:
        try:
            yield runtime
        finally:
            await runtime.aclose()

    return MCPServer(
        "pinterest",
        title="Pinterest",
        version=__version__,
        instructions=INSTRUCTIONS,
        tools=[OperationTool.build(op, runtime) for op in operations],
        lifespan=lifespan,
        log_level="WARNING",
    )
