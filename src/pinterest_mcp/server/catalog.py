"""The tool catalog: what `tools/list` shows of every operation, without importing a single model.

Defining the ~70 pydantic input models of `operations/` is most of what this project adds to a cold
start, yet `tools/list` needs none of them: only each tool's name, title, description, published
schema, annotations, `_meta`, and for selection its toolset, access and change. `manifest --write`
stores exactly that in `tool_schemas.json` beside the code (checked by `manifest --check` and the
tests); a server lists tools from it and imports an operation's module on the tool's first call.
With the stored copy switched off (`schema.live_schemas`, how `manifest` builds it), the same
entries are made from the operations themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pinterest_mcp.operations import all_operations
from pinterest_mcp.registry.records import Access, Operation
from pinterest_mcp.server.schema import stored_catalog, tool_schema
from pinterest_mcp.server.tools import body_fields, meta, tool_annotations


@dataclass(frozen=True)
class ToolEntry:
    """One operation's tool as served, plus what toolset selection reads."""

    name: str
    toolset: str
    access: Access
    change: str | None
    title: str
    description: str
    input_schema: dict[str, Any]
    annotations: dict[str, Any]
    meta: dict[str, Any]

    def stored(self) -> dict[str, Any]:
        """What the catalog keeps beside the wire form (the toolset is already in `_meta`)."""
        return {"access": self.access.value, "change": self.change}


def entry_of(op: Operation) -> ToolEntry:
    return ToolEntry(
        name=op.name,
        toolset=op.toolset,
        access=op.access,
        change=op.change,
        title=op.title,
        description=op.description,
        input_schema=tool_schema(op.name, op.input, body_fields(op)),
        annotations=tool_annotations(op).model_dump(by_alias=True, exclude_none=True, mode="json"),
        meta=meta(op),
    )


def tool_entries() -> tuple[ToolEntry, ...]:
    """Every operation's entry, in `tools/list` order: from the stored catalog when there is one."""
    stored = stored_catalog()
    if stored is None:
        return tuple(entry_of(op) for op in all_operations())
    tools = stored["tools"]
    return tuple(
        ToolEntry(
            name=name,
            toolset=tools[name]["_meta"]["pinterest/toolset"],
            access=Access(tools[name]["access"]),
            change=tools[name]["change"],
            title=tools[name]["title"],
            description=tools[name]["description"],
            input_schema=tools[name]["inputSchema"],
            annotations=tools[name]["annotations"],
            meta=tools[name]["_meta"],
        )
        for name in stored["operations"]
    )
