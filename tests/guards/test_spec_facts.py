"""The committed spec facts: generated from Pinterest's spec, prose-free, and what records derive from.

With PINTEREST_OPENAPI_SPEC set (CI), `scripts/spec_facts.py` is run on the spec and must write
exactly the committed files, and no sentence of the spec's prose may appear in them. The other
checks need only the facts.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pinterest_mcp.operations import all_operations
from pinterest_mcp.registry.records import Access
from pinterest_mcp.spec import facts

Json = dict[str, Any]
REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "scripts" / "spec_facts.py"
COMMITTED = REPO / "src" / "pinterest_mcp" / "spec"  # the files in git (CI tests an installed copy)
FACT_FILES = tuple(
    COMMITTED / f.name for f in (facts.RUNTIME_FILE, facts.PARAMETER_FILE, facts.VOCABULARY_FILE, facts.STRUCTURE_FILE)
)


def _generator() -> Any:
    """The generator script as a module, for the keyword sets it classifies (one statement of them)."""
    loaded = importlib.util.spec_from_file_location("spec_facts_generator", GENERATOR)
    assert loaded is not None and loaded.loader is not None
    module = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(module)
    return module


GENERATOR_MODULE = _generator()
# Every key a schema in the facts may have: the generator's facts and structural keywords, never prose.
SCHEMA_KEYWORDS = GENERATOR_MODULE.SCHEMA_FACTS | GENERATOR_MODULE.STRUCTURAL


@pytest.mark.needs_openapi
def test_committed_facts_are_what_the_generator_writes_from_the_spec(real_spec_path: Path, tmp_path: Path) -> None:
    """Drift check: regenerate from the spec; every committed file is byte for byte what comes out."""
    subprocess.run(
        [sys.executable, str(GENERATOR), str(real_spec_path), "--out", str(tmp_path)], check=True, capture_output=True
    )
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == sorted(path.name for path in FACT_FILES)
    for committed in FACT_FILES:
        assert (tmp_path / committed.name).read_bytes() == committed.read_bytes(), (
            f"{committed.name} is stale: run `python scripts/spec_facts.py {real_spec_path}`"
        )


def _prose(node: Any) -> Iterator[str]:
    """The spec's sentences: descriptions, summaries and titles with a space in them, and scope descriptions."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "summary", "title") and isinstance(value, str) and " " in value.strip():
                yield value
            elif key == "scopes" and isinstance(value, dict):
                yield from (text for text in value.values() if isinstance(text, str) and " " in text.strip())
            yield from _prose(value)
    elif isinstance(node, list):
        for value in node:
            yield from _prose(value)


@pytest.mark.needs_openapi
def test_no_prose_of_the_spec_is_copied(real_spec_path: Path) -> None:
    """No description, summary, title or scope description of the spec appears in the facts."""
    spec = json.loads(real_spec_path.read_text(encoding="utf-8"))
    text = "".join(path.read_text(encoding="utf-8") for path in FACT_FILES)
    sentences = set(_prose(spec))
    assert len(sentences) > 1000, "the prose walk found too little to mean anything"
    copied = sorted(s for s in sentences if json.dumps(s, ensure_ascii=False)[1:-1] in text)
    assert not copied, f"spec prose in the facts: {copied[:5]}"


def _schemas(node: Any) -> Iterator[Json]:
    """Every schema object in a schema, its sub-schemas included (property names are not keywords)."""
    if not isinstance(node, dict):
        return
    yield node
    for name in ("items", "not", "additionalProperties"):
        yield from _schemas(node.get(name))
    for name in ("allOf", "oneOf", "anyOf"):
        for sub in node.get(name, []):
            yield from _schemas(sub)
    for sub in node.get("properties", {}).values():
        yield from _schemas(sub)


def _all_schemas(structure: Json) -> Iterator[tuple[str, Json]]:
    for name, schema in structure["components"]["schemas"].items():
        yield from ((name, sub) for sub in _schemas(schema))
    for operation_id, operation in structure["operations"].items():
        for name, param in operation["parameters"].items():
            yield from ((f"{operation_id} {name}", sub) for sub in _schemas(param["schema"]))
        bodies = [operation.get("request_body", {}).get("content", {}), *operation["responses"].values()]
        for content in bodies:
            for schema in content.values():
                yield from ((operation_id, sub) for sub in _schemas(schema))


def test_facts_hold_structure_only() -> None:
    """Every schema in the facts uses structural keywords only: no description, title or example."""
    structure = facts.structure()
    found = 0
    for where, schema in _all_schemas(structure):
        found += 1
        assert set(schema) <= SCHEMA_KEYWORDS, f"{where}: {sorted(set(schema) - SCHEMA_KEYWORDS)}"
        assert not set(schema) & GENERATOR_MODULE.PROSE, where
    assert found > 5000, "the walk reached too few schemas to mean anything"
    for operation in structure["operations"].values():
        assert set(operation) <= {"parameters", "request_body", "responses", "security", "deprecated"}
        for param in operation["parameters"].values():
            assert set(param) <= {"in", "required", "style", "explode", "deprecated", "allowEmptyValue", "schema"}


def test_every_ref_in_the_facts_resolves() -> None:
    """`$ref`s point into the facts' own components, so the rebuilt oracle is complete."""
    structure = facts.structure()
    text = facts.STRUCTURE_FILE.read_text(encoding="utf-8")
    refs = set(re.findall(r'"\$ref":"#/components/schemas/([^"]+)"', text))
    assert refs, "no refs found: the pattern no longer matches the file's format"
    assert refs <= set(structure["components"]["schemas"])
    assert '"$ref":"#/components/parameters/' not in text, "parameters are inlined per operation"


def test_runtime_and_structure_cover_the_same_operations() -> None:
    runtime = facts.operations_document()
    structure = facts.structure()
    assert set(runtime["operations"]) == set(structure["operations"])
    assert runtime["spec_version"] == structure["spec_version"] == facts.spec_version()


def test_records_take_method_path_scopes_and_rate_limit_from_the_facts() -> None:
    """Each record's HTTP facts are its operationId's, and its access follows those scopes."""
    for op in all_operations():
        entry = facts.operation_facts(op.operation_id)
        assert (op.method, op.path, op.scopes, op.rate_limit) == (
            entry.method,
            entry.path,
            entry.scopes,
            entry.rate_limit,
        )
        assert op.path_params == tuple(re.findall(r"{(\w+)}", entry.path))
        assert (op.access is Access.WRITE) == any(":write" in scope for scope in entry.scopes)


def test_an_unknown_operation_id_says_what_to_do() -> None:
    with pytest.raises(facts.UnknownOperation, match=r"scripts/spec_facts\.py"):
        facts.operation_facts("boards/lsit")


def test_sandbox_flag_is_the_specs_x_sandbox() -> None:
    """Both values occur: the flag is read, not defaulted (boards are served by the sandbox, MMM reports not)."""
    assert facts.operation_facts("boards/list").sandbox is True
    assert facts.operation_facts("analytics/create_mmm_report").sandbox is False
    flags = {entry["sandbox"] for entry in facts.operations_document()["operations"].values()}
    assert flags == {True, False}


def test_an_unknown_vocabulary_says_what_to_do() -> None:
    with pytest.raises(facts.UnknownVocabulary, match=r"VOCABULARIES in scripts/spec_facts\.py"):
        facts.vocabulary("sync_colums")


def test_each_vocabulary_is_the_enum_its_locator_names_in_the_structural_facts() -> None:
    """The generator's lookup, run on the structural facts instead of the spec, finds the same values."""
    document = facts.structure()
    # The structural facts keep parameters by name and components as the spec has them.
    spec_like: Json = {"components": document["components"], "paths": {}}
    for operation_id, entry in document["operations"].items():
        parameters = [{"name": name, **param} for name, param in entry["parameters"].items()]
        spec_like["paths"][operation_id] = {"get": {"operationId": operation_id, "parameters": parameters}}
    assert set(GENERATOR_MODULE.VOCABULARIES) == set(json.loads(facts.VOCABULARY_FILE.read_text())["vocabularies"])
    for name, where in GENERATOR_MODULE.VOCABULARIES.items():
        values = facts.vocabulary(name)
        assert values and None not in values and len(set(values)) == len(values), name
        assert list(values) == GENERATOR_MODULE.vocabulary(spec_like, where), name


def test_every_sync_analytics_operation_takes_the_same_columns() -> None:
    """One `sync_columns` vocabulary serves every analytics tool and emulator route: the spec repeats one enum."""
    document = facts.structure()["operations"]
    enums = {
        operation_id: tuple(entry["parameters"]["columns"]["schema"]["items"]["enum"])
        for operation_id, entry in document.items()
        if "columns" in entry["parameters"] and entry["parameters"]["columns"]["in"] == "query"
    }
    assert len(enums) >= 10
    assert set(enums.values()) == {facts.vocabulary("sync_columns")}
