"""Plan → confirm → apply, the one path every write tool takes.

Without a confirmation a write call returns a plan and sends only reads. It applies when the call
carries the plan's confirmation token (same tool, same request, same state), or when the user
accepts an elicitation showing the plan (clients that can ask), or when the server runs with
`--writes auto`. Everything else fails closed and says how to plan again. Applied writes are
journaled before the request is sent and after the answer, read back, and reported item by item,
because Pinterest's bulk writes can partly fail with HTTP 200.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from mcp.server.mcpserver.resolve import Elicit, Resolve, build_resolver_plans, resolve_arguments
from mcp.types import InputRequiredResult
from pydantic import BaseModel, Field, ValidationError

from pinterest_mcp.confirmations import ConfirmationRefused, Confirmations
from pinterest_mcp.errors import NotFoundError, PinterestConnectionError, PinterestError, ServerError
from pinterest_mcp.inputs import WRITE_CONTROL, OperationInput
from pinterest_mcp.journal import Journal
from pinterest_mcp.plans import Limits, Plan, Target, body_items, describe, entity_id
from pinterest_mcp.prepare import prepare
from pinterest_mcp.registry import Operation, by_name
from pinterest_mcp.views import project

if TYPE_CHECKING:
    from mcp.server.mcpserver import Context

    from pinterest_mcp.runtime import Runtime

log = logging.getLogger(__name__)

WritesMode = Literal["off", "confirm", "auto"]


class WriteRefused(Exception):
    """A write that cannot even be planned (bad intent arguments, an unknown journal entry)."""


class Consent(BaseModel):
    """What the elicitation asks: one yes/no, as form elicitation allows only flat primitives."""

    apply: bool = Field(description="Apply this change to Pinterest")


def _ask(message: str) -> Elicit[Consent]:
    return Elicit(message, Consent)


# The SDK's resolver machinery speaks both protocol eras: a mid-call `elicitation/create` on
# 2025 sessions, an `InputRequiredResult` the client answers and retries with on 2026-07-28.
_CONSENT = {"consent": (Resolve(_ask), True)}
_CONSENT_PLANS = build_resolver_plans(_CONSENT, {"message"})


@dataclass(frozen=True)
class Reply:
    """What a write call answers: a plan, an outcome or a refusal; the tool layer renders it."""

    data: dict[str, Any]
    is_error: bool = False


def can_elicit(context: Context[Any, Any] | None) -> bool:
    """Whether the client declared form elicitation (a bare `elicitation: {}` counts, as the SDK reads it)."""
    if context is None:
        return False
    try:
        capabilities = context.client_capabilities
    except Exception:  # outside a request there is nobody to ask
        return False
    elicitation = capabilities.elicitation if capabilities is not None else None
    return elicitation is not None and (elicitation.form is not None or elicitation.url is None)


class WriteFlow:
    def __init__(
        self, runtime: Runtime, *, mode: WritesMode, limits: Limits, confirmations: Confirmations, journal: Journal
    ) -> None:
        self.runtime = runtime
        self.mode = mode
        self.limits = limits
        self.confirmations = confirmations
        self.journal = journal

    # Targets -----------------------------------------------------------------------------------

    async def target(self, op: Operation, args: OperationInput) -> Target:
        """The write a tool call stands for; an intent becomes the operation it drives."""
        self.runtime.check_ad_account(args)
        if op.intent is None:
            return Target(tool=op.name, op=op, args=args)
        base = by_name()[op.intent.base]
        account = getattr(args, "ad_account_id", None)
        currency = await self.runtime.currency(account) if account else None
        try:
            base_args = base.input.model_validate(op.intent.build(args, currency))
        except (ValueError, ValidationError) as exc:
            raise WriteRefused(f"{op.name}: {exc}; nothing was sent to Pinterest") from exc
        return Target(tool=op.name, op=base, args=base_args)

    def undo_target(self, entry_id: str) -> Target:
        """The reverse of a journaled update: every field it sent, set back to its value before."""
        entry = self.journal.get(entry_id)
        if entry is None:
            raise WriteRefused(f"no journal entry {entry_id!r}; `pinterest-mcp journal` lists them")
        op = by_name().get(entry.get("operation", ""))
        if op is None or op.change != "update":
            raise WriteRefused(f"entry {entry_id} is a {entry.get('change')}; only updates can be undone")
        if entry.get("status") not in ("applied", "partial"):
            raise WriteRefused(f"entry {entry_id} did not apply ({entry.get('status')}); there is nothing to undo")
        body = entry.get("request", {}).get("body")
        sent = body if isinstance(body, list) else [body or {}]
        if any(item.get("status") == "ARCHIVED" for item in sent):
            raise WriteRefused(
                f"entry {entry_id} archived something; Pinterest cannot unarchive, so it cannot be undone"
            )
        done = {str(r["id"]) for r in entry.get("results", []) if r.get("ok") and r.get("id")}
        before: dict[str, dict[str, Any]] = entry.get("before", {})
        args = dict(entry["arguments"])
        if op.body is not None:
            args[op.body] = [{"id": key, **fields} for key, fields in before.items() if key in done]
            if not args[op.body]:
                raise WriteRefused(f"entry {entry_id} changed nothing that can be undone")
        elif len(before) == 1:
            args.update(next(iter(before.values())))
        else:
            raise WriteRefused(f"entry {entry_id} holds no earlier state to go back to")
        try:
            reverse = op.input.model_validate(args)
        except ValidationError as exc:
            raise WriteRefused(f"entry {entry_id} cannot be reversed: {exc}") from exc
        return Target(tool="undo_change", op=op, args=reverse, note=f"reverses journal entry {entry_id}")

    # Plans -------------------------------------------------------------------------------------

    async def _read_current(
        self, op: Operation, args: OperationInput, items: list[dict[str, Any]]
    ) -> dict[str, dict[str, Any]]:
        current = op.current
        if current is None:
            return {}
        read = by_name()[current.read]
        read_args: dict[str, Any] = {name: getattr(args, ours) for name, ours in current.args}
        read_args.update(dict(current.fixed))
        if current.ids:
            read_args[current.ids] = [str(item["id"]) for item in items]
        if read.paginated:
            read_args["page_size"] = 250
        try:
            data = await self.runtime.send(read, read.input.model_validate(read_args))
        except NotFoundError:
            return {}
        found = data.get("items", []) if read.paginated else [data]
        if current.match:
            wanted = str(getattr(args, current.match))
            found = [item for item in found if str(item.get("id")) == wanted]
        return {str(item["id"]): item for item in found if isinstance(item, dict) and "id" in item}

    async def plan(self, target: Target) -> Plan:
        op, args = target.op, target.args
        request = prepare(op, args)
        items = body_items(op, request)
        before = await self._read_current(op, args, items)
        account = getattr(args, "ad_account_id", None)
        currency = None
        if account and op.path.startswith("/ad_accounts/"):
            currency = await self.runtime.currency(account)
        plan = Plan(target=target, request=request, items=items, before=before, currency=currency)
        describe(plan, self.limits)
        return plan

    # The flow ----------------------------------------------------------------------------------

    async def handle(
        self, target: Target, confirmation: str | None, dry_run: bool, context: Context[Any, Any] | None
    ) -> Reply | InputRequiredResult:
        tool = target.tool
        if confirmation:
            return await self._apply_confirmed(target, confirmation)
        plan = await self.plan(target)
        if plan.refusals:
            return Reply(
                {**plan.as_dict(), "next": "Refused: nothing was written. Change the arguments."}, is_error=True
            )
        if self.mode == "auto" and not dry_run:
            log.warning("writes=auto: applying %s without confirmation (%s)", tool, plan.summary())
            return await self.apply(plan)
        if dry_run or not can_elicit(context):
            return Reply(self._with_token(plan))
        assert context is not None
        outcome = await resolve_arguments(_CONSENT, _CONSENT_PLANS, {"message": plan.as_text()}, context)
        if isinstance(outcome, InputRequiredResult):
            return outcome
        answer = outcome["consent"]
        if answer.action == "accept" and answer.data.apply:
            return await self.apply(plan)
        return Reply({**plan.as_dict(), "declined": "The user did not approve; nothing was written."})

    def _with_token(self, plan: Plan) -> dict[str, Any]:
        token = self.confirmations.mint(plan.target.tool, plan.request_digest, plan.fingerprint)
        return {
            **plan.as_dict(),
            "confirmation": token,
            "expires_in_s": int(self.confirmations.ttl),
            "next": f"Nothing was written. Show this plan to the user; if they approve, call {plan.target.tool} "
            "again with the same arguments plus this confirmation.",
        }

    async def _apply_confirmed(self, target: Target, token: str) -> Reply:
        tool = target.tool
        plan = await self.plan(target)
        again = f"Call {tool} without confirmation for a new plan and show it to the user."
        try:
            pending = self.confirmations.redeem(token, tool, plan.request_digest)
        except ConfirmationRefused as exc:
            return Reply({"error": f"Nothing was written: {exc}. {again}"}, is_error=True)
        if pending.fingerprint != plan.fingerprint:
            return Reply(
                {"error": f"Nothing was written: the {plan.kind.replace('_', ' ')} changed since the plan. {again}"},
                is_error=True,
            )
        if plan.refusals:
            return Reply({**plan.as_dict(), "error": f"Nothing was written. {again}"}, is_error=True)
        return await self.apply(plan)

    # Apply -------------------------------------------------------------------------------------

    async def apply(self, plan: Plan) -> Reply:
        op, args, request = plan.target.op, plan.target.args, plan.request
        touched = {
            key: {name: plan.before[key].get(name) for name in item if name not in ("id", "ad_account_id")}
            for item in plan.items
            if (key := entity_id(op, args, item)) in plan.before
        }
        entry = self.journal.begin(
            {
                "tool": plan.target.tool,
                "operation": op.name,
                "operation_id": op.operation_id,
                "change": op.change,
                "profile": self.runtime.settings.profile,
                "request": {
                    "method": request.method,
                    "path": request.path,
                    "query": request.query,
                    "body": request.body,
                },
                "arguments": args.model_dump(mode="json", exclude_unset=True, exclude=set(WRITE_CONTROL)),
                "before": touched if op.change == "update" else {},
            }
        )
        try:
            client = await self.runtime.client()
            response = await client.send(request, idempotent=op.is_idempotent, scopes=op.scopes)
        except PinterestError as exc:
            # No answer, or a 5xx: Pinterest may have acted. Say so, rather than invite a blind retry.
            unknown = isinstance(exc, ServerError) or (isinstance(exc, PinterestConnectionError) and exc.maybe_sent)
            self.journal.finish(entry, {"status": "unknown" if unknown else "failed", "error": exc.for_model()[:500]})
            if not unknown:
                raise
            check = f"get or list the {plan.kind.replace('_', ' ')}s"
            return Reply(
                {
                    "status": "unknown",
                    "error": f"{exc.for_model()} The outcome is unknown: Pinterest may have applied this change. "
                    f"Before planning it again, {check} to see whether it took effect.",
                    "journal_entry": entry,
                },
                is_error=True,
            )
        results = self._results(plan, response)
        ok = [r for r in results if r["ok"]]
        status = "applied" if len(ok) == len(results) else ("partial" if ok else "failed")
        now = await self._read_back(plan, response, [str(r["id"]) for r in ok if r.get("id")])
        self.journal.finish(entry, {"status": status, "results": results, "after": now})
        out: dict[str, Any] = {"status": status, "applied": f"{plan.target.tool}: {plan.summary()}", "results": results}
        if now:
            out["now"] = now
        out["journal_entry"] = entry
        if op.change == "update" and ok:
            out["undo"] = f'undo_change(entry="{entry}") plans the reverse'
        return Reply(out, is_error=status == "failed")

    def _results(self, plan: Plan, response: Any) -> list[dict[str, Any]]:
        op, args = plan.target.op, plan.target.args
        if op.items is not None:  # {"<items>": [written...], "errors": [{"data", "error_messages"}...]}
            answer = response if isinstance(response, dict) else {}
            written = [{"id": str(e["id"]), "ok": True} for e in answer.get(op.items) or [] if isinstance(e, dict)]
            refused = [
                {"ok": False, "item": e.get("data"), "error": "; ".join(e.get("error_messages") or ["refused"])}
                for e in answer.get("errors") or []
                if isinstance(e, dict)
            ]
            return written + refused or [{"ok": False, "error": "Pinterest returned no result"}]
        if op.body is None:
            key = entity_id(op, args, plan.items[0]) if op.change != "create" else None
            created = response.get("id") if isinstance(response, dict) and op.change == "create" else None
            return [{"id": str(created or key), "ok": True}]
        answers = response.get("items", []) if isinstance(response, dict) else []
        results = []
        for index, item in enumerate(plan.items):
            answer = answers[index] if index < len(answers) else {}
            data = answer.get("data") if isinstance(answer, dict) else None
            problems = (answer.get("exceptions") if isinstance(answer, dict) else None) or []
            if isinstance(problems, dict):  # ads answer one exception object, campaigns and ad groups a list
                problems = [problems]
            result: dict[str, Any] = {"item": index}
            the_id = (data or {}).get("id") or item.get("id")
            if the_id:
                result["id"] = str(the_id)
            if data and not problems:
                result["ok"] = True
            else:
                result["ok"] = False
                result["error"] = "; ".join(f"code {p.get('code')}: {p.get('message')}" for p in problems) or (
                    "Pinterest returned no result for this item"
                )
            results.append(result)
        return results

    async def _read_back(self, plan: Plan, response: Any, ok_ids: list[str]) -> list[dict[str, Any]]:
        """The new state, as the read tools show it (default fields plus every field sent)."""
        op, args = plan.target.op, plan.target.args
        view = op.view
        if op.change == "delete" or not ok_ids:
            return [{"deleted": key} for key in ok_ids] if op.change == "delete" else []
        sent = sorted({name for item in plan.items for name in item if name != "ad_account_id"})
        if op.change == "update":
            ok_items = [item for item in plan.items if entity_id(op, args, item) in ok_ids]
            state = await self._read_current(op, args, ok_items)
            entities = [state[key] for key in ok_ids if key in state]
        elif op.items is not None:
            entities = [e for e in response.get(op.items) or [] if isinstance(e, dict) and str(e.get("id")) in ok_ids]
        elif op.body is not None:
            entities = [a["data"] for a in response.get("items", []) if isinstance(a, dict) and a.get("data")]
        else:
            entities = [response] if isinstance(response, dict) else []
        if view is None:
            return entities
        return [project(entity, view, sent, plan.currency) for entity in entities]
