"""The stdio transport, made to answer messages nested deeper than the SDK's JSON parser allows.

The MCP SDK reads each stdio line with pydantic-core, whose JSON parser stops at about 200 levels
of nesting. Such a line becomes an exception the session only logs, so a `tools/call` with a
250-deep argument gets no answer at all and the client waits forever. Here such a line has every
subtree deeper than `WIRE_DEPTH` cut to a marker string (in the text, without recursion, so any
depth is fine) and is parsed again. The message then reaches the tool, whose input validation
refuses free-form arguments deeper than `inputs.MAX_NESTING` (10) with an ordinary tool error; no
tool accepts anything as deep as `WIRE_DEPTH`, so cutting changes no call that could have succeeded.
"""

from __future__ import annotations

import json
import re
from types import TracebackType
from typing import Any, Self

import mcp_types as types
from mcp.server.mcpserver import MCPServer
from mcp.shared.message import SessionMessage
from pydantic import ValidationError

from pinterest_mcp.server.sdk import Incoming, run_stdio_with

WIRE_DEPTH = 32
"""Levels of objects and arrays a message keeps; deeper subtrees become `CUT`."""
CUT = "(nested too deep)"
# A JSON string (skipped whole, so brackets inside it do not count) or a bracket.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def cut_deep(line: str, depth: int = WIRE_DEPTH) -> str:
    """JSON text with every object or array nested below `depth` levels replaced by the string `CUT`.

    A scan of the text, not a parse, so it needs no recursion whatever the depth; malformed JSON
    comes out malformed and is refused by the parser after it.
    """
    pieces: list[str] = []
    level = kept = 0
    cut_from: int | None = None
    for token in _TOKEN.finditer(line):
        bracket = token.group()
        if bracket[0] == '"':
            continue
        if bracket in "{[":
            level += 1
            if level == depth + 1 and cut_from is None:
                cut_from = token.start()
            continue
        if level == depth + 1 and cut_from is not None:
            pieces += [line[kept:cut_from], json.dumps(CUT)]
            kept, cut_from = token.end(), None
        level -= 1
    pieces.append(line[kept:])
    return "".join(pieces)


def reparsed(item: SessionMessage | Exception) -> SessionMessage | Exception:
    """A too-deep line's message, cut to `WIRE_DEPTH`; any other item unchanged."""
    if not isinstance(item, ValidationError):
        return item
    errors = item.errors(include_url=False)
    if len(errors) != 1 or errors[0]["type"] != "json_invalid" or "recursion limit" not in errors[0]["msg"]:
        return item
    line = errors[0].get("input")
    if not isinstance(line, str):
        return item
    try:
        message = types.jsonrpc_message_adapter.validate_json(cut_deep(line), by_name=False)
    except ValidationError:  # not JSON-RPC even when cut: the SDK's own error stands
        return item
    return SessionMessage(message)


class DepthTolerantReader:
    """Reads the SDK's stdio stream, handing on too-deep lines as cut messages (see `reparsed`)."""

    def __init__(self, inner: Incoming) -> None:
        self._inner = inner

    @property
    def last_context(self) -> Any:
        """The sender's context of the last item, as the SDK's own stream exposes it."""
        return getattr(self._inner, "last_context", None)

    async def receive(self) -> SessionMessage | Exception:
        return reparsed(await self._inner.receive())

    async def aclose(self) -> None:
        await self._inner.aclose()

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> SessionMessage | Exception:
        return reparsed(await self._inner.__anext__())

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> bool | None:
        await self.aclose()
        return None


async def run_stdio(server: MCPServer[Any]) -> None:
    """Serve `server` over stdin/stdout like `MCPServer.run_stdio_async`, answering too-deep messages."""
    await run_stdio_with(server, DepthTolerantReader)
