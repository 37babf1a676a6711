"""The emulator's writes: spec conformance of every write route, and Pinterest's write semantics.

Request bodies the tests mean to be valid are validated against the spec's request schema before
they are sent, so the tests cannot drift from what Pinterest accepts; every answer is validated
against the spec's schema for its status.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import pytest
from jsonschema import FormatChecker
from openapi_schema_validator import OAS30Validator

from pinterest_mcp.emulator import Emulator
from pinterest_mcp.emulator.http.routes import ENDPOINTS
from support.asset_conformance import AccountParams, asset_write_story
from support.business_conformance import business_write_story
from support.catalog_writes import catalog_write_story
from support.conformance import created_id, generated_body, path_ids, seeded_ids
from support.money_examples import money_story

pytestmark = pytest.mark.anyio
BASE_URL = "http://emulator/v5"
AUTH = {"Authorization": "Bearer test-token"}
T0 = 1_780_000_000  # 2026-05-28, after every seeded timestamp
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
CAMPAIGNS = "/ad_accounts/{ad_account_id}/campaigns"
AD_GROUPS = "/ad_accounts/{ad_account_id}/ad_groups"
ADS = "/ad_accounts/{ad_account_id}/ads"
AUDIENCES = "/ad_accounts/{ad_account_id}/audiences"
AUDIENCE = "/ad_accounts/{ad_account_id}/audiences/{audience_id}"
KEYWORDS = "/ad_accounts/{ad_account_id}/keywords"
BOARDS = "/boards"
BOARD = "/boards/{board_id}"
SECTIONS = "/boards/{board_id}/sections"
SECTION = "/boards/{board_id}/sections/{section_id}"
PINS = "/pins"
PIN = "/pins/{pin_id}"
SAVE = "/pins/{pin_id}/save"


class Clock:
    """A hand-moved clock: writes stamp ``now``; ``advance`` moves it without sleeping."""

    def __init__(self) -> None:
        self.now = float(T0)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: int) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def emu(clock: Clock) -> Emulator:
    return Emulator(seed=7, clock=clock, today=lambda: date(2026, 5, 28))


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=emu.app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL, headers=AUTH) as connected:
        yield connected


@dataclass
class Api:
    """Sends requests, checking bodies against the spec both ways; remembers which routes it checked."""

    client: httpx.AsyncClient
    spec: dict[str, Any]
    checked: set[tuple[str, str]] = field(default_factory=set)

    def operation(self, method: str, template: str) -> dict[str, Any]:
        operation: dict[str, Any] = self.spec["paths"][template][method.lower()]
        return operation

    def validate(self, schema: dict[str, Any], body: Any, where: str) -> None:
        validator = OAS30Validator({**schema, "components": self.spec["components"]}, format_checker=FormatChecker())
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(body)]
        assert not errors, f"{where} does not match the spec:\n" + "\n".join(errors[:10])

    async def call(
        self,
        method: str,
        template: str,
        status: int,
        body: Any = None,
        *,
        valid_body: bool = True,
        query: dict[str, str] | None = None,
        **params: str,
    ) -> Any:
        """Send ``body`` to ``template`` filled with ``params``; assert ``status``; return the JSON answer."""
        return await self.send(method, template, status, body, params, valid_body=valid_body, query=query)

    async def send(
        self,
        method: str,
        template: str,
        status: int,
        body: Any,
        params: Mapping[str, str],
        *,
        valid_body: bool = True,
        query: dict[str, str] | None = None,
    ) -> Any:
        """``call`` with the path parameters as a mapping."""
        operation = self.operation(method, template)
        if body is not None and valid_body:
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            self.validate(schema, body, f"request to {method} {template}")
        path = template.format(**params)
        response = await self.client.request(method, path, json=body, params=query)
        assert response.status_code == status, (method, path, response.text)
        self.checked.add((method, template))
        responses = operation["responses"]
        answer = responses.get(str(status), responses["default"])
        if "content" not in answer:
            assert response.content == b"", (method, path)
            return None
        self.validate(answer["content"]["application/json"]["schema"], response.json(), f"{status} of {method} {path}")
        return response.json()

    async def get(self, path: str, status: int = 200) -> Any:
        response = await self.client.get(path)
        assert response.status_code == status, (path, response.text)
        return response.json()


@pytest.fixture
def api(spec: dict[str, Any], client: httpx.AsyncClient) -> Api:
    return Api(client, spec)


@dataclass(frozen=True)
class Facts:
    usd: str
    eur: str
    spring: str  # ACTIVE campaign with ad groups
    archived: str  # an ARCHIVED campaign of usd
    group: str  # an ad group of spring
    ad: str  # an ad in that group
    eur_campaign: str
    regular_pin: str
    video_pin: str
    board: str  # a PUBLIC board with sections
    section: str
    other_board: str


def facts(emu: Emulator) -> Facts:
    state = emu.state
    usd = next(a["id"] for a in state.ad_accounts.values() if a["currency"] == "USD")
    eur = next(a["id"] for a in state.ad_accounts.values() if a["currency"] == "EUR")
    spring = next(c["id"] for c in state.campaigns.values() if c["name"].startswith("Spring Sale 2026"))
    group = next(g["id"] for g in state.ad_groups.values() if g["campaign_id"] == spring)
    boards = [b for b in state.boards.values() if b["privacy"] == "PUBLIC" and state.sections_on(b["id"])]
    return Facts(
        usd=usd,
        eur=eur,
        spring=spring,
        archived=next(c["id"] for c in state.campaigns_of(usd) if c["status"] == "ARCHIVED"),
        group=group,
        ad=next(a["id"] for a in state.ads.values() if a["ad_group_id"] == group),
        eur_campaign=state.campaigns_of(eur)[0]["id"],
        regular_pin=next(p["id"] for p in state.pins.values() if p["creative_type"] == "REGULAR"),
        video_pin=next(p["id"] for p in state.pins.values() if p["creative_type"] == "VIDEO"),
        board=boards[0]["id"],
        section=next(iter(state.sections_on(boards[0]["id"]))),
        other_board=boards[1]["id"],
    )


def new_campaign(account: str, name: str = "Summer 2026 – Awareness", **extra: Any) -> dict[str, Any]:
    return {"ad_account_id": account, "name": name, "objective_type": "AWARENESS", **extra}


def new_group(campaign: str, name: str = "Summer – Broad", **extra: Any) -> dict[str, Any]:
    return {"campaign_id": campaign, "name": name, "billable_event": "IMPRESSION", **extra}


def data(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The entities of a bulk answer whose items all succeeded."""
    assert all(not item.get("exceptions") for item in answer["items"]), answer
    return [item["data"] for item in answer["items"]]


# ----- conformance ---------------------------------------------------------------------------------------------


async def organic_writes(api: Api, usd: str, pin: str) -> None:
    """Follows, websites, media uploads, ad accounts, planning POSTs and the sandbox reset (test_planning.py)."""
    acct: AccountParams = {"ad_account_id": usd}
    await api.call("POST", "/user_account/following/{username}", 200, {}, username="halfbakedharvest")
    site = {"website": "blog.hearthandharvest.example.com", "verification_method": "METATAG"}
    await api.call("POST", "/user_account/websites", 200, site)
    await api.call("DELETE", "/user_account/websites", 204, query={"website": site["website"]})
    await api.call("POST", "/media", 201, {"media_type": "video"})
    await api.call("POST", "/ad_accounts", 201, {"name": "Hearth & Harvest DE", "country": "DE", "currency": "EUR"})
    targeting = {"GEO": ["US"], "AGE_BUCKET": ["25-34"]}
    sizing = {"targeting_spec": targeting, "keywords": [{"value": "pan", "match_type": "BROAD"}]}
    await api.call("POST", "/ad_accounts/{ad_account_id}/ad_groups/audience_sizing", 200, sizing, **acct)
    floors = {"bid_floor_specs": [{"billable_event": "IMPRESSION", "currency": "USD", "countries": ["US"]}]}
    await api.call("POST", "/ad_accounts/{ad_account_id}/bid_floor", 200, floors, **acct)
    await api.call("POST", "/ad_accounts/{ad_account_id}/ad_previews", 200, {"pin_id": pin}, **acct)
    await api.call("POST", "/user_account/following/{username}", 404, {}, username="nobody-known")
    await api.call("DELETE", "/ad_accounts/{ad_account_id}/sandbox", 200, **acct)


async def test_every_write_route_answers_as_the_spec_says(emu: Emulator, api: Api, clock: Clock) -> None:
    """One story through the write routes; each request and answer (success and error) validates.

    A write route the story leaves out is sent a body generated from its request schema (an update
    the id its create on the same path made) and must succeed with an answer the spec validates.
    """
    f = facts(emu)
    ids = seeded_ids(emu.state)
    acct: AccountParams = {"ad_account_id": f.usd}
    created = await api.call(
        "POST", CAMPAIGNS, 200, [new_campaign(f.usd, status="PAUSED", daily_spend_cap=50_000_000)], **acct
    )
    campaign = data(created)[0]
    clock.advance(60)
    await api.call("PATCH", CAMPAIGNS, 200, [{"id": campaign["id"], **acct, "lifetime_spend_cap": None}], **acct)
    group = data(
        await api.call(
            "POST",
            AD_GROUPS,
            200,
            [new_group(campaign["id"], budget_in_micro_currency=20_000_000, targeting_spec={"GEO": ["US"]})],
            **acct,
        )
    )[0]
    await api.call("PATCH", AD_GROUPS, 200, [{"id": group["id"], "status": "PAUSED"}], **acct)
    ad = {"ad_group_id": group["id"], "pin_id": f.regular_pin, "creative_type": "REGULAR", "name": "Shrimp pasta"}
    made = data(await api.call("POST", ADS, 200, [ad], **acct))[0]
    await api.call("PATCH", ADS, 200, [{"id": made["id"], "status": "PAUSED", "destination_url": None}], **acct)
    rule = {"customer_list_id": "549755885111"}
    audience = await api.call(
        "POST", AUDIENCES, 200, {"name": "VIPs", "audience_type": "CUSTOMER_LIST", "rule": rule}, **acct
    )
    await api.call("PATCH", AUDIENCE, 200, {"description": "Top buyers"}, audience_id=audience["id"], **acct)
    await api.get(AUDIENCES.format(**acct))
    words = [{"value": "picnic basket", "match_type": "BROAD"}, {"value": "free", "match_type": "PHRASE_NEGATIVE"}]
    keywords = await api.call("POST", KEYWORDS, 200, {"parent_id": group["id"], "keywords": words}, **acct)
    archive = [{"id": keywords["keywords"][0]["id"], "archived": True}, {"id": "1", "archived": True}]
    await api.call("PATCH", KEYWORDS, 200, {"keywords": archive}, **acct)
    board = await api.call("POST", BOARDS, 201, {"name": "Picnic Ideas", "privacy": "SECRET"})
    await api.call("PATCH", BOARD, 200, {"description": "Summer", "privacy": "PUBLIC"}, board_id=board["id"])
    section = await api.call("POST", SECTIONS, 201, {"name": "Salads"}, board_id=board["id"])
    await api.call("PATCH", SECTION, 200, {"name": "Big Salads"}, board_id=board["id"], section_id=section["id"])
    pin = await api.call(
        "POST",
        PINS,
        201,
        {
            "board_id": board["id"],
            "board_section_id": section["id"],
            "title": "Peach salad",
            "link": "https://hearthandharvest.example.com/recipes/peach-salad",
            "media_source": {"source_type": "image_url", "url": "https://images.example.org/peach.jpg"},
        },
    )
    await api.call("PATCH", PIN, 200, {"title": "Peach & burrata salad", "alt_text": None}, pin_id=pin["id"])
    saved = await api.call("POST", SAVE, 201, {"board_id": f.board}, pin_id=pin["id"])
    window = {"start_date": "2026-05-01", "end_date": "2026-05-27", "granularity": "DAY"}
    report = {**window, "level": "CAMPAIGN", "columns": ["SPEND_IN_DOLLAR"]}  # lifecycle: test_emulator_reports.py
    await api.call("POST", "/ad_accounts/{ad_account_id}/reports", 200, report, **acct)
    mmm: dict[str, Any] = {"report_name": "mix", **window, "granularity": "WEEK", "level": "CAMPAIGN_TARGETING"}
    mmm |= {"targeting_types": ["GENDER"], "columns": ["SPEND_IN_MICRO_DOLLAR"]}
    await api.call("POST", "/ad_accounts/{ad_account_id}/mmm_reports", 200, mmm, **acct)
    product: dict[str, Any] = {"report_name": "brands", **window, "granularity": "TOTAL", "level": "CAMPAIGN"}
    product["columns"] = ["CAMPAIGN_ID"]
    await api.call("POST", "/ad_accounts/{ad_account_id}/reports/brand_category_sku", 200, product, **acct)
    template = (await api.get(f"/ad_accounts/{f.usd}/templates"))["items"][0]
    templated = "/ad_accounts/{ad_account_id}/templates/{template_id}/reports"
    await api.call("POST", templated, 200, None, template_id=template["id"], **acct)
    bulk = {"create": {"campaigns": [{"name": "Bulk", "ad_account_id": f.usd, "objective_type": "AWARENESS"}]}}
    await api.call("POST", "/ad_accounts/{ad_account_id}/bulk/upsert", 200, bulk, **acct)  # lifecycle: test_bulk.py
    await api.call("POST", "/ad_accounts/{ad_account_id}/bulk/download", 200, {"entity_types": ["AD"]}, **acct)
    await money_story(api, emu.state, f.usd)  # insertion orders, credits, promotions, sharing, item bids
    await api.call("DELETE", PIN, 204, pin_id=saved["id"])
    await api.call("DELETE", SECTION, 204, board_id=board["id"], section_id=section["id"])
    await api.call("DELETE", BOARD, 204, board_id=board["id"])
    # errors answer in the operation's error schema
    await api.call("POST", CAMPAIGNS, 400, {"name": "not a list"}, valid_body=False, **acct)
    await api.call("DELETE", BOARD, 404, board_id=board["id"])
    await api.call("POST", SAVE, 404, {"board_id": f.board}, pin_id="123")
    await api.call("POST", SECTIONS, 400, {"name": ""}, valid_body=False, board_id=f.board)
    await api.call("DELETE", SECTION, 404, board_id=f.board, section_id="123")
    await api.call("PATCH", AUDIENCE, 404, {"name": "x"}, audience_id="1", **acct)
    await api.call("POST", KEYWORDS, 400, {"keywords": words}, valid_body=False, **acct)
    await api.call("PATCH", KEYWORDS, 400, {"keywords": []}, valid_body=False, **acct)
    event = {"event_name": "checkout", "action_source": "web", "event_time": T0 - 60, "event_id": "o-1"}
    events = [{**event, "user_data": {"em": ["a" * 64]}}, {**event, "event_id": "o-2", "user_data": {"em": ["x"]}}]
    sent = await api.call("POST", "/ad_accounts/{ad_account_id}/events", 200, {"data": events}, **acct)
    assert [e["status"] for e in sent["events"]] == ["processed", "failed"] and sent["num_events_processed"] == 1
    hooks = "/ad_accounts/{ad_account_id}/leads/subscriptions"
    await api.call("POST", hooks, 400, {"webhook_url": "http://crm.example.com/leads"}, **acct)
    hook = await api.call("POST", hooks, 200, {"webhook_url": "https://crm.example.com/leads"}, **acct)
    assert len(hook["cryptographic_key"]) == 64  # the create's answer only: reads never show it
    await api.call("DELETE", hooks + "/{subscription_id}", 204, subscription_id=hook["id"], **acct)
    await api.call("DELETE", hooks + "/{subscription_id}", 404, subscription_id=hook["id"], **acct)
    shop = {"external_business_id": "shop-9", "partner_access_token": "pat-1", "connected_advertiser_id": f.usd}
    await api.call("POST", "/integrations/commerce", 200, shop)
    await api.call("POST", "/integrations/commerce", 409, shop)
    commerce = "/integrations/commerce/{external_business_id}"
    await api.call("PATCH", commerce, 200, {"scopes": "ads:read"}, external_business_id="shop-9")
    await api.call("DELETE", commerce, 204, external_business_id="shop-9")
    logs = {"logs": [{"client_timestamp": T0 * 1000, "event_type": "APP", "log_level": "INFO", "message": "ok"}]}
    await api.call("POST", "/integrations/logs", 200, logs)
    leads = {"ad_id": made["id"], "start_date": "2026-05-01", "end_date": "2026-05-27"}
    await api.call("POST", "/ad_accounts/{ad_account_id}/leads_export", 200, leads, **acct)
    await api.call("POST", "/ad_accounts/{ad_account_id}/leads_export", 404, {**leads, "ad_id": "1"}, **acct)
    await asset_write_story(api, emu.state)
    await business_write_story(api, emu.state)
    await catalog_write_story(api, emu.state)
    await organic_writes(api, f.usd, f.regular_pin)
    generated_ids: dict[str, str] = {}
    for endpoint in sorted((e for e in ENDPOINTS if e.method != "GET"), key=lambda e: e.method != "POST"):
        if (endpoint.method, endpoint.path) not in api.checked:
            body = generated_body(endpoint.operation_id, {**ids, "id": generated_ids.get(endpoint.path, "")})
            success = next(code for code in api.operation(endpoint.method, endpoint.path)["responses"] if code < "300")
            answer = await api.send(endpoint.method, endpoint.path, int(success), body, path_ids(endpoint.path, ids))
            generated_ids[endpoint.path] = created_id(answer) or ""
    assert {(e.method, e.path) for e in ENDPOINTS if e.method != "GET"} <= api.checked


async def test_seeded_audiences_validate_and_targeting_points_at_them(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    owned = (await api.get(f"/ad_accounts/{f.usd}/audiences?page_size=250"))["items"]
    types = {a["audience_type"] for a in owned}
    assert {"CUSTOMER_LIST", "VISITOR", "ENGAGEMENT", "ACTALIKE"} <= types
    assert all(a["ad_account_id"] == f.usd and a["type"] == "audience" for a in owned)
    received = (await api.get(f"/ad_accounts/{f.usd}/audiences?ownership_type=RECEIVED"))["items"]
    assert received and not {a["id"] for a in received} & {a["id"] for a in owned}
    ids = {a["id"] for a in owned}
    targeted = [
        audience
        for group in emu.state.ad_groups_of(f.usd)
        for audience in group["targeting_spec"].get("AUDIENCE_INCLUDE", [])
    ]
    assert targeted and set(targeted) <= ids
    descending = (await api.get(f"/ad_accounts/{f.usd}/audiences?order=DESCENDING"))["items"]
    assert [a["id"] for a in descending] == sorted(ids, key=int, reverse=True)
    bad = await api.get(f"/ad_accounts/{f.usd}/audiences?ownership_type=MINE", status=400)
    assert bad["code"] == 1 and "ownership_type" in bad["message"]


# ----- ads writes ----------------------------------------------------------------------------------------------


async def test_created_campaign_reads_back_like_seeded_ones(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    answer = await api.call(
        "POST",
        CAMPAIGNS,
        200,
        [new_campaign(f.usd), new_campaign(f.usd, "Paused one", status="PAUSED")],
        ad_account_id=f.usd,
    )
    active, paused = data(answer)
    assert (active["status"], active["summary_status"]) == ("ACTIVE", "RUNNING")  # the spec's default status
    assert (paused["status"], paused["summary_status"]) == ("PAUSED", "PAUSED")
    assert active["created_time"] == active["updated_time"] == T0 and active["type"] == "campaign"
    assert int(paused["id"]) > int(active["id"]) > max(int(c) for c in emu.state.campaigns if c != paused["id"]) - 1
    got = await api.get(f"/ad_accounts/{f.usd}/campaigns/{active['id']}")
    assert got == active
    assert set(got) == set(emu.state.campaigns[f.spring])
    listed = await api.get(f"/ad_accounts/{f.usd}/campaigns?order=DESCENDING&page_size=2")
    assert [c["id"] for c in listed["items"]] == [paused["id"], active["id"]]
    assert (await api.get(f"/ad_accounts/{f.eur}/campaigns/{active['id']}", status=404))["code"] == 404


async def test_partial_update_changes_only_what_was_sent_and_null_clears(emu: Emulator, api: Api, clock: Clock) -> None:
    f = facts(emu)
    before = await api.get(f"/ad_accounts/{f.usd}/campaigns/{f.spring}")
    assert before["lifetime_spend_cap"] is not None
    clock.advance(3600)
    change = [{"id": f.spring, "ad_account_id": f.usd, "name": "Spring Sale – renamed", "lifetime_spend_cap": None}]
    after = data(await api.call("PATCH", CAMPAIGNS, 200, change, ad_account_id=f.usd))[0]
    assert after["name"] == "Spring Sale – renamed" and after["lifetime_spend_cap"] is None
    assert after["updated_time"] == T0 + 3600 > before["updated_time"]
    untouched = {k: v for k, v in before.items() if k not in ("name", "lifetime_spend_cap", "updated_time")}
    assert {k: after[k] for k in untouched} == untouched
    assert await api.get(f"/ad_accounts/{f.usd}/campaigns/{f.spring}") == after
    group = await api.get(f"/ad_accounts/{f.usd}/ad_groups/{f.group}")
    end = T0 + 30 * 86_400
    moved = data(
        await api.call(
            "PATCH",
            AD_GROUPS,
            200,
            [{"id": f.group, "end_time": end, "bid_in_micro_currency": 2_000_000}],
            ad_account_id=f.usd,
        )
    )[0]
    assert (moved["end_time"], moved["bid_in_micro_currency"]) == (end, 2_000_000)
    assert moved["budget_in_micro_currency"] == group["budget_in_micro_currency"]
    cleared = data(await api.call("PATCH", AD_GROUPS, 200, [{"id": f.group, "end_time": None}], ad_account_id=f.usd))
    assert cleared[0]["end_time"] is None


async def test_archived_entities_cannot_be_changed(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    acct: AccountParams = {"ad_account_id": f.usd}
    archived = data(await api.call("PATCH", CAMPAIGNS, 200, [{"id": f.spring, **acct, "status": "ARCHIVED"}], **acct))
    assert archived[0]["summary_status"] == "ARCHIVED"
    for campaign in (f.spring, f.archived):
        answer = await api.call("PATCH", CAMPAIGNS, 200, [{"id": campaign, **acct, "status": "ACTIVE"}], **acct)
        (item,) = answer["items"]
        assert "data" not in item and item["exceptions"][0]["code"] == 2318
        assert "ARCHIVED" in item["exceptions"][0]["message"]
    assert emu.state.campaigns[f.spring]["status"] == "ARCHIVED"
    refused = await api.call("POST", AD_GROUPS, 200, [new_group(f.spring)], **acct)
    assert refused["items"][0]["exceptions"][0]["code"] == 2318
    await api.call("PATCH", ADS, 200, [{"id": f.ad, "status": "ARCHIVED"}], **acct)
    again = await api.call("PATCH", ADS, 200, [{"id": f.ad, "name": "back"}], **acct)
    assert again["items"][0]["exceptions"]["code"] == 2318


async def test_mixed_items_partly_fail_with_http_200_in_request_order(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    before = len(emu.state.campaigns)
    items: list[Any] = [
        new_campaign(f.usd, "Good one"),
        {"ad_account_id": f.usd, "name": "No objective"},
        new_campaign(f.usd, "Bad objective", objective_type="SALES"),
        new_campaign(f.usd, "Negative cap", daily_spend_cap=-5),
        new_campaign(f.usd, "Other account", ad_account_id=f.eur),
        new_campaign(f.usd, "Backwards", start_time=T0 + 100, end_time=T0 + 50),
        "not an object",
        new_campaign(f.usd, "Good two", unknown_field="ignored"),
    ]
    answer = await api.call("POST", CAMPAIGNS, 200, items, valid_body=False, ad_account_id=f.usd)
    results = answer["items"]
    assert len(results) == len(items)
    assert [r["data"]["name"] for r in results if "data" in r] == ["Good one", "Good two"]
    assert results[0]["exceptions"] == results[-1]["exceptions"] == []
    expected = ["objective_type", "objective_type", "daily_spend_cap", "ad_account_id", "end_time", "object"]
    for result, word in zip(results[1:-1], expected, strict=True):
        assert "data" not in result
        (exception,) = result["exceptions"]
        assert exception["code"] == 1 and word in exception["message"], (word, exception)
    assert len(emu.state.campaigns) == before + 2
    ads = await api.call(
        "POST",
        ADS,
        200,
        [
            {"ad_group_id": f.group, "pin_id": f.regular_pin, "creative_type": "REGULAR"},
            {"ad_group_id": f.group, "pin_id": "1", "creative_type": "REGULAR"},
            {"ad_group_id": f.group, "pin_id": f.video_pin, "creative_type": "REGULAR"},
            {"ad_group_id": "AG" + f.group, "pin_id": f.video_pin, "creative_type": "VIDEO"},
        ],
        ad_account_id=f.usd,
    )
    good, missing, mismatch, prefixed = ads["items"]
    assert good["data"]["review_status"] == "PENDING" and "exceptions" not in good
    assert missing == {"exceptions": {"code": 50, "message": "Pin 1 not found."}}
    assert "creative_type" in mismatch["exceptions"]["message"]
    assert prefixed["data"]["ad_group_id"] == f.group


async def test_injected_item_exceptions_fail_only_matching_items(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    acct: AccountParams = {"ad_account_id": f.usd}
    emu.inject_item_exception("campaign", name="Flaky", code=4108, message="Try again later.", times=2)
    emu.inject_item_exception("ad_group", id=f.group)
    answer = await api.call(
        "POST", CAMPAIGNS, 200, [new_campaign(f.usd, "Flaky"), new_campaign(f.usd, "Steady")], **acct
    )
    flaky, steady = answer["items"]
    assert flaky == {"exceptions": [{"code": 4108, "message": "Try again later."}]}
    assert steady["data"]["name"] == "Steady"
    second = await api.call("POST", CAMPAIGNS, 200, [new_campaign(f.usd, "Flaky")], **acct)
    assert second["items"][0]["exceptions"][0]["code"] == 4108
    third = await api.call("POST", CAMPAIGNS, 200, [new_campaign(f.usd, "Flaky")], **acct)
    assert third["items"][0]["data"]["name"] == "Flaky"  # times=2 is used up
    other = next(g["id"] for g in emu.state.ad_groups_of(f.usd) if g["id"] != f.group and g["status"] != "ARCHIVED")
    groups = await api.call(
        "PATCH", AD_GROUPS, 200, [{"id": other, "name": "fine"}, {"id": f.group, "name": "refused"}], **acct
    )
    fine, refused = groups["items"]
    assert fine["data"]["name"] == "fine" and refused["exceptions"][0]["code"] == 1
    assert emu.state.ad_groups[f.group]["name"] != "refused"
    emu.inject_item_exception("ad", code=2, message="Advertiser not found.")
    ads = await api.call("PATCH", ADS, 200, [{"id": f.ad, "name": "x"}, {"id": f.ad, "name": "y"}], **acct)
    assert [item.get("exceptions") for item in ads["items"]] == [{"code": 2, "message": "Advertiser not found."}, None]
    with pytest.raises(ValueError, match="kind"):
        emu.inject_item_exception("board")


async def test_bulk_bodies_must_be_arrays_of_1_to_30(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    before = len(emu.state.campaigns)
    bodies: list[Any] = [
        [new_campaign(f.usd, f"c{n}") for n in range(31)],
        [],
        new_campaign(f.usd),
        "campaign",
    ]
    for body in bodies:
        error = await api.call("POST", CAMPAIGNS, 400, body, valid_body=False, ad_account_id=f.usd)
        assert error["code"] == 1 and ("array" in error["message"] or "1 to 30" in error["message"]), error
    raw = await api.client.post(f"/ad_accounts/{f.usd}/ad_groups", content=b"{not json")
    assert raw.status_code == 400 and "JSON" in raw.json()["message"]
    empty = await api.client.patch(f"/ad_accounts/{f.usd}/ads")
    assert empty.status_code == 400 and empty.json()["code"] == 1
    assert len(emu.state.campaigns) == before
    thirty = [new_campaign(f.usd, f"c{n}") for n in range(30)]
    assert len(data(await api.call("POST", CAMPAIGNS, 200, thirty, ad_account_id=f.usd))) == 30
    unknown = await api.call("POST", CAMPAIGNS, 404, [new_campaign("999")], ad_account_id="999")
    assert unknown["code"] == 404


async def test_ad_group_rules(emu: Emulator, api: Api, clock: Clock) -> None:
    f = facts(emu)
    acct: AccountParams = {"ad_account_id": f.usd}
    state = emu.state
    cbo = next(c for c in state.campaigns_of(f.usd) if c["is_campaign_budget_optimization"])
    eur_audience = state.audiences_of(f.eur)[0]["id"]
    usd_audience = state.audiences_of(f.usd)[1]["id"]
    goal = state.ad_groups[f.group]["optimization_goal_metadata"]  # spring is a WEB_CONVERSION campaign
    items = [
        new_group(
            f.spring,
            "ok",
            budget_in_micro_currency=1_000_000,
            targeting_spec={"AUDIENCE_INCLUDE": [usd_audience]},
            optimization_goal_metadata=goal,
        ),
        new_group(f.eur_campaign, "foreign campaign"),
        new_group("1", "no campaign"),
        new_group(f.spring, "too small", budget_in_micro_currency=999_999),
        new_group(f.spring, "lifetime", budget_type="LIFETIME", budget_in_micro_currency=90_000_000),
        new_group(f.spring, "backwards", start_time=T0 + 200, end_time=T0 + 100),
        new_group(f.spring, "past end", end_time=T0 - 1),
        new_group(cbo["id"], "own budget", budget_in_micro_currency=5_000_000),
        new_group(f.spring, "cbo type", budget_type="CBO_ADGROUP"),
        new_group(f.spring, "their audience", targeting_spec={"AUDIENCE_INCLUDE": [eur_audience]}),
        new_group(cbo["id"], "cbo ok"),
    ]
    answer = await api.call("POST", AD_GROUPS, 200, items, **acct)
    by_name = {item["name"]: result for item, result in zip(items, answer["items"], strict=True)}
    ok = by_name.pop("ok")["data"]
    assert ok["start_time"] == state.campaigns[f.spring]["start_time"] and ok["type"] == "adgroup"
    assert set(ok) == set(state.ad_groups[f.group])  # like the seeded conversion group
    cbo_ok = by_name.pop("cbo ok")["data"]
    assert (cbo_ok["budget_type"], cbo_ok["budget_in_micro_currency"]) == ("CBO_ADGROUP", None)
    expected = {
        "foreign campaign": (404, f.eur_campaign),
        "no campaign": (404, "Campaign 1"),
        "too small": (1, "one currency unit"),
        "lifetime": (1, "LIFETIME"),
        "backwards": (1, "after start_time"),
        "past end": (1, "past"),
        "own budget": (1, "campaign budget optimization"),
        "cbo type": (1, "does not use campaign budget optimization"),
        "their audience": (1, eur_audience),
    }
    for name, (code, words) in expected.items():
        (exception,) = by_name[name]["exceptions"]
        assert exception["code"] == code and words in exception["message"], (name, exception)
    listed = await api.get(f"/ad_accounts/{f.usd}/ad_groups?campaign_ids={f.spring}&page_size=250")
    assert ok in listed["items"]
    moved = await api.call("PATCH", AD_GROUPS, 200, [{"id": ok["id"], "campaign_id": cbo["id"]}], **acct)
    assert "campaign_id" in moved["items"][0]["exceptions"][0]["message"]
    other_account = await api.call("PATCH", AD_GROUPS, 200, [{"id": ok["id"], "name": "x"}], ad_account_id=f.eur)
    assert other_account["items"][0]["exceptions"][0]["code"] == 404


async def test_ad_rules_and_deleted_pins(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    acct: AccountParams = {"ad_account_id": f.usd}
    eur_group = emu.state.ad_groups_of(f.eur)[0]["id"]
    answer = await api.call(
        "POST",
        ADS,
        200,
        [
            {"ad_group_id": f.group, "pin_id": f.regular_pin, "creative_type": "REGULAR", "status": "PAUSED"},
            {"ad_group_id": eur_group, "pin_id": f.regular_pin, "creative_type": "REGULAR"},
        ],
        **acct,
    )
    ad, foreign = answer["items"]
    ad = ad["data"]
    assert (ad["status"], ad["summary_status"], ad["campaign_id"]) == ("PAUSED", "PAUSED", f.spring)
    assert ad["destination_url"] == emu.state.pins[f.regular_pin]["link"]
    assert foreign["exceptions"]["code"] == 404
    assert set(ad) == set(emu.state.ads[f.ad])
    assert await api.get(f"/ad_accounts/{f.usd}/ads/{ad['id']}") == ad
    fixed = await api.call("PATCH", ADS, 200, [{"id": ad["id"], "pin_id": f.video_pin}], **acct)
    assert "pin_id" in fixed["items"][0]["exceptions"]["message"]
    live = data(await api.call("PATCH", ADS, 200, [{"id": ad["id"], "status": "ACTIVE"}], **acct))[0]
    assert live["summary_status"] == "PENDING"  # an ACTIVE ad shows its review state
    await api.call("DELETE", PIN, 204, pin_id=f.regular_pin)
    assert (await api.get(f"/ad_accounts/{f.usd}/ads/{ad['id']}"))["is_pin_deleted"] is True
    gone = await api.call(
        "POST", ADS, 200, [{"ad_group_id": f.group, "pin_id": f.regular_pin, "creative_type": "REGULAR"}], **acct
    )
    assert gone["items"][0]["exceptions"]["code"] == 50


async def test_created_entities_join_analytics_without_delivering(emu: Emulator, api: Api) -> None:
    """New ads wait in review, so reports stay as they were and still answer for the new campaign."""
    f = facts(emu)
    acct: AccountParams = {"ad_account_id": f.usd}
    campaign = data(await api.call("POST", CAMPAIGNS, 200, [new_campaign(f.usd)], **acct))[0]
    group = data(await api.call("POST", AD_GROUPS, 200, [new_group(campaign["id"])], **acct))[0]
    await api.call(
        "POST", ADS, 200, [{"ad_group_id": group["id"], "pin_id": f.regular_pin, "creative_type": "REGULAR"}], **acct
    )
    window = "start_date=2026-05-01&end_date=2026-05-28&granularity=TOTAL&columns=SPEND_IN_MICRO_DOLLAR"
    assert await api.get(f"/ad_accounts/{f.usd}/campaigns/analytics?{window}&campaign_ids={campaign['id']}") == []
    spring = await api.get(f"/ad_accounts/{f.usd}/campaigns/analytics?{window}&campaign_ids={f.spring}")
    assert spring and spring[0]["SPEND_IN_MICRO_DOLLAR"] > 0


# ----- audiences -----------------------------------------------------------------------------------------------


async def test_audiences_create_get_update_and_remove(emu: Emulator, api: Api, clock: Clock) -> None:
    f = facts(emu)
    acct: AccountParams = {"ad_account_id": f.usd}
    seed = emu.state.audiences_of(f.usd)[0]["id"]
    body = {
        "ad_account_id": f.usd,
        "name": "Lookalike buyers",
        "audience_type": "ACTALIKE",
        "rule": {"seed_id": [seed], "country": "US", "percentage": 5},
        "description": "1-5% of the US",
    }
    created = await api.call("POST", AUDIENCES, 200, body, **acct)
    assert (created["status"], created["size"], created["created_timestamp"]) == ("INITIALIZING", None, T0)
    assert await api.get(f"/ad_accounts/{f.usd}/audiences/{created['id']}") == created
    listed = (await api.get(f"/ad_accounts/{f.usd}/audiences?page_size=250"))["items"]
    assert created in listed
    assert (await api.get(f"/ad_accounts/{f.eur}/audiences/{created['id']}", status=404))["code"] == 404
    bad_rules = [
        {"name": "x", "audience_type": "VISITOR", "rule": {"retention_days": 30}},
        {"name": "x", "audience_type": "ACTALIKE", "rule": {"seed_id": ["1"], "country": "US", "percentage": 5}},
        {"name": "x", "audience_type": "ENGAGEMENT", "rule": {"engagement_domain": ["a.com"], "retention_days": 541}},
    ]
    for bad, word in zip(bad_rules, ("visitor_source_id", "seed_id", "retention_days"), strict=True):
        error = await api.call("POST", AUDIENCES, 400, bad, valid_body=False, **acct)
        assert error["code"] == 1 and word in error["message"], error
    missing = await api.call(
        "POST", AUDIENCES, 400, {"name": "x", "audience_type": "PERSONA"}, valid_body=False, **acct
    )
    assert "rule" in missing["message"]
    clock.advance(120)
    updated = await api.call(
        "PATCH",
        AUDIENCE,
        200,
        {"name": "Lookalike buyers (5%)", "rule": {"percentage": 3}},
        audience_id=created["id"],
        **acct,
    )
    assert updated["rule"] == {"seed_id": [seed], "country": "US", "percentage": 3}
    assert updated["description"] == created["description"] and updated["updated_timestamp"] == T0 + 120
    removed = await api.call("PATCH", AUDIENCE, 200, {"operation_type": "REMOVE"}, audience_id=created["id"], **acct)
    assert removed["status"] == "REMOVED"
    await api.get(f"/ad_accounts/{f.usd}/audiences/{created['id']}", status=404)
    shared = (await api.get(f"/ad_accounts/{f.usd}/audiences?ownership_type=RECEIVED"))["items"][0]
    refused = await api.call("PATCH", AUDIENCE, 400, {"name": "mine now"}, audience_id=shared["id"], **acct)
    assert "shared" in refused["message"]


# ----- boards and sections -------------------------------------------------------------------------------------


async def test_boards_create_update_and_unique_names(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    board = await api.call("POST", BOARDS, 201, {"name": "Picnic Ideas", "description": "Outdoor eating"})
    assert (board["privacy"], board["pin_count"], board["created_at"]) == ("PUBLIC", 0, "2026-05-28T20:26:40Z")
    assert set(board) >= set(emu.state.boards[f.board]) - {"board_pins_modified_at"}
    assert await api.get(f"/boards/{board['id']}") == board
    assert board["id"] in {b["id"] for b in (await api.get("/boards?page_size=250"))["items"]}
    taken = await api.call("POST", BOARDS, 409, {"name": "picnic ideas"})
    assert taken["code"] == 58 and "Picnic Ideas" in taken["message"]
    clash = await api.call("PATCH", BOARD, 409, {"name": emu.state.boards[f.board]["name"]}, board_id=board["id"])
    assert clash["code"] == 58
    updated = await api.call("PATCH", BOARD, 200, {"description": None, "privacy": "SECRET"}, board_id=board["id"])
    assert (updated["name"], updated["description"], updated["privacy"]) == ("Picnic Ideas", None, "SECRET")
    assert (await api.get("/boards?privacy=SECRET"))["items"][-1]["id"] == board["id"]
    protected = await api.call("PATCH", BOARD, 400, {"privacy": "PROTECTED"}, valid_body=False, board_id=board["id"])
    assert "privacy" in protected["message"]
    assert (await api.call("POST", BOARDS, 400, {"privacy": "PUBLIC"}, valid_body=False))["code"] == 1
    business = await api.call("POST", BOARDS, 400, {"name": "Other"}, query={"ad_account_id": "12ab"})
    assert "ad_account_id" in business["message"]
    await api.call("POST", BOARDS, 201, {"name": "Other"}, query={"ad_account_id": f.usd})


async def test_board_delete_removes_its_sections_and_pins(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    pins = [p["id"] for p in emu.state.pins_on(f.board)]
    assert pins
    await api.call("DELETE", BOARD, 204, board_id=f.board, query={"ad_account_id": f.usd})
    assert (await api.get(f"/boards/{f.board}", status=404))["code"] == 40
    await api.get(f"/boards/{f.board}/sections", status=404)
    for pin in pins:
        assert (await api.get(f"/pins/{pin}", status=404))["code"] == 50
    assert not emu.state.sections_on(f.board)
    promoted = [ad for ad in emu.state.ads.values() if ad["pin_id"] in pins]
    assert all(ad["is_pin_deleted"] for ad in promoted)


async def test_sections_are_unique_per_board_and_take_their_pins_along(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    sections = emu.state.sections_on(f.board)
    name = sections[f.section]["name"]
    assert (await api.call("POST", SECTIONS, 409, {"name": name.upper()}, board_id=f.board))["code"] == 409
    elsewhere = await api.call("POST", SECTIONS, 201, {"name": name}, board_id=f.other_board)
    assert elsewhere["name"] == name
    other = next(s for s in sections if s != f.section)
    clash = await api.call("PATCH", SECTION, 409, {"name": name}, board_id=f.board, section_id=other)
    assert "already" in clash["message"]
    renamed = await api.call("PATCH", SECTION, 200, {"name": "Quick Meals"}, board_id=f.board, section_id=f.section)
    assert renamed == {"id": f.section, "name": "Quick Meals"}
    listed = (await api.get(f"/boards/{f.board}/sections"))["items"]
    assert renamed in listed
    in_section = {p["id"] for p in emu.state.pins_on(f.board, f.section)}
    on_board = {p["id"] for p in emu.state.pins_on(f.board)}
    await api.call("DELETE", SECTION, 204, board_id=f.board, section_id=f.section)
    assert {p["id"] for p in emu.state.pins_on(f.board)} == on_board - in_section
    board = await api.get(f"/boards/{f.board}")
    assert board["pin_count"] == len(on_board - in_section)
    missing = await api.get(f"/boards/{f.board}/sections/{f.section}/pins", status=404)
    assert missing["code"] == 2031
    too_long = await api.call("POST", SECTIONS, 400, {"name": "x" * 181}, valid_body=False, board_id=f.board)
    assert "name" in too_long["message"]


# ----- Pins ----------------------------------------------------------------------------------------------------


async def test_pins_are_created_from_each_media_source(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    link = "https://hearthandharvest.example.com/shop/stoneware"
    sources = {
        "image_url": ({"source_type": "image_url", "url": "https://images.example.org/a.jpg"}, "REGULAR", "image"),
        "image_base64": ({"source_type": "image_base64", "content_type": "image/png", "data": PNG}, "REGULAR", "image"),
        "pin_url": ({"source_type": "pin_url", "is_affiliate_link": False}, "REGULAR", "image"),
        "multiple_image_urls": (
            {
                "source_type": "multiple_image_urls",
                "items": [
                    {"url": "https://images.example.org/1.jpg", "title": "Bowl", "link": link + "/bowl"},
                    {"url": "https://images.example.org/2.jpg", "description": "Plate"},
                ],
            },
            "CAROUSEL",
            "multiple_images",
        ),
    }
    for name, (source, creative_type, media_type) in sources.items():
        body = {"board_id": f.board, "board_section_id": f.section, "media_source": source, "link": link, "title": name}
        pin = await api.call("POST", PINS, 201, body)
        assert (pin["creative_type"], pin["media"]["media_type"]) == (creative_type, media_type), name
        assert (pin["board_id"], pin["board_section_id"], pin["is_owner"]) == (f.board, f.section, True)
        assert await api.get(f"/pins/{pin['id']}") == pin
        section_pins = (await api.get(f"/boards/{f.board}/sections/{f.section}/pins"))["items"]
        assert section_pins[0]["id"] == pin["id"]  # newest first
    carousel = pin["media"]["items"]
    assert [(i["title"], i["link"]) for i in carousel] == [("Bowl", link + "/bowl"), (None, None)]
    board = await api.get(f"/boards/{f.board}")
    assert board["board_pins_modified_at"] == "2026-05-28T20:26:40Z"


async def test_pin_create_refuses_what_pinterest_refuses(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    image = {"source_type": "image_url", "url": "https://images.example.org/a.jpg"}
    before = len(emu.state.pins)
    cases: list[tuple[dict[str, Any], int, int, str]] = [
        ({"media_source": image}, 400, 1, "board_id"),
        ({"board_id": f.board}, 400, 1, "media_source"),
        ({"board_id": "123", "media_source": image}, 404, 40, "123"),
        ({"board_id": f.other_board, "board_section_id": f.section, "media_source": image}, 404, 2031, f.section),
        ({"board_id": f.board, "media_source": {"source_type": "pin_url"}}, 400, 1, "link"),
        ({"board_id": f.board, "media_source": {"source_type": "video_id", "media_id": "12345"}}, 400, 1, "media_id"),
        ({"board_id": f.board, "media_source": {"source_type": "image_url"}}, 400, 1, "media_source.url"),
        ({"board_id": f.board, "media_source": {"source_type": "gif"}}, 400, 1, "source_type"),
        ({"board_id": f.board, "media_source": image, "title": "t" * 101}, 400, 1, "title"),
        ({"board_id": f.board, "media_source": image, "link": "ftp://x"}, 400, 1, "link"),
        (
            {
                "board_id": f.board,
                "media_source": {"source_type": "image_base64", "content_type": "image/png", "data": "abc"},
            },
            400,
            1,
            "base64",
        ),
        (
            {
                "board_id": f.board,
                "media_source": {"source_type": "multiple_image_urls", "items": [{"url": "https://a/1"}]},
            },
            400,
            1,
            "items",
        ),
    ]
    for body, status, code, word in cases:
        error = await api.call("POST", PINS, status, body, valid_body=False)
        assert error["code"] == code and word in error["message"], (body, error)
    assert len(emu.state.pins) == before


async def test_pin_update_moves_and_edits_only_what_was_sent(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    pin = emu.state.pins_on(f.board, f.section)[0]
    before = await api.get(f"/pins/{pin['id']}")
    edited = await api.call("PATCH", PIN, 200, {"title": "New title", "alt_text": None}, pin_id=pin["id"])
    assert (edited["title"], edited["alt_text"]) == ("New title", None)
    assert {k: v for k, v in edited.items() if k not in ("title", "alt_text")} == {
        k: v for k, v in before.items() if k not in ("title", "alt_text")
    }
    moved = await api.call("PATCH", PIN, 200, {"board_id": f.other_board}, pin_id=pin["id"])
    assert (moved["board_id"], moved["board_section_id"]) == (f.other_board, None)
    assert pin["id"] in {p["id"] for p in (await api.get(f"/boards/{f.other_board}/pins?page_size=250"))["items"]}
    wrong = await api.call("PATCH", PIN, 404, {"board_section_id": f.section}, pin_id=pin["id"])
    assert wrong["code"] == 2031
    carousel = next(p for p in emu.state.pins.values() if p["creative_type"] == "CAROUSEL")
    slots = await api.call("PATCH", PIN, 200, {"carousel_slots": [{"title": "First!"}]}, pin_id=carousel["id"])
    assert slots["media"]["items"][0]["title"] == "First!"
    assert slots["media"]["items"][0]["link"] == carousel["media"]["items"][0]["link"]
    not_carousel = await api.call("PATCH", PIN, 400, {"carousel_slots": [{"title": "x"}]}, pin_id=pin["id"])
    assert "carousel" in not_carousel["message"]
    await api.call("DELETE", PIN, 204, pin_id=pin["id"])
    assert (await api.call("DELETE", PIN, 404, pin_id=pin["id"]))["code"] == 50


async def test_save_pin_copies_it_onto_another_board(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    source = emu.state.pins_on(f.board)[0]
    section = next(iter(emu.state.sections_on(f.other_board)))
    saved = await api.call(
        "POST", SAVE, 201, {"board_id": f.other_board, "board_section_id": section}, pin_id=source["id"]
    )
    assert saved["id"] != source["id"] and saved["parent_pin_id"] == source["id"]
    assert (saved["board_id"], saved["board_section_id"]) == (f.other_board, section)
    copied = ("title", "description", "link", "media", "creative_type", "alt_text", "dominant_color")
    assert {k: saved[k] for k in copied} == {k: source[k] for k in copied}
    assert saved["created_at"] == "2026-05-28T20:26:40Z"
    assert emu.state.pins[source["id"]]["board_id"] == f.board  # the source stays where it was
    repins = (await api.get("/pins?pin_filter=exclude_native&page_size=250"))["items"]
    assert saved["id"] in {p["id"] for p in repins}
    assert (await api.call("POST", SAVE, 400, {}, pin_id=source["id"]))["code"] == 1
    assert (await api.call("POST", SAVE, 404, {"board_id": "999"}, pin_id=source["id"]))["code"] == 40
    await api.call("POST", SAVE, 404, {"board_id": f.board, "board_section_id": section}, pin_id=source["id"])


# ----- gate, recording, determinism ----------------------------------------------------------------------------


async def test_write_routes_are_recorded_and_can_be_faulted(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    before = len(emu.state.campaigns)
    emu.inject_fault("POST", CAMPAIGNS, status=503)
    faulted = await api.client.post(f"/ad_accounts/{f.usd}/campaigns", json=[new_campaign(f.usd)])
    assert faulted.status_code == 503 and len(emu.state.campaigns) == before
    await api.client.post(f"/ad_accounts/{f.usd}/campaigns", json=[new_campaign(f.usd)])
    assert len(emu.state.campaigns) == before + 1
    emu.inject_fault("DELETE", "/boards/{board_id}", status=429)
    assert (await api.client.delete(f"/boards/{f.board}")).status_code == 429
    assert f.board in emu.state.boards
    first, second, third = emu.requests
    assert (first.method, first.template, first.body) == ("POST", CAMPAIGNS, [new_campaign(f.usd)])
    assert second.body == first.body and (third.method, third.template) == ("DELETE", BOARD)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app), base_url=BASE_URL) as anonymous:
        assert (await anonymous.post("/boards", json={"name": "x"})).status_code == 401


async def test_same_writes_give_the_same_answers() -> None:
    async def story() -> list[bytes]:
        emu = Emulator(seed=7, clock=lambda: T0)
        f = facts(emu)
        transport = httpx.ASGITransport(app=emu.app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL, headers=AUTH) as client:
            answers = [
                await client.post(f"/ad_accounts/{f.usd}/campaigns", json=[new_campaign(f.usd)]),
                await client.post("/boards", json={"name": "Picnic"}),
                await client.post(
                    "/pins",
                    json={"board_id": f.board, "media_source": {"source_type": "image_url", "url": "https://a/b"}},
                ),
            ]
        return [answer.content for answer in answers]

    assert await story() == await story()


# ----- keywords ------------------------------------------------------------------------------------------------


async def test_keywords_are_created_per_item_by_parent_kind(emu: Emulator, api: Api) -> None:
    """Ad groups take every match type, campaigns and the account only excluded ones; refusals land in errors."""
    f = facts(emu)
    acct: AccountParams = {"ad_account_id": f.usd}
    before = len(emu.state.keywords)
    words: list[dict[str, Any]] = [
        {"value": "Picnic Basket", "match_type": "BROAD", "bid": None},
        {"value": "picnic basket", "match_type": "BROAD"},
        {"value": "picnic basket", "match_type": "EXACT"},
        {"value": "x" * 121, "match_type": "EXACT"},
        {"value": "wicker", "match_type": "SOMETIMES"},
        {"match_type": "PHRASE"},
    ]
    answer = await api.call(
        "POST", KEYWORDS, 200, {"parent_id": "AG" + f.group, "keywords": words}, valid_body=False, **acct
    )
    created = answer["keywords"]
    assert [(k["value"], k["match_type"]) for k in created] == [("Picnic Basket", "BROAD"), ("picnic basket", "EXACT")]
    assert all(
        (k["parent_id"], k["parent_type"], k["archived"], k["bid"]) == (f.group, "ad_group", False, None)
        for k in created
    )
    reasons = [(e["data"]["value"][:10], e["error_messages"][0]) for e in answer["errors"]]
    for (value, message), word in zip(reasons, ("already exists", "120", "match_type", "value"), strict=True):
        assert word in message, (value, message)
    assert answer["errors"][2]["data"]["match_type"] is None  # an unknown match type is not echoed back
    listed = (await api.get(f"/ad_accounts/{f.usd}/keywords?ad_group_id={f.group}"))["items"]
    assert [k for k in listed if k["id"] in {c["id"] for c in created}] == created
    assert len(emu.state.keywords) == before + 2
    only_negative = "Advertisers and Campaigns only accept excluded targeting attributes."
    campaign_words = [{"value": "cheap", "match_type": "EXACT_NEGATIVE"}, {"value": "grill", "match_type": "BROAD"}]
    on_campaign = await api.call(
        "POST", KEYWORDS, 200, {"parent_id": "C" + f.spring, "keywords": campaign_words}, **acct
    )
    assert [k["parent_type"] for k in on_campaign["keywords"]] == ["campaign"]
    assert on_campaign["errors"][0]["error_messages"] == [only_negative]
    account_words = [{"value": "sale", "match_type": "PHRASE"}, {"value": "wholesale", "match_type": "PHRASE_NEGATIVE"}]
    on_account = await api.call("POST", KEYWORDS, 200, {"parent_id": f.usd, "keywords": account_words}, **acct)
    assert on_account["errors"][0]["error_messages"] == [only_negative]
    own = (await api.get(f"/ad_accounts/{f.usd}/keywords"))["items"]
    assert on_account["keywords"][0] in own
    one = [{"value": "brunch", "match_type": "BROAD"}]
    for parent, word in ((f.eur_campaign, "not ad account"), (f.archived, "ARCHIVED"), ("AG" + f.spring, "not ad")):
        refused = await api.call("POST", KEYWORDS, 200, {"parent_id": parent, "keywords": one}, **acct)
        assert refused["keywords"] == [] and word in refused["errors"][0]["error_messages"][0], (parent, refused)
    emu.inject_item_exception("keyword", code=4108, message="Try again later.")
    flaky = await api.call("POST", KEYWORDS, 200, {"parent_id": f.group, "keywords": one}, **acct)
    assert flaky["errors"][0]["error_messages"] == ["Try again later."] and flaky["keywords"] == []
    for body in ({"keywords": one}, {"parent_id": f.group}, {"parent_id": f.group, "keywords": []}, one):
        error = await api.call("POST", KEYWORDS, 400, body, valid_body=False, **acct)
        assert error["code"] == 1, body


async def test_archived_keywords_are_gone_for_good(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    acct: AccountParams = {"ad_account_id": f.usd}
    seeded = next(
        k for k in emu.state.keywords.values() if k["ad_account_id"] == f.usd and k["parent_type"] == "ad_group"
    )
    group = seeded["parent_id"]
    other_account = next(k["id"] for k in emu.state.keywords.values() if k["ad_account_id"] == f.eur)
    changes = [{"id": seeded["id"], "archived": True}, {"id": other_account, "archived": True}, {"id": "1"}]
    answer = await api.call("PATCH", KEYWORDS, 200, {"keywords": changes}, **acct)
    (archived,) = answer["keywords"]
    assert archived["id"] == seeded["id"] and archived["archived"] is True
    assert [e["data"].get("id") for e in answer["errors"]] == [other_account, "1"]
    assert all("not found" in e["error_messages"][0] for e in answer["errors"])
    assert answer["errors"][0]["data"]["value"] == ""  # another account's keyword is not revealed
    listed = (await api.get(f"/ad_accounts/{f.usd}/keywords?ad_group_id={group}&page_size=250"))["items"]
    assert seeded["id"] not in {k["id"] for k in listed}
    again = await api.call("PATCH", KEYWORDS, 200, {"keywords": [{"id": seeded["id"], "archived": False}]}, **acct)
    assert again["keywords"] == [] and "permanent" in again["errors"][0]["error_messages"][0]
    assert again["errors"][0]["data"]["value"] == seeded["value"]
    assert emu.state.keywords[other_account]["archived"] is False


async def test_web_conversion_ad_groups_need_a_conversion_goal_and_targeting_keys_must_be_known(
    api: Api, emu: Emulator
) -> None:
    """Pinterest's rules: a WEB_CONVERSION campaign's ad group names its conversion tag and event; no GEOX."""
    f = facts(emu)
    assert emu.state.campaigns[f.spring]["objective_type"] == "WEB_CONVERSION"
    tag = next(t for t in emu.state.conversion_tags.values() if t["ad_account_id"] == f.usd)["id"]
    base: dict[str, Any] = {"campaign_id": f.spring, "name": "Converters", "billable_event": "IMPRESSION"}
    base |= {"budget_in_micro_currency": 10_000_000}
    goal = {"conversion_tag_v3_goal_metadata": {"conversion_tag_id": tag, "conversion_event": "CHECKOUT"}}
    cases = [
        (base, "need conversion_tag_v3_goal_metadata with conversion_tag_id and conversion_event"),
        (
            {**base, "optimization_goal_metadata": {"conversion_tag_v3_goal_metadata": {"conversion_tag_id": tag}}},
            "with conversion_event.",
        ),
        ({**base, "optimization_goal_metadata": goal, "targeting_spec": {"GEOX": ["US"]}}, "targeting type GEOX"),
    ]
    for item, why in cases:
        answer = await api.call("POST", AD_GROUPS, 200, [item], valid_body=False, ad_account_id=f.usd)
        (refused,) = answer["items"]
        assert "data" not in refused and why in str(refused["exceptions"]), (item, refused)
    good = [{**base, "optimization_goal_metadata": goal}]
    created = await api.call("POST", AD_GROUPS, 200, good, ad_account_id=f.usd)
    (made,) = created["items"]
    assert made["data"]["optimization_goal_metadata"]["conversion_tag_v3_goal_metadata"]["conversion_tag_id"] == tag


async def test_a_campaign_takes_one_brand_label_and_each_value_once(emu: Emulator, api: Api) -> None:
    f = facts(emu)
    labels = [
        {"value": v, "label_type": t}
        for v, t in (("A", "BRAND"), ("B", "BRAND"), ("c", "CUSTOM"), ("C", "CUSTOM"), ("d", None))
    ]
    acct: AccountParams = {"ad_account_id": f.usd}
    path = "/ad_accounts/{ad_account_id}/labels"
    answer = await api.call("POST", path, 200, {"parent_id": f"C{f.spring}", "labels": labels}, **acct)
    assert [label["value"] for label in answer["labels"]] == ["A", "c"]
    reasons = " ".join(e["error_messages"][0] for e in answer["errors"])
    assert "campaign" in reasons and "at most 1 BRAND" in reasons and "already exists" in reasons
    assert "must be one of BRAND, CUSTOM" in reasons  # the spec's LabelType allows null; no label is of no type
    other = await api.call("POST", path, 200, {"parent_id": f.eur_campaign, "labels": labels[2:]}, **acct)
    assert "not found in ad account" in other["errors"][0]["error_messages"][0]
    moved = [{"id": answer["labels"][0]["id"], "parent_id": f.eur_campaign, "label_type": "CUSTOM", "value": "D"}]
    (renamed,) = (await api.call("PATCH", path, 200, {"labels": moved}, valid_body=False, **acct))["labels"]
    assert (renamed["parent_id"], renamed["label_type"], renamed["value"]) == (
        f.spring,
        "BRAND",
        "D",
    )  # unlisted keys ignored
