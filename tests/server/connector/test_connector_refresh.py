"""One user's Pinterest tokens across replicas: refreshed once however many replicas hit the expiry, and a
grant Pinterest refuses answers "reconnect" for that user only.

Pinterest rotates the refresh token on every refresh and the old one dies at once, so a second
replica refreshing with the token it read would fail, and the user's calls with it; the replicas
here share one store (SQLite file or PostgreSQL database), one vault key and one emulator.
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path

import anyio
import pytest
from mcp import Client
from mcp.types import CallToolResult

from pinterest_mcp.auth import vault as vault_module
from pinterest_mcp.auth.vault import REFRESH_LEASE
from pinterest_mcp.emulator.oauth import ACCESS_TOKEN_TTL, DEFAULT_APP_ID, REFRESH_TOKEN
from pinterest_mcp.emulator.seed import story
from pinterest_mcp.server.connector.provider import GRANTS
from support.replicas import Replicas, UrlUser, replicas
from support.tools import text_of

pytestmark = pytest.mark.anyio

CALLS_PER_REPLICA = 3
SECOND = story.NORTHWIND.username


async def read(client: Client) -> CallToolResult:
    return await client.call_tool("list_ad_accounts", {})


def refreshes(r: Replicas) -> int:
    return r.emulator.oauth.token_requests.count("refresh_token")


async def test_an_expired_token_hit_by_three_replicas_at_once_is_refreshed_once(store_url: str, tmp_path: Path) -> None:
    with anyio.fail_after(60):
        async with replicas(store_url, tmp_path, count=3) as r, AsyncExitStack() as stack:
            signed_in = UrlUser(r.connectors[0].app)
            clients = [await stack.enter_async_context(signed_in.like(c.app).client()) for c in r.connectors]
            for client in clients:  # every replica holds the user's current token in its Runtime
                assert not (await read(client)).is_error
            r.emulator.oauth.advance(ACCESS_TOKEN_TTL + 1)  # ...which Pinterest now calls expired

            answers: list[CallToolResult] = []

            async def call(client: Client) -> None:
                answers.append(await read(client))

            async with anyio.create_task_group() as group:
                for client in clients:
                    for _ in range(CALLS_PER_REPLICA):
                        group.start_soon(call, client)
            saved = await r.connectors[1].tokens.load(await only_user(r), app_id=None, app_secret=None)

    assert [a.is_error for a in answers] == [False] * (3 * CALLS_PER_REPLICA), [text_of(a) for a in answers]
    assert refreshes(r) == 1
    # What the vault holds is the pair that refresh returned: the refresh token Pinterest still honours.
    assert saved is not None and saved.refresh_token is not None
    assert r.emulator.oauth.is_live(saved.refresh_token, REFRESH_TOKEN)


async def test_a_grant_pinterest_refuses_answers_reconnect_for_that_user_and_nobody_else(
    store_url: str, tmp_path: Path
) -> None:
    with anyio.fail_after(60):
        async with replicas(store_url, tmp_path, count=2) as r, AsyncExitStack() as stack:
            one, two = r.connectors
            alice = UrlUser(one.app)
            async with alice.client():
                pass  # signed in and consented: the only grant so far is hers
            alice_id = await only_user(r)
            bob = UrlUser(one.app, pinterest_user=SECOND)  # the emulator's other Pinterest user
            alice_clients = [await stack.enter_async_context(alice.like(c.app).client()) for c in r.connectors]
            bob_clients = [await stack.enter_async_context(bob.like(c.app).client()) for c in r.connectors]
            for client in alice_clients + bob_clients:
                assert not (await read(client)).is_error
            grants = {g.key: g.value["user_id"] for g in await r.stores[0].list(GRANTS, "", limit=10)}
            alice_grant = next(key for key, user in grants.items() if user == alice_id)
            bob_grant = next(key for key, user in grants.items() if user != alice_id)

            await revoke_at_pinterest(r, alice_id)

            refused = await read(alice_clients[0])
            asked = refreshes(r)
            dropped_here = alice_grant not in one.servers and bob_grant in one.servers
            bob_fine = [not (await read(client)).is_error for client in bob_clients]
            elsewhere = await read(alice_clients[1])  # the other replica: no second token request
            dropped_there = alice_grant not in two.servers
            again = await read(alice_clients[0])  # rebuilt, and still refused without asking Pinterest
            bob_tokens = await one.tokens.load(grants[bob_grant], app_id=None, app_secret=None)

    assert len(set(grants.values())) == 2  # two Pinterest users, each with a token chain of their own
    assert refused.is_error
    said = text_of(refused)
    assert "reconnect the Pinterest connector" in said and "sign in to Pinterest" in said
    assert "auth login" not in said  # the local CLI's advice means nothing to a connector's user
    assert asked == 1 and refreshes(r) == 1
    assert dropped_here and dropped_there
    assert bob_fine == [True, True]
    assert bob_tokens is not None and bob_tokens.refresh_token is not None
    assert r.emulator.oauth.is_live(bob_tokens.refresh_token, REFRESH_TOKEN)
    assert elsewhere.is_error and "reconnect the Pinterest connector" in text_of(elsewhere)
    assert again.is_error and "reconnect the Pinterest connector" in text_of(again)


async def test_signing_in_again_after_reconnect_serves_every_grant_of_that_user_again(
    store_url: str, tmp_path: Path
) -> None:
    with anyio.fail_after(60):
        async with replicas(store_url, tmp_path, count=1) as r:
            first = UrlUser(r.connectors[0].app)
            async with first.client() as client:
                assert not (await read(client)).is_error
                await revoke_at_pinterest(r, await only_user(r))
                refused = await read(client)
                async with UrlUser(r.connectors[0].app).client() as other:  # a new sign-in, a new consent
                    fresh = await read(other)
                healed = await read(client)  # the first client's grant, rebuilt on the new tokens

    assert refused.is_error and "reconnect the Pinterest connector" in text_of(refused)
    assert not fresh.is_error and not healed.is_error, text_of(healed)


async def test_a_refresh_another_replica_holds_is_waited_for_within_a_bound(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vault_module, "REFRESH_WAIT_S", 0.05)
    with anyio.fail_after(60):
        async with replicas(store_url, tmp_path, count=1) as r:
            user = UrlUser(r.connectors[0].app)
            async with user.client() as client:
                assert not (await read(client)).is_error
                user_id = await only_user(r)
                # A replica that died mid-refresh left its lease (it expires on its own after its ttl).
                assert await r.stores[0].acquire(REFRESH_LEASE, user_id, "a-replica-that-died", ttl_s=60)
                r.emulator.oauth.advance(ACCESS_TOKEN_TTL + 1)
                busy = await read(client)
                asked = refreshes(r)
                assert await r.stores[0].release(REFRESH_LEASE, user_id, "a-replica-that-died")
            # A new connection's view gets a Runtime of its own (the first remembers its failure briefly).
            async with user.like(path="/x/account").client() as later:
                after = await read(later)

    assert busy.is_error and "renewing this user's Pinterest sign-in" in text_of(busy) and asked == 0
    assert not after.is_error and refreshes(r) == 1, text_of(after)


async def only_user(r: Replicas) -> str:
    return str((await r.stores[0].list(GRANTS, "", limit=1))[0].value["user_id"])


async def revoke_at_pinterest(r: Replicas, user_id: str) -> None:
    """The user removes the app at Pinterest: their refresh token and its access tokens die."""
    tokens = await r.connectors[0].tokens.load(user_id, app_id=None, app_secret=None)
    assert tokens is not None and tokens.refresh_token
    r.emulator.oauth.revoke(r.emulator.oauth.apps[DEFAULT_APP_ID], tokens.refresh_token, None)
