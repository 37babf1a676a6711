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
from typing import TYPE_CHECKING, Any

from mcp.types import ToolAnnotations

from pinterest_mcp.operations import all_operations
from pinterest_mcp.registry.toolsets import Access
from pinterest_mcp.server.schema import stored_catalog, tool_schema

if TYPE_CHECKING:
    from pinterest_mcp.registry.records import Operation


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
    output_schema: dict[str, Any]

    def stored(self) -> dict[str, Any]:
        """What the catalog keeps beside the wire form (the toolset is already in `_meta`)."""
        return {"access": self.access.value, "change": self.change}


OBJECT_RESULT: dict[str, Any] = {"type": "object"}
"""The output schema of a tool answering one JSON object with no fixed keys (an entity, a summary)."""

LIST_RESULT: dict[str, Any] = {
    "type": "object",
    "properties": {"items": {"type": "array"}, "count": {"type": "integer"}},
    "required": ["items"],
}
"""A list answer: the items and how many (and the next page's bookmark, Pinterest's value as it came)."""

TABLE_RESULT: dict[str, Any] = {
    "type": "object",
    "properties": {"columns": {"type": "array"}, "rows": {"type": "array"}},
    "required": ["columns", "rows"],
}
"""A metric table (analytics): column labels and one row of cells per entity and date."""

WRITE_RESULT: dict[str, Any] = {
    "type": "object",
    "properties": {"confirmation": {"type": "string"}, "journal_entry": {"type": "string"}},
}
"""A write's answer, a plan (with the confirmation that applies it) or an outcome (with its journal entry)."""


def tool_annotations(op: Operation) -> ToolAnnotations:
    """All four hints, each derived from the declaration rather than left to a client's default, and the
    title again (directories read it from the annotations, clients from the tool; it costs no model tokens).

    Read-only follows the scopes; destructive marks a write that loses data (every delete, and what
    the declaration marks, archiving); idempotent follows the method (`Operation.is_idempotent`);
    open world always: every operation acts on a Pinterest account, outside this server.
    """
    read = op.access is Access.READ
    return ToolAnnotations(
        title=op.title,
        read_only_hint=read,
        destructive_hint=not read and (op.change == "delete" or op.destructive),
        idempotent_hint=op.is_idempotent,
        open_world_hint=True,
    )


def output_schema(op: Operation) -> dict[str, Any]:
    """What `op`'s structured answer holds, by kind: a write's plan or outcome, a list, a table, an object."""
    if op.access is Access.WRITE:
        return WRITE_RESULT
    if op.view is not None and op.view.table:
        return TABLE_RESULT
    return LIST_RESULT if op.lists else OBJECT_RESULT


def body_fields(op: Operation) -> tuple[str, ...] | None:
    """The top-level arguments `op` sends in a request body (where a written null is sent); None: all."""
    if op.intent is not None:
        return None  # an intent's arguments become the base operation's body
    if op.method in ("GET", "DELETE"):
        return ()
    if op.body is not None:
        return (op.body,)
    return tuple(name for name in op.input.model_fields if name not in (*op.path_params, *op.query))


def meta(op: Operation) -> dict[str, Any]:
    return {
        "pinterest/operation_id": op.operation_id,
        "pinterest/scopes": list(op.scopes),
        "pinterest/toolset": op.toolset,
    }


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
        output_schema=output_schema(op),
    )


def tool_entries() -> tuple[ToolEntry, ...]:
    """Every operation's entry, in `tools/list` order: from the stored catalog when there is one.

    The stored catalog's entries are read once per catalog: the connector plans a listing for every
    grant's server, and the entries (frozen, their schemas the catalog's own dicts) are the same for all.
    """
    stored = stored_catalog()
    if stored is None:
        return tuple(entry_of(op) for op in all_operations())
    if _entries_read and _entries_read[0][0] is stored:
        return _entries_read[0][1]
    entries = _stored_entries(stored)
    _entries_read[:] = [(stored, entries)]
    return entries


_entries_read: list[tuple[dict[str, Any], tuple[ToolEntry, ...]]] = []
"""The stored catalog last read and its entries."""


def _stored_entries(stored: dict[str, Any]) -> tuple[ToolEntry, ...]:
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
            output_schema=tools[name]["outputSchema"],
        )
        for name in stored["operations"]
    )
