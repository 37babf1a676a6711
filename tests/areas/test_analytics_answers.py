"""Analytics answers a model can reason with, through a real MCP client against the emulator.

Relative dates resolved in the account's time zone and echoed; limits refused before any request;
one account look-up however many calls start at once; more ids than one request takes sent as
concurrent batches (counted, and their concurrency measured, at an instrumented transport); money
once, in currency units; derived metrics and totals computed one way; a default ad account.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.operations import by_name
from pinterest_mcp.registry.dates import account_timezone, resolve, today_in
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.token_cost import count
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
NOW = time.time()
TODAY = datetime.fromtimestamp(NOW, UTC).date()
CAMPAIGN_ANALYTICS = "/ad_accounts/{ad_account_id}/campaigns/analytics"
GET_ACCOUNT = "/ad_accounts/{ad_account_id}"
TOOLSETS = ("default", "analytics_breakdowns", "organic_analytics", "pins")


class Gate(httpx.AsyncBaseTransport):
    """Once armed, holds analytics requests until `opens_at` are in flight together, then lets all through.

    So concurrency is measured, not hoped for: batches sent one after another would never reach
    `opens_at` and the bounded wait fails the test instead of sleeping. Counts what it forwards.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport, opens_at: int) -> None:
        self.inner = inner
        self.opens_at = opens_at
        self.armed = False
        self.open = anyio.Event()
        self.in_flight = 0
        self.most_in_flight = 0
        self.analytics_requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self.armed or not request.url.path.endswith("/analytics"):
            return await self.inner.handle_async_request(request)
        self.analytics_requests += 1
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.in_flight >= self.opens_at:
                self.open.set()
            with anyio.fail_after(5):
                await self.open.wait()
            return await self.inner.handle_async_request(request)
        finally:
            self.in_flight -= 1


def runtime_for(transport: httpx.AsyncBaseTransport | None = None, **settings: Any) -> Runtime:
    return Runtime(Settings(demo=True, toolsets=TOOLSETS, **settings), transport=transport, clock=lambda: NOW)


@pytest.fixture
def runtime() -> Runtime:
    return runtime_for()


@pytest.fixture
async def client(runtime: Runtime) -> AsyncIterator[Client]:
    async with Client(build_server(runtime.settings, runtime)) as connected:
        yield connected


async def account_and_campaigns(client: Client) -> tuple[str, list[str]]:
    account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
    campaigns = [c["id"] for c in (await call(client, "list_campaigns", ad_account_id=account))["items"]]
    return account, campaigns


def campaigns_of(runtime: Runtime, account: str) -> list[str]:
    """The account's campaign ids, read from the emulator: listing them would look the account up."""
    return [c["id"] for c in runtime.emulator.state.campaigns.values() if c["ad_account_id"] == account]


def records(table: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(zip(table["columns"], row, strict=True)) for row in table["rows"]]


def test_relative_ranges_end_yesterday_and_months_are_calendar_months() -> None:
    """Today never counts in last_N_days; this_month is the month to date; last_month the whole month."""
    today = date(2026, 3, 15)
    assert resolve("yesterday", today) == (date(2026, 3, 14), date(2026, 3, 14))
    assert resolve("last_7_days", today) == (date(2026, 3, 8), date(2026, 3, 14))
    assert resolve("last_90_days", today) == (today - timedelta(days=90), date(2026, 3, 14))
    assert resolve("this_month", today) == (date(2026, 3, 1), today)
    assert resolve("last_month", today) == (date(2026, 2, 1), date(2026, 2, 28))
    assert account_timezone("JP") == "Asia/Tokyo" and account_timezone("US") == "UTC"


async def test_date_range_is_resolved_in_the_account_time_zone_and_echoed(client: Client, runtime: Runtime) -> None:
    """An account in Japan reads Tokyo's yesterday; the answer names the dates, range and zone it read."""
    account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
    runtime.emulator.state.ad_accounts[account]["country"] = "JP"  # before anything looks the account up
    campaigns = campaigns_of(runtime, account)
    table = await call(
        client, "get_campaign_analytics", ad_account_id=account, campaign_ids=campaigns, date_range="yesterday"
    )
    yesterday = str(today_in("Asia/Tokyo", datetime.fromtimestamp(NOW, UTC)) - timedelta(days=1))
    assert table["dates"] == {"start": yesterday, "end": yesterday, "range": "yesterday", "timezone": "Asia/Tokyo"}
    explicit = await call(
        client,
        "get_campaign_analytics",
        ad_account_id=account,
        campaign_ids=campaigns,
        start_date=yesterday,
        end_date=yesterday,
    )
    assert explicit["rows"] == table["rows"] and explicit["dates"] == {"start": yesterday, "end": yesterday}


async def test_last_90_days_behind_utc_start_where_pinterest_keeps_data() -> None:
    """At 02:00 UTC it is yesterday evening in Bogota: its last 90 days would begin 91 days ago in UTC."""
    at_two = datetime.combine(TODAY, dt_time(2), UTC).timestamp()
    runtime = Runtime(Settings(demo=True, toolsets=TOOLSETS), clock=lambda: at_two)
    async with Client(build_server(runtime.settings, runtime)) as client:
        account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
        runtime.emulator.state.ad_accounts[account]["country"] = "CO"
        table = await call(
            client, "get_ad_account_analytics", ad_account_id=account, date_range="last_90_days", granularity="TOTAL"
        )
    dates = table["dates"]
    assert (dates["start"], dates["end"]) == (str(TODAY - timedelta(days=90)), str(TODAY - timedelta(days=2)))
    assert dates["timezone"] == "America/Bogota" and "90 days" in dates["note"]


async def test_organic_date_range_without_an_account_reads_utc(client: Client) -> None:
    profile = await call(client, "get_user_account_analytics", metric_types=["IMPRESSION"], date_range="last_7_days")
    assert profile["dates"] == {
        "start": str(TODAY - timedelta(days=7)),
        "end": str(TODAY - timedelta(days=1)),
        "range": "last_7_days",
        "timezone": "UTC",
    }
    assert profile["row_count"] > 0


async def test_date_limits_name_the_field_and_rule_and_send_nothing(client: Client, runtime: Runtime) -> None:
    account, campaigns = await account_and_campaigns(client)
    before = runtime.emulator.requests.total
    base = {"ad_account_id": account, "campaign_ids": campaigns}
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"date_range": "last_7_days", "granularity": "HOUR"}, ["end_date", "3 days", "granularity HOUR"]),
        ({"date_range": "last_90_days", "granularity": "HOUR"}, ["start_date", "8 days"]),
        ({"date_range": "last_7_days", "start_date": str(TODAY)}, ["not both"]),
        ({}, ["start_date and end_date", "date_range"]),
        ({"date_range": "last_week"}, ["date_range", "last_7_days"]),
        ({"start_date": str(TODAY - timedelta(days=91)), "end_date": str(TODAY)}, ["start_date", "90 days"]),
        ({"date_range": "yesterday", "sort_by": "CLICKS"}, ["sort_by", "TOTAL_CLICKTHROUGH"]),
        ({"date_range": "yesterday", "columns": ["CPA", "SPEND_IN_MICRO"]}, ["SPEND_IN_MICRO_DOLLAR"]),
    ]
    for extra, expected in cases:
        result = await client.call_tool("get_campaign_analytics", base | extra)
        text = text_of(result)
        assert result.is_error and all(piece in text for piece in expected), (extra, text)
    assert runtime.emulator.requests.total == before  # not even the account look-up


async def test_eight_first_calls_at_once_send_one_account_lookup(client: Client, runtime: Runtime) -> None:
    """Currency and time zone are fetched once per account, however many calls need them at once."""
    account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
    campaigns = campaigns_of(runtime, account)
    before = runtime.emulator.requests.count("GET", GET_ACCOUNT)
    answers: list[Any] = []

    async def one() -> None:
        answers.append(
            await call(
                client, "get_campaign_analytics", ad_account_id=account, campaign_ids=campaigns, date_range="yesterday"
            )
        )

    async with anyio.create_task_group() as group:
        for _ in range(8):
            group.start_soon(one)
    assert len(answers) == 8 and all("SPEND (USD)" in a["columns"] for a in answers)
    assert runtime.emulator.requests.count("GET", GET_ACCOUNT) - before == 1


async def fan_out(ids: int, opens_at: int) -> tuple[Gate, dict[str, Any], dict[str, Any]]:
    """The answer for `ids` campaign ids (the account's real ones among unknown ones), and for the real ones alone."""
    emulator = Emulator(seed=7)
    gate = Gate(httpx.ASGITransport(app=emulator.app), opens_at=opens_at)
    runtime = runtime_for(gate)
    async with Client(build_server(runtime.settings, runtime)) as client:
        account, campaigns = await account_and_campaigns(client)
        filler = [str(10**15 + i) for i in range(ids - len(campaigns))]  # ids Pinterest knows nothing of
        window = {"ad_account_id": account, "date_range": "last_7_days", "granularity": "TOTAL"}
        alone = await call(client, "get_campaign_analytics", campaign_ids=campaigns, **window)
        gate.armed = True
        table = await call(
            client, "get_campaign_analytics", campaign_ids=[*filler[:500], *campaigns, *filler[500:]], **window
        )
    return gate, table, alone


async def test_a_thousand_campaigns_are_four_requests_in_flight_together() -> None:
    """1,000 ids: 4 requests of 250, all 4 in flight at once, merged into one table of the real campaigns."""
    gate, table, alone = await fan_out(1000, opens_at=4)
    assert gate.analytics_requests == 4 and gate.most_in_flight == 4
    assert table["rows"] == alone["rows"] and table["row_count"] > 0


async def test_more_batches_than_the_bound_wait_their_turn() -> None:
    """1,250 ids: 5 requests, never more than 4 in flight (the per-category bound)."""
    gate, table, alone = await fan_out(1250, opens_at=4)
    assert gate.analytics_requests == 5 and gate.most_in_flight == 4
    assert table["rows"] == alone["rows"]


async def test_money_once_derived_metrics_and_totals_agree_with_pinterest(client: Client, runtime: Runtime) -> None:
    """Every cell follows from Pinterest's raw JSON: micro-units / 1e6, CTR = clicks / impressions..."""
    account, campaigns = await account_and_campaigns(client)
    window = {"start_date": str(TODAY - timedelta(days=7)), "end_date": str(TODAY - timedelta(days=1))}
    columns = ["SPEND_IN_MICRO_DOLLAR", "PAID_IMPRESSION", "TOTAL_CLICKTHROUGH", "CTR", "CPA", "ROAS"]
    table = await call(
        client,
        "get_campaign_analytics",
        ad_account_id=account,
        campaign_ids=campaigns,
        columns=columns,
        granularity="TOTAL",
        totals=True,
        sort_by="SPEND_IN_MICRO_DOLLAR",
        top=3,
        **window,
    )
    assert table["columns"] == [
        "CAMPAIGN_ID", "CAMPAIGN_NAME", "SPEND (USD)", "PAID_IMPRESSION", "TOTAL_CLICKTHROUGH", "CTR (%)",
        "CPA (USD)", "ROAS",
    ]  # fmt: skip
    (sent,) = [r for r in runtime.emulator.requests if r.template == CAMPAIGN_ANALYTICS]
    query = dict(sent.query)
    assert not {"sort_by", "top", "totals", "date_range"} & set(query)  # ours, never sent
    raw_columns = [*columns[:3], "TOTAL_CONVERSIONS", "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR"]
    assert query["columns"].split(",") == raw_columns  # CTR, CPA and ROAS are asked for as their inputs
    op = by_name()["get_campaign_analytics"]
    raw = await runtime.send(
        op,
        op.input.model_validate(
            {"ad_account_id": account, "campaign_ids": campaigns, "columns": raw_columns, "granularity": "TOTAL"}
            | window
        ),
    )
    by_id = {r["CAMPAIGN_ID"]: r for r in raw}
    delivered = [r for r in raw if r["PAID_IMPRESSION"]]
    spend = sorted((r["SPEND_IN_MICRO_DOLLAR"] for r in delivered), reverse=True)
    assert [row["SPEND (USD)"] for row in records(table)] == [round(s / 1e6, 2) for s in spend[:3]]
    # Campaigns Pinterest sent no row for (no delivery) are counted with the zero rows.
    assert table["matched_rows"] == len(delivered) and table["omitted_empty_rows"] == len(campaigns) - len(delivered)
    for row in records(table):
        source = by_id[row["CAMPAIGN_ID"]]
        assert row["CTR (%)"] == round(source["TOTAL_CLICKTHROUGH"] / source["PAID_IMPRESSION"] * 100, 2)
        assert row["ROAS"] == round(source["TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR"] / source["SPEND_IN_MICRO_DOLLAR"], 2)
    totals = dict(zip(table["columns"], table["totals"], strict=True))
    assert totals["CAMPAIGN_ID"] == "TOTAL" and totals["PAID_IMPRESSION"] == sum(r["PAID_IMPRESSION"] for r in raw)
    assert totals["SPEND (USD)"] == round(sum(r["SPEND_IN_MICRO_DOLLAR"] for r in raw) / 1e6, 2)
    conversions = sum(r["TOTAL_CONVERSIONS"] for r in raw)
    assert totals["CPA (USD)"] == round(sum(r["SPEND_IN_MICRO_DOLLAR"] for r in raw) / 1e6 / conversions, 2)


async def test_a_25_row_10_column_answer_fits_1100_tokens(client: Client) -> None:
    """The default columns by day for 5 campaigns over 5 days: date, id and 8 metrics, 25 rows.

    With each campaign's name once (about 80 tokens: the rows alone fit 1,000).
    """
    account, campaigns = await account_and_campaigns(client)
    table = await call(
        client,
        "get_campaign_analytics",
        ad_account_id=account,
        campaign_ids=campaigns,
        date_range="last_30_days",
        top=25,
    )
    assert len(table["columns"]) == 10 and table["row_count"] == 25
    assert set(table["CAMPAIGN_NAME"]) == {row[1] for row in table["rows"]}  # every campaign shown is named once
    text = text_of(await client.call_tool("get_campaign_analytics", {
        "ad_account_id": account, "campaign_ids": campaigns, "date_range": "last_30_days", "top": 25,
    }))  # fmt: skip
    assert count(text) <= 1100, count(text)


async def test_breakdowns_take_the_table_arguments(client: Client) -> None:
    account, _ = await account_and_campaigns(client)
    ages = await call(
        client,
        "get_ad_account_targeting_analytics",
        ad_account_id=account,
        targeting_types=["AGE_BUCKET"],
        date_range="last_14_days",
        sort_by="PAID_IMPRESSION",
        totals=True,
    )
    impressions = [row["PAID_IMPRESSION"] for row in records(ages)]
    assert len(impressions) > 1 and impressions == sorted(impressions, reverse=True)
    (totals,) = [dict(zip(ages["columns"], row, strict=True)) for row in ages["totals"]]  # one per targeting type
    assert totals["TARGETING_TYPE"] == "AGE_BUCKET" and totals["PAID_IMPRESSION"] == sum(impressions)
    assert ages["dates"]["range"] == "last_14_days"


async def test_a_default_ad_account_makes_ad_account_id_optional() -> None:
    """With one allowed account, tools need no ad_account_id, and tools/list says so."""
    probe = runtime_for()
    async with Client(build_server(probe.settings, probe)) as client:
        account, _ = await account_and_campaigns(client)
        listed = {t.name: t.input_schema for t in (await client.list_tools()).tools}
    assert "ad_account_id" in listed["list_campaigns"]["required"]  # no default: unchanged
    runtime = runtime_for(ad_accounts=(account,))
    async with Client(build_server(runtime.settings, runtime)) as client:
        schemas = {t.name: t.input_schema for t in (await client.list_tools()).tools}
        campaigns = await call(client, "list_campaigns")
        table = await call(client, "get_ad_account_analytics", date_range="yesterday")
    assert "ad_account_id" not in schemas["list_campaigns"].get("required", [])
    assert schemas["list_campaigns"]["properties"]["ad_account_id"]["description"] == f"Default {account}"
    assert "ad_account_id" not in schemas["get_campaign_analytics"]["required"]
    assert campaigns["count"] > 0 and table["dates"]["range"] == "yesterday"
