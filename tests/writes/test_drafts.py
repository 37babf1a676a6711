"""DRAFT campaigns, ad groups and ads through an MCP client: created, planned and sent as the spec's `EntityStatus`.

A draft is how Ads Manager keeps work in progress: it neither serves nor spends. The plan names the
status, the emulator's body gate checks each request against the spec, and a draft can be finished
(ACTIVE) or thrown away (DELETED_DRAFT).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from pinterest_mcp.server.build import build_server
from support.world import PIN, USD, World, ok, result_of, world_for

pytestmark = pytest.mark.anyio


@pytest.fixture
def world(tmp_path: Path) -> World:
    return world_for(tmp_path)


@pytest.fixture
async def client(world: World) -> AsyncIterator[Client]:
    await world.runtime.client()  # the emulator exists from the start, so the tests can read its state
    async with Client(build_server(world.runtime.settings, world.runtime)) as connected:
        yield connected


async def apply(client: Client, tool: str, arguments: dict[str, Any]) -> tuple[Any, Any]:
    """The plan and the applied answer of one confirmed write."""
    plan = await ok(client, tool, arguments)
    return plan, await ok(client, tool, {**arguments, "confirmation": plan["confirmation"]})


def named(rows: dict[str, Any], name: str) -> dict[str, Any]:
    return next(row for row in rows.values() if row.get("name") == name)


async def test_a_campaign_ad_group_and_ad_start_as_drafts_and_a_draft_is_finished_or_deleted(
    client: Client, world: World
) -> None:
    state = world.emulator.state
    plan, _ = await apply(client, "create_campaigns", {"ad_account_id": USD, "campaigns": [
        {"name": "Draft C", "objective_type": "AWARENESS", "status": "DRAFT"}]})  # fmt: skip
    campaign = named(state.campaigns, "Draft C")
    await apply(client, "create_ad_groups", {"ad_account_id": USD, "ad_groups": [
        {"campaign_id": campaign["id"], "name": "Draft G", "billable_event": "IMPRESSION",
         "budget_in_micro_currency": 10**7, "status": "DRAFT"}]})  # fmt: skip
    group = named(state.ad_groups, "Draft G")
    await apply(client, "create_ads", {"ad_account_id": USD, "ads": [
        {"ad_group_id": group["id"], "pin_id": PIN, "creative_type": "REGULAR", "name": "Draft A",
         "status": "DRAFT"}]})  # fmt: skip
    ad = named(state.ads, "Draft A")
    assert "DRAFT" in str(plan), plan
    assert [campaign["status"], group["status"], ad["status"]] == ["DRAFT"] * 3
    sent = [r.body[0]["status"] for r in world.emulator.requests if r.method == "POST"]
    assert sent == ["DRAFT"] * 3, sent

    other = next(p for p in state.pins.values() if p["id"] != PIN and p["creative_type"] == ad["creative_type"])
    await apply(client, "update_ads", {"ad_account_id": USD, "ads": [{"id": ad["id"], "pin_id": other["id"]}]})
    assert ad["pin_id"] == other["id"]  # only a draft ad's Pin may change
    finish = {"ad_account_id": USD, "ads": [{"id": ad["id"], "status": "ACTIVE"}]}
    finished, _ = await apply(client, "update_ads", finish)
    await apply(client, "update_campaigns", {"ad_account_id": USD, "campaigns": [
        {"id": campaign["id"], "status": "DELETED_DRAFT"}]})  # fmt: skip
    assert "ACTIVE" in str(finished["changes"]), finished
    assert ad["status"] == "ACTIVE" and campaign["status"] == "DELETED_DRAFT"


async def test_a_live_ad_cannot_become_a_draft_nor_take_another_pin(client: Client, world: World) -> None:
    live = next(a for a in world.emulator.state.ads.values() if a["ad_account_id"] == USD and a["status"] == "ACTIVE")
    arguments = {"ad_account_id": USD, "ads": [{"id": live["id"], "status": "DRAFT"}]}
    plan = await ok(client, "update_ads", arguments)
    failed, answer = await result_of(client, "update_ads", {**arguments, "confirmation": plan["confirmation"]})
    assert live["status"] == "ACTIVE"
    assert "cannot become DRAFT" in str(answer), (failed, answer)
    other = next(p for p in world.emulator.state.pins if p != live["pin_id"])
    arguments = {"ad_account_id": USD, "ads": [{"id": live["id"], "pin_id": other}]}
    plan = await ok(client, "update_ads", arguments)
    failed, answer = await result_of(client, "update_ads", {**arguments, "confirmation": plan["confirmation"]})
    assert "pin_id cannot be changed" in str(answer) and live["pin_id"] != other, (failed, answer)
