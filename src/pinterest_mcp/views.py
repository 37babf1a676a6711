"""Compact results: the fields that matter by default, readable money beside micro-units, a size cap.

Tool results land in the model's context on every call, so they carry the fields a person asks
about (a `fields` argument adds more, `["*"]` all) and never a raw wall of JSON.
"""

from __future__ import annotations

import json
from typing import Any

from pinterest_mcp.money import format_micro
from pinterest_mcp.registry import View

MAX_RESULT_CHARS = 40_000
_MICRO_SUFFIX = "_in_micro_currency"


def amount_key(field: str) -> str:
    """`budget_in_micro_currency` → `budget_amount`; `daily_spend_cap` → `daily_spend_cap_amount`."""
    return field.removesuffix(_MICRO_SUFFIX) + "_amount"


def project(item: dict[str, Any], view: View, fields: list[str] | None, currency: str | None) -> dict[str, Any]:
    """Keep the view's default fields plus the requested ones; add readable money."""
    if fields and "*" in fields:
        names = list(item)
    else:
        names = [*view.default_fields, *(f for f in fields or () if f not in view.default_fields)]
    out = {name: item[name] for name in names if item.get(name) is not None}
    item_currency = item.get("currency") if view.currency == "item" else currency
    if item_currency:
        for field in view.money:
            if field in out:
                shown = format_micro(out[field], item_currency)
                if shown is not None:
                    out[amount_key(field)] = shown
    return out


def dumps(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def cap(result: dict[str, Any], limit: int = MAX_RESULT_CHARS) -> dict[str, Any]:
    """Trim a list result to `limit` characters, saying so, instead of flooding the context."""
    items = result.get("items")
    if not isinstance(items, list) or len(dumps(result)) <= limit:
        return result
    low, high = 0, len(items)
    while low < high:  # the largest prefix that fits
        mid = (low + high + 1) // 2
        if len(dumps({**result, "items": items[:mid]})) <= limit:
            low = mid
        else:
            high = mid - 1
    # A bookmark would resume after the items we dropped, silently skipping them: leave it out.
    trimmed = {key: value for key, value in result.items() if key != "bookmark"}
    return {
        **trimmed,
        "items": items[:low],
        "count": low,
        "truncated": f"showing {low} of {len(items)} items to stay under {limit} characters; "
        "narrow with ids/filters, fewer `fields`, or a smaller max_items",
    }
