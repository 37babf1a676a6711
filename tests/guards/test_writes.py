"""Every write tool through a real MCP client (both protocol eras) against the emulator: plan → confirm → apply.

For each write tool: the default call plans and writes nothing; applying without the right token
(another call's arguments, a used, expired or altered token, a state changed since the plan) writes
nothing; the right token writes exactly the planned request and reads the result back; an
elicitation accept applies and a decline does not.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.types import ElicitResult

from pinterest_mcp.api.redaction import mask_secret_fields
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.operations import all_operations, by_name
from pinterest_mcp.registry.privacy import conceal
from pinterest_mcp.registry.records import Access
from pinterest_mcp.server.build import build_server
from support.business_writes import BUSINESS_ID_KEYS, business_cases, discover_business
from support.catalog_writes import CATALOG_ID_KEYS, catalog_cases, discover_catalogs
from support.money_examples import SHARING_ID_KEYS, discover_sharing, money_cases, sharing_cases
from support.organic_writes import ORGANIC_ID_KEYS, discover_organic, organic_cases
from support.world import (
    BIDDING_GROUP,
    BOARD_WITH_SECTIONS,
    OVERSPENDING_GROUP,
    PAUSED_CAMPAIGN,
    PIN,
    SPRING,
    USD,
    World,
    ok,
    read_posts,
    result_of,
    world_for,
)

pytestmark = pytest.mark.anyio
DEMO_SHOP = "hearth-and-harvest-shop"  # the demo merchant's commerce integration
MODES = ["auto", "legacy"]
WRITE_TOOLS = [op.name for op in all_operations() if op.access is Access.WRITE]


async def discover(client: Client) -> dict[str, str]:
    """Ids the cases need that are not fixed seed facts, found the way a model would: by listing."""
    ad = (await ok(client, "list_ads", {"ad_account_id": USD}))["items"][0]
    sections = await ok(client, "list_board_sections", {"board_id": BOARD_WITH_SECTIONS})
    audiences = await ok(client, "list_audiences", {"ad_account_id": USD})
    paused = {"ad_account_id": USD, "entity_statuses": ["PAUSED"]}
    paused_group = (await ok(client, "list_ad_groups", paused))["items"][0]
    paused_ad = (await ok(client, "list_ads", paused))["items"][0]
    assets = {
        kind: (await ok(client, f"list_{kind}s", {"ad_account_id": USD}))["items"][0]
        for kind in ("customer_list", "lead_form", "targeting_template", "product_group_promotion", "label")
    }
    assets["lead_subscription"] = (await ok(client, "list_lead_subscriptions", {"ad_account_id": USD}))["items"][0]
    return {
        **await discover_organic(client, USD),
        **await discover_business(client, USD),
        **await discover_catalogs(client, USD),
        **{kind: asset["id"] for kind, asset in assets.items()},
        "questions": str(len(assets["lead_form"]["questions"])),
        "shopping_group": assets["product_group_promotion"]["ad_group_id"],
        "paused_group": paused_group["id"],
        "paused_ad": paused_ad["id"],
        "ad": ad["id"],
        "ad_group_of_ad": ad["ad_group_id"],
        "section": sections["items"][0]["id"],
        "audience": audiences["items"][0]["id"],
        "promotion": (await ok(client, "list_promotions", {"ad_account_id": USD}))["items"][0]["id"],
        **await discover_sharing(client, USD),
    }


def cases(ids: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Valid arguments for every write tool, on seed data."""
    account = {"ad_account_id": USD}
    return {
        "create_campaigns": {
            **account,
            "campaigns": [{"name": "Winter test", "objective_type": "AWARENESS", "daily_spend_cap": 20_000_000}],
        },
        "update_campaigns": {**account, "campaigns": [{"id": SPRING, "name": "Spring, renamed"}]},
        "create_ad_groups": {
            **account,
            "ad_groups": [
                {
                    "campaign_id": PAUSED_CAMPAIGN,
                    "name": "Test group",
                    "billable_event": "IMPRESSION",
                    "budget_in_micro_currency": 10_000_000,
                    "targeting_spec": {"GEO": ["US"]},
                }
            ],
        },
        "update_ad_groups": {**account, "ad_groups": [{"id": OVERSPENDING_GROUP, "name": "Kitchen, renamed"}]},
        "create_ads": {
            **account,
            "ads": [{"ad_group_id": ids["ad_group_of_ad"], "pin_id": PIN, "creative_type": "REGULAR", "name": "New"}],
        },
        "update_ads": {**account, "ads": [{"id": ids["ad"], "name": "Ad, renamed"}]},
        "pause_campaigns": {**account, "campaign_ids": [SPRING]},
        "activate_campaigns": {**account, "campaign_ids": [PAUSED_CAMPAIGN]},
        "archive_campaigns": {**account, "campaign_ids": [PAUSED_CAMPAIGN]},
        "pause_ad_groups": {**account, "ad_group_ids": [OVERSPENDING_GROUP]},
        "activate_ad_groups": {**account, "ad_group_ids": [ids["paused_group"]]},
        "archive_ad_groups": {**account, "ad_group_ids": [OVERSPENDING_GROUP]},
        "pause_ads": {**account, "ad_ids": [ids["ad"]]},
        "activate_ads": {**account, "ad_ids": [ids["paused_ad"]]},
        "archive_ads": {**account, "ad_ids": [ids["ad"]]},
        "set_ad_group_budget": {**account, "ad_group_ids": [OVERSPENDING_GROUP], "budget": "60"},
        "set_campaign_spend_cap": {**account, "campaign_ids": [SPRING], "daily_spend_cap": 150},
        "create_audience": {
            **account,
            "name": "Site visitors 30d",
            "audience_type": "VISITOR",
            "rule": {"visitor_source_id": "2613100001234", "retention_days": 30, "event": "pagevisit"},
        },
        "update_audience": {**account, "audience_id": ids["audience"], "name": "Renamed audience"},
        "remove_audience": {**account, "audience_id": ids["audience"]},
        "create_board": {"name": "Spring launch", "privacy": "SECRET"},
        "update_board": {"board_id": BOARD_WITH_SECTIONS, "description": "Fast dinners"},
        "delete_board": {"board_id": BOARD_WITH_SECTIONS},
        "create_board_section": {"board_id": BOARD_WITH_SECTIONS, "name": "Desserts"},
        "update_board_section": {"board_id": BOARD_WITH_SECTIONS, "section_id": ids["section"], "name": "Mains"},
        "delete_board_section": {"board_id": BOARD_WITH_SECTIONS, "section_id": ids["section"]},
        "create_pin": {
            "board_id": BOARD_WITH_SECTIONS,
            "title": "Lemon pasta",
            "media_source": {"source_type": "image_url", "url": "https://images.example/lemon.jpg"},
        },
        "update_pin": {"pin_id": PIN, "title": "A better title"},
        "delete_pin": {"pin_id": PIN},
        "save_pin": {"pin_id": PIN, "board_id": BOARD_WITH_SECTIONS},
        "bulk_upsert": {**account, "create": {"campaigns": [{"name": "Bulk test", "objective_type": "AWARENESS"}]}},
        "create_keywords": {
            **account,
            "parent_id": OVERSPENDING_GROUP,
            "keywords": [{"value": "enamel dutch oven", "match_type": "PHRASE"}],
        },
        "create_labels": {**account, "parent_id": SPRING, "labels": [{"value": "Spring", "label_type": "BRAND"}]},
        "update_labels": {**account, "labels": [{"id": ids["label"], "value": "Renamed label"}]},
        "create_lead_subscription": {**account, "webhook_url": "https://crm.example.com/pinterest/new-leads"},
        "delete_lead_subscription": {**account, "subscription_id": ids["lead_subscription"]},
        "create_commerce_integration": {
            "external_business_id": "new-shop-42",
            "connected_advertiser_id": USD,
            "partner_access_token": "partner-access-token-for-tests",
        },
        "update_commerce_integration": {"external_business_id": DEMO_SHOP, "connected_merchant_id": "merchant-7"},
        "delete_commerce_integration": {"external_business_id": DEMO_SHOP},
        "send_integration_logs": {
            "logs": [{"client_timestamp": 1_700_000_000_000, "event_type": "APP", "log_level": "INFO", "message": "ok"}]
        },
        "send_conversion_events": {
            **account,
            "data": [
                {
                    "event_name": "checkout",
                    "action_source": "web",
                    "event_time": 1_700_000_000,
                    "event_id": "order-1",
                    "user_data": {"em": ["ann@example.com"]},
                }
            ],
        },
        **asset_cases(ids),
        **organic_cases(ids, USD, PIN),
        **business_cases(ids),
        **money_cases(USD, ids["promotion"]),
        **sharing_cases(USD, ids),
        **catalog_cases(ids),
    }


def asset_cases(ids: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Customer lists, conversion tags, lead forms and targeting templates."""
    account = {"ad_account_id": USD}
    form = {
        "name": "Class waitlist",
        "questions": [{"question_type": "EMAIL"}],
        "privacy_policy_link": "https://example.com/privacy",
        "has_accepted_terms": True,
        "completion_message": "Thanks",
    }
    return {
        "create_customer_list": {**account, "name": "Past buyers", "records": " Ann@Example.com,bo@example.com "},
        "update_customer_list": {
            **account,
            "customer_list_id": ids["customer_list"],
            "operation_type": "ADD",
            "records": "cy@example.com",
        },
        "create_conversion_tag": {**account, "name": "Shop tag"},
        "create_lead_forms": {**account, "lead_forms": [form]},
        "update_lead_forms": {**account, "lead_forms": [{"id": ids["lead_form"], "name": "Renamed form"}]},
        "test_lead_form": {
            **account,
            "lead_form_id": ids["lead_form"],
            "answers": ["answer"] * int(ids["questions"] or 1),
        },
        "create_targeting_template": {**account, "name": "DE women", "targeting_attributes": {"GEO": ["DE"]}},
        "create_product_group_promotions": {
            **account,
            "ad_group_id": ids["shopping_group"],
            "product_group_promotion": [{"catalog_product_group_id": "4398046111", "bid_in_micro_currency": 900_000}],
        },
        "update_product_group_promotions": {
            **account,
            "ad_group_id": ids["shopping_group"],
            "product_group_promotion": [{"id": ids["product_group_promotion"], "bid_in_micro_currency": 1_000_000}],
        },
        "update_targeting_template": {
            **account,
            "id": ids["targeting_template"],
            "targeting_attributes": {"GEO": ["US"], "GENDER": ["female"]},
        },
    }


ID_KEYS = ("ad", "ad_group_of_ad", "section", "audience", "paused_group", "paused_ad", "promotion")
ASSET_ID_KEYS: tuple[str, ...] = (
    "customer_list",
    "lead_form",
    "targeting_template",
    "questions",
    "product_group_promotion",
    "label",
    "lead_subscription",
)
ASSET_ID_KEYS += ("shopping_group",)


def test_every_write_tool_has_a_case() -> None:
    every_key = ID_KEYS + ASSET_ID_KEYS + ORGANIC_ID_KEYS + BUSINESS_ID_KEYS + SHARING_ID_KEYS + CATALOG_ID_KEYS
    assert sorted(cases(dict.fromkeys(every_key, "1"))) == sorted(WRITE_TOOLS)


@pytest.fixture
def world(tmp_path: Path) -> World:
    return world_for(tmp_path)


@pytest.fixture(params=MODES)
async def client(request: pytest.FixtureRequest, world: World) -> AsyncIterator[Client]:
    async with Client(build_server(world.runtime.settings, world.runtime), mode=request.param) as connected:
        world.ids = await discover(connected)
        yield connected


def _touch_state(world: World, tool: str) -> None:
    """Change, behind the server's back, the entity a planned write touches (as another user would)."""
    op = by_name()[tool]
    target = by_name()[op.intent.base] if op.intent else op
    store = world.emulator.state
    args = cases(world.ids)[tool]
    if tool == "set_item_bids":  # another bid set on the item (the emulator keys bids by item, country, language)
        item = args["items"][0]
        bid = {"bid_options": {"bid_in_micro_currency": 1, "app_type_multipliers": None, "placement_multipliers": None}}
        store.collection("item_bids")[f"{item['item_id']}|{item['country']}|{item['language']}"] = bid
        return
    if target.body in args:
        entity_id: str | None = str(args[target.body][0]["id"])
    elif target.body:
        entity_id = next(v for k, v in args.items() if k.endswith("_ids"))[0]
    else:
        entity_id = args.get("section_id") or args.get("audience_id") or args.get("pin_id") or args.get("board_id")
        listed = args.get("id")  # product groups deleted by a list of ids: the first
        entity_id = entity_id or args.get("customer_list_id") or args.get("lead_form_id")
        entity_id = entity_id or (listed[0] if isinstance(listed, list) else listed)
        entity_id = entity_id or args.get("website") or (args.get("keywords") or [{}])[0].get("id")
        entity_id = entity_id or (args.get("product_group_promotion") or [{}])[0].get("id")
        entity_id = entity_id or (args.get("labels") or [{}])[0].get("id")
        entity_id = entity_id or args.get("ads_manager_order_line_id") or args.get("promotion_id")
        entity_id = entity_id or args.get("feed_id") or args.get("product_group_id")
        entity_id = entity_id or args.get("ad_account_id")  # the sandbox reset: the account itself
    pools: list[dict[str, Any]] = [
        store.campaigns,
        store.ad_groups,
        store.ads,
        store.audiences,
        store.pins,
        store.boards,
        store.sections,
        store.customer_lists,
        store.lead_forms,
        store.targeting_templates,
        store.product_group_promotions,
        store.keywords,
        store.collection("labels"),
        {site["website"]: site for site in store.network["websites"]},
        {order["order_line_id"]: order for order in store.collection("insertion_orders").values()},
        store.collection("promotions"),
        store.ad_accounts,
        store.collection("catalog_feeds"),
        store.collection("catalog_product_groups"),
    ]
    if "external_business_id" in args:  # a commerce integration, found by its business
        (record,) = [r for r in store.collection("integrations").values() if r["external_business_id"] == DEMO_SHOP]
        record["scopes"] = "ads:read,catalogs:read"
        return
    if tool == "delete_lead_subscription":  # a form's webhook is made with the form: re-made, it is newer
        store.lead_forms[str(args["subscription_id"])[:-1]]["created_time"] += 1
        return
    entity = next(pool[entity_id] for pool in pools if entity_id in pool)
    key = next((k for k in ("name", "value", "order_name", "promotion_title") if k in entity), "title")
    entity[key] = f"{entity.get(key) or ''} (edited elsewhere)"


async def _plan(client: Client, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    plan: dict[str, Any] = await ok(client, tool, arguments)
    assert plan["confirmation"].startswith("cf1."), plan
    assert plan["changes"], plan
    return plan


def _same_request(recorded: Any, plan: dict[str, Any]) -> None:
    method, _, target = plan["request"].partition(" ")
    path, _, query = target.partition("?")
    assert (recorded.method, recorded.path) == (method, path)
    assert "&".join(f"{k}={v}" for k, v in recorded.query) == query
    # A DELETE has none on either side; records by count, partners' tokens masked
    assert mask_secret_fields(conceal(recorded.body)) == plan.get("body")


@pytest.mark.parametrize("tool", WRITE_TOOLS)
async def test_default_call_plans_and_sends_only_reads(client: Client, world: World, tool: str) -> None:
    before = len(world.emulator.requests)
    plan = await _plan(client, tool, cases(world.ids)[tool])
    assert world.writes() == []
    assert all(r.method == "GET" or r.template in read_posts() for r in world.emulator.requests[before:])
    assert plan["next"].startswith("Nothing was written")
    if by_name()[tool].change == "update":
        assert any("→" in str(v) for change in plan["changes"] for v in change.values()), plan


@pytest.mark.parametrize("tool", WRITE_TOOLS)
async def test_the_right_token_applies_exactly_the_plan_and_reads_back(client: Client, world: World, tool: str) -> None:
    arguments = cases(world.ids)[tool]
    plan = await _plan(client, tool, arguments)
    applied = await ok(client, tool, {**arguments, "confirmation": plan["confirmation"]})
    assert applied["status"] == "applied", applied
    assert [r["ok"] for r in applied["results"]] == [True] * len(applied["results"])
    (sent,) = world.writes()
    _same_request(sent, plan)
    assert applied["now"], applied
    entry = world.runtime.writes.journal.get(applied["journal_entry"])
    assert entry is not None and entry["status"] == "applied" and entry["tool"] == tool


def _other(arguments: dict[str, Any]) -> dict[str, Any] | None:
    """The same call with one value changed: a name, an amount, else the target id."""
    changed: dict[str, Any] = json.loads(json.dumps(arguments))

    def bump(node: Any) -> bool:
        if isinstance(node, dict):
            for key in (
                "name",
                "title",
                "description",
                "budget",
                "daily_spend_cap",
                "username",
                "website",
                "id",
                "item_id",
            ):
                if key in node:
                    value = node[key]
                    node[key] = (
                        f"{value}1"
                        if isinstance(value, str)
                        else [*value, "123"]
                        if isinstance(value, list)
                        else value + 1
                    )
                    return True
            return any(bump(value) for value in node.values())
        return isinstance(node, list) and any(bump(value) for value in node)

    if not bump(changed):
        key = next((k for k in changed if k.endswith("_ids")), None)
        ids = [k for k in changed if (k.endswith("_id") or k == "id") and k != "ad_account_id"]
        if key:
            changed[key] = [*changed[key], "123"]
        elif ids:
            changed[ids[-1]] = "123"
        else:
            return None  # nothing else to change (register_media, reset_sandbox): no other call to try it on
    assert changed != arguments
    return changed


@pytest.mark.parametrize("tool", WRITE_TOOLS)
async def test_tokens_fail_closed(client: Client, world: World, tool: str) -> None:
    """Other arguments, a used token, an expired token, a changed state: nothing is written."""
    arguments = cases(world.ids)[tool]
    plan = await _plan(client, tool, arguments)
    token = plan["confirmation"]

    other = _other(arguments)
    if other is not None:
        failed, answer = await result_of(client, tool, {**other, "confirmation": token})
        assert failed and "different arguments" in str(answer), answer
        assert world.writes() == []

    world.clock.now += 601
    failed, answer = await result_of(client, tool, {**arguments, "confirmation": token})
    assert failed and "expired" in str(answer), answer
    failed, answer = await result_of(client, tool, {**arguments, "confirmation": token})
    assert failed and "expired" in str(answer), answer  # refused again: an expired token never applies
    assert world.writes() == []

    op = by_name()[tool]
    if (by_name()[op.intent.base] if op.intent else op).current is not None:
        fresh = await _plan(client, tool, arguments)
        _touch_state(world, tool)
        failed, answer = await result_of(client, tool, {**arguments, "confirmation": fresh["confirmation"]})
        assert failed and "changed since the plan" in str(answer), answer
        assert world.writes() == []


@pytest.mark.parametrize("tool", WRITE_TOOLS)
async def test_a_token_is_used_once(client: Client, world: World, tool: str) -> None:
    arguments = cases(world.ids)[tool]
    plan = await _plan(client, tool, arguments)
    await ok(client, tool, {**arguments, "confirmation": plan["confirmation"]})
    failed, answer = await result_of(client, tool, {**arguments, "confirmation": plan["confirmation"]})
    assert failed and "already used" in str(answer), answer
    assert len(world.writes()) == 1


def _answering(action: str, apply: bool = True) -> Callable[..., Any]:
    seen: list[str] = []

    async def answer(_: Any, params: Any) -> ElicitResult:
        seen.append(params.message)
        if action == "accept":
            return ElicitResult(action="accept", content={"apply": apply})
        return ElicitResult(action=action)  # type: ignore[arg-type]

    answer.seen = seen  # type: ignore[attr-defined]
    return answer


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("tool", WRITE_TOOLS)
async def test_elicitation_accept_applies_and_decline_does_not(tmp_path: Path, mode: str, tool: str) -> None:
    for action, applies in (("decline", False), ("cancel", False), ("accept", True)):
        world = world_for(tmp_path / action)
        answer = _answering(action)
        server = build_server(world.runtime.settings, world.runtime)
        async with Client(server, mode=mode, elicitation_callback=answer) as client:
            world.ids = await discover(client)
            data = await ok(client, tool, cases(world.ids)[tool])
        assert len(answer.seen) == 1 and "Apply this change?" in answer.seen[0]  # type: ignore[attr-defined]
        assert tool in answer.seen[0]  # type: ignore[attr-defined]
        if applies:
            assert data["status"] == "applied", data
            assert len(world.writes()) == 1
        else:
            assert "declined" in data and "confirmation" not in data, data
            assert world.writes() == []


async def test_accepting_with_apply_false_writes_nothing(tmp_path: Path) -> None:
    world = world_for(tmp_path)
    answer = _answering("accept", apply=False)
    async with Client(build_server(world.runtime.settings, world.runtime), elicitation_callback=answer) as client:
        data = await ok(client, "pause_campaigns", {"ad_account_id": USD, "campaign_ids": [SPRING]})
    assert "declined" in data
    assert world.writes() == []


async def test_dry_run_never_asks_even_a_client_that_can(tmp_path: Path) -> None:
    world = world_for(tmp_path)
    answer = _answering("accept")
    async with Client(build_server(world.runtime.settings, world.runtime), elicitation_callback=answer) as client:
        plan = await ok(client, "pause_campaigns", {"ad_account_id": USD, "campaign_ids": [SPRING], "dry_run": True})
    assert answer.seen == []  # type: ignore[attr-defined]
    assert plan["confirmation"] and world.writes() == []


async def test_write_annotations_follow_the_registry(tmp_path: Path) -> None:
    world = world_for(tmp_path)
    settings = Settings(demo=True, toolsets=("all",))
    async with Client(build_server(settings, world.runtime)) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    for op in all_operations():
        hints = tools[op.name].annotations
        assert hints is not None
        assert hints.read_only_hint is (op.access is Access.READ), op.name
        # A delete, or a change that cannot be taken back (archiving: Pinterest has no unarchive; removing).
        assert hints.destructive_hint is (op.change == "delete" or op.name.startswith(("archive_", "remove_"))), op.name
    destructive = {n for n, t in tools.items() if t.annotations and t.annotations.destructive_hint}
    assert {"delete_board", "delete_pin", "remove_audience", "archive_campaigns", "archive_ads"} <= destructive
    assert not {"update_campaigns", "pause_campaigns", "update_audience", "check_connection"} & destructive
    assert tools["undo_change"].annotations.read_only_hint is False  # type: ignore[union-attr]


async def test_writes_off_and_read_only_hide_every_write_tool(tmp_path: Path) -> None:
    for settings in (Settings(demo=True, toolsets=("all",), writes="off"), Settings(demo=True, read_only=True)):
        async with Client(build_server(settings)) as client:
            tools = (await client.list_tools()).tools
        assert all(t.annotations and t.annotations.read_only_hint for t in tools)
        assert "undo_change" not in {t.name for t in tools}


async def test_writes_auto_applies_without_a_token_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    world = world_for(tmp_path, writes="auto")
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        data = await ok(client, "pause_campaigns", {"ad_account_id": USD, "campaign_ids": [SPRING]})
    assert data["status"] == "applied"
    assert any("without confirmation" in r.getMessage() for r in caplog.records)


async def test_undo_change_restores_a_changed_budget_and_the_journal_holds_it(world: World) -> None:
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        budget = {"ad_account_id": USD, "ad_group_ids": [OVERSPENDING_GROUP], "budget": "60"}
        plan = await ok(client, "set_ad_group_budget", budget)
        assert plan["changes"][0]["budget_in_micro_currency"] == "80.00 USD (80000000) → 60.00 USD (60000000)"
        applied = await ok(client, "set_ad_group_budget", {**budget, "confirmation": plan["confirmation"]})
        assert applied["now"][0]["budget_in_micro_currency"] == 60_000_000
        assert applied["now"][0]["budget_amount"] == "60.00 USD"
        entry = applied["journal_entry"]

        undo = await ok(client, "undo_change", {"entry": entry})
        assert undo["changes"][0]["budget_in_micro_currency"] == "60.00 USD (60000000) → 80.00 USD (80000000)"
        assert undo["note"] == f"reverses journal entry {entry}"
        assert len(world.writes()) == 1  # the undo plan wrote nothing
        done = await ok(client, "undo_change", {"entry": entry, "confirmation": undo["confirmation"]})
        assert done["status"] == "applied"
        group = await ok(client, "get_ad_group", {"ad_account_id": USD, "ad_group_id": OVERSPENDING_GROUP})
        assert group["budget_in_micro_currency"] == 80_000_000

        failed, answer = await result_of(client, "undo_change", {"entry": "nope"})
        assert failed and "no journal entry" in answer

        archive = {"ad_account_id": USD, "ad_group_ids": [OVERSPENDING_GROUP]}
        plan = await ok(client, "archive_ad_groups", archive)
        archived = await ok(client, "archive_ad_groups", {**archive, "confirmation": plan["confirmation"]})
        failed, answer = await result_of(client, "undo_change", {"entry": archived["journal_entry"]})
        assert failed and "cannot unarchive" in answer

    lines = [json.loads(line) for line in world.journal.read_text().splitlines()]
    assert [(line["phase"], line.get("tool")) for line in lines] == [
        ("intent", "set_ad_group_budget"),
        ("outcome", None),
        ("intent", "undo_change"),
        ("outcome", None),
        ("intent", "archive_ad_groups"),
        ("outcome", None),
    ]
    assert lines[0]["before"] == {OVERSPENDING_GROUP: {"budget_in_micro_currency": 80_000_000}}
    assert lines[0]["request"]["body"][0]["budget_in_micro_currency"] == 60_000_000
    assert lines[1]["status"] == "applied"
    assert oct(world.journal.stat().st_mode & 0o777) == "0o600"
    text = world.journal.read_text()
    assert "demo-access-token" not in text and "Bearer" not in text


async def test_journal_command_lists_and_shows_entries(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    from pinterest_mcp.cli.commands import main

    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        args = {"ad_account_id": USD, "campaign_ids": [SPRING]}
        plan = await ok(client, "pause_campaigns", args)
        applied = await ok(client, "pause_campaigns", {**args, "confirmation": plan["confirmation"]})
    assert main(["journal", "--journal", str(world.journal)]) == 0
    listing = capsys.readouterr().out
    assert applied["journal_entry"] in listing and "pause_campaigns" in listing and "1/1 ok" in listing
    assert main(["journal", applied["journal_entry"], "--journal", str(world.journal)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "applied" and shown["before"] == {SPRING: {"status": "ACTIVE"}}


async def test_guardrails_refuse_in_the_plan(tmp_path: Path) -> None:
    world = world_for(tmp_path, max_budget=Decimal(100))
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        group = {"ad_account_id": USD, "ad_group_ids": [OVERSPENDING_GROUP]}
        for budget, why in (("0", "pause it instead"), ("150", "maximum of 100"), ("90", None)):
            failed, answer = await result_of(client, "set_ad_group_budget", {**group, "budget": budget})
            if why is None:
                assert not failed and "refused" not in answer
            else:
                assert failed and why in " ".join(answer["refused"]), answer
                assert "confirmation" not in answer
    world = world_for(tmp_path / "ratio")
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        failed, answer = await result_of(client, "set_ad_group_budget", {**group, "budget": "250"})
        assert failed and "3.12x" in answer["refused"][0] and "--max-increase" in answer["refused"][0]
        plan = await ok(client, "set_ad_group_budget", {**group, "budget": "130"})
        assert any("raised by 62%" in w for w in plan["warnings"]), plan
        bid: dict[str, Any] = {"ad_account_id": USD, "ad_groups": [{"id": BIDDING_GROUP, "bid_in_micro_currency": 1}]}
        await ok(client, "update_ad_groups", bid)  # a bid may be tiny: it is a price, not a budget
        bid["ad_groups"][0]["bid_in_micro_currency"] = 5_470_000 * 4
        failed, answer = await result_of(client, "update_ad_groups", bid)
        assert failed and "bid_in_micro_currency would grow 4.00x" in answer["refused"][0], answer
        assert world.writes() == []


async def test_plans_warn_about_spending_caps_removed_and_deletes(client: Client, world: World) -> None:
    plan = await ok(client, "activate_campaigns", {"ad_account_id": USD, "campaign_ids": [PAUSED_CAMPAIGN]})
    assert any("becomes ACTIVE" in w for w in plan["warnings"])
    plan = await ok(
        client, "set_campaign_spend_cap", {"ad_account_id": USD, "campaign_ids": [SPRING], "lifetime_spend_cap": None}
    )
    assert plan["body"][0]["lifetime_spend_cap"] is None
    assert any("no longer capped" in w for w in plan["warnings"]), plan
    create = cases(world.ids)["create_campaigns"]
    plan = await ok(client, "create_campaigns", create)
    assert plan["body"][0]["status"] == "PAUSED" and "warnings" not in plan  # PAUSED unless asked
    active = {**create, "campaigns": [{**create["campaigns"][0], "status": "ACTIVE"}]}
    plan = await ok(client, "create_campaigns", active)
    assert any("created ACTIVE" in w for w in plan["warnings"])
    plan = await ok(client, "delete_board", {"board_id": BOARD_WITH_SECTIONS})
    assert any("cannot be undone" in w for w in plan["warnings"])
    assert plan["changes"][0]["pin_count"] > 0
    plan = await ok(client, "archive_ads", {"ad_account_id": USD, "ad_ids": [world.ids["ad"]]})
    assert any("permanent" in w for w in plan["warnings"])
    assert world.writes() == []


async def test_money_in_currency_units_converts_exactly_and_refuses_impossible_precision(
    client: Client, world: World
) -> None:
    group = {"ad_account_id": USD, "ad_group_ids": [OVERSPENDING_GROUP]}
    plan = await ok(client, "set_ad_group_budget", {**group, "budget": 75.1})
    assert plan["body"][0]["budget_in_micro_currency"] == 75_100_000
    plan = await ok(client, "set_ad_group_budget", {**group, "budget": "0.29"})
    assert plan["body"][0]["budget_in_micro_currency"] == 290_000
    failed, answer = await result_of(client, "set_ad_group_budget", {**group, "budget": "75.555"})
    assert failed and "more decimal places" in answer and "nothing was sent" in answer
    failed, answer = await result_of(client, "set_campaign_spend_cap", {"ad_account_id": USD, "campaign_ids": [SPRING]})
    assert failed and "daily_spend_cap or lifetime_spend_cap" in answer
    assert world.writes() == []


async def test_bulk_partial_failure_reports_each_item(world: World) -> None:
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        args = {"ad_account_id": USD, "campaign_ids": [SPRING, PAUSED_CAMPAIGN]}
        plan = await ok(client, "archive_campaigns", args)
        world.emulator.inject_item_exception("campaign", id=PAUSED_CAMPAIGN, code=2601, message="Campaign is locked.")
        applied = await ok(client, "archive_campaigns", {**args, "confirmation": plan["confirmation"]})
    assert applied["status"] == "partial"
    first, second = applied["results"]
    assert first == {"item": 0, "id": SPRING, "ok": True}
    assert (
        second["ok"] is False
        and second["id"] == PAUSED_CAMPAIGN
        and "code 2601: Campaign is locked." in second["error"]
    )
    assert [c["id"] for c in applied["now"]] == [SPRING] and applied["now"][0]["status"] == "ARCHIVED"
    assert world.runtime.writes.journal.get(applied["journal_entry"])["status"] == "partial"  # type: ignore[index]


async def test_allowlist_refuses_writes_to_other_ad_accounts(tmp_path: Path) -> None:
    world = world_for(tmp_path, ad_accounts=("549756002702",))
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        failed, answer = await result_of(client, "pause_campaigns", {"ad_account_id": USD, "campaign_ids": [SPRING]})
    assert failed and "not among the accounts" in answer
    assert world.runtime.emulator is None or world.writes() == []


@pytest.mark.slow
def test_cli_call_prints_the_plan_and_applies_only_with_consent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`call` from a script (no terminal) only plans; `--yes` shows the plan, then applies and journals it."""
    from pinterest_mcp.cli.commands import main

    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    journal = tmp_path / "journal.jsonl"
    argv = ["call", "pause_campaigns", "--demo", "--journal", str(journal), f"ad_account_id={USD}"]
    argv.append(f'campaign_ids=["{SPRING}"]')
    assert main(argv) == 1  # planned only: a script must not read it as done
    captured = capsys.readouterr()
    plan = json.loads(captured.out)
    assert plan["changes"][0]["status"] == "ACTIVE → PAUSED" and "confirmation" in plan
    assert "plan only" in captured.err
    assert not journal.exists()

    assert main([*argv, "--yes"]) == 0
    captured = capsys.readouterr()
    assert "ACTIVE → PAUSED" in captured.err and "Apply this change?" in captured.err
    assert json.loads(captured.out)["status"] == "applied"
    assert [json.loads(line)["phase"] for line in journal.read_text().splitlines()] == ["intent", "outcome"]


async def test_a_create_without_an_answer_is_reported_unknown_not_retried(world: World) -> None:
    """A 5xx on a create is not retried (Pinterest may have acted): the outcome is `unknown`, journaled as such."""
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        args = {"ad_account_id": USD, "campaigns": [{"name": "Winter test", "objective_type": "AWARENESS"}]}
        plan = await ok(client, "create_campaigns", args)
        world.emulator.inject_fault("POST", "/ad_accounts/{ad_account_id}/campaigns", status=503)
        failed, answer = await result_of(client, "create_campaigns", {**args, "confirmation": plan["confirmation"]})
    assert failed and answer["status"] == "unknown" and "may have applied" in answer["error"]
    assert len(world.writes()) == 1
    assert world.runtime.writes.journal.get(answer["journal_entry"])["status"] == "unknown"  # type: ignore[index]


async def test_counters_that_drift_on_their_own_do_not_void_a_plan(world: World) -> None:
    """Followers and audience sizes move all day; a confirmation survives them, but not a real edit."""
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        world.ids = await discover(client)
        args = cases(world.ids)["update_board"]
        plan = await ok(client, "update_board", args)
        world.emulator.state.boards[BOARD_WITH_SECTIONS]["follower_count"] = 10_001
        applied = await ok(client, "update_board", {**args, "confirmation": plan["confirmation"]})
        assert applied["status"] == "applied"
        args = cases(world.ids)["update_audience"]
        plan = await ok(client, "update_audience", args)
        world.emulator.state.audiences[world.ids["audience"]]["size"] = 123_456
        applied = await ok(client, "update_audience", {**args, "confirmation": plan["confirmation"]})
        assert applied["status"] == "applied"


UNDOABLE = [
    name
    for name in WRITE_TOOLS
    if by_name()[name].change == "update" and by_name()[name].reversible and not name.startswith("archive_")
]


@pytest.mark.parametrize("tool", UNDOABLE)
async def test_every_update_can_be_undone(world: World, tool: str) -> None:
    """Apply an update, then undo_change it: every field it sent reads back as it was before."""
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        world.ids = await discover(client)
        arguments = cases(world.ids)[tool]
        plan = await ok(client, tool, arguments)
        applied = await ok(client, tool, {**arguments, "confirmation": plan["confirmation"]})
        entry = world.runtime.writes.journal.get(applied["journal_entry"])
        assert entry is not None
        undo = await ok(client, "undo_change", {"entry": applied["journal_entry"]})
        done = await ok(
            client, "undo_change", {"entry": applied["journal_entry"], "confirmation": undo["confirmation"]}
        )
        assert done["status"] == "applied", done
        for key, fields in entry["before"].items():
            (now,) = [e for e in done["now"] if str(e.get("id")) == key] or [done["now"][0]]
            for name, value in fields.items():
                assert now.get(name) == value, (name, now.get(name), value)
