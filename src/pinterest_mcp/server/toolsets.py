"""Dynamic toolsets: a small default in `tools/list`, the rest enabled on demand by the model.

Every tool listed costs every user context on every turn, so the server starts with the default
toolsets and two tools of its own: `list_toolsets` (what each toolset is for, its tools and their
token cost) and `enable_toolset`, which adds toolsets' tools (several in one call) and drops those no
longer needed (`drop`: one argument costs fewer tokens than a tool of its own), and tells the client that the list
changed (`notifications/tools/list_changed`: a `subscriptions/listen` event on 2026-07-28, a
session notification on earlier protocol versions). All tools are built at start-up; the
enabled set decides what is listed and callable. It is one set for the whole server, so every
connection sees the same `tools/list` (as the 2026-07-28 protocol requires). `--toolsets`
fixes the set instead, for clients that ignore `list_changed`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.tools import Tool
from mcp.types import CallToolResult, InputRequiredResult, TextContent, ToolAnnotations
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

from pinterest_mcp.registry.toolsets import TOOLSET_NAMES, TOOLSETS
from pinterest_mcp.server.schema import stored_tokens
from pinterest_mcp.server.sdk import announce_list_changed, publish_output_schema
from pinterest_mcp.server.tools import MadeOnCallTool

log = logging.getLogger(__name__)

NO_ARGUMENTS: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}
"""The published schema of a tool that takes nothing (the SDK's own carries a pydantic title)."""

DISCOVERY_TOOLS = ("list_toolsets", "enable_toolset")
"""The dynamic-toolset tools (`toolset_tools`), in their listing order: first, and always enabled."""

SERVER_TOOLSET = "server"
"""The toolset of the server's own tools (toolset discovery, undo): always enabled."""


class Toolsets:
    """Which toolset each built tool belongs to, and which toolsets are enabled: one set per server.

    `primary` is the toolset a tool is listed under; `needs` the toolsets any one of which, once
    enabled, lists it (a tool named with `--tools` has a toolset of its own, `tool:NAME`, enabled
    from the start; `undo_change` needs any toolset with an update in it).
    """

    def __init__(self, primary: dict[str, str], needs: dict[str, frozenset[str]], enabled: Iterable[str]) -> None:
        self.primary = primary
        self.needs = needs
        self.enabled: set[str] = {SERVER_TOOLSET, *enabled}

    def is_enabled(self, name: str) -> bool:
        return bool(self.needs.get(name, frozenset({SERVER_TOOLSET})) & self.enabled)

    def tools_of(self, toolset: str) -> list[str]:
        return [name for name, owner in self.primary.items() if owner == toolset]


class ToolsetServer(MCPServer[Any]):
    """An `MCPServer` that lists and runs only the tools of the enabled toolsets.

    A call to a built but disabled tool is refused with the toolset to enable, so a model that
    guessed a name learns the way in.
    """

    def __init__(self, *args: Any, toolsets: Toolsets, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.toolsets = toolsets
        announce_list_changed(self)

    async def run_stdio_async(self) -> None:
        """Stdio that still answers a message nested deeper than the SDK's JSON parser reads."""
        from pinterest_mcp.server.transports.stdio import run_stdio

        await run_stdio(self)

    async def list_tools(self) -> list[Any]:
        return [tool for tool in await super().list_tools() if self.toolsets.is_enabled(tool.name)]

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        toolsets = self.toolsets
        if name in toolsets.primary and not toolsets.is_enabled(name):
            toolset = toolsets.primary[name]
            raise ToolError(
                f"{name} is in the {toolset} toolset, which is not enabled: call "
                f"enable_toolset(toolsets=[{toolset!r}]) first."
            )
        return await super().call_tool(name, arguments, context)


def _tokens(names: Sequence[str]) -> int:
    return sum(stored_tokens(name) or 0 for name in names)


def toolset_rows(toolsets: Toolsets) -> list[dict[str, Any]]:
    """Each toolset this server can offer: purpose, tools, token cost and whether it is enabled."""
    rows = []
    for toolset in TOOLSETS:
        names = toolsets.tools_of(toolset.name)
        if names:
            rows.append(
                {
                    "toolset": toolset.name,
                    "for": toolset.description,
                    "enabled": toolset.name in toolsets.enabled,
                    "count": len(names),
                    "tokens": _tokens(names),
                    "tools": names,
                }
            )
    return rows


def enable_description() -> str:
    """Short, as every user pays for it on every turn: the enum names the toolsets, `list_toolsets`
    says what each holds, and only the names that could mislead get a hint (`Toolset.hint`)."""
    hints = "; ".join(f"{t.name}: {t.hint}" for t in TOOLSETS if t.hint)
    return f"Add toolsets' tools to tools/list; drop removes them. {hints}."


ENABLE_RESULT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "toolsets": {"type": "array", "items": {"type": "string"}},
        "enabled": {"type": "array", "items": {"type": "string"}},
        "dropped": {"type": "array", "items": {"type": "string"}},
        "tokens": {"type": "integer"},
    },
    "required": ["toolsets", "enabled", "dropped", "tokens"],
}
"""`enable_toolset`'s answer: the toolsets now enabled, the tools added and removed, and what that
changed in the model-visible tokens of `tools/list` (negative when more was dropped than added)."""

LIST_RESULT: dict[str, Any] = {
    "type": "object",
    "properties": {"toolsets": {"type": "array", "items": {"type": "object"}}},
    "required": ["toolsets"],
}
"""`list_toolsets`' answer: one row per toolset (`toolset_rows`)."""


def _compact(data: dict[str, Any]) -> CallToolResult:
    """`data` as compact JSON text and as structured content."""
    from pinterest_mcp.answers.views import dumps  # the answer views load with a call, not at start

    return CallToolResult(content=[TextContent(type="text", text=dumps(data))], structured_content=data)


def toolset_tools(toolsets: Toolsets) -> list[Tool]:
    """`list_toolsets` and `enable_toolset`, acting on `toolsets`: listed as stored, made by a first call."""
    made: list[Tool] = []

    def make(index: int) -> Tool:
        if not made:
            made.extend(_made_toolset_tools(toolsets))
        return made[index]

    return [MadeOnCallTool.build(name, partial(make, index)) for index, name in enumerate(DISCOVERY_TOOLS)]


def _checked(names: Sequence[str], what: str) -> list[str]:
    """`names` without repeats, each a toolset; refused naming the ones that are not."""
    unknown = [name for name in names if name not in TOOLSET_NAMES]
    if unknown:
        raise ToolError(
            f"{what}: unknown toolset(s) {', '.join(map(repr, unknown))}; choose from: {', '.join(TOOLSET_NAMES)}"
        )
    return list(dict.fromkeys(names))


def change_toolsets(toolsets: Toolsets, add: Sequence[str], drop: Sequence[str]) -> dict[str, Any]:
    """Enable `add` and disable `drop` in one step, or refuse the whole request and change nothing.

    A toolset this server offers no tool of (read-only, writes off) cannot be added. The answer names
    the tools that entered and left `tools/list`, with their token cost, so the model can tell what
    it gained and what it freed; a tool that another enabled toolset still lists (`undo_change`) stays.
    """
    add, drop = _checked(add, "toolsets"), _checked(drop, "drop")
    if not add and not drop:
        raise ToolError("name toolsets to add (toolsets=[...]) or to remove (drop=[...])")
    both = sorted(set(add) & set(drop))
    if both:
        raise ToolError(f"{', '.join(both)} both added and dropped: name each toolset in one list only")
    empty = [name for name in add if not toolsets.tools_of(name)]
    if empty:
        raise ToolError(f"toolsets: {', '.join(empty)} has no tools this server may offer (read-only or writes off?)")
    names = list(toolsets.needs)
    before = {name for name in names if toolsets.is_enabled(name)}
    toolsets.enabled.update(add)
    toolsets.enabled.difference_update(drop)
    after = [name for name in names if toolsets.is_enabled(name)]
    enabled = [name for name in after if name not in before]
    dropped = [name for name in names if name in before and name not in after]
    data: dict[str, Any] = {
        "toolsets": [name for name in TOOLSET_NAMES if name in toolsets.enabled],
        "enabled": enabled,
        "dropped": dropped,
        "tokens": _tokens(enabled) - _tokens(dropped),
    }
    if not enabled and not dropped:
        data["next"] = "Nothing changed: those toolsets were already as asked."
    elif enabled:
        data["next"] = "The enabled tools are in tools/list now; call them directly."
    return data


def _made_toolset_tools(state: Toolsets) -> list[Tool]:
    """The two tools of `toolset_tools` as the SDK makes them from their functions."""

    async def list_toolsets() -> CallToolResult:
        data = {"toolsets": toolset_rows(state), "next": "enable_toolset(toolsets=[...]) adds toolsets' tools"}
        return _compact(data)

    async def enable_toolset(
        ctx: Context[Any, Any],
        toolsets: list[str] | None = None,
        drop: list[str] | None = None,
        toolset: str | None = None,
    ) -> CallToolResult:
        # `toolset` (one name) is what callers written before `toolsets` send; it is not published.
        data = change_toolsets(state, [*(toolsets or ()), *([toolset] if toolset else ())], drop or ())
        if data["enabled"] or data["dropped"]:
            await _announce(ctx)
        return _compact(data)

    # Both change nothing at Pinterest and nothing a user owns: enabling or dropping changes only what
    # this server lists (read-only, so no client asks the user before each one), and asking twice for
    # the same set changes nothing more (idempotent). The world they touch is this server (closed).
    def discovery(title: str) -> ToolAnnotations:
        return ToolAnnotations(
            title=title, read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
        )

    listing = Tool.from_function(
        list_toolsets,
        title="List toolsets",
        description="Toolsets this server offers: what each is for, its tools, their token cost, enabled or not.",
        annotations=discovery("List toolsets"),
        structured_output=False,
    )
    enabling = Tool.from_function(
        enable_toolset,
        title="Enable or drop toolsets",
        description=enable_description(),
        annotations=discovery("Enable or drop toolsets"),
        structured_output=False,
    )
    listing.parameters = dict(NO_ARGUMENTS)
    # The published arguments enumerate the toolset names to add, so the model cannot guess one wrong;
    # `drop` names toolsets it has already seen, checked by the server (no second enum to pay for).
    enabling.parameters = {
        "type": "object",
        "properties": {
            "toolsets": {"type": "array", "items": {"enum": list(TOOLSET_NAMES)}},
            "drop": {"type": "array", "items": {"type": "string"}},
        },
        "additionalProperties": False,
    }
    return [publish_output_schema(listing, LIST_RESULT), publish_output_schema(enabling, ENABLE_RESULT)]


async def _announce(ctx: Context[Any, Any]) -> None:
    """Tell the client the tool list changed, on whichever channel its protocol version has."""
    await ctx.notify_tools_changed()  # subscriptions/listen streams (2026-07-28)
    if ctx.request_context.protocol_version not in MODERN_PROTOCOL_VERSIONS:
        try:
            await ctx.request_context.session.send_tool_list_changed()
        except Exception:  # a session without a back channel: the listen event above still went out
            log.debug("could not send notifications/tools/list_changed on this session", exc_info=True)
