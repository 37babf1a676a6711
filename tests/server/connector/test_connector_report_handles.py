"""A `run_report` started on one replica goes on from another: its handle is in the store, per user.

Replica a submits a report split in parts and runs out of waiting (the composite's clock jumps);
its answer names one handle. Replica b, with nothing of a's memory or disk, waits for every part
from that handle, downloads them again from Pinterest and answers the merged table. Another
Pinterest user's call with the same handle finds nothing, nor does their read of the report's CSV
resource; its owner reads it on either replica. SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.types import TextResourceContents

from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.composite import run_report
from pinterest_mcp.store import Store
from support.connector import SdkUser
from support.pair import OTHER, replicas
from support.stores import Clock
from support.tools import text_of

pytestmark = [pytest.mark.anyio, pytest.mark.slow]  # three reports downloaded twice: about 1.5 s

US = "549755856399"
REPORTS = {"toolset": ["account", "ads", "analytics", "reports"]}


class Jumps:
    """The composite's clock and sleep: each reading is 1,000 s after the last, so a wait runs out at once."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        self.now += 1000.0
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


async def run(client: Client, **arguments: Any) -> tuple[bool, str]:
    result = await client.call_tool("run_report", arguments)
    return bool(result.is_error), text_of(result)


async def test_a_report_started_on_one_replica_is_fetched_on_another_and_by_nobody_else(
    store: Store, store_url: str, store_clock: Clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jumps = Jumps()

    def waits(runtime: Runtime) -> run_report.Waits:
        return run_report.Waits(sleep=jumps.sleep, clock=jumps.clock)

    monkeypatch.setattr(run_report, "waits_of", waits)
    start = date.today() - timedelta(days=400)
    asked = {"start_date": str(start), "end_date": str(start + timedelta(days=399)), "granularity": "MONTH"}
    async with replicas(store, store_url, store_clock, tmp_path) as r:
        x = SdkUser(r.a.app, change=REPORTS)
        async with x.client() as x_on_a:
            failed, waiting = await run(x_on_a, ad_account_id=US, **asked)
        assert not failed and '"status":"IN_PROGRESS"' in waiting, waiting
        found = re.search(r"token=(run-[0-9a-f]+)", waiting)
        assert found, waiting
        handle = found.group(1)

        async with SdkUser(r.b.app, storage=x.storage).client() as x_on_b:
            failed, text = await run(x_on_b, ad_account_id=US, token=handle, rows=5)
            assert not failed, text
            csv = await x_on_b.read_resource(f"pinterest://reports/{handle}.csv")  # the answer's resource link
        (content,) = csv.contents
        assert isinstance(content, TextResourceContents) and content.text.startswith("DATE,")
        answer = json.loads(text)
        assert answer["report"]["parts"] == 3 and answer["report"]["token"] == handle
        assert answer["report"]["granularity"] == "MONTH" and answer["report"]["start_date"] == asked["start_date"]
        assert answer["summary"]["row_count"] > len(answer["rows"]) == 5
        assert len(answer["files"]) == 3  # b downloaded every part again: a's files are on a's disk

        r.pinterest.as_user = OTHER  # another Pinterest user, on either replica
        y = SdkUser(r.b.app, change=REPORTS)
        async with y.client() as y_on_b:
            r.pinterest.as_user = None
            failed, refused = await run(y_on_b, ad_account_id=US, token=handle)
            with pytest.raises(MCPError, match=f"No report {handle} of yours"):
                await y_on_b.read_resource(f"pinterest://reports/{handle}.csv")
        assert failed and f"No run_report handle {handle} of yours" in refused, refused
