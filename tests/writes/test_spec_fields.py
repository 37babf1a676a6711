"""Body fields the spec offers that the tools could not set, through an MCP client against the emulator.

Each is typed from the spec's enums and limits and refused before any request when out of them,
shown in the plan, sent as given, stored and served by the emulator, visible in reads, and undone
where the tool undoes. A QUIZ ad, offered as a creative type, can be built: its quiz data is
checked key by key as the other nested objects are, and the emulator builds it on an image Pin.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from pinterest_mcp.emulator.routes import planning as planning_routes
from pinterest_mcp.operations.planning import NOT_A_CURRENCY
from pinterest_mcp.server.build import build_server
from pinterest_mcp.spec.facts import vocabulary
from support.world import BIDDING_GROUP, PAUSED_CAMPAIGN, PIN, USD, World, ok, result_of, world_for
from support.write_examples import NEW_FORM

pytestmark = pytest.mark.anyio

AD = "687194666258"
GROUP = "2680059426667"
RESULT_PINS = ("877196253485214061", "877196253486535716")
QUIZ: dict[str, Any] = {
    "questions": [
        {"question_id": 1, "question_text": "Dinner tonight?", "options": [{"id": 1, "text": "Pasta"}]},
    ],
    "results": [{"result_id": n, "organic_pin_id": pin} for n, pin in enumerate(RESULT_PINS, 1)],
    "tie_breaker_type": "RANDOM",
}


@pytest.fixture
def world(tmp_path: Path) -> World:
    return world_for(tmp_path)


@pytest.fixture
async def client(world: World) -> AsyncIterator[Client]:
    await world.runtime.client()
    async with Client(build_server(world.runtime.settings, world.runtime)) as connected:
        yield connected


async def apply(client: Client, tool: str, arguments: dict[str, Any]) -> tuple[Any, Any]:
    plan = await ok(client, tool, arguments)
    return plan, await ok(client, tool, {**arguments, "confirmation": plan["confirmation"]})


def last_body(world: World) -> Any:
    return [r for r in world.emulator.requests if r.method != "GET"][-1].body


async def refused_unsent(client: Client, world: World, tool: str, arguments: dict[str, Any], named: str) -> None:
    before = len(world.emulator.requests)
    failed, answer = await result_of(client, tool, arguments)
    assert failed and named in str(answer), answer
    assert len(world.emulator.requests) == before, "refused before any request"


async def test_ad_disclosures_are_planned_sent_stored_read_and_undone(client: Client, world: World) -> None:
    change = {"id": AD, "disclosure_type": "MED_GUIDE", "disclosure_url": "https://example.com/guide"}
    plan, done = await apply(client, "update_ads", {"ad_account_id": USD, "ads": [change]})
    assert "MED_GUIDE" in str(plan["changes"]) and "https://example.com/guide" in str(plan["changes"]), plan
    assert last_body(world) == [change]
    read = await ok(client, "get_ad", {"ad_account_id": USD, "ad_id": AD, "fields": ["disclosure_type"]})
    assert read["disclosure_type"] == "MED_GUIDE"
    undo = await ok(client, "undo_change", {"entry": done["journal_entry"]})
    await ok(client, "undo_change", {"entry": done["journal_entry"], "confirmation": undo["confirmation"]})
    assert world.emulator.state.ads[AD].get("disclosure_type") is None


async def test_a_disclosure_type_outside_the_spec_is_refused_unsent(client: Client, world: World) -> None:
    arguments = {"ad_account_id": USD, "ads": [{"id": AD, "disclosure_type": "SIDE_EFFECTS"}]}
    await refused_unsent(client, world, "update_ads", arguments, "MED_GUIDE")


async def test_a_quiz_ad_is_built_from_its_questions_and_results(client: Client, world: World) -> None:
    ad = {"ad_group_id": GROUP, "pin_id": PIN, "creative_type": "QUIZ", "quiz_pin_data": QUIZ}
    plan, done = await apply(client, "create_ads", {"ad_account_id": USD, "ads": [ad]})
    assert "Dinner tonight?" in str(plan), plan
    assert done["status"] == "applied", done
    assert last_body(world)[0]["quiz_pin_data"] == QUIZ
    (created,) = [a for a in world.emulator.state.ads.values() if a["creative_type"] == "QUIZ"]
    assert created["quiz_pin_data"] == QUIZ and created["status"] == "PAUSED"


@pytest.mark.parametrize(
    ("ad", "named"),
    [
        ({"creative_type": "QUIZ"}, "quiz_pin_data: required with creative_type QUIZ"),
        ({"creative_type": "REGULAR", "quiz_pin_data": QUIZ}, "only with it"),
        ({"creative_type": "QUIZ", "quiz_pin_data": {**QUIZ, "tie_breaker_type": "CUSTOM"}}, "tie_breaker_custom"),
        ({"creative_type": "QUIZ", "quiz_pin_data": {**QUIZ, "tie_breaker_type": "COIN"}}, "RANDOM, CUSTOM"),
        ({"creative_type": "QUIZ", "quiz_pin_data": {"question": []}}, "did you mean questions"),
    ],
)
async def test_a_quiz_pinterest_would_refuse_is_refused_unsent(
    client: Client, world: World, ad: dict[str, Any], named: str
) -> None:
    arguments = {"ad_account_id": USD, "ads": [{"ad_group_id": GROUP, "pin_id": PIN, **ad}]}
    await refused_unsent(client, world, "create_ads", arguments, named)


async def test_the_emulator_refuses_a_quiz_whose_result_pin_does_not_exist(client: Client, world: World) -> None:
    quiz = {**QUIZ, "results": [{"result_id": 1, "organic_pin_id": "1"}]}
    arguments = {
        "ad_account_id": USD,
        "ads": [{"ad_group_id": GROUP, "pin_id": PIN, "creative_type": "QUIZ", "quiz_pin_data": quiz}],
    }
    plan = await ok(client, "create_ads", arguments)
    failed, done = await result_of(client, "create_ads", {**arguments, "confirmation": plan["confirmation"]})
    assert failed and "result Pin 1 not found" in str(done), done


async def test_ad_group_creative_optimization_promotion_level_and_bid_multiplier(client: Client, world: World) -> None:
    change = {
        "id": BIDDING_GROUP,
        "is_creative_optimization": True,
        "promotion_application_level": "ITEM",
        "bid_multiplier": 1.5,
    }
    plan, done = await apply(client, "update_ad_groups", {"ad_account_id": USD, "ad_groups": [change]})
    assert all(str(v) in str(plan["changes"]) for v in ("ITEM", "1.5")), plan
    assert last_body(world) == [change]
    stored = world.emulator.state.ad_groups[BIDDING_GROUP]
    assert (stored["is_creative_optimization"], stored["promotion_application_level"], stored["bid_multiplier"]) == (
        True,
        "ITEM",
        1.5,
    )
    fields = ["promotion_application_level", "bid_multiplier"]
    read = await ok(client, "get_ad_group", {"ad_account_id": USD, "ad_group_id": BIDDING_GROUP, "fields": fields})
    assert (read["promotion_application_level"], read["bid_multiplier"]) == ("ITEM", 1.5)
    undo = await ok(client, "undo_change", {"entry": done["journal_entry"]})
    await ok(client, "undo_change", {"entry": done["journal_entry"], "confirmation": undo["confirmation"]})
    assert world.emulator.state.ad_groups[BIDDING_GROUP]["is_creative_optimization"] is False


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("bid_multiplier", 0.05, "0.1 to 10, or 0"),
        ("bid_multiplier", 11, "less than or equal to 10"),
        ("promotion_application_level", "CAMPAIGN", "NONE, ITEM, AD_GROUP"),
    ],
)
async def test_ad_group_values_the_spec_refuses_are_refused_unsent(
    client: Client, world: World, field: str, value: Any, named: str
) -> None:
    arguments = {"ad_account_id": USD, "ad_groups": [{"id": BIDDING_GROUP, field: value}]}
    await refused_unsent(client, world, "update_ad_groups", arguments, named)


async def test_a_campaign_takes_its_invoice_order_line(client: Client, world: World) -> None:
    change = {"id": PAUSED_CAMPAIGN, "order_line_id": "549755885175"}
    plan, _ = await apply(client, "update_campaigns", {"ad_account_id": USD, "campaigns": [change]})
    assert "549755885175" in str(plan["changes"]), plan
    assert last_body(world)[0]["order_line_id"] == "549755885175"
    assert world.emulator.state.campaigns[PAUSED_CAMPAIGN]["order_line_id"] == "549755885175"
    new = {"name": "Invoiced", "objective_type": "AWARENESS", "order_line_id": "12"}
    await apply(client, "create_campaigns", {"ad_account_id": USD, "campaigns": [new]})
    assert last_body(world)[0]["order_line_id"] == "12"
    await refused_unsent(
        client,
        world,
        "update_campaigns",
        {"ad_account_id": USD, "campaigns": [{"id": PAUSED_CAMPAIGN, "order_line_id": "OL-1"}]},
        "order_line_id",
    )


BOARD = "877196184766014044"
SLIDES = [
    {"url": "https://images.example.com/1.jpg", "title": "Step 1", "description": "Chop"},
    {"url": "https://images.example.com/2.jpg", "title": "Step 2", "description": "Stir"},
]


async def test_a_carousel_pin_takes_slide_titles_descriptions_first_slide_and_sponsor(
    client: Client, world: World
) -> None:
    arguments = {
        "board_id": BOARD,
        "media_source": {"source_type": "multiple_image_urls", "items": SLIDES, "index": 1},
        "sponsor_id": "549755885175",
    }
    plan, done = await apply(client, "create_pin", arguments)
    assert "Step 2" in str(plan) and "549755885175" in str(plan), plan
    sent = last_body(world)
    assert sent["sponsor_id"] == "549755885175" and sent["media_source"]["index"] == 1
    pin = await ok(client, "get_pin", {"pin_id": done["results"][0]["id"], "fields": ["media"]})
    items = pin["media"]["items"]
    assert [(i["title"], i["description"]) for i in items] == [("Step 1", "Chop"), ("Step 2", "Stir")]


async def test_carousel_slots_change_titles_and_descriptions_and_undo_restores_them(
    client: Client, world: World
) -> None:
    _, made = await apply(
        client,
        "create_pin",
        {"board_id": BOARD, "media_source": {"source_type": "multiple_image_urls", "items": SLIDES}},
    )
    pin_id = made["results"][0]["id"]
    slots = [{"title": "First", "description": "Boil"}]
    plan, done = await apply(client, "update_pin", {"pin_id": pin_id, "carousel_slots": slots})
    assert "Boil" in str(plan), plan
    assert world.emulator.state.pins[pin_id]["media"]["items"][0]["description"] == "Boil"
    undo = await ok(client, "undo_change", {"entry": done["journal_entry"]})
    await ok(client, "undo_change", {"entry": done["journal_entry"], "confirmation": undo["confirmation"]})
    assert world.emulator.state.pins[pin_id]["media"]["items"][0]["description"] == "Chop"


@pytest.mark.parametrize(
    ("media", "named"),
    [
        ({"source_type": "multiple_image_urls", "items": SLIDES, "index": -1}, "greater than or equal to 0"),
        ({"source_type": "video_id", "media_id": "1", "cover_image_data": "aGk="}, "go together"),
        (
            {
                "source_type": "video_id",
                "media_id": "1",
                "cover_image_url": "https://a/b.jpg",
                "cover_image_key_frame_time": 1,
            },
            "give one cover",
        ),
    ],
)
async def test_pin_media_the_spec_refuses_is_refused_unsent(
    client: Client, world: World, media: dict[str, Any], named: str
) -> None:
    await refused_unsent(client, world, "create_pin", {"board_id": BOARD, "media_source": media}, named)


async def test_the_emulator_refuses_a_first_slide_past_the_last(client: Client, world: World) -> None:
    arguments = {"board_id": BOARD, "media_source": {"source_type": "multiple_image_urls", "items": SLIDES, "index": 2}}
    plan = await ok(client, "create_pin", arguments)
    failed, answer = await result_of(client, "create_pin", {**arguments, "confirmation": plan["confirmation"]})
    assert failed and "index 2 is past the last" in str(answer), answer


async def test_a_simplified_image_pin_is_not_standard(client: Client, world: World) -> None:
    media = {"source_type": "image_url", "url": "https://images.example.com/1.jpg", "is_standard": False}
    _, done = await apply(client, "create_pin", {"board_id": BOARD, "media_source": media})
    assert world.emulator.state.pins[done["results"][0]["id"]]["is_standard"] is False


def test_the_emulator_converts_every_currency_of_the_spec() -> None:
    """New ad accounts and bid floors take each of the spec's currencies but its "UNK" marker (8 of 27 before)."""
    assert set(planning_routes.RATES) == set(vocabulary("currencies")) - {NOT_A_CURRENCY}


async def test_an_ad_account_opens_in_any_currency_of_the_spec(client: Client, world: World) -> None:
    plan, done = await apply(client, "create_ad_account", {"name": "Seoul", "country": "KR", "currency": "KRW"})
    assert "KRW" in str(plan), plan
    assert done["status"] == "applied", done
    (account,) = [a for a in world.emulator.state.ad_accounts.values() if a["name"] == "Seoul"]
    assert (account["country"], account["currency"]) == ("KR", "KRW")


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"currency": "XYZ"}, "not a currency Pinterest takes: USD, GBP"),
        ({"currency": "UNK"}, "unknown currency"),
        ({"country": "XX"}, "unknown country 'XX'"),
    ],
)
async def test_currencies_and_countries_outside_the_spec_are_refused_unsent(
    client: Client, world: World, arguments: dict[str, Any], named: str
) -> None:
    await refused_unsent(client, world, "create_ad_account", {"name": "A", **arguments}, named)
    spec = {"billable_event": "CLICKTHROUGH", "currency": arguments.get("currency", "USD")}
    if "country" in arguments:
        spec["countries"] = [arguments["country"]]
    await refused_unsent(client, world, "get_bid_floors", {"ad_account_id": USD, "bid_floor_specs": [spec]}, named)


async def test_bid_floors_in_a_currency_the_emulator_did_not_convert_before(client: Client) -> None:
    spec = {"billable_event": "CLICKTHROUGH", "currency": "INR", "countries": ["IN"]}
    answer = await ok(client, "get_bid_floors", {"ad_account_id": USD, "bid_floor_specs": [spec]})
    assert answer["bid_floors"] == [round(100_000 * 83.0 * 0.6)], answer


RAMP_IDS = "XY1005wXyWPB1SgpMUKIpzA0I3UaLEz-2lg0wFAr1PWK7FMhs, XY1005wXyWPB1SgpMUKIpzA0I3UaLEz-2lg0wFAr1PWK7FMhs,Xi9Z"


@pytest.mark.parametrize("list_type", ["LR_ID", "DLX_ID", "HASHED_PINNER_ID"])
async def test_partner_id_lists_send_their_ids_as_given_and_never_show_them(
    client: Client, world: World, list_type: str
) -> None:
    args = {"ad_account_id": USD, "name": "Partner", "list_type": list_type, "records": RAMP_IDS}
    plan, done = await apply(client, "create_customer_list", args)
    sent = last_body(world)
    expected = "XY1005wXyWPB1SgpMUKIpzA0I3UaLEz-2lg0wFAr1PWK7FMhs,Xi9Z"  # trimmed, case kept, duplicate dropped
    assert (sent["list_type"], sent["records"]) == (list_type, expected)
    shown = str(plan) + str(done) + world.journal.read_text()
    assert "XY1005" not in shown and "<2 partner id records" in str(plan), plan
    created = done["now"][0]
    update = {
        "ad_account_id": USD,
        "customer_list_id": created["id"],
        "operation_type": "ADD",
        "list_type": list_type,
        "records": "Zz9",
    }
    await apply(client, "update_customer_list", update)
    assert last_body(world) == {"operation_type": "ADD", "records": "Zz9"}


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"list_type": "LR_ID", "records": "two words"}, "record 1 is not one id"),
        ({"list_type": "LR_ID", "records": "abc", "hashed": True}, "never hashed here"),
        ({"list_type": "PHONE", "records": "abc"}, "HASHED_PINNER_ID"),
    ],
)
async def test_partner_ids_that_are_not_ids_are_refused_unsent(
    client: Client, world: World, change: dict[str, Any], named: str
) -> None:
    await refused_unsent(client, world, "create_customer_list", {"ad_account_id": USD, "name": "P", **change}, named)


TAG_FLAGS = {
    "aem_fnln_enabled": True,
    "aem_ph_enabled": True,
    "aem_ge_enabled": False,
    "aem_db_enabled": True,
    "aem_loc_enabled": True,
    "aem_external_id_enabled": True,
    "md_frequency": 2.0,
}
POLICY = {"disclosure_language": "We call you back.", "policy_links": [{"label": "Terms", "link": "https://e.co/t"}]}
GOAL = {"frequency_goal_metadata": {"frequency": 3, "timerange": "DAY"}}


async def test_a_conversion_tag_takes_every_enhanced_match_switch(client: Client, world: World) -> None:
    await apply(client, "create_conversion_tag", {"ad_account_id": USD, "name": "Shop", **TAG_FLAGS})
    assert last_body(world) == {"name": "Shop", **TAG_FLAGS}
    (tag,) = [t for t in world.emulator.state.collection("conversion_tags").values() if t["name"] == "Shop"]
    assert {k: tag["configs"][k] for k in TAG_FLAGS} == TAG_FLAGS


@pytest.mark.parametrize(
    ("tool", "arguments", "sent"),
    [
        (
            "create_targeting_template",
            {"name": "T", "targeting_attributes": {"GEO": ["US"]}, "tracking_urls": {"click": ["https://t.co/c"]}},
            {"tracking_urls": {"click": ["https://t.co/c"]}},
        ),
        (
            "create_lead_forms",
            {"lead_forms": [{**NEW_FORM, **POLICY}]},
            POLICY,
        ),
        ("follow_user", {"username": "cozytablestudio", "auto_follow": True}, {"auto_follow": True}),
    ],
)
async def test_fields_the_spec_offers_reach_the_planned_body(
    client: Client, tool: str, arguments: dict[str, Any], sent: dict[str, Any]
) -> None:
    if tool != "follow_user":
        arguments = {"ad_account_id": USD, **arguments}
    plan = await ok(client, tool, arguments)
    body = plan["body"]
    body = body[0] if tool == "create_lead_forms" else body
    assert {k: body[k] for k in sent} == sent, plan


async def test_sizing_floors_and_product_reports_send_the_specs_fields(client: Client, world: World) -> None:
    await ok(
        client,
        "get_audience_size",
        {"ad_account_id": USD, "creative_types": ["VIDEO"], "product_group_ids": ["123"]},
    )
    assert last_body(world) == {"creative_types": ["VIDEO"], "product_group_ids": ["123"]}
    spec = {"billable_event": "CLICKTHROUGH", "currency": "USD", "optimization_goal_metadata": GOAL}
    await ok(client, "get_bid_floors", {"ad_account_id": USD, "bid_floor_specs": [spec]})
    assert last_body(world)["bid_floor_specs"] == [spec]
    windows = {
        "campaign_objective_types": ["AWARENESS"],
        "click_window_days": 7,
        "view_window_days": 1,
        "conversion_report_time": "TIME_OF_CONVERSION",
    }
    start = datetime.now(UTC).date() - timedelta(days=30)
    report = {
        "ad_account_id": USD,
        "report_name": "SKUs",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=13)).isoformat(),
        "granularity": "WEEK",
        "level": "CAMPAIGN",
        "columns": ["TOTAL_CONVERSION_PRODUCT_QUANTITY"],
        **windows,
    }
    await ok(client, "create_conversion_product_report", report)
    assert {k: last_body(world).get(k) for k in windows} == windows


@pytest.mark.parametrize(
    ("tool", "arguments", "named"),
    [
        ("get_audience_size", {"creative_types": ["QUIZ"]}, "REGULAR, VIDEO"),
        ("create_conversion_tag", {"name": "T", "md_frequency": -1}, "greater than or equal to 0"),
        ("create_lead_forms", {"lead_forms": [{**NEW_FORM, "policy_links": [POLICY["policy_links"][0]] * 4}]}, "3"),
    ],
)
async def test_more_values_the_spec_refuses_are_refused_unsent(
    client: Client, world: World, tool: str, arguments: dict[str, Any], named: str
) -> None:
    await refused_unsent(client, world, tool, {"ad_account_id": USD, **arguments}, named)


CREATIVE = {
    "collections_header_type": "SHOP_THIS_COLLECTION",
    "slideshow_collections_title": "Kitchen",
    "preferred_media_type": "VIDEO",
    "is_generate_background": True,
}


async def test_a_promotion_takes_its_creative_settings_and_undo_restores_them(client: Client, world: World) -> None:
    promoted = (await ok(client, "list_product_group_promotions", {"ad_account_id": USD}))["items"][0]
    args = {
        "ad_account_id": USD,
        "ad_group_id": promoted["ad_group_id"],
        "product_group_promotion": [{"id": promoted["id"], **CREATIVE}],
    }
    plan, done = await apply(client, "update_product_group_promotions", args)
    assert "SHOP_THIS_COLLECTION" in str(plan["changes"]), plan
    stored = world.emulator.state.product_group_promotions[promoted["id"]]
    assert {k: stored[k] for k in CREATIVE} == CREATIVE
    read = await ok(
        client,
        "get_product_group_promotion",
        {"ad_account_id": USD, "product_group_promotion_id": promoted["id"], "fields": list(CREATIVE)},
    )
    assert {k: read[k] for k in CREATIVE} == CREATIVE
    undo = await ok(client, "undo_change", {"entry": done["journal_entry"]})
    await ok(client, "undo_change", {"entry": done["journal_entry"], "confirmation": undo["confirmation"]})
    assert world.emulator.state.product_group_promotions[promoted["id"]]["slideshow_collections_title"] is None
    refused = {**args, "product_group_promotion": [{"id": promoted["id"], "collections_header_type": "SALE"}]}
    await refused_unsent(client, world, "update_product_group_promotions", refused, "ON_SALE")
