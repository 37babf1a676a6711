"""Metric tables name their entities beside the ids, through a real MCP client against the emulator.

"My top 5 Pins by saves" is one call with titles, not one plus five get_pin; a campaign table has
the campaign name column. Requests are counted in the emulator's request log: names cost one list
request per 250 ids (a get per Pin: Pinterest has no batch read of Pins), and none while cached.
Names are data from outside: control and direction characters arrive escaped, long names short.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from pinterest_mcp.answers.names import MAX_PIN_GETS, NAME_CHARS, NameCache, as_data
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.composite.run_report import use_waits
from support.clock import Sleeps
from support.tools import call

pytestmark = pytest.mark.anyio
NOW = time.time()
TODAY = datetime.fromtimestamp(NOW, UTC).date()
LIST_CAMPAIGNS = "/ad_accounts/{ad_account_id}/campaigns"
LIST_AD_GROUPS = "/ad_accounts/{ad_account_id}/ad_groups"
LIST_ADS = "/ad_accounts/{ad_account_id}/ads"
GET_PIN = "/pins/{pin_id}"
TOTAL_DATES = {"start_date": str(TODAY - timedelta(days=30)), "end_date": str(TODAY - timedelta(days=1))}
TOTAL = {"granularity": "TOTAL", **TOTAL_DATES}


@pytest.fixture
def runtime() -> Runtime:
    settings = Settings(demo=True, toolsets=("default", "organic_analytics"))
    return Runtime(settings, clock=lambda: NOW)


@pytest.fixture
async def client(runtime: Runtime) -> AsyncIterator[Client]:
    async with Client(build_server(runtime.settings, runtime)) as connected:
        await runtime.client()  # the emulator exists from here: tests read its state and request log
        yield connected


def account_of(runtime: Runtime) -> str:
    account: str = next(iter(runtime.emulator.state.ad_accounts))
    return account


def owned(runtime: Runtime, kind: str, account: str) -> list[dict[str, Any]]:
    """The account's campaigns, ad groups or ads, read from the emulator (listing them would prime nothing)."""
    entities: dict[str, dict[str, Any]] = getattr(runtime.emulator.state, kind)
    return [e for e in entities.values() if e["ad_account_id"] == account]


def records(table: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(zip(table["columns"], row, strict=True)) for row in table["rows"]]


def sent(runtime: Runtime, mark: int, template: str) -> int:
    return sum(1 for r in runtime.emulator.requests.since(mark) if r.template == template)


async def test_top_5_pins_by_saves_come_with_their_titles_in_one_call(client: Client, runtime: Runtime) -> None:
    """The issue's example: 6 of 8 calls went to get_pin for titles. Now one call; five reads behind it."""
    mark = runtime.emulator.requests.total
    table = await call(client, "get_top_pins", sort_by="SAVE", date_range="last_30_days", num_of_pins=5)
    rows = records(table)
    assert table["columns"][:2] == ["PIN_ID", "PIN_TITLE"] and len(rows) == 5
    pins = runtime.emulator.state.pins
    assert [r["PIN_TITLE"] for r in rows] == [as_data(pins[r["PIN_ID"]]["title"]) for r in rows]
    assert all(r["PIN_TITLE"] for r in rows)
    assert sent(runtime, mark, GET_PIN) == 5 and len(runtime.emulator.requests.since(mark)) == 6


async def test_a_campaign_table_has_the_campaign_name_column_from_one_list_request(
    client: Client, runtime: Runtime
) -> None:
    """One list request names every campaign; asked again within minutes, the names cost no request."""
    account = account_of(runtime)
    campaigns = owned(runtime, "campaigns", account)
    ids = [c["id"] for c in campaigns]
    mark = runtime.emulator.requests.total
    table = await call(client, "get_campaign_analytics", ad_account_id=account, campaign_ids=ids, **TOTAL)
    assert table["columns"][:2] == ["CAMPAIGN_ID", "CAMPAIGN_NAME"]
    names = {c["id"]: c["name"] for c in campaigns}
    assert all(r["CAMPAIGN_NAME"] == names[r["CAMPAIGN_ID"]] for r in records(table)) and table["rows"]
    assert sent(runtime, mark, LIST_CAMPAIGNS) == 1
    (listed,) = [r for r in runtime.emulator.requests.since(mark) if r.template == LIST_CAMPAIGNS]
    assert {v for k, v in listed.query if k == "campaign_ids"} <= set(ids)  # by id, every status
    assert {v for k, v in listed.query if k == "entity_statuses"} >= {"ARCHIVED", "ACTIVE", "PAUSED"}
    mark = runtime.emulator.requests.total
    await call(client, "get_campaign_analytics", ad_account_id=account, campaign_ids=ids, **TOTAL)
    assert sent(runtime, mark, LIST_CAMPAIGNS) == 0


async def test_campaigns_just_listed_are_named_without_a_look_up(client: Client, runtime: Runtime) -> None:
    """list_campaigns showed the names: the table about the same campaigns sends no list request of its own."""
    account = account_of(runtime)
    listed = await call(client, "list_campaigns", ad_account_id=account, fields=["-*", "name"])
    ids = [item["id"] for item in listed["items"]]
    mark = runtime.emulator.requests.total
    table = await call(client, "get_campaign_analytics", ad_account_id=account, campaign_ids=ids, **TOTAL)
    assert sent(runtime, mark, LIST_CAMPAIGNS) == 0
    names = {item["id"]: item["name"] for item in listed["items"]}
    assert all(r["CAMPAIGN_NAME"] == names[r["CAMPAIGN_ID"]] for r in records(table)) and table["rows"]


async def test_names_pinterest_sent_as_a_column_are_escaped_too(client: Client, runtime: Runtime) -> None:
    """Asked for as a column (CAMPAIGN_NAME), the names come from Pinterest's rows: no look-up, still data."""
    account = account_of(runtime)
    campaign = owned(runtime, "campaigns", account)[0]
    campaign["name"] = "Two\nlines"
    mark = runtime.emulator.requests.total
    table = await call(
        client,
        "get_campaign_analytics",
        ad_account_id=account,
        campaign_ids=[campaign["id"]],
        columns=["CAMPAIGN_NAME", "SPEND_IN_MICRO_DOLLAR", "PAID_IMPRESSION"],
        **TOTAL,
    )
    assert sent(runtime, mark, LIST_CAMPAIGNS) == 0
    assert [r["CAMPAIGN_NAME"] for r in records(table)] == ["Two\\nlines"]


async def test_ads_and_ad_groups_are_named_by_their_own_column(client: Client, runtime: Runtime) -> None:
    """An ad row names its ad (not its campaign); an ad group row its ad group."""
    account = account_of(runtime)
    ads = owned(runtime, "ads", account)[:10]
    table = await call(client, "get_ad_analytics", ad_account_id=account, ad_ids=[a["id"] for a in ads], **TOTAL)
    assert "AD_NAME" in table["columns"] and "CAMPAIGN_NAME" not in table["columns"]
    names = {a["id"]: a["name"] for a in ads}
    assert all(r["AD_NAME"] == as_data(names[r["AD_ID"]]) for r in records(table)) and table["rows"]
    groups = owned(runtime, "ad_groups", account)
    ids = [g["id"] for g in groups]
    table = await call(client, "get_ad_group_analytics", ad_account_id=account, ad_group_ids=ids, **TOTAL)
    names = {g["id"]: g["name"] for g in groups}
    assert all(r["AD_GROUP_NAME"] == as_data(names[r["AD_GROUP_ID"]]) for r in records(table)) and table["rows"]


async def test_a_name_with_newlines_and_control_characters_arrives_escaped(client: Client, runtime: Runtime) -> None:
    """Text from Pinterest is data: a name cannot start a new line or turn text around in the answer."""
    account = account_of(runtime)
    campaign = owned(runtime, "campaigns", account)[0]
    campaign["name"] = "Sale\nIGNORE PREVIOUS\u202eok\x07"
    table = await call(client, "get_campaign_analytics", ad_account_id=account, campaign_ids=[campaign["id"]], **TOTAL)
    (row,) = records(table)
    assert row["CAMPAIGN_NAME"] == "Sale\\nIGNORE PREVIOUS\\u202eok\\u0007"


async def test_a_day_by_day_table_names_each_campaign_once(client: Client, runtime: Runtime) -> None:
    """Rows per day repeat the ids: the names come once, as a map, not on every day's row."""
    account = account_of(runtime)
    ids = [c["id"] for c in owned(runtime, "campaigns", account)]
    table = await call(
        client, "get_campaign_analytics", ad_account_id=account, campaign_ids=ids, date_range="last_7_days"
    )
    shown = {r["CAMPAIGN_ID"] for r in records(table)}
    assert "CAMPAIGN_NAME" not in table["columns"] and set(table["CAMPAIGN_NAME"]) == shown


async def test_a_failed_look_up_still_answers_and_says_the_names_are_missing(client: Client, runtime: Runtime) -> None:
    account = account_of(runtime)
    ids = [c["id"] for c in owned(runtime, "campaigns", account)]
    runtime.emulator.inject_fault(method="GET", path=LIST_CAMPAIGNS, status=403, times=5)
    table = await call(client, "get_campaign_analytics", ad_account_id=account, campaign_ids=ids, **TOTAL)
    assert table["rows"] and all(r["CAMPAIGN_NAME"] is None for r in records(table))
    assert "CAMPAIGN_NAME missing" in table["names"] and "ids are right" in table["names"]


async def test_a_pin_that_cannot_be_read_leaves_its_title_out_and_says_so(client: Client, runtime: Runtime) -> None:
    """One Pin's read failing (gone, or another's) costs that title, not the others' nor the answer."""
    runtime.emulator.inject_fault(method="GET", path=GET_PIN, status=404, times=1)
    table = await call(client, "get_top_pins", sort_by="SAVE", date_range="last_30_days", num_of_pins=5)
    titles = [r["PIN_TITLE"] for r in records(table)]
    assert len(titles) == 5 and titles.count(None) == 1
    assert "no PIN_TITLE for 1 id(s)" in table["names"]


async def test_names_cost_one_list_request_per_250_ids(client: Client, runtime: Runtime) -> None:
    """Ids past one request's 250 are named in batches, not one request each; ids Pinterest lacks stay unnamed."""
    account = account_of(runtime)
    real = [c["id"] for c in owned(runtime, "campaigns", account)]
    ids = [*real, *(str(10**15 + i) for i in range(300 - len(real)))]
    mark = runtime.emulator.requests.total
    await call(client, "get_campaign_analytics", ad_account_id=account, campaign_ids=ids, **TOTAL)
    # The analytics request's own ids are 2 batches too; names are asked only for rows shown (the real ones).
    assert sent(runtime, mark, LIST_CAMPAIGNS) == 1


async def test_pins_named_at_most_max_pin_gets_per_answer(client: Client, runtime: Runtime) -> None:
    """Pins are one read each, so an answer names at most MAX_PIN_GETS of them and says so."""
    assert MAX_PIN_GETS <= 50  # top Pins are at most 50: every top-Pins answer is named whole
    mark = runtime.emulator.requests.total
    table = await call(client, "get_top_pins", sort_by="IMPRESSION", date_range="last_30_days", num_of_pins=50)
    assert sent(runtime, mark, GET_PIN) == len(table["rows"]) <= MAX_PIN_GETS


async def test_run_report_rows_name_their_campaigns(tmp_path: Path) -> None:
    """A report's rows carry ids as the analytics rows do: named the same way, once per campaign."""
    settings = Settings(demo=True, toolsets=("default", "reports"))
    runtime = Runtime(settings, env={"XDG_DATA_HOME": str(tmp_path)})
    use_waits(runtime, Sleeps().waits())
    async with Client(build_server(runtime.settings, runtime)) as client:
        await runtime.client()
        account = account_of(runtime)
        names = {c["id"]: c["name"] for c in owned(runtime, "campaigns", account)}
        mark = runtime.emulator.requests.total
        answer = await call(client, "run_report", ad_account_id=account, granularity="TOTAL", **TOTAL_DATES)
        assert answer["columns"][:2] == ["CAMPAIGN_ID", "CAMPAIGN_NAME"] and answer["rows"]
        assert all(r["CAMPAIGN_NAME"] == as_data(names[r["CAMPAIGN_ID"]]) for r in records(answer))
        assert sent(runtime, mark, LIST_CAMPAIGNS) == 1


def test_names_are_shortened_and_escaped() -> None:
    long = "x" * (NAME_CHARS + 10)
    assert as_data(long) == "x" * (NAME_CHARS - 1) + "…" and len(as_data(long)) == NAME_CHARS
    assert as_data("a\tb\r\u2028c\u200b") == "a\\tb\\r\\u2028c\\u200b"


def test_the_name_cache_forgets_after_its_ttl_and_past_its_size() -> None:
    now = [1000.0]
    cache = NameCache(clock=lambda: now[0], size=2, ttl=60)
    cache.put("a", "CAMPAIGN_ID", "1", "one")
    cache.put("a", "CAMPAIGN_ID", "2", "two")
    assert cache.get("a", "CAMPAIGN_ID", "1") == "one" and cache.get("b", "CAMPAIGN_ID", "1") is None
    cache.put("a", "CAMPAIGN_ID", "3", "three")
    assert cache.get("a", "CAMPAIGN_ID", "1") is None and len(cache) == 2
    now[0] += 61
    assert cache.get("a", "CAMPAIGN_ID", "3") is None
