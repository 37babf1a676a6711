"""Compact results: the fields that matter by default, readable money beside micro-units, a size cap.

Tool results land in the model's context on every call, so they carry the fields a person asks
about (a `fields` argument adds more, `["*"]` all) and never a raw wall of JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable
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
    item_currency = item.get("currency") if view.currency == "item" else currency
    out: dict[str, Any] = {}
    for name in names:
        value = item.get(name)
        if value is None:
            continue
        out[name] = value
        if item_currency and name in view.money:
            shown = format_micro(value, item_currency)
            if shown is not None:
                out[amount_key(name)] = shown  # right beside its micro-units
    return out


_MICRO_COLUMN = "_IN_MICRO_DOLLAR"
_LEADING = (
    "DATE",
    "AD_ACCOUNT_ID",
    "CAMPAIGN_ID",
    "CAMPAIGN_NAME",
    "AD_GROUP_ID",
    "AD_ID",
    "PIN_ID",
    "SPLIT",
    "TARGETING_TYPE",
    "TARGETING_VALUE",
)


def table(rows: list[dict[str, Any]], currency: str | None, *, ranked: bool = False) -> dict[str, Any]:
    """Metric rows as one table: ids and date first, each micro-unit column followed by its readable twin.

    Pinterest's `*_IN_MICRO_DOLLAR` columns are micro-units of the ad account's currency, dollars or not.
    Rows are sorted by date and ids, unless `ranked`: then Pinterest's order is the answer (top Pins).
    """
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    names = [n for n in _LEADING if n in seen] + sorted(n for n in seen if n not in _LEADING)
    columns: list[str] = []
    for name in names:
        columns.append(name)
        if name.endswith(_MICRO_COLUMN) and currency:
            columns.append(f"{name.removesuffix(_MICRO_COLUMN)} ({currency})")
    ordered = rows if ranked else sorted(rows, key=lambda r: tuple(str(r.get(n, "")) for n in _LEADING))
    out_rows = []
    for row in ordered:
        cells: list[Any] = []
        for name in names:
            value = row.get(name)
            cells.append(value)
            if name.endswith(_MICRO_COLUMN) and currency:
                cells.append(round(value / 1_000_000, 2) if isinstance(value, int | float) else None)
        out_rows.append(cells)
    return {"columns": columns, "rows": out_rows, "row_count": len(out_rows)}


Rows = list[dict[str, Any]]


def targeting_rows(data: Any) -> Rows:
    """`{"data": [{targeting_type, targeting_value, metrics}]}` as flat rows: one per value and date."""
    entries = data.get("data") if isinstance(data, dict) else None
    return [
        {"TARGETING_TYPE": e.get("targeting_type"), "TARGETING_VALUE": e.get("targeting_value"), **e.get("metrics", {})}
        for e in entries or ()
        if isinstance(e, dict)
    ]


def _series_rows(series: Any, **keys: Any) -> Rows:
    """One organic series (`daily_metrics`, `summary_metrics`, `lifetime_metrics`) as rows.

    Days with metrics become dated rows; the summary and lifetime totals rows dated TOTAL and
    LIFETIME, which sort after every date. Days before a Pin existed carry no metrics and no row.
    """
    if not isinstance(series, dict):
        return []
    rows = [
        {**keys, "DATE": day.get("date"), **day["metrics"]}
        for day in series.get("daily_metrics") or ()
        if isinstance(day, dict) and day.get("metrics")
    ]
    for label, name in (("TOTAL", "summary_metrics"), ("LIFETIME", "lifetime_metrics")):
        if series.get(name):
            rows.append({**keys, "DATE": label, **series[name]})
    return rows


def _split(key: str) -> dict[str, str]:
    """The SPLIT cell of a split key; Pinterest names an unsplit series "all", which needs no column."""
    return {} if key == "all" else {"SPLIT": key}


def organic_rows(data: Any) -> Rows:
    """Pin or profile analytics (`{split: series}`) as rows, SPLIT naming the group when split."""
    if not isinstance(data, dict):
        return []
    return [row for key, series in data.items() for row in _series_rows(series, **_split(key))]


def multi_pin_rows(data: Any) -> Rows:
    """Analytics of several Pins (`{pin_id: {split: series}}`) as rows with a PIN_ID column."""
    if not isinstance(data, dict):
        return []
    return [
        row
        for pin_id, splits in data.items()
        if isinstance(splits, dict)
        for key, series in splits.items()
        for row in _series_rows(series, PIN_ID=pin_id, **_split(key))
    ]


def top_pin_rows(data: Any) -> Rows:
    """Top Pins (`{"pins": [{pin_id, metrics, data_status}]}`) as rows, best first."""
    pins = data.get("pins") if isinstance(data, dict) else None
    return [{"PIN_ID": p.get("pin_id"), **(p.get("metrics") or {})} for p in pins or () if isinstance(p, dict)]


ROW_SHAPES: dict[str, Callable[[Any], Rows]] = {
    "targeting_analytics": targeting_rows,
    "organic_analytics": organic_rows,
    "multi_pin_analytics": multi_pin_rows,
    "top_pins": top_pin_rows,
}
"""How a table view's answer becomes rows, by view kind; any other table view answers a list of rows."""
RANKED = frozenset({"top_pins"})


def metric_table(kind: str, data: Any, currency: str | None) -> dict[str, Any]:
    """The table of a table view's answer, whatever shape Pinterest gives its metric rows."""
    shape = ROW_SHAPES.get(kind)
    rows = shape(data) if shape else (data if isinstance(data, list) else [])
    return table(rows, currency, ranked=kind in RANKED)


def dumps(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def cap(result: dict[str, Any], limit: int = MAX_RESULT_CHARS, key: str = "items") -> dict[str, Any]:
    """Trim a list result to `limit` characters, saying so, instead of flooding the context."""
    items = result.get(key)
    if not isinstance(items, list) or len(dumps(result)) <= limit:
        return result
    low, high = 0, len(items)
    while low < high:  # the largest prefix that fits
        mid = (low + high + 1) // 2
        if len(dumps({**result, key: items[:mid]})) <= limit:
            low = mid
        else:
            high = mid - 1
    # A bookmark would resume after the items we dropped, silently skipping them: leave it out.
    trimmed = {key: value for key, value in result.items() if key != "bookmark"}
    return {
        **trimmed,
        key: items[:low],
        "count" if key == "items" else "row_count": low,
        "truncated": f"showing {low} of {len(items)} {key} to stay under {limit} characters; "
        "narrow with ids, filters, fewer fields or columns, or a shorter date range",
    }
