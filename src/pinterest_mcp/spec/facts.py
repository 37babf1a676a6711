"""Facts of Pinterest's OpenAPI description, committed beside this module by `scripts/spec_facts.py`.

An `Operation` names its operationId and takes its method, path, OAuth scopes and rate-limit
category from here, so the spec is stated once and the records cannot drift from it. The runtime
file is small (one line per operation) and read once, on the first lookup. The vocabularies (the
enums input models and the emulator check values against: report columns, targeting values...) are
read on the first check of one, so a start that checks nothing never reads them. The path and
query parameters (what a record's input model is derived from) are read when the records are
built, not at start. The larger
structural file (parameters, bodies, responses, schemas) is for tests, tooling and the emulator (its
parameter gate reads it on the first request that needs it); the server's own code never reads it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

Method = Literal["GET", "POST", "PATCH", "DELETE"]

FACTS_DIR = Path(__file__).parent
RUNTIME_FILE = FACTS_DIR / "operations.json"
PARAMETER_FILE = FACTS_DIR / "parameters.json"
STRUCTURE_FILE = FACTS_DIR / "schemas.json"
VOCABULARY_FILE = FACTS_DIR / "vocabularies.json"
_METHODS: frozenset[str] = frozenset(("GET", "POST", "PATCH", "DELETE"))


class UnknownOperation(KeyError):
    """An operationId the committed facts do not have (misspelt, or the facts predate it)."""


class UnknownVocabulary(KeyError):
    """A vocabulary name the committed facts do not have (not in the generator's `VOCABULARIES`)."""


@dataclass(frozen=True)
class OperationFacts:
    """What the spec says about one operation that the server acts on.

    `scopes` is the spec's pinterest_oauth2 requirement (empty for the OAuth endpoints);
    `sandbox` is its `x-sandbox` flag: whether Pinterest's sandbox serves the operation.
    """

    operation_id: str
    method: Method
    path: str
    scopes: tuple[str, ...]
    rate_limit: str
    sandbox: bool


@cache
def _runtime() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(RUNTIME_FILE.read_text(encoding="utf-8"))
    return document


def spec_version() -> str:
    """The version of Pinterest's OpenAPI description the facts were generated from."""
    return str(_runtime()["spec_version"])


@cache
def operation_facts(operation_id: str) -> OperationFacts:
    """The runtime facts of one operation; unknown ids fail with what to do about it."""
    entry = _runtime()["operations"].get(operation_id)
    if entry is None:
        raise UnknownOperation(
            f"{operation_id!r} is not an operationId of Pinterest's API v5 {spec_version()}; "
            "check the spelling, or regenerate the facts with scripts/spec_facts.py"
        )
    method = entry["method"]
    if method not in _METHODS:
        raise ValueError(f"{operation_id}: method {method} is not one the server sends")
    return OperationFacts(
        operation_id=operation_id,
        method=cast(Method, method),
        path=entry["path"],
        scopes=tuple(entry["scopes"]),
        rate_limit=entry["rate_limit"],
        sandbox=entry["sandbox"],
    )


@cache
def _parameters() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(PARAMETER_FILE.read_text(encoding="utf-8"))
    operations: dict[str, Any] = document["operations"]
    return operations


def request_parameters(operation_id: str) -> dict[str, Any]:
    """The path and query parameters of one operation by name: `in`, `required`, `explode`, and the
    schema with its `$ref`s inlined. Empty for an operation without any; shared, so not to be changed."""
    operation_facts(operation_id)  # an unknown id fails here, with what to do about it
    parameters: dict[str, Any] = _parameters().get(operation_id, {})
    return parameters


@cache
def _vocabularies() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    vocabularies: dict[str, Any] = document["vocabularies"]
    return vocabularies


@cache
def vocabulary(name: str) -> tuple[str, ...]:
    """The values of one of the spec's enums, in the spec's order (null left out: that is `nullable`).

    `name` is a key of `VOCABULARIES` in `scripts/spec_facts.py`, which says where in the spec it comes from.
    """
    entry = _vocabularies().get(name)
    if entry is None:
        raise UnknownVocabulary(
            f"{name!r} is not a vocabulary of the committed facts; add it to VOCABULARIES in "
            "scripts/spec_facts.py and regenerate the facts"
        )
    return tuple(entry["values"])


def operations_document() -> dict[str, Any]:
    """The runtime file as written (spec version and every operation's entry), a fresh copy per call."""
    document: dict[str, Any] = json.loads(RUNTIME_FILE.read_text(encoding="utf-8"))
    return document


def structure() -> dict[str, Any]:
    """The structural facts: per operationId its parameters, request body, responses and security,
    and the component schemas they `$ref` (prose-free). For tests and tooling; a fresh dict per call."""
    document: dict[str, Any] = json.loads(STRUCTURE_FILE.read_text(encoding="utf-8"))
    return document


def resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow local `$ref`s (`#/...`) in an OpenAPI document or in the facts until an object is reached."""
    while "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node
