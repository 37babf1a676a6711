"""The server's tools as listed: one `ServerTool` base, a tool for each operation, and deferred tools.

Every tool answers the same way: one `run` validates the arguments (an invalid call sends nothing
and reads the same for every tool), then answers within the call's budget with Pinterest errors
turned into tool errors. Each `Operation` becomes one `OperationTool`, listed from its catalog
entry; `undo_change` and the composite tools (`run_report`, `run_bulk_download`,
`create_video_pin`) are `DeclaredTool`s (`declared.py`), listed by a `DeferredTool` until their
first call imports them. What a call needs (validation messages, the guard, results, the write
flow) is in `calls.py`, imported by the first call: listing imports neither it nor any input model.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Self

from mcp.server.mcpserver.tools import Tool
from mcp.types import CallToolResult, InputRequiredResult, ToolAnnotations
from pydantic import BaseModel, ConfigDict, InstanceOf, ValidationError

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.operations import by_name
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.catalog import ToolEntry
from pinterest_mcp.server.schema import stored_catalog, with_default_account
from pinterest_mcp.server.sdk import tool_fields

if TYPE_CHECKING:
    from mcp.server.mcpserver import Context

    from pinterest_mcp.registry.inputs import OperationInput
    from pinterest_mcp.registry.records import Operation


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
            **tool_fields(listing.get("outputSchema")),
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
        from pinterest_mcp.server.calls import describe_validation_error, guarded, text_result  # the call half

        try:
            args = self.parse(arguments)
        except ValidationError as exc:
            return text_result(describe_validation_error(self.name, self.input_model(), exc), is_error=True)
        return await guarded(self.name, lambda: self.answer(args, context))


class OperationTool(ServerTool):
    """A tool whose listing comes from a catalog entry and whose behaviour from an `Operation`.

    The operation (and with it the input model's module) is looked up on the first call, so listing
    tools imports no model. A `guard` (`reset_sandbox` only where the server talks to the sandbox)
    refuses a call with its reason before the arguments are even read.
    """

    guard: Callable[[Settings], str | None] | None = None

    @classmethod
    def build(cls, entry: ToolEntry, runtime: Runtime, guard: Callable[[Settings], str | None] | None = None) -> Self:
        listing = {
            "title": entry.title,
            "description": entry.description,
            "inputSchema": entry.input_schema,
            "annotations": entry.annotations,
            "_meta": entry.meta,
            "outputSchema": entry.output_schema,
        }
        return cls.listed(runtime, entry.name, listing, guard=guard)

    @property
    def operation(self) -> Operation:
        return by_name()[self.name]

    def input_model(self) -> type[OperationInput]:
        return self.operation.input

    async def run(
        self, arguments: dict[str, Any], context: Context[Any, Any], convert_result: bool = False
    ) -> CallToolResult | InputRequiredResult:
        refusal = self.guard(self.runtime.settings) if self.guard is not None else None
        if refusal is not None:
            from pinterest_mcp.server.calls import text_result  # the call half, loaded by the first call

            return text_result(refusal, is_error=True)
        return await super().run(arguments, context, convert_result)

    async def answer(self, args: OperationInput, context: Context[Any, Any]) -> CallToolResult | InputRequiredResult:
        from pinterest_mcp.server.calls import answer_operation  # the call half, loaded by the first call

        return await answer_operation(self.operation, self.runtime, args, context)


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


class MadeOnCallTool(Tool):
    """A tool the SDK makes from a function (`Tool.from_function`), made on its first call.

    `from_function` builds a pydantic argument model and its JSON schema from the signature, a
    millisecond or so of every start for each of `list_toolsets`, `enable_toolset` and
    `check_connection`, whose listing the stored catalog already has. That listing stands in until
    a call makes the real tool (`make`) and runs it, so arguments are validated and answered by the
    SDK as before. With the stored catalog switched off (`manifest` making it) the tool is made at once.
    """

    make: Callable[[], Tool]
    made: Tool | None = None

    @classmethod
    def build(cls, name: str, make: Callable[[], Tool]) -> Tool:
        listing = stored_listing(name)
        if listing is None:
            return make()
        return cls(
            **tool_fields(listing.get("outputSchema")),
            name=name,
            title=listing.get("title"),
            description=listing["description"],
            parameters=dict(listing["inputSchema"]),
            annotations=ToolAnnotations.model_validate(listing["annotations"]),
            meta=listing.get("_meta"),
            make=make,
        )

    async def run(self, arguments: dict[str, Any], context: Context[Any, Any], convert_result: bool = False) -> Any:
        if self.made is None:
            self.made = self.make()
        return await self.made.run(arguments, context, convert_result)
