"""Catalog writes for the shared guards: example arguments the body guards read (minimal and rich each), and
cases for test_writes' plan → confirm → apply suite on seed data, found the way a model finds them: by listing.
test_catalogs runs the same writes end to end against the emulator."""

from __future__ import annotations

import json
from typing import Any

from mcp import Client

from support.tools import text_of

CATALOG = "877196115044212738"
FEED = "877196115044213738"
GROUP = "4398046647948"
FILTERS = {"any_of": [{"PRODUCT_TYPE_0": {"values": [["cookware"]]}}]}
RICH_FILTERS = {"all_of": [{"BRAND": {"values": ["Hearth"], "negated": False}}, {"MIN_PRICE": {"values": 20}}]}
LOCATION = "https://shop.example.com/feed.csv"
ITEM = {
    "title": "Pan",
    "link": "https://shop.example.com/pan",
    "price": "42.00 USD",
    "image_link": ["https://x.example/p.jpg"],
}
CATALOG_ID_KEYS = ("catalog", "feed", "spare_group", "promoted_group")

CATALOG_EXAMPLES: dict[str, dict[str, dict[str, Any]]] = {
    "create_catalog": {"minimal": {"name": "Outlet"}, "rich": {"name": "Outlet", "ad_account_id": "549755885175"}},
    "create_catalog_feed": {
        "minimal": {"catalog_id": CATALOG, "name": "Feed", "format": "CSV", "location": LOCATION,
                    "default_country": "US", "default_locale": "en-US"},
        "rich": {"catalog_id": CATALOG, "name": "Feed", "format": "XML", "location": "sftp://files.example.com/f.xml",
                 "default_country": "DE", "default_locale": "de", "default_currency": "EUR",
                 "default_availability": "IN_STOCK", "credentials": {"username": "shop", "password": "s3cret-pass"},
                 "preferred_processing_schedule": {"time": "02:30", "timezone": "Europe/Berlin"}, "status": "INACTIVE"},
    },
    "update_catalog_feed": {
        "minimal": {"feed_id": FEED},
        "rich": {"feed_id": FEED, "format": "TSV", "location": LOCATION, "default_currency": "USD",
                 "default_availability": "PREORDER", "credentials": {"username": "shop", "password": "s3cret-pass"},
                 "status": "ACTIVE"},
    },
    "upsert_catalog_items": {
        "minimal": {"catalog_id": CATALOG, "country": "US", "language": "en-US",
                    "items": [{"item_id": "sku-1", "attributes": ITEM}]},
        "rich": {"catalog_id": CATALOG, "country": "US", "language": "en-US", "items": [
            {"item_id": "sku-1", "operation": "CREATE", "attributes": ITEM},
            {"item_id": "sku-2", "operation": "UPDATE", "attributes": {"price": "12.00 USD"}},
            {"item_id": "sku-3", "operation": "DELETE"}]},
    },
    "create_catalog_product_group": {
        "minimal": {"catalog_id": CATALOG, "name": "Cookware", "filters": FILTERS},
        "rich": {"catalog_id": CATALOG, "name": "Cheap", "filters": RICH_FILTERS, "country": "US", "locale": "en-US"},
    },
    "create_catalog_product_groups": {
        "minimal": {"product_groups": [{"catalog_id": CATALOG, "name": "Cookware", "filters": FILTERS}]},
        "rich": {"product_groups": [{"catalog_id": CATALOG, "name": "A", "filters": FILTERS},
                                    {"catalog_id": CATALOG, "name": "B", "filters": RICH_FILTERS, "country": "US"}]},
    },
    "update_catalog_product_group": {
        "minimal": {"product_group_id": GROUP},
        "rich": {"product_group_id": GROUP, "name": "Pans", "filters": RICH_FILTERS},
    },
    "delete_catalog_feed": {"minimal": {"feed_id": FEED}, "rich": {"feed_id": FEED, "ad_account_id": "549755885175"}},
    "ingest_catalog_feed": {"minimal": {"feed_id": FEED}, "rich": {"feed_id": FEED, "ad_account_id": "549755885175"}},
    "delete_catalog_product_group": {"minimal": {"product_group_id": GROUP}, "rich": {"product_group_id": GROUP}},
    "delete_catalog_product_groups": {"minimal": {"id": [GROUP]}, "rich": {"id": [GROUP, "4398046923855"]}},
}  # fmt: skip


async def _data(client: Client, tool: str, arguments: dict[str, Any]) -> Any:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, text_of(result)
    return json.loads(text_of(result))


async def discover_catalogs(client: Client, account: str) -> dict[str, str]:
    """The catalog, its feed, and product groups of a paused promotion (deletable) and an active one."""
    catalog = (await _data(client, "list_catalogs", {}))["items"][0]["id"]
    feed = (await _data(client, "list_catalog_feeds", {"catalog_id": catalog}))["items"][0]["id"]
    promotions = (await _data(client, "list_product_group_promotions", {"ad_account_id": account}))["items"]
    paused = next(p for p in promotions if p["status"] == "PAUSED")["catalog_product_group_id"]
    active = next(p for p in promotions if p["status"] == "ACTIVE")["catalog_product_group_id"]
    return {"catalog": catalog, "feed": feed, "spare_group": paused, "promoted_group": active}


def catalog_cases(ids: dict[str, str]) -> dict[str, dict[str, Any]]:
    catalog = {"catalog_id": ids["catalog"]}
    return {
        "create_catalog": {"name": "Outlet"},
        "create_catalog_feed": {
            **catalog,
            "name": "Spring feed",
            "format": "CSV",
            "location": LOCATION,
            "default_country": "US",
            "default_locale": "en-US",
        },
        "update_catalog_feed": {"feed_id": ids["feed"], "name": "Renamed feed"},
        "delete_catalog_feed": {"feed_id": ids["feed"]},
        "ingest_catalog_feed": {"feed_id": ids["feed"]},
        "upsert_catalog_items": {
            **catalog,
            "country": "US",
            "language": "en-US",
            "items": [{"item_id": "sku-new", "attributes": ITEM}],
        },
        "create_catalog_product_group": {**catalog, "name": "All cookware", "filters": FILTERS},
        "create_catalog_product_groups": {"product_groups": [{**catalog, "name": "Cheap", "filters": RICH_FILTERS}]},
        "update_catalog_product_group": {"product_group_id": ids["promoted_group"], "name": "Pans"},
        "delete_catalog_product_group": {"product_group_id": ids["spare_group"]},
        "delete_catalog_product_groups": {"id": [ids["spare_group"]]},
    }
