"""Catalog writes for the shared guards: example arguments the body guards read (minimal and rich each), and
cases for test_writes' plan → confirm → apply suite on seed data, found the way a model finds them: by listing.
test_catalogs runs the same writes end to end against the emulator."""

from __future__ import annotations

import json
from typing import Any

from mcp import Client

from pinterest_mcp.emulator.http.state import Store
from pinterest_mcp.emulator.routes import catalog_state
from support.asset_conformance import Calls
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


async def catalog_write_story(api: Calls, store: Store) -> None:
    """Every catalog write route through one story, each request and answer checked against the spec:
    a feed made, changed and ingested, items batched, product groups made one and many at a time, changed
    and deleted, a promoted group's delete refused, then the feed deleted with what it holds."""
    catalog = next(iter(store.collection(catalog_state.CATALOGS)))
    await api.call("POST", "/catalogs", 200, {"catalog_type": "RETAIL", "name": "Outlet"})
    feed = await api.call("POST", "/catalogs/feeds", 201, {"catalog_type": "RETAIL", "catalog_id": catalog,
        "name": "Story feed", "format": "CSV", "location": LOCATION, "default_country": "US",
        "default_locale": "en-US", "credentials": {"username": "shop", "password": "s3cret-pass"}})  # fmt: skip
    await api.call("PATCH", "/catalogs/feeds/{feed_id}", 200, {"status": "INACTIVE"}, feed_id=feed["id"])
    await api.call("POST", "/catalogs/feeds/{feed_id}/ingest", 200, feed_id=feed["id"])
    batch = {"catalog_type": "RETAIL", "catalog_id": catalog, "country": "US", "language": "en-US",
             "items": [{"item_id": "story-1", "operation": "UPSERT", "attributes": ITEM}]}  # fmt: skip
    await api.call("POST", "/catalogs/items/batch", 200, batch)
    new = {"catalog_type": "RETAIL", "catalog_id": catalog, "filters": FILTERS}
    one = await api.call("POST", "/catalogs/product_groups", 201, {**new, "name": "Story one"})
    many = await api.call("POST", "/catalogs/product_groups/multiple", 201, [{**new, "name": n} for n in "AB"])
    await api.call("PATCH", "/catalogs/product_groups/{product_group_id}", 200, {"name": "Story 1"},
                   product_group_id=one["id"])  # fmt: skip
    await api.call("POST", "/catalogs/product_groups", 409, {**new, "name": "Story 1"})
    await api.call("DELETE", "/catalogs/product_groups/{product_group_id}", 204, product_group_id=one["id"])
    await api.call("DELETE", "/catalogs/product_groups/multiple", 204, query={"id": ",".join(many)})
    promoted = next(p for p in store.product_group_promotions.values() if p["status"] == "ACTIVE")
    promoted_group = {"product_group_id": promoted["catalog_product_group_id"]}
    await api.call("DELETE", "/catalogs/product_groups/{product_group_id}", 409, **promoted_group)
    await api.call("DELETE", "/catalogs/feeds/{feed_id}", 204, feed_id=feed["id"])
    await api.call("POST", "/catalogs/feeds/{feed_id}/ingest", 404, feed_id=feed["id"])
