"""Request-body validation against the shapes the spec documents, naming the offending field.

Each write describes its body once as ``Spec`` values (type, nullability, enum, bounds, nested
properties) and ``check`` walks a body with them, raising the same 400 / code 1 ``ApiError`` as
query parameters do; a bulk write turns that error into the item's exception instead. Keys the
spec does not list are ignored, as Pinterest ignores them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from pinterest_mcp.emulator.http.errors import invalid

DIGITS = r"^\d+$"
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}
_ARTICLES = {"integer": "an integer", "array": "an array", "object": "an object"}


@dataclass(frozen=True)
class Spec:
    """One JSON value as the spec describes it; ``properties`` and ``required`` apply to objects."""

    kind: str
    nullable: bool = False
    enum: Collection[Any] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    items: Spec | None = None
    min_items: int | None = None
    max_items: int | None = None
    properties: Mapping[str, Spec] | None = None
    required: tuple[str, ...] = ()


def text(max_length: int | None = None, *, nullable: bool = False, min_length: int | None = None) -> Spec:
    """A string, optionally bounded."""
    return Spec("string", nullable=nullable, min_length=min_length, max_length=max_length)


def one_of(values: Collection[Any], *, nullable: bool = False) -> Spec:
    """A string enum."""
    return Spec("string", nullable=nullable, enum=values)


def digits(*, nullable: bool = False) -> Spec:
    """A numeric id in a string."""
    return Spec("string", nullable=nullable, pattern=DIGITS)


def string_list(item: Spec | None = None, *, nullable: bool = False, max_items: int | None = None) -> Spec:
    """An array of strings (or of ``item``)."""
    return Spec("array", nullable=nullable, items=item or Spec("string"), max_items=max_items)


def check(body: Mapping[str, Any], fields: Mapping[str, Spec], required: tuple[str, ...] = (), where: str = "") -> None:
    """Validate the keys of ``body`` that ``fields`` describes; ``where`` prefixes nested names."""
    for name in required:
        if name not in body:
            raise invalid(f"Missing required field: {where}{name}.")
    for name, spec in fields.items():
        if name in body:
            check_value(body[name], spec, f"{where}{name}")


def check_value(value: Any, spec: Spec, name: str) -> None:
    """Validate one value; the error names ``name`` and what was expected."""
    if value is None:
        if spec.nullable:
            return
        raise invalid(f"Invalid {name}: must not be null.")
    if not _is_kind(value, spec.kind):
        raise invalid(f"Invalid {name}: {_shown(value)} must be {_ARTICLES.get(spec.kind, 'a ' + spec.kind)}.")
    if spec.enum is not None and value not in spec.enum:
        raise invalid(f"Invalid {name}: {value!r} is not one of {', '.join(map(str, spec.enum))}.")
    if spec.pattern is not None and not re.fullmatch(spec.pattern.strip("^$"), value):
        raise invalid(f"Invalid {name}: {value!r} must match {spec.pattern}.")
    if spec.minimum is not None and value < spec.minimum:
        raise invalid(f"Invalid {name}: {value!r} must be at least {spec.minimum:g}.")
    if spec.maximum is not None and value > spec.maximum:
        raise invalid(f"Invalid {name}: {value!r} must be at most {spec.maximum:g}.")
    if spec.min_length is not None and len(value) < spec.min_length:
        at_least = (
            "must not be empty" if spec.min_length == 1 else f"must be at least {spec.min_length} characters long"
        )
        raise invalid(f"Invalid {name}: {at_least}.")
    if spec.max_length is not None and len(value) > spec.max_length:
        raise invalid(f"Invalid {name}: must be at most {spec.max_length} characters long.")
    if spec.kind == "array":
        _check_array(value, spec, name)
    if spec.kind == "object" and spec.properties is not None:
        check(value, spec.properties, spec.required, where=f"{name}.")


def _is_kind(value: Any, kind: str) -> bool:
    """Whether ``value`` is the JSON ``kind`` (a bool is no number); a function so ``value`` stays ``Any``."""
    return isinstance(value, _JSON_TYPES[kind]) and (kind == "boolean" or not isinstance(value, bool))


def _check_array(value: list[Any], spec: Spec, name: str) -> None:
    if spec.min_items is not None and len(value) < spec.min_items:
        raise invalid(f"Invalid {name}: needs at least {spec.min_items} items.")
    if spec.max_items is not None and len(value) > spec.max_items:
        raise invalid(f"Invalid {name}: allows at most {spec.max_items} items.")
    if spec.items is not None:
        for index, item in enumerate(value):
            check_value(item, spec.items, f"{name}[{index}]")


def _shown(value: Any) -> str:
    shown = json.dumps(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


async def json_body(request: Request) -> Any:
    """The decoded JSON body; 400 when it is missing or not JSON."""
    raw = await request.body()
    if not raw.strip():
        raise invalid("Missing request body: this operation needs a JSON body.")
    try:
        return json.loads(raw)
    except ValueError:
        raise invalid("Invalid request body: it is not valid JSON.") from None


async def json_object(request: Request) -> dict[str, Any]:
    """The JSON body of a single-object write; 400 unless it is a JSON object."""
    body = await json_body(request)
    if not isinstance(body, dict):
        raise invalid("Invalid request body: it must be a JSON object.")
    return body
