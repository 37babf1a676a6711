"""The connector's store cleanup: the lifespan purges what expired, one replica per interval, in bounded rounds.

The store's clock is the test's and the cleanup's sleep is driven by hand (`Ticks`), so a round
happens when the test says, and minutes pass without waiting.
"""

from __future__ import annotations

import logging
import math
import time
from pathlib import Path

import anyio
import pytest

from pinterest_mcp.server.connector.housekeeping import PURGE_EVERY_S, Housekeeper
from pinterest_mcp.server.connector.provider import ACCESS_TTL_S, REFRESH
from pinterest_mcp.store import Store
from pinterest_mcp.store.port import StoreError
from support.connector import SdkUser, served
from support.stores import Clock

pytestmark = pytest.mark.anyio


class Ticks:
    """The housekeeper's sleep, driven by the test: `tick` lets one round run and returns when it is over."""

    def __init__(self) -> None:
        self._tick_in, self._ticks = anyio.create_memory_object_stream[None](math.inf)
        self._asleep_in, self._asleep = anyio.create_memory_object_stream[float](math.inf)
        self.asked: list[float] = []
        self._started = False

    async def sleep(self, seconds: float) -> None:
        self.asked.append(seconds)
        self._asleep_in.send_nowait(seconds)  # the previous round (if any) is over
        await self._ticks.receive()

    async def tick(self) -> None:
        if not self._started:  # the loop's first sleep
            await self._asleep.receive()
            self._started = True
        self._tick_in.send_nowait(None)
        await self._asleep.receive()


async def test_the_lifespan_purges_what_expired_and_keeps_what_lives(
    store: Store, store_clock: Clock, tmp_path: Path
) -> None:
    store_clock.now = time.time()  # the provider stamps expiries with the real time
    ticks = Ticks()
    housekeeper = Housekeeper(store, sleep=ticks.sleep, holder="replica-a")
    with anyio.fail_after(60):
        async with served(store, tmp_path, housekeeper=housekeeper) as s:
            async with SdkUser(s.app).client() as client:  # a code, its used-code claim, tokens
                assert (await client.list_tools()).tools
            await ticks.tick()
            before = housekeeper.removed
            store_clock.advance(ACCESS_TTL_S + 3600 + 120)  # past the code's claim and the access token
            await ticks.tick()
            after = housekeeper.removed
            left = await store.purge_expired()
            refresh_tokens = await store.list(REFRESH, "", limit=10)

    assert ticks.asked == [PURGE_EVERY_S] * 3  # waits an interval before each round
    assert before == 0  # nothing had expired yet
    assert after >= 2 and left == 0  # the round removed what had expired, all of it
    assert len(refresh_tokens) == 1  # the refresh token lives 30 days: kept


async def test_one_replica_purges_per_interval_and_another_takes_over_when_it_is_gone(
    store: Store, store_clock: Clock
) -> None:
    a, b = Housekeeper(store, holder="replica-a"), Housekeeper(store, holder="replica-b")
    assert await a.once() == 0
    assert await b.once() is None  # a has this interval
    store_clock.advance(PURGE_EVERY_S / 2)
    assert await a.once() == 0  # still a's: it renews
    store_clock.advance(PURGE_EVERY_S)  # a stopped (a crashed replica renews nothing): its lease expires
    assert await b.once() == 0
    assert await a.once() is None


async def test_a_round_is_bounded_and_the_rest_goes_next_round(store: Store, store_clock: Clock) -> None:
    for n in range(5):
        await store.claim("confirmations", "u", f"tok-{n}", expires_at=store_clock.now + 1)
    store_clock.advance(2)
    housekeeper = Housekeeper(store, batch=2, max_batches=2, holder="replica-a")
    assert await housekeeper.once() == 4
    assert await housekeeper.once() == 1
    assert housekeeper.removed == 5


async def test_a_failing_store_is_logged_and_the_loop_goes_on(
    store: Store, store_clock: Clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    purge = store.purge_expired
    failures = [StoreError("the database is unreachable"), RuntimeError("postgres://admin@db.internal refused")]

    async def flaky(*, limit: int | None = None) -> int:
        if failures:
            raise failures.pop(0)
        return await purge(limit=limit)

    monkeypatch.setattr(store, "purge_expired", flaky)
    await store.claim("confirmations", "u", "tok", expires_at=store_clock.now + 1)
    store_clock.advance(2)
    ticks = Ticks()
    housekeeper = Housekeeper(store, sleep=ticks.sleep, holder="replica-a")
    caplog.set_level(logging.WARNING, "pinterest_mcp.server.connector.housekeeping")
    with anyio.fail_after(60):
        async with served(store, tmp_path, housekeeper=housekeeper):
            for _ in range(3):
                await ticks.tick()
                store_clock.advance(PURGE_EVERY_S)  # the next round's lease is free again

    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 2 and "the database is unreachable" in said[0] and "RuntimeError" in said[1]
    assert "db.internal" not in " ".join(said)  # a driver's text can name hosts and users: only its type
    assert housekeeper.removed == 1  # the third round purged
