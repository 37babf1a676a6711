"""Every use of the MCP SDK's internals, in one place.

The server leans on four things the `mcp` package does not promise to keep: the fields a `Tool`
is constructed with (a tool with its own `run` still has to fill `fn` and `fn_metadata`),
`FuncMetadata`/`ArgModelBase` from its `utilities` package, the `MCPServer._lowlevel_server` it
wraps (to announce `tools.listChanged` in the handshake and to serve stdio through a reader of
our own), and the `ReadStream` protocol of a private module. Nothing else in `src/` imports or
touches them, so an SDK upgrade that moves one of them changes this file only, and
`tests/server/test_sdk.py` (pinned to the `mcp` range in pyproject.toml) names what moved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

from mcp.server.lowlevel.server import NotificationOptions
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.tools import Tool
from mcp.server.mcpserver.utilities.func_metadata import ArgModelBase, FuncMetadata
from mcp.server.models import InitializationOptions
from mcp.server.stdio import stdio_server
from mcp.shared._stream_protocols import ReadStream
from mcp.shared.message import SessionMessage


def _never_called(*_: Any, **__: Any) -> NoReturn:
    """`Tool.fn` of a tool whose own `run` answers every call: the SDK calls `fn` only from its `run`."""
    raise RuntimeError("this tool answers through its own run(); fn is never called")


def tool_fields(output_schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """The `Tool` constructor fields, beyond the listing, of a tool that overrides `run`.

    The SDK builds them from a function's signature (`Tool.from_function`); a tool that validates
    its own arguments has no such function, so `fn` is a guard, the argument model an empty one
    (never used: `run` is ours) and there is no context keyword. `output_schema` is what
    `tools/list` publishes of the structured answer (the SDK lists it from the metadata).
    """
    return {
        "fn": _never_called,
        "fn_metadata": FuncMetadata(arg_model=ArgModelBase, output_schema=output_schema),
        "is_async": True,
        "context_kwarg": None,
    }


def publish_output_schema(tool: Tool, schema: dict[str, Any]) -> Tool:
    """`tool` (made by `Tool.from_function`, unstructured) listed with `schema` as its `outputSchema`.

    The SDK lists a tool's output schema from its function metadata and validates nothing against a
    schema that has no output model, so the tool's own `CallToolResult` goes out as it is.
    """
    tool.fn_metadata.output_schema = schema
    return tool


def announce_list_changed(server: MCPServer[Any]) -> None:
    """Make `server`'s handshake say `tools.listChanged`, unless the caller passes options of its own.

    2025-era sessions learn of tool list changes only when the initialize answer declares them, and
    `MCPServer` passes no notification options to its low-level server.
    """
    lowlevel = server._lowlevel_server
    original = lowlevel.create_initialization_options

    def with_list_changed(
        notification_options: NotificationOptions | None = None, *rest: Any, **named: Any
    ) -> InitializationOptions:
        return original(notification_options or NotificationOptions(tools_changed=True), *rest, **named)

    lowlevel.create_initialization_options = with_list_changed  # type: ignore[method-assign]


Incoming = ReadStream[SessionMessage | Exception]
"""What the SDK's transports read: each line's message, or the exception parsing it raised."""


async def run_stdio_with(server: MCPServer[Any], wrap: Callable[[Incoming], Incoming]) -> None:
    """Serve `server` over stdin/stdout as `MCPServer.run_stdio_async` does, reading through `wrap`."""
    lowlevel = server._lowlevel_server
    async with stdio_server() as (read_stream, write_stream):
        await lowlevel.run(wrap(read_stream), write_stream, lowlevel.create_initialization_options())


def lowlevel_server(server: MCPServer[Any]) -> Any:
    """The low-level server under `server`: what a session manager runs (the connector runs one per grant)."""
    return server._lowlevel_server
