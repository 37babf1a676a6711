"""The oracle in tests: Pinterest's OpenAPI description, or the same structure rebuilt from our facts.

`spec_from_facts` turns the committed facts (`src/pinterest_mcp/spec/`) back into an
OpenAPI-shaped document, so every check written against the spec (`paths`, `$ref`s into
`components`, `responses`, `requestBody`, `security`) runs unchanged on a fresh clone. It carries
no prose: where OpenAPI wants a description (a scope's), it is empty.
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.registry.records import Operation
from pinterest_mcp.spec import facts

Json = dict[str, Any]


resolve = facts.resolve
"""Follow local `$ref`s until a schema or parameter object is reached (one resolver, the package's)."""


def spec_operation(spec: Json, op: Operation) -> Json:
    """The spec's operation object at the record's method and path, failing clearly when it is not there."""
    item = spec["paths"].get(op.path)
    assert item is not None, f"{op.name}: path {op.path} is not in the spec"
    spec_op: Json | None = item.get(op.method.lower())
    assert spec_op is not None, f"{op.name}: {op.method} {op.path} is not in the spec"
    return spec_op


def _content(by_media_type: Json) -> Json:
    return {media_type: {"schema": schema} for media_type, schema in by_media_type.items()}


def _operation(operation_id: str, runtime: Json, structure: Json) -> Json:
    operation: Json = {
        "operationId": operation_id,
        "parameters": [{"name": name, **param} for name, param in sorted(structure["parameters"].items())],
        "responses": {
            status: {"content": _content(content)} if content else {}
            for status, content in structure["responses"].items()
        },
        "security": structure["security"],
        "x-ratelimit-category": runtime["rate_limit"],
        "x-sandbox": "enabled" if runtime["sandbox"] else "disabled",
    }
    if "request_body" in structure:
        body = structure["request_body"]
        operation["requestBody"] = {"required": body["required"], "content": _content(body["content"])}
    if structure.get("deprecated"):
        operation["deprecated"] = True
    return operation


def _security_schemes(schemes: Json) -> Json:
    out: Json = {}
    for name, scheme in schemes.items():
        rebuilt = dict(scheme)
        if "flows" in scheme:
            rebuilt["flows"] = {
                flow: {**details, "scopes": dict.fromkeys(details["scopes"], "")}
                for flow, details in scheme["flows"].items()
            }
        out[name] = rebuilt
    return out


def spec_from_facts() -> Json:
    """An OpenAPI 3.0.3 document with the spec's structure, rebuilt from the committed facts."""
    runtime = facts.operations_document()
    structure = facts.structure()
    paths: Json = {}
    for operation_id, entry in runtime["operations"].items():
        method = entry["method"].lower()
        paths.setdefault(entry["path"], {})[method] = _operation(
            operation_id, entry, structure["operations"][operation_id]
        )
    components = structure["components"]
    return {
        "openapi": "3.0.3",
        "info": {"version": runtime["spec_version"]},
        "paths": paths,
        "components": {
            "schemas": components["schemas"],
            "securitySchemes": _security_schemes(components["securitySchemes"]),
        },
    }
