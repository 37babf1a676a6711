"""JSON Schemas for tool inputs: the validating one, and the compact one a model is shown.

Every byte of `tools/list` is paid by every user on every turn, so the published schema keeps only
what a model needs to call correctly: types, enums, limits, required names and our short
descriptions. Pydantic's `title`s, `null` branches that mean nothing and `default: null` go.

Two schemas per input model:
- `input_schema`: everything the model validates (id patterns, lengths): the one the conformance
  tests compare with Pinterest's spec.
- `published_schema`: what `tools/list` serves. It is never stricter than the model, so a client
  that validates arguments against it can send every call the server accepts; it drops what the
  server instructions say once for every tool (the shared paging, projection and write-control
  arguments, the id format, attribution windows, analytics dates and table arguments) and what the
  server checks itself with a clear error (the id pattern).

`null` is published only where it means something: in write bodies a `null` the caller writes is
sent and clears the field ("null removes the cap"), unless the field refuses it (`NotNull`). In
reads `null` is the same as leaving the argument out, so it is not published.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

# Keys whose value is a mapping of names to schemas (the names themselves must be kept verbatim).
_SCHEMA_MAPS = ("properties", "$defs", "patternProperties")
_SCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")

SHARED_ARGUMENTS = ("page_size", "bookmark", "all_pages", "max_items", "fields", "confirmation", "dry_run")
"""Arguments with one meaning on every tool, explained once in the server instructions; listed last."""

WINDOWS = ("click_window_days", "engagement_window_days", "view_window_days")
"""Attribution windows: their allowed values are stated once in the server instructions."""

ANALYTICS_TERMS = (
    "start_date",
    "end_date",
    "date_range",
    "sort_by",
    "top",
    "totals",
    "reporting_timezone",
    "conversion_report_time",
)
"""Optional analytics arguments whose format and values the server instructions state once: type only.
A required one (top Pins' own `sort_by`) keeps its enum."""

ID_PATTERNS = (r"^\d+$", r"^[0-9]+$")

SANITY_MAXIMUM = 10**9
"""Maxima this large are our guards against absurd values (money, Unix times), not Pinterest's
limits: the server refuses such values naming the field, so the schema need not spend tokens on them."""

SCHEMA_CACHE = "tool_schemas.json"


class _Generator(GenerateJsonSchema):
    """Pydantic's generator, except that a field marked `NotNull` publishes no `null` branch."""

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema) -> JsonSchemaValue:
        from pinterest_mcp.registry.inputs import refuses_null

        inner = schema["schema"]
        if refuses_null(schema["function"].get("function")) and inner["type"] == "nullable":
            return self.generate_inner(inner["schema"])
        return super().function_after_schema(schema)


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"


def _compact(node: Any, defs: dict[str, Any], keep_null: bool) -> Any:
    if isinstance(node, list):
        return [_compact(item, defs, keep_null) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node and node["$ref"].startswith("#/$defs/"):
        target = defs[node["$ref"].removeprefix("#/$defs/")]
        merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return _compact(merged, defs, keep_null)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("title", "$defs", "discriminator"):
            continue  # the discriminator's mapping points into $defs, which are inlined away
        if key in _SCHEMA_MAPS:
            out[key] = {name: _compact(sub, defs, keep_null) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS:
            out[key] = [_compact(sub, defs, keep_null) for sub in value]
        elif key in ("items", "additionalProperties", "not"):
            out[key] = _compact(value, defs, keep_null)
        else:
            out[key] = value
    # An optional field is `anyOf: [T, null]`; not being required already says "may be omitted".
    variants = out.get("anyOf")
    # Where null means something (keep_null), the branch stays: `anyOf: [T, {"type": "null"}]`.
    if not keep_null and isinstance(variants, list) and any(_is_null(v) for v in variants):
        rest = [v for v in variants if not _is_null(v)]
        del out["anyOf"]
        out = {**rest[0], **out} if len(rest) == 1 else {**out, "anyOf": rest}
    if out.get("default", 0) is None:
        del out["default"]
    return out


def input_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The compact, self-contained JSON Schema of a tool input model, with every constraint it validates."""
    from pinterest_mcp.registry.inputs import WriteInput

    full = model.model_json_schema(schema_generator=_Generator)
    schema: dict[str, Any] = _compact(full, full.get("$defs", {}), keep_null=issubclass(model, WriteInput))
    schema.pop("description", None)
    # Required ids first, then the operation's own parameters, the shared paging/projection knobs
    # last: models read schemas top-down, and ad_account_id matters more than bookmark.
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    ids = [n for n in props if n in required and n.endswith("_id")]
    own = ids + [n for n in props if n not in SHARED_ARGUMENTS and n not in ids]
    schema["properties"] = {n: props[n] for n in [*own, *(n for n in SHARED_ARGUMENTS if n in props)]}
    schema["additionalProperties"] = False
    return schema


def _loosen(node: Any, top: bool = True) -> Any:
    """Drop checks the server makes itself with an error naming the field, so they cost no tokens.

    The id pattern and length, `minItems: 1` (an empty list is refused), sanity maxima and nested
    objects' `additionalProperties: false` (an unknown nested field is refused). Only ever looser.
    """
    if isinstance(node, list):
        return [_loosen(item, top=False) for item in node]
    if not isinstance(node, dict):
        return node
    literal = ("enum", "const", "default", "required")
    out = {key: (value if key in literal else _loosen(value, top=False)) for key, value in node.items()}
    if out.get("type") == "string" and out.get("pattern") in ID_PATTERNS:
        out.pop("pattern")
        out.pop("maxLength", None)
    if out.get("minItems") == 1:
        del out["minItems"]
    if isinstance(out.get("maximum"), int | float) and out["maximum"] >= SANITY_MAXIMUM:
        del out["maximum"]
    if not top and out.get("additionalProperties") is False:
        del out["additionalProperties"]
    return out


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    variants = schema.get("anyOf")
    if not isinstance(variants, list) or not any(_is_null(v) for v in variants):
        return schema
    rest = [v for v in variants if not _is_null(v)]
    out = {k: v for k, v in schema.items() if k != "anyOf"}
    return {**rest[0], **out} if len(rest) == 1 else {**out, "anyOf": rest}


def published_schema(model: type[BaseModel], body: Collection[str] | None = None) -> dict[str, Any]:
    """The schema `tools/list` serves for `model`: `input_schema` less what is said once for every tool.

    `body` names the top-level arguments sent in a request body, where a written `null` is sent
    (and clears); everywhere else `null` means "left out" and is not offered. None: all but the
    shared arguments (a write whose non-local arguments all go to the body).
    """
    schema: dict[str, Any] = _loosen(input_schema(model))
    props: dict[str, Any] = schema["properties"]
    for name, prop in props.items():
        if name in SHARED_ARGUMENTS:
            prop = {k: v for k, v in _without_null(prop).items() if k not in ("description", "default")}
        elif name in WINDOWS:
            prop = {"type": "integer"}
        elif name in ANALYTICS_TERMS and name not in schema.get("required", ()):
            prop = {"type": _without_null(prop)["type"]}
        elif body is not None and name not in body:
            prop = _without_null(prop)
        props[name] = prop
    return schema


_use_stored = True


@contextmanager
def live_schemas() -> Iterator[None]:
    """Build every schema from its model meanwhile: how `manifest` makes (and checks) the stored copy."""
    global _use_stored
    _use_stored = False
    try:
        yield
    finally:
        _use_stored = True


def _cached() -> dict[str, Any]:
    tools: dict[str, Any] = _catalog().get("tools", {})
    return tools


@cache
def _catalog() -> dict[str, Any]:
    """What `pinterest-mcp manifest --write` stored beside the code: the tool catalog.

    `tools` maps each served tool to its wire form and model-visible tokens (operations also to
    their toolset, access and change); `operations` lists the operation tools in order. Making it
    means importing and building every pydantic model, the largest part of a cold start; the
    stored copy is checked against the live models by `manifest --check` and the tests.
    """
    try:
        # Beside this module, read as the spec facts are (importlib.resources would add its readers to every start).
        text = Path(__file__).with_name(SCHEMA_CACHE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    stored: dict[str, Any] = json.loads(text)
    return stored


def stored_catalog() -> dict[str, Any] | None:
    """The whole stored catalog (`tools` by name, `operations` in order), unless switched off or absent."""
    if not _use_stored or not _catalog().get("operations"):
        return None
    return _catalog()


def tool_schema(name: str, model: type[BaseModel], body: Collection[str] | None = None) -> dict[str, Any]:
    """The published schema of tool `name`: from the stored copy when it has the tool, else built now."""
    stored = _cached().get(name) if _use_stored else None
    if stored is not None:
        return dict(stored["inputSchema"])
    return published_schema(model, body)


def stored_tokens(name: str) -> int | None:
    """Model-visible cl100k tokens of tool `name`, as measured when the schemas were stored."""
    stored = _cached().get(name)
    return None if stored is None else int(stored["tokens"])


def with_default_account(schema: dict[str, Any], account: str | None) -> dict[str, Any]:
    """`schema` as served when the server has a default ad account: `ad_account_id` optional, the default named.

    The stored catalog is the same for every server; this is applied per server as tools are built.
    """
    required = schema.get("required", [])
    if account is None or "ad_account_id" not in required:
        return schema
    props = {**schema["properties"], "ad_account_id": {"type": "string", "description": f"Default {account}"}}
    out = {**schema, "properties": props, "required": [name for name in required if name != "ad_account_id"]}
    if not out["required"]:
        del out["required"]
    return out
