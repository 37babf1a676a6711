"""Three connector replicas as real processes behind a real haproxy, on a real PostgreSQL, one emulator.

Each replica is `pinterest-mcp serve --transport http --auth oauth` in its own process, pointed at
the emulator (its own process: Pinterest's state is one for all); haproxy balances round-robin, and
a request carrying `X-Replica: rN` goes to replica N, so a test can hand one thing to each replica
at once. The user signs in through the proxy with the SDK's OAuth client. What Pinterest was sent is
counted in the emulator's request log; what was written is read from the journal in the store.
The tests share one fleet (about 7 s to start) and run in order: the last one kills a replica.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
import pytest
from mcp import Client

from pinterest_mcp.emulator.oauth import ACCESS_TOKEN_TTL
from pinterest_mcp.store import open_store
from pinterest_mcp.writes.journal import PENDING_LIMIT_S
from pinterest_mcp.writes.store_ledger import CLAIMS, JOURNAL, LOCK_WAIT_S, StoreLedger
from support.fleet import Fleet, FleetUser, fleet, haproxy
from support.postgres import fresh_schema
from support.tools import text_of

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

US = "549755856399"
CAMPAIGN_WRITES = f"/ad_accounts/{US}/campaigns"
SPRING, EVERGREEN, KITCHEN = "626735136848", "626735400462", "626735459554"  # ACTIVE in the seed
DEADLINE_S = 60


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def fleet_store(postgres_dsn: str) -> Iterator[str]:
    with fresh_schema(postgres_dsn) as url:
        yield url


@pytest.fixture(scope="module")
async def running(fleet_store: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Fleet]:
    if haproxy() is None:
        message = "haproxy is missing: install it (apt-get install -y haproxy)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    async with fleet(fleet_store, tmp_path_factory.mktemp("fleet")) as found:
        yield found


@pytest.fixture(scope="module")
async def signed_in(running: Fleet) -> FleetUser:
    """One user signed in through the proxy (DCR, authorize, Pinterest, consent, token), approving writes."""
    user = FleetUser(running)
    with anyio.fail_after(DEADLINE_S):
        async with user.client() as client:
            assert not (await client.call_tool("list_ad_accounts", {})).is_error
    assert len(set(user.served_by)) > 1, user.served_by  # the flow itself went round the replicas
    return user


async def call(client: Client, tool: str, arguments: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    result = await client.call_tool(tool, arguments)
    text = text_of(result)
    return bool(result.is_error), json.loads(text) if text.startswith("{") else {"error": text}


async def plan(client: Client, campaign: str) -> str:
    failed, answer = await call(client, "pause_campaigns", {"ad_account_id": US, "campaign_ids": [campaign]})
    assert not failed and "confirmation" in answer, answer
    return str(answer["confirmation"])


async def confirm(client: Client, campaign: str, token: str) -> tuple[bool, dict[str, Any]]:
    arguments = {"ad_account_id": US, "campaign_ids": [campaign], "confirmation": token}
    return await call(client, "pause_campaigns", arguments)


async def campaign_writes(f: Fleet) -> int:
    log = (await f.control("log"))["requests"]
    return sum(1 for r in log if r["method"] == "PATCH" and r["path"] == CAMPAIGN_WRITES)


async def journal(f: Fleet) -> list[dict[str, Any]]:
    """Every journal entry of the one signed-in Pinterest user, read from the store itself."""
    store = await open_store(f.store_url)
    try:
        users = {str(d.value["user_id"]) for d in await store.list("grants", "", limit=100)}
        (user,) = users
        return [entry for _, entry in await store.entries(JOURNAL, user, limit=100)]
    finally:
        await store.close()


async def test_a_plan_made_on_one_replica_applies_on_another(running: Fleet, signed_in: FleetUser) -> None:
    with anyio.fail_after(DEADLINE_S):
        before, entries = await campaign_writes(running), len(await journal(running))
        on_r0, on_r1 = signed_in.on("r0"), signed_in.on("r1")
        async with on_r0.client() as a, on_r1.client() as b:
            token = await plan(a, SPRING)
            failed, applied = await confirm(b, SPRING, token)
        assert not failed and applied["status"] == "applied", applied
        assert set(on_r0.served_by) == {"r0"} and set(on_r1.served_by) == {"r1"}
        assert await campaign_writes(running) == before + 1
        assert [e["status"] for e in (await journal(running))[entries:]] == ["applied"]


async def test_one_confirmation_presented_to_three_replicas_at_once_writes_once(
    running: Fleet, signed_in: FleetUser
) -> None:
    with anyio.fail_after(DEADLINE_S):
        before, entries = await campaign_writes(running), len(await journal(running))
        async with signed_in.on("r0").client() as client:
            token = await plan(client, EVERGREEN)
        answers: list[tuple[bool, dict[str, Any]]] = []

        async def present(replica: str) -> None:
            async with signed_in.on(replica).client() as client:
                answers.append(await confirm(client, EVERGREEN, token))

        async with anyio.create_task_group() as group:
            for replica in ("r0", "r1", "r2"):
                group.start_soon(present, replica)
        applied = [a for failed, a in answers if not failed and a.get("status") == "applied"]
        refused = [a for failed, a in answers if failed]
        assert len(applied) == 1 and len(refused) == 2, answers
        assert await campaign_writes(running) == before + 1
        assert [e["status"] for e in (await journal(running))[entries:]] == ["applied"]


async def test_an_expired_pinterest_token_hit_by_three_replicas_at_once_is_refreshed_once(
    running: Fleet, signed_in: FleetUser
) -> None:
    with anyio.fail_after(DEADLINE_S):
        answers: list[bool] = []

        async def read(replica: str, times: int) -> None:
            async with signed_in.on(replica).client() as client:
                for _ in range(times):
                    answers.append((await client.call_tool("list_ad_accounts", {})).is_error)

        for replica in ("r0", "r1", "r2"):  # each replica now holds the user's current Pinterest token
            await read(replica, 1)
        refreshes = (await running.control("log"))["token_requests"].count("refresh_token")
        await running.control("advance", seconds=ACCESS_TOKEN_TTL + 1)  # Pinterest now calls it expired
        async with anyio.create_task_group() as group:
            for replica in ("r0", "r1", "r2"):
                group.start_soon(read, replica, 3)
        assert answers == [False] * 12
        assert (await running.control("log"))["token_requests"].count("refresh_token") == refreshes + 1


async def test_a_replica_killed_mid_call_loses_no_journaled_write(running: Fleet, signed_in: FleetUser) -> None:
    with anyio.fail_after(DEADLINE_S):
        async with signed_in.on("r0").client() as client:
            token = await plan(client, KITCHEN)
        before, entries = await campaign_writes(running), len(await journal(running))
        await running.control("hold")
        outcome: list[BaseException | tuple[bool, dict[str, Any]]] = []

        async def confirm_on_r2() -> None:
            try:
                async with signed_in.on("r2").client() as client:
                    outcome.append(await confirm(client, KITCHEN, token))
            except Exception as exc:  # the connection the replica held is gone
                outcome.append(exc)

        async with anyio.create_task_group() as group:
            group.start_soon(confirm_on_r2)
            while (await running.control("held"))["held"] < 1:  # r2 sent the write; Pinterest has not answered
                await anyio.sleep(0.02)
            await running.kill(running.replicas[2])
            await running.control("release")  # Pinterest applies it; nobody is left to hear the answer
        assert outcome and not (isinstance(outcome[0], tuple) and outcome[0][1].get("status") == "applied"), outcome
        assert await campaign_writes(running) == before + 1

        # The write's intent was journaled (and its confirmation spent) before it was sent: it is there,
        # without an outcome; no entry is lost and none claims success falsely. Once no call can still
        # be answering it (`PENDING_LIMIT_S`, read on a clock moved that far) every reader reports it
        # unknown and names the read that shows whether it applied.
        everything = await journal(running)
        (killed,) = everything[entries:]
        assert killed["status"] == "pending" and killed["tool"] == "pause_campaigns", killed
        assert {e["status"] for e in everything} <= {"applied", "unknown", "pending"}, everything
        store = await open_store(running.store_url)
        try:
            users = {str(d.value["user_id"]) for d in await store.list("grants", "", limit=100)}
            owner = users.pop()
            assert await store.claimed(CLAIMS, owner, str(killed["confirmation"]))
            later = StoreLedger(store, owner, clock=lambda: time.time() + PENDING_LIMIT_S)
            (settled,) = await later.newest(1)
            assert settled["status"] == "unknown" and f"call get_campaign for {KITCHEN}" in settled["check"], settled
        finally:
            await store.close()

        # The spent confirmation is refused on every replica (the claim is the store's), so it is never
        # sent twice, and at once: the claim is read before the dead replica's entity lease is waited for.
        started = anyio.current_time()
        async with signed_in.on("r0").client() as client:
            failed, again = await confirm(client, KITCHEN, token)
        replay_s = anyio.current_time() - started
        assert failed and "already used" in again["error"], again
        assert replay_s < LOCK_WAIT_S / 2, f"the replay waited {replay_s:.1f} s, as if for the dead replica's lease"

        user = signed_in.on("r2")  # asked for the dead replica: the proxy sends it to a live one
        async with user.client() as client:
            assert not (await client.call_tool("list_ad_accounts", {})).is_error
        assert "r2" not in user.served_by and await campaign_writes(running) == before + 1
