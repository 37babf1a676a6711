"""Product group promotion tools through a real MCP client against the emulator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
USD = "549755856399"


def _runtime(tmp_path: Path) -> Runtime:
    return Runtime(Settings(demo=True, toolsets=("shopping", "ads"), journal=tmp_path / "journal.jsonl"))


async def test_create_promotes_paused_and_reports_a_product_group_promoted_twice(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    async with Client(build_server(runtime.settings, runtime)) as client:
        promoted = (await call(client, "list_product_group_promotions", ad_account_id=USD))["items"][0]
        group = promoted["ad_group_id"]
        args = {
            "ad_account_id": USD,
            "ad_group_id": group,
            "product_group_promotion": [
                {"catalog_product_group_id": "4398046111", "bid_in_micro_currency": 900_000},
                {"catalog_product_group_id": promoted["catalog_product_group_id"]},
            ],
        }
        plan = await call(client, "create_product_group_promotions", **args)
        done = await call(client, "create_product_group_promotions", **args, confirmation=plan["confirmation"])
        listed = await call(client, "list_product_group_promotions", ad_account_id=USD, ad_group_id=group)
    assert plan["changes"][0]["status"] == "PAUSED"
    assert plan["changes"][0]["bid_in_micro_currency"] == "0.90 USD (900000)"
    assert done["status"] == "partial" and "promoted in this ad group already" in done["results"][1]["error"]
    (created,) = done["now"]
    assert created["status"] == "PAUSED" and created["bid_amount"] == "0.90 USD"
    assert created["id"] in {p["id"] for p in listed["items"]} and {p["ad_group_id"] for p in listed["items"]} == {
        group
    }


async def test_a_bid_change_shows_before_and_after_and_undoes(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    async with Client(build_server(runtime.settings, runtime)) as client:
        bid = next(
            p for p in (await call(client, "list_product_group_promotions", ad_account_id=USD))["items"]
            if p.get("bid_in_micro_currency")
        )  # fmt: skip
        change = [{"id": bid["id"], "bid_in_micro_currency": bid["bid_in_micro_currency"] + 100_000}]
        args = {"ad_account_id": USD, "ad_group_id": bid["ad_group_id"], "product_group_promotion": change}
        plan = await call(client, "update_product_group_promotions", **args)
        done = await call(client, "update_product_group_promotions", **args, confirmation=plan["confirmation"])
        undo = await call(client, "undo_change", entry=done["journal_entry"])
        await call(client, "undo_change", entry=done["journal_entry"], confirmation=undo["confirmation"])
        again = await call(
            client, "get_product_group_promotion", ad_account_id=USD, product_group_promotion_id=bid["id"]
        )
    assert "→" in plan["changes"][0]["bid_in_micro_currency"] and "USD" in plan["changes"][0]["bid_in_micro_currency"]
    assert done["now"][0]["bid_in_micro_currency"] == bid["bid_in_micro_currency"] + 100_000
    assert again["bid_in_micro_currency"] == bid["bid_in_micro_currency"]


async def test_only_shopping_ad_groups_take_promotions(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    async with Client(build_server(runtime.settings, runtime)) as client:
        groups = (await call(client, "list_ad_groups", ad_account_id=USD))["items"]
        promoted = {
            p["ad_group_id"] for p in (await call(client, "list_product_group_promotions", ad_account_id=USD))["items"]
        }
        other = next(g["id"] for g in groups if g["id"] not in promoted)
        args = {
            "ad_account_id": USD,
            "ad_group_id": other,
            "product_group_promotion": [{"catalog_product_group_id": "4398046111"}],
        }
        plan = await call(client, "create_product_group_promotions", **args)
        done = await client.call_tool("create_product_group_promotions", {**args, "confirmation": plan["confirmation"]})
    assert done.is_error and "not in a CATALOG_SALES campaign" in text_of(done)


async def test_product_groups_share_out_their_ad_groups_metrics() -> None:
    """Product group rows add up to their shopping ad group's, rather than each claiming all of it."""
    today = datetime.now(UTC).date()
    window = {"start_date": str(today - timedelta(days=14)), "end_date": str(today), "granularity": "TOTAL"}
    spend = {"columns": ["SPEND_IN_MICRO_DOLLAR"], **window}
    async with Client(
        build_server(Settings(demo=True, toolsets=("shopping", "analytics", "analytics_breakdowns")))
    ) as client:
        promotions = (await call(client, "list_product_group_promotions", ad_account_id=USD))["items"]
        group = promotions[0]["ad_group_id"]
        ids = [p["catalog_product_group_id"] for p in promotions if p["ad_group_id"] == group]
        by_product_group = await call(
            client, "get_product_group_analytics", ad_account_id=USD, product_group_ids=ids, **spend
        )
        by_ad_group = await call(client, "get_ad_group_analytics", ad_account_id=USD, ad_group_ids=[group], **spend)
    spent = by_product_group["columns"].index("SPEND (USD)")
    assert {row[0] for row in by_product_group["rows"]} <= set(ids) and by_product_group["columns"][
        0
    ] == "PRODUCT_GROUP_ID"
    (ad_group_row,) = by_ad_group["rows"]
    total = ad_group_row[by_ad_group["columns"].index("SPEND (USD)")]
    assert sum(row[spent] for row in by_product_group["rows"]) == pytest.approx(total, abs=0.02)


async def test_more_product_groups_than_one_request_takes_are_batched_and_merged() -> None:
    """300 product group ids: two requests (250 + 50), one table, the same rows as the ids it knows."""
    today = datetime.now(UTC).date()
    window = {"start_date": str(today - timedelta(days=14)), "end_date": str(today), "granularity": "TOTAL"}
    runtime = Runtime(Settings(demo=True, toolsets=("shopping", "analytics_breakdowns")))
    async with Client(build_server(runtime.settings, runtime)) as client:
        promotions = (await call(client, "list_product_group_promotions", ad_account_id=USD))["items"]
        known = [p["catalog_product_group_id"] for p in promotions]
        ids = known + [str(9_000_000_000 + n) for n in range(300 - len(known))]
        table = await call(client, "get_product_group_analytics", ad_account_id=USD, product_group_ids=ids, **window)
        sent = [r for r in runtime.emulator.requests if r.path.endswith("/product_groups/analytics")]
    assert len(sent) == 2
    assert {row[0] for row in table["rows"]} <= set(known)
