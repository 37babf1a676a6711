"""How `pinterest-mcp call` prints a tool's answer: a table for a person, JSON, JSON lines or CSV for a script.

Tool answers come in three shapes: a list (`items`, or the first list of objects such as a plan's
`changes`), an analytics table (`columns` + `rows`), or one object. `rows_of` turns each into
columns and rows once, and every format renders those; what is left over (a count, a bookmark, a
plan's `next`) is printed under a table and kept in JSON.

Only the table needs `rich`, and it is imported when a table is printed: a server never loads it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

FORMATS = ("table", "json", "jsonl", "csv")
_CELL = 60
"""Characters of a nested value shown in a table cell; the JSON formats keep it whole."""


@dataclass(frozen=True)
class Rows:
    columns: list[str]
    rows: list[list[Any]]
    notes: dict[str, Any] = field(default_factory=dict)
    """The answer's other top-level fields (count, bookmark, next, …)."""
    record: bool = False
    """One object shown as field/value rows rather than a list."""
    objects: list[Any] | None = None
    """The list's items as the tool gave them, when the rows were made from objects."""


def rows_of(data: Any) -> Rows:
    """Columns and rows for any tool answer."""
    if isinstance(data, dict) and isinstance(data.get("columns"), list) and isinstance(data.get("rows"), list):
        notes = {k: v for k, v in data.items() if k not in ("columns", "rows")}
        return Rows([str(c) for c in data["columns"]], [list(r) for r in data["rows"]], notes)
    if isinstance(data, list) and all(isinstance(item, dict) for item in data):
        return _objects(data, {})
    if isinstance(data, dict):
        key = _first_object_list(data)
        if key is not None:
            return _objects(data[key], {k: v for k, v in data.items() if k != key})
        return Rows(["field", "value"], [[k, v] for k, v in data.items()], record=True)
    return Rows(["value"], [[data]], record=True)


_MAIN_LISTS = ("items", "now", "changes")
"""A list answer's items, an applied write's state read back, a plan's changes: the list a person wants."""


def _first_object_list(data: dict[str, Any]) -> str | None:
    if isinstance(data.get("items"), list):
        return "items"
    lists = [k for k, v in data.items() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)]
    return next((k for k in _MAIN_LISTS if k in lists), lists[0] if lists else None)


def _objects(items: Sequence[Any], notes: dict[str, Any]) -> Rows:
    columns: list[str] = []
    for item in items:
        for key in item if isinstance(item, dict) else ():
            if key not in columns:
                columns.append(key)
    rows = [[item.get(c) if isinstance(item, dict) else item for c in columns] for item in items]
    return Rows(columns, rows, notes, objects=list(items))


def readable_columns(columns: Sequence[str]) -> list[int]:
    """Indexes of the columns a person needs: a raw micro-unit column goes when its readable twin is there.

    `SPEND_IN_MICRO_DOLLAR` beside `SPEND (USD)`, `daily_spend_cap` beside `daily_spend_cap_amount`,
    `budget_in_micro_currency` beside `budget_amount`.
    """
    names = set(columns)
    keep = []
    for index, name in enumerate(columns):
        base = name.removesuffix("_IN_MICRO_DOLLAR")
        twin_analytics = base != name and any(c.startswith(f"{base} (") for c in names)
        stem = name.removesuffix("_in_micro_currency")
        twin_record = f"{name}_amount" in names or (stem != name and f"{stem}_amount" in names)
        if not (twin_analytics or twin_record):
            keep.append(index)
    return keep


def cell(value: Any, *, limit: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = (
        json.dumps(value, ensure_ascii=False, separators=(",", ":")) if isinstance(value, dict | list) else str(value)
    )
    if limit is not None and len(text) > limit:
        return text[: limit - 1] + "…"
    return text


def is_id_column(name: str) -> bool:
    """`id`, `campaign_id`, `CAMPAIGN_ID`: a value a person copies whole, so a table never splits it."""
    return name.lower() == "id" or name.lower().endswith("_id")


_EPOCH_SECONDS = (1_000_000_000, 10_000_000_000)  # 2001-09-09 to 2286: Unix seconds
_EPOCH_MILLISECONDS = (1_000_000_000_000, 10_000_000_000_000)


def is_time_column(name: str) -> bool:
    """`created_time`, `updated_time`, `start_time`, `at`: Pinterest's times are Unix seconds."""
    lowered = name.lower()
    return lowered in ("time", "at") or lowered.endswith(("_time", "_at"))


def time_cell(value: Any) -> str | None:
    """A Unix time in seconds (or milliseconds) as an ISO date and time in UTC; None for anything else."""
    from datetime import UTC, datetime

    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    seconds = float(value)
    if _EPOCH_MILLISECONDS[0] <= seconds < _EPOCH_MILLISECONDS[1]:
        seconds /= 1000
    elif not _EPOCH_SECONDS[0] <= seconds < _EPOCH_SECONDS[1]:
        return None
    moment = datetime.fromtimestamp(seconds, UTC)
    return moment.strftime("%Y-%m-%d" if seconds % 86_400 == 0 else "%Y-%m-%d %H:%M:%SZ")  # a day, or a moment


def table_cell(column: str, value: Any, *, limit: int | None) -> str:
    """A cell as a table shows it: times as ISO dates in UTC (the JSON formats keep the numbers)."""
    shown = time_cell(value) if is_time_column(column) else None
    return shown if shown is not None else cell(value, limit=limit)


def render_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def render_jsonl(data: Any) -> str:
    """One JSON object a line: a list's items, an analytics table's rows keyed by column, or the object."""
    table = rows_of(data)
    if table.record:
        return json.dumps(data, ensure_ascii=False)
    if table.objects is not None:  # each item as the tool gave it, without the other items' keys
        return "\n".join(json.dumps(item, ensure_ascii=False) for item in table.objects)
    return "\n".join(json.dumps(dict(zip(table.columns, row, strict=True)), ensure_ascii=False) for row in table.rows)


def render_csv(data: Any) -> str:
    table = rows_of(data)
    if table.record and isinstance(data, dict):  # one object: one row under its field names
        table = Rows(list(data), [list(data.values())])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([cell(v) for v in row] for row in table.rows)
    return out.getvalue().rstrip("\n")


def print_table(data: Any, stream: TextIO) -> None:
    """A `rich` table sized to the terminal, then the answer's other fields, one a line."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text  # cells as plain Text: a name holding "[b]" is not markup

    console = Console(file=stream, highlight=False, soft_wrap=False)
    table = rows_of(data)
    keep = list(range(len(table.columns))) if table.record else readable_columns(table.columns)
    grid = Table(show_header=not table.record, header_style="bold", show_lines=False)
    limit = None if table.record else _CELL
    if table.record:  # field/value rows: the field names the value
        cells = [[row[0], table_cell(str(row[0]), row[1], limit=limit)] for row in table.rows]
    else:
        cells = [[table_cell(table.columns[i], row[i], limit=limit) for i in keep] for row in table.rows]
    names = [table.columns[i] for i in keep]
    for position, name in enumerate(names):
        if is_id_column(name) and not table.record:  # never split an id: the other columns wrap instead
            widest = max([len(name), *(len(row[position]) for row in cells)])
            grid.add_column(Text(name), no_wrap=True, min_width=widest, overflow="fold")
        else:
            grid.add_column(Text(name), overflow="fold")
    for row in cells:
        grid.add_row(*(Text(str(value)) for value in row))
    if table.rows:
        console.print(grid)
    else:
        console.print("(no rows)")
    for key, value in table.notes.items():
        console.print(f"{key}: {cell(value)}", markup=False)


def render(data: Any, fmt: str, stream: TextIO) -> None:
    if fmt == "table":
        print_table(data, stream)
        return
    text = {"json": render_json, "jsonl": render_jsonl, "csv": render_csv}[fmt](data)
    print(text, file=stream)
