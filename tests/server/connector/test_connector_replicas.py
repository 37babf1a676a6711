"""Two connector apps on one store are two replicas: confirmations, the journal and locks hold across them.

Each replica is a whole connector app (its own grant servers, Runtimes and journal folder) on the
same store, the same vault key and the same Pinterest (the emulator); clients are the SDK's, over
the apps' ASGI interfaces. A crash is a replica thrown away and a new app started on the store.
Runs on SQLite and on a real PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client

from pinterest_mcp.auth.vault import Vault, new_key
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.server.connector.app import Connector, build_connector
from pinterest_mcp.server.connector.run import connector_config
from pinterest_mcp.store import Store
from pinterest_mcp.writes.store_ledger import JOURNAL
from support.connector import PUBLIC_URL, SdkUser
from support.tools import text_of

pytestmark = pytest.mark.anyio

US = "549755856399"
SPRING = "626735136848"  # ACTIVE in the seed
PAUSE = {"ad_account_id": US, "campaign_ids": [SPRING]}
OTHER = ("8100000000000000001", "another_pinner")


class Pinterest(httpx.AsyncBaseTransport):
    """The emulator, counting the writes it is sent; `as_user` makes sign-in see another Pinterest user.

    The emulator has one user; a second one is that user's answer to `GET /user_account` with
    another id and name, which is all the connector keys a user's tokens, grants and journal by.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.as_user: tuple[str, str] | None = None
        self.writes: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method in ("PATCH", "POST", "DELETE") and "/ad_accounts/" in request.url.path:
            self.writes.append(f"{request.method} {request.url.path}")
        response = await self.inner.handle_async_request(request)
        if self.as_user is None or not request.url.path.endswith("/user_account"):
            return response
        body = json.loads(await response.aread())
        body["id"], body["username"] = self.as_user
        return httpx.Response(response.status_code, json=body)


@dataclass
class Cluster:
    """Replicas of one connector on one store; `start` adds one (a new replica, or one after a crash)."""

    store: Store
    folder: Path
    emulator: Emulator = field(default_factory=lambda: Emulator(seed=7, oauth=True))
    vault: Vault = field(default_factory=lambda: Vault([new_key()]))
    stack: AsyncExitStack = field(default_factory=AsyncExitStack)
    pinterest: Pinterest = field(init=False)

    def __post_init__(self) -> None:
        self.pinterest = Pinterest(self.emulator.transport())

    def replica(self, name: str) -> Connector:
        settings = Settings(demo=True)
        journals = self.folder / name  # a replica's own disk: nothing on it is shared
        journals.mkdir(parents=True)
        return build_connector(
            settings,
            connector_config(settings, PUBLIC_URL, {}),
            self.store,
            self.vault,
            journals=journals,
            pinterest_transport=self.pinterest,
            demo_app=self.emulator.app,
        )

    async def start(self, name: str) -> Connector:
        """A replica running until the cluster stops."""
        connector = self.replica(name)
        await self.stack.enter_async_context(connector.app.router.lifespan_context(connector.app))
        return connector

    @asynccontextmanager
    async def crashing(self, name: str) -> AsyncIterator[Connector]:
        """A replica that is gone (its servers, Runtimes and memory) when the block ends."""
        connector = self.replica(name)
        async with connector.app.router.lifespan_context(connector.app):
            yield connector

    async def journal(self, user_id: str) -> list[dict[str, Any]]:
        return [entry for _, entry in await self.store.entries(JOURNAL, user_id, limit=100)]


@asynccontextmanager
async def cluster(store: Store, folder: Path) -> AsyncIterator[Cluster]:
    with anyio.fail_after(120):
        c = Cluster(store, folder)
        async with c.stack:
            yield c


def writer(app: Any) -> SdkUser:
    """A user who signs in on `app` and approves read and write."""
    return SdkUser(app, change={"mode": ["write"]})


def on(app: Any, user: SdkUser) -> SdkUser:
    """The same signed-in client, talking to another replica (its tokens are in the store, not the replica)."""
    return SdkUser(app, storage=user.storage)


async def call(client: Client, tool: str, arguments: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    result = await client.call_tool(tool, arguments)
    text = text_of(result)
    return bool(result.is_error), json.loads(text) if text.startswith("{") else {"error": text}


async def plan(client: Client, arguments: dict[str, Any], tool: str = "pause_campaigns") -> str:
    failed, answer = await call(client, tool, arguments)
    assert not failed and "confirmation" in answer, answer
    return str(answer["confirmation"])


async def user_id_of(store: Store) -> list[str]:
    """The Pinterest user ids whose tokens the vault holds (the emulator's user is the first to sign in)."""
    docs = await store.list("grants", "", limit=100)
    return sorted({str(d.value["user_id"]) for d in docs})


async def test_planned_on_one_replica_confirmed_on_another_applies_once(store: Store, tmp_path: Path) -> None:
    async with cluster(store, tmp_path) as c:
        a, b = await c.start("a"), await c.start("b")
        x = writer(a.app)
        async with x.client() as on_a:
            token = await plan(on_a, PAUSE)
            async with on(b.app, x).client() as on_b:
                failed, applied = await call(on_b, "pause_campaigns", {**PAUSE, "confirmation": token})
                assert not failed and applied["status"] == "applied", applied
                again_b = await call(on_b, "pause_campaigns", {**PAUSE, "confirmation": token})
            again_a = await call(on_a, "pause_campaigns", {**PAUSE, "confirmation": token})
        for failed, answer in (again_a, again_b):
            assert failed and "already used" in answer["error"], answer
        assert c.pinterest.writes == [f"PATCH /v5/ad_accounts/{US}/campaigns"]
        (user,) = await user_id_of(store)
        (entry,) = await c.journal(user)
        assert entry["status"] == "applied" and entry["tool"] == "pause_campaigns"
        assert applied["journal_entry"].endswith("-n1")
        assert [f for name in ("a", "b") for f in (tmp_path / name).iterdir()] == []  # nothing on a replica's disk


async def test_two_replicas_confirming_one_token_at_once_apply_it_exactly_once(store: Store, tmp_path: Path) -> None:
    async with cluster(store, tmp_path) as c:
        a, b = await c.start("a"), await c.start("b")
        x = writer(a.app)
        async with x.client() as on_a, on(b.app, x).client() as on_b:
            token = await plan(on_a, PAUSE)
            answers: list[tuple[bool, dict[str, Any]]] = []

            async def confirm(client: Client) -> None:
                answers.append(await call(client, "pause_campaigns", {**PAUSE, "confirmation": token}))

            async with anyio.create_task_group() as group:
                group.start_soon(confirm, on_a)
                group.start_soon(confirm, on_b)
        applied = [answer for failed, answer in answers if not failed and answer.get("status") == "applied"]
        refused = [answer for failed, answer in answers if failed]
        assert len(applied) == 1 and len(refused) == 1, answers
        assert "Nothing was written" in refused[0]["error"]
        assert c.pinterest.writes == [f"PATCH /v5/ad_accounts/{US}/campaigns"]
        (user,) = await user_id_of(store)
        assert len(await c.journal(user)) == 1


async def test_two_plans_of_one_entity_confirmed_on_two_replicas_at_once_send_one_write(
    store: Store, tmp_path: Path
) -> None:
    """Two valid tokens for one campaign: the entity's lease makes the second re-read see the first's write."""
    async with cluster(store, tmp_path) as c:
        a, b = await c.start("a"), await c.start("b")
        x = writer(a.app)
        async with x.client() as on_a, on(b.app, x).client() as on_b:
            tokens = [await plan(on_a, PAUSE), await plan(on_b, PAUSE)]
            answers: list[tuple[bool, dict[str, Any]]] = []

            async def confirm(client: Client, token: str) -> None:
                answers.append(await call(client, "pause_campaigns", {**PAUSE, "confirmation": token}))

            async with anyio.create_task_group() as group:
                group.start_soon(confirm, on_a, tokens[0])
                group.start_soon(confirm, on_b, tokens[1])
        assert sorted(answer.get("status", "") for _, answer in answers) == ["", "applied"], answers
        assert c.pinterest.writes == [f"PATCH /v5/ad_accounts/{US}/campaigns"]


async def test_a_users_journal_and_undo_are_theirs_on_every_replica_and_grant(store: Store, tmp_path: Path) -> None:
    async with cluster(store, tmp_path) as c:
        a, b = await c.start("a"), await c.start("b")
        x = writer(a.app)
        async with x.client() as on_a:
            token = await plan(on_a, PAUSE)
            _, applied = await call(on_a, "pause_campaigns", {**PAUSE, "confirmation": token})
        entry = applied["journal_entry"]

        c.pinterest.as_user = OTHER  # another Pinterest user signs in, on the other replica
        y = writer(b.app)
        async with y.client() as y_on_b, on(a.app, y).client() as y_on_a:
            c.pinterest.as_user = None
            for client in (y_on_a, y_on_b):
                failed, answer = await call(client, "undo_change", {"entry": entry})
                assert failed and "no journal entry" in answer["error"] and "your own" in answer["error"], answer
                assert SPRING not in json.dumps(answer)

        x_again = writer(b.app)  # the first user again, through a second grant, on the other replica
        async with x_again.client() as x_on_b:
            failed, undo = await call(x_on_b, "undo_change", {"entry": entry})
            assert not failed and "confirmation" in undo, undo
            failed, undone = await call(x_on_b, "undo_change", {"entry": entry, "confirmation": undo["confirmation"]})
            assert not failed and undone["status"] == "applied", undone

        users = await user_id_of(store)
        assert OTHER[0] in users and len(users) == 2
        (mine,) = [u for u in users if u != OTHER[0]]
        assert [e["tool"] for e in await c.journal(mine)] == ["pause_campaigns", "undo_change"]
        assert await c.journal(OTHER[0]) == []


async def test_a_restarted_replica_keeps_used_confirmations_and_the_journal(store: Store, tmp_path: Path) -> None:
    async with cluster(store, tmp_path) as c:
        x: SdkUser | None = None
        async with c.crashing("before") as crashed:
            x = writer(crashed.app)
            async with x.client() as client:
                used = await plan(client, PAUSE)
                _, applied = await call(client, "pause_campaigns", {**PAUSE, "confirmation": used})
                undo = await call(client, "undo_change", {"entry": applied["journal_entry"]})
        # The replica is gone with its servers and memory; a new one starts on the same store.
        after = await c.start("after")
        async with on(after.app, x).client() as client:
            failed, replay = await call(client, "pause_campaigns", {**PAUSE, "confirmation": used})
            assert failed and "already used" in replay["error"], replay
            # A plan made before the crash (the undo's) is still good after it: its entry was kept.
            failed, undone = await call(
                client, "undo_change", {"entry": applied["journal_entry"], "confirmation": undo[1]["confirmation"]}
            )
            assert not failed and undone["status"] == "applied", undone
        assert len(c.pinterest.writes) == 2
