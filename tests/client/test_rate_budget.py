"""Rate budgets per category: counted before sending, refused unsent when spent, 429 blocks shared.

The client is given a `RateBudget` on counters two clients may share (as replicas share a store);
Pinterest is mocked with respx, clocks stand still or move by hand, and sleeps are recorded.
A local server counts in memory and refuses the same way, through a real MCP client.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from mcp import Client

from pinterest_mcp.api.budget import (
    PUBLISHED_PER_MINUTE,
    SAFETY,
    UNPUBLISHED_PER_MINUTE,
    RateBudget,
    default_limits,
)
from pinterest_mcp.api.client import BearerToken, PinterestClient, call_budget
from pinterest_mcp.api.errors import RateBudgetError, RateLimitError
from pinterest_mcp.api.request import PreparedRequest
from pinterest_mcp.config.file import ConfigError, load_settings
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.store import StoreError
from pinterest_mcp.store.memory import MemoryStore
from pinterest_mcp.store.port import Doc
from support.stores import Clock
from support.tools import text_of

pytestmark = pytest.mark.anyio

BASE = "https://api.pinterest.com/v5"
LIST = PreparedRequest("GET", "/ad_accounts", [], None)


class Sleeps(list[float]):
    """An injectable sleep that records each delay and moves `clock` by it instead of waiting."""

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock

    async def __call__(self, delay: float) -> None:
        self.append(delay)
        self.clock.advance(delay)


def client_for(budget: RateBudget, sleeps: Sleeps) -> PinterestClient:
    return PinterestClient(base_url=BASE, auth=BearerToken("t"), budget=budget, sleep=sleeps)


async def send(client: PinterestClient) -> Any:
    return await client.send(LIST, idempotent=True, category="ads_read")


def test_defaults_are_a_safe_share_of_the_published_limits_and_overrides_win() -> None:
    limits = default_limits({"org_write": 5})
    assert limits["ads_read"] == int(PUBLISHED_PER_MINUTE["ads_read"] * SAFETY) < PUBLISHED_PER_MINUTE["ads_read"]
    assert limits["org_write"] == 5
    budget = RateBudget(MemoryStore(), limits=limits)
    assert budget.limit("trends_read") == int(UNPUBLISHED_PER_MINUTE * SAFETY)  # no published limit


def test_the_setting_reads_category_pairs_and_names_a_bad_one(tmp_path: Path) -> None:
    settings = Settings.from_env({"PINTEREST_MCP_RATE_BUDGETS": "ads_read=500, ads_analytics=100"})
    assert settings.rate_budgets == (("ads_read", 500), ("ads_analytics", 100))
    config = tmp_path / "config.toml"
    config.write_text('[limits]\nrate_budgets = "org_read=60"\n', encoding="utf-8")
    assert load_settings(config, {}).rate_budgets == (("org_read", 60),)
    config.write_text('[limits]\nrate_budgets = "org_read=none"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"limits\.rate_budgets takes category=requests_a_minute"):
        load_settings(config, {})
    for bad in ("ads_read", "ads_read=0", "=5", "ads_read=many"):
        with pytest.raises(ValueError, match="PINTEREST_MCP_RATE_BUDGETS takes category=requests_a_minute"):
            Settings.from_env({"PINTEREST_MCP_RATE_BUDGETS": bad})


async def test_a_spent_budget_refuses_unsent_until_the_window_turns() -> None:
    clock = Clock()
    counters = MemoryStore(clock)
    budget = RateBudget(counters, owner="u1", limits={"ads_read": 2}, clock=clock)
    with respx.mock(base_url=BASE) as api:
        route = api.get("/ad_accounts").respond(json={"items": [], "bookmark": None})
        client = client_for(budget, Sleeps(clock))
        await send(client)
        await send(client)
        with pytest.raises(RateBudgetError) as refused:
            await send(client)
        assert route.call_count == 2
        assert refused.value.category == "ads_read" and 0 < refused.value.retry_after <= 60
        assert "Nothing was sent" in refused.value.for_model() and "call again in about" in refused.value.for_model()
        other = client_for(RateBudget(counters, owner="u2", limits={"ads_read": 2}, clock=clock), Sleeps(clock))
        await send(other)  # another user's budget is their own
        clock.advance(refused.value.retry_after)
        await send(client)  # a new window
        assert route.call_count == 4
        await client.send(LIST, idempotent=True)  # no category: not counted, never refused
        assert route.call_count == 5


async def test_a_long_429_blocks_the_category_for_every_client_of_that_user() -> None:
    clock = Clock()
    counters = MemoryStore(clock)  # what two replicas share through the store
    first = client_for(RateBudget(counters, owner="u1", clock=clock), Sleeps(clock))
    second = client_for(RateBudget(counters, owner="u1", clock=clock), Sleeps(clock))
    someone = client_for(RateBudget(counters, owner="u2", clock=clock), Sleeps(clock))
    with respx.mock(base_url=BASE) as api:
        limited = httpx.Response(429, json={"code": 8, "message": "rate limit"}, headers={"Retry-After": "300"})
        route = api.get("/ad_accounts").mock(side_effect=[limited, httpx.Response(200, json={"items": []})])
        with pytest.raises(RateLimitError):
            await send(first)
        with pytest.raises(RateBudgetError, match="asked to wait 300 s") as held:
            await send(second)
        assert held.value.retry_after == 300
        assert route.call_count == 1
        await send(someone)
        assert route.call_count == 2
        boards = api.get("/boards").respond(json={"items": []})
        await second.send(PreparedRequest("GET", "/boards", [], None), idempotent=True, category="org_read")
        assert boards.call_count == 1  # the block is x's ads_read only


async def test_a_short_block_is_waited_out_like_a_retry_and_the_retry_itself_is_not_held() -> None:
    clock = Clock()
    counters = MemoryStore(clock)
    sleeps_a, sleeps_b = Sleeps(clock), Sleeps(clock)
    first = client_for(RateBudget(counters, owner="u1", clock=clock), sleeps_a)
    second = client_for(RateBudget(counters, owner="u1", clock=clock), sleeps_b)
    with respx.mock(base_url=BASE) as api:
        limited = httpx.Response(429, json={"code": 8, "message": "rate limit"}, headers={"Retry-After": "5"})
        ok = httpx.Response(200, json={"items": []})
        route = api.get("/ad_accounts").mock(side_effect=[limited, ok, ok])
        await send(first)  # 429, waits 5 s, retried without being held by its own block
        assert sleeps_a == [5.0] and route.call_count == 2
        clock.now -= 3  # the other replica asks 2 s into the block
        await send(second)
        assert sleeps_b == [3.0] and route.call_count == 3
    with respx.mock(base_url=BASE) as api:
        limited = httpx.Response(429, json={"code": 8, "message": "rate limit"}, headers={"Retry-After": "30"})
        api.get("/ad_accounts").mock(side_effect=[limited, ok])
        with call_budget(10.0), pytest.raises(RateLimitError):
            await send(first)  # the call's 10 s cannot hold a 30 s wait
        with call_budget(10.0), pytest.raises(RateBudgetError):
            await send(second)  # nor can the other's: refused unsent, not slept past its budget


class Unreachable:
    """Counters whose store is down."""

    async def incr(self, ns: str, owner: str, key: str, *, window_s: float, amount: int = 1) -> int:
        raise StoreError("down")

    async def get(self, ns: str, owner: str, key: str) -> Doc | None:
        raise StoreError("down")

    async def put(
        self,
        ns: str,
        owner: str,
        key: str,
        value: Any,
        *,
        expires_at: float | None = None,
        if_version: int | None = None,
    ) -> int:
        raise StoreError("down")


async def test_an_unreachable_store_does_not_stop_calls() -> None:
    clock = Clock()
    client = client_for(RateBudget(Unreachable(), owner="u1", limits={"ads_read": 0}, clock=clock), Sleeps(clock))
    with respx.mock(base_url=BASE) as api:
        limited = httpx.Response(429, json={"code": 8, "message": "rate limit"}, headers={"Retry-After": "1"})
        route = api.get("/ad_accounts").mock(side_effect=[limited, httpx.Response(200, json={"items": []})])
        await send(client)
        assert route.call_count == 2


async def test_a_local_server_refuses_a_spent_budget_through_mcp() -> None:
    """stdio without a store: the budget is counted in memory, by the same rules."""
    settings = Settings(demo=True, rate_budgets=(("ads_read", 1),))
    async with Client(build_server(settings, Runtime(settings, clock=Clock()))) as client:
        first = await client.call_tool("list_ad_accounts", {})
        assert not first.is_error, text_of(first)
        second = await client.call_tool("list_ad_accounts", {})
        assert second.is_error and "ads_read budget (1 request a minute)" in text_of(second), text_of(second)
