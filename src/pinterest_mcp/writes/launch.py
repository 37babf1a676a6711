"""A launch: several dependent creates (a board and its Pins, a campaign, its ad group and ad) as one write.

Each item names a kind and the fields its single create tool takes, and is checked by that tool's
own input model before anything is sent. An item has a local `ref`; a later item refers to an
earlier one by `"@ref"` in the field that names it (a Pin's `board_id`, an ad's `pin_id`), and to
an existing entity by its id. The plan is every item's own plan (names beside ids, money in
currency units, text quoted, duplicates and ACTIVE warned), with placeholder ids standing for
what does not exist yet, shown as the item they stand for.

One confirmation covers the whole plan: it is a `Confirmations` token minted for this tool over a
digest of every item's exact request (placeholders are the refs' positions, so order counts too)
and the state they previewed, so a changed, added, removed or reordered item fails its MAC, as
does a token of another plan or tool. The confirmed call may name refs to `leave_out` (the user
chooses which Pins are published): that only shrinks what is applied, and whatever depends on a
left-out item is left out with it. The token is used up in the ledger with the launch's journal
entry, before the first request.

Items are applied in order, each through the write flow (`WriteFlow.apply`: its own journal entry,
read back), the refs resolved to the ids Pinterest answered. A failure stops the launch: the answer
says what exists, what failed and what was not done, and the launch entry lists what it created and
how to take each back, so `undo_change(entry=...)` plans removing them newest first (Pins, sections
and boards deleted, campaigns, ad groups and ads archived), under one confirmation of its own.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resolve import Elicit, Resolve, build_resolver_plans, resolve_arguments
from mcp.types import InputRequiredResult
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from pinterest_mcp.api.errors import PinterestError
from pinterest_mcp.operations import by_name
from pinterest_mcp.registry.inputs import WRITE_CONTROL, AdAccountId, WriteInput
from pinterest_mcp.registry.records import Operation
from pinterest_mcp.writes.confirmations import (
    ConfirmationRefused,
    ConfirmationsUnavailable,
    StateChanged,
    Ticket,
    digest,
)
from pinterest_mcp.writes.flow import WriteFlow, can_elicit
from pinterest_mcp.writes.journal import AlreadyUsed, LedgerBusy
from pinterest_mcp.writes.plans import MAX_PLAN_CHARS, SHOWN_LINE, Plan, Target, one_line, quoted, shown_text
from pinterest_mcp.writes.reply import Reply, WriteRefused

if TYPE_CHECKING:
    from mcp.server.mcpserver import Context

log = logging.getLogger(__name__)

NAME = "plan_launch"
MAX_ITEMS = 30
"""The most items one launch creates; a person reviews them all at once."""
_PLACEHOLDER = 9 * 10**17
"""Item i's id while it does not exist yet: 18 digits no Pinterest id of today takes (shown as its ref)."""

KindName = Literal["board", "board_section", "pin", "campaign", "ad_group", "ad"]


@dataclass(frozen=True)
class Kind:
    """How an item of a kind is created: the single create tool whose input checks it, and what refers where."""

    tool: str
    wrap: str | None = None
    """The bulk list the item goes in (`campaigns`), or None when its fields are the tool's arguments."""
    refs: tuple[tuple[str, str], ...] = ()
    """(field, kind) pairs: the fields that may name an earlier item by `@ref`, and that item's kind."""


KINDS: dict[str, Kind] = {
    "board": Kind("create_board"),
    "board_section": Kind("create_board_section", refs=(("board_id", "board"),)),
    "pin": Kind("create_pin", refs=(("board_id", "board"), ("board_section_id", "board_section"))),
    "campaign": Kind("create_campaigns", "campaigns"),
    "ad_group": Kind("create_ad_groups", "ad_groups", (("campaign_id", "campaign"),)),
    "ad": Kind("create_ads", "ads", (("ad_group_id", "ad_group"), ("pin_id", "pin"))),
}
ADS_KINDS = frozenset({"campaign", "ad_group", "ad"})
_REF = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,31}$")


def _open_object(schema: dict[str, Any]) -> None:
    """`fields` published as a bare object: its keys are the create tool's, checked by that tool's model."""
    schema["properties"]["fields"].pop("additionalProperties", None)


class LaunchItem(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_open_object)

    ref: str
    kind: KindName
    fields: dict[str, Any]


class LaunchInput(WriteInput):
    ad_account_id: AdAccountId | None = None
    items: list[LaunchItem] = Field(min_length=1, max_length=MAX_ITEMS)
    leave_out: list[str] = Field(default_factory=list, description="Refs not to create")


@dataclass(frozen=True)
class Step:
    """One item, checked: its kind, operation and the refs it depends on."""

    index: int
    ref: str
    kind: str
    op: Operation
    fields: dict[str, Any]
    depends_on: tuple[str, ...]

    def arguments(self, account: str | None, ids: Mapping[str, str]) -> dict[str, Any]:
        """The create tool's arguments, each `@ref` replaced by the id in `ids` (a placeholder or the real one)."""
        fields = {k: ids[v[1:]] if _is_ref(v) else v for k, v in self.fields.items()}
        wrap = KINDS[self.kind].wrap
        return {"ad_account_id": account, wrap: [fields]} if wrap else fields

    def label(self) -> str:
        name = self.fields.get("name") or self.fields.get("title")
        text = f"@{self.ref} (new {self.kind.replace('_', ' ')}"
        return text + (f" {quoted(str(name), 80)})" if name else ")")


def _is_ref(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("@")


def placeholder(index: int) -> str:
    return str(_PLACEHOLDER + index + 1)


def _refused(step: str, exc: ValidationError, wrap: str | None) -> WriteRefused:
    """The first problems of an item's fields, each naming the item and the field; nothing was sent."""
    problems = []
    for error in exc.errors()[:5]:
        loc = list(error["loc"])
        if wrap and loc[:1] == [wrap]:
            loc = loc[2:]  # campaigns.0.name → name
        where = ".".join(str(part) for part in loc) or "fields"
        problems.append(f"{where}: {error['msg']}")
    return WriteRefused(f"{NAME}: item {step}: {'; '.join(problems)}. Nothing was sent to Pinterest.")


def _refuse(message: str) -> WriteRefused:
    return WriteRefused(f"{message}. Nothing was sent to Pinterest.")


def steps_of(args: LaunchInput, offered: frozenset[str] | None = None) -> list[Step]:
    """The items checked in order: refs unique and earlier, of the right kind, fields valid for their create tool.

    `offered` is the tools this server lists (None: all); an item whose create tool is not among them is refused.
    """
    ops = by_name()
    seen: dict[str, str] = {}
    ids: dict[str, str] = {}
    steps: list[Step] = []
    for index, item in enumerate(args.items):
        where = f"@{item.ref} ({item.kind.replace('_', ' ')})"
        if not _REF.fullmatch(item.ref):
            raise _refuse(f"{NAME}: item {item.ref[:40]!r}: a ref is a letter then up to 31 letters, digits or _")
        if item.ref in seen:
            raise _refuse(f"{NAME}: item {where}: ref {item.ref!r} is used twice; give each item its own")
        kind = KINDS[item.kind]
        if offered is not None and kind.tool not in offered:
            raise _refuse(f"{NAME}: item {where}: this server does not offer {kind.tool} (its toolsets or tools)")
        allowed = dict(kind.refs)
        depends = []
        for name, value in item.fields.items():
            if not _is_ref(value):
                continue
            target = value[1:]
            if name not in allowed:
                raise _refuse(
                    f"{NAME}: item {where}: {name} cannot name another item; only "
                    f"{', '.join(allowed) or 'no field'} can (an existing entity is named by its id)"
                )
            if target not in seen:
                raise _refuse(f"{NAME}: item {where}: {name} names {value}, which is not an earlier item")
            if seen[target] != allowed[name]:
                raise _refuse(
                    f"{NAME}: item {where}: {name} names {value}, a {seen[target].replace('_', ' ')}, "
                    f"not a {allowed[name].replace('_', ' ')}"
                )
            depends.append(target)
        if item.kind in ADS_KINDS and args.ad_account_id is None:
            raise _refuse(f"{NAME}: item {where}: ad_account_id is required for campaigns, ad groups and ads")
        if kind.wrap and "ad_account_id" in item.fields:
            raise _refuse(f"{NAME}: item {where}: give ad_account_id once, beside items, not in fields")
        if set(item.fields) & set(WRITE_CONTROL):
            raise _refuse(f"{NAME}: item {where}: confirmation and dry_run go beside items, not in fields")
        op = ops[kind.tool]
        step = Step(index, item.ref, item.kind, op, dict(item.fields), tuple(dict.fromkeys(depends)))
        ids[item.ref] = placeholder(index)
        try:
            op.input.model_validate(step.arguments(args.ad_account_id, ids))
        except ValidationError as exc:
            raise _refused(where, exc, kind.wrap) from None
        seen[item.ref] = item.kind
        steps.append(step)
    unknown = [ref for ref in args.leave_out if ref.removeprefix("@") not in seen]
    if unknown:
        raise _refuse(f"{NAME}: leave_out names {', '.join(map(repr, unknown))}, not refs of these items")
    return steps


def left_out(steps: list[Step], leave_out: list[str]) -> dict[str, str]:
    """The refs not to create and why: named by the user, or depending on one that is left out."""
    out = {ref.removeprefix("@"): "left out" for ref in leave_out}
    for step in steps:
        gone = [ref for ref in step.depends_on if ref in out]
        if step.ref not in out and gone:
            out[step.ref] = f"left out: it needs @{gone[0]}, which is left out"
    return out


def target_of(step: Step, account: str | None, ids: Mapping[str, str]) -> Target:
    return Target(tool=NAME, op=step.op, args=step.op.input.model_validate(step.arguments(account, ids)))


def _placeholders(steps: list[Step]) -> dict[str, str]:
    return {step.ref: placeholder(step.index) for step in steps}


def _relabel(value: Any, labels: Mapping[str, str]) -> Any:
    """A plan's rendered value with each placeholder id written as the new item it stands for."""
    if isinstance(value, str):
        for key, label in labels.items():
            value = value.replace(key, label)
        return value
    if isinstance(value, dict):
        return {k: _relabel(v, labels) for k, v in value.items()}
    if isinstance(value, list):
        return [_relabel(v, labels) for v in value]
    return value


def _escaped(value: Any) -> Any:
    """The item's fields for a view to draw: as given, but no control, bidi or line-breaking character raw."""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    return value


@dataclass
class LaunchPlan:
    account: str | None
    steps: list[Step]
    plans: list[Plan]
    left: dict[str, str]

    @property
    def request_digest(self) -> str:
        """Every item's exact request, placeholders included (their positions): what the token binds."""
        requests = [[s.ref, s.kind, p.request_digest] for s, p in zip(self.steps, self.plans, strict=True)]
        return digest([NAME, self.account, requests])

    @property
    def fingerprint(self) -> str:
        return digest([p.fingerprint for p in self.plans])

    @property
    def refusals(self) -> list[str]:
        return [f"@{s.ref}: {r}" for s, p in zip(self.steps, self.plans, strict=True) for r in p.refusals]

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for step in self.steps:
            counts[step.kind] = counts.get(step.kind, 0) + 1
        what = ", ".join(f"{n} {k.replace('_', ' ')}{'s' if n != 1 else ''}" for k, n in counts.items())
        currency = next((p.currency for p in self.plans if p.currency), None)
        where = f" in ad account {self.account}" + (f" ({currency})" if currency else "") if self.account else ""
        return f"{NAME}: create {len(self.steps)} items ({what}){where}, in this order"

    def as_dict(self) -> dict[str, Any]:
        labels = {placeholder(s.index): s.label() for s in self.steps}
        warnings: list[str] = []
        active = [s for s in self.steps if s.fields.get("status") == "ACTIVE" and s.kind in ADS_KINDS]
        if active:
            warnings.append(
                "SPENDS MONEY: " + ", ".join(s.label() for s in active) + " created ACTIVE, asked for in this call; "
                "everything else stays PAUSED"
            )
        items = []
        for step, plan in zip(self.steps, self.plans, strict=True):
            warnings.extend(f"@{step.ref}: {_relabel(w, labels)}" for w in plan.warnings)
            change = {k: v for k, v in _relabel(plan.changes[0], labels).items() if k != "create"}
            item: dict[str, Any] = {"ref": step.ref, "kind": step.kind, "depends_on": list(step.depends_on)}
            if step.ref in self.left:
                item["left_out"] = self.left[step.ref]
            items.append({**item, "create": change, "fields": _escaped(step.fields)})
        out: dict[str, Any] = {"plan": self.summary()}
        if warnings:
            out["warnings"] = warnings
        if self.refusals:
            out["refused"] = [_relabel(r, labels) for r in self.refusals]
        out["items"] = items
        return out


async def plan_of(
    flow: WriteFlow, args: LaunchInput, *, context: bool = True, offered: frozenset[str] | None = None
) -> LaunchPlan:
    """Every item planned by the write flow as its own create would be, placeholders for what is new."""
    steps = steps_of(args, offered)
    ids = _placeholders(steps)
    targets = [target_of(step, args.ad_account_id, ids) for step in steps]
    for target in targets:  # an organic item may act for another account's owner: the allowlist holds for it too
        flow.runtime.check_ad_account(target.args)
    plan = LaunchPlan(args.ad_account_id, steps, [], left_out(steps, args.leave_out))
    plan.plans = [await flow.plan(target, context=context) for target in targets]
    size = len(json.dumps(plan.as_dict(), ensure_ascii=False, separators=(",", ":"), default=str))
    if size > MAX_PLAN_CHARS:
        raise WriteRefused(
            f"{NAME}: the plan would be {size:,} characters, more than the {MAX_PLAN_CHARS:,} a person can review; "
            "split the launch into smaller ones. Nothing was sent."
        )
    return plan


def _again(refusal: str) -> Reply:
    again = f"Call {NAME} without confirmation for a new plan and show it to the user."
    return Reply({"error": f"Nothing was written: {refusal}. {again}"}, is_error=True)


async def launch(
    flow: WriteFlow,
    args: LaunchInput,
    context: Context[Any, Any] | None = None,
    *,
    offered: frozenset[str] | None = None,
) -> Reply | InputRequiredResult:
    """Plan (without confirmation, or with dry_run) or apply the launch the arguments describe.

    A client that can ask its user is asked instead of handed a token: one tick box per item, so
    the user chooses each Pin that is published; what they untick is left out with its dependents.
    """
    if args.confirmation and not args.dry_run:
        return await _confirmed(flow, args, args.confirmation, offered)
    if flow.mode == "auto" and not args.dry_run:
        plan = await plan_of(flow, args, context=False, offered=offered)
        return await _apply(flow, args, plan, None) if not plan.refusals else _not_applied(plan)
    plan = await plan_of(flow, args, offered=offered)
    if plan.refusals:
        return _not_applied(plan)
    out = plan.as_dict()
    if args.dry_run:
        return Reply({**out, "next": "Nothing was written (dry_run)."})
    if can_elicit(context):
        assert context is not None
        return await _asked(flow, args, plan, context)
    try:
        token = flow.confirmations.mint(NAME, args.ad_account_id, plan.request_digest, plan.fingerprint)
    except ConfirmationsUnavailable as exc:
        return Reply({**out, "error": f"Nothing was written and no confirmation was issued: {exc}."}, is_error=True)
    return Reply(
        {
            **out,
            "confirmation": token,
            "expires_in_s": int(flow.confirmations.ttl),
            "next": f"Nothing was written. Show every item to the user; if they approve, call {NAME} again with "
            "the same arguments plus this confirmation, and leave_out the refs they did not choose.",
        }
    )


def _as_text(plan: LaunchPlan) -> str:
    """The plan for an elicitation prompt: the summary and warnings first, then each item on one escaped line."""
    data = plan.as_dict()
    lines = [data["plan"], *(f"WARNING: {w}" for w in data.get("warnings", []))]
    for item in data["items"]:
        shown = "; ".join(f"{k}: {v}" for k, v in item["create"].items())
        lines.append(f"- @{item['ref']} {item['kind'].replace('_', ' ')}: {shown}")
    lines.append("Untick what should not be created (what depends on it is left out too); approve to create the rest.")
    return "\n".join(one_line(line)[:SHOWN_LINE] for line in lines)


def choice_model(steps: list[Step]) -> type[BaseModel]:
    """The elicitation form: one yes/no per item (`item1`...), titled with the item, ticked by default."""
    fields: dict[str, Any] = {
        f"item{s.index + 1}": (bool, Field(default=True, title=one_line(s.label())[:120])) for s in steps
    }
    return create_model("LaunchChoice", **fields)


async def _asked(
    flow: WriteFlow, args: LaunchInput, plan: LaunchPlan, context: Context[Any, Any]
) -> Reply | InputRequiredResult:
    model = choice_model(plan.steps)

    def ask(message: str) -> Elicit[Any]:
        return Elicit(message, model)

    resolvers = {"choice": (Resolve(ask), True)}
    try:
        outcome = await resolve_arguments(
            resolvers, build_resolver_plans(resolvers, {"message"}), {"message": _as_text(plan)}, context
        )
    except ToolError:  # an answer not of the form asked
        return Reply(
            {**plan.as_dict(), "declined": "The client's answer did not have the form asked; nothing was written."}
        )
    if isinstance(outcome, InputRequiredResult):
        return outcome
    answer = outcome["choice"]
    if answer.action != "accept":
        return Reply({**plan.as_dict(), "declined": "The user did not approve; nothing was written."})
    unticked = [s.ref for s in plan.steps if not getattr(answer.data, f"item{s.index + 1}", True)]
    plan.left = left_out(plan.steps, [*args.leave_out, *unticked])
    if len(plan.left) == len(plan.steps):
        return Reply({**plan.as_dict(), "declined": "The user chose no item; nothing was written."})
    return await _apply(flow, args, plan, None)


def _not_applied(plan: LaunchPlan) -> Reply:
    return Reply({**plan.as_dict(), "next": "Refused: nothing was written. Change the items."}, is_error=True)


async def _confirmed(flow: WriteFlow, args: LaunchInput, confirmation: str, offered: frozenset[str] | None) -> Reply:
    """Apply only the very plan the token was minted for; leaving items out is the only change allowed."""
    try:
        ticket = flow.confirmations.open(confirmation)
    except ConfirmationRefused as exc:
        return _again(str(exc))
    ledger = flow.ledger
    if await ledger.used(ticket.id):
        return _again("this confirmation was already used")
    plan = await plan_of(flow, args, context=False, offered=offered)
    try:
        flow.confirmations.verify(ticket, NAME, args.ad_account_id, plan.request_digest, plan.fingerprint)
    except StateChanged:
        return _again("what the plan read changed since")
    except (ConfirmationRefused, ConfirmationsUnavailable) as exc:
        return _again(str(exc))
    if plan.refusals:
        return _again("the plan is refused: " + "; ".join(plan.refusals))
    return await _apply(flow, args, plan, ticket)


def _undo_of(step: Step, account: str | None, arguments: dict[str, Any], new_id: str) -> dict[str, Any]:
    """How to take a created item back: the tool and its arguments (archive where Pinterest cannot delete)."""
    organic = {"ad_account_id": arguments["ad_account_id"]} if arguments.get("ad_account_id") else {}
    if step.kind == "pin":
        return {"tool": "delete_pin", "arguments": {"pin_id": new_id, **organic}}
    if step.kind == "board_section":
        section = {"board_id": arguments["board_id"], "section_id": new_id}
        return {"tool": "delete_board_section", "arguments": {**section, **organic}}
    if step.kind == "board":
        return {"tool": "delete_board", "arguments": {"board_id": new_id, **organic}}
    wrap = KINDS[step.kind].wrap
    assert wrap is not None
    return {
        "tool": f"update_{wrap}",
        "arguments": {"ad_account_id": account, wrap: [{"id": new_id, "status": "ARCHIVED"}]},
    }


async def _apply(flow: WriteFlow, args: LaunchInput, plan: LaunchPlan, ticket: Ticket | None) -> Reply:
    """Create the items in order, refs resolved to the new ids; stop at the first that does not apply."""
    ledger = flow.ledger
    chosen = [s for s in plan.steps if s.ref not in plan.left]
    if not chosen:  # the token stays unused: the user may still choose some
        return Reply({"error": "Nothing was written: every item is left out."}, is_error=True)
    record = {
        "tool": NAME,
        "operation": "launch",
        "change": "launch",
        "profile": flow.runtime.settings.profile,
        "request": {"method": "LAUNCH", "path": f"{len(chosen)} of {len(plan.steps)} items"},
        "arguments": args.model_dump(mode="json", exclude=set(WRITE_CONTROL)),
    }
    try:
        if ticket is None:
            entry = await ledger.begin(record)
        else:
            entry = await ledger.begin(record, confirmation=ticket.id, until=float(ticket.expires))
    except (AlreadyUsed, LedgerBusy) as exc:
        return _again(str(exc))
    ids: dict[str, str] = {}
    results: list[dict[str, Any]] = []
    failure: dict[str, Any] | None = None
    status = "applied"
    for step in chosen:
        arguments = step.arguments(args.ad_account_id, ids)
        shown = {"ref": step.ref, "kind": step.kind}
        try:
            fresh = await flow.plan(target_of(step, args.ad_account_id, ids), context=False)
            if fresh.refusals:  # the guardrails again, on the real ids
                raise WriteRefused("refused: " + "; ".join(fresh.refusals))
            reply = await flow.apply(fresh)
        except (PinterestError, WriteRefused) as exc:
            why = exc.for_model() if isinstance(exc, PinterestError) else str(exc)
            failure, status = {**shown, "error": why}, "failed"
            break
        except Exception as exc:  # our own defect: the item's entry says whether it was sent; the launch stops
            log.exception("%s: item @%s", NAME, step.ref)
            failure, status = {**shown, "error": f"an unexpected {type(exc).__name__}; read what exists"}, "unknown"
            break
        result = (reply.data.get("results") or [{}])[0]
        if reply.data.get("status") == "applied" and result.get("ok") and result.get("id"):
            new_id = str(result["id"])
            ids[step.ref] = new_id
            name = step.fields.get("name") or step.fields.get("title")
            done = {**shown, "id": new_id, "ok": True, "journal_entry": reply.data.get("journal_entry")}
            if name:
                done["name"] = shown_text(str(name))
            results.append({**done, "undo": _undo_of(step, args.ad_account_id, arguments, new_id)})
            continue
        status = "unknown" if reply.data.get("status") == "unknown" else "failed"
        error = result.get("error") or result.get("unknown") or reply.data.get("error") or "not created"
        failure = {**shown, "error": str(error), "journal_entry": reply.data.get("journal_entry")}
        if status == "unknown":
            failure["check"] = reply.data.get("check")
        break
    if failure is not None and results:
        status = "partial" if status == "failed" else status
    await ledger.finish(entry, {"status": status, "results": results, **({"failed": failure} if failure else {})})
    created = [{k: v for k, v in r.items() if k != "undo"} for r in results]
    out: dict[str, Any] = {"status": status, "applied": f"{NAME}: {len(created)} of {len(chosen)} items created"}
    out["created"] = created
    if failure is not None:
        out["failed"] = failure
        tried = {r["ref"] for r in results} | {failure["ref"]}
        out["not_done"] = [f"@{s.ref}" for s in chosen if s.ref not in tried]
        out["next"] = (
            "The launch stopped here; nothing after the failed item was sent. To finish, plan_launch again with the "
            "items not done (name what was created by its id); undo_change(entry) plans removing what exists."
        )
    if plan.left:
        out["left_out"] = {f"@{ref}": why for ref, why in plan.left.items()}
    out["journal_entry"] = entry
    if results:
        out["undo"] = f'undo_change(entry="{entry}") plans removing what this launch created, newest first'
    return Reply(out, is_error=status != "applied")  # partial too: the launch stopped short


# Undo ------------------------------------------------------------------------------------------------


def _undo_targets(entry_id: str, entry: dict[str, Any]) -> list[tuple[dict[str, Any], Target]]:
    ops = by_name()
    out = []
    for result in reversed(entry.get("results") or []):
        undo = result.get("undo") if isinstance(result, dict) else None
        if not result.get("ok") or not isinstance(undo, dict):
            continue
        op = ops[undo["tool"]]
        note = f"takes back @{result['ref']} of launch {entry_id}"
        out.append(
            (result, Target(tool="undo_change", op=op, args=op.input.model_validate(undo["arguments"]), note=note))
        )
    return out


async def undo_launch(flow: WriteFlow, entry_id: str, confirmation: str | None, dry_run: bool) -> Reply | None:
    """The undo of a journaled launch (what it created, newest first, one confirmation), or None for another entry."""
    try:
        entry = await flow.ledger.get(entry_id)
    except LedgerBusy as exc:
        raise WriteRefused(str(exc)) from None
    if entry is None or entry.get("change") != "launch":
        return None
    steps = _undo_targets(entry_id, entry)
    plans: list[tuple[dict[str, Any], Plan]] = []
    gone = []
    for result, target in steps:
        plan = await flow.plan(target, context=not confirmation)
        if (target.op.change == "delete" and not plan.before) or plan.nothing_to_change:
            gone.append(f"@{result['ref']} {result['id']}")  # deleted or archived since: nothing to take back
            continue
        plans.append((result, plan))
    if not plans:
        raise WriteRefused(f"launch {entry_id} created nothing that still exists; there is nothing to undo")
    account = entry.get("arguments", {}).get("ad_account_id")
    request = digest(["undo", entry_id, [p.request_digest for _, p in plans]])
    fingerprint = digest([p.fingerprint for _, p in plans])
    if confirmation and not dry_run:
        return await _undo_confirmed(flow, entry_id, confirmation, account, request, fingerprint, plans)
    out: dict[str, Any] = {"plan": f"undo_change: take back {len(plans)} items of launch {entry_id}, newest first"}
    warnings = [f"@{r['ref']}: {w}" for r, p in plans for w in p.warnings]
    if warnings:
        out["warnings"] = warnings
    out["steps"] = [{"ref": r["ref"], "request": p.request_line(), **p.changes[0]} for r, p in plans]
    if gone:
        out["already_gone"] = gone
    if dry_run:
        return Reply({**out, "next": "Nothing was written (dry_run)."})
    token = flow.confirmations.mint("undo_change", account, request, fingerprint)
    return Reply(
        {
            **out,
            "confirmation": token,
            "expires_in_s": int(flow.confirmations.ttl),
            "next": "Nothing was written. Show this plan to the user; if they approve, call undo_change again "
            "with the same entry plus this confirmation.",
        }
    )


async def _undo_confirmed(
    flow: WriteFlow,
    entry_id: str,
    confirmation: str,
    account: str | None,
    request: str,
    fingerprint: str,
    plans: list[tuple[dict[str, Any], Plan]],
) -> Reply:
    again = "Call undo_change without confirmation for a new plan."
    try:
        ticket = flow.confirmations.open(confirmation)
        if await flow.ledger.used(ticket.id):
            raise ConfirmationRefused("this confirmation was already used")
        flow.confirmations.verify(ticket, "undo_change", account, request, fingerprint)
    except StateChanged:
        return Reply({"error": f"Nothing was written: the launch's items changed since the plan. {again}"}, True)
    except (ConfirmationRefused, ConfirmationsUnavailable) as exc:
        return Reply({"error": f"Nothing was written: {exc}. {again}"}, is_error=True)
    record = {
        "tool": "undo_change",
        "operation": "launch_undo",
        "change": "launch_undo",
        "profile": flow.runtime.settings.profile,
        "request": {"method": "UNDO", "path": f"launch {entry_id}"},
        "arguments": {"entry": entry_id},
    }
    try:
        entry = await flow.ledger.begin(record, confirmation=ticket.id, until=float(ticket.expires))
    except (AlreadyUsed, LedgerBusy) as exc:
        return Reply({"error": f"Nothing was written: {exc}. {again}"}, is_error=True)
    undone: list[dict[str, Any]] = []
    failure: dict[str, Any] | None = None
    for result, plan in plans:
        try:
            async with flow.ledger.hold(flow.entities(plan.target)):  # as a single delete or archive holds it
                reply = await flow.apply(plan)
        except (PinterestError, LedgerBusy) as exc:
            why = exc.for_model() if isinstance(exc, PinterestError) else str(exc)
            failure = {"ref": result["ref"], "id": result["id"], "error": why}
            break
        if reply.data.get("status") != "applied":
            failure = {"ref": result["ref"], "id": result["id"], "error": reply.data.get("error") or "not undone"}
            break
        undone.append({"ref": result["ref"], "kind": result["kind"], "id": result["id"], "undone": plan.change})
    status = "applied" if failure is None else ("partial" if undone else "failed")
    await flow.ledger.finish(entry, {"status": status, "results": undone})
    out: dict[str, Any] = {"status": status, "undone": undone}
    if failure is not None:
        out["failed"] = failure
    out["journal_entry"] = entry
    return Reply(out, is_error=failure is not None)
