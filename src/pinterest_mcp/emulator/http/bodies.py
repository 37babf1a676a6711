"""The one body gate: every JSON request body checked against its operation's request schema in the spec.

Before a handler runs, ``check_body`` walks the body with the schema the committed facts give the
route's operationId (``$ref``, ``allOf`` merged, ``oneOf``/``anyOf``, ``nullable`` and ``type``
lists with "null", ``type``, ``enum``, ``pattern``, bounds, lengths, item counts, ``items``,
``properties``, ``required``) and answers 400 naming the first bad field, in the wording the
emulator has always used. Keys the schema does not list are ignored, as Pinterest ignores them.

A bulk write answers item by item, so for it the gate checks only the envelope: the arrays named
by the route's ``items`` paths are left unchecked, and the bulk loop checks each item with
``check_item`` so a bad item becomes that item's exception while the others apply.

What no schema states (uniqueness, cross-field rules, that an id names an entity of the account)
stays with the handler. Schemas are compiled once per operation, on the first request needing them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from starlette.requests import Request

from pinterest_mcp.emulator.http.body_rules import COMPONENT_RULES, RULES
from pinterest_mcp.emulator.http.errors import ApiError, invalid
from pinterest_mcp.emulator.http.fields import json_body
from pinterest_mcp.emulator.http.shapes import Schema, document, resolved

JSON = "application/json"
_COMPONENTS = "#/components/schemas/"
# Where an item path steps into an array's items: "create.keywords[].keywords".
EACH = "[]"
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}
_ARTICLES = {"integer": "an integer", "array": "an array", "object": "an object"}


@dataclass
class Shape:
    """One JSON value as a request schema describes it, compiled (``allOf`` merged, ``$ref``s followed).

    ``types`` empty allows any JSON type; ``branches`` are the ``oneOf``/``anyOf`` alternatives,
    of which one must fit; ``items`` None leaves an array's items unchecked.
    """

    types: tuple[str, ...] = ()
    nullable: bool = False
    enum: tuple[Any, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    items: Shape | None = None
    properties: dict[str, Shape] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    branches: tuple[Shape, ...] = ()
    # A ``discriminator``: the property naming the branch, and the branch each of its values picks.
    discriminator: str | None = None
    mapping: dict[str, Shape] = field(default_factory=dict)


def body_schema(operation_id: str) -> Schema | None:
    """The JSON request body schema the spec gives ``operation_id``; None when it takes no JSON body."""
    body = document()["operations"][operation_id].get("request_body")
    content: Schema | None = (body or {}).get("content", {}).get(JSON)
    return content


@cache
def body_shape(operation_id: str, items: tuple[str, ...] = ()) -> Shape:
    """The compiled request schema of ``operation_id``, the arrays at ``items`` (bulk item lists) left unchecked."""
    shape = _compiled(operation_id)
    for path in items:
        _array_at(shape, path).items = None
    return shape


@cache
def item_shape(operation_id: str, path: str = "") -> Shape:
    """The compiled schema of one item of the bulk array at ``path`` in ``operation_id``'s body."""
    return _array_at(_compiled(operation_id), path).items or Shape()


def _compiled(operation_id: str) -> Shape:
    """A fresh compile of the operation's narrowed request schema (``body_shape`` prunes its copy)."""
    schema = body_schema(operation_id)
    if schema is None:
        raise KeyError(f"{operation_id} takes no JSON request body")
    return compile_schema(_narrowed(operation_id, schema))


def _narrowed(operation_id: str, schema: Schema) -> Schema:
    """The spec's schema with the emulator's rule for the operation (``body_rules``) as one more ``allOf`` part."""
    rule = RULES.get(operation_id)
    return schema if rule is None else {"allOf": [schema, rule]}


def _array_at(shape: Shape, path: str) -> Shape:
    """The array shape a dotted ``path`` names ("" the body itself; ``[]`` steps into items)."""
    for part in (p for p in path.split(".") if p):
        name, each = (part[: -len(EACH)], True) if part.endswith(EACH) else (part, False)
        shape = shape.properties[name]
        if each:
            if shape.items is None:
                raise KeyError(f"{path}: {name} has no items")
            shape = shape.items
    if "array" not in shape.types:
        raise KeyError(f"{path or 'the body'} is no array")
    return shape


def compile_schema(schema: Schema) -> Shape:
    """A schema (``$ref``s followed, ``allOf`` merged) as a ``Shape``; the spec's body schemas are not recursive."""
    node = _merged(schema)
    kinds = node.get("type")
    types = tuple(kinds) if isinstance(kinds, list) else (kinds,) if kinds else ()
    enum = node.get("enum")
    nullable = bool(node.get("nullable")) or "null" in types or (enum is not None and None in enum)
    low, high = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
    branches: list[Schema] = node.get("oneOf") or node.get("anyOf") or []
    discriminator: Schema = node.get("discriminator") or {}
    return Shape(
        types=tuple(kind for kind in types if kind != "null"),
        nullable=nullable,
        enum=None if enum is None else tuple(value for value in enum if value is not None),
        pattern=node.get("pattern"),
        # OpenAPI 3.0 marks an exclusive bound with a flag; 3.1 gives the bound itself.
        minimum=low if isinstance(low, int | float) and not isinstance(low, bool) else node.get("minimum"),
        maximum=high if isinstance(high, int | float) and not isinstance(high, bool) else node.get("maximum"),
        exclusive_minimum=low is not None and low is not False,
        exclusive_maximum=high is not None and high is not False,
        min_length=node.get("minLength"),
        max_length=node.get("maxLength"),
        min_items=node.get("minItems"),
        max_items=node.get("maxItems"),
        items=compile_schema(node["items"]) if "items" in node else None,
        properties={name: compile_schema(value) for name, value in node.get("properties", {}).items()},
        required=tuple(node.get("required", ())),
        branches=tuple(compile_schema(branch) for branch in branches),
        discriminator=discriminator.get("propertyName"),
        mapping={value: compile_schema({"$ref": ref}) for value, ref in discriminator.get("mapping", {}).items()},
    )


def _merged(schema: Schema) -> Schema:
    """``schema`` resolved, its ``allOf`` parts merged in order and its own keys over them."""
    reference = schema.get("$ref", "")
    node = resolved(schema)
    rule = COMPONENT_RULES.get(reference.rpartition("/")[2]) if reference.startswith(_COMPONENTS) else None
    if rule is not None:
        node = {"allOf": [node, rule]}
    if "allOf" not in node:
        return node
    merged: Schema = {}
    properties: Schema = {}
    required: list[str] = []
    for part in [*(_merged(part) for part in node["allOf"]), node]:
        for name, value in part.get("properties", {}).items():
            # A property two parts describe must fit both (a rule narrows the spec's, never replaces it).
            properties[name] = {"allOf": [properties[name], value]} if name in properties else value
        if "items" in part and "items" in merged:
            merged["items"] = {"allOf": [merged["items"], part["items"]]}
            part = {key: value for key, value in part.items() if key != "items"}
        required.extend(name for name in part.get("required", ()) if name not in required)
        merged.update({key: value for key, value in part.items() if key not in ("allOf", "properties", "required")})
    merged.update(properties=properties, required=required)
    return merged


async def check_body(operation_id: str, request: Request, items: tuple[str, ...] = ()) -> None:
    """400 naming the first field of the request's JSON body that its operation's schema refuses.

    A missing body or one that is no JSON answers the same 400s as ever (``json_body``).
    """
    if body_schema(operation_id) is None:
        return
    check_value(await json_body(request), body_shape(operation_id, items), "")


def check_item(operation_id: str, item: Any, path: str = "") -> None:
    """Check one item of a bulk write (the array at ``path`` of the body); its errors name its own fields."""
    check_value(item, item_shape(operation_id, path), "")


def check_value(value: Any, shape: Shape, name: str) -> None:
    """Validate one value; the error names ``name`` (``""`` for the whole body) and what was expected."""
    if value is None:
        if shape.nullable or any(branch.nullable for branch in shape.branches):
            return
        raise invalid(f"Invalid {name or 'request body'}: must not be null.")
    if shape.types and not any(_is_kind(value, kind) for kind in shape.types):
        raise invalid(_wrong_kind(value, shape, name))
    if shape.discriminator is not None and shape.mapping and isinstance(value, dict):
        _check_discriminated(value, shape, name)
    elif shape.branches:
        _check_branches(value, shape, name)
    if shape.enum is not None and value not in shape.enum:
        raise invalid(f"Invalid {name}: {value!r} is not one of {', '.join(map(str, shape.enum))}.")
    if isinstance(value, str):
        _check_text(value, shape, name)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        _check_number(value, shape, name)
    elif isinstance(value, list):
        _check_array(value, shape, name)
    elif isinstance(value, dict):
        _check_object(value, shape, name)


def _is_kind(value: Any, kind: str) -> bool:
    """Whether ``value`` is the JSON ``kind`` (a bool is no number); a function so ``value`` stays ``Any``."""
    return isinstance(value, _JSON_TYPES[kind]) and (kind == "boolean" or not isinstance(value, bool))


def _wrong_kind(value: Any, shape: Shape, name: str) -> str:
    if not name:
        if shape.types == ("object",):
            return "Invalid request body: it must be a JSON object."
        if shape.types == ("array",) and shape.min_items is not None and shape.max_items is not None:
            return f"Invalid request body: it must be a JSON array of {shape.min_items} to {shape.max_items} objects."
    expected = " or ".join(_ARTICLES.get(kind, "a " + kind) for kind in shape.types)
    return f"Invalid {name or 'request body'}: {_shown(value)} must be {expected}."


def _check_discriminated(value: dict[str, Any], shape: Shape, name: str) -> None:
    """The branch the discriminator property names must fit (the property is required, its values the mapping's)."""
    key = shape.discriminator
    where = f"{name}." if name else ""
    if key not in value:
        raise invalid(f"Missing required field: {where}{key}.")
    chosen = value[key]
    if chosen not in shape.mapping:
        raise invalid(f"Invalid {where}{key}: {chosen!r} is not one of {', '.join(shape.mapping)}.")
    check_value(value, shape.mapping[chosen], name)


def _check_branches(value: Any, shape: Shape, name: str) -> None:
    """One ``oneOf``/``anyOf`` branch must fit; else the error of the branch of the value's type, naming the field."""
    errors: list[ApiError] = []
    for branch in shape.branches:
        try:
            check_value(value, branch, name)
        except ApiError as error:
            errors.append(error)
            continue
        return
    if all(branch.enum is not None for branch in shape.branches):
        allowed = dict.fromkeys(value for branch in shape.branches for value in branch.enum or ())
        raise invalid(f"Invalid {name}: {value!r} is not one of {', '.join(map(str, allowed))}.")
    typed = [e for b, e in zip(shape.branches, errors, strict=True) if any(_is_kind(value, k) for k in b.types)]
    if len(typed) == 1:
        raise typed[0]
    if isinstance(value, dict) and all(branch.required for branch in shape.branches):
        # Objects told apart by what they carry: say what each needs.
        needs = ", or ".join(" with ".join(branch.required) for branch in shape.branches)
        raise invalid(f"Invalid {name or 'request body'}: give {needs}.")
    raise invalid(f"Invalid {name or 'request body'}: {_shown(value)} fits none of the shapes it may take.")


def _check_text(value: str, shape: Shape, name: str) -> None:
    if shape.pattern is not None and not re.search(shape.pattern, value):
        raise invalid(f"Invalid {name}: {value!r} must match {shape.pattern}.")
    if shape.min_length is not None and len(value) < shape.min_length:
        at_least = (
            "must not be empty" if shape.min_length == 1 else f"must be at least {shape.min_length} characters long"
        )
        raise invalid(f"Invalid {name}: {at_least}.")
    if shape.max_length is not None and len(value) > shape.max_length:
        raise invalid(f"Invalid {name}: must be at most {shape.max_length} characters long.")


def _check_number(value: float, shape: Shape, name: str) -> None:
    low, high = shape.minimum, shape.maximum
    if low is not None and (value <= low if shape.exclusive_minimum else value < low):
        bound = "greater than" if shape.exclusive_minimum else "at least"
        raise invalid(f"Invalid {name}: {value!r} must be {bound} {low:g}.")
    if high is not None and (value >= high if shape.exclusive_maximum else value > high):
        bound = "less than" if shape.exclusive_maximum else "at most"
        raise invalid(f"Invalid {name}: {value!r} must be {bound} {high:g}.")


def _check_array(value: list[Any], shape: Shape, name: str) -> None:
    low, high = shape.min_items, shape.max_items
    if not name and low is not None and high is not None and not low <= len(value) <= high:
        raise invalid(f"Invalid request body: {len(value)} items sent; a request takes {low} to {high}.")
    if low is not None and len(value) < low:
        raise invalid(f"Invalid {name}: needs at least {low} items.")
    if high is not None and len(value) > high:
        raise invalid(f"Invalid {name}: allows at most {high} items.")
    if shape.items is not None:
        for index, item in enumerate(value):
            check_value(item, shape.items, f"{name}[{index}]")


def _check_object(value: dict[str, Any], shape: Shape, name: str) -> None:
    where = f"{name}." if name else ""
    for key in shape.required:
        if key not in value:
            raise invalid(f"Missing required field: {where}{key}.")
    for key, property_shape in shape.properties.items():
        if key in value:
            check_value(value[key], property_shape, f"{where}{key}")


def _shown(value: Any) -> str:
    shown = json.dumps(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."
