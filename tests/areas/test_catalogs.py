"""Catalog tools end to end through a real MCP client against the emulator: feeds, items, product groups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
PASSWORD = "hunter2-feed-pass"  # the secret the tests look for everywhere
USERNAME = "feedbot-login-7"


def _runtime(tmp_path: Path) -> Runtime:
    toolsets = ("catalogs", "catalogs_manage", "shopping")
    return Runtime(Settings(demo=True, toolsets=toolsets, journal=tmp_path / "journal.jsonl"))


async def _apply(client: Client, tool: str, **args: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Plan, then apply with the plan's confirmation: both answers."""
    plan = await call(client, tool, **args)
    assert "confirmation" in plan, plan
    return plan, await call(client, tool, **args, confirmation=plan["confirmation"])


async def test_a_feed_is_created_ingested_and_its_issues_read_then_grouped_and_batched(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    async with Client(build_server(runtime.settings, runtime)) as client:
        (catalog,) = (await call(client, "list_catalogs"))["items"]
        feed_args = {
            "catalog_id": catalog["id"], "name": "Spring cookware", "format": "CSV",
            "location": "https://shop.example.com/spring.csv", "default_country": "US", "default_locale": "en-US",
            "credentials": {"username": USERNAME, "password": PASSWORD},
        }  # fmt: skip
        plan, made = await _apply(client, "create_catalog_feed", **feed_args)
        (feed,) = made["now"]
        assert feed["name"] == "Spring cookware" and feed["status"] == "ACTIVE"
        feeds = await call(client, "list_catalog_feeds", catalog_id=catalog["id"])
        assert feed["id"] in {f["id"] for f in feeds["items"]}

        _, ingested = await _apply(client, "ingest_catalog_feed", feed_id=feed["id"])
        results = (await call(client, "list_feed_processing_results", feed_id=feed["id"]))["items"]
        (result,) = results
        counts = result["product_counts"]
        assert result["status"] == "COMPLETED" and 0 < counts["ingested"] < counts["original"]
        issues = (await call(client, "list_catalog_item_issues", processing_result_id=result["id"]))["items"]
        refused = [i for i in issues if i["errors"]]
        assert len(refused) == counts["original"] - counts["ingested"]
        assert sum(result["validation_details"]["errors"].values()) == len(refused)

        filters = {"all_of": [{"PRODUCT_TYPE_0": {"values": [["cookware"]]}}, {"MAX_PRICE": {"values": 100}}]}
        where = {"catalog_id": catalog["id"], "country": "US", "locale": "en-US"}
        preview = await call(client, "list_catalog_products_by_filter", **where, filters=filters)
        _, grouped = await _apply(
            client, "create_catalog_product_group", catalog_id=catalog["id"], name="Cookware under 100", filters=filters
        )
        (group,) = grouped["now"]
        products = await call(client, "list_catalog_product_group_products", product_group_id=group["id"])
        prices = [p["metadata"]["price"] for p in products["items"]]
        assert products["items"] and all(price <= 100 for price in prices)
        assert {p["metadata"]["item_id"] for p in products["items"]} == {
            p["metadata"]["item_id"] for p in preview["items"]
        }
        assert all(p["pin"]["id"] for p in products["items"])

        items = [
            {"item_id": "new-pan-1", "attributes": {"title": "Cast iron pan", "price": "42.00 USD",
             "product_type": "cookware", "link": "https://shop.example.com/pan",
             "image_link": ["https://shop.example.com/pan.jpg"], "availability": "in stock"}},
            {"item_id": "no-such-item", "operation": "DELETE"},
        ]  # fmt: skip
        batch_args = {"catalog_id": catalog["id"], "country": "US", "language": "en-US", "items": items}
        _, batched = await _apply(client, "upsert_catalog_items", **batch_args)
        (posted,) = batched["now"]
        status = await call(client, "get_catalog_items_batch", batch_id=posted["batch_id"])
        by_item = {record["item_id"]: record["status"] for record in status["items"]}
        assert status["status"] == "COMPLETED" and by_item == {"new-pan-1": "SUCCESS", "no-such-item": "FAILURE"}
        after = await call(client, "list_catalog_product_group_products", product_group_id=group["id"])
        assert "new-pan-1" in {p["metadata"]["item_id"] for p in after["items"]}
        read = await call(
            client, "get_catalog_items", country="US", language="en-US",
            filters={"catalog_id": catalog["id"], "item_ids": ["new-pan-1"]},
        )  # fmt: skip
        assert read["items"][0]["attributes"]["title"] == "Cast iron pan"
    assert ingested["status"] == "applied" and ingested["now"][0]["feed_id"] == feed["id"]
    assert "<withheld>" in str(plan["body"]["credentials"])


async def test_feed_credentials_never_leave_in_plans_results_journal_or_errors(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    seen: list[str] = []
    async with Client(build_server(runtime.settings, runtime)) as client:
        (catalog,) = (await call(client, "list_catalogs"))["items"]
        args = {
            "catalog_id": catalog["id"], "name": "Locked feed", "format": "XML",
            "location": "sftp://files.example.com/feed.xml", "default_country": "US", "default_locale": "en-US",
            "credentials": {"username": USERNAME, "password": PASSWORD},
        }  # fmt: skip
        plan, made = await _apply(client, "create_catalog_feed", **args)
        seen += [str(plan), str(made)]
        feed_id = made["now"][0]["id"]
        seen.append(str(await call(client, "get_catalog_feed", feed_id=feed_id, fields=["*"])))
        seen.append(str(await call(client, "list_catalog_feeds", fields=["*"])))
        update = {"feed_id": feed_id, "credentials": {"username": USERNAME, "password": PASSWORD + "-2"}}
        plan, done = await _apply(client, "update_catalog_feed", **update)
        seen += [str(plan), str(done)]
        undo = await client.call_tool("undo_change", {"entry": done["journal_entry"]})  # would send <withheld>
        seen.append(text_of(undo))
        bad_login = {"username": [USERNAME], "password": [PASSWORD]}  # not text: refused, and not repeated
        bad = await client.call_tool("create_catalog_feed", {**args, "credentials": bad_login})
        seen.append(text_of(bad))
        taken = await client.call_tool("create_catalog_feed", args)  # plan of a duplicate name
        seen.append(text_of(taken))
    seen.append((tmp_path / "journal.jsonl").read_text())
    assert bad.is_error
    assert undo.is_error and "never journaled" in text_of(undo)
    assert "<withheld>" in seen[0]
    for text in seen:
        assert PASSWORD not in text and USERNAME not in text


async def test_deleting_a_feed_takes_its_results_and_groups_and_says_so(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    async with Client(build_server(runtime.settings, runtime)) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        for name in ("delete_catalog_feed", "delete_catalog_product_group", "delete_catalog_product_groups"):
            hints = tools[name].annotations
            assert hints is not None and hints.destructive_hint, name
        assert "product groups made on it" in str(tools["delete_catalog_feed"].description)
        (feed,) = (await call(client, "list_catalog_feeds"))["items"]
        plan, _ = await _apply(client, "delete_catalog_feed", feed_id=feed["id"])
        assert plan["warnings"]
        gone = await client.call_tool("list_feed_processing_results", {"feed_id": feed["id"]})
        assert gone.is_error and "not find" in text_of(gone)


async def test_a_promoted_product_group_cannot_be_deleted_and_a_renamed_one_undoes(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    async with Client(build_server(runtime.settings, runtime)) as client:
        promotions = (await call(client, "list_product_group_promotions", ad_account_id="549755856399"))["items"]
        active = next(p for p in promotions if p["status"] == "ACTIVE")
        group_id = active["catalog_product_group_id"]
        plan = await call(client, "delete_catalog_product_group", product_group_id=group_id)
        refused = await client.call_tool(
            "delete_catalog_product_group", {"product_group_id": group_id, "confirmation": plan["confirmation"]}
        )
        assert refused.is_error and "active promotions" in text_of(refused)
        _, renamed = await _apply(client, "update_catalog_product_group", product_group_id=group_id, name="Pans")
        assert renamed["now"][0]["name"] == "Pans"
        counts = await call(client, "get_catalog_product_group_counts", product_group_id=group_id)
        assert counts["total"] == counts["in_stock"] + counts["out_of_stock"] + counts["preorder"] > 0
