"""The store's contract, run on both backends: SQLite and a real PostgreSQL give the same answers.

Every primitive a consumer will lean on is pinned here: compare-and-set, owner isolation, expiry
(by moving the clock), single-use claims, bounded reads, journal sequences, leases and counters.
"""

from __future__ import annotations

import pytest

from pinterest_mcp.store import Busy, Conflict, Store, StoreError, hold
from pinterest_mcp.store.port import MAX_LIMIT
from support.stores import Clock

pytestmark = pytest.mark.anyio

NS = "things"


async def test_a_document_reads_back_with_its_version(store: Store) -> None:
    assert await store.get(NS, "alice", "k") is None
    assert await store.put(NS, "alice", "k", {"a": [1, 2.5, "é", None, True]}) == 1
    assert await store.put(NS, "alice", "k", {"a": 2}) == 2
    doc = await store.get(NS, "alice", "k")
    assert doc is not None
    assert (doc.key, doc.value, doc.version, doc.expires_at) == ("k", {"a": 2}, 2, None)


async def test_compare_and_set_writes_only_over_the_version_read(store: Store) -> None:
    assert await store.put(NS, "", "k", "first", if_version=0) == 1
    with pytest.raises(Conflict):
        await store.put(NS, "", "k", "again", if_version=0)  # 0: must not exist
    assert await store.put(NS, "", "k", "second", if_version=1) == 2
    with pytest.raises(Conflict):
        await store.put(NS, "", "k", "stale", if_version=1)
    with pytest.raises(Conflict):
        await store.put(NS, "", "absent", "x", if_version=3)
    doc = await store.get(NS, "", "k")
    assert doc is not None and (doc.value, doc.version) == ("second", 2)
    assert await store.get(NS, "", "absent") is None
    with pytest.raises(ValueError, match="if_version"):
        await store.put(NS, "", "k", "x", if_version=-1)


async def test_delete_reports_a_live_document_and_honours_the_version(store: Store) -> None:
    assert await store.delete(NS, "", "k") is False
    await store.put(NS, "", "k", 1)
    await store.put(NS, "", "k", 2)
    with pytest.raises(Conflict):
        await store.delete(NS, "", "k", if_version=1)
    assert await store.get(NS, "", "k") is not None
    assert await store.delete(NS, "", "k", if_version=2) is True
    assert await store.get(NS, "", "k") is None
    with pytest.raises(Conflict):
        await store.delete(NS, "", "k", if_version=2)


async def test_an_expired_document_reads_as_absent_and_its_version_never_goes_back(
    store: Store, store_clock: Clock
) -> None:
    await store.put(NS, "", "k", "v", expires_at=store_clock.now + 10)
    doc = await store.get(NS, "", "k")
    assert doc is not None and doc.expires_at == store_clock.now + 10
    store_clock.advance(10)
    assert await store.get(NS, "", "k") is None
    assert await store.list(NS, "", limit=10) == []
    with pytest.raises(Conflict):
        await store.put(NS, "", "k", "v", if_version=1)  # the expired version is not live
    assert await store.put(NS, "", "k", "new", if_version=0) == 2  # absent again; no ABA on version 1
    store_clock.advance(1)
    assert await store.delete(NS, "", "k") is True
    await store.put(NS, "", "gone", "v", expires_at=store_clock.now)
    assert await store.delete(NS, "", "gone") is False


async def test_one_owner_never_reads_or_changes_another_owners_state(store: Store) -> None:
    await store.put(NS, "alice", "k", "alice's")
    assert await store.get(NS, "bob", "k") is None
    assert await store.get(NS, "", "k") is None
    assert await store.get("other", "alice", "k") is None
    assert await store.list(NS, "bob", limit=10) == []
    assert await store.put(NS, "bob", "k", "bob's", if_version=0) == 1
    assert await store.delete(NS, "bob", "k") is True
    doc = await store.get(NS, "alice", "k")
    assert doc is not None and (doc.value, doc.version) == ("alice's", 1)

    assert await store.claim(NS, "alice", "t", expires_at=2e9) is True
    assert await store.claim(NS, "bob", "t", expires_at=2e9) is True

    assert [await store.append("journal", owner, {"by": owner}) for owner in ("alice", "bob", "alice")] == [1, 1, 2]
    assert await store.entries("journal", "bob", limit=10) == [(1, {"by": "bob"})]
    assert await store.update_entry("journal", "bob", 2, {"by": "bob"}) is False  # alice's seq 2 is not bob's

    assert await store.incr("rate", "alice", "calls", window_s=60, amount=5) == 5
    assert await store.incr("rate", "bob", "calls", window_s=60) == 1


async def test_list_is_bounded_ordered_by_key_and_pages(store: Store) -> None:
    for key in ("b/2", "b/1", "a/1", "b/3", "c"):
        await store.put(NS, "", key, key)
    assert [d.key for d in await store.list(NS, "", prefix="b/", limit=10)] == ["b/1", "b/2", "b/3"]
    assert [d.key for d in await store.list(NS, "", prefix="b/", limit=2)] == ["b/1", "b/2"]
    assert [d.key for d in await store.list(NS, "", prefix="b/", after="b/2", limit=2)] == ["b/3"]
    assert [d.value for d in await store.list(NS, "", limit=MAX_LIMIT)] == ["a/1", "b/1", "b/2", "b/3", "c"]
    for limit in (0, MAX_LIMIT + 1):
        with pytest.raises(ValueError, match="limit"):
            await store.list(NS, "", limit=limit)


async def test_keys_sort_bytewise_on_both_backends(store: Store) -> None:
    for key in ("é", "a", "B", "a_", "a%"):
        await store.put(NS, "", key, 0)
    assert [d.key for d in await store.list(NS, "", limit=10)] == ["B", "a", "a%", "a_", "é"]
    assert [d.key for d in await store.list(NS, "", prefix="a_", limit=10)] == ["a_"]  # no LIKE wildcards
    assert [d.key for d in await store.list(NS, "", prefix="a%", limit=10)] == ["a%"]


async def test_a_claim_is_won_once_until_it_expires_and_is_purged(store: Store, store_clock: Clock) -> None:
    expiry = store_clock.now + 60
    assert await store.claim("codes", "", "c1", expires_at=expiry) is True
    assert await store.claim("codes", "", "c1", expires_at=expiry) is False
    assert await store.claim("codes", "", "c2", expires_at=expiry) is True
    store_clock.advance(60)
    assert await store.claim("codes", "", "c1", expires_at=expiry + 60) is False  # expired, not yet purged
    assert await store.purge_expired() == 2
    assert await store.claim("codes", "", "c1", expires_at=expiry + 60) is True


async def test_the_journal_numbers_entries_and_records_outcomes_after_the_fact(store: Store) -> None:
    assert [await store.append("journal", "u", {"n": n}) for n in range(5)] == [1, 2, 3, 4, 5]
    assert await store.entries("journal", "u", limit=2) == [(1, {"n": 0}), (2, {"n": 1})]
    assert await store.entries("journal", "u", after=3, limit=10) == [(4, {"n": 3}), (5, {"n": 4})]
    assert await store.update_entry("journal", "u", 2, {"n": 1, "outcome": "ok"}) is True
    assert await store.update_entry("journal", "u", 6, {"n": 6}) is False
    assert (await store.entries("journal", "u", after=1, limit=1))[0] == (2, {"n": 1, "outcome": "ok"})
    assert await store.append("journal", "u", {"n": 5}) == 6  # an update takes no number
    with pytest.raises(ValueError, match="limit"):
        await store.entries("journal", "u", limit=MAX_LIMIT + 1)


async def test_the_journal_reads_newest_first_and_pages_back(store: Store) -> None:
    """Undo and the journal view read recent history from the end, in pages, whatever the journal holds."""
    for n in range(5):
        await store.append("journal", "u", {"n": n})
    await store.append("journal", "other", {"n": 99})
    assert await store.entries("journal", "u", newest_first=True, limit=2) == [(5, {"n": 4}), (4, {"n": 3})]
    assert await store.entries("journal", "u", newest_first=True, before=4, limit=2) == [(3, {"n": 2}), (2, {"n": 1})]
    assert await store.entries("journal", "u", newest_first=True, before=2, limit=10) == [(1, {"n": 0})]
    assert await store.entries("journal", "u", after=1, before=4, limit=10) == [(2, {"n": 1}), (3, {"n": 2})]
    assert await store.entries("journal", "u", before=1, limit=10) == []


async def test_claimed_reads_what_claim_decided_without_claiming(store: Store, store_clock: Clock) -> None:
    expiry = store_clock.now + 60
    assert await store.claimed("codes", "alice", "c") is False
    assert await store.claimed("codes", "alice", "c") is False  # a read uses nothing up
    assert await store.claim("codes", "alice", "c", expires_at=expiry) is True
    assert await store.claimed("codes", "alice", "c") is True
    assert await store.claimed("codes", "bob", "c") is False  # the owner is part of the key
    store_clock.advance(61)
    assert await store.claimed("codes", "alice", "c") is True  # expired, not yet purged: claim still refuses
    await store.purge_expired()
    assert await store.claimed("codes", "alice", "c") is False


async def test_a_lease_is_one_holders_until_released_or_expired(store: Store, store_clock: Clock) -> None:
    assert await store.acquire("locks", "pin:1", "replica-a", ttl_s=30) is True
    assert await store.acquire("locks", "pin:1", "replica-b", ttl_s=30) is False
    assert await store.acquire("locks", "pin:2", "replica-b", ttl_s=30) is True  # another key is free
    store_clock.advance(20)
    assert await store.acquire("locks", "pin:1", "replica-a", ttl_s=30) is True  # ours: renewed to now + 30
    store_clock.advance(20)
    assert await store.acquire("locks", "pin:1", "replica-b", ttl_s=30) is False  # the renewal holds
    assert await store.release("locks", "pin:1", "replica-b") is False  # only the holder releases
    assert await store.release("locks", "pin:1", "replica-a") is True
    assert await store.acquire("locks", "pin:1", "replica-b", ttl_s=5) is True
    store_clock.advance(5)
    assert await store.acquire("locks", "pin:1", "replica-a", ttl_s=5) is True  # b crashed: its lease expired
    assert await store.release("locks", "pin:1", "replica-b") is False  # b can no longer free a's lease
    store_clock.advance(5)
    assert await store.release("locks", "pin:1", "replica-a") is False  # a outlived its own ttl: nothing live


async def test_hold_waits_a_bounded_time_then_raises_busy(store: Store) -> None:
    async with hold(store, "locks", "pin:1", "a", ttl_s=30, timeout_s=1):
        assert await store.acquire("locks", "pin:1", "b", ttl_s=30) is False
        with pytest.raises(Busy, match="pin:1"):
            async with hold(store, "locks", "pin:1", "b", ttl_s=30, timeout_s=0.05):
                pytest.fail("b held a's lease")
    assert await store.acquire("locks", "pin:1", "b", ttl_s=30) is True  # released on the way out


async def test_a_counter_counts_within_its_fixed_window(store: Store, store_clock: Clock) -> None:
    store_clock.now = 60 * 28_333_333 + 40  # 40 s into a minute
    assert await store.incr("rate", "u", "calls", window_s=60) == 1
    assert await store.incr("rate", "u", "calls", window_s=60, amount=4) == 5
    store_clock.advance(19)
    assert await store.incr("rate", "u", "calls", window_s=60) == 6
    store_clock.advance(1)  # the next minute
    assert await store.incr("rate", "u", "calls", window_s=60) == 1
    assert await store.incr("rate", "u", "other", window_s=60) == 1
    with pytest.raises(ValueError, match="window_s"):
        await store.incr("rate", "u", "calls", window_s=0)


async def test_purge_removes_what_expired_and_keeps_the_rest(store: Store, store_clock: Clock) -> None:
    soon = store_clock.now + 10
    await store.put(NS, "", "short", 1, expires_at=soon)
    await store.put(NS, "", "long", 1, expires_at=soon + 100)
    await store.put(NS, "", "forever", 1)
    await store.claim(NS, "", "c", expires_at=soon)
    await store.acquire("locks", "k", "h", ttl_s=10)
    await store.incr("rate", "", "k", window_s=1)
    await store.append("journal", "", {"kept": True})
    assert await store.purge_expired() == 0
    store_clock.advance(10)
    assert await store.purge_expired() == 4
    assert await store.purge_expired() == 0
    assert [d.key for d in await store.list(NS, "", limit=10)] == ["forever", "long"]
    assert await store.entries("journal", "", limit=10) == [(1, {"kept": True})]


async def test_bad_arguments_are_refused_before_any_io(store: Store) -> None:
    with pytest.raises(ValueError, match="namespace"):
        await store.get("", "u", "k")
    with pytest.raises(ValueError, match="key"):
        await store.put(NS, "u", "", 1)
    with pytest.raises(ValueError, match=r"NaN|JSON|Out of range"):
        await store.put(NS, "u", "k", float("nan"))
    with pytest.raises(ValueError, match="ttl_s"):
        await store.acquire("locks", "k", "h", ttl_s=0)
    assert await store.get(NS, "u", "k") is None


async def test_a_closed_store_refuses_calls(store: Store) -> None:
    await store.close()
    with pytest.raises(StoreError, match="closed"):
        await store.get(NS, "", "k")
    await store.close()  # twice is harmless


async def test_a_bounded_purge_removes_at_most_its_limit_and_says_when_it_is_done(
    store: Store, store_clock: Clock
) -> None:
    """The connector purges in short transactions: a backlog goes over several calls, each at most `limit` rows."""
    soon = store_clock.now + 10
    for n in range(3):
        await store.put(NS, "", f"d{n}", n, expires_at=soon)
        await store.claim(NS, "", f"c{n}", expires_at=soon)
    await store.acquire("locks", "k", "h", ttl_s=10)
    await store.put(NS, "", "forever", 1)
    store_clock.advance(10)
    removed = [await store.purge_expired(limit=4) for _ in range(3)]
    assert removed == [4, 3, 0]  # fewer than the limit: nothing expired is left
    assert [d.key for d in await store.list(NS, "", limit=10)] == ["forever"]
    assert await store.claimed(NS, "", "c0") is False  # an expired claim refuses until a purge removes it
    with pytest.raises(ValueError, match="limit"):
        await store.purge_expired(limit=0)


async def test_a_journal_appended_with_keep_holds_only_its_newest_entries(store: Store) -> None:
    """A user's journal in the store stays bounded however long they write; numbering carries on past a trim."""
    seqs = [await store.append("journal", "u", {"n": n}, keep=3) for n in range(5)]
    await store.append("journal", "other", {"n": 99}, keep=3)
    assert seqs == [1, 2, 3, 4, 5]
    assert await store.entries("journal", "u", limit=10) == [(3, {"n": 2}), (4, {"n": 3}), (5, {"n": 4})]
    assert await store.entries("journal", "other", limit=10) == [(1, {"n": 99})]  # another owner's is untouched
    assert await store.append("journal", "u", {"n": 5}) == 6  # without keep nothing is trimmed
    assert len(await store.entries("journal", "u", limit=10)) == 4
    with pytest.raises(ValueError, match="keep"):
        await store.append("journal", "u", {"n": 6}, keep=0)
