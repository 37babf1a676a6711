"""`pinterest-mcp call <analytics tool> --format chart`: the performance chart, drawn in the terminal.

An analytics answer is one table (`columns` + `rows`, entities named in a map or a column beside
their ids). By day, it becomes one line per entity: the `TOP` entities by the metric's total, the
rest folded into one line when the metric adds up (spend, clicks) and left out, saying so, when it
is a ratio (CPA, CTR), since a group's ratio is not the sum of its members'. A `comparison` table in
the answer (the window before) is drawn in each line's colour with a dotted marker, day by day
beside the current window. Without a date column (TOTAL, top Pins) it is a bar per entity.

Drawn with plotext, imported only when a chart is drawn: neither the server nor another format
loads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

TOP = 5
"""Entities drawn one line each; the rest are folded (or left out, for a ratio)."""
BAR_TOP = 10
"""Entities drawn one bar each when the answer has no dates."""
ID_ORDER = ("AD_ID", "PIN_ID", "AD_GROUP_ID", "PRODUCT_GROUP_ID", "CAMPAIGN_ID", "AD_ACCOUNT_ID")
NAME_OF = {"AD_ID": "AD_NAME", "PIN_ID": "PIN_TITLE", "AD_GROUP_ID": "AD_GROUP_NAME", "CAMPAIGN_ID": "CAMPAIGN_NAME"}
RATIO = re.compile(r"^(CTR|CPC|CPM|CPA|ROAS)\b|_RATE\b|\(%\)|^ECPC|^ECPM|^ECTR|^CPV")
"""Metrics that are ratios: averaged, never summed, never folded."""
NOT_METRIC = re.compile(r"^DATE\b|_ID$|_NAME$|_TITLE$|^TARGETING_")
CHART_TOOLS = (
    "get_ad_account_analytics",
    "get_campaign_analytics",
    "get_ad_group_analytics",
    "get_ad_analytics",
    "get_ad_pin_analytics",
    "get_product_group_analytics",
    "get_pin_analytics",
    "get_multi_pin_analytics",
    "get_user_account_analytics",
    "get_top_pins",
    "get_top_video_pins",
    "run_report",
)
"""The tools whose answers are metric tables to draw (targeting breakdowns are tables by segment: table format)."""
MARKERS = ("*", "+", "o", "x", "#", "%")
"""One per line, so lines are told apart without colour too (piped, or a colourless terminal)."""
COMPARISON_MARKER = "·"


class ChartError(ValueError):
    """An answer, or a tool, with nothing to draw: the message says what to do instead."""


def refusal(tool: str) -> str | None:
    """Why `tool`'s answer cannot be a chart, with what to do instead; None when it can."""
    if tool in CHART_TOOLS:
        return None
    return (
        f"--format chart draws analytics answers; {tool} answers no metrics by day. Use --format table (or "
        f"json, csv) for it, or chart an analytics tool: `pinterest-mcp call get_campaign_analytics --demo "
        f"ad_account_id=ID campaign_ids=ID,ID date_range=last_30_days --format chart`."
    )


@dataclass
class Entity:
    id: str
    name: str | None
    cells: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Shape:
    """Where a table keeps its dates, entity ids and names, and which columns are metrics."""

    columns: list[str]
    date_at: int | None
    id_at: int | None
    name_at: int | None
    names: dict[str, str]
    metrics: list[int]


def shape(data: dict[str, Any]) -> Shape:
    columns = [str(c) for c in data.get("columns") or []]
    rows = data.get("rows") or []
    date_at = next((i for i, c in enumerate(columns) if c.startswith("DATE")), None)
    id_name = next((c for c in ID_ORDER if c in columns), None)
    name_column = NAME_OF.get(id_name or "")
    names = data.get(name_column or "") if name_column else None
    metrics = [
        i
        for i, c in enumerate(columns)
        if i != date_at
        and not NOT_METRIC.search(c)
        and any(isinstance(r[i], int | float) and not isinstance(r[i], bool) for r in rows)
    ]
    return Shape(
        columns=columns,
        date_at=date_at,
        id_at=columns.index(id_name) if id_name else None,
        name_at=columns.index(name_column) if name_column in columns else None,
        names={str(k): str(v) for k, v in names.items()} if isinstance(names, dict) else {},
        metrics=metrics,
    )


def entities(data: dict[str, Any], s: Shape) -> tuple[list[str], list[Entity]]:
    """The days in order and one entity per id, each with its row of each day."""
    days: list[str] = []
    by_id: dict[str, Entity] = {}
    for row in data.get("rows") or []:
        day = str(row[s.date_at]) if s.date_at is not None else "all"
        if day not in days:
            days.append(day)
        key = str(row[s.id_at]) if s.id_at is not None else "all"
        name = row[s.name_at] if s.name_at is not None else s.names.get(key)
        entity = by_id.setdefault(key, Entity(key, str(name) if name else None))
        entity.cells[day] = row
    return sorted(days), list(by_id.values())


def metric_index(s: Shape, metric: str | None) -> int:
    """The column to draw: `metric` (a column or its start, `SPEND` for `SPEND (USD)`), else the first metric."""
    if not s.metrics:
        raise ChartError("this answer has no metric to draw (no rows with numbers); try a longer date range")
    if metric is None:
        return s.metrics[0]
    wanted = metric.upper()
    for i in s.metrics:
        if s.columns[i] == wanted or s.columns[i].startswith(f"{wanted} ") or s.columns[i].startswith(f"{wanted}_"):
            return i
    shown = ", ".join(s.columns[i] for i in s.metrics)
    raise ChartError(f"no metric {metric!r} in this answer; it has {shown} (ask for more with columns=...)")


def _value(entity: Entity, day: str, index: int) -> float | None:
    row = entity.cells.get(day)
    value = row[index] if row is not None else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _total(entity: Entity, index: int) -> float:
    return sum(v for day in entity.cells if (v := _value(entity, day, index)) is not None)


@dataclass
class Series:
    label: str
    values: list[float | None]
    previous: list[float | None] | None = None


def series(data: dict[str, Any], index: int, s: Shape, top: int = TOP) -> tuple[list[str], list[Series], list[str]]:
    """The days, the lines to draw (top entities, then the rest folded) and notes on what is not drawn."""
    days, found = entities(data, s)
    label = s.columns[index]
    ratio = bool(RATIO.search(label))
    ranked = sorted(found, key=lambda e: -_total(e, index))
    shown, rest = ranked[:top], ranked[top:]
    lines = [Series(e.label, [_value(e, d, index) for d in days]) for e in shown]
    notes: list[str] = []
    if rest and not ratio:
        folded = [
            sum(v for e in rest if (v := _value(e, d, index)) is not None)
            if any(_value(e, d, index) is not None for e in rest)
            else None
            for d in days
        ]
        lines.append(Series(f"{len(rest)} more, folded", folded))
    elif rest:
        notes.append(f"{len(rest)} more not drawn: a ratio of a group is not the sum of its members")
    comparison = data.get("comparison")
    if isinstance(comparison, dict) and isinstance(comparison.get("rows"), list):
        before = shape(comparison)
        if label in before.columns:
            at = before.columns.index(label)
            then_days, then = entities(comparison, before)
            by_id = {e.id: e for e in then}
            for line, entity in zip(lines, shown, strict=False):
                if entity.id in by_id:
                    line.previous = [_value(by_id[entity.id], d, at) for d in then_days]
            notes.append(f"{COMPARISON_MARKER} marks the window before ({then_days[0]} to {then_days[-1]}), day by day")
    return days, lines, notes


def chart(data: Any, metric: str | None = None, *, width: int = 100, height: int = 24, color: bool = False) -> str:
    """The answer `data` of an analytics tool as a terminal chart (text; ANSI colours only with `color`)."""
    if not (isinstance(data, dict) and isinstance(data.get("columns"), list) and isinstance(data.get("rows"), list)):
        raise ChartError("this answer is not an analytics table; print it with --format table")
    s = shape(data)
    index = metric_index(s, metric)
    days, lines, notes = series(data, index, s, top=TOP if s.date_at is not None else BAR_TOP)
    label = s.columns[index]

    import plotext as plt  # only when a chart is drawn

    plt.clf()
    plt.plotsize(width, height)
    plt.theme("default" if color else "clear")
    if s.date_at is None:  # one value per entity: a bar each
        totals = [sum(v for v in line.values if v is not None) for line in lines]
        plt.bar([line.label[:40] for line in lines], totals, orientation="horizontal", width=0.5)
        kind = s.columns[s.id_at].removesuffix("_ID").replace("_", " ").lower() if s.id_at is not None else "row"
        plt.title(f"{label}, one bar per {kind}")
    else:
        x = list(range(len(days)))
        for line, marker in zip(lines, MARKERS, strict=False):
            if line.previous:
                points = [(i, v) for i, v in enumerate(line.previous[: len(days)]) if v is not None]
                if points:
                    plt.plot(
                        [p[0] for p in points],
                        [p[1] for p in points],
                        marker=COMPARISON_MARKER,
                        label=f"{line.label} (before)",
                    )
            points = [(i, v) for i, v in enumerate(line.values) if v is not None]
            if points:
                plt.plot([p[0] for p in points], [p[1] for p in points], marker=marker, label=line.label)
        step = max(1, len(days) // 8)
        ticks = x[::step]
        plt.xticks(ticks, [days[i] for i in ticks])
        plt.title(f"{label} by day ({s.columns[s.date_at]})")
    text: str = plt.build()
    plt.clf()
    if not color:
        text = plt.uncolorize(text)
    return "\n".join([text.rstrip(), *notes])
