"""MCP tools derived from the operation registry.

Each `Operation` becomes one `OperationTool`: its compact input schema, annotations and `_meta`
come from the record, and one generic `run` validates the arguments with the operation's input
model (so an invalid call sends nothing), calls Pinterest and renders a compact result.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from mcp import MCPError
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.server.mcpserver.tools import Tool
from mcp.server.mcpserver.utilities.func_metadata import ArgModelBase, FuncMetadata
from mcp.types import CallToolResult, InputRequiredResult, TextContent, ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field, InstanceOf, ValidationError

from pinterest_mcp.answers.views import dumps
from pinterest_mcp.api.errors import PinterestError
from pinterest_mcp.operations import by_name
from pinterest_mcp.registry.inputs import WriteInput
from pinterest_mcp.registry.records import Operation
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.catalog import ToolEntry
from pinterest_mcp.server.schema import tool_schema, with_default_account
from pinterest_mcp.writes.flow import Reply, WriteRefused

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
    except (WriteRefused, ToolError) as exc:  # ToolError: e.g. an elicitation answer of the wrong shape
        return text_result(str(exc), is_error=True)
    except MCPError:
        raise  # a protocol error stays one
    except Exception as exc:
        raise UnexpectedToolError(f"Error executing tool {name}") from exc


def rendered(reply: Reply | InputRequiredResult) -> CallToolResult | InputRequiredResult:
    """A write's reply as a tool result; an elicitation round trip passes through untouched."""
    if isinstance(reply, Reply):
        return text_result(dumps(reply.data), is_error=reply.is_error, structured=reply.data)
    return reply


class OperationTool(Tool):
    """A `Tool` whose listing comes from a catalog entry and whose behaviour from an `Operation`.

    The operation (and with it the input model's module) is looked up on the first call, so listing
    tools imports no model.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    runtime: InstanceOf[Runtime]

    @classmethod
    def build(cls, entry: ToolEntry, runtime: Runtime) -> OperationTool:
        return cls(
            fn=runtime.execute,
            name=entry.name,
            title=entry.title,
            description=entry.description,
            parameters=with_default_account(entry.input_schema, runtime.settings.ad_account),
            fn_metadata=FuncMetadata(arg_model=ArgModelBase),
            is_async=True,
            context_kwarg=None,
            annotations=ToolAnnotations.model_validate(entry.annotations),
            meta=entry.meta,
            runtime=runtime,
        )

    @property
    def operation(self) -> Operation:
        return by_name()[self.name]

    async def run(
        self, arguments: dict[str, Any], context: Context[Any, Any], convert_result: bool = False
    ) -> CallToolResult | InputRequiredResult:
        op = self.operation
        runtime = self.runtime
        try:
            args = op.input.model_validate(runtime.with_default_account(op, arguments))
        except ValidationError as exc:
            return text_result(describe_validation_error(op.name, op.input, exc), is_error=True)

        async def answer() -> CallToolResult | InputRequiredResult:
            if isinstance(args, WriteInput):  # every write tool's input (test_mcp_tools checks)
                target = await runtime.writes.target(op, args)
                return rendered(await runtime.writes.handle(target, args.confirmation, args.dry_run, context))
            data = await runtime.execute(op, args)
            return text_result(dumps(data), structured=data)

        return await guarded(self.name, answer)


class UndoInput(WriteInput):
    entry: str = Field(min_length=1, description="journal_entry of an applied update")


UNDO_DESCRIPTION = "Plan the reverse of an applied update from the write journal (e.g. a budget change)."


class UndoTool(Tool):
    """`undo_change`: a journaled update's reverse, planned and confirmed like any write."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    runtime: InstanceOf[Runtime]

    @classmethod
    def build(cls, runtime: Runtime) -> UndoTool:
        return cls(
            fn=runtime.execute,
            name="undo_change",
            title="Undo a change",
            description=UNDO_DESCRIPTION,
            parameters=tool_schema("undo_change", UndoInput),
            fn_metadata=FuncMetadata(arg_model=ArgModelBase),
            is_async=True,
            context_kwarg=None,
            annotations=ToolAnnotations(
                read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=True
            ),
            runtime=runtime,
        )

    async def run(
        self, arguments: dict[str, Any], context: Context[Any, Any], convert_result: bool = False
    ) -> CallToolResult | InputRequiredResult:
        try:
            args = UndoInput.model_validate(arguments)
        except ValidationError as exc:
            return text_result(str(exc), is_error=True)
        runtime = self.runtime

        async def answer() -> CallToolResult | InputRequiredResult:
            target = runtime.writes.undo_target(args.entry)
            runtime.check_ad_account(target.args)
            return rendered(await runtime.writes.handle(target, args.confirmation, args.dry_run, context))

        return await guarded(self.name, answer)


class DeferredTool(Tool):
    """A server tool of its own module (run_report, create_video_pin...), listed from the stored catalog.

    Those modules hold waiting, downloading and upload logic that a session may never use; importing
    them at start cost about 30 ms of every cold start. The listing (name, description, schema,
    annotations, `_meta`) is the stored one, and the real tool (`target`, "module:Class" with a
    `build(runtime)`) is imported and built on the first call, then kept. With the stored catalog
    switched off (`manifest` regenerating it) the real tool is built at once.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    runtime: InstanceOf[Runtime]
    target: str
    real: Tool | None = None

    @classmethod
    def build(cls, name: str, target: str, runtime: Runtime) -> Tool:
        from pinterest_mcp.server.schema import stored_catalog

        catalog = stored_catalog()
        listed = catalog["tools"].get(name) if catalog is not None else None
        if listed is None:
            return cls._load(target, runtime)
        return cls(
            fn=runtime.execute,
            name=name,
            title=listed.get("title"),
            description=listed["description"],
            parameters=with_default_account(dict(listed["inputSchema"]), runtime.settings.ad_account),
            fn_metadata=FuncMetadata(arg_model=ArgModelBase),
            is_async=True,
            context_kwarg=None,
            annotations=ToolAnnotations.model_validate(listed["annotations"]),
            meta=listed.get("_meta"),
            runtime=runtime,
            target=target,
        )

    @staticmethod
    def _load(target: str, runtime: Runtime) -> Tool:
        from importlib import import_module

        module, _, name = target.partition(":")
        built: Tool = getattr(import_module(module), name).build(runtime)
        return built

    async def run(
        self, arguments: dict[str, Any], context: Context[Any, Any], convert_result: bool = False
    ) -> CallToolResult | InputRequiredResult:
        if self.real is None:
            self.real = self._load(self.target, self.runtime)
        result: CallToolResult | InputRequiredResult = await self.real.run(arguments, context, convert_result)
        return result
