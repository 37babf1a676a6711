"""The schemas `tools/list` publishes tell the truth: a client that validates its arguments
against `inputSchema` can send every call the server accepts.

Checked with a strict JSON Schema validator on every example call of the spec-body tests, on
each of those calls with an explicit `null` wherever the server accepts one, and on the shapes
strict clients refuse (`type` unions).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel, ValidationError

from pinterest_mcp.api.request import prepare
from pinterest_mcp.cli import manifest
from pinterest_mcp.operations import by_name
from pinterest_mcp.registry.inputs import LOCAL_FIELDS
from support.write_examples import EXAMPLES

SERVED = {tool["name"]: tool["inputSchema"] for tool in manifest.served_tools()}
CASES = [(tool, label, example) for tool, examples in EXAMPLES.items() for label, example in examples.items()]


def _accepted(tool: str, arguments: dict[str, Any]) -> bool:
    try:
        by_name()[tool].input.model_validate(arguments)
    except ValidationError:
        return False
    return True


def _schema_errors(tool: str, arguments: dict[str, Any]) -> list[str]:
    validator = Draft202012Validator(SERVED[tool], format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(arguments)]


@pytest.mark.parametrize(("tool", "label", "example"), CASES, ids=[f"{t}-{lab}" for t, lab, _ in CASES])
def test_example_call_validates_against_the_published_schema(tool: str, label: str, example: Any) -> None:
    assert _accepted(tool, example), "the example itself is a call the server accepts"
    assert _schema_errors(tool, example) == []


def _null_variants(model: type[BaseModel], arguments: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """`arguments` with one field set to null, for every field of the model or of an item model in a list."""
    out = []
    for name, field in model.model_fields.items():
        out.append((name, {**arguments, name: None}))
        items = arguments.get(name)
        annotation = field.annotation
        item_model = next(
            (a for a in getattr(annotation, "__args__", ()) if isinstance(a, type) and issubclass(a, BaseModel)), None
        )
        if isinstance(items, list) and items and isinstance(items[0], dict) and item_model is not None:
            for inner in item_model.model_fields:
                changed = copy.deepcopy(arguments)
                changed[name][0][inner] = None
                out.append((f"{name}[0].{inner}", changed))
    return out


def _null_means_something(tool: str, where: str, arguments: dict[str, Any]) -> bool:
    """A null that changes what is sent (it is written to Pinterest, and clears), unlike leaving the field out.

    Elsewhere (read arguments, write controls) a null is the same as omitting the argument, so the
    schema need not offer it: every such call has an equal one the schema allows.
    """
    op = by_name()[tool]
    if where in LOCAL_FIELDS:
        return False
    if op.intent is not None:
        return True  # an intent passes an explicit null on (set_campaign_spend_cap: null removes the cap)
    omitted = copy.deepcopy(arguments)
    parent: Any = omitted
    *path, last = where.replace("[0]", "").split(".")
    for part in path:
        parent = parent[part][0]
    del parent[last]
    if not _accepted(tool, omitted):
        return True
    return prepare(op, op.input.model_validate(arguments)) != prepare(op, op.input.model_validate(omitted))


@pytest.mark.parametrize(("tool", "label", "example"), CASES, ids=[f"{t}-{lab}" for t, lab, _ in CASES])
def test_every_null_the_server_sends_is_published(tool: str, label: str, example: Any) -> None:
    """Where the model takes an explicit null that it sends (e.g. "null removes the cap"), the schema allows it."""
    refused = []
    for where, arguments in _null_variants(by_name()[tool].input, example):
        sent = _accepted(tool, arguments) and _null_means_something(tool, where, arguments)
        if sent and _schema_errors(tool, arguments):
            refused.append(where)
    assert refused == [], f"the server accepts null here but the published schema refuses it: {refused}"


def _type_unions(node: Any, where: str = "") -> list[str]:
    if isinstance(node, list):
        return [u for i, item in enumerate(node) for u in _type_unions(item, f"{where}/{i}")]
    if not isinstance(node, dict):
        return []
    found = [where] if isinstance(node.get("type"), list) else []
    return found + [u for key, value in node.items() for u in _type_unions(value, f"{where}/{key}")]


def test_no_type_unions_anywhere() -> None:
    """`"type": [..]` is refused by strict validators and Gemini-style clients; anyOf says the same."""
    assert {name: _type_unions(schema) for name, schema in SERVED.items() if _type_unions(schema)} == {}


def test_published_schemas_are_valid_json_schema() -> None:
    for name, schema in SERVED.items():
        Draft202012Validator.check_schema(schema)
        assert schema["type"] == "object" and schema.get("additionalProperties") is False, name
