"""The store under contention, on both backends: many tasks at once, then several OS processes at once.

Every answer here is decided by the database (a primary key, a row locked by an upsert, a
re-checked condition), so it must hold however the calls interleave: one claim wins, journal
numbers have no gap and no duplicate, a counter loses no increment, one compare-and-set wins.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest

from pinterest_mcp.store import Conflict, Store, hold, open_store
from support.stores import APPENDS_PER_WORKER, INCRS_PER_WORKER, RACE_KEY, START, start_worker

pytestmark = pytest.mark.anyio

WORKERS = 3
BOUND_S = 30


async def together(count: int, call: Callable[[int], Awaitable[Any]]) -> list[Any]:
    """Run `call(0..count-1)` as concurrent tasks (bounded in time); their results in index order."""
    results: list[Any] = [None] * count

    async def one(i: int) -> None:
        results[i] = await call(i)

    with anyio.fail_after(BOUND_S):
        async with anyio.create_task_group() as group:
            for i in range(count):
                group.start_soon(one, i)
    return results


async def test_of_fifty_claims_at_once_exactly_one_wins(store: Store) -> None:
    won = await together(50, lambda _: store.claim("confirmations", "u", "token", expires_at=START * 2))
    assert won.count(True) == 1


async def test_a_hundred_appends_at_once_number_one_to_a_hundred(store: Store) -> None:
    seqs = await together(100, lambda i: store.append("journal", "u", {"i": i}))
    assert sorted(seqs) == list(range(1, 101))
    entries = await store.entries("journal", "u", limit=1000)
    assert sorted(entry["i"] for _, entry in entries) == list(range(100))
    assert [seq for seq, entry in entries] == sorted(seqs)
    assert all(seqs[entry["i"]] == seq for seq, entry in entries)  # each task got its own entry's number


async def test_increments_at_once_lose_nothing(store: Store) -> None:
    counts = await together(60, lambda i: store.incr("rate", "u", "calls", window_s=3600, amount=i % 3 + 1))
    total = sum(i % 3 + 1 for i in range(60))
    assert max(counts) == total
    assert len(set(counts)) == 60  # every increment saw a different running total


async def test_of_concurrent_compare_and_sets_from_one_read_one_wins(store: Store) -> None:
    await store.put("docs", "u", "k", {"n": 0})

    async def update(i: int) -> bool:
        try:
            await store.put("docs", "u", "k", {"n": i}, if_version=1)
        except Conflict:
            return False
        return True

    assert (await together(20, update)).count(True) == 1
    doc = await store.get("docs", "u", "k")
    assert doc is not None and doc.version == 2


async def test_of_leases_asked_at_once_one_holder_gets_it(store: Store) -> None:
    got = await together(20, lambda i: store.acquire("locks", "pin:1", f"holder-{i}", ttl_s=30))
    assert got.count(True) == 1


async def test_holders_waiting_on_one_lease_take_turns(store: Store) -> None:
    inside: list[int] = []
    overlaps: list[int] = []

    async def turn(i: int) -> None:
        async with hold(store, "locks", "pin:1", f"holder-{i}", ttl_s=30, timeout_s=BOUND_S / 2):
            if inside:
                overlaps.append(i)
            inside.append(i)
            await anyio.lowlevel.checkpoint()
            inside.remove(i)

    await together(5, turn)
    assert overlaps == []


@pytest.mark.slow
async def test_processes_racing_on_one_store_get_one_claim_and_unique_numbers(store_url: str) -> None:
    """Three OS processes on one new SQLite file or PostgreSQL database (so they also race to create
    the schema), released together once all three have opened it."""
    workers = [start_worker(store_url, f"w{i}") for i in range(WORKERS)]
    try:
        with anyio.fail_after(BOUND_S):
            for worker in workers:
                assert worker.stdout is not None
                line = await anyio.to_thread.run_sync(worker.stdout.readline)
                assert line == "ready\n", (line, worker.stderr.read() if worker.stderr else "")
            for worker in workers:
                assert worker.stdin is not None
                worker.stdin.write("go\n")
                worker.stdin.flush()
            outputs = [await anyio.to_thread.run_sync(worker.communicate) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    results = []
    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
        results.append(json.loads(out))

    assert [result["claimed"] for result in results].count(True) == 1
    seqs = [seq for result in results for seq in result["seqs"]]
    assert sorted(seqs) == list(range(1, WORKERS * APPENDS_PER_WORKER + 1))
    counts = [count for result in results for count in result["counts"]]
    assert sorted(counts) == list(range(1, WORKERS * INCRS_PER_WORKER + 1))

    store = await open_store(store_url)
    try:
        entries = await store.entries("race", "", limit=1000)
        assert [seq for seq, _ in entries] == list(range(1, WORKERS * APPENDS_PER_WORKER + 1))
        assert await store.claim("race", "", RACE_KEY, expires_at=START * 2) is False
    finally:
        await store.close()
