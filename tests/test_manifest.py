"""Generated files stay in step with the registry."""

from __future__ import annotations

import json
from pathlib import Path

from pinterest_mcp import manifest
from pinterest_mcp.registry import all_operations

ROOT = Path(__file__).resolve().parents[1]


def test_tool_manifests_and_readme_table_are_current() -> None:
    """`pinterest-mcp manifest --write` has been run since the registry last changed."""
    assert manifest.stale(ROOT) == []


def test_manifests_describe_every_operation_once() -> None:
    """Each operation appears in exactly one toolset file, with its operation and schema."""
    seen = []
    for content in manifest.manifests().values():
        for tool in json.loads(content)["tools"]:
            seen.append(tool["name"])
            assert tool["operation_id"] and tool["input_schema"]["type"] == "object"
    assert sorted(seen) == sorted(op.name for op in all_operations())
