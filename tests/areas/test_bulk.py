"""Bulk requests through a real MCP client against the emulator: the upsert write, downloads, and the wait.

Time never passes for real: `run_bulk_download` sleeps on a simulated clock (`use_waits`), and
the emulator's requests finish on its poll count.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.composite.run_report import CALL_DEADLINE, Waits, use_waits
from support.clock import Sleeps
from support.emulator import assert_valid, response_schema
from support.tools import text_of

pytestmark = pytest.mark.anyio
USD = "549755856399"
BULK = "/ad_accounts/{ad_account_id}/bulk"
POLL = f"{BULK}/{{bulk_request_id}}"
NEW = {"name": "Bulk winter", "objective_type": "AWARENESS", "daily_spend_cap": 20_000_000}


def _runtime(tmp_path: Path, emu: Emulator | None = None, sleeps: Sleeps | None = None) -> Runtime:
    settings = Settings(demo=True, toolsets=("ads", "ads_manage", "reports"), journal=tmp_path / "journal.jsonl")
    emu = emu or Emulator(seed=7)
    runtime = Runtime(settings, transport=httpx.ASGITransport(app=emu.app), env={"XDG_DATA_HOME": str(tmp_path)})
    sleeps = sleeps or Sleeps()
    use_waits(runtime, sleeps.waits())
    return runtime


async def _call(client: Client, tool: str, **arguments: Any) -> tuple[bool, Any]:
    result = await client.call_tool(tool, arguments)
    text = text_of(result)
    try:
        return bool(result.is_error), json.loads(text)
    except ValueError:
        return bool(result.is_error), text


async def ok(client: Client, tool: str, **arguments: Any) -> Any:
    failed, data = await _call(client, tool, **arguments)
    assert not failed, data
    return data


def _writes(emu: Emulator) -> list[Any]:
    return [r for r in emu.requests if r.method != "GET"]


def _valid(spec: dict[str, Any], path: str, method: str, body: Any) -> None:
    assert_valid(spec, response_schema(spec, spec["paths"][path][method], 200), body, f"{method} {path}")


async def test_bulk_upsert_plans_refuses_applies_once_and_is_journaled(tmp_path: Path, spec: dict[str, Any]) -> None:
    emu = Emulator(seed=7)
    runtime = _runtime(tmp_path, emu)
    async with Client(build_server(runtime.settings, runtime)) as client:
        group = (await ok(client, "list_ad_groups", ad_account_id=USD))["items"][0]["id"]
        args = {
            "ad_account_id": USD,
            "create": {"campaigns": [NEW, {**NEW, "name": "Bulk live", "status": "ACTIVE"}]},
            "update": {"ad_groups": [{"id": group, "budget_in_micro_currency": 15_000_000}]},
        }
        plan = await ok(client, "bulk_upsert", **args)
        assert _writes(emu) == []  # a plan sends reads only
        refused, answer = await _call(client, "bulk_upsert", **args, confirmation="cf1.not-a-token")
        assert refused and "Nothing was written" in str(answer) and _writes(emu) == []
        done = await ok(client, "bulk_upsert", **args, confirmation=plan["confirmation"])
        listed = await ok(client, "list_campaigns", ad_account_id=USD, all_pages=True)
        waited = await ok(client, "run_bulk_download", ad_account_id=USD, request_id=done["results"][0]["id"])
    assert plan["plan"] == f"bulk_upsert: create 1 bulk request in ad account {USD} (USD)"
    counts = [(c.get("create") or c.get("update"), c["count"]) for c in plan["changes"]]
    assert counts == [("campaigns", 2), ("ad_groups", 1)]
    warnings = " | ".join(plan["warnings"])
    assert '"Bulk live" is created ACTIVE' in warnings and "daily_spend_cap 20.00 USD" in warnings
    assert "budget_in_micro_currency set to 15.00 USD, not compared" in warnings
    (sent,) = _writes(emu)
    assert sent.template == f"{BULK}/upsert" and sent.body["create"]["campaigns"][0]["ad_account_id"] == USD
    assert sent.body["create"]["campaigns"][0]["status"] == "PAUSED"  # our default, as create_campaigns
    assert done["status"] == "applied" and done["now"] == [{"request_id": done["results"][0]["id"]}]
    entry = runtime.writes.journal.get(done["journal_entry"])
    assert entry is not None and entry["status"] == "applied" and entry["operation_id"] == "bulk_upsert/create"
    assert {"Bulk winter", "Bulk live"} <= {c["name"] for c in listed["items"]}
    assert waited["status"] == "SUCCEEDED" and waited["counts"] == {"CAMPAIGN": 2, "AD_GROUP": 1}
    assert {r["status"] for rows in waited["rows"].values() for r in rows} == {"SUCCEEDED"}
    _valid(spec, f"{BULK}/upsert", "post", {"request_id": done["results"][0]["id"]})


async def test_zero_budgets_are_refused_and_invalid_input_sends_nothing(tmp_path: Path) -> None:
    emu = Emulator(seed=7)
    runtime = _runtime(tmp_path, emu)
    async with Client(build_server(runtime.settings, runtime)) as client:
        mark = emu.requests.total
        zero = await _call(
            client, "bulk_upsert", ad_account_id=USD, create={"campaigns": [{**NEW, "daily_spend_cap": 0}]}
        )
        empty = await _call(client, "bulk_upsert", ad_account_id=USD, create={})
        unknown = await _call(
            client, "bulk_upsert", ad_account_id=USD, create={"campaigns": [{**NEW, "colour": "red"}]}
        )
        both = await _call(client, "run_bulk_download", ad_account_id=USD, request_id="1", entity_types=["AD"])
        bad_type = await _call(client, "create_bulk_download", ad_account_id=USD, entity_types=["PIN"])
    assert zero[0] and "daily_spend_cap of 0 is refused" in str(zero[1])
    assert empty[0] and "give at least one of campaigns" in str(empty[1])
    assert unknown[0] and "colour" in str(unknown[1])
    assert both[0] and "leave out entity_types" in str(both[1])
    assert bad_type[0] and "entity_types" in str(bad_type[1])
    assert _writes(emu) == [] and all(r.method == "GET" for r in emu.requests.since(mark))


async def test_download_and_get_bulk_request_round_trip_as_the_spec_says(tmp_path: Path, spec: dict[str, Any]) -> None:
    emu = Emulator(seed=7)
    runtime = _runtime(tmp_path, emu)
    async with Client(build_server(runtime.settings, runtime)) as client:
        made = await ok(
            client, "create_bulk_download", ad_account_id=USD, entity_types=["CAMPAIGN"], output_format="CSV"
        )
        first = await ok(client, "get_bulk_request", ad_account_id=USD, bulk_request_id=made["request_id"])
        second = await ok(client, "get_bulk_request", ad_account_id=USD, bulk_request_id=made["request_id"])
    _valid(spec, f"{BULK}/download", "post", made)
    for answer in (first, second):
        _valid(spec, POLL, "get", answer)
    assert first == {"status": "RUNNING"} and second["status"] == "SUCCEEDED"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app)) as http:
        file = await http.get(second["result_url"])
    header, *rows = file.text.splitlines()
    active = [c for c in emu.state.campaigns.values() if c["ad_account_id"] == USD and c["status"] == "ACTIVE"]
    assert header.startswith("entity_type,") and len(rows) == len(active) > 0


async def test_run_bulk_download_waits_with_progress_and_saves_the_file(tmp_path: Path) -> None:
    emu, sleeps = Emulator(seed=7), Sleeps()
    runtime = _runtime(tmp_path, emu, sleeps)
    seen: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total, message))

    async with Client(build_server(runtime.settings, runtime)) as client:
        result = await client.call_tool(
            "run_bulk_download",
            {"ad_account_id": USD, "entity_types": ["CAMPAIGN", "AD", "KEYWORD"], "rows": 2},
            progress_callback=on_progress,
        )
    assert not result.is_error, text_of(result)
    answer = json.loads(text_of(result))
    saved = json.loads(Path(answer["file"]).read_text())
    assert answer["counts"] == {kind: len(rows) for kind, rows in saved.items()} and answer["counts"]["CAMPAIGN"] > 0
    assert all(len(rows) <= 2 for rows in answer["rows"].values())
    assert Path(answer["file"]).is_relative_to(tmp_path) and oct(Path(answer["file"]).stat().st_mode)[-3:] == "600"
    assert sleeps.slept == [2.0]  # RUNNING once, then done: one capped-backoff sleep
    values = [p for p, _, _ in seen]
    assert values == sorted(values) and len(set(values)) == len(values) and len(values) >= 3
    assert sum(1 for r in emu.requests if r.path.startswith("/downloads/")) == 1


async def test_cancelling_run_bulk_download_stops_polling(tmp_path: Path) -> None:
    emu = Emulator(seed=7)
    emu.inject_fault("GET", POLL, status=200, body={"status": "RUNNING"}, times=10_000)
    asleep, cancelled = anyio.Event(), anyio.Event()

    async def sleep(_: float) -> None:
        asleep.set()
        try:
            await anyio.sleep_forever()
        finally:
            cancelled.set()

    runtime = _runtime(tmp_path, emu)
    use_waits(runtime, Waits(sleep=sleep, clock=lambda: 0.0))
    async with Client(build_server(runtime.settings, runtime)) as client:
        with anyio.fail_after(10):
            async with anyio.create_task_group() as group:
                group.start_soon(client.call_tool, "run_bulk_download", {"ad_account_id": USD})
                await asleep.wait()
                polls = emu.requests.count("GET", POLL)
                group.cancel_scope.cancel()
            await cancelled.wait()
    assert polls == 1 and emu.requests.count("GET", POLL) == 1


async def test_a_request_still_running_at_the_call_deadline_answers_its_id(tmp_path: Path) -> None:
    emu, sleeps = Emulator(seed=7), Sleeps()
    emu.inject_fault("GET", POLL, status=200, body={"status": "RUNNING"}, times=10_000)
    runtime = _runtime(tmp_path, emu, sleeps)
    async with Client(build_server(runtime.settings, runtime)) as client:
        failed, answer = await _call(client, "run_bulk_download", ad_account_id=USD)
    assert not failed and answer["status"] == "RUNNING" and f"request_id={answer['request_id']}" in answer["next"]
    assert sleeps.slept[:3] == [2.0, 3.0, 4.5] and sum(sleeps.slept) <= CALL_DEADLINE


@pytest.mark.parametrize("request_id", ["../", "..", "a/b", "x\\y"])
async def test_a_request_id_that_would_move_the_path_is_refused_and_nothing_is_sent(
    tmp_path: Path, request_id: str
) -> None:
    """A free-text id is sent as one path segment; one that decodes to a dot-dot or a slash never leaves."""
    emu = Emulator(seed=7)
    runtime = _runtime(tmp_path, emu)
    async with Client(build_server(runtime.settings, runtime)) as client:
        before = len(emu.requests)
        for tool, args in (
            ("get_bulk_request", {"bulk_request_id": request_id}),
            ("run_bulk_download", {"request_id": request_id}),
        ):
            failed, data = await _call(client, tool, ad_account_id=USD, **args)
            assert failed and "Error executing tool" not in str(data), data
        assert len(emu.requests) == before
