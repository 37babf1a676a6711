"""`run_report` handles on a local server (in memory): a run that outlasted its wait goes on from one token.

Through a real MCP client against the emulator; the composite's clock and sleep are simulated, so
a wait runs out without waiting. The connector's handles (in the store, per user, across
replicas) are tested in tests/server/connector/test_connector_report_handles.py.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from mcp import Client

from pinterest_mcp.answers.report_handles import HANDLE_TTL, ReportHandles
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.composite.run_report import CALL_DEADLINE, Waits, use_waits
from pinterest_mcp.store.memory import MemoryStore
from support.stores import Clock
from support.tools import text_of

pytestmark = pytest.mark.anyio

TODAY = datetime.now(UTC).date()


@pytest.mark.slow  # three reports made and read: about a second
async def test_a_run_that_ran_out_of_waiting_goes_on_from_its_handle(tmp_path: Path) -> None:
    emu = Emulator(seed=7)
    account = next(a["id"] for a in emu.state.ad_accounts.values() if a["currency"] == "USD")
    settings = Settings(demo=True, toolsets=("default", "reports"))
    runtime = Runtime(settings, transport=httpx.ASGITransport(app=emu.app), env={"XDG_DATA_HOME": str(tmp_path)})
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    def jump() -> float:
        now[0] += CALL_DEADLINE  # every reading is a whole call later: the first call's time runs out
        return now[0]

    use_waits(runtime, Waits(sleep=sleep, clock=jump))
    start = TODAY - timedelta(days=400)
    asked = {"start_date": str(start), "end_date": str(start + timedelta(days=399)), "granularity": "MONTH"}
    async with Client(build_server(settings, runtime)) as client:
        waiting = await client.call_tool("run_report", {"ad_account_id": account, **asked})
        assert not waiting.is_error and '"status":"IN_PROGRESS"' in text_of(waiting)
        found = re.search(r"token=(run-[0-9a-f]+)", text_of(waiting))
        assert found, text_of(waiting)
        done = await client.call_tool("run_report", {"ad_account_id": account, "token": found.group(1)})
        assert not done.is_error, text_of(done)
        answer = json.loads(text_of(done))
        assert answer["report"]["parts"] == 3 and answer["report"]["token"] == found.group(1)
        assert answer["summary"]["row_count"] > 0
        unknown = await client.call_tool("run_report", {"ad_account_id": account, "token": "run-0000000000000000"})
        assert unknown.is_error and "No run_report handle" in text_of(unknown)
        other = next(a["id"] for a in emu.state.ad_accounts.values() if a["id"] != account)
        elsewhere = await client.call_tool("run_report", {"ad_account_id": other, "token": found.group(1)})
        assert elsewhere.is_error and f"is of ad account {account}" in text_of(elsewhere)


async def test_a_handle_expires_with_pinterests_reports_and_is_its_owners_only() -> None:
    clock = Clock()
    shared = MemoryStore(clock)
    mine, theirs = ReportHandles(shared, "u1", clock), ReportHandles(shared, "u2", clock)
    handle = await mine.save({"parts": []})
    assert await mine.load(handle) == {"parts": []}
    assert await theirs.load(handle) is None
    clock.advance(HANDLE_TTL)
    assert await mine.load(handle) is None
