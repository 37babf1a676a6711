"""Emulator analytics: plausible, additive ads metrics, targeting breakdowns, ad Pins and organic Pins.

The relations are asserted over the whole seed (every ad account, campaign, ad group and ad, every
day of the 90-day window), so a change to the simulation that breaks the funnel or the roll-ups
fails here, not in an agent's demo.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from pinterest_mcp.emulator import Emulator
from pinterest_mcp.emulator.sim.targeting_analytics import CAMPAIGN_TYPES, PARTITIONS
from support.emulator import (
    assert_valid,
    connect,
    facts,
    url,
)

pytestmark = pytest.mark.anyio
TODAY = date(2026, 6, 15)
ADDITIVE = (
    "SPEND_IN_MICRO_DOLLAR",
    "PAID_IMPRESSION",
    "TOTAL_IMPRESSION",
    "CLICKTHROUGH_1",
    "TOTAL_CLICKTHROUGH",
    "OUTBOUND_CLICK_1",
    "TOTAL_ENGAGEMENT",
    "TOTAL_PAGE_VISIT",
    "TOTAL_CONVERSIONS",
    "TOTAL_CHECKOUT",
    "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR",
)
RATES = ("SPEND_IN_DOLLAR", "CTR", "CPC_IN_MICRO_DOLLAR", "CPM_IN_MICRO_DOLLAR", "CPM_IN_DOLLAR", "CHECKOUT_ROAS")
COLUMNS = ",".join((*ADDITIVE, *RATES))
ORGANIC = "IMPRESSION,SAVE,PIN_CLICK,OUTBOUND_CLICK,SAVE_RATE,VIDEO_START,VIDEO_MRC_VIEW,VIDEO_V50_WATCH_TIME"


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=7, today=lambda: TODAY)


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    async with connect(emu) as connected:
        yield connected


def window(days_back: int = 89, span: int = 89, granularity: str = "DAY") -> dict[str, str]:
    start = TODAY - timedelta(days=days_back)
    return {
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=span)).isoformat(),
        "granularity": granularity,
    }


async def ok(client: httpx.AsyncClient, path: str, **query: Any) -> Any:
    response = await client.get(url(path, **query))
    assert response.status_code == 200, (path, response.text)
    return response.json()


async def refused(client: httpx.AsyncClient, path: str, **query: Any) -> str:
    response = await client.get(url(path, **query))
    assert (response.status_code, response.json()["code"]) == (400, 1), (path, query, response.text)
    message: str = response.json()["message"]
    return message


def totals(rows: list[dict[str, Any]], key: str) -> dict[tuple[Any, str], dict[str, int]]:
    """Additive columns summed per (``key`` value, DATE)."""
    out: dict[tuple[Any, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(ADDITIVE, 0))
    for row in rows:
        bucket = out[(row[key], row.get("DATE", ""))]
        for column in ADDITIVE:
            bucket[column] += row.get(column, 0)
    return out


def by_date(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ADDITIVE, 0))
    for row in rows:
        for column in ADDITIVE:
            out[row.get("DATE", "")][column] += row.get(column, 0)
    return {day: dict(values) for day, values in out.items()}


async def test_every_ad_day_has_a_plausible_funnel_and_consistent_ratios(
    emu: Emulator, client: httpx.AsyncClient
) -> None:
    checked = 0
    for account in emu.state.ad_accounts.values():
        ad_ids = [ad["id"] for ad in emu.state.ads_of(account["id"])]
        rows = await ok(
            client, f"/ad_accounts/{account['id']}/ads/analytics", ad_ids=ad_ids, columns=COLUMNS, **window()
        )
        for row in rows:
            spend, clicks, impressions = row["SPEND_IN_MICRO_DOLLAR"], row["CLICKTHROUGH_1"], row["PAID_IMPRESSION"]
            assert 0 < clicks <= impressions <= row["TOTAL_IMPRESSION"], row
            assert row["OUTBOUND_CLICK_1"] <= clicks <= row["TOTAL_CLICKTHROUGH"], row
            assert row.get("TOTAL_CHECKOUT", 0) <= row.get("TOTAL_CONVERSIONS", 0) <= clicks, row
            assert row.get("TOTAL_PAGE_VISIT", 0) <= clicks, row
            assert row["SPEND_IN_DOLLAR"] == round(spend / 1_000_000, 2)
            assert row["CTR"] == round(clicks / impressions, 6)
            assert abs(row["CPC_IN_MICRO_DOLLAR"] * clicks - spend) <= 0.005 * clicks + 1, row
            assert row["CPM_IN_MICRO_DOLLAR"] == round(spend * 1000 / impressions, 2)
            assert row["CPM_IN_DOLLAR"] == round(spend / impressions / 1000, 4)
            if "CHECKOUT_ROAS" in row:
                assert row["CHECKOUT_ROAS"] == round(row["TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR"] / spend, 4)
            checked += 1
    assert checked > 1_000  # the seed delivers on most of its ad-days


async def test_campaigns_equal_their_ad_groups_and_ads_and_the_account_equals_its_campaigns(
    emu: Emulator, client: httpx.AsyncClient
) -> None:
    for account in emu.state.ad_accounts.values():
        acct = f"/ad_accounts/{account['id']}"
        campaign_ids = [c["id"] for c in emu.state.campaigns_of(account["id"])]
        group_ids = [g["id"] for g in emu.state.ad_groups_of(account["id"])]
        ad_ids = [a["id"] for a in emu.state.ads_of(account["id"])]
        q = {"columns": COLUMNS, **window()}
        campaigns = await ok(client, f"{acct}/campaigns/analytics", campaign_ids=campaign_ids, **q)
        groups = await ok(client, f"{acct}/ad_groups/analytics", ad_group_ids=group_ids, **q)
        ads = await ok(client, f"{acct}/ads/analytics", ad_ids=ad_ids, **q)
        whole = await ok(client, f"{acct}/analytics", **q)
        campaign_of_group = {g["id"]: g["campaign_id"] for g in emu.state.ad_groups.values()}
        group_of_ad = {a["id"]: a["ad_group_id"] for a in emu.state.ads.values()}
        by_campaign = totals(campaigns, "CAMPAIGN_ID")
        assert totals([{**r, "CAMPAIGN_ID": campaign_of_group[r["AD_GROUP_ID"]]} for r in groups], "CAMPAIGN_ID") == (
            by_campaign
        )
        assert totals([{**r, "AD_GROUP_ID": group_of_ad[r["AD_ID"]]} for r in ads], "AD_GROUP_ID") == totals(
            groups, "AD_GROUP_ID"
        )
        assert by_date(campaigns) == by_date(whole)
        assert whole, "every seeded account delivers in the window"


async def test_targeting_partitions_add_up_to_the_entity_and_partial_breakdowns_stay_below(
    emu: Emulator, client: httpx.AsyncClient
) -> None:
    f = facts(emu)
    acct = f"/ad_accounts/{f.usd}"
    q = {"columns": ",".join(ADDITIVE), **window(granularity="TOTAL")}
    group_ids = [g["id"] for g in emu.state.ad_groups_of(f.usd)]
    entity = {r["AD_GROUP_ID"]: r for r in await ok(client, f"{acct}/ad_groups/analytics", ad_group_ids=group_ids, **q)}
    types = ",".join((*PARTITIONS, "KEYWORD", "LOCATION"))
    body = await ok(client, f"{acct}/ad_groups/targeting_analytics", ad_group_ids=group_ids, targeting_types=types, **q)
    sums: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(ADDITIVE, 0))
    for row in body["data"]:
        for column in ADDITIVE:
            sums[(row["metrics"]["AD_GROUP_ID"], row["targeting_type"])][column] += row["metrics"].get(column, 0)
    keyword_groups = {k["parent_id"] for k in emu.state.keywords.values()}
    for group_id, totals_row in entity.items():
        expected = {column: totals_row.get(column, 0) for column in ADDITIVE}
        for kind in PARTITIONS:
            assert sums[(group_id, kind)] == expected, (group_id, kind)
        assert sums[(group_id, "LOCATION")]["SPEND_IN_MICRO_DOLLAR"] < expected["SPEND_IN_MICRO_DOLLAR"]
        keyword_spend = sums[(group_id, "KEYWORD")]["SPEND_IN_MICRO_DOLLAR"]
        assert keyword_spend <= sums[(group_id, "PLACEMENT")]["SPEND_IN_MICRO_DOLLAR"]
        if group_id in keyword_groups:
            assert keyword_spend > 0, group_id
    account = await ok(client, f"{acct}/analytics", **q)
    body = await ok(client, f"{acct}/targeting_analytics", targeting_types="AGE_BUCKET,GENDER", **q)
    for kind in ("AGE_BUCKET", "GENDER"):
        spend = sum(r["metrics"].get("SPEND_IN_MICRO_DOLLAR", 0) for r in body["data"] if r["targeting_type"] == kind)
        assert spend == account[0]["SPEND_IN_MICRO_DOLLAR"]
    interests = emu.state.interest_names.values()
    targeted = [g for g in emu.state.ad_groups_of(f.usd) if g["targeting_spec"].get("INTEREST")]
    assert targeted, "the seed has an interest-targeted ad group"
    body = await ok(
        client,
        f"{acct}/ad_groups/targeting_analytics",
        ad_group_ids=targeted[0]["id"],
        targeting_types="TARGETED_INTEREST",
        **q,
    )
    assert {row["targeting_value"] for row in body["data"]} <= set(interests)


async def test_targeting_rows_repeat_and_carry_the_level_id_and_date(emu: Emulator, client: httpx.AsyncClient) -> None:
    f = facts(emu)
    path = f"/ad_accounts/{f.usd}/campaigns/targeting_analytics"
    q = {
        "campaign_ids": f.spring,
        "targeting_types": "GENDER,CREATIVE_TYPE",
        "columns": "SPEND_IN_DOLLAR",
        **window(13, 13),
    }
    first, second = await ok(client, path, **q), await ok(client, path, **q)
    assert first == second and first["data"]
    assert {row["targeting_type"] for row in first["data"]} == {"GENDER", "CREATIVE_TYPE"}
    assert all(set(row["metrics"]) >= {"CAMPAIGN_ID", "DATE"} for row in first["data"])
    hourly = await ok(client, path, **{**q, **window(3, 2, "HOUR")})
    assert {row["metrics"]["HOUR"] for row in hourly["data"]} == set(range(24))


async def test_targeting_limits_and_vocabulary_follow_the_spec(emu: Emulator, client: httpx.AsyncClient) -> None:
    f = facts(emu)
    acct = f"/ad_accounts/{f.usd}"
    q = {"columns": "SPEND_IN_DOLLAR", **window(10, 10)}
    assert "targeting_types" in await refused(client, f"{acct}/targeting_analytics", **q)
    assert "targeting_types" in await refused(
        client, f"{acct}/ad_groups/targeting_analytics", ad_group_ids=f.ad_group, targeting_types="CREATIVE_TYPE", **q
    )
    assert "at most 14" in await refused(
        client,
        f"{acct}/campaigns/targeting_analytics",
        campaign_ids=f.spring,
        targeting_types=",".join(CAMPAIGN_TYPES),
        **q,
    )
    assert "ad_ids" in await refused(client, f"{acct}/ads/targeting_analytics", targeting_types="GENDER", **q)
    assert "start_date" in await refused(
        client, f"{acct}/targeting_analytics", targeting_types="GENDER", **{**q, **window(91, 10)}
    )
    assert "end_date" in await refused(
        client, f"{acct}/targeting_analytics", targeting_types="GENDER", **{**q, **window(5, 4, "HOUR")}
    )
    assert "columns" in await refused(
        client, f"{acct}/targeting_analytics", targeting_types="GENDER", **{**q, "columns": "NOPE"}
    )


async def test_ad_pin_analytics_split_a_campaign_by_pin(emu: Emulator, client: httpx.AsyncClient) -> None:
    f = facts(emu)
    acct = f"/ad_accounts/{f.usd}"
    pins = sorted({a["pin_id"] for a in emu.state.ads.values() if a["campaign_id"] == f.spring})
    q = {"columns": ",".join(ADDITIVE), **window(granularity="TOTAL")}
    rows = await ok(client, f"{acct}/pins/analytics", campaign_id=f.spring, pin_ids=pins, **q)
    campaign = await ok(client, f"{acct}/campaigns/analytics", campaign_ids=f.spring, **q)
    assert {row["PIN_ID"] for row in rows} == set(pins)
    assert by_date(rows) == by_date(campaign)
    assert await ok(client, f"{acct}/pins/analytics", campaign_id=f.spring, pin_ids="1", **q) == []
    assert "pin_ids" in await refused(
        client, f"{acct}/pins/analytics", campaign_id=f.spring, pin_ids=[str(n) for n in range(1, 102)], **q
    )
    assert "campaign_id" in await refused(client, f"{acct}/pins/analytics", pin_ids=pins, **q)


def organic_window(days_back: int = 60, span: int = 60) -> dict[str, str]:
    start = TODAY - timedelta(days=days_back)
    return {"start_date": start.isoformat(), "end_date": (start + timedelta(days=span)).isoformat()}


async def test_pin_and_account_organic_metrics_agree(emu: Emulator, client: httpx.AsyncClient) -> None:
    pins = list(emu.state.pins.values())
    w = organic_window()
    per_pin: dict[str, Any] = {}
    for chunk in (pins[:25], pins[25:]):
        per_pin |= await ok(client, "/pins/analytics", pin_ids=[p["id"] for p in chunk], metric_types=ORGANIC, **w)
    single = await ok(client, f"/pins/{pins[0]['id']}/analytics", metric_types=ORGANIC, **w)
    assert single == per_pin[pins[0]["id"]]
    account = (await ok(client, "/user_account/analytics", metric_types="IMPRESSION,SAVE,SAVE_RATE", **w))["all"]
    for index, day in enumerate(account["daily_metrics"]):
        parts = [body["all"]["daily_metrics"][index].get("metrics", {}) for body in per_pin.values()]
        impressions = sum(p.get("IMPRESSION", 0) for p in parts)
        assert day.get("metrics", {}).get("IMPRESSION", 0) == impressions, day["date"]
    for pin in pins:
        body = per_pin[pin["id"]]["all"]
        video = pin["media"]["media_type"] == "video"
        for day in body["daily_metrics"]:
            m = day.get("metrics")
            if m is None:
                assert day["data_status"] == "BEFORE_PIN_CREATED"
                continue
            assert m["SAVE"] <= m["IMPRESSION"] and m["OUTBOUND_CLICK"] <= m["PIN_CLICK"] <= m["IMPRESSION"]
            assert ("VIDEO_START" in m) is video
            if video:
                assert m["VIDEO_MRC_VIEW"] <= m["VIDEO_START"] <= m["IMPRESSION"]
        assert body["lifetime_metrics"]["IMPRESSION"] >= body["summary_metrics"].get("IMPRESSION", 0)
    top = await ok(client, "/user_account/analytics/top_pins", sort_by="IMPRESSION", num_of_pins=5, **w)
    expected = sorted(
        ((-b["all"]["summary_metrics"].get("IMPRESSION", 0), pin_id) for pin_id, b in per_pin.items()), key=lambda x: x
    )[:5]
    assert [(-p["metrics"]["IMPRESSION"], p["pin_id"]) for p in top["pins"]] == expected
    videos = await ok(client, "/user_account/analytics/top_video_pins", sort_by="VIDEO_START", num_of_pins=50, **w)
    video_ids = {p["id"] for p in pins if p["media"]["media_type"] == "video"}
    assert videos["pins"] and {p["pin_id"] for p in videos["pins"]} <= video_ids


async def test_splits_add_up_to_all(emu: Emulator, client: httpx.AsyncClient) -> None:
    pin = next(iter(emu.state.pins.values()))
    w = organic_window()
    whole = (await ok(client, f"/pins/{pin['id']}/analytics", metric_types="IMPRESSION", **w))["all"]
    split = await ok(client, f"/pins/{pin['id']}/analytics", metric_types="IMPRESSION", split_field="APP_TYPE", **w)
    assert set(split) == {"MOBILE", "TABLET", "WEB"}
    assert sum(s["summary_metrics"]["IMPRESSION"] for s in split.values()) == whole["summary_metrics"]["IMPRESSION"]
    account = (await ok(client, "/user_account/analytics", metric_types="IMPRESSION", **w))["all"]
    for field in ("APP_TYPE", "PIN_FORMAT", "OWNED_CONTENT"):
        parts = await ok(client, "/user_account/analytics", metric_types="IMPRESSION", split_field=field, **w)
        assert (
            sum(p["summary_metrics"]["IMPRESSION"] for p in parts.values()) == account["summary_metrics"]["IMPRESSION"]
        )
    web = (await ok(client, "/user_account/analytics", metric_types="IMPRESSION", app_types="WEB", **w))["all"]
    assert web["summary_metrics"]["IMPRESSION"] == split_sum(
        await ok(client, "/user_account/analytics", metric_types="IMPRESSION", split_field="APP_TYPE", **w), "WEB"
    )
    paid = (await ok(client, "/user_account/analytics", content_type="PAID", **w))["all"]
    assert paid["summary_metrics"] == {}


def split_sum(body: dict[str, Any], key: str) -> int:
    value: int = body[key]["summary_metrics"]["IMPRESSION"]
    return value


async def test_pin_metrics_flag_adds_the_spec_object_to_pin_reads(
    spec: dict[str, Any], emu: Emulator, client: httpx.AsyncClient
) -> None:
    pin = next(iter(emu.state.pins.values()))
    plain = await ok(client, f"/pins/{pin['id']}")
    assert "pin_metrics" not in plain
    shown = await ok(client, f"/pins/{pin['id']}", pin_metrics="true")
    assert set(shown["pin_metrics"]) == {"90d", "lifetime_metrics"}
    assert_valid(spec, spec["components"]["schemas"]["Pin"], shown, "pin with metrics")
    analytics = await ok(client, f"/pins/{pin['id']}/analytics", metric_types="IMPRESSION", **organic_window(89, 89))
    assert shown["pin_metrics"]["90d"]["impression"] == analytics["all"]["summary_metrics"]["IMPRESSION"]
    assert shown["pin_metrics"]["lifetime_metrics"]["impression"] == analytics["all"]["lifetime_metrics"]["IMPRESSION"]
    page = await ok(client, "/pins", pin_metrics="true", page_size=5)
    assert all("pin_metrics" in item for item in page["items"])
    board = await ok(client, f"/boards/{pin['board_id']}/pins", pin_metrics="true")
    assert all("pin_metrics" in item for item in board["items"])
    assert "pin_metrics" in await refused(client, f"/pins/{pin['id']}", pin_metrics="maybe")


async def test_organic_limits_follow_the_spec(emu: Emulator, client: httpx.AsyncClient) -> None:
    pin = next(iter(emu.state.pins.values()))["id"]
    w = organic_window()
    assert "metric_types" in await refused(client, f"/pins/{pin}/analytics", **w)
    assert "pin_ids" in await refused(
        client, "/pins/analytics", pin_ids=[str(n) for n in range(1, 102)], metric_types="IMPRESSION", **w
    )
    assert "start_date" in await refused(client, "/user_account/analytics", **organic_window(91, 10))
    assert "end_date" in await refused(client, "/user_account/analytics", **organic_window(60, 91))
    assert "num_of_pins" in await refused(
        client, "/user_account/analytics/top_pins", sort_by="SAVE", num_of_pins=51, **w
    )
    assert "sort_by" in await refused(client, "/user_account/analytics/top_pins", **w)
    assert "sort_by" in await refused(client, "/user_account/analytics/top_video_pins", sort_by="PIN_CLICK", **w)
    missing = await client.get(url("/pins/123/analytics", metric_types="IMPRESSION", **w))
    assert (missing.status_code, missing.json()["code"]) == (404, 50)
    missing = await client.get(url("/pins/analytics", pin_ids=[pin, "123"], metric_types="IMPRESSION", **w))
    assert (missing.status_code, missing.json()["code"]) == (404, 50)
