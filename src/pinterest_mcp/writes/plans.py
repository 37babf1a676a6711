"""Plans: what a write would do, computed from the exact request and the current state, before anything is sent.

A plan reads the entities the write touches (reads only), then describes the change for a person:
field by field before → after for updates (money in currency units beside micro-units, times as
dates), the whole new object with its defaults for creates, what disappears for deletes. Guardrails
add warnings (a budget up by more than half, a cap removed, something starting to spend, a delete)
or refuse the plan outright (a zero budget, more than the configured maximum or increase ratio).
A plan names what it touches beside each id (an ad group and its campaign, a board, a Pinterest
tag), says which budget a money field is (a CBO campaign's spend cap is the campaign budget), and
warns when a create repeats an existing sibling by name (for audiences, by type and rule too).

A plan is read by a person before they approve it, so it has a size: no text field over
`MAX_TEXT` characters is sent, a plan over `MAX_PLAN_CHARS` is refused (split the write), and a
base64 image is shown by its size and digest, not pasted in (the confirmation binds the bytes).

Text in a plan came from a model or from Pinterest, and either can be crafted to look like plan
lines ("status: PAUSED (unchanged)", "Apply this change?") or to push the real lines off screen.
So a plan shows such text quoted, with control, line-breaking and direction characters written as
escapes, cut at `SHOWN_TEXT` characters (the confirmation still binds every byte), and puts what
matters first: the summary and the warnings, then status and money, then the rest.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from pinterest_mcp.api.errors import PinterestError
from pinterest_mcp.api.redaction import MASK, SECRET_FIELDS
from pinterest_mcp.api.request import PreparedRequest
from pinterest_mcp.registry.inputs import OperationInput
from pinterest_mcp.registry.money import format_micro, to_micro
from pinterest_mcp.registry.privacy import PERSONAL_FIELDS, concealed_field, withhold
from pinterest_mcp.registry.privacy import SECRET_FIELDS as LOGIN_FIELDS
from pinterest_mcp.registry.records import Operation
from pinterest_mcp.writes.confirmations import digest

# Money fields that cap spending: guardrails apply to these (bids are prices, not budgets).
BUDGET_FIELDS = frozenset(
    {"daily_spend_cap", "lifetime_spend_cap", "budget_in_micro_currency", "default_ad_group_budget_in_micro_currency"}
)
SPEND_CAPS = frozenset({"daily_spend_cap", "lifetime_spend_cap"})
# A bid is a price, not a budget: no zero or maximum check, but a sudden rise spends faster, so the ratio applies.
BIDS = frozenset({"bid_in_micro_currency"})
TIME_FIELDS = frozenset({"start_time", "end_time"})
AMOUNTS = frozenset({"budget_amount", "estimated_monthly_spend"})
"""Money Pinterest takes in currency units, not micro-units (insertion orders): shown with the currency."""
CBO_GROUP = "CBO_ADGROUP"
"""The budget_type of an ad group whose campaign holds the budget (campaign budget optimization)."""
REFERENCES = {"campaign_id": "campaign", "ad_group_id": "ad_group", "board_id": "board"}
"""Fields naming another entity: a plan reads it and shows its name beside the id."""
SPENDING_KINDS = frozenset({"campaign", "ad_group", "ad"})
SHARES = {"recipient_account_ids": "AD_ACCOUNT", "recipient_business_ids": "BUSINESS_ACCOUNT"}
"""An audience sharing write's recipients, by the account type the shared-accounts reads list them under."""
CREDIT = "ads_credit"
"""An offer code's credit: Pinterest says its amount only once redeemed, so the plan shows the credits held."""
RAISE_WARNING_RATIO = Decimal("1.5")
# Fields that move on their own (followers, audience size, delivery status): they do not void a plan.
# A board's Pin count does, for a delete, since the plan says how many Pins go with it.
DRIFTING = frozenset(
    {"follower_count", "collaborator_count", "board_pins_modified_at", "size", "summary_status", "pin_metrics"}
)
_NOT_SHOWN = frozenset({"id", "ad_account_id"})
MAX_TEXT = 10_000
"""The longest text a write may send in one field; Pinterest's own limits are far lower (a Pin description: 800)."""
MAX_PLAN_CHARS = 100_000
"""The longest plan shown for approval; a write that needs more is split into smaller ones."""
BINARY = frozenset({"data"})
"""Fields holding base64 images: exempt from MAX_TEXT, shown by size and digest."""
SHOWN_TEXT = 300
"""The most characters of one text a plan shows; the rest is counted, not shown."""
SHOWN_LINE = 1_000
"""The longest line of a plan's text (`Plan.as_text`): an object's rendering is cut there."""
# Shown bare: ids, enums, dates, plain URLs. Anything else (spaces, quotes, non-ASCII) is quoted.
_PLAIN = re.compile(r"[\w.:/@+?=&%#~-]{1,80}", re.ASCII)
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})  # controls, bidi and zero-width marks, line separators


class Rendered(str):
    """Text this module wrote (a digest, a date, a count), shown as is: nothing in it came from outside."""


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if unicodedata.category(ch) in _HIDDEN:
        return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"
    return ch


def one_line(text: str) -> str:
    """`text` with every control, line-breaking and direction character escaped: it stays one line."""
    return "".join(_escape(ch) for ch in text)


def quoted(text: str, limit: int = SHOWN_TEXT) -> str:
    """`text` as a plan shows outside text: in quotes, escaped, at most `limit` characters, the rest counted."""
    out: list[str] = []
    used = 0
    for i, ch in enumerate(text):
        piece = {"\\": "\\\\", '"': '\\"'}.get(ch) or _escape(ch)
        if used + len(piece) > limit:
            return f'"{"".join(out)}"… ({len(text) - i:,} more characters)'
        out.append(piece)
        used += len(piece)
    return f'"{"".join(out)}"'


def shown_text(value: str) -> str:
    """A string value for people: bare when it is a plain token (an enum, an id, a URL), else quoted."""
    if isinstance(value, Rendered):
        return value
    return value if _PLAIN.fullmatch(value) else quoted(value)


def plain(value: Any) -> str:
    """Any value for people: yes/no, none, numbers, text as `shown_text`, objects as compact `key: value` pairs."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return shown_text(value)
    if isinstance(value, dict):
        return ", ".join(f"{shown_text(str(k))}: {_inner(v)}" for k, v in value.items()) or "empty"
    if isinstance(value, list | tuple):
        return ", ".join(_inner(v) for v in value) or "empty"
    return one_line(str(value))


def _inner(value: Any) -> str:
    """A value inside an object: nested objects and lists bracketed, so their pairs stay apart."""
    if isinstance(value, dict):
        return "{" + plain(value) + "}" if value else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_inner(v) for v in value) + "]"
    return plain(value)


def _bounded(line: str, limit: int = SHOWN_LINE) -> str:
    return line if len(line) <= limit else f"{line[:limit]}… ({len(line) - limit:,} more characters)"


def oversized_text(value: Any, where: str = "body") -> str | None:
    """Where the first text longer than MAX_TEXT sits in a request body (base64 images aside), or None."""
    if isinstance(value, str):
        return where if len(value) > MAX_TEXT else None
    if isinstance(value, list):
        return next((w for i, v in enumerate(value) if (w := oversized_text(v, f"{where}[{i}]"))), None)
    if isinstance(value, dict):
        skip = BINARY | PERSONAL_FIELDS  # shown by size and digest, never pasted in
        return next((w for k, v in value.items() if k not in skip and (w := oversized_text(v, f"{where}.{k}"))), None)
    return None


def shown(value: Any) -> Any:
    """`value` for people: a long base64 image becomes its length and digest; everything else as is."""
    if isinstance(value, list):
        return [shown(v) for v in value]
    if isinstance(value, dict):
        return {k: _field(k, v) for k, v in value.items()}
    return value


def _field(name: str, value: Any) -> Any:
    """A body field for people: a long base64 image, or people's data, by size and digest only."""
    if name in BINARY and isinstance(value, str) and len(value) > 200:
        return _image(value)
    if name in LOGIN_FIELDS:
        return withhold({name: value})[name]
    if name in SECRET_FIELDS and isinstance(value, str):
        return Rendered(MASK)
    personal = concealed_field(name, value)
    return Rendered(personal) if personal is not None else shown(value)


def _image(data: str) -> str:
    return Rendered(f"<base64, {len(data)} characters, sha256 {hashlib.sha256(data.encode()).hexdigest()[:16]}>")


@dataclass(frozen=True)
class Limits:
    """Guardrails a plan must pass. `max_budget` is in currency units; `max_increase` a factor per change."""

    max_budget: Decimal | None = None
    max_increase: Decimal | None = Decimal(3)


@dataclass(frozen=True)
class Target:
    """The write a tool call stands for: `tool` is what was called (an intent, `undo_change`), `op`/`args` what runs."""

    tool: str
    op: Operation
    args: OperationInput
    note: str | None = None


@dataclass
class Plan:
    target: Target
    request: PreparedRequest
    items: list[dict[str, Any]]
    before: dict[str, dict[str, Any]]
    currency: str | None
    changes: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    related: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Entities the write refers to, read for their names ("campaign:123" → the campaign): not in the fingerprint."""

    @property
    def change(self) -> str | None:
        """What the write does, as its reader should hear it: an update that removes is a delete."""
        op = self.target.op
        if op.change == "update" and self.items and all(i.get("operation_type") == "REMOVE" for i in self.items):
            return "delete"  # Pinterest removes audiences (`operation_type` REMOVE) through their update
        return op.change

    @property
    def kind(self) -> str:
        return self.target.op.view.kind if self.target.op.view else self.target.op.name.split("_", 1)[1]

    @property
    def nothing_to_change(self) -> bool:
        """An update whose every field already holds its target value: there is nothing to ask or send."""
        op = self.target.op
        if self.change != "update" or op.summarised or not self.items or self.refusals:
            return False
        for item in self.items:
            key = entity_id(op, self.target.args, item)
            before = self.before.get(key) if key else None
            if before is None or any(before.get(k) != v for k, v in item.items() if k not in _NOT_SHOWN):
                return False
        return True

    @property
    def fingerprint(self) -> str:
        """The previewed state: a confirmation is void once any touched entity changed (drift aside)."""
        drifting = DRIFTING if self.target.op.change == "delete" else DRIFTING | {"pin_count"}
        return digest({key: {k: v for k, v in e.items() if k not in drifting} for key, e in self.before.items()})

    @property
    def request_digest(self) -> str:
        r = self.request
        return digest([self.target.tool, r.method, r.path, r.query, r.body])

    def request_line(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.request.query)
        return one_line(f"{self.request.method} {self.request.path}" + (f"?{query}" if query else ""))

    def summary(self) -> str:
        """One line: what and how many."""
        change = self.change
        count = len(self.items)
        noun = self.kind.replace("_", " ") + ("s" if count != 1 else "")
        where = ""
        account = getattr(self.target.args, "ad_account_id", None)
        if account and self.target.op.path.startswith("/ad_accounts/"):
            where = f" in ad account {account}" + (f" ({self.currency})" if self.currency else "")
        business = getattr(self.target.args, "business_id", None)
        if business and self.target.op.path.startswith("/businesses/"):
            where = f" in business {business}"
        parent = getattr(self.target.args, "parent_id", None)
        if change == "create" and parent is not None and (named := self.named_parent(str(parent))):
            where = f" for {named}{where}"
        return f"{change} {count} {noun}{where}"

    def named(self, kind: str, key: Any) -> str:
        """An entity the write refers to, as a plan names it: its id, then its name quoted, then its campaign's."""
        entity = self.related.get(f"{kind}:{key}")
        if entity is None:
            return shown_text(str(key))
        name = entity.get("name")
        out = f"{shown_text(str(key))} {quoted(str(name), 80)}" if name else shown_text(str(key))
        campaign = entity.get("campaign_id") if kind == "ad_group" else None
        if campaign and f"campaign:{campaign}" in self.related:
            out += f" in campaign {self.named('campaign', campaign)}"
        return out

    def named_parent(self, parent: str) -> str | None:
        """A keyword parent (`AG…`/`C…`/bare id) by kind and name, when it was read."""
        key = parent.removeprefix("AG").removeprefix("C")
        for kind in ("ad_group", "campaign"):
            if f"{kind}:{key}" in self.related:
                return f"{kind.replace('_', ' ')} {self.named(kind, key)}"
        return None

    def as_text(self) -> str:
        """The plan as a person reads it, for an elicitation prompt: what and the warnings first, one line each.

        Every value line is escaped again here, whatever `describe` put in it, so no text can add a line.
        """
        lines = [f"{self.target.tool}: {self.summary()}"]
        lines.extend(f"WARNING: {w}" for w in self.warnings)
        lines.append(f"Request: {self.request_line()}")
        heading = ("create", "update", "delete", "id")
        for change in self.changes:
            verb = next(k for k in ("create", "update", "delete") if k in change)
            head = f"{verb} {change[verb].replace('_', ' ')}"
            if change.get("id"):
                head += f" {change['id']}"
            lines.append(f"- {head}")
            fields = sorted((k for k in change if k not in heading), key=_first_what_matters)
            lines.extend(f"    {k}: {_listed(change[k])}" for k in fields)
        lines.append("Apply this change?")
        return "\n".join(_bounded(one_line(line)) for line in lines)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "plan": f"{self.target.tool}: {self.summary()}",
            "request": self.request_line(),
        }
        if self.request.body is not None:
            out["body"] = shown(self.request.body)
        out["changes"] = self.changes
        if self.target.note:
            out["note"] = self.target.note
        if self.warnings:
            out["warnings"] = self.warnings
        if self.refusals:
            out["refused"] = self.refusals
        return out


def _first_what_matters(name: str) -> int:
    """Where a field goes in a change: status, then money and schedule, then the rest, the name last."""
    if name == "status":
        return 0
    if name in BUDGET_FIELDS | BIDS | TIME_FIELDS | AMOUNTS | {"budget", "start_date", "end_date"}:
        return 1
    return 3 if name in ("name", "title", "description", "unchanged") else 2


def _listed(value: Any) -> str:
    """A change's value in the text: already rendered, or a list of field names (`unchanged`)."""
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def body_items(op: Operation, request: PreparedRequest) -> list[dict[str, Any]]:
    """The objects a write sends: each element of a bulk array, or the one body object; a DELETE naming its
    entities by an id list in the query (product groups deleted at once), one `{"id"}` per id."""
    if op.body is not None:
        return list(request.body or [])
    if op.method == "DELETE" and op.current is not None and op.current.ids is not None:
        return [{"id": one} for name, value in request.query if name == op.current.ids for one in value.split(",")]
    body = request.body if isinstance(request.body, dict) else {}
    return list(body.get(op.items) or []) if op.items else [body]


def entity_id(op: Operation, args: OperationInput, item: dict[str, Any]) -> str | None:
    """Which entity an item changes: its `id` in bulk bodies, else the path's last id (board, Pin, section)."""
    if "id" in item:
        return str(item["id"])
    if op.key != "id" and op.key in item:
        return str(item[op.key])
    current = op.current
    if current is not None and current.match:
        return str(getattr(args, current.match))
    if op.path_params:
        return str(getattr(args, op.path_params[-1]))
    return None


class Show:
    """Renders values for people: money with its currency, Unix times as UTC dates, the rest as `plain`."""

    def __init__(self, op: Operation, currency: str | None) -> None:
        self.money = set(op.view.money) if op.view else set()
        self.currency = currency

    def __call__(self, name: str, value: Any) -> str:
        if name in SECRET_FIELDS and isinstance(value, str):
            return MASK
        if not isinstance(value, Rendered) and (personal := concealed_field(name, value)) is not None:
            return personal
        if name in LOGIN_FIELDS:
            value = withhold({name: value})[name]
        if name in self.money and self.currency and isinstance(value, int) and not isinstance(value, bool):
            return f"{format_micro(value, self.currency)} ({value})"
        if isinstance(value, dict) and self.currency and self.money & set(value):  # a bid inside bid options
            return plain({k: Rendered(self(k, v)) if k in self.money else v for k, v in value.items()})
        if name in AMOUNTS and self.currency and isinstance(value, int | float) and not isinstance(value, bool):
            return f"{format_micro(to_micro(Decimal(str(value)), self.currency), self.currency)} ({value})"
        if name in TIME_FIELDS and isinstance(value, int) and not isinstance(value, bool):
            return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d %H:%M UTC") + f" ({value})"
        return plain(value)


def describe(plan: Plan, limits: Limits) -> None:
    """Fill the plan's changes, warnings and refusals."""
    op, show = plan.target.op, Show(plan.target.op, plan.currency)
    for item in plan.items:
        key = entity_id(op, plan.target.args, item) if op.change != "create" or op.current else None
        before = plan.before.get(key) if key else None
        if op.change == "create":
            _describe_create(plan, item, before, show)
        elif before is None:
            plan.refusals.append(f"{plan.kind.replace('_', ' ')} {shown_text(str(key))} was not found; check the id")
        elif plan.change == "delete":
            _describe_delete(plan, before, show)
        elif op.change == "update":
            _describe_update(plan, item, before, show)
        else:
            _describe_delete(plan, before, show)
        _guard_money(plan, item, before, limits)
        _commitment(plan, item, before or {}, show)


def _commitment(plan: Plan, item: dict[str, Any], before: dict[str, Any], show: Show) -> None:
    """An insertion order's budget is money committed: the plan says how much, over which dates."""
    if "budget_amount" not in item or plan.refusals:
        return
    after = {**before, **item}
    budget = _money(show, "budget_amount", item["budget_amount"])
    was = before.get("budget_amount")
    change = f"{_money(show, 'budget_amount', was)} → {budget}" if before and was != item["budget_amount"] else budget
    until = after.get("end_date") or "no end date"
    plan.warnings.append(
        f"{plan.kind.replace('_', ' ')} commits {change} from {after.get('start_date')} to {until}; "
        "Pinterest bills what its campaigns spend against it"
    )


def _label(before: dict[str, Any], key: str = "id") -> dict[str, Any]:
    label = {"id": before.get(key)}
    name = next((before[k] for k in ("name", "title", "order_name", "promotion_title") if before.get(k)), None)
    if name:
        label["name"] = shown_text(str(name))
    return label


def _describe_create(plan: Plan, item: dict[str, Any], source: dict[str, Any] | None, show: Show) -> None:
    change: dict[str, Any] = {"create": plan.kind}
    if source is not None:  # save_pin: a copy of an existing Pin
        change["copy_of"] = f"{source.get('id')} {shown_text(str(source.get('title') or ''))}".strip()
    change.update({k: show(k, shown(v)) for k, v in item.items() if k not in _NOT_SHOWN})
    for name, kind in REFERENCES.items():
        if item.get(name) and f"{kind}:{item[name]}" in plan.related:
            change[name] = plan.named(kind, item[name])
    budget = _budgets(plan, item, {}, show)
    if budget:
        change["budget"] = budget
    source_tag = (item.get("rule") or {}).get("visitor_source_id") if isinstance(item.get("rule"), dict) else None
    if source_tag:
        tag = plan.related.get(f"conversion_tag:{source_tag}")
        change["visitor_source"] = (
            f"conversion tag {plan.named('conversion_tag', source_tag)}"
            if tag
            else f"{shown_text(str(source_tag))}: not a conversion tag of this ad account (list_conversion_tags)"
        )
    if plan.kind == CREDIT:
        _credits(plan, change, item)
    plan.changes.append(change)
    if plan.kind in SPENDING_KINDS and item.get("status") == "ACTIVE":
        name = f" {shown_text(str(item['name']))}" if item.get("name") else ""
        plan.warnings.append(
            f"{plan.kind.replace('_', ' ')}{name} is created ACTIVE: it can start spending as soon as Pinterest "
            "approves it"
        )


def _credits(plan: Plan, change: dict[str, Any], item: dict[str, Any]) -> None:
    """An ads credit redemption: the credits the account holds now, in currency units, and what it adds."""
    held = []
    for key, credit in plan.related.items():
        if key.startswith(f"{CREDIT}:"):
            currency = str(credit.get("discountCurrency") or plan.currency or "")
            amount, left = credit.get("discountInMicroCurrency"), credit.get("remainingDiscountInMicroCurrency")
            words = [quoted(str(credit.get("title") or credit.get("discountType")), 80)]
            words += [f"{format_micro(int(v), currency)} {w}" for v, w in ((amount, "total"), (left, "left"))
                      if isinstance(v, int | float) and currency]  # fmt: skip
            held.append(" ".join(words))
    change["credits_now"] = Rendered("; ".join(held) or "none")
    if not item.get("validateOnly"):
        plan.warnings.append(
            "redeems the offer code on this ad account for good; Pinterest names the credit and its amount only "
            "once redeemed (list_ads_credit_discounts), and a code is redeemed once"
        )


def _describe_update(plan: Plan, item: dict[str, Any], before: dict[str, Any], show: Show) -> None:
    label = _label(before, plan.target.op.key)
    if plan.kind == "ad_group" and before.get("campaign_id") and f"campaign:{before['campaign_id']}" in plan.related:
        label["campaign"] = plan.named("campaign", before["campaign_id"])
    change: dict[str, Any] = {"update": plan.kind, **label}
    sharing = next((name for name in SHARES if name in item), None)
    if sharing is not None:
        _describe_share(plan, change, item, sharing)
        return
    budget = _budgets(plan, item, before, show)
    if budget:
        change["budget"] = budget
    same = []
    for name, after in item.items():
        if name in _NOT_SHOWN:
            continue
        previous = before.get(name)
        if previous == after:
            same.append(name)
            continue
        change[name] = f"{show(name, previous)} → {show(name, after)}"
        if name == "status" and after == "ACTIVE" and plan.kind in SPENDING_KINDS:
            plan.warnings.append(f"{plan.kind.replace('_', ' ')} {before.get('id')} becomes ACTIVE and can spend")
        if name == "status" and after == "ARCHIVED":
            plan.warnings.append(f"{plan.kind.replace('_', ' ')} {before.get('id')}: ARCHIVED is permanent")
    if same:
        change["unchanged"] = same
        if len(change) == len(label) + 2:  # nothing but the heading and `unchanged`
            plan.warnings.append(f"{plan.kind.replace('_', ' ')} {before.get('id')}: no change, already as asked")
    plan.changes.append(change)


def _describe_share(plan: Plan, change: dict[str, Any], item: dict[str, Any], field: str) -> None:
    """An audience shared or revoked: with whom, named, and whom it is shared with before → after."""

    def named(key: str) -> str:
        entity = plan.related.get(f"shared:{key}") or plan.related.get(f"ad_account:{key}") or {}
        name = entity.get("account_name") or entity.get("name")
        return f"{shown_text(key)} {quoted(str(name), 80)}" if name else shown_text(key)

    now = [k.removeprefix("shared:") for k in plan.related if k.startswith("shared:")]
    asked = [str(key) for key in item[field]]
    revoke = item.get("operation_type") == "REVOKE"
    after = [k for k in now if k not in asked] if revoke else now + [k for k in asked if k not in now]
    kind = "businesses" if SHARES[field] == "BUSINESS_ACCOUNT" else "ad accounts"
    change["revoke from" if revoke else "share with"] = Rendered(", ".join(named(k) for k in asked))
    change[f"shared with ({kind})"] = Rendered(
        f"{', '.join(map(named, now)) or 'none'} → {', '.join(map(named, after)) or 'none'}"
    )
    already = [k for k in asked if (k in now) != revoke]
    if already:
        plan.warnings.append(
            f"audience {shown_text(str(change.get('id')))}: "
            f"{'not shared with' if revoke else 'already shared with'} {', '.join(already)}"
        )
    if revoke:
        plan.warnings.append("ad groups of those accounts that target this audience stop reaching it")
    plan.changes.append(change)


def budget_words(kind: str, name: str, entity: dict[str, Any]) -> str | None:
    """Which budget a money field is, in the words of Ads Manager: a CBO campaign's spend cap is its budget."""
    period = {"daily_spend_cap": "daily", "lifetime_spend_cap": "lifetime"}.get(name)
    if kind == "campaign" and period:
        if entity.get("is_campaign_budget_optimization"):
            return f"campaign budget (CBO), {period}"
        return f"campaign {period} spend cap (not a budget: its ad groups hold those)"
    if kind == "campaign" and name == "default_ad_group_budget_in_micro_currency":
        return "default budget of its new ad groups"
    if kind == "ad_group" and name == "budget_in_micro_currency":
        budget_type = entity.get("budget_type")
        return f"ad group {budget_type.lower()} budget" if budget_type in ("DAILY", "LIFETIME") else "ad group budget"
    return None


def _money(show: Show, name: str, value: Any) -> str:
    """A budget for the `budget` line: the amount without its micro-units (the field's own line has them)."""
    if value is None:
        return "none"
    return show(name, value).split(" (", 1)[0]


def _budgets(plan: Plan, item: dict[str, Any], before: dict[str, Any], show: Show) -> str | None:
    """The `budget` line: each budget the item sets, named as a person would, before → after for updates."""
    entity = {**before, **item}
    lines = []
    for name in sorted(BUDGET_FIELDS & set(item)):
        words = budget_words(plan.kind, name, entity)
        if words is None:
            continue
        after = _money(show, name, item[name])
        if not before:
            lines.append(f"{words}: {after}")
        elif before.get(name) != item[name]:
            lines.append(f"{words}: {_money(show, name, before.get(name))} → {after}")
    return "; ".join(lines) or None


def _describe_delete(plan: Plan, before: dict[str, Any], show: Show) -> None:
    key = plan.target.op.key
    label = _label(before) if key == "id" else {key: shown_text(str(before.get(key)))}
    change: dict[str, Any] = {"delete": plan.kind, **label}
    if "pin_count" in before:
        change["pin_count"] = before["pin_count"]
    plan.changes.append(change)
    what = f"{plan.kind.replace('_', ' ')} {shown_text(str(label[key]))}"
    extra = f" with its {before['pin_count']} Pins" if before.get("pin_count") else ""
    plan.warnings.append(f"deletes {what}{extra}; this cannot be undone")


def _guard_money(plan: Plan, item: dict[str, Any], before: dict[str, Any] | None, limits: Limits) -> None:
    who = f"{plan.kind.replace('_', ' ')} {shown_text(str(item.get('id') or item.get('name') or ''))}".strip()
    if before and before.get("budget_type") == CBO_GROUP and item.get("budget_in_micro_currency") is not None:
        # Pinterest refuses it, but only after the user approved: say so in the plan instead.
        key = before.get("campaign_id")
        campaign = plan.named("campaign", key) if key else "its campaign"
        plan.refusals.append(
            f"{who}: its campaign {campaign} uses campaign budget optimization, so the budget is the campaign's; "
            f"set the campaign budget with set_campaign_spend_cap (daily_spend_cap or lifetime_spend_cap) on "
            f"campaign {campaign}"
        )
        return
    for name in sorted((BUDGET_FIELDS | BIDS) & set(item)):
        after = item[name]
        previous = before.get(name) if before else None
        words = budget_words(plan.kind, name, {**(before or {}), **item})
        what = f"{name} ({words})" if words else name
        if after is None:
            if previous is not None and name in SPEND_CAPS:
                plan.warnings.append(f"{who}: {what} removed, so its spending is no longer capped")
            continue
        if name in BUDGET_FIELDS and not _budget_allowed(plan, who, name, after, limits):
            continue
        if isinstance(previous, int) and previous > 0 and after > previous:
            ratio = Decimal(after) / Decimal(previous)
            if limits.max_increase is not None and ratio > limits.max_increase:
                plan.refusals.append(
                    f"{who}: {what} would grow {ratio:.2f}x, above this server's limit of {limits.max_increase}x "
                    "per change (--max-increase); raise it in smaller steps"
                )
            elif ratio > RAISE_WARNING_RATIO:
                plan.warnings.append(f"{who}: {what} raised by {(ratio - 1) * 100:.0f}%")


def _budget_allowed(plan: Plan, who: str, name: str, after: int, limits: Limits) -> bool:
    """Refuse a zero budget or one above `--max-budget`; True when the budget may stand."""
    if after == 0:
        plan.refusals.append(f"{who}: {name} of 0 is refused; pause it instead")
        return False
    currency = plan.currency
    if limits.max_budget is not None and currency and after > to_micro(limits.max_budget, currency):
        plan.refusals.append(
            f"{who}: {name} {format_micro(after, currency)} is above this server's maximum of "
            f"{limits.max_budget} {currency} per change (--max-budget)"
        )
    return True


# Context: names of what a write refers to, and siblings a create could duplicate ----------------

Read = Callable[[str, dict[str, Any]], Awaitable[list[dict[str, Any]]]]
"""Runs a read tool by name (one page) and gives its items; the write flow provides it."""

SIBLINGS = {
    "campaign": "list_campaigns",
    "ad_group": "list_ad_groups",
    "board": "list_boards",
    "audience": "list_audiences",
}
"""Creates whose plan looks for an existing sibling of the same name, and the one list read it takes."""


async def read_context(plan: Plan, read: Read) -> None:
    """Read the entities a write refers to (for their names) and, for creates, their would-be siblings.

    Bounded: one read per kind, one page each. Context helps a person judge a plan but is not the
    write, so a read that fails leaves ids unnamed rather than failing the plan.
    """
    op, args = plan.target.op, plan.target.args
    if op.summarised:
        return
    account = getattr(args, "ad_account_id", None)
    scope = {"ad_account_id": account} if account else {}
    wanted: dict[str, set[str]] = {kind: set() for kind in REFERENCES.values()}
    for item in plan.items:
        for name, kind in REFERENCES.items():
            if item.get(name):
                wanted[kind].add(str(item[name]))
    if plan.kind == "ad_group":
        wanted["campaign"] |= {str(b["campaign_id"]) for b in plan.before.values() if b.get("campaign_id")}
    parent = getattr(args, "parent_id", None)
    if parent is not None and str(parent) != str(account):
        key = str(parent).removeprefix("AG").removeprefix("C")
        wanted["campaign" if str(parent).startswith("C") else "ad_group"].add(key)
    if account and wanted["ad_group"]:
        await _remember(plan, read, "ad_group", "list_ad_groups", {**scope, "ad_group_ids": sorted(wanted["ad_group"])})
        wanted["campaign"] |= {
            str(e["campaign_id"]) for k, e in plan.related.items() if k.startswith("ad_group:") and e.get("campaign_id")
        }
        if parent is not None and not plan.named_parent(str(parent)) and not str(parent).startswith("AG"):
            wanted["campaign"].add(str(parent).removeprefix("C"))  # a bare id that is no ad group: a campaign
    if account and wanted["campaign"]:
        await _remember(plan, read, "campaign", "list_campaigns", {**scope, "campaign_ids": sorted(wanted["campaign"])})
    for board in sorted(wanted["board"])[:1]:  # a Pin goes to one board
        await _remember(plan, read, "board", "get_board", {**scope, "board_id": board})
    tags = {
        str(i["rule"]["visitor_source_id"])
        for i in plan.items
        if isinstance(i.get("rule"), dict) and i["rule"].get("visitor_source_id")
    }
    if account and tags:
        await _remember(plan, read, "conversion_tag", "list_conversion_tags", scope)
    if op.change == "create" and plan.kind in SIBLINGS:
        await _warn_duplicates(plan, read, scope)
    for recipients, account_type in SHARES.items():
        if any(recipients in item for item in plan.items):
            await _read_shares(plan, read, account_type)
    if plan.kind == CREDIT and account:  # what the account holds before a credit is redeemed
        for i, credit in enumerate(await _items(read, "list_ads_credit_discounts", scope)):
            plan.related[f"{CREDIT}:{i}"] = credit


async def _read_shares(plan: Plan, read: Read, account_type: str) -> None:
    """Whom the audience is shared with now, and the names of the ad accounts it could go to."""
    args = plan.target.args
    owner = {k: getattr(args, k) for k in ("ad_account_id", "business_id") if hasattr(args, k)}
    tool = "list_audience_shared_accounts" if "ad_account_id" in owner else "list_business_audience_shared_accounts"
    query = {**owner, "audience_id": getattr(args, "audience_id", None), "account_type": account_type}
    for entity in await _items(read, tool, query):
        plan.related[f"shared:{entity.get('account_id')}"] = entity
    if account_type == "AD_ACCOUNT":
        await _remember(plan, read, "ad_account", "list_ad_accounts", {})


async def _remember(plan: Plan, read: Read, kind: str, tool: str, args: dict[str, Any]) -> None:
    for entity in await _items(read, tool, args):
        if entity.get("id") is not None:
            plan.related[f"{kind}:{entity['id']}"] = entity


async def _items(read: Read, tool: str, args: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        return await read(tool, args)
    except (PinterestError, ValueError):  # context is optional: an unreadable name leaves the id bare
        return []


def _same_name(a: Any, b: Any) -> bool:
    return isinstance(a, str) and isinstance(b, str) and a.strip().casefold() == b.strip().casefold()


async def _warn_duplicates(plan: Plan, read: Read, scope: dict[str, Any]) -> None:
    """Warn when a create repeats an existing sibling: the same name, or for audiences the same type and rule."""
    kind = plan.kind
    args = dict(scope)
    if kind == "ad_group":
        campaigns = sorted({str(i["campaign_id"]) for i in plan.items if i.get("campaign_id")})
        if not campaigns:
            return
        args["campaign_ids"] = campaigns
    siblings = await _items(read, SIBLINGS[kind], args)
    where = {"campaign": "in this ad account", "audience": "in this ad account", "board": "among your boards"}
    for item in plan.items:
        for sibling in siblings:
            if kind == "ad_group" and str(sibling.get("campaign_id")) != str(item.get("campaign_id")):
                continue
            same_rule = kind == "audience" and (sibling.get("audience_type"), sibling.get("rule")) == (
                item.get("audience_type"),
                item.get("rule"),
            )
            if not (_same_name(sibling.get("name"), item.get("name")) or same_rule):
                continue
            found = (
                f"{kind.replace('_', ' ')} {shown_text(str(sibling.get('id')))} {quoted(str(sibling.get('name')), 80)}"
            )
            place = where.get(kind) or f"in campaign {plan.named('campaign', item.get('campaign_id'))}"
            why = (
                "the same type and rule"
                if same_rule and not _same_name(sibling.get("name"), item.get("name"))
                else "the same name"
            )
            plan.warnings.append(f"{found} already exists {place} with {why}; use it, or rename this one")
            break
