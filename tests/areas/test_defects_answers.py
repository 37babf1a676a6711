"""Answers an agent repeats to a user: totals that do not double-count, breakdowns that say why they
are empty, dropped rows counted, list answers that say what they left and how to go on, and an
analytics call that would fan out past the bound refused before anything is sent.

Through a real MCP client against the emulator where the behaviour is user-visible.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from mcp import Client

from pinterest_mcp.answers.report_files import summary
from pinterest_mcp.api.fanout import MAX_REQUESTS, TooManyRequestsError, check_requests
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.operations.analytics import AdMetrics
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
NOW = time.time()
TOOLSETS = ("default", "analytics_breakdowns")
WINDOW = {"date_range": "last_30_days", "granularity": "TOTAL", "columns": ["SPEND_IN_MICRO_DOLLAR", "PAID_IMPRESSION"]}


@pytest.fixture
def runtime() -> Runtime:
    return Runtime(Settings(demo=True, toolsets=TOOLSETS), clock=lambda: NOW)


@pytest.fixture
async def client(runtime: Runtime) -> AsyncIterator[Client]:
    async with Client(build_server(runtime.settings, runtime)) as connected:
        yield connected


async def first_account(client: Client) -> str:
    account: str = (await call(client, "list_ad_accounts"))["items"][0]["id"]
    return account


def records(columns: list[str], rows: list[list[Any]]) -> list[dict[str, Any]]:
    return [dict(zip(columns, row, strict=True)) for row in rows]


async def account_spend(client: Client, account: str) -> float:
    whole = await call(client, "get_ad_account_analytics", ad_account_id=account, **WINDOW)
    (row,) = records(whole["columns"], whole["rows"])
    spend: float = row["SPEND (USD)"]
    assert spend > 0
    return spend


async def test_targeting_totals_are_per_type_and_each_equals_the_account_spend(client: Client) -> None:
    """AGE_BUCKET and GENDER each split the account's spend: one totals row each, never their sum."""
    account = await first_account(client)
    spend = await account_spend(client, account)
    table = await call(
        client,
        "get_ad_account_targeting_analytics",
        ad_account_id=account,
        targeting_types=["AGE_BUCKET", "GENDER", "AGE_BUCKET_AND_GENDER"],
        totals=True,
        **WINDOW,
    )
    totals = records(table["columns"], table["totals"])
    assert [t["TARGETING_TYPE"] for t in totals] == ["AGE_BUCKET", "GENDER", "AGE_BUCKET_AND_GENDER"]
    for total in totals:
        assert total["TARGETING_VALUE"] == "TOTAL" and total["SPEND (USD)"] == pytest.approx(spend, abs=0.011)


async def test_ad_group_targeting_totals_are_per_type_too(client: Client, runtime: Runtime) -> None:
    """Every targeting level totals per type: ad groups' GENDER and PLACEMENT each add up to their spend."""
    account = await first_account(client)
    groups = [g["id"] for g in runtime.emulator.state.ad_groups_of(account)]
    plain = await call(
        client, "get_ad_group_analytics", ad_account_id=account, ad_group_ids=groups, totals=True, **WINDOW
    )
    spend = dict(zip(plain["columns"], plain["totals"], strict=True))["SPEND (USD)"]
    table = await call(
        client,
        "get_ad_group_targeting_analytics",
        ad_account_id=account,
        ad_group_ids=groups,
        targeting_types=["GENDER", "PLACEMENT"],
        totals=True,
        **WINDOW,
    )
    totals = records(table["columns"], table["totals"])
    assert {t["TARGETING_TYPE"]: t["SPEND (USD)"] for t in totals} == {
        "GENDER": pytest.approx(spend, abs=0.011),
        "PLACEMENT": pytest.approx(spend, abs=0.011),
    }


def test_report_summary_totals_each_targeting_type_apart() -> None:
    """run_report's summary of a *_TARGETING report: per-type totals, not every row summed."""
    rows = [
        {"TARGETING_TYPE": "GENDER", "TARGETING_VALUE": "female", "SPEND_IN_MICRO_DOLLAR": 3_000_000},
        {"TARGETING_TYPE": "GENDER", "TARGETING_VALUE": "male", "SPEND_IN_MICRO_DOLLAR": 1_000_000},
        {"TARGETING_TYPE": "AGE_BUCKET", "TARGETING_VALUE": "25-34", "SPEND_IN_MICRO_DOLLAR": 4_000_000},
    ]
    shown = summary(rows, "USD")
    assert "totals" not in shown
    assert shown["totals_by_targeting_type"] == {"GENDER": {"spend (USD)": 4.0}, "AGE_BUCKET": {"spend (USD)": 4.0}}


async def test_age_bucket_and_gender_rows_add_up_to_the_account(client: Client) -> None:
    """The demo serves age x gender rows like any other type; together they are the account's spend."""
    account = await first_account(client)
    spend = await account_spend(client, account)
    table = await call(
        client,
        "get_ad_account_targeting_analytics",
        ad_account_id=account,
        targeting_types=["AGE_BUCKET_AND_GENDER"],
        **WINDOW,
    )
    rows = records(table["columns"], table["rows"])
    values = {r["TARGETING_VALUE"] for r in rows}
    assert len(values) > 2 and all("|" in v for v in values), values
    assert sum(r["SPEND (USD)"] for r in rows) == pytest.approx(spend, abs=0.01 * len(rows))
    assert "note" not in table


async def test_a_targeting_type_without_rows_says_why(client: Client, runtime: Runtime) -> None:
    """An empty breakdown is not silence: a beta type Pinterest may not serve is named in a note."""
    account = await first_account(client)
    groups = [g["id"] for g in runtime.emulator.state.ad_groups_of(account)]
    table = await call(
        client,
        "get_ad_group_targeting_analytics",
        ad_account_id=account,
        ad_group_ids=groups,
        targeting_types=["CREATIVE_ENHANCEMENTS", "GENDER"],
        **WINDOW,
    )
    assert table["rows"] and "CREATIVE_ENHANCEMENTS" in table["note"] and "beta" in table["note"]
    assert "GENDER" not in table["note"]


async def test_ad_groups_pinterest_sent_no_row_for_are_counted(client: Client, runtime: Runtime) -> None:
    """Pinterest leaves out ad groups that did not deliver: every id asked is a row or counted as omitted."""
    account = await first_account(client)
    groups = [g["id"] for g in runtime.emulator.state.ad_groups_of(account)]
    table = await call(client, "get_ad_group_analytics", ad_account_id=account, ad_group_ids=groups, **WINDOW)
    assert 0 < table["row_count"] < len(groups), "the seed has ad groups without delivery"
    assert table["row_count"] + table["omitted_empty_rows"] == len(groups)


def ids(count: int, start: int) -> list[str]:
    return [str(start + n) for n in range(count)]


def test_the_request_bound_counts_every_combination_of_batches() -> None:
    """campaign_ids x pin_ids are sent in every combination: up to the bound passes, past it is refused."""
    dates = {"ad_account_id": "1", "date_range": "last_7_days"}
    within = AdMetrics.model_validate({**dates, "campaign_ids": ids(500, 10), "pin_ids": ids(2500, 10**6)})
    check_requests(within)  # 2 x 25 = 50 requests
    beyond = AdMetrics.model_validate({**dates, "campaign_ids": ids(750, 10), "pin_ids": ids(2500, 10**6)})
    with pytest.raises(TooManyRequestsError, match=f"75 requests.*at most {MAX_REQUESTS}"):
        check_requests(beyond)


async def test_a_combinatorial_fan_out_is_refused_before_anything_is_sent(client: Client, runtime: Runtime) -> None:
    """5,000 ad ids, campaign ids and Pin ids would be 20,000 requests: refused with advice, nothing sent."""
    account = await first_account(client)
    before = runtime.emulator.requests.total
    result = await client.call_tool(
        "get_ad_analytics",
        {
            "ad_account_id": account,
            "ad_ids": ids(5000, 10**9),
            "campaign_ids": ids(5000, 2 * 10**9),
            "pin_ids": ids(5000, 3 * 10**9),
            "date_range": "last_7_days",
        },
    )
    text = text_of(result)
    assert result.is_error and "20,000 requests" in text and f"at most {MAX_REQUESTS}" in text, text
    assert "fewer ids" in text and "run_report" in text
    assert runtime.emulator.requests.total == before  # not even the account look-up


def add_campaigns(runtime: Runtime, account: str, count: int) -> set[str]:
    """`count` more ACTIVE campaigns in the emulator; every campaign id of the account afterwards."""
    from pinterest_mcp.emulator.kinds.entities import campaign

    state = runtime.emulator.state
    for n in range(count):
        state.add("campaign", campaign("", account, f"Bulk {n}", "AWARENESS", now=int(NOW)))
    return {c["id"] for c in state.campaigns_of(account) if c["status"] in ("ACTIVE", "PAUSED")}


async def test_all_pages_cut_by_its_cap_and_the_token_cap_says_so_and_resumes_exactly(
    client: Client, runtime: Runtime
) -> None:
    """2,000+ campaigns: each all_pages answer says what it left and carries a bookmark that skips nothing."""
    account = await first_account(client)
    expected = add_campaigns(runtime, account, 2000)
    seen: list[str] = []
    arguments: dict[str, Any] = {"ad_account_id": account, "all_pages": True}
    first = await call(client, "list_campaigns", **arguments)
    assert 0 < first["count"] < 1000 and first["bookmark"]
    assert (
        f"showing {first['count']:,} of 1,000 items ({1000 - first['count']:,} more and more beyond them"
        in (first["truncated"])
    )
    assert "all_pages stops at 1,000 items; more remain" in first["stopped"]
    answer = first
    for _ in range(40):  # bounded: about 20 answers hold every campaign
        seen.extend(item["id"] for item in answer["items"])
        if "bookmark" not in answer:
            break
        answer = await call(client, "list_campaigns", **arguments, bookmark=answer["bookmark"])
    assert len(seen) == len(set(seen)) and set(seen) == expected  # nothing skipped, nothing twice


async def test_max_items_reached_says_more_remain_and_keeps_the_bookmark(client: Client, runtime: Runtime) -> None:
    account = await first_account(client)
    add_campaigns(runtime, account, 40)
    answer = await call(client, "list_campaigns", ad_account_id=account, max_items=30, page_size=10)
    assert answer["count"] == 30 and answer["bookmark"] and "truncated" not in answer
    assert answer["stopped"] == "max_items stops at 30 items; more remain: the bookmark goes on"


async def test_one_page_cut_by_the_token_cap_resumes_after_its_last_item(client: Client, runtime: Runtime) -> None:
    """Pages of 250 campaigns with every field are too big: each cut page's bookmark resumes exactly."""
    account = await first_account(client)
    expected = add_campaigns(runtime, account, 300)
    arguments: dict[str, Any] = {"ad_account_id": account, "page_size": 250, "fields": ["*"]}
    answer = await call(client, "list_campaigns", **arguments)
    assert answer["count"] < 250 and "the bookmark resumes after the last shown" in answer["truncated"]
    seen: list[str] = []
    for _ in range(40):  # bounded: a few dozen pages hold every campaign
        seen.extend(item["id"] for item in answer["items"])
        if "bookmark" not in answer:
            break
        answer = await call(client, "list_campaigns", **arguments, bookmark=answer["bookmark"])
    assert len(seen) == len(set(seen)) and set(seen) == expected  # nothing skipped, nothing twice


def test_ids_without_rows_are_counted_only_where_rows_name_them() -> None:
    """One row for all campaigns (aggregate_report_rows) or ads chosen by filters: no ids to count."""
    from pinterest_mcp.answers.analytics import _unanswered
    from pinterest_mcp.operations.analytics import CampaignMetrics

    base = {"ad_account_id": "1", "date_range": "last_7_days", "campaign_ids": ["11", "12", "13"]}
    rows = [{"CAMPAIGN_ID": "11", "SPEND_IN_MICRO_DOLLAR": 5}]
    assert _unanswered(CampaignMetrics.model_validate(base), rows) == 2
    aggregated = CampaignMetrics.model_validate({**base, "aggregate_report_rows": True})
    assert _unanswered(aggregated, [{"SPEND_IN_MICRO_DOLLAR": 5}]) == 0
    filters = AdMetrics.model_validate({**base, "pin_ids": ["21"]})
    assert _unanswered(filters, [{"AD_ID": "31", "SPEND_IN_MICRO_DOLLAR": 5}]) == 0
