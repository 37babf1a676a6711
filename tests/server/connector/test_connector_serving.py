"""`GrantServers`: a server per grant, built once per key and never while holding up other grants.

With round-robin replicas every replica serves every active grant, so builds are frequent: a build
(the user's tokens from the store, a new server) must not hold up calls whose server is cached, and
concurrent first calls for one grant must build one server, not one each. The builds here are
fakes that wait on events, so each test decides exactly when a build ends.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
import pytest
from mcp.server.mcpserver import MCPServer

from pinterest_mcp.server.connector.provider import Grant
from pinterest_mcp.server.connector.run import MAX_SERVERS_ENV, max_servers
from pinterest_mcp.server.connector.serving import DEFAULT_MAX_SERVERS, GrantServers

pytestmark = pytest.mark.anyio

BOUND_S = 5


def grant(grant_id: str, user_id: str = "u1") -> Grant:
    return Grant(grant_id, user_id, user_id, "client", ("1",), "read", ("ads",), 0.0)


class Builds:
    """A fake build per grant id: counts builds and, for ids in `held`, waits until released."""

    def __init__(self, *held: str) -> None:
        self.count: dict[str, int] = {}
        self.started: dict[str, anyio.Event] = {gid: anyio.Event() for gid in held}
        self.release: dict[str, anyio.Event] = {gid: anyio.Event() for gid in held}
        self.fail: set[str] = set()

    async def __call__(self, built: Grant) -> MCPServer[Any]:
        gid = built.grant_id
        self.count[gid] = self.count.get(gid, 0) + 1
        if gid in self.release:
            self.started[gid].set()
            await self.release[gid].wait()
        if gid in self.fail:
            raise LookupError(f"no tokens for {gid}")
        return MCPServer(gid)


@asynccontextmanager
async def servers(build: Callable[[Grant], Awaitable[MCPServer[Any]]], limit: int = 8) -> AsyncIterator[GrantServers]:
    cache = GrantServers(build, limit=limit)
    with anyio.fail_after(BOUND_S):
        async with cache.running():
            yield cache


async def test_a_slow_build_does_not_hold_up_a_cached_grant() -> None:
    builds = Builds("a")
    async with servers(builds) as cache, anyio.create_task_group() as tg:
        cache.release(await cache.acquire(grant("b")))

        async def first_call_for_a() -> None:
            cache.release(await cache.acquire(grant("a")))

        tg.start_soon(first_call_for_a)
        await builds.started["a"].wait()
        served = await cache.acquire(grant("b"))  # would wait for A's build behind one lock
        assert served.grant.grant_id == "b" and "a" not in cache
        cache.release(served)
        builds.release["a"].set()
    assert builds.count == {"a": 1, "b": 1}


async def test_a_slow_build_does_not_hold_up_another_build() -> None:
    builds = Builds("a")
    async with servers(builds) as cache:
        async with anyio.create_task_group() as tg:
            tg.start_soon(cache.acquire, grant("a"))
            await builds.started["a"].wait()
            cache.release(await cache.acquire(grant("c")))  # built while a's build is still waiting
            assert "c" in cache and "a" not in cache
            builds.release["a"].set()
        assert "a" in cache


async def test_concurrent_first_calls_for_one_grant_build_once() -> None:
    builds = Builds("a")
    got: list[Any] = []
    async with servers(builds) as cache:
        async with anyio.create_task_group() as tg:
            for _ in range(5):
                tg.start_soon(lambda: _acquire_into(cache, grant("a"), got))
            await builds.started["a"].wait()
            builds.release["a"].set()
        assert builds.count == {"a": 1} and cache.built == 1
        assert len(got) == 5 and len({id(s) for s in got}) == 1 and got[0].in_flight == 5


async def _acquire_into(cache: GrantServers, which: Grant, got: list[Any]) -> None:
    got.append(await cache.acquire(which))


async def test_a_failed_build_fails_its_waiters_and_the_next_call_builds_again() -> None:
    builds = Builds("a")
    builds.fail.add("a")
    failures: list[BaseException] = []

    async def call() -> None:
        try:
            await cache.acquire(grant("a"))
        except LookupError as exc:
            failures.append(exc)

    async with servers(builds) as cache:
        async with anyio.create_task_group() as tg:
            tg.start_soon(call)
            tg.start_soon(call)
            await builds.started["a"].wait()
            builds.release["a"].set()
        assert len(failures) == 2 and builds.count == {"a": 1} and "a" not in cache
        builds.fail.clear()
        cache.release(await cache.acquire(grant("a")))
        assert builds.count == {"a": 2} and "a" in cache


async def test_a_cancelled_build_lets_a_waiter_build() -> None:
    """The first caller went away mid-build: the call waiting on it builds instead of failing."""
    builds = Builds("a")
    got: list[Any] = []
    first = anyio.CancelScope()

    async def first_call() -> None:
        with first:
            await _acquire_into(cache, grant("a"), got)

    async with servers(builds) as cache:
        async with anyio.create_task_group() as tg:
            tg.start_soon(first_call)
            await builds.started["a"].wait()
            tg.start_soon(_acquire_into, cache, grant("a"), got)
            await anyio.wait_all_tasks_blocked()
            first.cancel()
            builds.release["a"].set()
        assert builds.count == {"a": 2} and len(got) == 1 and "a" in cache


async def test_eviction_waits_for_calls_in_flight() -> None:
    builds = Builds()
    async with servers(builds, limit=1) as cache:
        busy = await cache.acquire(grant("a"))
        cache.release(await cache.acquire(grant("b")))  # evicts a, whose call is still running
        assert cache.cached() == [("b", ("ads",), True)]
        assert busy.retired and not busy.stop.is_set()
        cache.release(busy)
        assert busy.stop.is_set()


async def test_a_grant_revoked_while_building_serves_its_waiting_calls_and_is_not_kept() -> None:
    builds = Builds("a")
    got: list[Any] = []
    async with servers(builds) as cache:
        async with anyio.create_task_group() as tg:
            tg.start_soon(_acquire_into, cache, grant("a"), got)
            tg.start_soon(_acquire_into, cache, grant("a"), got)
            await builds.started["a"].wait()
            cache.forget("a")
            builds.release["a"].set()
        assert builds.count == {"a": 1} and "a" not in cache
        assert len(got) == 2 and got[0] is got[1] and got[0].retired
        for served in got:
            cache.release(served)
        assert got[0].stop.is_set()


def test_the_cap_comes_from_the_environment() -> None:
    assert max_servers({}) == DEFAULT_MAX_SERVERS
    assert max_servers({MAX_SERVERS_ENV: "1000"}) == 1000
    for bad in ("0", "-3", "lots"):
        with pytest.raises(ValueError, match=MAX_SERVERS_ENV):
            max_servers({MAX_SERVERS_ENV: bad})
