"""The embedded Pinterest emulator: spec conformance of every route, and its behaviour as a fake."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from starlette.routing import Route

from pinterest_mcp.emulator import API_PREFIX, Emulator
from pinterest_mcp.emulator.http.routes import ENDPOINTS
from pinterest_mcp.emulator.http.state import Store
from pinterest_mcp.emulator.routes import catalog_state, integrations
from support.bulk_conformance import bulk_requests
from support.conformance import generated_requests, seeded_ids, unfilled
from support.emulator import (
    METRICS,
    Facts,
    assert_valid,
    connect,
    facts,
    report,
    response_schema,
    url,
)

pytestmark = pytest.mark.anyio
FIXED_TODAY = date(2026, 6, 15)
MORE_METRICS = (
    "CPC_IN_MICRO_DOLLAR,CPM_IN_MICRO_DOLLAR,TOTAL_CONVERSIONS,TOTAL_CHECKOUT,"
    "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR,CHECKOUT_ROAS,TOTAL_ENGAGEMENT"
)
MAX_PAGES = 200  # the longest seeded list (60 followers) at page_size=1, with room
NAMES = "CAMPAIGN_ID,CAMPAIGN_NAME,AD_GROUP_ID,AD_GROUP_NAME,AD_ID,AD_NAME,PIN_ID,AD_ACCOUNT_ID"


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=7)


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    async with connect(emu) as connected:
        yield connected


# Read routes whose required parameter nothing can fill (generated_requests builds none), by that
# parameter: hand_requests (or bulk_requests) supplies theirs. A route missing here fails the test.
NEEDS_HAND = {
    "/ad_accounts/{ad_account_id}/reports": "token",
    "/ad_accounts/{ad_account_id}/mmm_reports": "token",
    "/ad_accounts/{ad_account_id}/reports/brand_category_sku": "token",
    "/ad_accounts/{ad_account_id}/bulk/{bulk_request_id}": "bulk_request_id",
    "/integrations/commerce/{external_business_id}": "external_business_id",
    "/integrations/{id}": "id",
    "/ad_accounts/{ad_account_id}/leads_export/{leads_export_id}": "leads_export_id",
    "/catalogs/reports": "token",
    "/catalogs/reports/stats": "parameters",
}


async def export_requests(store: Store, client: httpx.AsyncClient) -> dict[str, list[str]]:
    """Start a lead export of the first USD ad and poll it twice (IN_PROGRESS, then FINISHED with its link)."""
    usd = next(a["id"] for a in store.ad_accounts.values() if a["currency"] == "USD")
    ad = next(ad["id"] for ad in store.ads.values() if ad["ad_account_id"] == usd)
    days = {"start_date": "2026-05-01", "end_date": "2026-05-20", "ad_id": ad}
    made = await client.post(f"/ad_accounts/{usd}/leads_export", json=days)
    url = f"/ad_accounts/{usd}/leads_export/{made.json()['leads_export_id']}"
    return {"/ad_accounts/{ad_account_id}/leads_export/{leads_export_id}": [url, url]}


async def catalog_report_requests(store: Store, client: httpx.AsyncClient) -> dict[str, list[str]]:
    """A feed-issues catalog report polled twice (IN_PROGRESS, then FINISHED), and its stats, whose
    `parameters` object goes as a deepObject query that generation does not build."""
    feed = next(iter(store.collection(catalog_state.FEEDS)))
    report = {"report_type": "FEED_INGESTION_ISSUES", "feed_id": feed}
    made = await client.post("/catalogs/reports", json={"catalog_type": "RETAIL", "report": report})
    url = f"/catalogs/reports?token={made.json()['token']}"
    stats = str(
        httpx.URL(
            "/catalogs/reports/stats",
            params={
                "parameters[catalog_type]": "RETAIL",
                "parameters[report][report_type]": "FEED_INGESTION_ISSUES",
                "parameters[report][feed_id]": feed,
            },
        )
    )
    return {"/catalogs/reports": [url, url], "/catalogs/reports/stats": [stats]}


def hand_requests(f: Facts, store: Store) -> dict[str, list[str]]:
    """What the spec cannot generate: tokens, the EUR account, each seeded entity of a kind, filters meant together.

    The generated requests (support.conformance) walk one USD chain of ids and every value of each
    parameter; these add the cases whose meaning lies in the data the request picks.
    """
    acct, eur = f"/ad_accounts/{f.usd}", f"/ad_accounts/{f.eur}"
    shopping = next(p["ad_group_id"] for p in store.product_group_promotions.values() if p["ad_account_id"] == f.usd)
    every_campaign = list(f.campaign_by_status.values())
    today = datetime.now(UTC).date()
    window = {"start_date": (today - timedelta(days=30)).isoformat(), "end_date": today.isoformat()}
    return {
        "/ad_accounts/{ad_account_id}": [eur],
        "/ad_accounts/{ad_account_id}/campaigns": [
            url(f"{acct}/campaigns", campaign_ids=[f.spring, every_campaign[-1]])
        ],
        "/ad_accounts/{ad_account_id}/campaigns/{campaign_id}": [f"{acct}/campaigns/{c}" for c in every_campaign],
        "/ad_accounts/{ad_account_id}/ad_groups": [f"{eur}/ad_groups"],
        "/ad_accounts/{ad_account_id}/ad_groups/{ad_group_id}": [f"{acct}/ad_groups/{f.overspending_group}"],
        "/ad_accounts/{ad_account_id}/ads": [f"{eur}/ads"],
        "/ad_accounts/{ad_account_id}/campaigns/analytics": [
            report(
                f"{acct}/campaigns/analytics",
                campaign_ids=every_campaign,
                columns=f"{METRICS},{MORE_METRICS},{NAMES}",
                click_window_days=7,
                view_window_days=0,
            ),
        ],
        "/ad_accounts/{ad_account_id}/ad_groups/analytics": [
            report(
                f"{acct}/ad_groups/analytics",
                granularity="WEEK",
                ad_group_ids=[f.ad_group, f.overspending_group],
                columns=f"{METRICS},{MORE_METRICS},{NAMES}",
            ),
        ],
        "/ad_accounts/{ad_account_id}/ads/analytics": [  # the other way to name the ads: campaigns and Pins
            report(
                f"{acct}/ads/analytics", campaign_ids=f.spring, pin_ids=f.pin_of_ad, columns=f"{MORE_METRICS},AD_ID"
            ),
        ],
        "/ad_accounts/{ad_account_id}/reports": [url(f"{acct}/reports", token="no-such-token")],
        "/ad_accounts/{ad_account_id}/mmm_reports": [url(f"{acct}/mmm_reports", token="no-such-token")],
        "/ad_accounts/{ad_account_id}/reports/brand_category_sku": [
            url(f"{acct}/reports/brand_category_sku", token="no-such-token")
        ],
        "/pins/analytics": [
            url("/pins/analytics", pin_ids=[f.pin, f.pin_of_ad], metric_types="IMPRESSION,SAVE", **window)
        ],
        "/pins/{pin_id}": [f"/pins/{f.pin}"],
        "/ad_accounts/{ad_account_id}/audiences": [url(f"{eur}/audiences", ownership_type="RECEIVED")],
        "/ad_accounts/{ad_account_id}/audiences/{audience_id}": [f"{acct}/audiences/{a}" for a in f.audiences],
        "/ad_accounts/{ad_account_id}/keywords": [
            url(f"{acct}/keywords", campaign_id=f.keyword_campaign),
            f"{eur}/keywords",
        ],
        "/resources/targeting/{targeting_type}": [url("/resources/targeting/AUDIENCE_INCLUDE", ad_account_id=f.usd)],
        "/ad_accounts/{ad_account_id}/product_group_promotions": [
            url(f"{acct}/product_group_promotions", ad_group_id=shopping, page_size=1)
        ],
        "/media/{media_id}": [f"/media/{media_id}" for media_id in f.media],
        "/integrations/commerce/{external_business_id}": [f"/integrations/commerce/{integrations.DEMO_SHOP}"],
        "/integrations/{id}": [f"/integrations/{key}" for key in integrations.records(store)],
    }


def served_routes(emu: Emulator) -> list[tuple[str, str]]:
    """(method, template below /v5) for every route the app serves, introspected so none can hide.

    Writes are checked against the spec in test_emulator_writes.py, which covers the other methods.
    """
    return [
        (method, route.path.removeprefix(API_PREFIX))
        for route in emu.app.routes
        if isinstance(route, Route)
        for method in sorted(route.methods or ())
        if method != "HEAD"
    ]


def test_every_route_names_a_spec_operation_at_its_method_and_path(spec: dict[str, Any], emu: Emulator) -> None:
    """Each served route is an operationId whose spec method and path are where the app serves it."""
    ids = [endpoint.operation_id for endpoint in ENDPOINTS]
    assert len(ids) == len(set(ids)), "an operation is served twice"
    by_id = {
        operation["operationId"]: (method.upper(), path)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "operationId" in operation
    }
    for endpoint in ENDPOINTS:
        assert by_id.get(endpoint.operation_id) == (endpoint.method, endpoint.path), endpoint.operation_id
    assert sorted(served_routes(emu)) == sorted((e.method, e.path) for e in ENDPOINTS)


async def test_every_served_route_answers_as_the_spec_says(
    spec: dict[str, Any], emu: Emulator, client: httpx.AsyncClient
) -> None:
    """Each read route's generated and hand requests answer 200, and each body (and every next page) validates.

    Generation must reach every route: one it builds no request for must be in ``NEEDS_HAND``,
    named by the parameter nothing fills, so no route is skipped silently.
    """
    ids = seeded_ids(emu.state)
    hand = hand_requests(facts(emu), emu.state) | await bulk_requests(emu.state, client)
    hand |= await export_requests(emu.state, client)
    hand |= await catalog_report_requests(emu.state, client)
    routes = [(method, template) for method, template in served_routes(emu) if method == "GET"]
    assert set(hand) <= {template for _, template in routes}, "hand requests for a route that is not served"
    unbuilt: dict[str, str | None] = {}
    for method, template in routes:
        operation = spec["paths"].get(template, {}).get(method.lower())
        assert operation is not None, f"{method} {template} is served but not in the spec"
        generated = generated_requests(operation["operationId"], ids)
        if not generated:
            unbuilt[template] = unfilled(operation["operationId"], ids)
            assert hand.get(template), f"{template}: nothing fills {unbuilt[template]}; add hand requests"
        schema = response_schema(spec, operation, 200)
        for target in generated + hand.get(template, []):
            await every_page_validates(spec, schema, client, method, target)
    assert unbuilt == NEEDS_HAND, "generation skipped a route not in NEEDS_HAND, or builds one listed there"


async def every_page_validates(
    spec: dict[str, Any], schema: dict[str, Any], client: httpx.AsyncClient, method: str, target: str
) -> None:
    """Send ``target`` and follow its bookmarks; every page must answer 200 and match the spec."""
    bookmark: str | None = None
    for _ in range(MAX_PAGES):
        page = httpx.URL(target).copy_merge_params({"bookmark": bookmark} if bookmark else {})
        response = await client.request(method, page)
        assert response.status_code == 200, (target, bookmark, response.text)
        body = response.json()
        assert_valid(spec, schema, body, f"{method} {target} (bookmark {bookmark})")
        bookmark = body.get("bookmark") if isinstance(body, dict) else None
        if not bookmark:
            return
    raise AssertionError(f"{target} still has a next page after {MAX_PAGES}")


async def test_error_bodies_match_the_spec(spec: dict[str, Any], emu: Emulator, client: httpx.AsyncClient) -> None:
    """404, 400 and 401 answers carry Pinterest's codes and validate against each operation's error schema."""
    f = facts(emu)
    cases = [
        ("/boards/{board_id}", "/boards/123", 404, 40),
        ("/pins/{pin_id}", "/pins/123", 404, 50),
        ("/boards/{board_id}/sections/{section_id}/pins", f"/boards/{f.board}/sections/123/pins", 404, 2031),
        ("/ad_accounts/{ad_account_id}/campaigns/{campaign_id}", f"/ad_accounts/{f.usd}/campaigns/1", 404, 404),
        ("/ad_accounts/{ad_account_id}/ads/{ad_id}", f"/ad_accounts/{f.eur}/ads/{f.ad}", 404, 404),
        ("/ad_accounts/{ad_account_id}", "/ad_accounts/999", 404, 404),
        ("/ad_accounts/{ad_account_id}/campaigns", f"/ad_accounts/{f.usd}/campaigns?page_size=0", 400, 1),
        ("/boards", "/boards?privacy=FRIENDS", 400, 1),
        ("/ad_accounts/{ad_account_id}/analytics", f"/ad_accounts/{f.usd}/analytics", 400, 1),
    ]
    for template, target, status, code in cases:
        response = await client.get(target)
        assert (response.status_code, response.json()["code"]) == (status, code), (target, response.text)
        schema = response_schema(spec, spec["paths"][template]["get"], status)
        assert_valid(spec, schema, response.json(), target)
    async with connect(emu, headers={}) as anonymous:
        response = await anonymous.get("/boards")
    assert response.status_code == 401
    assert_valid(spec, response_schema(spec, spec["paths"]["/boards"]["get"], 401), response.json(), "401")
    unknown = await client.get("/no/such/route")
    assert unknown.status_code == 404
    assert_valid(spec, spec["components"]["schemas"]["Error"], unknown.json(), "unknown route")


async def test_same_seed_gives_identical_bytes_and_another_seed_differs() -> None:
    f = facts(Emulator(seed=7))
    paths = [
        "/user_account",
        "/boards",
        url("/pins", page_size=250),
        f"/ad_accounts/{f.usd}/ads",
        report(f"/ad_accounts/{f.usd}/campaigns/analytics", campaign_ids=f.spring, columns=METRICS),
    ]
    bodies: list[list[bytes]] = []
    for seed in (7, 7, 8):
        async with connect(Emulator(seed=seed)) as client:
            bodies.append([(await client.get(path)).content for path in paths])
    assert bodies[0] == bodies[1]
    assert all(seven != eight for seven, eight in zip(bodies[0], bodies[2], strict=True))


async def test_bookmarks_walk_every_pin_once(emu: Emulator, client: httpx.AsyncClient) -> None:
    seen: list[str] = []
    bookmark: str | None = None
    while True:
        query = {"page_size": 7, "include_protected_pins": "true"} | ({"bookmark": bookmark} if bookmark else {})
        page = (await client.get(url("/pins", **query))).json()
        assert len(page["items"]) <= 7
        seen += [pin["id"] for pin in page["items"]]
        bookmark = page["bookmark"]
        if bookmark is None:
            break
    assert len(seen) == len(set(seen)) == len(emu.state.pins)
    assert seen == sorted(seen, key=int, reverse=True)
    bad = await client.get(url("/pins", bookmark="not-a-bookmark"))
    assert bad.status_code == 400 and "bookmark" in bad.json()["message"]


async def test_campaign_lists_default_to_active_and_paused(emu: Emulator, client: httpx.AsyncClient) -> None:
    f = facts(emu)
    listed = (await client.get(f"/ad_accounts/{f.usd}/campaigns")).json()["items"]
    assert {c["status"] for c in listed} == {"ACTIVE", "PAUSED"}
    archived = (await client.get(url(f"/ad_accounts/{f.usd}/campaigns", entity_statuses="ARCHIVED"))).json()
    assert {c["status"] for c in archived["items"]} == {"ARCHIVED"}
    everything = await client.get(
        url(f"/ad_accounts/{f.usd}/campaigns", entity_statuses=["ACTIVE", "PAUSED", "ARCHIVED"])
    )
    assert len(everything.json()["items"]) == len(emu.state.campaigns_of(f.usd)) == len(listed) + len(archived["items"])
    assert all(
        c["summary_status"] == {"ACTIVE": "RUNNING"}.get(c["status"], c["status"]) for c in everything.json()["items"]
    )


async def test_invalid_parameters_are_400_naming_the_parameter(emu: Emulator, client: httpx.AsyncClient) -> None:
    f = facts(emu)
    cases = {
        url(f"/ad_accounts/{f.usd}/campaigns", page_size=251): "page_size",
        url(f"/ad_accounts/{f.usd}/campaigns", entity_statuses="RUNNING"): "entity_statuses",
        url(f"/ad_accounts/{f.usd}/campaigns", order="NEWEST"): "order",
        url(f"/ad_accounts/{f.usd}/campaigns", campaign_ids="12ab"): "campaign_ids",
        "/ad_accounts/12ab/campaigns": "ad_account_id",
        "/pins/not-a-pin": "pin_id",
        url("/pins", pin_filter="mine"): "pin_filter",
        report(f"/ad_accounts/{f.usd}/analytics", columns="SPEND"): "columns",
        report(f"/ad_accounts/{f.usd}/analytics", granularity="YEAR", columns=METRICS): "granularity",
        report(f"/ad_accounts/{f.usd}/analytics", columns=METRICS, click_window_days=3): "click_window_days",
        report(f"/ad_accounts/{f.usd}/campaigns/analytics", columns=METRICS): "campaign_ids",
        report(f"/ad_accounts/{f.usd}/ads/analytics", columns=METRICS): "ad_ids",
    }
    for target, parameter in cases.items():
        response = await client.get(target)
        assert response.status_code == 400, target
        assert response.json()["code"] == 1 and parameter in response.json()["message"], (target, response.text)


async def test_analytics_date_windows_follow_pinterest_limits(emu: Emulator, client: httpx.AsyncClient) -> None:
    """90 days back and 90 days long (HOUR: 8 back, 3 long), measured from the real UTC date."""
    analytics = f"/ad_accounts/{facts(emu).usd}/analytics"
    allowed = [
        report(analytics, days_back=90, span=90, columns=METRICS),
        report(analytics, days_back=8, span=3, granularity="HOUR", columns=METRICS),
    ]
    for target in allowed:
        assert (await client.get(target)).status_code == 200, target
    refused = {
        report(analytics, days_back=91, span=10, columns=METRICS): "start_date",
        report(analytics, days_back=91, span=91, columns=METRICS): "start_date",
        report(analytics, days_back=60, span=91, columns=METRICS): "end_date",
        report(analytics, days_back=10, span=-1, columns=METRICS): "end_date",
        report(analytics, days_back=9, span=1, granularity="HOUR", columns=METRICS): "start_date",
        report(analytics, days_back=5, span=4, granularity="HOUR", columns=METRICS): "end_date",
        url(
            analytics, start_date="2026-02-30", end_date="2026-03-01", granularity="DAY", columns=METRICS
        ): "start_date",
    }
    for target, parameter in refused.items():
        response = await client.get(target)
        assert response.status_code == 400, target
        assert parameter in response.json()["message"], (target, response.text)


async def test_metrics_tell_the_demo_story_and_agree_across_levels() -> None:
    """Spring's CPA doubles over the last ten days; one ad group burns >$50/day without converting."""
    emu = Emulator(seed=7, today=lambda: FIXED_TODAY)
    f = facts(emu)
    start = (FIXED_TODAY - timedelta(days=29)).isoformat()
    dates = {"start_date": start, "end_date": FIXED_TODAY.isoformat()}
    columns = "SPEND_IN_MICRO_DOLLAR,TOTAL_CONVERSIONS"
    campaigns = emu.state.campaigns_of(f.usd)
    async with connect(emu) as client:

        async def rows(path: str, **query: Any) -> list[dict[str, Any]]:
            response = await client.get(url(f"/ad_accounts/{f.usd}{path}", columns=columns, **dates, **query))
            assert response.status_code == 200, response.text
            result: list[dict[str, Any]] = response.json()
            return result

        spring = await rows("/campaigns/analytics", campaign_ids=f.spring, granularity="DAY")
        groups = await rows("/ad_groups/analytics", ad_group_ids=f.overspending_group, granularity="DAY")
        per_campaign = await rows(
            "/campaigns/analytics", campaign_ids=[c["id"] for c in campaigns], granularity="TOTAL"
        )
        account = await rows("/analytics", granularity="TOTAL")

    def cpa(days: list[dict[str, Any]]) -> float:
        return float(sum(r["SPEND_IN_MICRO_DOLLAR"] for r in days) / sum(r["TOTAL_CONVERSIONS"] for r in days))

    assert len(spring) == 30
    recent, before = spring[-10:], spring[:-10]
    assert 1.5 < cpa(recent) / cpa(before) < 2.8
    spend_ratio = (
        sum(r["SPEND_IN_MICRO_DOLLAR"] for r in recent) / 10 / (sum(r["SPEND_IN_MICRO_DOLLAR"] for r in before) / 20)
    )
    assert 0.9 < spend_ratio < 1.1
    assert len(groups) == 30
    assert all(r["SPEND_IN_MICRO_DOLLAR"] > 50_000_000 and r["TOTAL_CONVERSIONS"] == 0 for r in groups)
    assert sum(r["SPEND_IN_MICRO_DOLLAR"] for r in spring) == next(
        r["SPEND_IN_MICRO_DOLLAR"] for r in per_campaign if r["CAMPAIGN_ID"] == f.spring
    )
    assert account[0]["SPEND_IN_MICRO_DOLLAR"] == sum(r["SPEND_IN_MICRO_DOLLAR"] for r in per_campaign)
    assert {c["status"] for c in campaigns if c["id"] not in {r["CAMPAIGN_ID"] for r in per_campaign}} == {"ARCHIVED"}


async def test_requests_without_a_bearer_token_get_401(emu: Emulator) -> None:
    for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Basic dXNlcjpwYXNz"}):
        async with connect(emu, headers=headers) as client:
            response = await client.get("/user_account")
        assert response.status_code == 401
        assert response.json() == {"code": 2, "message": "Authentication failed."}
    picky = Emulator(accept_token=lambda token: token == "good")
    async with connect(picky, headers={"Authorization": "Bearer bad"}) as client:
        assert (await client.get("/user_account")).status_code == 401
    async with connect(picky, headers={"Authorization": "Bearer good"}) as client:
        assert (await client.get("/user_account")).status_code == 200


async def test_injected_faults_answer_exactly_times_then_normal(emu: Emulator, client: httpx.AsyncClient) -> None:
    f = facts(emu)
    campaigns = f"/ad_accounts/{f.usd}/campaigns"
    emu.inject_fault(
        method="GET", path="/ad_accounts/{ad_account_id}/campaigns", status=429, headers={"Retry-After": "1"}, times=2
    )
    answers = [await client.get(campaigns) for _ in range(3)]
    assert [r.status_code for r in answers] == [429, 429, 200]
    assert answers[0].json()["code"] == 8 and answers[0].headers["Retry-After"] == "1"
    assert (await client.get(f"/ad_accounts/{f.usd}/campaigns/{f.spring}")).status_code == 200
    emu.inject_fault(path="*", status=503, body={"code": 4197, "message": "ramped down"})
    ramped = await client.get("/boards")
    assert (ramped.status_code, ramped.json()) == (503, {"code": 4197, "message": "ramped down"})
    assert (await client.get("/boards")).status_code == 200


async def test_every_request_is_recorded_in_order(emu: Emulator, client: httpx.AsyncClient) -> None:
    f = facts(emu)
    await client.get(url(f"/ad_accounts/{f.usd}/campaigns", entity_statuses=["ACTIVE", "ARCHIVED"]))
    await client.post("/boards", json={"name": "New"})
    await client.get("/nowhere")
    first, second, third = emu.requests
    assert (first.method, first.path, first.template) == (
        "GET",
        f"/ad_accounts/{f.usd}/campaigns",
        "/ad_accounts/{ad_account_id}/campaigns",
    )
    assert first.query == [("entity_statuses", "ACTIVE"), ("entity_statuses", "ARCHIVED")]
    assert (second.method, second.body, second.template) == ("POST", {"name": "New"}, "/boards")
    assert (third.path, third.template) == ("/nowhere", None)


async def test_keyword_lists_follow_their_parents(emu: Emulator, client: httpx.AsyncClient) -> None:
    """Unfiltered: the account's own keywords; campaign_id / ad_group_id(s) pick parents; match_types narrows."""
    f = facts(emu)
    keywords = f"/ad_accounts/{f.usd}/keywords"

    async def items(**query: Any) -> list[dict[str, Any]]:
        response = await client.get(url(keywords, **query))
        assert response.status_code == 200, response.text
        found: list[dict[str, Any]] = response.json()["items"]
        return found

    own = await items()
    assert own and {(k["parent_id"], k["parent_type"]) for k in own} == {(f.usd, "advertiser")}
    assert all(k["match_type"].endswith("_NEGATIVE") and k["type"] == "keyword" for k in own)
    assert all("ad_account_id" not in k for k in own)  # the store's private field stays inside
    group = await items(ad_group_id=f.keyword_group)
    assert len(group) >= 3 and {k["parent_id"] for k in group} == {f.keyword_group}
    assert {k["match_type"] for k in group} >= {"BROAD", "PHRASE", "EXACT"}
    assert await items(ad_group_ids=f.keyword_group) == group
    broad = await items(ad_group_id=f.keyword_group, match_types="BROAD")
    assert broad and {k["match_type"] for k in broad} == {"BROAD"}
    campaign = await items(campaign_id=f.keyword_campaign)
    assert campaign and {k["parent_type"] for k in campaign} == {"campaign"}
    assert [k["id"] for k in group] == sorted((k["id"] for k in group), key=int)
    eur_group = next(
        k["parent_id"]
        for k in emu.state.keywords.values()
        if k["ad_account_id"] == f.eur and k["parent_type"] == "ad_group"
    )
    assert await items(ad_group_id=eur_group) == []  # another account's ad group lists nothing here
    for query, parameter in (({"match_types": "FUZZY"}, "match_types"), ({"ad_group_id": "AG1"}, "ad_group_id")):
        response = await client.get(url(keywords, **query))
        assert response.status_code == 400 and parameter in response.json()["message"], response.text
    assert (await client.get("/ad_accounts/999/keywords")).status_code == 404


async def test_the_request_log_keeps_the_latest_and_counts_every_request() -> None:
    """The log is bounded (1,000 by default) so a long demo does not grow; ``total`` still counts everything."""
    emu = Emulator(request_log_limit=3)
    async with connect(emu) as client:
        for path in ("/boards", "/pins", "/user_account", "/nowhere", "/boards"):
            await client.get(path)
    log = emu.requests
    assert (log.total, len(log)) == (5, 3)
    assert [r.path for r in log] == ["/user_account", "/nowhere", "/boards"]
    assert [r.path for r in log[1:]] == ["/nowhere", "/boards"] and log[-1].template == "/boards"
    assert [r.path for r in log.since(3)] == ["/nowhere", "/boards"] and log.since(5) == []
    assert (log.count("GET", "/boards"), log.count(template=None)) == (1, 3)
    with pytest.raises(ValueError, match="not all kept"):
        log.since(1)
    assert Emulator().requests.limit == 1_000
    with pytest.raises(ValueError, match="at least one"):
        Emulator(request_log_limit=0)
