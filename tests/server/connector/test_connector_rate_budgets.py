"""A Pinterest user's rate budgets are shared by every replica, and never spent by another user.

Two connector apps on one store (each with its own store connection: SQLite file or PostgreSQL) are
two replicas. A user spends one budget per rate-limit category wherever their calls land; past it
a call is refused before anything is sent; a 429 with `Retry-After` that one replica receives keeps
every replica from sending that user's requests of the category until then. Another user's budget
is untouched by both. The store's clock stands still, so a test never straddles a budget window.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.store import Store
from support.connector import SdkUser
from support.pair import OTHER, on, replicas
from support.stores import Clock
from support.tools import text_of

pytestmark = pytest.mark.anyio

BUDGET = 2
"""ads_read requests a minute per user in these tests (list_ad_accounts is one)."""
SETTINGS = Settings(demo=True, rate_budgets=(("ads_read", BUDGET),))


async def accounts(client: Client) -> tuple[bool, str]:
    result = await client.call_tool("list_ad_accounts", {})
    return bool(result.is_error), text_of(result)


async def test_replicas_share_a_users_budget_and_never_spend_another_users(
    store: Store, store_url: str, store_clock: Clock, tmp_path: Path
) -> None:
    async with replicas(store, store_url, store_clock, tmp_path, SETTINGS) as r:
        x = SdkUser(r.a.app)
        async with x.client() as x_on_a, on(r.b.app, x).client() as x_on_b:
            before = len(r.pinterest.lists)
            assert not (await accounts(x_on_a))[0]
            assert not (await accounts(x_on_b))[0]
            assert len(r.pinterest.lists) == before + BUDGET
            for client in (x_on_a, x_on_b):
                failed, refused = await accounts(client)
                assert failed and "ads_read budget" in refused and "Nothing was sent" in refused, refused
                assert "call again in about" in refused
            assert len(r.pinterest.lists) == before + BUDGET  # refused before Pinterest, on both replicas

            r.pinterest.as_user = OTHER  # another Pinterest user signs in on replica b
            y = SdkUser(r.b.app)
            async with y.client() as y_on_b:
                r.pinterest.as_user = None
                spent = len(r.pinterest.lists)
                failed, listed = await accounts(y_on_b)
                assert not failed, listed
                assert len(r.pinterest.lists) == spent + 1


async def test_a_429_on_one_replica_holds_every_replica_off_that_users_category(
    store: Store, store_url: str, store_clock: Clock, tmp_path: Path
) -> None:
    async with replicas(store, store_url, store_clock, tmp_path, SETTINGS) as r:
        x = SdkUser(r.a.app)
        r.pinterest.as_user = OTHER
        y = SdkUser(r.b.app)
        async with y.client() as y_on_b:
            r.pinterest.as_user = None
            async with x.client() as x_on_a, on(r.b.app, x).client() as x_on_b:
                r.pinterest.throttle = 300  # longer than any retry waits: the client gives up at once
                failed, limited = await accounts(x_on_a)
                assert failed and "HTTP 429" in limited, limited
                sent = len(r.pinterest.lists)
                failed, held = await accounts(x_on_b)
                assert failed and "asked to wait" in held and "Nothing was sent" in held, held
                assert len(r.pinterest.lists) == sent  # replica b sent nothing for x
                failed, listed = await accounts(y_on_b)  # y's ads_read is not x's
                assert not failed, listed
                assert len(r.pinterest.lists) == sent + 1
