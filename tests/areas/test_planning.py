"""Planning reads and the ad account writes through a real MCP client against the emulator."""

from __future__ import annotations

import pytest
from mcp import Client

from pinterest_mcp.config.endpoints import SANDBOX_URL
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.composite.sandbox import sandbox_refusal
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
SETTINGS = Settings(demo=True, toolsets=("account", "ads", "ads_manage", "planning"))


async def test_audience_size_narrows_with_targeting_and_bad_targeting_is_refused() -> None:
    async with Client(build_server(SETTINGS)) as client:
        account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
        broad = await call(client, "get_audience_size", ad_account_id=account, targeting_spec={"GEO": ["US"]})
        narrow = await call(
            client,
            "get_audience_size",
            ad_account_id=account,
            targeting_spec={"GEO": ["US"], "AGE_BUCKET": ["25-34"], "GENDER": ["female"]},
            keywords=[{"value": "dutch oven", "match_type": "BROAD"}],
        )
        bad = await client.call_tool(
            "get_audience_size", {"ad_account_id": account, "targeting_spec": {"GEOX": ["US"]}}
        )
    assert narrow["audience_size_upper_bound"] < broad["audience_size_lower_bound"]
    assert broad["audience_size_lower_bound"] < broad["audience_size_upper_bound"]
    assert bad.is_error and "GEOX" in text_of(bad)


async def test_bid_floors_answer_one_floor_per_spec_in_its_currency() -> None:
    async with Client(build_server(SETTINGS)) as client:
        account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
        specs = [
            {"billable_event": "IMPRESSION", "currency": "USD", "countries": ["US"]},
            {"billable_event": "CLICKTHROUGH", "currency": "EUR", "countries": ["PT"], "creative_type": "VIDEO"},
        ]
        floors = await call(client, "get_bid_floors", ad_account_id=account, bid_floor_specs=specs)
        typo = await client.call_tool(
            "get_bid_floors",
            {"ad_account_id": account, "bid_floor_specs": [{**specs[0], "creative_type": "VIDEOS"}]},
        )
    assert floors["bid_floors"][0] == 2_000_000 and 0 < floors["bid_floors"][1] < 100_000
    assert typo.is_error and "did you mean VIDEO" in text_of(typo)


async def test_ad_account_and_ad_preview_are_planned_then_created() -> None:
    async with Client(build_server(SETTINGS)) as client:
        account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
        new = {"name": "Hearth & Harvest DE", "country": "DE", "currency": "EUR"}
        plan = await call(client, "create_ad_account", **new)
        made = await call(client, "create_ad_account", **new, confirmation=plan["confirmation"])
        listed = {a["id"] for a in (await call(client, "list_ad_accounts", all_pages=True))["items"]}
        preview = {"ad_account_id": account, "image_url": "https://i.example.com/bowl.jpg", "title": "Bowls"}
        planned = await call(client, "create_ad_preview", **preview)
        link = await call(client, "create_ad_preview", **preview, confirmation=planned["confirmation"])
        mixed = await client.call_tool("create_ad_preview", {**preview, "pin_id": "1"})
    assert made["now"][0]["currency"] == "EUR" and made["results"][0]["id"] in listed
    assert link["results"][0]["id"].startswith("https://ads.example.com/preview/")
    assert mixed.is_error and "pin_id, or image_url with title" in text_of(mixed)


async def test_reset_sandbox_runs_in_demo_and_is_refused_outside_the_sandbox() -> None:
    async with Client(build_server(SETTINGS)) as client:
        account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
        plan = await call(client, "reset_sandbox", ad_account_id=account)
        done = await call(client, "reset_sandbox", ad_account_id=account, confirmation=plan["confirmation"])
        campaigns = await call(client, "list_campaigns", ad_account_id=account)
    assert "cannot be undone" in plan["warnings"][0] and done["now"] == [{"deleted": account}]
    assert campaigns["count"] == 0
    production = Settings(toolsets=("ads_manage",))
    refusal = sandbox_refusal(production)
    assert refusal is not None and SANDBOX_URL in refusal and production.base_url in refusal
    assert sandbox_refusal(Settings(base_url=SANDBOX_URL)) is None
    async with Client(build_server(production)) as client:
        result = await client.call_tool("reset_sandbox", {"ad_account_id": account})
    assert result.is_error and "only against Pinterest's sandbox" in text_of(result)
