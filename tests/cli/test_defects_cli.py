"""Defects a new user met at the terminal: Ctrl-C on `serve`, demo follow-ups, tables, hints and messages."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import anyio
import pytest

STOP_WITHIN = 5.0  # seconds from Ctrl-C to exit: "promptly", with room for a loaded machine


def scratch_env(home: Path) -> dict[str, str]:
    """No credentials or real config: the scratch home, no keyring, no PINTEREST_* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINTEREST_")}
    env.update(
        {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
    )
    return env


def serve(home: Path, stdin: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "pinterest_mcp", "serve", "--demo"],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=scratch_env(home),
    )


def wait_exit(process: subprocess.Popen[bytes], timeout: float) -> int | None:
    """The exit status within `timeout` seconds, or None after killing a process that did not stop."""
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
        return None


INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}},
}


# serve and Ctrl-C ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_first_ctrl_c_stops_a_stdio_server_promptly(tmp_path: Path) -> None:
    """A server mid-session (initialized, stdin open) stops on one SIGINT, without a second or Ctrl-D."""
    process = serve(tmp_path, subprocess.PIPE)
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    try:
        process.stdin.write((json.dumps(INITIALIZE) + "\n").encode())
        process.stdin.flush()
        with anyio.from_thread.start_blocking_portal() as portal:
            answer = json.loads(portal.call(read_until, process.stdout, b"\n"))
        assert answer["id"] == 1 and "serverInfo" in answer["result"]
        process.send_signal(signal.SIGINT)
        code = wait_exit(process, STOP_WITHIN)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    err = process.stderr.read().decode()
    assert code == 130, f"still running {STOP_WITHIN} s after Ctrl-C; stderr:\n{err}"
    assert "stopped (Ctrl-C)" in err and "Traceback" not in err


@pytest.mark.slow
def test_at_a_terminal_serve_says_it_waits_for_a_client_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    controller, terminal = os.openpty()
    try:
        process = serve(tmp_path, terminal)
        assert process.stderr is not None
        try:
            line = b""
            with anyio.from_thread.start_blocking_portal() as portal:
                line = portal.call(read_until, process.stderr, b"Ctrl-C")
            process.send_signal(signal.SIGINT)
            code = wait_exit(process, STOP_WITHIN)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
    finally:
        os.close(controller)
        os.close(terminal)
    text = line.decode()
    assert "waiting for an MCP client" in text and "Ctrl-C" in text
    assert code == 130


async def read_until(stream: IO[bytes], marker: bytes) -> bytes:
    """What a child's pipe gives up to and including `marker`, within 30 s (the caller kills the child after)."""
    seen = b""
    with anyio.fail_after(30):
        while marker not in seen:
            chunk = await anyio.to_thread.run_sync(stream.read1, 4096, abandon_on_cancel=True)  # type: ignore[attr-defined]
            if not chunk:
                break
            seen += chunk
    return seen


# call --demo keeps its emulator between processes -------------------------------------------------

USD = "549755856399"


def call(home: Path, *argv: str) -> tuple[int, Any, str]:
    """`pinterest-mcp call ... --demo --format json` as its own process, as a person runs it twice."""
    done = subprocess.run(
        [sys.executable, "-m", "pinterest_mcp", "call", *argv, "--demo", "--format", "json"],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env=scratch_env(home),
        timeout=120,
        check=False,
    )
    out = done.stdout.decode()
    return done.returncode, json.loads(out) if out.strip().startswith(("{", "[")) else out, done.stderr.decode()


def campaign_status(home: Path, campaign_id: str) -> str:
    code, data, err = call(home, "list_campaigns", f"ad_account_id={USD}")
    assert code == 0, err
    (found,) = [c for c in data["items"] if c["id"] == campaign_id]
    return str(found["status"])


@pytest.mark.slow
def test_a_demo_plan_applies_with_its_confirmation_in_a_second_call_and_undoes_in_a_third(tmp_path: Path) -> None:
    code, data, err = call(tmp_path, "list_campaigns", f"ad_account_id={USD}")
    target = next(c["id"] for c in data["items"] if c["status"] == "ACTIVE")

    code, plan, err = call(tmp_path, "pause_campaigns", f"ad_account_id={USD}", f"campaign_ids={target}")
    assert code == 1 and "plan only" in err and "confirmation=" in err

    argv = ["pause_campaigns", f"ad_account_id={USD}", f"campaign_ids={target}", f"confirmation={plan['confirmation']}"]
    code, applied, err = call(tmp_path, *argv)
    assert code == 0, (applied, err)
    assert campaign_status(tmp_path, target) == "PAUSED"  # the next process sees the write

    entry = applied["journal_entry"]
    assert f'entry="{entry}"' in applied["undo"]  # the hint the result prints, followed as written
    code, undo_plan, err = call(tmp_path, "undo_change", f"entry={entry}")
    assert code == 1 and "confirmation" in undo_plan, (undo_plan, err)
    code, undone, err = call(tmp_path, "undo_change", f"entry={entry}", f"confirmation={undo_plan['confirmation']}")
    assert code == 0, (undone, err)
    assert campaign_status(tmp_path, target) == "ACTIVE"

    code, _, err = call(tmp_path, "list_campaigns", f"ad_account_id={USD}", "--demo-reset")
    assert code == 0, err
    replay = call(tmp_path, *argv)
    assert replay[0] == 1  # a fresh key: the old confirmation no longer verifies


# What the terminal shows --------------------------------------------------------------------------


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from pinterest_mcp.cli.commands import main

    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.usefixtures("scratch_home")
def test_a_table_at_100_columns_keeps_ids_whole_and_shows_times_as_dates(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run_cli(capsys, "call", "list_campaigns", "--demo", f"ad_account_id={USD}", "--format", "json")
    campaigns = json.loads(out)["items"]
    code, table, _ = run_cli(capsys, "call", "list_campaigns", "--demo", f"ad_account_id={USD}", "--format", "table")
    assert code == 0
    assert max(len(line) for line in table.splitlines()) <= 100
    for campaign in campaigns:
        assert campaign["id"] in table  # on one line, not folded over two
    start = campaigns[0]["start_time"]
    assert isinstance(start, int) and str(start) not in table
    day = datetime.fromtimestamp(start, UTC).strftime("%Y-%m-%d")
    assert day[:8] in table  # the ISO date (its tail may wrap inside a narrow column)


def test_iso_times_for_time_columns_only() -> None:
    from pinterest_mcp.cli.output import table_cell

    assert table_cell("created_time", 1_767_225_600, limit=None) == "2026-01-01"
    assert table_cell("updated_time", 1_767_225_645_000, limit=None) == "2026-01-01 00:00:45Z"
    assert table_cell("daily_spend_cap", 1_767_225_600, limit=None) == "1767225600"  # not a time column
    assert table_cell("created_time", None, limit=None) == ""


@pytest.mark.usefixtures("scratch_home")
def test_tools_wraps_descriptions_to_the_terminal_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run_cli(capsys, "tools", "--toolsets", "all")
    assert code == 0
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 100, max(lines, key=len)
    assert any(line.startswith("list_campaigns ") for line in lines)


@pytest.mark.usefixtures("scratch_home")
def test_doctor_without_an_app_says_auth_set_before_auth_login(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "doctor")
    assert code == 1  # no credentials: a failed check
    (line,) = [line for line in out.splitlines() if "credentials" in line and "run `" in line]
    assert line.index("`auth set`") < line.index("`auth login`"), line


def test_an_upstream_sentence_ends_with_one_full_stop_before_next() -> None:
    from pinterest_mcp.api.errors import NotFoundError

    for request_id in (None, "abc123"):
        error = NotFoundError(404, 2, "Campaign not found.", request_id=request_id)
        text = error.for_model()
        assert ".." not in text and ". (" not in text, text
        assert "not found" in text and " Next: " in text
    assert str(NotFoundError(404, 2, "Campaign not found", request_id=None)).endswith("not found.")


@pytest.mark.usefixtures("scratch_home")
def test_a_misspelt_tool_suggests_the_closest_name_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "call", "list_campaign", "--demo")
    assert code == 2
    suggestions = err.split("did you mean ", 1)[1].split("?", 1)[0].split(" or ")
    assert suggestions[0] == "list_campaigns" and "list_pins" not in suggestions, err
