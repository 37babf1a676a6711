"""Plan → confirm → apply, the one path every write tool takes.

Without a confirmation a write call returns a plan and sends only reads; `dry_run` always does,
whatever else the call carries. It applies when the call carries the plan's confirmation token
(same tool, same request, same state), or when the user accepts an elicitation showing the plan
(clients that can ask), or when the server runs with `--writes auto`. Everything else fails closed
and says how to plan again.

A confirmation is a signed token (`confirmations`), so any process holding the key can check it;
the ledger (`ledger`: the journal file, or the shared store on replicas) uses its id up as the
intent is journaled before the request is sent, and refuses a token already used. The state a
confirmation previewed is read again just before the request, under the entity's lock (the
ledger's too), so two applies planned on the same state cannot both pass: the second reads the
first one's change and is refused. Applied writes are journaled before the request is sent and
after the answer, read back, and reported item by item, because Pinterest's bulk writes can partly
fail with HTTP 200. An answer that does not say what happened is `unknown` (`outcomes`), never
`failed`, and a failed read-back never hides a write that was applied.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Literal

from mcp.server.mcpserver.resolve import Elicit, Resolve, build_resolver_plans, resolve_arguments
from mcp.types import InputRequiredResult
from pydantic import BaseModel, Field, ValidationError

from pinterest_mcp.answers.views import project
from pinterest_mcp.api.errors import NotFoundError, PinterestError, UnexpectedResponseError
from pinterest_mcp.api.request import prepare
from pinterest_mcp.operations import by_name
from pinterest_mcp.registry.inputs import WRITE_CONTROL, OperationInput
from pinterest_mcp.registry.privacy import SECRET_FIELDS
from pinterest_mcp.registry.records import Operation
from pinterest_mcp.writes.access_plan import describe_access, read_roster
from pinterest_mcp.writes.access_plan import now as access_now
from pinterest_mcp.writes.confirmations import (
    ConfirmationRefused,
    Confirmations,
    ConfirmationsUnavailable,
    StateChanged,
    Ticket,
)
from pinterest_mcp.writes.entity_locks import EntityLocks
from pinterest_mcp.writes.journal import AlreadyUsed, Journal, LedgerBusy, entry_check, is_shortened
from pinterest_mcp.writes.ledger import FileLedger, Ledger
from pinterest_mcp.writes.outcomes import answered, how_to_check, per_item, results_of, status_of, uncertain
from pinterest_mcp.writes.plans import (
    CREDIT,
    MAX_PLAN_CHARS,
    MAX_TEXT,
    Limits,
    Plan,
    Target,
    body_items,
    describe,
    entity_id,
    oversized_text,
    read_context,
)
from pinterest_mcp.writes.port import WritePort
from pinterest_mcp.writes.reply import Reply, WriteRefused

if TYPE_CHECKING:
    from mcp.server.mcpserver import Context


log = logging.getLogger(__name__)

WritesMode = Literal["off", "confirm", "auto"]


class Consent(BaseModel):
    """What the elicitation asks: one yes/no, as form elicitation allows only flat primitives."""

    apply: bool = Field(description="Apply this change to Pinterest")


def _ask(message: str) -> Elicit[Consent]:
    return Elicit(message, Consent)


# The SDK's resolver machinery speaks both protocol eras: a mid-call `elicitation/create` on
# 2025 sessions, an `InputRequiredResult` the client answers and retries with on 2026-07-28.
_CONSENT = {"consent": (Resolve(_ask), True)}
_CONSENT_PLANS = build_resolver_plans(_CONSENT, {"message"})


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


def _brief(exc: Exception) -> str:
    """What went wrong, for the model: Pinterest's mapped message, or only the type of our own crash."""
    return exc.for_model() if isinstance(exc, PinterestError) else f"an unexpected {type(exc).__name__}"


# A check made on the fresh plan, under the entity's lock, just before applying: None to go ahead.
Check = Callable[[Plan], Awaitable[str | None]]


class Moved(str):
    """A check's refusal because the entities changed since the plan (not because the token is wrong)."""


async def _go_ahead(plan: Plan) -> str | None:
    """The check of `--writes auto`: none."""
    return None


async def _same_state(previewed: str, plan: Plan) -> str | None:
    """The check of an elicited approval: the state is still the one the user was shown."""
    if previewed != plan.fingerprint:
        return Moved(f"the {plan.kind.replace('_', ' ')} changed since the plan")
    return None


def _account(plan: Plan) -> str | None:
    account = getattr(plan.target.args, "ad_account_id", None)
    return str(account) if account is not None else None


class WriteFlow:
    def __init__(
        self,
        runtime: WritePort,
        *,
        mode: WritesMode,
        limits: Limits,
        confirmations: Confirmations,
        journal: Journal,
        ledger: Ledger | None = None,
    ) -> None:
        """`ledger` replaces the journal file and process locks (the connector's shared store); None keeps them."""
        self.runtime = runtime
        self.mode = mode
        self.limits = limits
        self.confirmations = confirmations
        self.journal = journal
        self.locks = EntityLocks()
        self.shared: Ledger | None = ledger

    @property
    def ledger(self) -> Ledger:
        """The shared ledger if one was given, else the journal file (read anew: a test may swap the journal)."""
        return self.shared if self.shared is not None else FileLedger(self.journal, self.locks)

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

    async def undo_target(self, entry_id: str) -> Target:
        """The reverse of a journaled update: every field it sent, set back to its value before."""
        try:
            entry = await self.ledger.get(entry_id)
        except LedgerBusy as exc:
            raise WriteRefused(str(exc)) from None
        if entry is None:
            where = "`pinterest-mcp journal` lists them" if self.shared is None else "only your own can be undone"
            raise WriteRefused(f"no journal entry {entry_id!r}; {where}")
        op = by_name().get(entry.get("operation", ""))
        if op is None or op.change != "update":
            raise WriteRefused(f"entry {entry_id} is a {entry.get('change')}; only updates can be undone")
        if not op.reversible:
            raise WriteRefused(f"entry {entry_id}: {op.name} cannot be undone (nothing to send back is journaled)")
        if entry.get("status") == "unknown":  # Pinterest may hold either state: the user reads it first
            raise WriteRefused(
                f"entry {entry_id}'s outcome is unknown, so it cannot be undone from the journal: "
                f"{entry_check(entry)} to see whether it took effect; if it did, call {op.name} with "
                f"the earlier values: {entry.get('before') or {}}"
            )
        if entry.get("status") not in ("applied", "partial"):
            raise WriteRefused(f"entry {entry_id} did not apply ({entry.get('status')}); there is nothing to undo")
        body = entry.get("request", {}).get("body")
        sent = body if isinstance(body, list) else [body or {}]
        if any(item.get("status") == "ARCHIVED" for item in sent):
            raise WriteRefused(
                f"entry {entry_id} archived something; Pinterest cannot unarchive, so it cannot be undone"
            )
        if any(item.get("operation_type") == "REMOVE" for item in sent):
            raise WriteRefused(
                f"entry {entry_id} removed something; Pinterest cannot restore it, so it cannot be undone"
            )
        done = {str(r["id"]) for r in entry.get("results", []) if r.get("ok") and r.get("id")}
        before: dict[str, dict[str, Any]] = entry.get("before", {})
        cut = sorted(name for fields in before.values() for name, value in fields.items() if is_shortened(value))
        if cut:
            raise WriteRefused(
                f"entry {entry_id} holds only a shortened earlier value of {', '.join(cut)} (journaled by an older "
                "version), so undo cannot restore it; set it again by hand"
            )
        args = dict(entry["arguments"])
        listed = op.body or op.items  # a bulk body, or the list a body object carries (product group promotions)
        if listed is not None:
            args[listed] = [{"id": key, **fields} for key, fields in before.items() if key in done]
            if not args[listed]:
                raise WriteRefused(f"entry {entry_id} changed nothing that can be undone")
        elif len(before) == 1:
            args.update(next(iter(before.values())))
        else:
            raise WriteRefused(f"entry {entry_id} holds no earlier state to go back to")
        secret = sorted(SECRET_FIELDS & {name for name, value in args.items() if value is not None})
        if secret:  # journaled as <withheld>: sending that back would set a wrong login
            raise WriteRefused(f"entry {entry_id} changed {', '.join(secret)}, never journaled; set it again by hand")
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
        if current.each:
            listed, keys = current.each
            read_args[listed] = [{k: item[k] for k in keys} for item in items]
        if read.lists and "page_size" in read.input.model_fields:
            read_args["page_size"] = 250
        try:
            data = await self.runtime.send(read, read.input.model_validate(read_args))
        except NotFoundError:
            return {}
        found = data.get("items") if read.lists and isinstance(data, dict) else [data]
        if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
            raise UnexpectedResponseError(200, None, f"the answer to {read.name} is not a {read.name} answer")
        if current.match:
            wanted = str(getattr(args, current.match))
            found = [item for item in found if str(item.get(op.key)) == wanted]
        derive = current.derive or (lambda item: {})
        return {str(item[op.key]): {**item, **derive(item)} for item in found if op.key in item}

    async def _page(self, tool: str, arguments: dict[str, Any]) -> list[dict[str, Any]]:
        """One page of a read tool's items, for a plan's context (the names of what it refers to, siblings)."""
        read = by_name()[tool]
        if "page_size" in read.input.model_fields:
            arguments = {**arguments, "page_size": 250}
        data = await self.runtime.send(read, read.input.model_validate(arguments))
        found = data.get("items") if read.lists and isinstance(data, dict) else [data]
        return [item for item in found or [] if isinstance(item, dict)]

    async def plan(self, target: Target, *, context: bool = True) -> Plan:
        """The plan of `target`; `context` adds the names and duplicates a person reads (not needed to apply)."""
        op, args = target.op, target.args
        request = prepare(op, args)
        where = oversized_text(request.body)
        if where is not None:
            raise WriteRefused(
                f"{target.tool}: {where.removeprefix('body').lstrip('.') or 'the body'} is longer than the "
                f"{MAX_TEXT:,} characters this server sends in one text field; nothing was sent to Pinterest"
            )
        items = body_items(op, request)
        before = await self._read_current(op, args, items)
        account = getattr(args, "ad_account_id", None)
        currency = None
        if account and (op.path.startswith("/ad_accounts/") or (op.view is not None and op.view.money)):
            currency = await self.runtime.currency(account)
        plan = Plan(target=target, request=request, items=items, before=before, currency=currency)
        if context and not op.business_access:
            await read_context(plan, self._page)
        if op.business_access:  # who gains or loses what, named, permissions in words
            await read_roster(plan, self._page, names=context)
            describe_access(plan)
        elif op.summarised:  # the bulk upsert, conversion events: counts, not item by item
            from pinterest_mcp.writes.bulk_plan import SUMMARIES  # lazy: loads the bulk operation's models

            SUMMARIES[op.operation_id](plan, self.limits)
        else:
            describe(plan, self.limits)
        size = len(json.dumps(plan.as_dict(), ensure_ascii=False, separators=(",", ":")))
        if size > MAX_PLAN_CHARS:
            raise WriteRefused(
                f"{target.tool}: {plan.summary()}: the plan would be {size:,} characters, more than the "
                f"{MAX_PLAN_CHARS:,} a person can review; split the write into smaller calls. Nothing was sent."
            )
        return plan

    def entities(self, target: Target) -> list[str]:
        """The lock keys of what a write changes: every updated or deleted entity (creates change none)."""
        op, args = target.op, target.args
        if op.change == "create":
            return []
        kind = target.op.view.kind if target.op.view else op.name
        items = body_items(op, prepare(op, args))
        return [f"{kind}:{key}" for item in items if (key := entity_id(op, args, item))]

    # The flow ----------------------------------------------------------------------------------

    async def handle(
        self, target: Target, confirmation: str | None, dry_run: bool, context: Context[Any, Any] | None
    ) -> Reply | InputRequiredResult:
        tool = target.tool
        if dry_run:  # a plan and nothing else, even beside a valid confirmation
            plan = await self.plan(target)
            if plan.refusals:
                return self._refused(plan)
            if plan.nothing_to_change:
                return self._nothing_to_change(plan)
            if confirmation:
                return Reply(
                    {
                        **plan.as_dict(),
                        "next": f"Nothing was written (dry_run): the confirmation was not used. To apply, call {tool} "
                        "again with the same arguments and the confirmation, without dry_run.",
                    }
                )
            return self._offer(plan)
        if confirmation:
            try:
                ticket = self.confirmations.open(confirmation)
            except ConfirmationRefused as exc:
                return self._not_written(target, str(exc))
            return await self._apply_checked(target, lambda plan: self._redeem(ticket, plan), claim=ticket)
        if self.mode == "auto":
            log.warning("writes=auto: applying %s without confirmation", tool)
            return await self._apply_checked(target, _go_ahead)
        plan = await self.plan(target)
        if plan.refusals:
            return self._refused(plan)
        if plan.nothing_to_change:  # no question to ask, no token to mint
            return self._nothing_to_change(plan)
        if not can_elicit(context):
            return self._offer(plan)
        assert context is not None
        from mcp.server.mcpserver.exceptions import ToolError  # only a write that asks needs it

        try:
            outcome = await resolve_arguments(_CONSENT, _CONSENT_PLANS, {"message": plan.as_text()}, context)
        except ToolError:  # an answer not of the form asked: the SDK's text names our resolver, not the problem
            offer = self._offer(plan)
            offer.data["elicitation"] = "The client's answer did not have the form asked (apply: true or false)."
            return offer
        if isinstance(outcome, InputRequiredResult):
            return outcome
        answer = outcome["consent"]
        if answer.action == "accept" and answer.data.apply:
            shown = plan.fingerprint
            return await self._apply_checked(target, lambda fresh: _same_state(shown, fresh))
        return Reply({**plan.as_dict(), "declined": "The user did not approve; nothing was written."})

    @staticmethod
    def _nothing_to_change(plan: Plan) -> Reply:
        """An update already in effect: said so, with nothing sent and nothing to approve."""
        out = {k: v for k, v in plan.as_dict().items() if k != "warnings"}
        out["nothing_to_change"] = (
            "Every field is already as asked, so nothing was sent to Pinterest and there is nothing to approve."
        )
        return Reply(out)

    def _refused(self, plan: Plan) -> Reply:
        return Reply({**plan.as_dict(), "next": "Refused: nothing was written. Change the arguments."}, is_error=True)

    def _offer(self, plan: Plan) -> Reply:
        """The plan with its confirmation token, or without one (saying why) when the key is unavailable."""
        try:
            token = self.confirmations.mint(plan.target.tool, _account(plan), plan.request_digest, plan.fingerprint)
        except ConfirmationsUnavailable as exc:
            refusal = f"Nothing was written and no confirmation was issued: {exc}."
            return Reply({**plan.as_dict(), "error": refusal}, is_error=True)
        return Reply(
            {
                **plan.as_dict(),
                "confirmation": token,
                "expires_in_s": int(self.confirmations.ttl),
                "next": f"Nothing was written. Show this plan to the user; if they approve, call "
                f"{plan.target.tool} again with the same arguments plus this confirmation.",
            }
        )

    async def _redeem(self, ticket: Ticket, plan: Plan) -> str | None:
        """None when the token is this plan's, unexpired and unused; else why not (a read of the ledger only)."""
        if await self.ledger.used(ticket.id):
            return "this confirmation was already used"
        try:
            self.confirmations.verify(ticket, plan.target.tool, _account(plan), plan.request_digest, plan.fingerprint)
        except StateChanged:
            return Moved(f"the {plan.kind.replace('_', ' ')} changed since the plan")
        except (ConfirmationRefused, ConfirmationsUnavailable) as exc:
            return str(exc)
        return None

    @staticmethod
    def _not_written(target: Target, refusal: str, plan: Plan | None = None) -> Reply:
        again = f"Call {target.tool} without confirmation for a new plan and show it to the user."
        shown = plan.as_dict() if plan is not None else {}
        return Reply({**shown, "error": f"Nothing was written: {refusal}. {again}"}, is_error=True)

    async def _apply_checked(self, target: Target, check: Check, claim: Ticket | None = None) -> Reply:
        """Re-read, check and send under the lock of every entity the write changes, then read back.

        `claim` is the confirmation, used up in the ledger as the request goes out. A token already
        used is refused before the locks: its write may still hold them (or a killed replica's lease
        may, until it expires), and waiting for them would only delay the same answer.
        """
        if claim is not None and await self.ledger.used(claim.id):
            return self._not_written(target, "this confirmation was already used")
        try:
            async with self.ledger.hold(self.entities(target)):
                return await self._check_and_apply(target, check, claim)
        except LedgerBusy as exc:  # only the locks raise it here: `apply` answers its own
            return self._not_written(target, str(exc))

    async def _check_and_apply(self, target: Target, check: Check, claim: Ticket | None) -> Reply:
        plan = await self.plan(target, context=False)  # the state check and the send need no names
        refusal = await check(plan)
        # Already as asked, perhaps done elsewhere since the plan: nothing to send, whatever the state was.
        if plan.nothing_to_change and (refusal is None or isinstance(refusal, Moved)):
            return self._nothing_to_change(plan)
        if refusal is not None:
            return self._not_written(target, refusal)
        if plan.refusals:
            return self._not_written(target, "the plan is refused", plan)
        return await self.apply(plan, claim=claim)

    # Apply -------------------------------------------------------------------------------------

    async def apply(self, plan: Plan, *, claim: Ticket | None = None) -> Reply:
        op, args, request = plan.target.op, plan.target.args, plan.request
        touched = {
            key: {name: plan.before[key].get(name) for name in item if name not in ("id", "ad_account_id")}
            for item in plan.items
            if (key := entity_id(op, args, item)) in plan.before
        }
        client = await self.runtime.client()
        record = {
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
        ledger = self.ledger
        try:
            if claim is None:
                entry = await ledger.begin(record)
            else:
                entry = await ledger.begin(record, confirmation=claim.id, until=float(claim.expires))
        except (AlreadyUsed, LedgerBusy) as exc:
            return self._not_written(plan.target, str(exc))
        try:
            response = await client.send(request, idempotent=op.is_idempotent, scopes=op.scopes, category=op.rate_limit)
        except NotFoundError:
            if plan.change != "delete":
                await ledger.finish(entry, {"status": "failed", "error": "not found"})
                raise
            # The plan read it just now, under its lock: a 404 means it is gone, most often because a
            # retry of our own DELETE (whose first answer was lost) found it already deleted.
            gone = "Pinterest answered 404: it is deleted (a retry after a lost answer finds it gone)"
            keys = [entity_id(op, args, item) for item in plan.items]
            return await self._finish(plan, entry, None, [{"id": str(k), "ok": True, "note": gone} for k in keys])
        except Exception as exc:
            if not uncertain(exc):
                await ledger.finish(entry, {"status": "failed", "error": _brief(exc)[:500]})
                raise
            if not isinstance(exc, PinterestError):
                log.warning("%s: %s after the request was sent; outcome unknown", plan.target.tool, type(exc).__name__)
            await ledger.finish(entry, {"status": "unknown", "error": _brief(exc)[:500]})
            return self._unknown(plan, entry, _brief(exc), [])
        try:
            results = results_of(plan, response)
        except Exception as exc:  # an answer no reader foresaw: the write went out, so its outcome is unknown
            results = [{"ok": None, "unknown": f"the answer could not be read ({type(exc).__name__})"}]
        return await self._finish(plan, entry, response, results)

    async def _finish(self, plan: Plan, entry: str, response: Any, results: list[dict[str, Any]]) -> Reply:
        """Read the written entities back, journal the outcome, and report it; a failed read-back is only a note."""
        status = status_of(results)
        unavailable = None
        try:
            now = await self._read_back(plan, response, [str(r["id"]) for r in results if r["ok"] and r.get("id")])
        except Exception as exc:
            now = []
            unavailable = (
                f"The write was answered, but the read back of the new state failed "
                f"({exc if isinstance(exc, PinterestError) else type(exc).__name__}); {how_to_check(plan)} to see it."
            )
        outcome: dict[str, Any] = {"status": status, "results": results, "after": now}
        if unavailable:
            outcome["read_back"] = unavailable
        await self.ledger.finish(entry, outcome)
        if status == "unknown":
            problem = "; ".join(str(r["unknown"]) for r in results if r["ok"] is None)
            return self._unknown(plan, entry, f"Pinterest's answer does not say what happened: {problem}.", results)
        out: dict[str, Any] = {"status": status, "applied": f"{plan.target.tool}: {plan.summary()}", "results": results}
        if now:
            out["now"] = now
        if unavailable:
            out["now_unavailable"] = unavailable
        out["journal_entry"] = entry
        if plan.change == "update" and plan.target.op.reversible and status in ("applied", "partial"):
            out["undo"] = f'undo_change(entry="{entry}") plans the reverse'
        return Reply(out, is_error=status == "failed")

    def _unknown(self, plan: Plan, entry: str, error: str, results: list[dict[str, Any]]) -> Reply:
        out: dict[str, Any] = {
            "status": "unknown",
            "sent": f"{plan.target.tool}: {plan.summary()}",
            "error": f"{error} The outcome is unknown: Pinterest may have applied this change.",
        }
        if results:
            out["results"] = results
        out["check"] = f"Do not repeat it yet: {how_to_check(plan)} to see whether it took effect."
        out["journal_entry"] = entry
        return Reply(out, is_error=True)

    async def _read_back(self, plan: Plan, response: Any, ok_ids: list[str]) -> list[dict[str, Any]]:
        """The new state, as the read tools show it (default fields plus every field sent)."""
        op, args = plan.target.op, plan.target.args
        view = op.view
        if op.business_access:
            return await access_now(plan, self._page, ok_ids if op.change == "create" else [])
        if isinstance(response, dict) and "num_events_received" in response:  # conversion events: no entity to read
            return [{name: response.get(name) for name in ("num_events_received", "num_events_processed")}]
        if plan.kind == CREDIT and isinstance(response, dict) and response.get("success"):  # no id: the credits held
            return await self._page(
                "list_ads_credit_discounts", {"ad_account_id": getattr(args, "ad_account_id", None)}
            )
        if plan.change == "delete" or not ok_ids:
            return [{"deleted": key} for key in ok_ids] if plan.change == "delete" else []
        sent = sorted({name for item in plan.items for name in item if name != "ad_account_id"})
        if op.change == "update":
            ok_items = [item for item in plan.items if entity_id(op, args, item) in ok_ids]
            state = await self._read_current(op, args, ok_items)
            entities = [state[key] for key in ok_ids if key in state]
            if not entities and op.items is not None and isinstance(response, dict):  # archived: gone from lists
                written = response.get(op.items) or []
                entities = [e for e in written if isinstance(e, dict) and str(e.get("id")) in ok_ids]
        elif op.items is not None and not per_item(response, op.items):
            written = response.get(op.items) or []
            entities = [e for e in written if isinstance(e, dict) and str(e.get(op.key)) in ok_ids]
        elif isinstance(response, list):  # only the new ids (product groups made at once)
            entities = [{"id": str(v)} for v in response if str(v) in ok_ids]
        elif op.body is not None or op.items is not None:
            found = answered(op.body, response) or []
            entities = [a["data"] for a in found if isinstance(a, dict) and a.get("data")]
        else:
            entities = [response] if isinstance(response, dict) else []
        if view is None:
            return entities
        return [project(entity, view, sent, plan.currency) for entity in entities]
