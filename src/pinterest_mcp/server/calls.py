"""The call half of the server's tools: validation messages, the guard around an answer, results.

`tools.py` holds what listing needs (every start imports it); this module what a call needs, with the
answer views, the Pinterest errors, the write replies and the input models behind them. `ServerTool.run`
imports it on a server's first call, so `initialize` and `tools/list` never load it (lazy, not a cycle:
nothing here imports `tools`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from mcp import MCPError
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.types import CallToolResult, InputRequiredResult, TextContent
from pydantic import BaseModel, ValidationError

from pinterest_mcp.answers.report_handles import POLLED_BY, toward_catalog_report, toward_run_report
from pinterest_mcp.answers.views import dumps
from pinterest_mcp.api.errors import PinterestError
from pinterest_mcp.registry.inputs import OperationInput, WriteInput
from pinterest_mcp.registry.records import Operation
from pinterest_mcp.runtime import Runtime
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
    from pinterest_mcp.api.redaction import SECRET_FIELDS, mask_secret_fields
    from pinterest_mcp.registry.privacy import PERSONAL_FIELDS, withheld
    from pinterest_mcp.registry.privacy import SECRET_FIELDS as LOGIN_FIELDS

    allowed = ", ".join(model.model_fields)
    lines = [f"Invalid arguments for {name}; nothing was sent to Pinterest."]
    for err in exc.errors(include_url=False):
        where = ".".join(str(part) for part in err["loc"]) or "(arguments)"
        if (PERSONAL_FIELDS | SECRET_FIELDS | LOGIN_FIELDS) & {str(part) for part in err["loc"]}:
            err["input"] = "<withheld>"  # people's data and partners' secrets, feed logins are never echoed
        err["input"] = mask_secret_fields(withheld(err.get("input")))
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
    """A tool's answer: compact JSON text for the model, the same data as structured content.

    Structured content is an object (every tool's `outputSchema` says so, and 2025-era clients
    require it): anything else, only ever a Pinterest answer of an unexpected shape, is shown as
    `{"result": ...}` rather than failing the client's validation of the call.
    """
    if not isinstance(data, dict):
        data = {"result": data}
    return text_result(dumps(data), is_error=is_error, structured=data)


def rendered(reply: Reply | InputRequiredResult) -> CallToolResult | InputRequiredResult:
    """A write's reply as a tool result; an elicitation round trip passes through untouched."""
    if isinstance(reply, Reply):
        return answered(reply.data, is_error=reply.is_error)
    return reply


async def answer_operation(
    op: Operation, runtime: Runtime, args: OperationInput, context: Context[Any, Any]
) -> CallToolResult | InputRequiredResult:
    """An operation tool's answer: a write planned or applied through the write flow, a read executed."""
    if isinstance(args, WriteInput):  # every write tool's input (test_mcp_tools checks)
        target = await runtime.writes.target(op, args)
        return rendered(await runtime.writes.handle(target, args.confirmation, args.dry_run, context))
    data = await runtime.execute(op, args)
    if op.name in POLLED_BY:  # a report's status: lead to run_report, which reads what the link holds
        data = toward_run_report(op.name, args.ad_account_id, args.token, data)  # type: ignore[attr-defined]
    elif op.name == "get_catalog_report":
        data = toward_catalog_report(args.token, data)  # type: ignore[attr-defined]
    return answered(data)
