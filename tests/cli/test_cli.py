"""`pinterest-mcp` for a person at a terminal: help, arguments from a shell, output formats, consent, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp.types import ElicitResult, TextContent

from pinterest_mcp.api.errors import AuthenticationError, MissingScopeError
from pinterest_mcp.cli.commands import for_person, listen_url, main
from pinterest_mcp.cli.help import describe, parse_value
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.server.build import build_server

USD = "549755856399"
pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("scratch_home")]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def campaigns(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    code, out, _ = run(capsys, "call", "list_campaigns", "--demo", f"ad_account_id={USD}", "--format", "json")
    assert code == 0
    items: list[dict[str, Any]] = json.loads(out)["items"]
    return items


# Help ----------------------------------------------------------------------------------------------


def test_bare_command_prints_help_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    assert "usage: pinterest-mcp" in out and "serve" in out and "call TOOL --help" in out
    assert "manifest" not in out  # a developer command, out of the user's CLI


def test_each_sub_command_lists_only_the_flags_that_apply(capsys: pytest.CaptureFixture[str]) -> None:
    helps: dict[str, str] = {}
    for command in ("serve", "tools", "demo", "journal", "doctor"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        helps[command] = capsys.readouterr().out
    _, helps["call"], _ = run(capsys, "call", "--help")  # call's own help: 0, and TOOL --help reads the schema
    assert "--transport" in helps["serve"] and "--max-budget" in helps["serve"]
    for command in ("tools", "call", "demo", "journal", "doctor"):
        assert "--transport" not in helps[command], command
    for command in ("tools", "demo", "journal"):
        assert "--max-budget" not in helps[command] and "--base-url" not in helps[command], command
    assert "--toolsets" not in helps["call"] and "--toolsets" not in helps["demo"]
    assert "--format" in helps["call"] and "--yes" in helps["call"]
    serve = " ".join(helps["serve"].split())
    assert "Streamable HTTP at /mcp" in serve and "HTTP port (default 8000)" in serve
    assert "DEBUG shows every request" in serve


def test_call_tool_help_lists_the_tools_arguments_from_its_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "call", "list_campaigns", "--help")
    assert code == 0
    assert "usage: pinterest-mcp call list_campaigns" in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and line.split()}
    assert "required" in lines["ad_account_id"] and "id (digits, as a string)" in lines["ad_account_id"]
    assert "ACTIVE|PAUSED" in lines["entity_statuses"] and "A,B" in lines["entity_statuses"]
    assert "integer 1-250" in lines["page_size"]


def test_tools_lists_arguments_with_args_or_for_one_tool(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tools", "--args")
    assert code == 0
    listing = out.splitlines()
    at = next(i for i, line in enumerate(listing) if line.startswith("list_campaigns "))
    wrapped = " " * 10  # the description's wrapped lines, indented under it; arguments are indented 4
    assert next(line for line in listing[at + 1 :] if not line.startswith(wrapped)).split()[0] == "ad_account_id"
    code, out, _ = run(capsys, "tools", "set_ad_group_budget")
    assert code == 0 and "budget" in out and "required" in out


def test_the_servers_own_tools_can_be_called_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "call", "check_connection", "--demo")
    assert code == 0 and "demo: the embedded emulator" in out
    code, out, _ = run(capsys, "call", "list_toolsets", "--demo", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("toolset,")


def test_an_unknown_tool_is_refused_with_the_nearest_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "call", "list_campaign", "--demo")
    assert code == 2 and "did you mean list_campaigns" in err


# Arguments from a shell -----------------------------------------------------------------------------


def test_values_are_read_the_way_the_schema_wants_them() -> None:
    ids = {"type": "array", "items": {"type": "string", "pattern": "^[0-9]+$"}}
    assert parse_value("549755856399", {"type": "string", "pattern": "^[0-9]+$"}) == "549755856399"
    assert parse_value("1,22", ids) == ["1", "22"] and parse_value('["1"]', ids) == ["1"]
    assert parse_value("5", {"type": "integer"}) == 5
    assert parse_value("75.50", {"anyOf": [{"type": "number"}, {"type": "string"}]}) == "75.50"
    assert parse_value("1,2", {"type": "array", "items": {"type": "integer"}}) == [1, 2]
    assert describe({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]}) == "integer ≥0"


def test_a_list_argument_takes_a_comma_separated_value(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "call", "list_campaigns", "--demo", f"ad_account_id={USD}", "entity_statuses=PAUSED")
    assert code == 0
    statuses = {item["status"] for item in json.loads(out)["items"]}
    assert statuses == {"PAUSED"}
    code, out, _ = run(
        capsys, "call", "list_campaigns", "--demo", f"ad_account_id={USD}", "entity_statuses=ACTIVE,PAUSED"
    )
    assert code == 0 and {item["status"] for item in json.loads(out)["items"]} == {"ACTIVE", "PAUSED"}


# Output formats ------------------------------------------------------------------------------------


def test_json_is_pretty_jsonl_is_one_item_a_line_csv_has_a_header(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("call", "list_campaigns", "--demo", f"ad_account_id={USD}")
    _, pretty, _ = run(capsys, *args)  # not a terminal: JSON by default
    assert pretty.startswith("{\n  ") and json.loads(pretty)["items"]
    _, lines, _ = run(capsys, *args, "--format", "jsonl")
    items = [json.loads(line) for line in lines.splitlines()]
    assert items == json.loads(pretty)["items"]
    _, table, _ = run(capsys, *args, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(table)))
    assert [row["id"] for row in rows] == [item["id"] for item in items]


def test_a_table_for_a_list_and_for_analytics(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "240")  # a wide terminal: rich sizes the table to it
    items = campaigns(capsys)
    code, out, _ = run(capsys, "call", "list_campaigns", "--demo", f"ad_account_id={USD}", "--format", "table")
    assert code == 0 and "┃" in out and items[0]["id"] in out and f"count: {len(items)}" in out
    today = datetime.now(UTC).date()
    code, out, _ = run(
        capsys,
        "call",
        "get_campaign_analytics",
        "--demo",
        f"ad_account_id={USD}",
        f"campaign_ids={items[0]['id']},{items[1]['id']}",
        f"start_date={today - timedelta(days=7)}",
        f"end_date={today - timedelta(days=1)}",
        "--format",
        "table",
    )
    assert code == 0, out
    assert "SPEND (USD)" in " ".join(out.split()) or "SPEND" in out
    assert "SPEND_IN_MICRO_DOLLAR" not in out  # the readable twin is shown instead
    code, out, _ = run(
        capsys,
        "call",
        "get_campaign_analytics",
        "--demo",
        f"ad_account_id={USD}",
        f"campaign_ids={items[0]['id']}",
        f"start_date={today - timedelta(days=7)}",
        f"end_date={today - timedelta(days=1)}",
        "--format",
        "csv",
    )
    header, *rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and "CAMPAIGN_ID" in header and rows and all(len(row) == len(header) for row in rows)


# Progress at the terminal ----------------------------------------------------------------------------


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, and keeps what was drawn on it."""

    def isatty(self) -> bool:
        return True


def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """`run_report` in the demo sleeps on a simulated clock: sleeping moves it and is recorded."""
    from pinterest_mcp.server.composite import run_report

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(run_report, "waits_of", lambda _: run_report.Waits(sleep=sleep, clock=lambda: sum(slept)))
    return slept


def test_run_report_draws_a_progress_bar_on_a_terminal_and_answers_on_stdout(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    slept = no_waiting(monkeypatch)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("COLUMNS", "120")
    argv = ["call", "run_report", "--demo", f"ad_account_id={USD}", "date_range=last_7_days", "--format", "json"]
    code = main(argv)
    out = capsys.readouterr().out
    assert code == 0, terminal.getvalue()
    answer = json.loads(out)  # stdout is the answer alone
    assert answer["report"]["dates"]["range"] == "last_7_days" and answer["rows"]
    drawn = terminal.getvalue()
    assert "1 report(s) downloaded" in drawn and "100%" in drawn and "━" in drawn
    assert slept == [2.0]  # the demo's report is ready on its second poll


def test_without_a_terminal_no_progress_is_asked_for_or_printed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pinterest_mcp.cli.progress import ProgressBar, progress_bar

    with progress_bar(io.StringIO()) as callback:
        assert callback is None  # the call sends no progressToken at all
    no_waiting(monkeypatch)
    code, out, err = run(capsys, "call", "run_report", "--demo", f"ad_account_id={USD}", "date_range=yesterday")
    assert code == 0 and json.loads(out)["report"]["parts"] == 1
    assert "downloaded" not in err and "%" not in err
    terminal = Terminal()
    bar = ProgressBar(terminal)

    async def notify() -> None:
        await bar(1.0, None, "submitted 1 of 1 reports")  # no total yet: a bar without an end
        await bar(3.0, 3.0, None)  # no message: the last one stays

    anyio.run(notify)
    bar.close()
    assert "submitted 1 of 1 reports" in terminal.getvalue() and "100%" in terminal.getvalue()


# Writes at the terminal ------------------------------------------------------------------------------


def test_a_write_without_a_terminal_only_plans_and_exits_non_zero(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    target = campaigns(capsys)[0]["id"]
    journal = tmp_path / "journal.jsonl"
    argv = ["call", "pause_campaigns", "--demo", "--journal", str(journal), f"ad_account_id={USD}"]
    code, out, err = run(capsys, *argv, f"campaign_ids={target}")
    assert code == 1 and "confirmation" in json.loads(out) and "plan only" in err and "--yes" in err
    assert not journal.exists()


def test_the_terminal_asks_once(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan's own question is the prompt: no "Apply this change?" followed by a second "Apply?"."""
    target = campaigns(capsys)[0]["id"]
    prompts: list[str] = []

    def answer(prompt: str) -> str:
        prompts.append(prompt)
        return "y"

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", answer)
    argv = ["call", "pause_campaigns", "--demo", f"ad_account_id={USD}", f"campaign_ids={target}", "--format", "json"]
    code, out, err = run(capsys, *argv)
    assert code == 0 and json.loads(out)["status"] == "applied"
    assert prompts == ["Apply this change? [y/N] "]
    assert "ACTIVE → PAUSED" in err and "Apply this change?" not in err


async def test_a_consent_answer_of_the_wrong_shape_names_no_internal_resolver() -> None:
    async def wrong_shape(context: Any, params: Any) -> ElicitResult:
        return ElicitResult(action="accept", content={"approve": "yes"})

    server = build_server(Settings(demo=True, toolsets=("ads",)))
    async with Client(server, elicitation_callback=wrong_shape) as client:
        listed = await client.call_tool("list_campaigns", {"ad_account_id": USD})
        target = json.loads(_text(listed))["items"][0]["id"]
        result = await client.call_tool("pause_campaigns", {"ad_account_id": USD, "campaign_ids": [target]})
    text = _text(result)
    assert "pinterest_mcp" not in text and "Resolver" not in text
    answer = json.loads(text)
    assert "confirmation" in answer and "apply: true or false" in answer["elicitation"]


def _text(result: Any) -> str:
    return "".join(block.text for block in result.content if isinstance(block, TextContent))


# Errors and notices for a person ----------------------------------------------------------------------


def test_auth_login_without_an_app_says_what_to_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "auth", "login", "--no-browser")
    assert code == 1 and out == ""
    assert "auth set" in err and "PINTEREST_APP_ID" in err
    assert "HTTP 401" not in err and "The user should" not in err and "`pinterest-mcp auth login`" not in err


def test_upstream_errors_read_for_a_person() -> None:
    rejected = AuthenticationError(401, 2, "Authentication failed.")
    assert "The user should" in rejected.for_model()
    for command in ("call", "doctor"):
        text = for_person(rejected, command)
        assert "The user should" not in text and "pinterest-mcp auth login" in text
    scope = for_person(MissingScopeError(403, 3, "no scope", scopes=("ads:write",)), "call")
    assert "ads:write" in scope and "The user" not in scope


def test_the_keyring_fallback_is_said_once_with_the_real_file(
    capsys: pytest.CaptureFixture[str], scratch_home: Path
) -> None:
    stored = scratch_home / "config" / "pinterest-mcp" / "credentials-default.json"
    code, _, err = run(capsys, "auth", "set", "--app-id", "1234", "--app-secret", "canary_secret_4c1")
    assert code == 0 and err.count("no OS keyring") == 1 and str(stored) in err and "<profile>" not in err
    code, out, err = run(capsys, "auth", "set", "--app-id", "1234")
    assert code == 0 and err == "" and str(stored) in out  # known now: status names the file, no warning
    code, out, err = run(capsys, "doctor")
    assert (out + err).count("no OS keyring") == 1 and "canary_secret_4c1" not in out + err


def test_doctor_counts_the_tools_that_tools_lists(capsys: pytest.CaptureFixture[str]) -> None:
    for flags in ((), ("--toolsets", "all"), ("--read-only",)):
        _, listing, _ = run(capsys, "tools", *flags)
        listed = int(listing.splitlines()[-2].split()[0])
        _, report, _ = run(capsys, "doctor", "--demo", *flags)
        assert f"{listed} tools listed at start" in report, (flags, report)


# serve -----------------------------------------------------------------------------------------------


def test_serve_says_where_it_listens_and_warns_without_credentials(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mcp.server.mcpserver import MCPServer

    monkeypatch.setattr(MCPServer, "run", lambda self, transport, **kwargs: None)
    code, out, err = run(capsys, "serve", "--demo")
    assert code == 0 and out == ""
    assert "serving on stdio" in err and "demo emulator" in err and "no Pinterest credentials" not in err
    code, _, err = run(capsys, "serve")
    assert code == 0 and "api.pinterest.com" in err and "profile 'default'" in err
    assert "no Pinterest credentials" in err and "auth login" in err
    monkeypatch.setenv("PINTEREST_ACCESS_TOKEN", "pina_serve_canary_77")
    code, _, err = run(capsys, "serve")
    assert "credentials: env:PINTEREST_ACCESS_TOKEN" in err and "no Pinterest credentials" not in err
    assert "pina_serve_canary_77" not in err


def test_listen_urls() -> None:
    assert listen_url("http", "127.0.0.1", 8000) == "http://127.0.0.1:8000/mcp"
    assert listen_url("sse", "::1", 9000) == "http://[::1]:9000/sse"


@pytest.mark.slow
def test_serving_imports_neither_rich_nor_platformdirs_nor_tomllib() -> None:
    """Cold start: the table and chart libraries, the path library and the TOML parser stay out of `serve`
    (Linux, no config)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pinterest_mcp", "serve", "--demo", "--log-level", "ERROR"],
        stdin=subprocess.DEVNULL,  # stdio ends at once: everything a start imports, and no more
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time")}
    assert "pinterest_mcp.server.build" in imported
    # The SDK's attempt at `rich.console` is logged too, failing at once: the package itself is never loaded.
    assert not imported & {"rich", "platformdirs", "tomllib", "plotext", "pinterest_mcp.cli.chart"}
    # Nor the remote connector (`serve --auth oauth` only): its modules, the vault and the shared store.
    # (`cryptography` itself the SDK loads on every start, so it is no sign of the connector.)
    assert not {name for name in imported if name.startswith("pinterest_mcp.server.connector")}
    assert not imported & {"pinterest_mcp.auth.vault", "pinterest_mcp.store"}


@pytest.mark.slow
def test_serving_imports_no_input_model_nor_anything_only_a_call_needs() -> None:
    """Cold start: `tools/list` is answered from the stored catalog; records, models, views and the call half wait."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pinterest_mcp", "serve", "--log-level", "ERROR"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "PINTEREST_ACCESS_TOKEN": "pina_cold_start_dummy"},
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time")}
    assert "pinterest_mcp.server.build" in imported
    call_only = {
        "pinterest_mcp.registry.records",
        "pinterest_mcp.registry.inputs",
        "pinterest_mcp.registry.spec_inputs",
        "pinterest_mcp.spec.facts",
        "pinterest_mcp.answers.views",
        "pinterest_mcp.api.request",
        "pinterest_mcp.writes.reply",
        "pinterest_mcp.server.calls",
        "pinterest_mcp.server.declared",
        "importlib.resources.readers",
    }
    assert not imported & call_only
    assert not {name for name in imported if name.startswith("pinterest_mcp.operations.")}
