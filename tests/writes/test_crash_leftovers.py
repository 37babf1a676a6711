"""What a crash leaves in the file journal, and a spent confirmation presented while its entity is held.

A process killed between a write's intent and its outcome leaves the intent alone. Once older than
any call lasts (`PENDING_LIMIT_S`), every reader reports it `unknown` with the read that shows
whether it applied, and `undo_change` says that instead of "did not apply". A spent token is refused
from the claim before the entity's lock is waited for, so a write still holding the lock (or a dead
replica's lease) never delays the answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client

from pinterest_mcp.operations import by_name
from pinterest_mcp.server.build import build_server
from pinterest_mcp.writes.journal import PENDING_LIMIT_S, Journal
from support.stores import Clock
from support.world import OVERSPENDING_GROUP, USD, ok, result_of, world_for

pytestmark = pytest.mark.anyio

RECORD: dict[str, Any] = {
    "tool": "update_ad_groups",
    "operation": "update_ad_groups",
    "change": "update",
    "before": {OVERSPENDING_GROUP: {"budget_in_micro_currency": 80_000_000}},
}
ARGS = {"ad_account_id": USD, "ad_groups": [{"id": OVERSPENDING_GROUP, "budget_in_micro_currency": 60_000_000}]}


@pytest.mark.parametrize("on_disk", [True, False], ids=["file", "memory"])
def test_an_intent_without_an_outcome_reads_unknown_once_no_call_can_still_be_running(
    tmp_path: Path, on_disk: bool
) -> None:
    clock = Clock()
    journal = Journal(tmp_path / "journal.jsonl" if on_disk else None, clock=clock)
    cut = journal.begin(RECORD)
    done = journal.begin(RECORD)
    journal.finish(done, {"status": "applied"})
    clock.advance(PENDING_LIMIT_S - 1)
    assert (journal.get(cut) or {})["status"] == "pending"
    clock.advance(1)
    found = journal.get(cut)
    assert found is not None and found["status"] == "unknown", found
    assert f"call get_ad_group for {OVERSPENDING_GROUP}" in found["check"], found
    assert [e["status"] for e in journal.newest(5)] == ["unknown", "applied"]
    assert [e["status"] for e in journal.entries()] == ["unknown", "applied"]
    journal.finish(cut, {"status": "applied"})  # settling is a reading: a late outcome still wins
    assert (journal.get(cut) or {})["status"] == "applied"


async def test_undo_of_a_write_cut_off_mid_call_says_unknown_and_names_the_read(tmp_path: Path) -> None:
    world = world_for(tmp_path)
    clock = Clock()
    world.runtime.writes.journal = Journal(world.journal, clock=clock)  # as a restarted server reads it
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        plan = await ok(client, "update_ad_groups", ARGS)
        applied = await ok(client, "update_ad_groups", {**ARGS, "confirmation": plan["confirmation"]})
        intent = world.runtime.writes.journal.get(applied["journal_entry"]) or {}
        kept = ("tool", "operation", "operation_id", "change", "request", "arguments", "before")
        cut = world.runtime.writes.journal.begin({k: intent[k] for k in kept})  # the process died after this
        failed, early = await result_of(client, "undo_change", {"entry": cut})
        assert failed and "did not apply (pending)" in str(early), early  # its call may still be answering
        clock.advance(PENDING_LIMIT_S)
        failed, answer = await result_of(client, "undo_change", {"entry": cut})
    assert failed and "outcome is unknown" in str(answer), answer
    assert f"call get_ad_group for {OVERSPENDING_GROUP}" in str(answer) and "did not apply" not in str(answer)


async def test_a_spent_confirmation_is_refused_at_once_while_its_entity_is_held(tmp_path: Path) -> None:
    """Without the claim read first, the replay would wait for the lock (here: forever) before refusing."""
    world = world_for(tmp_path)
    flow = world.runtime.writes
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        plan = await ok(client, "update_ad_groups", ARGS)
        await ok(client, "update_ad_groups", {**ARGS, "confirmation": plan["confirmation"]})
        op = by_name()["update_ad_groups"]
        keys = flow.entities(await flow.target(op, op.input.model_validate(ARGS)))
        assert keys == [f"ad_group:{OVERSPENDING_GROUP}"]
        with anyio.fail_after(10):
            async with flow.locks.hold(keys):  # another call is writing the same ad group right now
                failed, again = await result_of(
                    client, "update_ad_groups", {**ARGS, "confirmation": plan["confirmation"]}
                )
    assert failed and "already used" in again["error"], again
    assert len(world.writes()) == 1
