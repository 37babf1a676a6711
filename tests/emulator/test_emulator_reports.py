"""Emulator async reports: create, poll IN_PROGRESS -> FINISHED -> EXPIRED, download; limits and errors.

Time is the emulator's injected ``clock`` (a list the test moves), so no test waits.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from pinterest_mcp.emulator import Emulator
from pinterest_mcp.emulator.routes.reports import LINK_LIFETIME, REPORT_LIFETIME, SECONDS_TO_FINISH
from support.emulator import assert_valid, connect, facts, response_schema, url

pytestmark = pytest.mark.anyio
TODAY = date(2026, 6, 15)
START = 1_781_500_000.0
COLUMNS = ["SPEND_IN_MICRO_DOLLAR", "PAID_IMPRESSION", "CLICKTHROUGH_1", "CTR", "CAMPAIGN_NAME"]
REPORTS = "/ad_accounts/{ad_account_id}/reports"


class Clock:
    """The emulator's Unix time, moved by the test."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def emu(clock: Clock) -> Emulator:
    return Emulator(seed=7, today=lambda: TODAY, clock=clock)


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    async with connect(emu) as connected:
        yield connected


def body(days_back: int = 30, span: int = 29, granularity: str = "DAY", **extra: Any) -> dict[str, Any]:
    start = TODAY - timedelta(days=days_back)
    return {
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=span)).isoformat(),
        "granularity": granularity,
        "level": "CAMPAIGN",
        "columns": COLUMNS,
        **extra,
    }


async def create(spec: dict[str, Any], client: httpx.AsyncClient, account: str, request: dict[str, Any]) -> str:
    operation = spec["paths"][REPORTS]["post"]
    request_schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert_valid(spec, request_schema, request, "create_report body")
    response = await client.post(f"/ad_accounts/{account}/reports", json=request)
    assert response.status_code == 200, response.text
    assert_valid(spec, response_schema(spec, operation, 200), response.json(), "create_report")
    assert response.json()["report_status"] == "IN_PROGRESS"
    token: str = response.json()["token"]
    return token


async def poll(spec: dict[str, Any], client: httpx.AsyncClient, account: str, token: str) -> dict[str, Any]:
    response = await client.get(url(f"/ad_accounts/{account}/reports", token=token))
    assert response.status_code == 200, response.text
    assert_valid(spec, response_schema(spec, spec["paths"][REPORTS]["get"], 200), response.json(), "get_report")
    answer: dict[str, Any] = response.json()
    return answer


async def test_a_report_finishes_on_the_second_poll_and_its_file_equals_the_sync_report(
    spec: dict[str, Any], emu: Emulator, client: httpx.AsyncClient, clock: Clock
) -> None:
    f = facts(emu)
    token = await create(spec, client, f.usd, body())
    first = await poll(spec, client, f.usd, token)
    assert first == {"report_status": "IN_PROGRESS", "url": None, "size": None}
    finished = await poll(spec, client, f.usd, token)
    assert finished["report_status"] == "FINISHED" and finished["url"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app)) as anonymous:
        download = await anonymous.get(finished["url"])  # pre-signed: no bearer token
    assert download.status_code == 200 and download.headers["content-type"].startswith("application/json")
    assert len(download.content) == finished["size"]
    campaign_ids = [c["id"] for c in emu.state.campaigns_of(f.usd)]
    start, end = body()["start_date"], body()["end_date"]
    sync = await client.get(
        url(
            f"/ad_accounts/{f.usd}/campaigns/analytics",
            campaign_ids=campaign_ids,
            columns=",".join(COLUMNS),
            start_date=start,
            end_date=end,
            granularity="DAY",
        )
    )
    expected: dict[str, list[dict[str, Any]]] = {}
    for row in sync.json():
        expected.setdefault(row["CAMPAIGN_ID"], []).append(row)
    assert download.json() == expected and expected


async def test_links_expire_after_five_minutes_and_reports_after_an_hour(
    spec: dict[str, Any], emu: Emulator, client: httpx.AsyncClient, clock: Clock
) -> None:
    f = facts(emu)
    token = await create(spec, client, f.usd, body())
    clock.now += SECONDS_TO_FINISH  # time alone finishes it, without a first IN_PROGRESS poll
    finished = await poll(spec, client, f.usd, token)
    assert finished["report_status"] == "FINISHED"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app)) as anonymous:
        clock.now += LINK_LIFETIME
        stale = await anonymous.get(finished["url"])
        assert stale.status_code == 403 and "expired" in stale.text
        fresh = await poll(spec, client, f.usd, token)
        assert fresh["url"] != finished["url"]
        assert (await anonymous.get(fresh["url"])).status_code == 200
        forged = await anonymous.get(fresh["url"].replace("expires=", "expires=9"))
        assert forged.status_code == 403
        assert (await anonymous.get(fresh["url"].replace(token, "nosuchtoken"))).status_code == 404
        clock.now = START + REPORT_LIFETIME
        assert await poll(spec, client, f.usd, token) == {"report_status": "EXPIRED", "url": None, "size": None}
        assert (await anonymous.get(fresh["url"])).status_code == 403


async def test_unknown_and_foreign_tokens_do_not_exist(
    spec: dict[str, Any], emu: Emulator, client: httpx.AsyncClient
) -> None:
    f = facts(emu)
    token = await create(spec, client, f.usd, body())
    missing = {"report_status": "DOES_NOT_EXIST", "url": None, "size": None}
    assert await poll(spec, client, f.usd, "nope") == missing
    assert await poll(spec, client, f.eur, token) == missing
    response = await client.get(f"/ad_accounts/{f.usd}/reports")
    assert (response.status_code, response.json()["code"]) == (400, 1)


async def test_csv_reports_have_a_header_and_the_same_numbers(
    spec: dict[str, Any], emu: Emulator, client: httpx.AsyncClient
) -> None:
    f = facts(emu)
    tokens = [await create(spec, client, f.usd, body(report_format=fmt)) for fmt in ("JSON", "CSV")]
    files: list[bytes] = []
    for token in tokens:
        await poll(spec, client, f.usd, token)
        link = (await poll(spec, client, f.usd, token))["url"]
        files.append((await client.get(link)).content)
    rows = list(csv.DictReader(io.StringIO(files[1].decode())))
    assert list(rows[0])[:2] == ["CAMPAIGN_ID", "DATE"] and set(COLUMNS) <= set(rows[0])
    json_rows = [row for entity in httpx.Response(200, content=files[0]).json().values() for row in entity]
    assert sum(int(r["SPEND_IN_MICRO_DOLLAR"]) for r in rows) == sum(r["SPEND_IN_MICRO_DOLLAR"] for r in json_rows)
    assert len(rows) == len(json_rows)


async def test_targeting_and_other_levels(spec: dict[str, Any], emu: Emulator, client: httpx.AsyncClient) -> None:
    f = facts(emu)
    request = body(
        granularity="TOTAL", level="AD_GROUP_TARGETING", targeting_types=["GENDER"], ad_group_ids=[f.ad_group]
    )
    token = await create(spec, client, f.usd, request)
    await poll(spec, client, f.usd, token)
    report = (await client.get((await poll(spec, client, f.usd, token))["url"])).json()
    rows = report[f.ad_group]
    assert {row["TARGETING_TYPE"] for row in rows} == {"GENDER"}
    group = await client.get(
        url(
            f"/ad_accounts/{f.usd}/ad_groups/analytics",
            ad_group_ids=f.ad_group,
            columns="SPEND_IN_MICRO_DOLLAR",
            start_date=request["start_date"],
            end_date=request["end_date"],
            granularity="TOTAL",
        )
    )
    assert sum(row["SPEND_IN_MICRO_DOLLAR"] for row in rows) == group.json()[0]["SPEND_IN_MICRO_DOLLAR"]
    for level, key in (("ADVERTISER", "ADVERTISER_ID"), ("PIN_PROMOTION", "PIN_PROMOTION_ID"), ("KEYWORD", None)):
        token = await create(spec, client, f.usd, body(level=level, columns=["SPEND_IN_DOLLAR"]))
        await poll(spec, client, f.usd, token)
        content = (await client.get((await poll(spec, client, f.usd, token))["url"])).json()
        assert all(row[key] == entity for entity, rows in content.items() for row in rows) if key else content == {}
        assert content or key is None


async def test_create_report_enforces_the_spec_and_the_documented_limits(
    spec: dict[str, Any], emu: Emulator, client: httpx.AsyncClient
) -> None:
    f = facts(emu)
    path = f"/ad_accounts/{f.usd}/reports"
    accepted = [
        body(days_back=914, span=186),
        body(days_back=8, span=3, granularity="HOUR", start_hour=0, end_hour=23),
        body(days_back=92, span=31, level="PRODUCT_ITEM"),
        body(campaign_ids=[str(n) for n in range(1, 501)], campaign_statuses=["RUNNING", "PAUSED"]),
        body(level="CAMPAIGN_TARGETING", targeting_types=["AGE_BUCKET", "GENDER", "APPTYPE", "COUNTRY", "KEYWORD"]),
    ]
    for request in accepted:
        await create(spec, client, f.usd, request)
    refused: dict[str, dict[str, Any] | str] = {
        "level": {k: v for k, v in body().items() if k != "level"},
        "columns": body(columns=["NOT_A_COLUMN"]),
        "granularity": body(granularity="YEAR"),
        "start_date": body(days_back=915, span=10),
        "end_date": body(days_back=300, span=187),
        "HOUR": body(days_back=9, span=1, granularity="HOUR"),
        "at most 3": body(days_back=5, span=4, granularity="HOUR"),
        "PRODUCT_ITEM": body(days_back=93, span=5, level="PRODUCT_ITEM"),
        "31 days": body(days_back=60, span=32, level="PRODUCT_ITEM"),
        "ad_ids": body(level="PRODUCT_ITEM", ad_ids=["1"]),
        "campaign_ids": body(campaign_ids=[str(n) for n in range(1, 502)]),
        "targeting_types": body(targeting_types=["GENDER"]),
        "at most 5": body(
            level="AD_GROUP_TARGETING", targeting_types=["AGE_BUCKET", "GENDER", "APPTYPE", "COUNTRY", "GEO", "REGION"]
        ),
        "campaign_statuses": body(campaign_statuses=["ACTIVE"]),
        "click_window_days": body(click_window_days=3),
        "report_format": body(report_format="XML"),
        "JSON object": "[1, 2]",
    }
    error_schema = response_schema(spec, spec["paths"][REPORTS]["post"], 400)
    for needle, refused_request in refused.items():
        if isinstance(refused_request, str):
            response = await client.post(path, content=refused_request, headers={"content-type": "application/json"})
        else:
            response = await client.post(path, json=refused_request)
        assert (response.status_code, response.json()["code"]) == (400, 1), (needle, response.text)
        assert needle in response.json()["message"], (needle, response.json())
        assert_valid(spec, error_schema, response.json(), needle)
    with_query = await client.post(url(path, start_date="2026-06-01"), json=body())
    assert with_query.status_code == 400 and "query" in with_query.json()["message"]


async def test_templates_page_and_their_reports_follow_the_two_and_a_half_year_rule(
    spec: dict[str, Any], emu: Emulator, client: httpx.AsyncClient
) -> None:
    f = facts(emu)
    listed = await client.get(url(f"/ad_accounts/{f.usd}/templates", page_size=2))
    assert listed.status_code == 200 and len(listed.json()["items"]) == 2 and listed.json()["bookmark"]
    template = listed.json()["items"][0]
    path = f"/ad_accounts/{f.usd}/templates/{template['id']}/reports"
    operation = spec["paths"]["/ad_accounts/{ad_account_id}/templates/{template_id}/reports"]["post"]
    made = await client.post(path)  # the template's own relative days
    assert made.status_code == 200 and made.json()["template_id"] == template["id"]
    assert_valid(spec, response_schema(spec, operation, 200), made.json(), "create_template_report")
    status = await poll(spec, client, f.usd, made.json()["token"])
    assert status["report_status"] in ("IN_PROGRESS", "FINISHED")
    long = await client.post(url(path, **{k: v for k, v in body(days_back=900, span=800).items() if "date" in k}))
    assert long.status_code == 200  # 800 days: too long for create_report, fine for a template
    for query, needle in (
        ({"start_date": (TODAY - timedelta(days=914)).isoformat(), "end_date": TODAY.isoformat()}, "913 days"),
        ({"start_date": TODAY.isoformat()}, "together"),
    ):
        refused = await client.post(url(path, **query))
        assert refused.status_code == 400 and needle in refused.json()["message"], refused.text
    assert (await client.post(f"/ad_accounts/{f.usd}/templates/1/reports")).status_code == 404


async def test_mmm_and_product_reports_have_their_own_tokens_and_limits(
    spec: dict[str, Any], emu: Emulator, client: httpx.AsyncClient
) -> None:
    f = facts(emu)
    start = (TODAY - timedelta(days=20)).isoformat()
    mmm = {
        "report_name": "mix", "start_date": start, "end_date": TODAY.isoformat(), "granularity": "WEEK",
        "level": "CAMPAIGN_TARGETING", "targeting_types": ["GENDER"], "columns": ["SPEND_IN_MICRO_DOLLAR"],
    }  # fmt: skip
    made = await client.post(f"/ad_accounts/{f.usd}/mmm_reports", json=mmm)
    token = made.json()["data"]["token"]
    assert (await poll(spec, client, f.usd, token))["report_status"] == "DOES_NOT_EXIST"  # not an ads report
    for _ in range(2):
        answer = (await client.get(url(f"/ad_accounts/{f.usd}/mmm_reports", token=token))).json()
    file = await client.get(answer["data"]["url"])
    rows = list(csv.DictReader(io.StringIO(file.text)))
    assert rows and {"TARGETING_TYPE", "TARGETING_VALUE"} <= set(rows[0])
    assert (await client.post(f"/ad_accounts/{f.usd}/mmm_reports", json={**mmm, "level": "AD"})).status_code == 400
    product = {
        "report_name": "brands", "start_date": start, "end_date": TODAY.isoformat(), "granularity": "TOTAL",
        "level": "CAMPAIGN", "columns": ["CAMPAIGN_ID", "TOTAL_CONVERSION_PRODUCT_QUANTITY"],
    }  # fmt: skip
    path = f"/ad_accounts/{f.usd}/reports/brand_category_sku"
    made = await client.post(path, json=product)
    token = made.json()["token"]
    for _ in range(2):
        answer = (await client.get(url(path, token=token))).json()
    quantities = list(csv.DictReader(io.StringIO((await client.get(answer["url"])).text)))
    sync = await client.get(
        url(f"/ad_accounts/{f.usd}/analytics", columns="TOTAL_CONVERSIONS", start_date=start,
            end_date=TODAY.isoformat(), granularity="TOTAL", view_window_days=30)
    )  # fmt: skip  # product reports attribute views over 30 days by default, sync analytics over 1
    assert sum(int(r["TOTAL_CONVERSION_PRODUCT_QUANTITY"]) for r in quantities) == sync.json()[0]["TOTAL_CONVERSIONS"]
    for change, needle in (
        ({"start_date": "2024-03-16", "end_date": "2024-05-01"}, "after 2024-03-16"),
        ({"start_date": start, "end_date": (TODAY - timedelta(days=15)).isoformat()}, "at least 7 days"),
        ({"start_date": "2025-01-01", "end_date": "2026-01-02"}, "1 year"),
        ({"ad_group_ids": ["1"]}, "only allowed with level AD_GROUP"),
        ({"product_sku_ids": ["A1", "B2"]}, "PRODUCT_SKU_GROUP"),
    ):
        refused = await client.post(path, json={**product, **change})
        assert refused.status_code == 400 and needle in refused.json()["message"], refused.text
