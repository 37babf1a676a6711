"""Compact results: the fields that matter by default, readable money, metric tables, a token cap.

Tool results land in the model's context on every call, so they carry the fields a person asks
about (a `fields` argument adds more, `"-name"` drops one, `"-*"` all but the id, `["*"]` shows all)
and never a raw wall of JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from pinterest_mcp.operations.metrics import ALIASES, DERIVED, LEADING
from pinterest_mcp.registry.money import decimals, format_micro
from pinterest_mcp.registry.records import View

_MICRO_SUFFIX = "_in_micro_currency"


def amount_key(field: str) -> str:
    """`budget_in_micro_currency` → `budget_amount`; `daily_spend_cap` → `daily_spend_cap_amount`."""
    return field.removesuffix(_MICRO_SUFFIX) + "_amount"


def shown_fields(item: dict[str, Any], view: View, fields: list[str] | None) -> list[str]:
    """The fields of `item` to show: the view's defaults, less each `-name` (`-*`: all of them), plus
    each name asked for; `*` shows every field. The id stays: without it a row can be acted on by no tool.
    """
    asked = fields or []
    if "*" in asked:
        return list(item)
    dropped = {name[1:] for name in asked if name.startswith("-")}
    kept = [] if "*" in dropped else [name for name in view.default_fields if name not in dropped]
    names = [*kept, *(name for name in asked if not name.startswith("-") and name not in kept)]
    identity = "id" if "id" in item or not view.default_fields else view.default_fields[0]
    return names if identity in names else [identity, *names]


def project(item: dict[str, Any], view: View, fields: list[str] | None, currency: str | None) -> dict[str, Any]:
    """Keep the fields `shown_fields` picks (the view's defaults, narrowed or widened); add readable money."""
    names = shown_fields(item, view, fields)
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
_UNIT_COLUMN = "_IN_DOLLAR"
_NOT_ADDITIVE = re.compile(r"RATE|CTR|ROAS|COST_PER|^E?CP|FREQUENCY|AVG|LENGTH|MULTIPLIER|BUDGET|SPEND_CAP|USER|_ID$")


def sent_columns(columns: list[str]) -> list[str]:
    """The columns to ask Pinterest for: derived metrics become their two inputs."""
    out: dict[str, None] = {}
    for name in columns:
        derived = DERIVED.get(ALIASES.get(name, name))
        out.update(dict.fromkeys((derived.numerator, derived.denominator) if derived else (name,)))
    return list(out)


def _money_decimals(currency: str | None) -> int:
    return decimals(currency) if currency else 2


def _number(value: float, places: int) -> float | int:
    """Rounded, and an int when whole: `5` costs fewer tokens than `5.0`."""
    shown = round(value, places)
    return int(shown) if shown == int(shown) else shown


def _label(name: str, currency: str | None) -> str:
    unit = currency or "account currency"
    derived = DERIVED.get(name)
    if derived is not None:
        return f"{derived.label} ({unit})" if derived.money else derived.label
    for suffix in (_MICRO_COLUMN, _UNIT_COLUMN):
        if name.endswith(suffix):
            return f"{name.removesuffix(suffix)} ({unit})"
    return name


def _cell(row: dict[str, Any], name: str, places: int) -> Any:
    derived = DERIVED.get(name)
    if derived is not None:
        top, bottom = row.get(derived.numerator), row.get(derived.denominator)
        if not isinstance(top, int | float) or not isinstance(bottom, int | float) or not bottom:
            return None
        return _number(top / bottom * derived.scale, places if derived.money else 2)
    value = row.get(name)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if name.endswith(_MICRO_COLUMN):
            return _number(value / 1_000_000, places)
        if name.endswith(_UNIT_COLUMN):
            return _number(value, places)
    return value


def _delivered(row: dict[str, Any], metrics: list[str]) -> bool:
    return any(isinstance(row.get(n), int | float) and row.get(n) for n in metrics)


def _sum(rows: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    sums: dict[str, Any] = {}
    for name in names:
        values = [r.get(name) for r in rows]
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        if numbers and not _NOT_ADDITIVE.search(name):
            sums[name] = sum(numbers)
    return sums


_DATED = re.compile(r"^(\d{4})-\d\d-\d\d")


def _year_in_header(rows: list[list[Any]], labels: list[str], index: int) -> None:
    """Dates of one year read `11-02` under `DATE (2026)`: two tokens a row less, like a unit in a header."""
    years = {m.group(1) if m else None for m in (_DATED.match(str(r[index])) for r in rows)}
    if len(years) == 1 and None not in years:
        (year,) = years
        labels[index] = f"DATE ({year})"
        for row in rows:
            row[index] = str(row[index])[5:]


def _sort_key(value: Any) -> tuple[int, Any]:
    return (0, value) if isinstance(value, int | float) else (1, str(value))


def table(
    rows: list[dict[str, Any]],
    currency: str | None,
    *,
    ranked: bool = False,
    columns: list[str] | None = None,
    sort_by: str | None = None,
    top: int | None = None,
    totals: bool = False,
    unanswered: int = 0,
) -> dict[str, Any]:
    """Metric rows as one table: column names once, each row an array, money once in account currency.

    Ids and the date come first, then `columns` in the order asked (every metric Pinterest answered,
    sorted, when None). Pinterest's `*_IN_MICRO_DOLLAR` columns (micro-units of the account currency,
    dollars or not) and `*_IN_DOLLAR` ones become one `NAME (CUR)` column in currency units; the
    `DERIVED` metrics are computed from their inputs. Rows without delivery (every metric zero or
    absent) are left out and counted in `omitted_empty_rows`, with the `unanswered` ids Pinterest
    sent no row for (it leaves out what did not deliver). Rows are sorted by date and ids, unless
    `ranked` (Pinterest's order is the answer: top Pins) or `sort_by` names a column (descending;
    `NAME:asc` ascending).
    `top` keeps the first rows after sorting; `totals` adds a row summing every row that has delivery
    (in a targeting breakdown, a list of such rows: one per targeting type, `_totals`).
    """
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    leading = [n for n in LEADING if n in seen]
    if columns is None:
        metrics = sorted(n for n in seen if n not in LEADING)
    else:
        metrics = [n for n in dict.fromkeys(ALIASES.get(c, c) for c in columns) if n not in LEADING]
    labelled: dict[str, str] = {}  # SPEND_IN_DOLLAR and SPEND_IN_MICRO_DOLLAR are one SPEND (CUR) column
    for name in metrics:
        labelled.setdefault(_label(name, currency), name)
    metrics = list(labelled.values())
    raw = [n for n in seen if n not in LEADING]
    places = _money_decimals(currency)
    delivered = [r for r in rows if _delivered(r, raw)]
    names = leading + metrics
    shown = [[_cell(r, n, places) for n in names] for r in delivered]
    if sort_by is not None:
        name = ALIASES.get(sort_by.removesuffix(":asc"), sort_by.removesuffix(":asc"))
        index = names.index(name) if name in names else None
        if index is not None:
            present = [r for r in shown if r[index] is not None]
            present.sort(key=lambda r: _sort_key(r[index]), reverse=not sort_by.endswith(":asc"))
            shown = present + [r for r in shown if r[index] is None]
    elif not ranked:
        shown.sort(key=lambda cells: tuple(str(c) for c in cells[: len(leading)]))
    labels = [_label(n, currency) for n in names]
    if "DATE" in leading:
        _year_in_header(shown, labels, names.index("DATE"))
    out: dict[str, Any] = {"columns": labels}
    out["rows"] = shown[:top] if top else shown
    out["row_count"] = len(out["rows"])
    if len(out["rows"]) < len(shown):
        out["matched_rows"] = len(shown)
    omitted = len(rows) - len(delivered) + unanswered
    if omitted:
        out["omitted_empty_rows"] = omitted
    if totals:
        out["totals"] = _totals(delivered, raw, leading, metrics, places)
    return out


BREAKDOWN = "TARGETING_TYPE"
"""The column that says which breakdown a row belongs to: each type's rows add up to the spend again."""


def _totals(
    rows: list[dict[str, Any]], raw: list[str], leading: list[str], metrics: list[str], places: int
) -> list[Any]:
    """The totals row; in a breakdown table one row per targeting type, as rows of the table.

    Rows of two targeting types (AGE_BUCKET and GENDER) each split the same spend: summing both
    would count it twice. So a table with a TARGETING_TYPE column totals each type on its own,
    the type in its column and TOTAL in TARGETING_VALUE.
    """

    def row(part: list[dict[str, Any]], cells: dict[str, Any]) -> list[Any]:
        summed = _sum(part, raw)
        return [cells.get(n) for n in leading] + [_cell(summed, n, places) for n in metrics]

    if BREAKDOWN not in leading:
        return row(rows, {leading[0]: "TOTAL"} if leading else {})
    types = dict.fromkeys(r.get(BREAKDOWN) for r in rows)
    return [
        row([r for r in rows if r.get(BREAKDOWN) == kind], {BREAKDOWN: kind, "TARGETING_VALUE": "TOTAL"})
        for kind in types
    ]


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


def rows_of(kind: str, data: Any) -> Rows:
    """A table view's answer as flat rows, whatever shape Pinterest gives its metric rows."""
    row_shape = ROW_SHAPES.get(kind)
    return row_shape(data) if row_shape else (data if isinstance(data, list) else [])


def metric_table(kind: str, data: Any, currency: str | None, **shape: Any) -> dict[str, Any]:
    """The table of a table view's answer; `shape` is passed on to `table` (columns, sort_by, top, totals)."""
    return table(rows_of(kind, data), currency, ranked=kind in RANKED, **shape)


def dumps(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


MAX_RESULT_TOKENS = 10_000
"""The largest answer we hand the model, in estimated cl100k tokens (a tenth of a small context)."""
_PIECES = re.compile(r" ?[A-Za-z]{1,8}|[0-9]{1,3}|[^\x00-\x7f]|[^A-Za-z0-9\s\x80-\U0010ffff]{1,2}|\s+")


def estimate_tokens(text: str) -> int:
    """cl100k tokens of JSON `text`, roughly, without the tokenizer (a test-only dependency).

    cl100k reads a word with its leading space as one token (a long one in pieces), digits in
    threes, ASCII punctuation in pairs (`","`), and other characters one or more each. On metric
    tables this is within a few percent; on prose and schemas it errs high, the safe side for a cap.
    """
    return len(_PIECES.findall(text))


def fitting(result: dict[str, Any], limit: int = MAX_RESULT_TOKENS, key: str = "items") -> int:
    """How many of `result[key]` fit in about `limit` tokens with the rest of `result`: the largest prefix."""
    items = result.get(key)
    if not isinstance(items, list):
        return 0
    if estimate_tokens(dumps(result)) <= limit:
        return len(items)
    low, high = 0, len(items)
    while low < high:
        mid = (low + high + 1) // 2
        if estimate_tokens(dumps({**result, key: items[:mid]})) <= limit:
            low = mid
        else:
            high = mid - 1
    return low


def cap(
    result: dict[str, Any],
    limit: int = MAX_RESULT_TOKENS,
    key: str = "items",
    *,
    kept: int | None = None,
    resume: str | None = None,
) -> dict[str, Any]:
    """Trim a list result to about `limit` tokens, saying how many it left out and how to go on.

    `kept` is `fitting`'s count when the caller already has it. The result's own bookmark resumes
    after its last item, so it would skip the ones left out: a trimmed list carries `resume`
    instead (the bookmark after the kept items, `PinterestClient.bookmark_after`), or none.
    """
    items = result.get(key)
    if not isinstance(items, list):
        return result
    low = fitting(result, limit, key) if kept is None else kept
    if low >= len(items):
        return result
    trimmed = {name: value for name, value in result.items() if name != "bookmark"}
    left = f"{len(items) - low:,} more{' and more beyond them' if result.get('bookmark') else ''} left out"
    if key == "rows":
        how = "top, sort_by, fewer ids or columns, a coarser granularity or a shorter date range"
        go_on = f"narrow with {how}"
    else:
        how = "ids, filters, fewer fields or a smaller max_items"
        go_on = "the bookmark resumes after the last shown" if resume else "no bookmark resumes inside this list"
        go_on += f"; or narrow with {how}"
        if resume:
            trimmed["bookmark"] = resume
    return {
        **trimmed,
        key: items[:low],
        "count" if key == "items" else "row_count": low,
        "truncated": f"showing {low:,} of {len(items):,} {key} ({left}) to stay under ~{limit:,} tokens; {go_on}",
    }
