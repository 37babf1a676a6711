"""Every declared operation agrees with Pinterest's OpenAPI description, the oracle.

The oracle is the spec itself when PINTEREST_OPENAPI_SPEC is set, else its structure rebuilt from
the committed facts (`conftest.spec`). Records take method, path, scopes and rate-limit category
from those facts; what is checked here is what we write ourselves: the operationId names an
operation at that method and path; the input model's path and query parameters are the spec's
(names, required-ness, enums, limits, array encoding), read from the validating schema
`input_schema` (the published one may leave limits to the server); read/write follows the scopes.
"""

from __future__ import annotations

from typing import Any, get_args

import pytest
from pydantic import BaseModel

from pinterest_mcp.api.fanout import batched_fields
from pinterest_mcp.operations import all_operations
from pinterest_mcp.registry.inputs import CommaSeparated, Vocabulary, local_fields
from pinterest_mcp.registry.records import Access, Operation, access_of
from pinterest_mcp.server.schema import input_schema
from support.oracle import resolve, spec_operation

OPERATIONS = all_operations()


def _parameters(spec: dict[str, Any], spec_op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    params = [resolve(spec, p) for p in spec_op.get("parameters", [])]
    return {p["name"]: p for p in params}


def _enum(spec: dict[str, Any], schema: dict[str, Any]) -> list[Any] | None:
    schema = resolve(spec, schema)
    if schema.get("type") == "array":
        return _enum(spec, schema.get("items", {}))
    return schema.get("enum")


def _merged(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A parameter's schema with its `allOf` parts merged in (an enum beside the parameter's own default)."""
    schema = resolve(spec, schema)
    merged = {key: value for key, value in schema.items() if key != "allOf"}
    for part in schema.get("allOf", ()):
        merged = {**_merged(spec, part), **merged}
    return merged


def _without_null(prop: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of an optional field's `anyOf` (null means "not sent" for a parameter)."""
    branches = [branch for branch in prop.get("anyOf", []) if branch.get("type") != "null"]
    if len(branches) != 1:
        return prop
    return {**branches[0], **{key: value for key, value in prop.items() if key != "anyOf"}}


def _our_enum(prop: dict[str, Any]) -> list[Any] | None:
    if prop.get("type") == "array":
        return _our_enum(prop.get("items", {}))
    return prop.get("enum") or ([prop["const"]] if "const" in prop else None)


def _ids(ops: tuple[Operation, ...]) -> list[str]:
    return [op.name for op in ops]


def _oauth_scopes(operation: dict[str, Any]) -> list[str]:
    """The operation's pinterest_oauth2 requirement (none for the OAuth endpoints)."""
    return next((req["pinterest_oauth2"] for req in operation["security"] if "pinterest_oauth2" in req), [])


@pytest.mark.parametrize("op", OPERATIONS, ids=_ids(OPERATIONS))
def test_operation_exists_at_its_method_and_path(spec: dict[str, Any], op: Operation) -> None:
    """The record's method, path and operationId are the spec's."""
    assert spec_operation(spec, op)["operationId"] == op.operation_id


@pytest.mark.parametrize("op", OPERATIONS, ids=_ids(OPERATIONS))
def test_scopes_and_rate_limit_category_match(spec: dict[str, Any], op: Operation) -> None:
    """Scopes come from the spec's pinterest_oauth2 requirement; the category from x-ratelimit-category."""
    spec_op = spec_operation(spec, op)
    assert sorted(op.scopes) == sorted(_oauth_scopes(spec_op))
    assert op.rate_limit == spec_op["x-ratelimit-category"]


@pytest.mark.parametrize("op", OPERATIONS, ids=_ids(OPERATIONS))
def test_access_follows_the_scopes_not_the_http_method(spec: dict[str, Any], op: Operation) -> None:
    """A tool is a write exactly when the spec's operation needs a write scope (POST reads exist)."""
    scopes = _oauth_scopes(spec_operation(spec, op))
    needs_write = any(scope.split(":")[1] in ("write", "write_secret") for scope in scopes)
    assert (op.access is Access.WRITE) == needs_write


@pytest.mark.parametrize(
    ("scopes", "access"),
    [
        ((), Access.READ),
        (("ads:read",), Access.READ),
        (("boards:read", "boards:write"), Access.WRITE),
        (("pins:write_secret",), Access.WRITE),
        (("boards:read_secret", "pins:read"), Access.READ),
    ],
)
def test_access_of_scopes(scopes: tuple[str, ...], access: Access) -> None:
    """Any write scope (`:write`, `:write_secret`) makes a write; read scopes alone, or none, a read."""
    assert access_of(scopes) is access


def test_the_spec_has_reads_sent_as_post(spec: dict[str, Any]) -> None:
    """Why access is not the HTTP method: report creation and audience sizing are POSTs needing ads:read."""
    reads_by_post = {
        operation["operationId"]
        for item in spec["paths"].values()
        for method, operation in item.items()
        if method == "post" and access_of(_oauth_scopes(operation)) is Access.READ
    }
    assert {"analytics/create_report", "ad_groups/audience_sizing"} <= reads_by_post


@pytest.mark.parametrize("op", OPERATIONS, ids=_ids(OPERATIONS))
def test_parameters_match_the_spec(spec: dict[str, Any], op: Operation) -> None:
    """Names, required-ness, enums, limits and array encoding of path and query parameters."""
    operation = spec_operation(spec, op)
    spec_params = _parameters(spec, operation)
    schema = input_schema(op.input)
    props: dict[str, Any] = schema["properties"]
    required = set(schema.get("required", []))
    ours = {name for name in props if name not in local_fields(op.input)}
    ours |= {name for name in op.input.FILLED if name not in props}  # built from the tool's own arguments
    if op.body is not None:
        ours.discard(op.body)
    in_query = op.method == "GET" or (op.method == "DELETE" and "requestBody" not in operation)  # Business Access
    sent_as_params = ours if in_query else set(op.path_params) | set(op.query)  # DELETEs take a body

    assert set(op.path_params) <= required, "every path placeholder is a required input"
    assert sent_as_params == set(spec_params), "our parameters are exactly the spec's"
    for name in sent_as_params:
        param, prop = spec_params[name], _without_null(props.get(name, {}))
        spec_schema = _merged(spec, param.get("schema", {}))
        field = op.input.model_fields[name]
        filled = name in op.input.FILLED  # required by Pinterest, filled by the server (dates from date_range)
        if name not in props:  # not asked at all (a deepObject built from flat arguments): required, always sent
            assert filled and param.get("required"), f"{name}: hidden but not required"
            continue
        always_sent = name in required or filled or not (field.default is None and field.default_factory is None)
        assert always_sent == bool(param.get("required")), f"{name}: required-ness"
        if name not in required:
            assert filled or not param.get("required") or field.default is not None or field.default_factory, name
        vocabulary = _vocabulary(op.input, name)
        our_enum = sorted(vocabulary.values) if vocabulary else _our_enum(prop)
        spec_enum = _enum(spec, spec_schema)
        assert our_enum == (sorted(spec_enum) if vocabulary and spec_enum else spec_enum), f"{name}: enum"
        for key in ("minimum", "maximum", "maxItems", "maxLength", "pattern"):
            if key in spec_schema:
                theirs = spec_schema[key]
                if key == "pattern":  # the spec's dialect (ECMA-262, no u flag) reads \d as [0-9]; Python's does not
                    theirs = theirs.replace("\\d", "[0-9]")
                if key == "maxItems" and name in batched_fields(op.input):  # more ids fan out in batches
                    assert batched_fields(op.input)[name] == theirs, f"{name}: ids per request"
                    continue
                # a maxLength on an array (get/invites' invite_status) can only mean maxItems
                mine = "maxItems" if key == "maxLength" and spec_schema.get("type") == "array" else key
                assert prop.get(mine) == theirs, f"{name}: {key}"
        if spec_schema.get("type") == "array":
            exploded = param.get("explode", True)
            assert _is_comma_separated(op.input, name) == (not exploded), f"{name}: array encoding"
        assert prop.get("type") == spec_schema.get("type"), f"{name}: type"


def _markers(model: type[BaseModel], name: str) -> list[Any]:
    """Metadata on the field and on the items of a list field (where a Vocabulary sits)."""
    field = model.model_fields[name]
    nested = [m for arg in get_args(field.annotation) for m in getattr(arg, "__metadata__", ())]
    return [*field.metadata, *nested]


def _is_comma_separated(model: type[BaseModel], name: str) -> bool:
    return any(isinstance(m, CommaSeparated) for m in _markers(model, name))


def _vocabulary(model: type[BaseModel], name: str) -> Vocabulary | None:
    return next((m for m in _markers(model, name) if isinstance(m, Vocabulary)), None)


def test_tool_names_are_unique_and_valid() -> None:
    """MCP tool names: unique, [A-Za-z0-9_.-], at most 64 characters with room for a client prefix."""
    names = [op.name for op in OPERATIONS]
    assert len(names) == len(set(names))
    for name in names:
        assert name.replace("_", "").isalnum() and name.islower() and len(name) <= 48, name


def test_no_operation_is_declared_twice() -> None:
    """Each Pinterest operation is declared once: one record per operationId and per method+path.

    Intents (pause_campaigns, set_ad_group_budget, ...) reuse their base operation's record by design.
    """
    ids = [op.operation_id for op in OPERATIONS if op.intent is None]
    routes = [(op.method, op.path) for op in OPERATIONS if op.intent is None]
    assert len(ids) == len(set(ids))
    assert len(routes) == len(set(routes))
