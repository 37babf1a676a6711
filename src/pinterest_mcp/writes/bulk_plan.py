"""Plans by counts for writes too large to show item by item: the bulk upsert and conversion events.

The bulk upsert's plan: counts per kind and action, with the single writes' warnings and refusals.

A bulk upsert may carry thousands of items, so its plan does not show each one against its current
value (it reads nothing): it names up to ten items per kind and action, and checks each item as the
single `create_*`/`update_*` tools would (ACTIVE, archiving, budgets and caps, `--max-budget`). It lives
with the other plan code, not beside the declaration (`operations/bulk.py`), so declarations never
import write planning; `flow` calls it for an operation declared `summarised`.

Conversion events are planned as what a person can judge without seeing anyone's data: how many,
which event names and action sources, the span of event times, which user_data fields they carry
(concealed: names and counts), and whether Pinterest's test mode is on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pinterest_mcp.operations.bulk import KINDS
from pinterest_mcp.registry.money import format_micro, to_micro
from pinterest_mcp.writes.plans import BIDS, BUDGET_FIELDS, SPEND_CAPS, Limits, Plan, quoted, shown_text

_SPENDING = frozenset({"campaign", "ad_group", "ad"})
_SHOWN = 10
"""Items named in a change line; the rest are counted."""


def _label(kind: str, item: dict[str, Any]) -> str:
    """An item as a plan names it: its id and its name, quoted and escaped as plans show outside text."""
    if kind == "keyword" and "parent_id" in item:
        return f"{shown_text(str(item['parent_id']))}: {len(item['keywords'])}"
    name = item.get("name") or item.get("value")
    if not item.get("id"):
        return quoted(str(name or ""), 80)
    key = shown_text(str(item["id"]))
    return f"{key} {quoted(str(name), 80)}" if name else key


def describe_upsert(plan: Plan, limits: Limits) -> None:
    """Counts per kind and action, and the single writes' warnings and refusals, item by item."""
    body = plan.request.body if isinstance(plan.request.body, dict) else {}
    for action in ("create", "update"):
        section = body.get(action) or {}
        for key, kind in KINDS:
            items: list[dict[str, Any]] = section.get(key) or []
            if not items:
                continue
            count = sum(len(i["keywords"]) for i in items) if (action, kind) == ("create", "keyword") else len(items)
            labels = [_label(kind, item) for item in items]
            more = f" and {len(labels) - _SHOWN} more" if len(labels) > _SHOWN else ""
            plan.changes.append({action: key, "count": count, "items": ", ".join(labels[:_SHOWN]) + more})
            for item in items:
                _guard(plan, action, kind, item, limits)


def _guard(plan: Plan, action: str, kind: str, item: dict[str, Any], limits: Limits) -> None:
    who = f"{kind.replace('_', ' ')} {_label(kind, item)}"
    status = item.get("status")
    if kind in _SPENDING and status == "ACTIVE":
        verb = "is created ACTIVE" if action == "create" else "becomes ACTIVE"
        plan.warnings.append(f"{who} {verb}: it can start spending once Pinterest approves it")
    if status == "ARCHIVED" or item.get("archived") is True:
        plan.warnings.append(f"{who}: archiving is permanent")
    currency = plan.currency
    for name in sorted((BUDGET_FIELDS | BIDS) & set(item)):
        value = item[name]
        if value is None:
            if name in SPEND_CAPS:
                plan.warnings.append(f"{who}: {name} removed, so its spending is no longer capped")
            continue
        budget = name in BUDGET_FIELDS
        if budget and value == 0:
            plan.refusals.append(f"{who}: {name} of 0 is refused; pause it instead")
            continue
        amount = (format_micro(value, currency) if currency else None) or f"{value} micro-units"
        ceiling = to_micro(limits.max_budget, currency) if limits.max_budget is not None and currency else None
        if budget and ceiling is not None and value > ceiling:
            plan.refusals.append(
                f"{who}: {name} {amount} is above this server's maximum of {limits.max_budget} {currency} "
                "per change (--max-budget)"
            )
        elif action == "update":
            plan.warnings.append(
                f"{who}: {name} set to {amount}, not compared with the current value (update_* tools check increases)"
            )
        else:
            plan.warnings.append(f"{who}: {name} {amount}")


def _counted(counter: Counter[str]) -> str:
    return ", ".join(f"{shown_text(name)} {count}" for name, count in counter.most_common())


def _utc(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")


def describe_events(plan: Plan, limits: Limits) -> None:
    """Counts of conversion events by name and source, their time span, the user_data fields present, test mode."""
    body = plan.request.body if isinstance(plan.request.body, dict) else {}
    events: list[dict[str, Any]] = body.get("data") or []
    times = [int(e["event_time"]) for e in events]
    fields: Counter[str] = Counter(k for e in events for k, v in (e.get("user_data") or {}).items() if v)
    test = ("test", "true") in plan.request.query
    plan.changes.append(
        {
            "create": "conversion_events",
            "count": len(events),
            "event_name": _counted(Counter(str(e["event_name"]) for e in events)),
            "action_source": _counted(Counter(str(e["action_source"]) for e in events)),
            "event_time": f"{_utc(min(times))} to {_utc(max(times))}" if times else "none",
            "user_data": f"withheld; fields (events): {_counted(fields)}",
            "test": "yes: Pinterest checks the events and records none" if test else "no",
        }
    )
    if not test:
        plan.warnings.append(
            "not a test: Pinterest records these events as conversions (reporting, optimisation); "
            "test=true checks them first and records none"
        )
    repeated = [key for key, n in Counter(str(e["event_id"]) for e in events).items() if n > 1]
    if repeated:
        plan.warnings.append(f"{len(repeated)} event_id(s) repeat in this call; Pinterest dedupes by event_id")


SUMMARIES: dict[str, Callable[[Plan, Limits], None]] = {
    "bulk_upsert/create": describe_upsert,
    "events/create": describe_events,
}
"""The plan of each operation declared `summarised`, by operationId."""
