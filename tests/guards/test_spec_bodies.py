"""Every write's request body agrees with Pinterest's OpenAPI description, the oracle.

`test_spec_conformance.py` checks paths and query parameters; this file checks what a write sends
in its JSON body, because a body Pinterest rejects is a write the plan promised and that then fails.

Field level, one test per place our input model can fill (walked into nested models, list items and
each variant of a discriminated union): it exists in the spec's requestBody schema, with the same
type; our enum is within the spec's (we curate); each limit the spec states is met by one at least
as strict; every property the spec requires is required by us, defaulted, or filled by a model
validator (the last proven by building requests). A second test per field: `prepare` keeps a null
the caller wrote (it clears), so every null our model accepts must be one the spec allows.

Request level, one test per example argument set (minimal and rich for every write, intents via
their base): the request `prepare` builds validates against the requestBody schema, sends no
property the spec does not describe, and puts only spec query parameters in the query.

Disagreements of our models with the spec are strict xfails (MISMATCHES, NULL_MISMATCHES) whose
reasons give the fix; fixing one turns its test into an XPASS failure asking to drop the entry.
Contradictions inside the spec are documented in SPEC_CONTRADICTIONS and checked to still exist
(their structural half against the oracle, their prose half only against the spec itself).

The oracle is `conftest.spec`: Pinterest's spec when PINTEREST_OPENAPI_SPEC is set, else its
structure rebuilt from the committed facts; our side is the input model itself (its own JSON Schema),
never the compact schema published in tools/list.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, get_args

import pytest
from jsonschema import FormatChecker
from openapi_schema_validator import OAS30WriteValidator
from pydantic import BaseModel, ValidationError

from pinterest_mcp.api.request import PreparedRequest, prepare
from pinterest_mcp.operations import all_operations, by_name
from pinterest_mcp.registry.inputs import WRITE_CONTROL, local_fields
from pinterest_mcp.registry.records import Access, Operation
from pinterest_mcp.server.schema import input_schema
from support.oracle import resolve, spec_operation
from support.write_examples import EXAMPLES, Json

OPERATIONS = all_operations()
WRITES = tuple(op for op in OPERATIONS if op.access is Access.WRITE)
# Writes that send a body and declare its fields themselves (an intent sends its base's body).
BODY_WRITES = tuple(
    op
    for op in WRITES
    if op.intent is None
    and op.method in ("POST", "PATCH")
    and (op.body or set(op.input.model_fields) - local_fields(op.input) - {*op.path_params, *op.query, *WRITE_CONTROL})
)  # a write with nothing to put in a body (a feed's ingestion) sends {} where the spec describes none
CURRENCY = "USD"

# ---------------------------------------------------------------------------------------------
# Example arguments: a minimal set (only what our model requires) and a rich one (most optional
# fields set) per write, with plausible digit-string ids. Intents are examples of their own input.
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Known differences, each a strict xfail: fixing one turns its test into an XPASS failure that
# asks for the entry to go. Keys are test ids, "operation:path".
# ---------------------------------------------------------------------------------------------

UNDECLARED: dict[str, str] = {}
# Field-level mismatches (existence, type, enum, limits, required-ness).
MISMATCHES: dict[str, str] = {**UNDECLARED}

_NULL = (
    "OUR MODEL: `{field}` is typed `X | None`, so an explicit null validates and prepare() sends it "
    "(a written null is kept, to clear), but the spec's {schema} does not allow null there. Fix: keep "
    "the field optional but reject a written null, e.g. `Annotated[X | None, NotNull]` with "
    "`NotNull = AfterValidator(<raise on None>)` added to inputs.py (defaults are not validated)."
)
_NULL_TARGETS: dict[str, tuple[str, str]] = {}
# Explicit nulls we accept and send that the spec rejects.
NULL_MISMATCHES: dict[str, str] = {
    key: _NULL.format(field=f"{model}.{re.split(r'[:.]', key)[-1]}", schema=schema)
    for key, (model, schema) in _NULL_TARGETS.items()
}

# Where the spec contradicts itself: the reading this file takes. Each is also asserted by
# test_spec_contradiction_still_exists, so a corrected spec is noticed.
SPEC_CONTRADICTIONS: dict[str, str] = {
    "update_campaigns:campaigns[].objective_type": (
        "CampaignUpdateRequest.objective_type says `nullable: true` but is `allOf: [ObjectiveType]`, whose enum "
        "has no null; OpenAPI 3.0.3 (and openapi-schema-validator) reject null there. We take the strict "
        "reading, so our CampaignChange.objective_type accepting null is a mismatch (same fix as the others)."
    ),
    "create_audience:rule": (
        'AudienceRule\'s description shows VISITOR rules as {visitor_source_id: [...], retention_days: "180"} '
        'and ACTALIKE as {percentage: "10"}, but its properties type visitor_source_id as a string and '
        "retention_days/percentage as integers. We follow the property schemas (so does our RULE_HINT)."
    ),
    "create_audience:(body)": (
        "The requestBody of audiences/create is described as 'List of ads to create, size limit [1, 30]' "
        "but its schema is one AudienceCreateRequest object. We follow the schema."
    ),
}

# Properties the request-level test tolerates because a field-level xfail already reports them
# (one failure per cause, not one per example and intent).
KNOWN_UNDECLARED = frozenset(UNDECLARED)

# Our pattern differs from the spec's but accepts a subset of its strings (reviewed by hand; each
# pair is also spot-checked by test_reviewed_patterns_are_stricter).
STRICTER_PATTERNS: dict[tuple[str, str], str] = {
    (r"^[0-9]+$", r"^\d+$"): "ASCII digits only (\\d also matches other scripts' digits)",
    (r"^[0-9]+$", r"^[C]?\d+$"): "a campaign id in digits; Pinterest also accepts a C prefix",
    (r"^[0-9]+$", r"^(AG)?\d+$"): "an ad group id in digits; Pinterest also accepts an AG prefix",
    (r"^((AG)|C)?[0-9]+$", r"^((AG)|C)?\d+$"): "ASCII digits only (\\d also matches other scripts' digits)",
}

# ---------------------------------------------------------------------------------------------
# The spec side: resolve $ref, merge allOf (as an intersection), pick oneOf variants.
# ---------------------------------------------------------------------------------------------

_UPPER_BOUNDS = ("maxLength", "maxItems", "maximum")
_LOWER_BOUNDS = ("minLength", "minItems", "minimum")


def _merged(spec: Json, node: Json) -> Json:
    """One flat schema equivalent to `node` and its allOf parts: every part applies, so limits tighten.

    `nullable` is left out: `_spec_allows_null` needs the parts separately.
    """
    node = resolve(spec, node)
    out: Json = {}
    parts = [node, *(_merged(spec, sub) for sub in node.get("allOf", []))]
    variants = [_merged(spec, sub) for sub in node.get("anyOf", [])]
    if variants and all(v.get("properties") == variants[0].get("properties") for v in variants):
        # The same object with one of several sets of fields required (conversion user_data): its fields apply.
        parts.append({"properties": variants[0].get("properties", {})})
    for part in parts:
        for key, value in part.items():
            if key in ("allOf", "nullable"):
                continue
            if key == "properties":
                props = out.setdefault("properties", {})
                for name, sub in value.items():
                    props[name] = {"allOf": [props[name], sub]} if name in props else sub
            elif key == "required":
                out["required"] = sorted({*out.get("required", []), *value})
            elif key == "enum" and "enum" in out:
                out["enum"] = [v for v in out["enum"] if v in value]
            elif key in _UPPER_BOUNDS and key in out:
                out[key] = min(out[key], value)
            elif key in _LOWER_BOUNDS and key in out:
                out[key] = max(out[key], value)
            elif key == "pattern" and key in out and out[key] != value:
                out["patterns"] = sorted({out[key], value, *out.get("patterns", [])})
            else:
                out.setdefault(key, value)
    if "oneOf" in node and "discriminator" not in node:
        _merge_alternatives(spec, node["oneOf"], out)
    if "anyOf" in node:  # a product group's filters: any_of or all_of
        _merge_alternatives(spec, node["anyOf"], out)
    return out


def _merge_alternatives(spec: Json, members: list[Json], out: Json) -> None:
    """Members told apart only by their fields (ad_previews/create): each field is one some member has.

    A member may require a field its properties leave undescribed (the image preview's `title`): any value.
    A member that is itself a discriminated union (a catalog feed's catalog-based form) adds its variants'.
    """
    props = out.setdefault("properties", {})
    for member in _flat_members(spec, members):
        for name in [*member.get("properties", {}), *member.get("required", [])]:
            sub = member.get("properties", {}).get(name, {})
            if "enum" in props.get(name, {}) and "enum" in sub:  # each member's tag: the union of them
                props[name] = {**props[name], "enum": [*props[name]["enum"], *sub["enum"]]}
            props.setdefault(name, sub)


def _flat_members(spec: Json, members: list[Json]) -> Iterator[Json]:
    for member in (_merged(spec, m) for m in members):
        if "discriminator" in member and "oneOf" in member:
            yield from _flat_members(spec, member["oneOf"])
        else:
            yield member


def _spec_allows_null(spec: Json, node: Json) -> bool:
    """OpenAPI 3.0.3 semantics, as the validator applies them: every part that types the value must allow null.

    A part allows null with `nullable: true` or null in its enum; a part with neither `type` nor
    `enum` says nothing about null.
    """
    node = resolve(spec, node)
    constrains = "type" in node or "enum" in node
    here = not constrains or node.get("nullable", False) or None in node.get("enum", [])
    return bool(here) and all(_spec_allows_null(spec, sub) for sub in node.get("allOf", []))


def _request_schema(spec: Json, op: Operation) -> Json | None:
    body = spec_operation(spec, op).get("requestBody")
    if body is None:
        return None
    schema: Json = resolve(spec, body)["content"]["application/json"]["schema"]
    return schema


def _query_parameters(spec: Json, op: Operation) -> set[str]:
    params = [resolve(spec, p) for p in spec_operation(spec, op).get("parameters", [])]
    return {p["name"] for p in params if p["in"] == "query"}


def _variant(spec: Json, merged: Json, tag: str) -> Json:
    """The oneOf member a discriminator value selects (by mapping, else by the member's own enum).

    A mapped member is read with the properties of the schema that holds the oneOf, where the
    discriminating property may be declared (an item's bids' `operation`), as OpenAPI reads it.
    """
    discriminator = merged.get("discriminator", {})
    key, _, value = tag.rpartition("=")
    assert key == discriminator.get("propertyName"), f"the spec discriminates by {discriminator}, not {key!r}"
    if value in discriminator.get("mapping", {}):
        base = {"properties": merged.get("properties", {})}
        return {"allOf": [base, {"$ref": discriminator["mapping"][value]}]}
    for member in merged.get("oneOf", []):
        if _merged(spec, _merged(spec, member).get("properties", {}).get(key, {})).get("enum") == [value]:
            return dict(member)
    raise AssertionError(f"the spec has no oneOf variant for {tag}")


# ---------------------------------------------------------------------------------------------
# Our side: every place in the body our input model can fill, with our JSON Schema there.
# ---------------------------------------------------------------------------------------------

StepKind = Literal["property", "items", "variant"]
Step = tuple[StepKind, str]  # ("property", name) | ("items", "") | ("variant", "source_type=image_url")


def _render(steps: tuple[Step, ...], root: str = "") -> str:
    """`campaigns[].name`, `media_source{source_type=multiple_image_urls}.items[].url`: readable ids."""
    out = root
    for kind, name in steps:
        if kind == "items":
            out += "[]"
        elif kind == "variant":
            out += "{" + name + "}"
        else:
            out += f".{name}" if out else name
    return out or "(body)"


@dataclass(frozen=True)
class BodyNode:
    """One place in the body our model can fill: the body, a field, a list item or a union variant.

    `ours` is our JSON Schema there, without its null branch. `hidden` marks a field kept out of the
    published schema because a model validator fills it (the bulk items' `ad_account_id`). For an
    object, `required` and `defaulted` name the properties we always send.
    """

    op: Operation
    steps: tuple[Step, ...]
    ours: Json
    hidden: bool = False
    required: frozenset[str] = frozenset()
    defaulted: frozenset[str] = frozenset()

    @property
    def path(self) -> str:
        return _render(self.steps, self.op.body or "")

    @property
    def id(self) -> str:
        return f"{self.op.name}:{self.path}"

    @property
    def is_field(self) -> bool:
        return bool(self.steps) and self.steps[-1][0] == "property"


def _models(annotation: Any) -> Iterator[type[BaseModel]]:
    """Every pydantic model reachable from an annotation (to find the fields a JSON Schema hides)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models(field.annotation)
    for arg in get_args(annotation):
        yield from _models(arg)


def _body_nodes(op: Operation) -> list[BodyNode]:
    """Walk the input model's JSON Schema from the body root down, following $defs, lists and unions."""
    full = op.input.model_json_schema()
    defs: Json = full.get("$defs", {})
    classes = {model.__name__: model for model in _models(op.input)}
    nodes: list[BodyNode] = []

    def visit(steps: tuple[Step, ...], schema: Json) -> None:
        if "anyOf" in schema:
            rest = [s for s in schema["anyOf"] if s.get("type") != "null"]
            assert len(rest) == 1, f"{op.name}:{_render(steps)}: a union this walker does not know"
            schema = {**rest[0], **{k: v for k, v in schema.items() if k not in ("anyOf", "default")}}
        model = None
        if "$ref" in schema:
            name = schema["$ref"].removeprefix("#/$defs/")
            model, schema = classes[name], defs[name]
        if "oneOf" in schema and "discriminator" in schema:
            nodes.append(BodyNode(op, steps, schema))
            key = schema["discriminator"]["propertyName"]
            for value, ref in schema["discriminator"]["mapping"].items():
                visit((*steps, ("variant", f"{key}={value}")), {"$ref": ref})
        elif schema.get("type") == "array":
            nodes.append(BodyNode(op, steps, schema))
            visit((*steps, ("items", "")), schema["items"])
        elif schema.get("type") == "object" and "properties" in schema:
            assert model is not None, f"{op.name}:{_render(steps)}: an object without its model"
            visit_object(steps, schema, model, skip=frozenset())
        else:
            nodes.append(BodyNode(op, steps, schema))  # a leaf, or a free-form dict (checked per request)

    def visit_object(steps: tuple[Step, ...], schema: Json, model: type[BaseModel], skip: frozenset[str]) -> None:
        props: Json = schema["properties"]
        sent = [name for name in model.model_fields if name not in skip]
        required = frozenset(n for n in sent if n in schema.get("required", []))
        defaulted = frozenset(n for n in sent if n in props and props[n].get("default") is not None)
        nodes.append(BodyNode(op, steps, schema, required=required, defaulted=defaulted))
        for name in sent:
            if name in props:
                visit((*steps, ("property", name)), props[name])
            else:
                nodes.append(BodyNode(op, (*steps, ("property", name)), {}, hidden=True))

    if op.body is not None:
        visit((), full["properties"][op.body])
    else:
        visit_object((), full, op.input, skip=frozenset({*local_fields(op.input), *op.path_params, *op.query}))
    return nodes


BODY_NODES = [node for op in BODY_WRITES for node in _body_nodes(op)]


def _node_params(nodes: list[BodyNode], known: dict[str, str]) -> list[Any]:
    return [
        pytest.param(node, id=node.id, marks=[pytest.mark.xfail(reason=known[node.id], strict=True)])
        if node.id in known
        else pytest.param(node, id=node.id)
        for node in nodes
    ]


def _spec_at(spec: Json, node: BodyNode) -> tuple[Json, Json]:
    """The spec's schema at the node, merged and as written (for nullability), or a failure saying where."""
    schema = _request_schema(spec, node.op)
    assert schema is not None, f"{node.op.method} {node.op.path} has no requestBody in the spec"
    where = node.op.body or ""
    for kind, name in node.steps:
        merged = _merged(spec, schema)
        if kind == "items":
            assert "items" in merged, f"{node.op.name}: {_render((), where)} is a list for us, not in the spec"
            schema = merged["items"]
        elif kind == "variant":
            schema = _variant(spec, merged, name)
        else:
            props = merged.get("properties", {})
            assert name in props, (
                f"{node.op.name} sends {_render(((kind, name),), where)!r}, which the spec's body schema "
                f"does not describe (it has: {', '.join(sorted(props))})"
            )
            schema = props[name]
        where = _render(((kind, name),), where)
    return _merged(spec, schema), schema


# ---------------------------------------------------------------------------------------------
# Field level
# ---------------------------------------------------------------------------------------------

_COMPATIBLE_TYPES = {"integer": {"integer", "number"}}
_EXCLUSIVE = {"maximum": "exclusiveMaximum", "minimum": "exclusiveMinimum"}


def _our_enum(ours: Json) -> list[Any] | None:
    if "const" in ours:
        return [ours["const"]]
    enum: list[Any] | None = ours.get("enum")
    return enum


def _limit_problems(ours: Json, theirs: Json) -> list[str]:
    """Limits the spec states that ours does not match or beat (an enum of ours makes string limits moot)."""
    problems = []
    enumerated = _our_enum(ours) is not None
    for key in (*_UPPER_BOUNDS, *_LOWER_BOUNDS):
        if key not in theirs or (enumerated and key.endswith("Length")):
            continue
        mine = [ours[k] for k in (key, _EXCLUSIVE.get(key, "")) if k in ours]
        upper = key in _UPPER_BOUNDS
        if not mine:
            problems.append(f"the spec says {key}={theirs[key]}; we state no such limit")
        elif not any((m <= theirs[key]) if upper else (m >= theirs[key]) for m in mine):
            problems.append(f"the spec says {key}={theirs[key]}; ours is looser ({mine[0]})")
    patterns = theirs.get("patterns", [theirs["pattern"]] if "pattern" in theirs else [])
    for pattern in [] if enumerated else patterns:
        mine_pattern = ours.get("pattern")
        if mine_pattern != pattern and (mine_pattern, pattern) not in STRICTER_PATTERNS:
            problems.append(f"the spec's pattern is {pattern!r}; ours {mine_pattern!r} is not reviewed as stricter")
    return problems


@pytest.mark.parametrize("node", _node_params(BODY_NODES, MISMATCHES))
def test_body_field_matches_the_spec(spec: Json, node: BodyNode) -> None:
    """Exists in the spec's body schema; same type; our enum within theirs; limits at least as strict;
    every property the spec requires of this object always sent."""
    theirs, _ = _spec_at(spec, node)
    if node.hidden:
        return  # a validator fills it: its existence is checked above, its presence by its object's test
    problems: list[str] = []
    our_type, spec_type = node.ours.get("type"), theirs.get("type")
    if our_type and spec_type and spec_type not in _COMPATIBLE_TYPES.get(our_type, {our_type}):
        problems.append(f"type: ours is {our_type}, the spec's {spec_type}")
    ours_enum, spec_enum = _our_enum(node.ours), theirs.get("enum")
    if ours_enum is not None and spec_enum is not None:
        extra = [v for v in ours_enum if v not in spec_enum]
        if extra:
            problems.append(f"enum: {extra} not among the spec's {[v for v in spec_enum if v is not None]}")
    problems += _limit_problems(node.ours, theirs)
    if node.ours.get("type") == "object" and "properties" in node.ours:
        hidden = {n.steps[-1][1] for n in BODY_NODES if n.hidden and n.op is node.op and n.steps[:-1] == node.steps}
        for name in theirs.get("required", []):
            if name in node.required | node.defaulted:
                continue
            if name in hidden:
                _assert_filled(node, name)
            else:
                problems.append(f"the spec requires {name!r}; our model lets it be omitted")
    assert not problems, f"{node.id}:\n  " + "\n  ".join(problems)


def _instances(body: Any, steps: tuple[Step, ...]) -> list[Any]:
    """The values at `steps` in a concrete body (every list item; only the matching union variant)."""
    found = [body]
    for kind, name in steps:
        after: list[Any] = []
        for value in found:
            if kind == "items" and isinstance(value, list):
                after.extend(value)
            elif kind == "variant" and isinstance(value, dict):
                key, _, tag = name.rpartition("=")
                after.extend([value] if value.get(key) == tag else [])
            elif kind == "property" and isinstance(value, dict) and name in value:
                after.append(value[name])
        found = after
    return found


def _assert_filled(node: BodyNode, name: str) -> None:
    """A spec-required field our model hides is filled by its validator, in every item of every example."""
    seen = 0
    for label, example in EXAMPLES[node.op.name].items():
        body = prepare(node.op, node.op.input.model_validate(example)).body
        for instance in _instances(body, node.steps):
            seen += 1
            assert isinstance(instance, dict) and instance.get(name) is not None, (
                f"{node.id}: the spec requires {name!r}; the validator did not fill it ({label} example)"
            )
    assert seen, f"{node.id}: no example reaches this object, so {name!r} being filled is unchecked"


def _with_null(op: Operation, example: Json, steps: tuple[Step, ...]) -> Json | None:
    """A copy of `example` with an explicit null at `steps` (in the first list item), or None if it does not reach."""
    args = copy.deepcopy(example)
    parent: Any = args
    path: tuple[Step, ...] = (("property", op.body), *steps) if op.body else steps
    for kind, name in path[:-1]:
        if kind == "property" and isinstance(parent, dict) and name in parent:
            parent = parent[name]
        elif kind == "items" and isinstance(parent, list) and parent:
            parent = parent[0]
        elif not (kind == "variant" and _instances(parent, ((kind, name),))):
            return None
    if not isinstance(parent, dict):
        return None
    parent[path[-1][1]] = None
    return args


FIELD_NODES = [node for node in BODY_NODES if node.is_field and not node.hidden]


@pytest.mark.parametrize("node", _node_params(FIELD_NODES, NULL_MISMATCHES))
def test_explicit_null_is_one_the_spec_allows(spec: Json, node: BodyNode) -> None:
    """prepare() keeps a null the caller wrote (so null can clear a cap or an end time): every null our
    model accepts must therefore be one the spec allows, else the write fails at Pinterest."""
    _, written = _spec_at(spec, node)
    if _spec_allows_null(spec, written):
        return
    reached = False
    for label, example in EXAMPLES[node.op.name].items():
        args = _with_null(node.op, example, node.steps)
        if args is None:
            continue
        reached = True
        try:
            validated = node.op.input.model_validate(args)
        except ValidationError:
            continue
        sent = _instances(prepare(node.op, validated).body, node.steps)
        assert None not in sent, (
            f"{node.id}: we accept an explicit null and send it ({label} example); the spec forbids it"
        )
    assert reached, f"{node.id}: no example reaches this field; extend EXAMPLES[{node.op.name!r}]"


# ---------------------------------------------------------------------------------------------
# Request level
# ---------------------------------------------------------------------------------------------


def _request(op: Operation, example: Json) -> tuple[Operation, PreparedRequest]:
    """The operation whose request is sent (an intent's base, with the arguments it builds) and that request."""
    args = op.input.model_validate(example)
    if op.intent is None:
        return op, prepare(op, args)
    base = by_name()[op.intent.base]
    return base, prepare(base, base.input.model_validate(op.intent.build(args, CURRENCY)))


def _undeclared(spec: Json, schema: Json, value: Any, where: str) -> Iterator[str]:
    """Paths of properties in `value` the spec's schema does not describe: the spec never forbids extra
    properties, so the validator alone would not notice a misspelt field Pinterest ignores or rejects."""
    merged = _merged(spec, schema)
    if isinstance(value, list) and "items" in merged:
        for item in value:
            yield from _undeclared(spec, merged["items"], item, f"{where}[]")
    elif isinstance(value, dict) and "oneOf" in merged and "discriminator" in merged:
        tag = f"{merged['discriminator']['propertyName']}={value.get(merged['discriminator']['propertyName'])}"
        yield from _undeclared(spec, _variant(spec, merged, tag), value, where + "{" + tag + "}")
    elif isinstance(value, dict) and "properties" in merged:
        extra = merged.get("additionalProperties")  # a map the spec types by its values (bid multipliers)
        for key, sub in value.items():
            path = f"{where}.{key}" if where else key
            if key in merged["properties"]:
                yield from _undeclared(spec, merged["properties"][key], sub, path)
            elif isinstance(extra, dict):
                yield from _undeclared(spec, extra, sub, path)
            else:
                yield path


def _example_params(ops: tuple[Operation, ...]) -> list[Any]:
    return [
        pytest.param(op, label, example, id=f"{op.name}-{label}")
        for op in ops
        for label, example in EXAMPLES.get(op.name, {}).items()
    ]


@pytest.mark.parametrize(("op", "label", "example"), _example_params(WRITES))
def test_request_matches_the_spec(spec: Json, op: Operation, label: str, example: Json) -> None:
    """The built body validates (OpenAPI 3.0 request semantics: nullable, readOnly), sends only properties
    the spec describes, and the query uses only the operation's spec query parameters."""
    target, request = _request(op, example)
    schema = _request_schema(spec, target)
    if schema is None:
        assert request.body is None, f"{target.method} {target.path} takes no body; we send {request.body!r}"
    else:
        assert request.body is not None, f"{target.method} {target.path} needs a body; we send none"
        validator = OAS30WriteValidator({**schema, "components": spec["components"]}, format_checker=FormatChecker())
        errors = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(request.body)
        ]
        assert not errors, f"{op.name} ({label}): the body does not match the spec:\n" + "\n".join(errors[:10])
        undeclared = sorted(
            {p for p in _undeclared(spec, schema, request.body, target.body or "")}
            - {key.split(":", 1)[1] for key in KNOWN_UNDECLARED if key.startswith(f"{target.name}:")}
        )
        assert not undeclared, f"{op.name} ({label}) sends properties the spec does not describe: {undeclared}"
    sent, allowed = {name for name, _ in request.query}, _query_parameters(spec, target)
    assert sent <= allowed, f"{op.name} ({label}): {sorted(sent - allowed)} are not query parameters in the spec"


@pytest.mark.parametrize("op", BODY_WRITES, ids=lambda op: op.name)
def test_query_fields_of_body_writes_are_spec_query_parameters(spec: Json, op: Operation) -> None:
    """A POST/PATCH sends its `query` fields (the organic writes' ad_account_id) in the query: the spec must say so."""
    missing = set(op.query) - _query_parameters(spec, op)
    assert not missing, f"{op.name}: {sorted(missing)} are not query parameters of {op.method} {op.path}"


# ---------------------------------------------------------------------------------------------
# The write controls, the examples, and the documented spec contradictions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("op", "label", "example"), _example_params(WRITES))
def test_write_controls_are_optional_and_never_sent(op: Operation, label: str, example: Json) -> None:
    """Without `confirmation` a write is accepted (it plans); adding the controls leaves the request unchanged."""
    assert not set(WRITE_CONTROL) & set(example), "examples leave the write controls out"
    plain = _request(op, example)
    for controls in ({"confirmation": "c0ffee"}, {"dry_run": True}, {"confirmation": "c0ffee", "dry_run": False}):
        assert _request(op, {**example, **controls}) == plain, f"{controls} changed the request"
    _, request = plain
    sent = {key for key, _ in request.query} | (set(request.body) if isinstance(request.body, dict) else set())
    assert not sent & set(WRITE_CONTROL)


def test_every_write_has_minimal_and_rich_examples() -> None:
    """Examples cover exactly the write operations, each with a minimal and a rich argument set."""
    assert set(EXAMPLES) == {op.name for op in WRITES}
    for name, examples in EXAMPLES.items():
        assert {"minimal", "rich"} <= set(examples), name


@pytest.mark.parametrize("op", WRITES, ids=lambda op: op.name)
def test_minimal_examples_are_minimal(op: Operation) -> None:
    """A minimal example holds what our model requires and nothing it could do without, so the requests
    built from it show what our defaults and validators add (set_campaign_spend_cap demands one cap)."""
    minimal = EXAMPLES[op.name]["minimal"]
    required = set(input_schema(op.input).get("required", []))
    assert required <= set(minimal)
    for name in set(minimal) - required:
        with pytest.raises(ValidationError):
            op.input.model_validate({k: v for k, v in minimal.items() if k != name})


@pytest.mark.parametrize("pair", list(STRICTER_PATTERNS), ids=lambda pair: f"{pair[0]} within {pair[1]}")
def test_reviewed_patterns_are_stricter(pair: tuple[str, str]) -> None:
    """Spot-check the hand-reviewed pattern pairs: what ours accepts, the spec's accepts too."""
    ours, theirs = pair
    for sample in ["0", "7", "123456789012345678", "C1", "AG12", "", "1a", "a1", " 1", "1\n", "CC1"]:
        if re.search(ours, sample):
            assert re.search(theirs, sample), sample


def _contradiction_holds(spec: Json, key: str) -> bool:
    schemas = spec["components"]["schemas"]
    if key == "update_campaigns:campaigns[].objective_type":
        prop = _merged(spec, schemas["CampaignUpdateRequest"])["properties"]["objective_type"]
        return bool(resolve(spec, prop).get("nullable")) and not _spec_allows_null(spec, prop)
    if key == "create_audience:rule":
        props = schemas["AudienceRule"]["properties"]
        return bool(props["visitor_source_id"]["type"] == "string" and props["retention_days"]["type"] == "integer")
    if key == "create_audience:(body)":
        body = spec["paths"]["/ad_accounts/{ad_account_id}/audiences"]["post"]["requestBody"]
        return bool(_merged(spec, body["content"]["application/json"]["schema"]).get("type") == "object")
    raise AssertionError(f"no check for {key}")


def _prose_holds(spec: Json, key: str) -> bool:
    """The prose side of a contradiction: only the spec itself has it (the facts carry no prose)."""
    if key == "create_audience:rule":
        return '"visitor_source_id": [' in spec["components"]["schemas"]["AudienceRule"]["description"]
    if key == "create_audience:(body)":
        body = spec["paths"]["/ad_accounts/{ad_account_id}/audiences"]["post"]["requestBody"]
        return "List of" in body["description"]
    raise AssertionError(f"no prose check for {key}")


PROSE_CONTRADICTIONS = ("create_audience:rule", "create_audience:(body)")


@pytest.mark.parametrize("key", list(SPEC_CONTRADICTIONS))
def test_spec_contradiction_still_exists(spec: Json, key: str) -> None:
    """Each contradiction documented in SPEC_CONTRADICTIONS is still in the spec's structure; drop the note
    when it is fixed."""
    assert _contradiction_holds(spec, key), f"the spec no longer says this; revisit: {SPEC_CONTRADICTIONS[key]}"


@pytest.mark.needs_openapi
@pytest.mark.parametrize("key", PROSE_CONTRADICTIONS)
def test_spec_prose_contradiction_still_exists(spec: Json, key: str) -> None:
    """The prose half of each contradiction (a description saying otherwise), read from the spec itself."""
    assert _prose_holds(spec, key), f"the spec's prose no longer says this; revisit: {SPEC_CONTRADICTIONS[key]}"


def test_known_differences_name_existing_places() -> None:
    """An entry for a field since renamed or removed would silently mark nothing: keep the lists current."""
    ids = {node.id for node in BODY_NODES}
    stale = sorted({*MISMATCHES, *NULL_MISMATCHES, *SPEC_CONTRADICTIONS} - ids)
    assert not stale, f"no such body field any more; drop or rename: {stale}"
