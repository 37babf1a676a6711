"""Compact JSON Schemas for tool inputs.

Every byte of `tools/list` is paid by every user on every turn, so the published schema keeps only
what a model needs to call correctly: types, enums, limits, required names and our short
descriptions. Pydantic's `title`s, `null` branches of optional fields and `default: null` go.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

# Keys whose value is a mapping of names to schemas (the names themselves must be kept verbatim).
_SCHEMA_MAPS = ("properties", "$defs", "patternProperties")
_SCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")


_SHARED_LAST = ("page_size", "bookmark", "all_pages", "max_items", "fields", "confirmation", "dry_run")


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"


def _compact(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_compact(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node and node["$ref"].startswith("#/$defs/"):
        target = defs[node["$ref"].removeprefix("#/$defs/")]
        merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return _compact(merged, defs)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("title", "$defs", "discriminator"):
            continue  # the discriminator's mapping points into $defs, which are inlined away
        if key in _SCHEMA_MAPS:
            out[key] = {name: _compact(sub, defs) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS:
            out[key] = [_compact(sub, defs) for sub in value]
        elif key in ("items", "additionalProperties", "not"):
            out[key] = _compact(value, defs)
        else:
            out[key] = value
    # An optional field is `anyOf: [T, null]`; not being required already says "may be omitted".
    variants = out.get("anyOf")
    if isinstance(variants, list) and any(_is_null(v) for v in variants):
        rest = [v for v in variants if not _is_null(v)]
        del out["anyOf"]
        out = {**rest[0], **out} if len(rest) == 1 else {**out, "anyOf": rest}
    if out.get("default", 0) is None:
        del out["default"]
    return out


def input_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The compact, self-contained JSON Schema of a tool input model."""
    full = model.model_json_schema()
    schema = _compact(full, full.get("$defs", {}))
    schema.pop("description", None)
    # Required ids first, then the operation's own parameters, the shared paging/projection knobs
    # last: models read schemas top-down, and ad_account_id matters more than bookmark.
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    ids = [n for n in props if n in required and n.endswith("_id")]
    own = ids + [n for n in props if n not in _SHARED_LAST and n not in ids]
    schema["properties"] = {n: props[n] for n in [*own, *(n for n in _SHARED_LAST if n in props)]}
    schema["additionalProperties"] = False
    return schema
