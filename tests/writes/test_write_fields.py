"""The write fields people need, and the nested objects a plan checks as Pinterest would, through an MCP client.

A targeting spec or audience rule Pinterest would reject is refused at the plan, naming the key
and the values it allows, before any request; an ad group of a WEB_CONVERSION campaign takes
its optimization goals (and the emulator, like Pinterest, refuses one without); the fields the
issue found missing reach the request exactly as given; removing an audience is a destructive,
planned and confirmed delete; archiving is marked destructive.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from pinterest_mcp.operations import write_shapes
from pinterest_mcp.server.build import build_server
from support.world import PAUSED_CAMPAIGN, PIN, SPRING, USD, World, ok, result_of, world_for

pytestmark = pytest.mark.anyio

CONVERSION_TAG = "2613100793489"
LEAD_FORM = "1099511356540"
GOAL = {"conversion_tag_v3_goal_metadata": {"conversion_tag_id": CONVERSION_TAG, "conversion_event": "CHECKOUT"}}


@pytest.fixture
def world(tmp_path: Path) -> World:
    return world_for(tmp_path)


@pytest.fixture
async def client(world: World) -> AsyncIterator[Client]:
    await world.runtime.client()  # the emulator exists from the start, so its request log can say "nothing"
    async with Client(build_server(world.runtime.settings, world.runtime)) as connected:
        yield connected


def group(campaign: str, **fields: Any) -> dict[str, Any]:
    return {
        "ad_account_id": USD,
        "ad_groups": [
            {"campaign_id": campaign, "name": "G", "billable_event": "IMPRESSION", "budget_in_micro_currency": 10**7}
            | fields
        ],
    }


async def apply(client: Client, tool: str, arguments: dict[str, Any]) -> Any:
    plan = await ok(client, tool, arguments)
    return await ok(client, tool, {**arguments, "confirmation": plan["confirmation"]})


def sent(world: World, method: str) -> list[Any]:
    return [r for r in world.emulator.requests if r.method == method]


@pytest.mark.parametrize(
    ("targeting", "named"),
    [
        ({"GEOX": ["US"]}, ["unknown key 'GEOX'", "did you mean GEO", "AGE_BUCKET"]),
        ({"AGE_BUCKET": ["12-17"]}, ["targeting_spec.AGE_BUCKET", "'12-17'", "18-24", "65+"]),
        ({"GENDER": "female"}, ["targeting_spec.GENDER must be a list"]),
        ({"AUDIENCE_INCLUDE": ["abc"]}, ["targeting_spec.AUDIENCE_INCLUDE", "must match"]),
        ({"SHOPPING_RETARGETING": [{"lookback": 30}]}, ["SHOPPING_RETARGETING: unknown key 'lookback'"]),
    ],
)
async def test_a_targeting_spec_pinterest_would_refuse_is_refused_at_the_plan(
    client: Client, world: World, targeting: dict[str, Any], named: list[str]
) -> None:
    before = len(world.emulator.requests)
    for tool, arguments in (
        ("create_ad_groups", group(PAUSED_CAMPAIGN, targeting_spec=targeting)),
        (
            "update_ad_groups",
            {"ad_account_id": USD, "ad_groups": [{"id": "2680060999458", "targeting_spec": targeting}]},
        ),
    ):
        failed, answer = await result_of(client, tool, arguments)
        assert failed and all(part in str(answer) for part in named), (tool, answer)
    assert len(world.emulator.requests) == before, "refused before any request, reads included"


async def test_a_valid_targeting_spec_is_sent_whole(client: Client, world: World) -> None:
    targeting = {"GEO": ["US"], "AGE_BUCKET": ["25-34"], "GENDER": ["female"], "MINIMUM_AGE": "21"}
    await apply(client, "create_ad_groups", group(PAUSED_CAMPAIGN, targeting_spec=targeting))
    (post,) = sent(world, "POST")
    assert post.body[0]["targeting_spec"] == targeting


@pytest.mark.parametrize(
    ("rule", "named"),
    [
        ({"visitor_source_idx": "1"}, ["rule: unknown key 'visitor_source_idx'", "did you mean visitor_source_id"]),
        ({"retention_days": "thirty"}, ["rule.retention_days", "not a integer"]),
        ({"customer_list_id": "list-1"}, ["rule.customer_list_id", "must match"]),
    ],
)
async def test_an_audience_rule_pinterest_would_refuse_is_refused_at_the_plan(
    client: Client, world: World, rule: dict[str, Any], named: list[str]
) -> None:
    arguments = {"ad_account_id": USD, "name": "A", "audience_type": "VISITOR", "rule": rule}
    failed, answer = await result_of(client, "create_audience", arguments)
    assert failed and all(part in str(answer) for part in named), answer
    assert list(world.emulator.requests) == []


async def test_web_conversion_ad_groups_take_optimization_goals_and_need_them(client: Client, world: World) -> None:
    assert world.emulator.state.campaigns[SPRING]["objective_type"] == "WEB_CONVERSION"
    plan = await ok(client, "create_ad_groups", group(SPRING))
    failed, refused = await result_of(
        client, "create_ad_groups", {**group(SPRING), "confirmation": plan["confirmation"]}
    )
    assert failed and "conversion_tag_id and conversion_event" in str(refused), refused
    applied = await apply(client, "create_ad_groups", group(SPRING, optimization_goal_metadata=GOAL))
    assert applied["status"] == "applied", applied
    assert sent(world, "POST")[-1].body[0]["optimization_goal_metadata"] == GOAL
    failed, answer = await result_of(
        client,
        "create_ad_groups",
        group(
            SPRING,
            optimization_goal_metadata={
                "conversion_tag_v3_goal_metadata": {"conversion_tag_id": CONVERSION_TAG, "conversion_event": "PURCHASE"}
            },
        ),
    )
    assert failed and "'PURCHASE' is not allowed" in str(answer) and "CHECKOUT" in str(answer), answer


async def test_the_missing_ads_fields_reach_the_request_as_given(client: Client, world: World) -> None:
    tracking = {"impression": ["https://t.example/i"], "click": ["https://t.example/c"]}
    campaign = {"is_performance_plus": False, "tracking_urls": tracking,
                "bid_options": {"placement_multipliers": {"SEARCH": 1.5}}}  # fmt: skip
    await apply(client, "create_campaigns", {"ad_account_id": USD, "campaigns": [
        {"name": "Fields", "objective_type": "AWARENESS", **campaign}]})  # fmt: skip
    group_fields = {"placement_group": "SEARCH", "lifetime_frequency_cap": 5, "end_time": 2_000_000_000,
                    "tracking_urls": tracking}  # fmt: skip
    await apply(client, "create_ad_groups", group(PAUSED_CAMPAIGN, **group_fields))
    ad_group_id = next(g["id"] for g in world.emulator.state.ad_groups.values() if g["name"] == "G")
    ad = {"customizable_cta_type": "SHOP_NOW", "lead_form_id": LEAD_FORM, "tracking_urls": tracking,
          "ios_deep_link": "app://pin", "android_deep_link": "app://pin"}  # fmt: skip
    await apply(client, "create_ads", {"ad_account_id": USD, "ads": [
        {"ad_group_id": ad_group_id, "pin_id": PIN, "creative_type": "REGULAR", **ad}]})  # fmt: skip
    posts = [r.body[0] for r in sent(world, "POST")]
    assert campaign.items() <= posts[0].items() and group_fields.items() <= posts[1].items(), posts
    assert ad.items() <= posts[2].items(), posts[2]


async def test_an_ads_call_to_action_outside_the_spec_is_refused_naming_close_ones(client: Client) -> None:
    arguments = {"ad_account_id": USD, "ads": [{"id": "1", "customizable_cta_type": "SHOP_NOWW"}]}
    failed, answer = await result_of(client, "update_ads", arguments)
    assert failed and "unknown call to action 'SHOP_NOWW'" in str(answer) and "SHOP_NOW" in str(answer), answer


async def test_an_ad_can_promote_another_pin_and_a_campaign_switch_cbo(client: Client, world: World) -> None:
    ad = next(a for a in world.emulator.state.ads.values() if a["ad_account_id"] == USD and a["status"] != "ARCHIVED")
    other_pin = next(p for p in world.emulator.state.pins if p != ad["pin_id"])
    failed, plan = await result_of(
        client, "update_ads", {"ad_account_id": USD, "ads": [{"id": ad["id"], "pin_id": other_pin}]}
    )
    assert not failed and plan["changes"], plan
    change = {"ad_account_id": USD, "campaigns": [{"id": PAUSED_CAMPAIGN, "is_campaign_budget_optimization": True,
                                                   "daily_spend_cap": 50_000_000}]}  # fmt: skip
    failed, plan = await result_of(client, "update_campaigns", change)
    assert not failed and "is_campaign_budget_optimization" in str(plan["changes"]), plan


async def test_pin_carousel_slots_and_ads_only_boards_are_sent(client: Client, world: World) -> None:
    failed, plan = await result_of(
        client, "update_pin", {"pin_id": PIN, "carousel_slots": [{"link": "https://x.example"}]}
    )
    assert not failed and plan["body"]["carousel_slots"] == [{"link": "https://x.example"}], plan
    await apply(client, "create_board", {"name": "Ads only", "is_ads_only": True})
    assert sent(world, "POST")[-1].body["is_ads_only"] is True


async def test_removing_an_audience_is_a_planned_destructive_delete(client: Client, world: World) -> None:
    audience = next(a for a in world.emulator.state.audiences.values() if a["ad_account_id"] == USD)
    tools = {t.name: t for t in (await client.list_tools()).tools}
    assert tools["remove_audience"].annotations.destructive_hint is True  # type: ignore[union-attr]
    assert tools["archive_campaigns"].annotations.destructive_hint is True  # type: ignore[union-attr]
    arguments = {"ad_account_id": USD, "audience_id": audience["id"]}
    plan = await ok(client, "remove_audience", arguments)
    assert plan["changes"][0]["delete"] == "audience" and not sent(world, "PATCH"), plan
    applied = await ok(client, "remove_audience", {**arguments, "confirmation": plan["confirmation"]})
    assert applied["status"] == "applied", applied
    (patch,) = sent(world, "PATCH")
    assert patch.body == {"operation_type": "REMOVE"}
    assert audience["id"] not in world.emulator.state.audiences or (
        world.emulator.state.audiences[audience["id"]]["status"] == "REMOVED"
    )


def test_the_checked_keys_are_the_specs(spec: dict[str, Any]) -> None:
    """The keys the plan checks agree with Pinterest's schemas (the enums are read from the spec facts)."""
    schemas = spec["components"]["schemas"]
    assert set(write_shapes.TARGETING_KEYS) == set(schemas["TargetingSpec"]["properties"])
    assert set(write_shapes.AUDIENCE_RULE_KEYS) == set(schemas["AudienceRule"]["properties"])
    assert set(write_shapes.TRACKING_KEYS) == set(schemas["TrackingUrls"]["properties"])
    assert set(write_shapes.GOAL_KEYS) == set(schemas["OptimizationGoalMetadata"]["properties"])
    assert set(write_shapes.BID_OPTION_KEYS) == set(schemas["CampaignBidOptions"]["properties"])


async def test_bid_multipliers_take_the_specs_keys(client: Client) -> None:
    cases = [
        ({"placement_multipliers": {"SEARCHES": 1.5}}, "'SEARCHES' is not allowed"),
        ({"placement_multipliers": {"SEARCH": 11}}, "must be from 0 to 10"),
        ({"app_type_multipliers": {"iphone": 1.2}, "update_mask": ["APPTYPE"]}, "'APPTYPE' is not allowed"),
    ]
    for options, why in cases:
        arguments = {"ad_account_id": USD, "campaigns": [{"id": SPRING, "bid_options": options}]}
        failed, answer = await result_of(client, "update_campaigns", arguments)
        assert failed and why in str(answer), (options, answer)
