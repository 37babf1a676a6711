"""The one parameter gate: every route's path and query parameters checked against its operation's spec.

Before a handler runs, ``check_query`` reads what the spec declares for the route's operationId
(type, enum, pattern, minimum/maximum, maxItems, minLength/maxLength, format, required, default)
and answers 400 naming the first bad parameter, in the wording the emulator has always used. The
handler then reads already-checked, typed values from the ``Query`` (``lookup.query_of``): ints,
bools, dates, lists, and the spec's default where it states one. Lists accept repeated keys and
comma-separated values alike, whatever the parameter's ``explode``, as Pinterest's servers do.
Parameters the operation does not declare are ignored, as Pinterest ignores them. An object
parameter of ``style: deepObject`` (the catalog report stats' ``parameters``) is read from its
``name[key]`` keys, nested as ``name[a][b]``, and checked as a body is.

What no spec states stays with the handler: that a bookmark is one this API returned, that a date
range fits a granularity, that an id names an entity of the path's account.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from starlette.datastructures import QueryParams

from pinterest_mcp.emulator.http.bodies import check_value, compile_schema
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.shapes import Schema, document, resolved
from pinterest_mcp.spec.facts import operation_facts, resolve

_BOOLEANS = {"true": True, "false": False}
_NUMERIC_ID = r"^\d+$"
_BRACKETS = re.compile(r"\[([^\[\]]+)\]")


@dataclass(frozen=True)
class Parameter:
    """One path or query parameter of an operation, its schema resolved (``$ref``s followed)."""

    name: str
    location: str
    required: bool
    schema: Schema
    style: str = "form"


@cache
def parameters(operation_id: str) -> tuple[Parameter, ...]:
    """The path parameters (in path order), then the query parameters the spec declares for ``operation_id``."""
    declared = document()["operations"][operation_id].get("parameters", {})
    path = operation_facts(operation_id).path
    ordered = sorted(declared.items(), key=lambda item: (item[1]["in"] != "path", path.find("{" + item[0]), item[0]))
    return tuple(
        Parameter(name, entry["in"], bool(entry.get("required")), resolved(entry["schema"]), entry.get("style", "form"))
        for name, entry in ordered
        if entry["in"] in ("path", "query")
    )


def enum_of(operation_id: str, name: str) -> tuple[Any, ...]:
    """The values the spec allows for a parameter (its items' for a list), for a handler that enumerates them."""
    schema = next(p.schema for p in parameters(operation_id) if p.name == name)
    return tuple(_enum(resolved(schema["items"]) if schema.get("type") == "array" else schema) or ())


class Query(dict[str, Any]):
    """The checked query: each declared parameter that was given (or has a spec default), typed.

    The accessors type what a handler reads; a parameter that is absent and has no default reads
    as None (``text``, ``number``, ``day``), an empty list (``texts``) or False (``flag``).
    """

    def text(self, name: str) -> str | None:
        """A string parameter (an enum value, an id, free text)."""
        value = self.get(name)
        return None if value is None else str(value)

    def texts(self, name: str) -> list[str]:
        """A list parameter's values, in the order given (a single-valued one as a list of one)."""
        value = self.get(name)
        if value is None:
            return []
        return [str(item) for item in value] if isinstance(value, list) else [str(value)]

    def number(self, name: str) -> int | None:
        """An integer parameter."""
        value = self.get(name)
        return None if value is None else int(value)

    def flag(self, name: str) -> bool:
        """A boolean parameter."""
        return bool(self.get(name, False))

    def day(self, name: str) -> date:
        """A date parameter the spec requires (or the handler checked is present)."""
        value = self.get(name)
        if not isinstance(value, date):
            raise invalid(f"Missing required parameter: {name}.")
        return value


def check_query(operation_id: str, query: QueryParams, path: Mapping[str, str]) -> Query:
    """The typed query of one request to ``operation_id``; 400 naming the first bad path or query parameter.

    Path parameters are checked (a malformed id, a value outside the spec's enum) and left where
    the handler reads them, ``request.path_params``.
    """
    checked = Query()
    for parameter in parameters(operation_id):
        if parameter.location == "path":
            _scalar(parameter.name, parameter.schema, path[parameter.name])
            continue
        value = _parameter(parameter, query)
        if value is not None:
            checked[parameter.name] = value
    return checked


def _parameter(parameter: Parameter, query: QueryParams) -> Any:
    name, schema = parameter.name, parameter.schema
    if parameter.style == "deepObject":
        return _deep_object(parameter, query)
    if schema.get("type") == "array":
        items = [part for raw in query.getlist(name) for part in raw.split(",") if part != ""]
        if not items:
            return _absent(parameter)
        limit = schema.get("maxItems")
        if limit is not None and len(items) > limit:
            noun = "ids" if resolved(schema["items"]).get("pattern") == _NUMERIC_ID else "values"
            raise invalid(f"Invalid {name}: at most {limit} {noun} are allowed.")
        item_schema = resolved(schema["items"])
        return [_scalar(name, item_schema, item) for item in items]
    raw = query.get(name)
    if raw is None or raw == "":
        return _absent(parameter)
    return _scalar(name, schema, raw)


def _deep_object(parameter: Parameter, query: QueryParams) -> Any:
    """A ``style: deepObject`` object from its ``name[key]`` (nested: ``name[a][b]``) keys, checked as a body is."""
    found: dict[str, Any] = {}
    for key, raw in query.multi_items():
        if not key.startswith(parameter.name + "["):
            continue
        path = _BRACKETS.findall(key[len(parameter.name) :])
        if not path or "".join(f"[{part}]" for part in path) != key[len(parameter.name) :]:
            raise invalid(f"Invalid {parameter.name}: {key!r} is not a {parameter.name}[key] parameter.")
        at = found
        for part in path[:-1]:
            inner = at.setdefault(part, {})
            if not isinstance(inner, dict):
                raise invalid(f"Invalid {parameter.name}: {key!r} sets a value and an object at once.")
            at = inner
        at[path[-1]] = raw
    if not found:
        return _absent(parameter)
    check_value(found, compile_schema(parameter.schema), parameter.name)
    return found


def _absent(parameter: Parameter) -> Any:
    if parameter.required:
        raise invalid(f"Missing required parameter: {parameter.name}.")
    default = parameter.schema.get("default")
    return list(default) if isinstance(default, list) else default


def _scalar(name: str, schema: Schema, raw: str) -> Any:
    """One value checked against its (item) schema: the spec's type, enum, bounds, pattern, format."""
    allowed = _enum(schema)
    kind = schema.get("type")
    if kind == "boolean":
        if raw.lower() not in _BOOLEANS:
            raise invalid(f"Invalid {name}: {raw!r} must be true or false.")
        return _BOOLEANS[raw.lower()]
    if kind == "integer" or (kind == "number" and allowed is not None):  # a number enum: whole days (lookback)
        number = int(raw) if raw.isdigit() else None
        if allowed is not None:
            if number not in allowed:
                raise invalid(f"Invalid {name}: {raw!r} is not one of {_choices(allowed)}.")
            return number
        low, high = schema.get("minimum"), schema.get("maximum")
        if number is None or (low is not None and number < low) or (high is not None and number > high):
            bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
            raise invalid(f"Invalid {name}: {raw!r} must be an integer {bounds}.")
        return number
    if allowed is not None and raw not in allowed:
        raise invalid(f"Invalid {name}: {raw!r} is not one of {_choices(allowed)}.")
    if schema.get("format") == "date":
        return parse_date(name, raw)
    pattern, longest = schema.get("pattern"), schema.get("maxLength")
    if pattern == _NUMERIC_ID:
        if not raw.isdigit() or (longest is not None and len(raw) > longest):
            raise invalid(f"Invalid {name}: {raw!r} must be a numeric id.")
        return raw
    if pattern is not None and not re.search(pattern, raw):
        raise invalid(f"Invalid {name}: {raw!r} must match {pattern}.")
    shortest = schema.get("minLength", 0)
    if len(raw) < shortest or (longest is not None and len(raw) > longest):
        raise invalid(f"Invalid {name}: {raw!r} must be {shortest} to {longest} characters.")
    return raw


def _enum(schema: Schema) -> list[Any] | None:
    """The values a schema allows: its enum, or the union of its ``oneOf`` branches' enums."""
    if "enum" in schema:
        return [value for value in schema["enum"] if value is not None]
    branches = [resolve(document(), branch) for branch in schema.get("oneOf", ())]
    if branches and all("enum" in branch for branch in branches):
        return list(dict.fromkeys(value for branch in branches for value in branch["enum"]))
    return None


def parse_date(name: str, raw: str) -> date:
    """A ``YYYY-MM-DD`` date, or 400 naming ``name``."""
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise invalid(f"Invalid {name}: {raw!r} must be a date in YYYY-MM-DD format.") from None


def _choices(allowed: list[Any]) -> str:
    """The allowed values for an error message; long vocabularies (analytics columns) are summarized."""
    if len(allowed) > 20:
        return f"the {len(allowed)} values the API documents"
    return ", ".join(map(str, allowed))
