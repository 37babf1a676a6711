"""Server tools of the server's own, not operations: `undo_change` here, the composite tools in `composite/`.

Each is a `DeclaredTool`: a `Declaration` (how it is listed where the stored catalog does not list it),
an input model and an `answer`. The stored catalog lists them, so a server lists each through a
`DeferredTool` and imports this module (and the tool's own) on the tool's first call.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Self

from mcp.types import CallToolResult, InputRequiredResult, ToolAnnotations
from pydantic import BaseModel, Field

from pinterest_mcp.registry.inputs import WriteInput
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.calls import rendered
from pinterest_mcp.server.catalog import OBJECT_RESULT, WRITE_RESULT
from pinterest_mcp.server.schema import published_schema
from pinterest_mcp.server.tools import ServerTool, stored_listing

if TYPE_CHECKING:
    from mcp.server.mcpserver import Context


@dataclass(frozen=True)
class Declaration:
    """How a server tool of its own is listed where the stored catalog does not list it (`manifest` making it)."""

    name: str
    title: str
    description: str
    read_only: bool
    toolset: str | None = None
    scopes: tuple[str, ...] = ()
    body: tuple[str, ...] | None = None
    """The arguments where a written null is offered (`published_schema`'s `body`); None: all."""
    destructive: bool = False
    """Whether it may delete: only `undo_change`, whose undo of a launch deletes the boards and Pins it made."""

    def listing(self, model: type[BaseModel]) -> dict[str, Any]:
        """The wire form. Hints: destructive as declared; a repeated call starts another report, download,
        upload or undo plan, so none is idempotent; each works on a Pinterest account."""
        annotations = ToolAnnotations(
            title=self.title,
            read_only_hint=self.read_only,
            destructive_hint=self.destructive,
            idempotent_hint=False,
            open_world_hint=True,
        )
        meta = {"pinterest/toolset": self.toolset, "pinterest/scopes": list(self.scopes)} if self.toolset else None
        return {
            "title": self.title,
            "description": self.description,
            "inputSchema": published_schema(model, self.body),
            "annotations": annotations,
            "_meta": meta,
            "outputSchema": OBJECT_RESULT if self.read_only else WRITE_RESULT,
        }


class DeclaredTool(ServerTool):
    """A server tool of its own (`undo_change`, `run_report`...): a `Declaration`, an input model, an `answer`."""

    declaration: ClassVar[Declaration]

    @classmethod
    @abstractmethod
    def input_model(cls) -> type[BaseModel]:
        """The input model, imported when the tool is built (on its first call where the catalog lists it)."""

    @classmethod
    def build(cls, runtime: Runtime) -> Self:
        """The tool as the stored catalog lists it, else as declared (the catalog is checked against that)."""
        name = cls.declaration.name
        return cls.listed(runtime, name, stored_listing(name) or cls.declaration.listing(cls.input_model()))


class UndoInput(WriteInput):
    entry: str = Field(min_length=1, description="journal_entry of an applied update")


class UndoTool(DeclaredTool):
    """`undo_change`: a journaled update's reverse, planned and confirmed like any write."""

    declaration = Declaration(
        name="undo_change",
        title="Undo a change",
        description="Plan the reverse of an applied update or launch from the write journal (e.g. a budget change).",
        read_only=False,
        destructive=True,
    )

    @classmethod
    def input_model(cls) -> type[UndoInput]:
        return UndoInput

    async def answer(self, args: UndoInput, context: Context[Any, Any]) -> CallToolResult | InputRequiredResult:
        from pinterest_mcp.writes.launch import undo_launch  # a launch's undo: its items, newest first

        runtime = self.runtime
        launched = await undo_launch(runtime.writes, args.entry, args.confirmation, args.dry_run)
        if launched is not None:
            return rendered(launched)
        target = await runtime.writes.undo_target(args.entry)
        runtime.check_ad_account(target.args)
        return rendered(await runtime.writes.handle(target, args.confirmation, args.dry_run, context))
