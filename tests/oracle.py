"""Reading Pinterest's OpenAPI description (the oracle) in tests: `$ref`s and operations."""

from __future__ import annotations

from typing import Any

from pinterest_mcp.registry import Operation


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow `$ref`s (local, `#/...`) until a schema or parameter object is reached."""
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def spec_operation(spec: dict[str, Any], op: Operation) -> dict[str, Any]:
    """The spec's operation object at the record's method and path, failing clearly when it is not there."""
    item = spec["paths"].get(op.path)
    assert item is not None, f"{op.name}: path {op.path} is not in the spec"
    spec_op = item.get(op.method.lower())
    assert spec_op is not None, f"{op.name}: {op.method} {op.path} is not in the spec"
    return spec_op
