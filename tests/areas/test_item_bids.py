"""Catalog items' own bids through a real MCP client against the emulator: a POST read, then bids set item by item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from pinterest_mcp.server.build import build_server
from support.world import USD, World, ok, result_of, world_for

pytestmark = pytest.mark.anyio
SKU = {"item_id": "sku-1", "country": "US", "language": "EN"}


@pytest.fixture
def world(tmp_path: Path) -> World:
    return world_for(tmp_path)


async def _bids(client: Client, catalog: str, *items: dict[str, str]) -> list[dict[str, Any]]:
    answer = await ok(client, "get_item_bids", {"ad_account_id": USD, "catalog_id": catalog, "items": list(items)})
    return [item["bid_options"] for item in answer["items"]]


async def test_an_items_bid_is_planned_in_currency_units_set_and_deleted(world: World) -> None:
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        catalog = (await ok(client, "list_catalogs", {}))["items"][0]["id"]
        (before,) = await _bids(client, catalog, SKU)
        assert before["bid_in_micro_currency"] is None and world.writes() == []  # the read is a POST, writing nothing
        other = {**SKU, "item_id": "sku-2"}
        bids = {"ad_account_id": USD, "catalog_id": catalog, "items": [
            {**SKU, "operation": "UPSERT", "bid_options": {"bid_in_micro_currency": 1_500_000}, "update_mask": None},
            {**other, "operation": "UPSERT", "bid_options": {"placement_multipliers": {"SEARCH": 1.5}},
             "update_mask": ["PLACEMENT_BID_MULTIPLIER_SET"]}]}  # fmt: skip
        plan = await ok(client, "set_item_bids", bids)
        assert "1.50 USD (1500000)" in plan["changes"][0]["bid_options"], plan
        assert plan["body"]["items"][0]["update_mask"] is None  # null: every option, the others set to none
        applied = await ok(client, "set_item_bids", {**bids, "confirmation": plan["confirmation"]})
        assert applied["status"] == "applied", applied
        first, second = await _bids(client, catalog, SKU, other)
        assert (first["bid_in_micro_currency"], second["placement_multipliers"]) == (1_500_000, {"SEARCH": 1.5})

        delete = {"ad_account_id": USD, "catalog_id": catalog, "items": [
            {**SKU, "operation": "DELETE"}, {**SKU, "item_id": "sku-9", "operation": "DELETE"}]}  # fmt: skip
        plan = await ok(client, "set_item_bids", delete)
        _, applied = await result_of(client, "set_item_bids", {**delete, "confirmation": plan["confirmation"]})
        assert applied["status"] == "partial", applied  # sku-9 had no options to delete (HTTP 206)
        assert [r["ok"] for r in applied["results"]] == [True, False] and "no bid options" in applied["results"][1][
            "error"
        ]
        (gone,) = await _bids(client, catalog, SKU)
        assert gone["bid_in_micro_currency"] is None


async def test_an_upsert_without_options_or_with_an_unknown_country_is_refused_before_sending(world: World) -> None:
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        catalog = (await ok(client, "list_catalogs", {}))["items"][0]["id"]
        bare = {
            "ad_account_id": USD,
            "catalog_id": catalog,
            "items": [{**SKU, "operation": "UPSERT", "update_mask": None}],
        }
        failed, answer = await result_of(client, "set_item_bids", bare)
        assert failed and "bid_options" in str(answer), answer
        wrong = {**bare, "items": [{**SKU, "country": "XX", "operation": "DELETE"}]}
        failed, answer = await result_of(client, "set_item_bids", wrong)
        assert failed and "country" in str(answer), answer
        assert world.writes() == []
