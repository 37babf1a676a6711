"""The spec's structural facts (parameters, bodies, responses, schemas) as the emulator reads them.

The emulator checks requests against what the spec states rather than restating it, so it reads
the committed structural facts once, on the first request that needs them, and keeps them: the
file is larger than the runtime facts, and a start that serves nothing never reads it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pinterest_mcp.spec.facts import resolve, structure

Schema = dict[str, Any]
# A value of each JSON type for a required field nothing else fills (a built entity, a refused item's entity).
NEUTRAL: dict[str, Any] = {"string": "", "integer": 0, "number": 0, "boolean": False, "array": [], "object": {}}


@cache
def document() -> dict[str, Any]:
    """The structural facts: per operationId its parameters, body and responses, and the component schemas."""
    return structure()


def resolved(schema: Schema) -> Schema:
    """``schema`` with its ``$ref``s followed to the component it names."""
    return resolve(document(), schema)


def properties(schema: Schema, required: set[str] | None = None) -> dict[str, list[Schema]]:
    """``schema``'s properties in order (``allOf`` parts first, ``$ref``s followed), each with every
    definition the parts give it; ``required`` collects the required names when passed."""
    found: dict[str, list[Schema]] = {}
    _collect(schema, found, required if required is not None else set())
    return found


def _collect(schema: Schema, into: dict[str, list[Schema]], required: set[str]) -> None:
    schema = resolved(schema)
    for part in schema.get("allOf", ()):
        _collect(part, into, required)
    for name, node in schema.get("properties", {}).items():
        into.setdefault(name, []).append(node)
    required.update(schema.get("required", ()))
