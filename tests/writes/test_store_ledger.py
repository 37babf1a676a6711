"""The write ledger in the shared store, on both backends: claims, the per-user journal, entity leases.

The connector's replica tests drive it through real MCP clients; these pin what the flow relies on
directly: a token is used once whatever the ledger object, an entry is found by its id and by no
other user, outcomes land on their intent, secrets never reach a row, and a held entity makes a
second writer wait a bounded time and then refuse.
"""

from __future__ import annotations

import anyio
import pytest

from pinterest_mcp.api.client import CALL_BUDGET
from pinterest_mcp.api.redaction import remember
from pinterest_mcp.store import Store
from pinterest_mcp.store.port import MAX_LIMIT
from pinterest_mcp.writes.journal import PENDING_LIMIT_S, AlreadyUsed, LedgerBusy
from pinterest_mcp.writes.store_ledger import JOURNAL, JOURNAL_KEEP, LOCK_TTL_S, StoreLedger
from support.stores import Clock

pytestmark = pytest.mark.anyio

RECORD = {"tool": "pause_campaigns", "operation": "pause_campaigns", "change": "update", "before": {"1": {"a": 1}}}


async def test_a_token_is_used_once_by_any_ledger_of_its_user(store: Store, store_clock: Clock) -> None:
    here, there = StoreLedger(store, "x", clock=store_clock), StoreLedger(store, "x", clock=store_clock)
    assert await here.used("tok") is False
    await here.begin(RECORD, confirmation="tok", until=store_clock.now + 600)
    assert await there.used("tok") is True
    with pytest.raises(AlreadyUsed):
        await there.begin(RECORD, confirmation="tok", until=store_clock.now + 600)
    assert len(await store.entries(JOURNAL, "x", limit=10)) == 1  # the refused apply journaled nothing


async def test_an_entry_is_found_by_its_id_with_its_outcome_and_only_by_its_user(store: Store) -> None:
    mine, theirs = StoreLedger(store, "x"), StoreLedger(store, "y")
    entry = await mine.begin(RECORD)
    assert (await mine.get(entry) or {})["status"] == "pending"
    await mine.finish(entry, {"status": "applied", "results": [{"id": "1", "ok": True}]})
    found = await mine.get(entry)
    assert found is not None and found["entry"] == entry and found["status"] == "applied"
    assert found["before"] == RECORD["before"] and "finished_at" in found
    assert await theirs.get(entry) is None  # the owner is part of the key
    stamp, seq = entry.rsplit("-n", 1)
    assert await mine.get(f"19990101-000000-n{seq}") is None  # the id's time must be the entry's
    assert await mine.get(f"{stamp}-n{int(seq) + 1}") is None
    assert await mine.get("20250101-000000-abcdef") is None  # a file journal's id names no row here
    assert [e["entry"] for e in await mine.newest(5)] == [entry]
    assert await theirs.newest(5) == []


async def test_newest_reads_the_last_entries_oldest_first(store: Store) -> None:
    ledger = StoreLedger(store, "x")
    entries = [await ledger.begin({**RECORD, "n": n}) for n in range(4)]
    assert [e["entry"] for e in await ledger.newest(2)] == entries[2:]
    assert [e["n"] for e in await ledger.newest(0)] == [0, 1, 2, 3]


async def test_a_users_journal_keeps_its_newest_entries_and_a_dropped_entrys_token_stays_used(
    store: Store, store_clock: Clock
) -> None:
    ledger = StoreLedger(store, "x", journal_keep=3, clock=store_clock)
    first = await ledger.begin(RECORD, confirmation="tok", until=store_clock.now + 600)
    later = [await ledger.begin({**RECORD, "n": n}) for n in range(4)]
    other = await StoreLedger(store, "y", journal_keep=3).begin(RECORD)
    assert [e["entry"] for e in await ledger.newest(10)] == later[1:]
    assert await ledger.get(first) is None and await ledger.get(later[0]) is None  # gone: undo says not found
    assert await ledger.get(other) is None and await StoreLedger(store, "y").get(other) is not None
    with pytest.raises(AlreadyUsed):  # the claim, not the entry, is what refuses a second apply
        await ledger.begin(RECORD, confirmation="tok", until=store_clock.now + 600)
    assert JOURNAL_KEEP == MAX_LIMIT  # everything a user keeps fits one `newest` read


async def test_secrets_in_a_record_never_reach_the_store(store: Store) -> None:
    """Redacted by value, as the journal file does: an echoed token in an error never lands in a row."""
    remember("pina_SECRET123-ledger", "pina_SECRET456-ledger")
    ledger = StoreLedger(store, "x")
    entry = await ledger.begin({**RECORD, "request": {"note": "Bearer pina_SECRET123-ledger"}})
    await ledger.finish(entry, {"status": "failed", "error": "token pina_SECRET456-ledger was refused"})
    rows = str(await store.entries(JOURNAL, "x", limit=10))
    assert "SECRET" not in rows and "***" in rows


async def test_an_entity_held_elsewhere_makes_a_writer_wait_then_refuse(store: Store) -> None:
    first, second = StoreLedger(store, "x"), StoreLedger(store, "y", lock_wait_s=0.05)
    async with first.hold(["campaign:1"]):
        with pytest.raises(LedgerBusy, match="campaign:1"):
            async with second.hold(["campaign:2", "campaign:1"]):
                pass
        with pytest.raises(LedgerBusy):  # two calls through one ledger exclude each other too
            async with StoreLedger(store, "x", lock_wait_s=0.05).hold(["campaign:1"]):
                pass
    with anyio.fail_after(5):
        async with second.hold(["campaign:1", "campaign:2"]):  # all released on the way out
            pass


async def test_an_unreachable_store_refuses_before_anything_is_sent(store: Store) -> None:
    """Every way into a write fails closed with a reason to retry; an outcome is never the one that raises."""
    ledger = StoreLedger(store, "x")
    entry = await ledger.begin(RECORD)
    await store.close()
    with pytest.raises(LedgerBusy, match="nothing was sent"):
        await ledger.begin(RECORD, confirmation="tok", until=2e9)
    with pytest.raises(LedgerBusy, match="nothing was sent"):
        async with ledger.hold(["campaign:1"]):
            pass
    assert await ledger.used("tok") is False  # the claim in `begin` decides, and it refused
    with pytest.raises(LedgerBusy, match="unavailable"):  # not "no such entry": undo says to retry
        await ledger.get(entry)
    await ledger.finish(entry, {"status": "applied"})  # logged, not raised: the request went out


async def test_a_write_left_pending_past_a_calls_longest_time_reads_as_unknown_with_how_to_check(
    store: Store, store_clock: Clock
) -> None:
    """A replica killed between intent and outcome leaves `pending`; readers report it unknown, not "did not apply"."""
    ledger = StoreLedger(store, "x", clock=store_clock)
    cut = await ledger.begin({**RECORD, "operation": "update_campaigns"})
    done = await ledger.begin(RECORD)
    await ledger.finish(done, {"status": "applied"})
    store_clock.advance(PENDING_LIMIT_S - 1)  # the call may still be running: it is pending
    assert (await ledger.get(cut) or {})["status"] == "pending"
    store_clock.advance(1)
    found = await ledger.get(cut)
    assert found is not None and found["status"] == "unknown", found
    assert "call get_campaign for 1" in found["check"] and "may have applied" in found["error"]
    assert [e["status"] for e in await ledger.newest(5)] == ["unknown", "applied"]
    assert (await store.entries(JOURNAL, "x", limit=1))[0][1]["status"] == "pending"  # a reading, not a rewrite
    await ledger.finish(cut, {"status": "applied"})  # an outcome that lands after all still wins
    assert (await ledger.get(cut) or {})["status"] == "applied"


def test_the_pending_limit_outlasts_a_calls_whole_budget() -> None:
    """Settled too early, a write still in flight would read as unknown while its call is answering."""
    assert PENDING_LIMIT_S >= 2 * CALL_BUDGET and PENDING_LIMIT_S <= LOCK_TTL_S
