"""Many tool calls at once on one connection, the way a busy client makes them.

The auth tests use it to show that a refresh is single-flight: however many calls find the access
token dead together, one token request goes out and every call gets its outcome.
"""

from __future__ import annotations

from typing import Any

import anyio
from mcp import Client
from mcp.types import CallToolResult

from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server

AT_ONCE = 50
"""Enough calls that any race between them in the token refresh would show, few enough to run in a second."""


async def calls_at_once(
    runtime: Runtime, tool: str = "list_boards", arguments: dict[str, Any] | None = None, count: int = AT_ONCE
) -> list[CallToolResult]:
    """Start `count` calls of `tool` together on one in-memory client; their answers, in the order they ended."""
    results: list[CallToolResult] = []
    async with Client(build_server(runtime.settings, runtime)) as client:

        async def one() -> None:
            results.append(await client.call_tool(tool, {"page_size": 1} if arguments is None else arguments))

        with anyio.fail_after(30):
            async with anyio.create_task_group() as group:
                for _ in range(count):
                    group.start_soon(one)
    return results
