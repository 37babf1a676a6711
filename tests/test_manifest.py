"""Generated files stay in step with what the server serves."""

from __future__ import annotations

import json
from pathlib import Path

from pinterest_mcp import manifest
from pinterest_mcp.registry import all_operations

ROOT = Path(__file__).resolve().parents[1]


def test_tool_manifests_stored_schemas_and_readme_table_are_current() -> None:
    """`pinterest-mcp manifest --write` has been run since a tool last changed."""
    assert manifest.stale(ROOT) == []


def test_manifests_cover_every_served_tool_once() -> None:
    """Each served tool, the server's own included, appears in exactly one toolset file, as served."""
    served = {tool["name"]: tool for tool in manifest.served_tools()}
    seen = []
    for path, content in manifest.generated().items():
        if not path.startswith("tool_manifests/"):
            continue
        for tool in json.loads(content)["tools"]:
            seen.append(tool["name"])
            assert tool["inputSchema"] == served[tool["name"]]["inputSchema"]
            assert tool["model_visible_tokens"] > 0
            if tool["name"] in {op.name for op in all_operations()}:
                assert tool["operation"]["operation_id"] == tool["_meta"]["pinterest/operation_id"]
    assert sorted(seen) == sorted(served)
    assert {"list_toolsets", "enable_toolset", "undo_change", "check_connection"} <= set(seen)
    assert {op.name for op in all_operations()} <= set(seen)
