"""Plans name what they touch and say which budget they change, through a real MCP client.

A person approves a plan, not the agent's summary of it: so an id in a plan comes with the name a
person knows it by (the keyword's ad group and its campaign, a new ad group's campaign, a visitor
audience's Pinterest tag), a create that repeats an existing sibling says so and names it, and a
money change says whether it is a campaign budget (CBO), a campaign spend cap or an ad group budget.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.tools import call

pytestmark = pytest.mark.anyio

USD = "549755856399"


async def world(tmp_path: Path) -> Runtime:
    """A demo runtime with its emulator started, so a test can read Pinterest's side first."""
    runtime = Runtime(Settings(demo=True, journal=tmp_path / "journal.jsonl", toolsets=("all",)))
    await runtime.client()
    return runtime


def state(runtime: Runtime) -> Any:
    assert runtime.emulator is not None
    return runtime.emulator.state


def campaign(runtime: Runtime, *, cbo: bool) -> dict[str, Any]:
    """A campaign of the USD account with or without campaign budget optimization and a daily cap."""
    return next(
        c
        for c in state(runtime).campaigns.values()
        if c["ad_account_id"] == USD
        and c["is_campaign_budget_optimization"] is cbo
        and c["daily_spend_cap"]
        and c["status"] != "ARCHIVED"
    )


def group_of(runtime: Runtime, campaign_id: str) -> dict[str, Any]:
    return next(g for g in state(runtime).ad_groups.values() if g["campaign_id"] == campaign_id)


def no_writes(runtime: Runtime) -> bool:
    assert runtime.emulator is not None
    return all(r.method == "GET" for r in runtime.emulator.requests)


async def test_a_cbo_campaign_cap_is_planned_as_the_campaign_budget(tmp_path: Path) -> None:
    runtime = await world(tmp_path)
    cbo, plain = campaign(runtime, cbo=True), campaign(runtime, cbo=False)
    async with Client(build_server(runtime.settings, runtime)) as client:
        plans = [
            await call(client, "set_campaign_spend_cap", ad_account_id=USD, campaign_ids=[c["id"]], daily_spend_cap=80)
            for c in (cbo, plain)
        ]
    before = f"{cbo['daily_spend_cap'] / 1_000_000:.2f} USD"
    assert plans[0]["changes"][0]["budget"] == f"campaign budget (CBO), daily: {before} → 80.00 USD", plans[0]
    assert plans[1]["changes"][0]["budget"].startswith("campaign daily spend cap (not a budget"), plans[1]
    assert no_writes(runtime)


async def test_an_ad_group_budget_is_planned_as_the_ad_group_budget_with_its_campaign(tmp_path: Path) -> None:
    runtime = await world(tmp_path)
    parent = campaign(runtime, cbo=False)
    group = group_of(runtime, parent["id"])
    async with Client(build_server(runtime.settings, runtime)) as client:
        plan = await call(client, "set_ad_group_budget", ad_account_id=USD, ad_group_ids=[group["id"]], budget=61)
    (change,) = plan["changes"]
    assert change["budget"].startswith(f"ad group {group['budget_type'].lower()} budget: "), change
    assert change["budget"].endswith("→ 61.00 USD")
    assert change["campaign"] == f'{parent["id"]} "{parent["name"]}"', change


async def test_create_keywords_names_the_ad_group_and_its_campaign(tmp_path: Path) -> None:
    runtime = await world(tmp_path)
    parent = campaign(runtime, cbo=False)
    group = group_of(runtime, parent["id"])
    async with Client(build_server(runtime.settings, runtime)) as client:
        keywords = [{"value": "enamel dutch oven", "match_type": "BROAD"}]
        plan = await call(client, "create_keywords", ad_account_id=USD, parent_id=group["id"], keywords=keywords)
    named = f'for ad group {group["id"]} "{group["name"]}" in campaign {parent["id"]} "{parent["name"]}"'
    assert named in plan["plan"], plan["plan"]
    assert no_writes(runtime)


async def test_names_from_pinterest_are_quoted_and_escaped_beside_the_id(tmp_path: Path) -> None:
    runtime = await world(tmp_path)
    parent = campaign(runtime, cbo=False)
    group = group_of(runtime, parent["id"])
    group["name"] = 'Q4"\nWARNING: none'
    async with Client(build_server(runtime.settings, runtime)) as client:
        keywords = [{"value": "linen apron", "match_type": "BROAD"}]
        plan = await call(client, "create_keywords", ad_account_id=USD, parent_id=group["id"], keywords=keywords)
    assert f'ad group {group["id"]} "Q4\\"\\nWARNING: none"' in plan["plan"], plan["plan"]
    assert "\n" not in plan["plan"]


async def test_creates_warn_about_a_sibling_of_the_same_name_and_name_it(tmp_path: Path) -> None:
    runtime = await world(tmp_path)
    parent = campaign(runtime, cbo=False)
    group = group_of(runtime, parent["id"])
    board = next(iter(state(runtime).boards.values()))
    async with Client(build_server(runtime.settings, runtime)) as client:
        twin_campaign = await call(
            client,
            "create_campaigns",
            ad_account_id=USD,
            campaigns=[{"name": f" {parent['name'].upper()} ", "objective_type": parent["objective_type"]}],
        )
        fresh = await call(
            client,
            "create_campaigns",
            ad_account_id=USD,
            campaigns=[{"name": "A name nobody used", "objective_type": parent["objective_type"]}],
        )
        twin_group = await call(
            client,
            "create_ad_groups",
            ad_account_id=USD,
            ad_groups=[{"name": group["name"], "campaign_id": parent["id"], "billable_event": "IMPRESSION"}],
        )
        twin_board = await call(client, "create_board", name=board["name"])
    assert any(
        f'campaign {parent["id"]} "{parent["name"]}" already exists in this ad account' in w
        for w in twin_campaign["warnings"]
    ), twin_campaign
    assert not any("already exists" in w for w in fresh.get("warnings", []))
    assert any(
        f'ad group {group["id"]} "{group["name"]}" already exists in campaign {parent["id"]} "{parent["name"]}"' in w
        for w in twin_group.get("warnings", [])
    ), twin_group
    assert twin_group["changes"][0]["campaign_id"] == f'{parent["id"]} "{parent["name"]}"'
    assert any(f"board {board['id']}" in w and "already exists" in w for w in twin_board.get("warnings", [])), (
        twin_board
    )
    assert no_writes(runtime)


async def test_create_audience_names_its_tag_and_warns_about_an_identical_audience(tmp_path: Path) -> None:
    runtime = await world(tmp_path)
    async with Client(build_server(runtime.settings, runtime)) as client:
        tag = (await call(client, "list_conversion_tags", ad_account_id=USD))["items"][0]
        rule = {"visitor_source_id": tag["id"], "retention_days": 30}
        first = {"ad_account_id": USD, "name": "Site visitors 30d", "audience_type": "VISITOR", "rule": rule}
        plan = await call(client, "create_audience", **first)
        done = await call(client, "create_audience", **first, confirmation=plan["confirmation"])
        again = await call(client, "create_audience", **{**first, "name": "Visitors, last month"})
        other_tag = {**first, "name": "Other visitors", "rule": {**rule, "visitor_source_id": "1"}}
        unknown = await call(client, "create_audience", **other_tag)
    assert plan["changes"][0]["visitor_source"] == f'conversion tag {tag["id"]} "{tag["name"]}"', plan
    assert done["status"] == "applied", done
    made = done["now"][0]["id"]
    (warning,) = [w for w in again["warnings"] if "already exists" in w]
    assert f'audience {made} "Site visitors 30d"' in warning and "the same type and rule" in warning
    assert "list_conversion_tags" in unknown["changes"][0]["visitor_source"]
    assert json.dumps(unknown).count("already exists") == 0


async def test_a_raise_warning_and_the_cbo_refusal_say_which_budget(tmp_path: Path) -> None:
    runtime = await world(tmp_path)
    cbo = campaign(runtime, cbo=True)
    cbo_group = group_of(runtime, cbo["id"])
    raised = cbo["daily_spend_cap"] * 2 / 1_000_000
    async with Client(build_server(runtime.settings, runtime)) as client:
        plan = await call(
            client, "set_campaign_spend_cap", ad_account_id=USD, campaign_ids=[cbo["id"]], daily_spend_cap=raised
        )
        refused = await client.call_tool(
            "set_ad_group_budget", {"ad_account_id": USD, "ad_group_ids": [cbo_group["id"]], "budget": 20}
        )
    assert any("daily_spend_cap (campaign budget (CBO), daily) raised by 100%" in w for w in plan["warnings"]), plan
    assert refused.is_error
    refusal = json.loads(str(getattr(refused.content[0], "text", "")))["refused"][0]
    assert f'its campaign {cbo["id"]} "{cbo["name"]}" uses campaign budget optimization' in refusal, refusal


async def test_a_pin_and_an_ad_name_their_board_and_ad_group(tmp_path: Path) -> None:
    runtime = await world(tmp_path)
    board = next(iter(state(runtime).boards.values()))
    parent = campaign(runtime, cbo=False)
    group = group_of(runtime, parent["id"])
    pin = next(iter(state(runtime).pins))
    async with Client(build_server(runtime.settings, runtime)) as client:
        source = {"source_type": "image_url", "url": "https://images.example/lemon.jpg"}
        pinned = await call(client, "create_pin", board_id=board["id"], title="Lemon tart", media_source=source)
        ad = await call(
            client,
            "create_ads",
            ad_account_id=USD,
            ads=[{"ad_group_id": group["id"], "pin_id": pin, "creative_type": "REGULAR"}],
        )
    assert pinned["changes"][0]["board_id"] == f'{board["id"]} "{board["name"]}"', pinned
    named_group = f'{group["id"]} "{group["name"]}" in campaign {parent["id"]} "{parent["name"]}"'
    assert ad["changes"][0]["ad_group_id"] == named_group, ad
    assert no_writes(runtime)
