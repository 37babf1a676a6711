"""Entities shaped by the spec's response schemas, so a kind's factory states only what is semantic.

``shaped(schema, semantic, given)`` answers a dict with the schema's properties in schema order
(``allOf`` parts merged in order, ``$ref``s followed), each starting as what the spec implies
without knowing the kind:

- the spec's ``default`` where it states one;
- else null where the property's schema accepts null (``nullable`` on it and on every ``allOf``
  part it names, an ``enum`` that lists null; an untyped property accepts anything), as an
  ``OAS30Validator`` decides, so the body still validates;
- else, for a property the schema requires, a neutral value of its type (the first enum value,
  "", 0, false, [], {});
- else nothing: a property Pinterest derives or sends only on request stays out unless set.

Then ``semantic`` (the kind's own values: ids, parents, statuses, times) and ``given`` (the
caller's overrides) are laid over it. ``semantic`` may name fields the schema lacks (private
fields the resource row drops, a ``type`` the schema omits); they follow the schema's, in the
order given. ``given`` may set any schema or ``semantic`` field, and an unknown one is a bug
(``TypeError``). ``ABSENT`` as a value leaves the field out. Each schema is read once, on the
first entity built from it, so importing the emulator never reads the structural facts.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from pinterest_mcp.emulator.http.shapes import NEUTRAL, Schema, document, properties, resolved
from pinterest_mcp.emulator.http.state import Entity


class _Absent:
    """The type of ``ABSENT``; a class so the sentinel has a readable repr."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Final = _Absent()  # a field value meaning "leave this field out of the entity"


@dataclass(frozen=True)
class Shape:
    """A response schema read for building: its property names in order and what each starts as."""

    name: str
    fields: tuple[str, ...]
    start: dict[str, Any]  # the fields that start with a value; the others start absent


def accepts_null(node: Schema) -> bool:
    """Whether null validates against ``node`` (OpenAPI 3.0: ``nullable``, ``enum`` and ``allOf`` all apply)."""
    if "$ref" in node:  # OpenAPI 3.0 ignores a $ref's siblings
        return accepts_null(resolved(node))
    if "type" in node and not node.get("nullable", False):
        return False
    if "enum" in node and None not in node["enum"]:
        return False
    parts_ok = all(accepts_null(part) for part in node.get("allOf", ()))
    either = [*node.get("anyOf", ()), *node.get("oneOf", ())]
    return parts_ok and (not either or any(accepts_null(part) for part in either))


def _default(node: Schema) -> tuple[bool, Any]:
    """(True, the spec's default) where ``node`` or a schema it names states one, else (False, None)."""
    if "default" in node:
        return True, node["default"]
    if "$ref" in node:
        return _default(resolved(node))
    for part in node.get("allOf", ()):
        found, value = _default(part)
        if found:
            return found, value
    return False, None


def _neutral(node: Schema) -> Any:
    """A value of ``node``'s type for a required property nothing else fills (the first enum value)."""
    node = resolved(node)
    if node.get("enum"):
        return node["enum"][0]
    if "type" in node:
        return NEUTRAL[node["type"]]
    return next((_neutral(part) for part in node.get("allOf", ())), None)


@cache
def shape(schema_name: str) -> Shape:
    """The component schema ``schema_name`` read for building, once per schema."""
    if schema_name not in document()["components"]["schemas"]:
        raise KeyError(f"{schema_name!r} is not a component schema of the spec facts")
    required: set[str] = set()
    nodes = properties({"$ref": f"#/components/schemas/{schema_name}"}, required)
    start: dict[str, Any] = {}
    for name, definitions in nodes.items():
        found, value = next((d for d in map(_default, definitions) if d[0]), (False, None))
        if found:
            start[name] = value
        elif all(accepts_null(node) for node in definitions):
            start[name] = None
        elif name in required:
            start[name] = _neutral(definitions[0])
    return Shape(schema_name, tuple(nodes), start)


def response_schema(operation_id: str) -> str:
    """The component schema an operation's 200 answer names (its list's item schema for a paged list)."""
    node = document()["operations"][operation_id]["responses"]["200"]["application/json"]
    page = resolved(node)
    for part in page.get("allOf", ()):
        items = resolved(part).get("properties", {}).get("items", {}).get("items")
        if items is not None:
            node = items
    return str(node["$ref"]).rpartition("/")[2]


def shaped(schema_name: str, semantic: dict[str, Any], given: dict[str, Any]) -> Entity:
    """An entity of ``schema_name``: the spec's start values, then ``semantic``, then ``given`` (see the module)."""
    form = shape(schema_name)
    unknown = set(given) - set(form.fields) - set(semantic)
    if unknown:
        raise TypeError(f"unknown field(s) for {schema_name}: {', '.join(sorted(unknown))}")
    values = {**form.start, **semantic, **given}
    order = [*form.fields, *(name for name in semantic if name not in form.fields)]
    entity: Entity = {}
    for name in order:
        value = values.get(name, ABSENT)
        if value is ABSENT:
            continue
        # a spec default or neutral value is shared by every entity of the schema; copy the mutable ones
        shared = isinstance(value, (dict, list)) and name not in semantic and name not in given
        entity[name] = copy.deepcopy(value) if shared else value
    return entity
