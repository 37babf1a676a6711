"""The server's tools: one `ServerTool` base, and a tool for each operation of the registry.

Every tool answers the same way: one `run` validates the arguments (an invalid call sends nothing
and reads the same for every tool), then answers within the call's budget with Pinterest errors
turned into tool errors. Each `Operation` becomes one `OperationTool`, listed from its catalog
entry; `undo_change` and the composite tools (`run_report`, `run_bulk_download`,
`create_video_pin`) are `DeclaredTool`s, the composite ones listed by a `DeferredTool` until
their first call imports them.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Self

from mcp import MCPError
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.server.mcpserver.tools import Tool
from mcp.types import CallToolResult, InputRequiredResult, TextContent, ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field, InstanceOf, ValidationError

from pinterest_mcp.answers.views import dumps
from pinterest_mcp.api.errors import PinterestError
from pinterest_mcp.operations import by_name
from pinterest_mcp.registry.inputs import OperationInput, WriteInput
from pinterest_mcp.registry.records import Operation
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.catalog import ToolEntry
from pinterest_mcp.server.schema import published_schema, stored_catalog, with_default_account
from pinterest_mcp.server.sdk import tool_fields
from pinterest_mcp.writes.reply import Reply, WriteRefused

if TYPE_CHECKING:
    from mcp.server.mcpserver import Context


ECHO_LIMIT = 200
"""How much of a refused value an error repeats: enough to recognise it, never a 70 kB wall."""


def _shortened(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= ECHO_LIMIT else f"{text[:ECHO_LIMIT]}… ({len(text):,} characters)"


def describe_validation_error(name: str, model: type[BaseModel], exc: ValidationError) -> str:
    """A message naming each bad field and what is allowed, for the model to correct and retry.

    Every tool's refusal reads the same, operation tools and server tools (`run_report`...) alike.
    """
    from pinterest_mcp.registry.privacy import RECORD_FIELDS, withheld

    allowed = ", ".join(model.model_fields)
    lines = [f"Invalid arguments for {name}; nothing was sent to Pinterest."]
    for err in exc.errors(include_url=False):
        where = ".".join(str(part) for part in err["loc"]) or "(arguments)"
        if RECORD_FIELDS & {str(part) for part in err["loc"]}:
            err["input"] = "<records withheld>"  # customer list records are never echoed
        err["input"] = withheld(err.get("input"))
        if err["type"] == "extra_forbidden":
            lines.append(f"- {where}: unknown argument; allowed: {allowed}")
        elif err["type"] == "missing":
            lines.append(f"- {where}: required")
        else:
            lines.append(f"- {where}: {err['msg']} (got {_shortened(err.get('input'))})")
    return "\n".join(lines)


def text_result(text: str, *, is_error: bool = False, structured: Any = None) -> CallToolResult:
    return CallToolResult(
        content=[TextContent(type="text", text=text)], structured_content=structured, is_error=is_error
    )


async def guarded(
    name: str, answer: Callable[[], Awaitable[CallToolResult | InputRequiredResult]]
) -> CallToolResult | InputRequiredResult:
    """Run a tool body within the call's time budget (`client.CALL_BUDGET`): Pinterest errors and
    refusals become tool errors the model can act on.

    A crash's text may hold anything, so only a generic message leaves the server.
    """
    from pinterest_mcp.api.client import call_budget  # the HTTP stack loads on the first call, not on tools/list

    try:
        with call_budget():
            return await answer()
    except PinterestError as exc:
        return text_result(exc.for_model(), is_error=True)
    except (WriteRefused, ToolError) as exc:  # ToolError: e.g. a failed report, a wrong elicitation answer
        return text_result(str(exc), is_error=True)
    except MCPError:
        raise  # a protocol error stays one
    except Exception as exc:
        raise UnexpectedToolError(f"Error executing tool {name}") from exc


def answered(data: Any, *, is_error: bool = False) -> CallToolResult:
    """A tool's answer: compact JSON text for the model, the same data as structured content."""
    return text_result(dumps(data), is_error=is_error, structured=data)


def rendered(reply: Reply | InputRequiredResult) -> CallToolResult | InputRequiredResult:
    """A write's reply as a tool result; an elicitation round trip passes through untouched."""
    if isinstance(reply, Reply):
        return answered(reply.data, is_error=reply.is_error)
    return reply


def stored_listing(name: str) -> dict[str, Any] | None:
    """Tool `name` as the stored catalog lists it (its `tools/list` wire form), or None."""
    catalog = stored_catalog()
    listing: dict[str, Any] | None = catalog["tools"].get(name) if catalog is not None else None
    return listing


class ServerTool(Tool):
    """A tool that answers every call the same way: validate the arguments, then `answer` them, guarded.

    Its listing (title, description, schema, annotations, `_meta`) is handed in as `tools/list`
    shows it (`listed`), mostly from the stored catalog, so listing imports no input model; the
    SDK's own constructor fields come from `sdk.tool_fields`. A subclass names its input model and
    implements `answer`. An invalid call is refused with `describe_validation_error`, the message
    every tool uses, before anything is sent; the answer runs within the call's budget, its
    Pinterest errors and refusals turned into tool errors (`guarded`).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    runtime: InstanceOf[Runtime]

    @classmethod
    def listed(cls, runtime: Runtime, name: str, listing: Mapping[str, Any], **fields: Any) -> Self:
        """A tool listed as `listing` (the wire form) says, with the server's default ad account applied."""
        return cls(
            **tool_fields(),
            name=name,
            title=listing.get("title"),
            description=listing["description"],
            parameters=with_default_account(dict(listing["inputSchema"]), runtime.settings.ad_account),
            annotations=ToolAnnotations.model_validate(listing["annotations"]),
            meta=listing.get("_meta"),
            runtime=runtime,
            **fields,
        )

    @abstractmethod
    def input_model(self) -> type[BaseModel]:
        """The model a call's arguments must fit (imported on the first call, not at listing)."""

    def parse(self, arguments: dict[str, Any]) -> Any:
        """The call's arguments validated, the default ad account filled in where the model requires one."""
        model = self.input_model()
        return model.model_validate(self.runtime.with_default_account(model, arguments))

    @abstractmethod
    async def answer(self, args: Any, context: Context[Any, Any]) -> CallToolResult | InputRequiredResult:
        """The answer to a valid call; raising `PinterestError`, `WriteRefused` or `ToolError` is a tool error."""

    async def run(
        self, arguments: dict[str, Any], context: Context[Any, Any], convert_result: bool = False
    ) -> CallToolResult | InputRequiredResult:
        try:
            args = self.parse(arguments)
        except ValidationError as exc:
            return text_result(describe_validation_error(self.name, self.input_model(), exc), is_error=True)
        return await guarded(self.name, lambda: self.answer(args, context))


class OperationTool(ServerTool):
    """A tool whose listing comes from a catalog entry and whose behaviour from an `Operation`.

    The operation (and with it the input model's module) is looked up on the first call, so listing
    tools imports no model.
    """

    @classmethod
    def build(cls, entry: ToolEntry, runtime: Runtime) -> Self:
        listing = {
            "title": entry.title,
            "description": entry.description,
            "inputSchema": entry.input_schema,
            "annotations": entry.annotations,
            "_meta": entry.meta,
        }
        return cls.listed(runtime, entry.name, listing)

    @property
    def operation(self) -> Operation:
        return by_name()[self.name]

    def input_model(self) -> type[OperationInput]:
        return self.operation.input

    async def answer(self, args: OperationInput, context: Context[Any, Any]) -> CallToolResult | InputRequiredResult:
        op, runtime = self.operation, self.runtime
        if isinstance(args, WriteInput):  # every write tool's input (test_mcp_tools checks)
            target = await runtime.writes.target(op, args)
            return rendered(await runtime.writes.handle(target, args.confirmation, args.dry_run, context))
        return answered(await runtime.execute(op, args))


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

    def listing(self, model: type[BaseModel]) -> dict[str, Any]:
        annotations = ToolAnnotations(
            read_only_hint=self.read_only, destructive_hint=False, idempotent_hint=False, open_world_hint=True
        )
        meta = {"pinterest/toolset": self.toolset, "pinterest/scopes": list(self.scopes)} if self.toolset else None
        return {
            "title": self.title,
            "description": self.description,
            "inputSchema": published_schema(model, self.body),
            "annotations": annotations,
            "_meta": meta,
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
        description="Plan the reverse of an applied update from the write journal (e.g. a budget change).",
        read_only=False,
    )

    @classmethod
    def input_model(cls) -> type[UndoInput]:
        return UndoInput

    async def answer(self, args: UndoInput, context: Context[Any, Any]) -> CallToolResult | InputRequiredResult:
        runtime = self.runtime
        target = runtime.writes.undo_target(args.entry)
        runtime.check_ad_account(target.args)
        return rendered(await runtime.writes.handle(target, args.confirmation, args.dry_run, context))


class DeferredTool(ServerTool):
    """A server tool of its own module (run_report, create_video_pin...), listed from the stored catalog.

    Those modules hold waiting, downloading and upload logic that a session may never use; importing
    them at start cost about 30 ms of every cold start. The listing (name, description, schema,
    annotations, `_meta`) is the stored one, and the real tool (`target`, "module:Class" with a
    `build(runtime)`) is imported and built on the first call, then kept: its input model and its
    answer are this tool's. With the stored catalog switched off (`manifest` regenerating it) the
    real tool is built at once.
    """

    target: str
    real: ServerTool | None = None

    @classmethod
    def build(cls, name: str, target: str, runtime: Runtime) -> ServerTool:
        listing = stored_listing(name)
        if listing is None:
            return cls._load(target, runtime)
        return cls.listed(runtime, name, listing, target=target)

    @staticmethod
    def _load(target: str, runtime: Runtime) -> ServerTool:
        from importlib import import_module

        module, _, name = target.partition(":")
        built: ServerTool = getattr(import_module(module), name).build(runtime)
        return built

    def loaded(self) -> ServerTool:
        if self.real is None:
            self.real = self._load(self.target, self.runtime)
        return self.real

    def input_model(self) -> type[BaseModel]:
        return self.loaded().input_model()

    def parse(self, arguments: dict[str, Any]) -> Any:
        return self.loaded().parse(arguments)

    async def answer(self, args: Any, context: Context[Any, Any]) -> CallToolResult | InputRequiredResult:
        return await self.loaded().answer(args, context)
