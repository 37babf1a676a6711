"""Bounds a hostile caller or a faulty Pinterest cannot push past: pages, waits, sizes, nesting.

Each test is named after the defect it pins down. Pinterest misbehaves through the emulator's fault
injection (canned answers counted in `runtime.emulator.requests`) or respx; sleeps are recorded,
never slept; every wait on a tool call is bounded with `anyio.fail_after`.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx
import pytest
import respx
from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult

import pinterest_mcp.api.client as pinterest_client
from pinterest_mcp.api.client import MAX_RETRY_AFTER, BearerToken, PinterestClient, parse_retry_after
from pinterest_mcp.api.errors import RateLimitError
from pinterest_mcp.api.request import PreparedRequest
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.transports.stdio import CUT, WIRE_DEPTH, cut_deep
from support.tools import text_of

pytestmark = pytest.mark.anyio

BASE = "https://api.pinterest.com/v5"
ACCOUNT = "549755856399"  # the demo's first ad account
AD_GROUP = "2680060999458"  # one of its ad groups
BOARD = {"id": "1", "name": "Canned"}
CALL_LIMIT = 30  # seconds any tool call may take here; a runaway loop fails instead of hanging


@pytest.fixture
async def runtime() -> AsyncIterator[Runtime]:
    """A demo runtime with every toolset, its emulator open so faults can be injected before a call."""
    runtime = Runtime(Settings(demo=True, toolsets=("all",)))
    await runtime.client()
    yield runtime
    await runtime.aclose()


@pytest.fixture
async def client(runtime: Runtime) -> AsyncIterator[Client]:
    async with Client(build_server(runtime.settings, runtime)) as connected:
        yield connected


async def call(client: Client, tool: str, arguments: dict[str, Any]) -> CallToolResult:
    with anyio.fail_after(CALL_LIMIT):
        return await client.call_tool(tool, arguments)


def data_of(result: CallToolResult) -> Any:
    assert not result.is_error, text_of(result)
    return json.loads(text_of(result))


def requests_to(runtime: Runtime, path: str = "/boards") -> int:
    return sum(1 for request in runtime.emulator.requests if request.path == path)


def canned_pages(runtime: Runtime, pages: list[dict[str, Any]]) -> None:
    """Pinterest answers the next GET /boards requests with these pages, in order."""
    for page in pages:
        runtime.emulator.inject_fault("GET", "/boards", status=200, body=page)


# 1. Unbounded pagination ------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [{"all_pages": True}, {"max_items": 30, "page_size": 10}])
async def test_unbounded_pagination_stops_on_a_repeated_bookmark(
    runtime: Runtime, client: Client, limit: dict[str, Any]
) -> None:
    """A page that hands back a bookmark already given ends the walk after that page, saying why."""
    runtime.emulator.inject_fault("GET", "/boards", status=200, body={"items": [BOARD], "bookmark": "same"}, times=5000)
    data = data_of(await call(client, "list_boards", limit))
    assert requests_to(runtime) == 2  # the first page gives "same"; the page it fetches gives "same" again
    assert data["stopped"] == "Pinterest repeated a bookmark"
    assert "bookmark" not in data  # resuming with it would only loop again


async def test_unbounded_pagination_stops_on_a_repeated_caller_bookmark(runtime: Runtime, client: Client) -> None:
    """The caller's own bookmark counts as given: a page answering with it again is a repeat."""
    runtime.emulator.inject_fault("GET", "/boards", status=200, body={"items": [BOARD], "bookmark": "mine"}, times=5000)
    data = data_of(await call(client, "list_boards", {"all_pages": True, "bookmark": "mine"}))
    assert requests_to(runtime) == 1
    assert data["stopped"] == "Pinterest repeated a bookmark"


@pytest.mark.parametrize("limit", [{"all_pages": True}, {"max_items": 30}])
async def test_unbounded_pagination_stops_on_an_empty_page_that_keeps_a_bookmark(
    runtime: Runtime, client: Client, limit: dict[str, Any]
) -> None:
    """Empty pages with ever-new bookmarks end the walk at the first one; its bookmark still resumes."""
    canned_pages(runtime, [{"items": [], "bookmark": f"b{n}"} for n in range(200)])
    data = data_of(await call(client, "list_boards", limit))
    assert requests_to(runtime) == 1
    assert data["count"] == 0
    assert data["stopped"] == "Pinterest sent an empty page that still carries a bookmark"
    assert data["bookmark"] == "b0"


@pytest.mark.parametrize(
    ("limit", "most"),
    [({"max_items": 30, "page_size": 10}, 3), ({"max_items": 30}, 1), ({"all_pages": True}, 4)],
)
async def test_unbounded_pagination_never_sends_more_than_ceil_max_over_page_size(
    runtime: Runtime, client: Client, limit: dict[str, Any], most: int
) -> None:
    """Short pages with fresh bookmarks stop at ceil(max_items / page_size) requests (all_pages: 1000/250)."""
    canned_pages(runtime, [{"items": [{**BOARD, "id": str(n)}], "bookmark": f"b{n}"} for n in range(200)])
    data = data_of(await call(client, "list_boards", limit))
    assert requests_to(runtime) == most
    assert data["count"] == most
    assert data["bookmark"] == f"b{most - 1}"  # resumes where the cap stopped
    assert data["stopped"].startswith(f"page cap: {most} request")


async def test_unbounded_pagination_a_normal_walk_says_nothing_about_stopping(client: Client) -> None:
    """The emulator's own boards end with a null bookmark: no `stopped` note."""
    data = data_of(await call(client, "list_boards", {"all_pages": True}))
    assert data["count"] > 0
    assert "stopped" not in data and "bookmark" not in data


# 2. Unbounded waits -----------------------------------------------------------------------------


class Sleeps(list[float]):
    """An injectable async sleep that records each delay instead of waiting."""

    async def __call__(self, delay: float) -> None:
        self.append(delay)


def respx_client(api: respx.MockRouter, sleeps: Sleeps) -> PinterestClient:
    return PinterestClient(
        base_url=BASE,
        auth=BearerToken("token"),
        transport=httpx.MockTransport(api.async_handler),
        sleep=sleeps,
        rng=random.Random(0),
    )


NON_FINITE = ["inf", "Infinity", "-inf", "1e309", "-1e309", "nan", "NaN", "9" * 400]
YEAR_9999 = "Fri, 31 Dec 9999 23:59:59 GMT"


@pytest.mark.parametrize("value", NON_FINITE)
def test_unbounded_wait_non_finite_retry_after_is_absent(value: str) -> None:
    assert parse_retry_after(value) is None


@pytest.mark.parametrize("value", NON_FINITE)
async def test_unbounded_wait_non_finite_retry_after_falls_back_to_backoff(value: str) -> None:
    """A non-finite Retry-After is no instruction: the normal backoff applies and the retry succeeds."""
    api = respx.MockRouter(base_url=BASE, assert_all_mocked=True)
    api.get("/things").mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": value}), httpx.Response(200, json={"ok": True})]
    )
    sleeps = Sleeps()
    async with respx_client(api, sleeps) as client:
        assert await client.send(PreparedRequest("GET", "/things", []), idempotent=True) == {"ok": True}
    assert len(sleeps) == 1 and 0.375 <= sleeps[0] <= 0.5


@pytest.mark.parametrize("value", ["31536000000", "1e300", YEAR_9999])
def test_unbounded_wait_huge_retry_after_is_clamped(value: str) -> None:
    """An 8,000-year date or a 1e300 s delay parses to the stated ceiling, a finite number."""
    assert parse_retry_after(value, now=time.time()) == pinterest_client.RETRY_AFTER_CEILING


@pytest.mark.parametrize("value", ["1e300", YEAR_9999])
async def test_unbounded_wait_huge_retry_after_fails_at_once_stating_the_clamp(value: str) -> None:
    api = respx.MockRouter(base_url=BASE, assert_all_mocked=True)
    api.get("/things").mock(return_value=httpx.Response(429, headers={"Retry-After": value}))
    sleeps = Sleeps()
    async with respx_client(api, sleeps) as client:
        with pytest.raises(RateLimitError) as info:
            await client.send(PreparedRequest("GET", "/things", []), idempotent=True)
    assert sleeps == [] and api.calls.call_count == 1
    assert info.value.retry_after == pinterest_client.RETRY_AFTER_CEILING
    text = info.value.for_model()
    assert "inf" not in text.lower()
    assert f"at most {MAX_RETRY_AFTER:.0f} s" in text and f"{pinterest_client.RETRY_AFTER_CEILING:.0f} s" in text


async def test_unbounded_wait_year_9999_retry_after_through_a_tool(runtime: Runtime, client: Client) -> None:
    """Through the emulator: one request, no wait, and a tool error stating the clamp rule."""
    runtime.emulator.inject_fault("GET", "/boards", status=429, headers={"Retry-After": YEAR_9999}, times=10)
    text = text_of(await call(client, "list_boards", {}))
    assert requests_to(runtime) == 1
    assert f"call again in about {pinterest_client.RETRY_AFTER_CEILING:.0f} s" in text
    assert f"at most {MAX_RETRY_AFTER:.0f} s" in text


@pytest.mark.parametrize("value", ["inf", "nan", "1e309"])
async def test_unbounded_wait_non_finite_retry_after_through_a_tool(
    runtime: Runtime, client: Client, value: str
) -> None:
    """A 429 once with a non-finite Retry-After, then the real answer: retried after the backoff."""
    runtime.emulator.inject_fault("GET", "/boards", status=429, headers={"Retry-After": value})
    data = data_of(await call(client, "list_boards", {}))
    assert requests_to(runtime) == 2 and data["count"] > 0


# 3. Crashes instead of tool errors --------------------------------------------------------------


def refused(runtime: Runtime, text: str, field: str, limit: str) -> None:
    """The tool error names the field and the limit, and nothing reached Pinterest."""
    assert "nothing was sent to Pinterest" in text
    assert field in text and limit in text, text
    assert runtime.emulator.requests.total == 0


async def test_crash_on_a_70kb_bookmark(runtime: Runtime, client: Client) -> None:
    text = text_of(await call(client, "list_boards", {"bookmark": "b" * 70_000}))
    refused(runtime, text, "bookmark", "2048")


@pytest.mark.parametrize(
    ("field", "value"),
    [("start_time", 2**63), ("end_time", 10**12), ("start_time", 253_402_300_800)],  # the last: year 10000
)
async def test_crash_on_an_out_of_range_unix_time(runtime: Runtime, client: Client, field: str, value: int) -> None:
    arguments = {"ad_account_id": ACCOUNT, "campaigns": [{"name": "x", "objective_type": "AWARENESS", field: value}]}
    text = text_of(await call(client, "create_campaigns", arguments))
    refused(runtime, text, f"campaigns.0.{field}", "253402300799")


async def test_crash_on_an_out_of_range_unix_time_spares_the_last_second_of_9999(
    runtime: Runtime, client: Client
) -> None:
    """The largest allowed time plans without a crash (nothing is applied without confirmation)."""
    arguments = {
        "ad_account_id": ACCOUNT,
        "campaigns": [{"name": "x", "objective_type": "AWARENESS", "end_time": 253_402_300_799}],
        "dry_run": True,
    }
    assert data_of(await call(client, "create_campaigns", arguments))


@pytest.mark.parametrize(
    ("tool", "arguments", "field"),
    [
        ("set_ad_group_budget", {"ad_group_ids": [AD_GROUP], "budget": 1e30}, "budget"),
        ("set_ad_group_budget", {"ad_group_ids": [AD_GROUP], "budget": "1e23"}, "budget"),
        ("set_ad_group_budget", {"ad_group_ids": [AD_GROUP], "budget": "Infinity"}, "budget"),
        ("set_ad_group_budget", {"ad_group_ids": [AD_GROUP], "budget": "NaN"}, "budget"),
        ("set_campaign_spend_cap", {"campaign_ids": ["626736533506"], "daily_spend_cap": "1e30"}, "daily_spend_cap"),
    ],
)
async def test_crash_on_a_huge_amount(
    runtime: Runtime, client: Client, tool: str, arguments: dict[str, Any], field: str
) -> None:
    text = text_of(await call(client, tool, {"ad_account_id": ACCOUNT, **arguments}))
    assert "nothing was sent to Pinterest" in text and field in text, text
    assert "1000000000" in text or "finite" in text, text
    assert runtime.emulator.requests.total == 0


async def test_crash_on_a_huge_micro_amount(runtime: Runtime, client: Client) -> None:
    arguments = {
        "ad_account_id": ACCOUNT,
        "ad_groups": [{"id": AD_GROUP, "budget_in_micro_currency": 10**30}],
    }
    text = text_of(await call(client, "update_ad_groups", arguments))
    refused(runtime, text, "ad_groups.0.budget_in_micro_currency", "1000000000000000")


# 4. Deeply nested arguments ---------------------------------------------------------------------


def nested(depth: int) -> dict[str, Any]:
    """A dict `depth` levels deep: {"a": {"a": … {"a": 1}}}."""
    node: dict[str, Any] = {"a": 1}
    for _ in range(depth - 1):
        node = {"a": node}
    return node


async def test_deeply_nested_targeting_spec_is_refused(runtime: Runtime, client: Client) -> None:
    arguments = {"ad_account_id": ACCOUNT, "ad_groups": [{"id": AD_GROUP, "targeting_spec": nested(250)}]}
    text = text_of(await call(client, "update_ad_groups", arguments))
    refused(runtime, text, "targeting_spec", "10 levels")


async def test_deeply_nested_rule_is_refused_but_ten_levels_pass(runtime: Runtime, client: Client) -> None:
    base = {"ad_account_id": ACCOUNT, "name": "Deep", "audience_type": "CUSTOMER_LIST", "dry_run": True}
    text = text_of(await call(client, "create_audience", {**base, "rule": nested(11)}))
    refused(runtime, text, "rule", "10 levels")
    ten = {"event_data": nested(9)}  # the rule's keys are checked; event_data holds a free object
    assert data_of(await call(client, "create_audience", {**base, "rule": ten}))


@pytest.mark.slow
async def test_deeply_nested_rule_over_stdio_gets_an_error_answer() -> None:
    """A 250-deep rule over a real stdio transport: an error answer, in bounded time, from a live server."""
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "pinterest_mcp", "serve", "--demo", "--toolsets", "all"]
    )
    arguments = {"ad_account_id": ACCOUNT, "name": "Deep", "audience_type": "CUSTOMER_LIST", "rule": nested(250)}
    with anyio.fail_after(60):
        async with Client(params) as client:
            result = await client.call_tool("create_audience", arguments)
            after = await client.call_tool("list_ad_accounts", {})
    assert result.is_error
    assert "rule" in text_of(result) and "10 levels" in text_of(result)
    assert not after.is_error  # the server is still answering


@pytest.mark.parametrize("depth", [250, 100_000])
def test_deeply_nested_json_text_is_cut_without_recursion(depth: int) -> None:
    """The stdio guard cuts a line of any depth in the text; brackets inside strings do not count."""
    line = '{"id": 1, "s": "}]{[\\"", "rule": ' + '{"a": ' * depth + "1" + "}" * depth + "}"
    cut = json.loads(cut_deep(line, depth=3))
    assert cut == {"id": 1, "s": '}]{["', "rule": {"a": {"a": CUT}}}


def test_deeply_nested_json_text_within_the_depth_is_unchanged() -> None:
    line = json.dumps({"rule": nested(WIRE_DEPTH - 1), "s": "[[[["})
    assert cut_deep(line) == line


async def test_a_refused_huge_value_is_not_echoed_back_in_full() -> None:
    """The error names the field and the limit; it repeats at most a short prefix of the value."""
    from mcp import Client

    from pinterest_mcp.config.settings import Settings
    from pinterest_mcp.server.build import build_server

    async with Client(build_server(Settings(demo=True))) as client:
        result = await client.call_tool("list_ad_accounts", {"bookmark": "b" * 70_000})
    text = text_of(result)
    assert result.is_error and "bookmark" in text and "2048" in text and len(text) < 1_000
