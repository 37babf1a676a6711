"""Sales promotions through a real MCP client against the emulator: create, read, edit, delete, item by item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from pinterest_mcp.server.build import build_server
from support.world import USD, World, ok, result_of, world_for

pytestmark = pytest.mark.anyio
ACCOUNT = {"ad_account_id": USD}


@pytest.fixture
def world(tmp_path: Path) -> World:
    return world_for(tmp_path)


async def _apply(client: Client, tool: str, arguments: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    plan = await ok(client, tool, arguments)
    _, applied = await result_of(client, tool, {**arguments, "confirmation": plan["confirmation"]})
    return plan, applied


async def test_a_promotion_is_created_edited_and_deleted_and_the_reads_follow(world: World) -> None:
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        (seeded,) = (await ok(client, "list_promotions", ACCOUNT))["items"]
        assert (seeded["promotion_title"], seeded["status"]) == ("Spring sale", "ACTIVE")
        new = {"promotion_title": "Free shipping weekend", "promotion_type": "FREE_SHIPPING",
               "promotion_custom_id": "ship-1", "start_time": 1_900_000_000, "end_time": 1_900_172_800}  # fmt: skip
        plan, applied = await _apply(client, "create_promotions", {**ACCOUNT, "promotions": [new]})
        assert plan["changes"][0]["promotion_title"] == '"Free shipping weekend"', plan
        assert applied["status"] == "applied", applied
        (made,) = applied["now"]
        assert (made["promotion_type"], made["status"]) == ("FREE_SHIPPING", "ACTIVE")

        edit = {**ACCOUNT, "promotions": [{"id": made["id"], "promotion_code": "SHIPFREE", "status": "PAUSED"}]}
        plan, applied = await _apply(client, "update_promotions", edit)
        (change,) = plan["changes"]
        assert change["status"] == "ACTIVE → PAUSED" and change["name"] == '"Free shipping weekend"', change
        got = await ok(client, "get_promotion", {**ACCOUNT, "promotion_id": made["id"]})
        assert (got["promotion_code"], got["status"]) == ("SHIPFREE", "PAUSED")

        plan, applied = await _apply(client, "delete_promotion", {**ACCOUNT, "promotion_id": made["id"]})
        assert any("cannot be undone" in w for w in plan["warnings"]), plan
        assert applied["status"] == "applied", applied
        failed, gone = await result_of(client, "get_promotion", {**ACCOUNT, "promotion_id": made["id"]})
        assert failed and "not found" in str(gone).lower(), gone


async def test_each_promotion_of_a_create_is_answered_on_its_own(world: World) -> None:
    """A repeated custom id or a schedule that ends before it starts refuses that item; the others apply."""
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        items = [
            {"promotion_title": "A", "promotion_type": "SITEWIDE", "promotion_custom_id": "dup"},
            {"promotion_title": "B", "promotion_type": "SITEWIDE", "promotion_custom_id": "dup"},
            {"promotion_title": "C", "promotion_type": "CHECKOUT", "start_time": 2_000, "end_time": 1_000},
        ]
        _, applied = await _apply(client, "create_promotions", {**ACCOUNT, "promotions": items})
        assert applied["status"] == "partial", applied
        assert [r["ok"] for r in applied["results"]] == [True, False, False]
        assert "promotion_custom_id" in applied["results"][1]["error"]
        assert "end_time" in applied["results"][2]["error"]
        titles = [p["promotion_title"] for p in (await ok(client, "list_promotions", ACCOUNT))["items"]]
        assert titles == ["Spring sale", "A"]


async def test_an_unknown_promotion_type_is_refused_before_sending(world: World) -> None:
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        before = (await ok(client, "list_promotions", ACCOUNT))["items"]
        bad = {**ACCOUNT, "promotions": [{"promotion_title": "X", "promotion_type": "SITEWIDES"}]}
        failed, answer = await result_of(client, "create_promotions", bad)
        assert failed and "SITEWIDE" in str(answer) and "promotion_type" in str(answer), answer
        assert world.writes() == [] and (await ok(client, "list_promotions", ACCOUNT))["items"] == before
