"""Lead exports through a real MCP client: the leads land in a 0600 file here, never in an answer, log or journal.

Time never passes for real: `run_leads_export` sleeps on a simulated clock (`use_waits`).
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client
from mcp.types import ResourceLink, TextResourceContents

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.composite.run_report import use_waits
from support.clock import Sleeps
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
USD = "549755856399"
POLL = "/ad_accounts/{ad_account_id}/leads_export/{leads_export_id}"


def _runtime(tmp_path: Path, emu: Emulator) -> Runtime:
    settings = Settings(demo=True, toolsets=("ads", "lead_forms"), journal=tmp_path / "journal.jsonl")
    runtime = Runtime(settings, transport=httpx.ASGITransport(app=emu.app), env={"XDG_DATA_HOME": str(tmp_path)})
    use_waits(runtime, Sleeps().waits())
    return runtime


def _days(back: int) -> dict[str, str]:
    today = datetime.now(UTC).date()
    return {"start_date": str(today - timedelta(days=back)), "end_date": str(today)}


async def test_leads_are_exported_to_a_private_file_and_only_counted_in_the_answer(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    emu = Emulator(seed=7)
    runtime = _runtime(tmp_path, emu)
    async with Client(build_server(runtime.settings, runtime)) as client:
        ad = (await call(client, "list_ads", ad_account_id=USD))["items"][0]["id"]
        result = await client.call_tool("run_leads_export", {"ad_account_id": USD, "ad_id": ad, **_days(30)})
        answer = json.loads(text_of(result))
        read = await client.read_resource(answer["resource"])
    path = Path(answer["file"])
    with path.open(newline="") as saved:
        rows = list(csv.DictReader(saved))
    assert not result.is_error and answer["status"] == "FINISHED" and answer["leads"] == len(rows) > 0
    assert answer["columns"][:3] == ["lead_id", "created_time", "ad_id"] and "EMAIL" in answer["columns"]
    assert path.parent == tmp_path / "pinterest-mcp" / "leads" or path.parent.name == "leads"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    (link,) = [block for block in result.content if isinstance(block, ResourceLink)]
    assert str(link.uri) == answer["resource"] == f"pinterest://leads/{USD}/{answer['leads_export_id']}.csv"
    (contents,) = read.contents
    assert isinstance(contents, TextResourceContents) and rows[0]["EMAIL"] in contents.text
    people = [value for row in rows for key, value in row.items() if key in ("EMAIL", "FULL_NAME", "PHONE_NUMBER")]
    journal = tmp_path / "journal.jsonl"
    shown = text_of(result) + caplog.text + (journal.read_text() if journal.exists() else "")
    assert people and not [value for value in people if value in shown]
    assert "download" not in text_of(result) and "expires=" not in text_of(result)  # the link stays out too


async def test_an_export_still_running_at_the_deadline_answers_its_id_to_go_on_with(tmp_path: Path) -> None:
    emu = Emulator(seed=7)
    # Still running for every poll the first call's 45 s allow (7 with capped backoff), done after that.
    emu.inject_fault("GET", POLL, status=200, body={"export_status": "IN_PROGRESS"}, times=7)
    runtime = _runtime(tmp_path, emu)
    async with Client(build_server(runtime.settings, runtime)) as client:
        ad = (await call(client, "list_ads", ad_account_id=USD))["items"][0]["id"]
        waiting = await call(client, "run_leads_export", ad_account_id=USD, ad_id=ad, **_days(7))
        done = await call(client, "run_leads_export", ad_account_id=USD, leads_export_id=waiting["leads_export_id"])
    assert waiting["status"] == "IN_PROGRESS" and f"leads_export_id={waiting['leads_export_id']}" in waiting["next"]
    assert done["status"] == "FINISHED" and done["leads_export_id"] == waiting["leads_export_id"]
    assert len([r for r in emu.requests if r.method == "POST"]) == 1  # going on starts no second export


async def test_bad_arguments_and_another_accounts_ad_send_nothing_or_fail_cleanly(tmp_path: Path) -> None:
    emu = Emulator(seed=7)
    runtime = _runtime(tmp_path, emu)
    args: dict[str, Any] = {"ad_account_id": USD}
    async with Client(build_server(runtime.settings, runtime)) as client:
        await call(client, "list_ads", ad_account_id=USD)
        half = await client.call_tool("run_leads_export", {**args, "ad_id": "1", "start_date": "2026-01-01"})
        both = await client.call_tool("run_leads_export", {**args, "ad_id": "1", "leads_export_id": "2", **_days(1)})
        before = len(emu.requests)
        missing = await client.call_tool("run_leads_export", {**args, "ad_id": "123", **_days(1)})
    assert half.is_error and "ad_id, start_date and end_date" in text_of(half)
    assert both.is_error and "leave out ad_id" in text_of(both)
    assert missing.is_error and len(emu.requests) == before + 1


async def test_on_a_connector_each_user_reads_only_the_exports_saved_for_them(tmp_path: Path) -> None:
    """Exports are kept per Pinterest user (the report handles' owner): another user's resource read finds none."""
    from mcp.server.mcpserver.exceptions import ResourceError

    from pinterest_mcp.answers.report_handles import ReportHandles
    from pinterest_mcp.server.composite.leads_export import leads_csv
    from pinterest_mcp.store.memory import MemoryStore

    emu = Emulator(seed=7)
    mine, theirs = _runtime(tmp_path, emu), _runtime(tmp_path, emu)
    mine.__dict__["report_handles"] = ReportHandles(MemoryStore(), owner="877196115044212736")
    theirs.__dict__["report_handles"] = ReportHandles(MemoryStore(), owner="877196115044299999")
    async with Client(build_server(mine.settings, mine)) as client:
        ad = (await call(client, "list_ads", ad_account_id=USD))["items"][0]["id"]
        answer = await call(client, "run_leads_export", ad_account_id=USD, ad_id=ad, **_days(30))
    assert Path(answer["file"]).parent.name == "877196115044212736"
    assert "lead_id" in await leads_csv(mine, USD, answer["leads_export_id"])
    with pytest.raises(ResourceError):
        await leads_csv(theirs, USD, answer["leads_export_id"])
