"""Long work inside the client's clock, and a finished report handed to the user, through a real MCP client.

claude.ai ends a tool call after about 60 s: `run_report` and `run_bulk_download` answer within their
call deadline (`Waits.call_deadline`, made a few simulated seconds here) with a handle and what is
known so far, not an error, and the same tool goes on from the handle. A finished report is paged
from its handle (`offset`/`rows`, read from the file this machine saved: no Pinterest request) and
offered as an MCP resource its answer links to. Time never passes for real.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.types import ResourceLink, TextResourceContents

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.composite.run_report import CALL_DEADLINE, Waits, use_waits
from support.clock import Sleeps
from support.tools import text_of

pytestmark = pytest.mark.anyio
TODAY = datetime.now(UTC).date()
REPORTS = "/ad_accounts/{ad_account_id}/reports"
BULK_POLL = "/ad_accounts/{ad_account_id}/bulk/{bulk_request_id}"
DEADLINE = 5.0
"""The call deadline in these tests: a few simulated seconds, so one call polls a few times and answers."""
ROWS_143 = {"level": "CAMPAIGN", "granularity": "DAY"}
"""With `dates(40, 27)` the emulator's seed-7 USD account has 143 campaign-day rows."""


def dates(back: int, days: int) -> dict[str, str]:
    start = TODAY - timedelta(days=back)
    return {"start_date": start.isoformat(), "end_date": (start + timedelta(days=days - 1)).isoformat()}


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=7, today=lambda: TODAY)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def runtime_of(emu: Emulator, home: Path, sleeps: Sleeps) -> Runtime:
    settings = Settings(demo=True, toolsets=("default", "reports"))
    runtime = Runtime(settings, transport=httpx.ASGITransport(app=emu.app), env={"XDG_DATA_HOME": str(home)})
    use_waits(runtime, Waits(sleep=sleeps.sleep, clock=lambda: sleeps.now, call_deadline=DEADLINE))
    return runtime


@pytest.fixture
async def client(emu: Emulator, tmp_path: Path, sleeps: Sleeps) -> AsyncIterator[Client]:
    runtime = runtime_of(emu, tmp_path, sleeps)
    async with Client(build_server(runtime.settings, runtime)) as connected:
        yield connected


def account(emu: Emulator) -> str:
    account_id: str = next(a["id"] for a in emu.state.ad_accounts.values() if a["currency"] == "USD")
    return account_id


async def answer(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, text_of(result)
    data: dict[str, Any] = json.loads(text_of(result))
    return data


def test_the_call_deadline_is_inside_the_clients_minute() -> None:
    assert CALL_DEADLINE <= 45.0 and Waits().call_deadline == CALL_DEADLINE


async def test_a_report_still_in_progress_answers_its_handle_in_time_and_the_next_call_finishes(
    emu: Emulator, client: Client, sleeps: Sleeps
) -> None:
    acct = account(emu)
    stuck = emu.inject_fault(
        "GET", REPORTS, status=200, body={"report_status": "IN_PROGRESS", "url": None, "size": None}, times=10_000
    )
    waiting = await answer(client, "run_report", ad_account_id=acct, **dates(40, 27), **ROWS_143)
    assert waiting["status"] == "IN_PROGRESS" and waiting["report"]["ready"] == 0
    handle = waiting["report"]["token"]
    assert handle.startswith("run-") and f"token={handle}" in waiting["next"]
    assert sum(sleeps.slept) <= DEADLINE and sleeps.slept[:2] == [2.0, 3.0]  # capped backoff, within the deadline
    stuck.remaining = 0  # Pinterest has finished it meanwhile
    done = await answer(client, "run_report", ad_account_id=acct, token=handle)
    assert done["report"]["token"] == handle and done["summary"]["row_count"] == 143


async def test_a_finished_report_is_paged_from_its_handle_without_asking_pinterest_again(
    emu: Emulator, client: Client
) -> None:
    acct = account(emu)
    first = await answer(client, "run_report", ad_account_id=acct, rows=50, **dates(40, 27), **ROWS_143)
    handle = first["report"]["token"]
    assert first["summary"]["row_count"] == 143 and len(first["rows"]) == 50
    assert f"token={handle}, offset=50" in first["truncated"]
    mark = emu.requests.total
    second = await answer(client, "run_report", ad_account_id=acct, token=handle, offset=50, rows=50)
    last = await answer(client, "run_report", ad_account_id=acct, token=handle, offset=100, rows=50)
    assert emu.requests.since(mark) == []  # read from the file this machine saved
    assert second["columns"] == first["columns"] and len(second["rows"]) == 50 and len(last["rows"]) == 43
    assert "rows 51-100 of 143" in second["truncated"] and "rows 101-143 of 143" in last["truncated"]
    everything = await answer(client, "run_report", ad_account_id=acct, token=handle, rows=143)
    assert everything["rows"] == first["rows"] + second["rows"] + last["rows"]  # the pages are the table, in order


async def test_the_answer_links_the_report_as_a_resource_its_owner_reads_as_csv(
    emu: Emulator, client: Client, tmp_path: Path
) -> None:
    acct = account(emu)
    result = await client.call_tool("run_report", {"ad_account_id": acct, **dates(40, 27), **ROWS_143})
    handle = json.loads(text_of(result))["report"]["token"]
    links = [c for c in result.content if isinstance(c, ResourceLink)]
    assert [str(link.uri) for link in links] == [f"pinterest://reports/{handle}.csv"]
    read = await client.read_resource(str(links[0].uri))
    (content,) = read.contents
    assert isinstance(content, TextResourceContents) and content.mime_type == "text/csv"
    rows = list(csv.DictReader(io.StringIO(content.text)))
    assert len(rows) == 143 and {"DATE", "CAMPAIGN_ID"} <= rows[0].keys()
    templates = await client.list_resource_templates()
    assert "pinterest://reports/{handle}.csv" in [t.uri_template for t in templates.resource_templates]

    other = runtime_of(emu, tmp_path / "other", Sleeps())  # another user's server: its handles are its own
    async with Client(build_server(other.settings, other)) as stranger:
        with pytest.raises(MCPError, match="No report run-"):
            await stranger.read_resource(str(links[0].uri))


async def test_a_link_not_yet_finished_says_to_go_on_with_run_report(emu: Emulator, client: Client) -> None:
    acct = account(emu)
    emu.inject_fault(
        "GET", REPORTS, status=200, body={"report_status": "IN_PROGRESS", "url": None, "size": None}, times=10_000
    )
    waiting = await answer(client, "run_report", ad_account_id=acct, **dates(40, 27), **ROWS_143)
    handle = waiting["report"]["token"]
    with pytest.raises(MCPError, match=f"IN_PROGRESS; call run_report with token={handle}"):
        await client.read_resource(f"pinterest://reports/{handle}.csv")


async def test_a_bulk_download_still_running_answers_its_request_id_in_time_and_the_next_call_finishes(
    emu: Emulator, client: Client, sleeps: Sleeps
) -> None:
    acct = account(emu)
    running = emu.inject_fault("GET", BULK_POLL, status=200, body={"status": "RUNNING"}, times=10_000)
    waiting = await answer(client, "run_bulk_download", ad_account_id=acct, entity_types=["CAMPAIGN"])
    request_id = waiting["request_id"]
    assert waiting["status"] == "RUNNING" and f"request_id={request_id}" in waiting["next"]
    assert sum(sleeps.slept) <= DEADLINE
    running.remaining = 0
    done = await answer(client, "run_bulk_download", ad_account_id=acct, request_id=request_id)
    assert done["status"] == "SUCCEEDED" and done["counts"]["CAMPAIGN"] > 0
