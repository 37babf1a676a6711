"""A tool's arguments for a person: what `call TOOL --help` and `tools --args` print, from the tool's schema.

The schema is the validating one (`schema.input_schema`, with id patterns and limits), not the
trimmed copy a model is served, so the help says everything validation will enforce. The same
schema tells `call` how to read `NAME=VALUE` from a shell (`parse_value`): a string stays text
(digit ids stay strings), a list takes `A,B` as well as JSON, anything else is JSON where it parses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

_ENUM_SHOWN = 8
_ID_PATTERNS = (r"^[0-9]+$", r"^\d+$")


@dataclass(frozen=True)
class ToolDoc:
    name: str
    description: str
    schema: dict[str, Any]
    access: str
    toolset: str


def _options(prop: dict[str, Any]) -> list[dict[str, Any]]:
    """The non-null alternatives of a property (`anyOf` arms, or the property itself)."""
    arms = prop.get("anyOf") or prop.get("oneOf")
    if not arms:
        return [prop]
    return [arm for arm in arms if arm.get("type") != "null"] or [prop]


def _types(prop: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for arm in _options(prop):
        kind = arm.get("type")
        if isinstance(kind, list):
            out.update(k for k in kind if k != "null")
        elif isinstance(kind, str):
            out.add(kind)
        elif "enum" in arm:
            out.update("string" if isinstance(v, str) else "integer" for v in arm["enum"])
    return out


def _range(arm: dict[str, Any], low: str, high: str, unit: str = "") -> str:
    lo, hi = arm.get(low), arm.get(high)
    if lo is not None and hi is not None:
        return f"{lo}-{hi}{unit}"
    if lo is not None:
        return f"≥{lo}{unit}"
    if hi is not None:
        return f"≤{hi}{unit}"
    return ""


def describe(prop: dict[str, Any]) -> str:
    """`id`, `integer 1-250`, `list of ACTIVE|PAUSED, 1-250 items`, `number ≥0 or string` and so on."""
    parts = [_describe_arm(arm) for arm in _options(prop)]
    return " or ".join(dict.fromkeys(p for p in parts if p)) or "any"


def _describe_arm(arm: dict[str, Any]) -> str:
    if "enum" in arm:
        values = [str(v) for v in arm["enum"]]
        shown = "|".join(values[:_ENUM_SHOWN]) + ("|…" if len(values) > _ENUM_SHOWN else "")
        return f"one of {shown}"
    kind = arm.get("type")
    if kind == "array":
        items = arm.get("items", {})
        size = _range(arm, "minItems", "maxItems", " items")
        scalar = _types(items) <= {"string", "integer", "number", "boolean"}
        spelling = "A,B or JSON" if scalar and _types(items) else "JSON"
        inner = _describe_arm(items) if items else "values"
        return f"list of {inner} ({', '.join(p for p in (size, spelling) if p)})"
    if kind == "string":
        if arm.get("pattern") in _ID_PATTERNS:
            return "id (digits, as a string)"
        if arm.get("format") == "date":
            return "date YYYY-MM-DD"
        length = _range(arm, "minLength", "maxLength", " chars")
        return f"string {length}".strip()
    if kind in ("integer", "number"):
        return f"{kind} {_range(arm, 'minimum', 'maximum')}".strip()
    if kind == "boolean":
        return "true|false"
    if kind == "object":
        return "object (JSON)"
    return str(kind or "")


def argument_lines(schema: dict[str, Any], indent: str = "  ") -> list[str]:
    """One line per argument: name, required or default, type and limits, description."""
    props: dict[str, Any] = schema.get("properties", {})
    if not props:
        return [f"{indent}(no arguments)"]
    required = set(schema.get("required", []))
    order = [n for n in props if n in required] + [n for n in props if n not in required]
    width = max(len(n) for n in order)
    rows = []
    for name in order:
        prop = props[name]
        need = (
            "required" if name in required else (f"default {json.dumps(prop['default'])}" if "default" in prop else "")
        )
        rows.append((name, need, describe(prop), prop.get("description", "")))
    need_width = max(len(r[1]) for r in rows)
    type_width = min(max(len(r[2]) for r in rows), 48)
    lines = []
    for name, need, kind, text in rows:
        line = f"{indent}{name:<{width}}  {need:<{need_width}}  {kind:<{type_width}}  {text}"
        lines.append(line.rstrip())
    return lines


def tool_help(doc: ToolDoc) -> str:
    lines = [
        f"usage: pinterest-mcp call {doc.name} [NAME=VALUE ...] [--demo] [--yes] [--format FORMAT]",
        "",
        doc.description,
        f"toolset {doc.toolset}, {doc.access}",
        "",
        "arguments (NAME=VALUE; lists as A,B or JSON; ids stay strings):",
        *argument_lines(doc.schema),
        "",
        "`pinterest-mcp call --help` lists the flags (target, limits, output format).",
    ]
    return "\n".join(lines)


def parse_value(raw: str, prop: dict[str, Any]) -> Any:
    """A shell value for one argument, read the way the schema wants it."""
    types = _types(prop)
    if "array" in types and not raw.lstrip().startswith("["):
        arm = next(a for a in _options(prop) if a.get("type") == "array")
        item = arm.get("items", {})
        return [parse_value(part.strip(), item) for part in raw.split(",") if part.strip()]
    if "string" in types:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def nearest_names(name: str, names: list[str], *, n: int = 3, cutoff: float = 0.75) -> list[str]:
    """The known names a misspelt `name` most likely meant, closest first.

    Plain `difflib` closeness, with a name that extends or shortens the typed one (a missing or extra
    plural `s`, a cut-off name) ranked above any other: `list_campaign` means `list_campaigns`, and a
    merely similar-looking `list_pins` is not offered at all under the cutoff.
    """
    import difflib

    typed = name.lower()

    def score(candidate: str) -> float:
        known = candidate.lower()
        ratio = difflib.SequenceMatcher(None, typed, known).ratio()
        return ratio + (1.0 if known.startswith(typed) or typed.startswith(known) else 0.0)

    scored = sorted(((score(c), c) for c in names), key=lambda pair: (-pair[0], pair[1]))
    return [candidate for value, candidate in scored if value >= cutoff][:n]
