"""Calling tools the way the tests do, so each test reads an answer in one typed step.

`text_of` is the one place that knows a tool answer's text is its first content block; `call`
adds that the call succeeded and that the structured content says the same as the text.
"""

from __future__ import annotations

import json
from typing import Any

from mcp import Client
from mcp.types import CallToolResult, TextContent

from pinterest_mcp.operations import all_operations
from pinterest_mcp.registry.toolsets import select

DISCOVERY = ["list_toolsets", "enable_toolset"]
"""The two tools a client sees whatever toolsets are on."""


def text_of(result: CallToolResult) -> str:
    """The text of a tool answer's first content block, which is where every answer of ours puts it."""
    block = result.content[0]
    assert isinstance(block, TextContent), f"the answer starts with {block.type}, not text"
    return block.text


async def call(client: Client, tool: str, **arguments: Any) -> Any:
    """Call a tool that must succeed; its JSON text and its structured content must agree."""
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, text_of(result)
    data = json.loads(text_of(result))
    assert data == result.structured_content
    return data


def default_names() -> list[str]:
    """The tools a client connected with no flags sees, in the order `tools/list` gives them."""
    return [*DISCOVERY, *(op.name for op in select(operations=all_operations())), "undo_change", "check_connection"]
