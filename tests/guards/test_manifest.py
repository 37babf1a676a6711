"""Generated files stay in step with what the server serves."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pinterest_mcp.cli import manifest
from pinterest_mcp.operations import all_operations

ROOT = Path(__file__).resolve().parents[2]


def test_tool_manifests_stored_schemas_and_readme_table_are_current() -> None:
    """`python -m pinterest_mcp.cli.manifest --write` has been run since a tool last changed."""
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


@pytest.mark.slow
def test_the_developer_command_runs_as_a_module_and_checks_the_checkout() -> None:
    """What CI runs: `python -m pinterest_mcp.cli.manifest --check` from the checkout, exit 0 when current."""
    done = subprocess.run(
        [sys.executable, "-m", "pinterest_mcp.cli.manifest", "--check", "--root", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "up to date"


def test_write_outside_a_checkout_is_refused_and_creates_nothing(tmp_path: Path) -> None:
    assert manifest.main(["--write", "--root", str(tmp_path)]) == 2
    assert list(tmp_path.iterdir()) == []


def test_manifest_is_out_of_the_users_cli_but_its_old_spelling_still_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pinterest_mcp.cli.commands import main

    assert main([]) == 0
    assert "manifest" not in capsys.readouterr().out
    assert main(["manifest", "--check", "--root", str(tmp_path)]) == 2  # the alias reaches the same command
    assert "not a pinterest-mcp source checkout" in capsys.readouterr().err
