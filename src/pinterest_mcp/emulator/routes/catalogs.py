"""Catalogs, read only: the demo business's one retail catalog and the product groups its shopping ads promote.

A product group is known by the promotions that name it (``catalog_product_group_id`` and its
name), so the catalog is derived, not seeded: its id is the user's plus two, each group filters on
its own product type, and product counts are drawn from a stream keyed by the seed and the group.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import not_found
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.params import paginate
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds.resources import PINS
from pinterest_mcp.emulator.kinds.shaped import shaped
from pinterest_mcp.emulator.routes.asset_routes import promoted_ads

PRODUCT_GROUP_NOT_FOUND = 404
CATALOG_NOT_FOUND = 404


def _made(store: Store) -> int:
    """When the catalog and its groups were made: with the first ad account."""
    return min(int(a["created_time"]) for a in store.ad_accounts.values())


def catalog_id(store: Store) -> str:
    """The id of the business's retail catalog (the user's id plus two)."""
    return str(int(store.user["id"]) + 2)


def _catalog(store: Store) -> Entity:
    """The retail catalog."""
    made = datetime.fromtimestamp(_made(store), UTC).isoformat()
    semantic = {"id": catalog_id(store), "created_at": made, "updated_at": made, "catalog_type": "RETAIL"}
    return shaped("Catalog", {**semantic, "name": f"{store.user['business_name']} products"}, {})


def _groups(store: Store) -> list[Entity]:
    """``CatalogsRetailProductGroup``s: one per group a promotion names, in id order."""
    named = {p["catalog_product_group_id"]: p for p in store.product_group_promotions.values()}
    catalog = _catalog(store)["id"]
    found = []
    for group_id, promotion in sorted(named.items(), key=lambda item: int(item[0])):
        name = promotion["catalog_product_group_name"]
        filters = {"any_of": [{"PRODUCT_TYPE_0": {"values": [[name.lower()]]}}]}
        semantic = {"id": group_id, "name": name, "catalog_id": catalog, "feed_id": None, "catalog_type": "RETAIL"}
        extra = {"type": "MERCHANT_CREATED", "status": "ACTIVE", "created_at": _made(store)}
        found.append(shaped("CatalogsRetailProductGroup", {**semantic, "filters": filters, **extra}, {}))
    return found


def _group(request: Request) -> Entity:
    """The path's product group, else 404."""
    wanted = request.path_params["product_group_id"]
    found = next((g for g in _groups(lookup.store_of(request)) if g["id"] == wanted), None)
    if found is None:
        raise not_found(PRODUCT_GROUP_NOT_FOUND, f"Product group {wanted} not found.")
    return found


async def catalogs(request: Request) -> JSONResponse:
    """``GET /catalogs``: the one catalog."""
    return JSONResponse(paginate(lookup.query_of(request), [_catalog(lookup.store_of(request))]))


async def product_groups(request: Request) -> JSONResponse:
    """``GET /catalogs/product_groups``: the groups, by catalog and id; none come from a feed."""
    query = lookup.query_of(request)
    ids, catalog = query.texts("id"), query.text("catalog_id")
    groups = [
        g
        for g in _groups(lookup.store_of(request))
        if (not ids or g["id"] in ids) and catalog in (None, g["catalog_id"])
    ]
    return JSONResponse(paginate(query, [] if query.text("feed_id") else groups))


async def product_group(request: Request) -> JSONResponse:
    """``GET /catalogs/product_groups/{product_group_id}``."""
    return JSONResponse(_group(request))


async def product_counts(request: Request) -> JSONResponse:
    """``GET .../product_groups/{product_group_id}/product_counts``: seeded counts that add up to the total."""
    group = _group(request)
    rng = random.Random(f"{lookup.seed_of(request)}:counts:{group['id']}")
    in_stock, out_of_stock, preorder = rng.randint(40, 400), rng.randint(0, 40), rng.randint(0, 8)
    counts = {"in_stock": in_stock, "out_of_stock": out_of_stock, "preorder": preorder, "videos": rng.randint(0, 20)}
    return JSONResponse(
        shaped(
            "CatalogsRetailProductGroupProductCounts",
            {**counts, "catalog_type": "RETAIL", "total": in_stock + out_of_stock + preorder},
            {},
        )
    )


async def products(request: Request) -> JSONResponse:
    """``GET .../product_groups/{product_group_id}/products``: the Pins of the ads promoting the group, as products."""
    store, group = lookup.store_of(request), _group(request)
    ads = promoted_ads(store, list(store.product_group_promotions.values()), group["id"])
    found = []
    for ad in ads:
        pin = store.pins[ad["pin_id"]]
        price = random.Random(f"{lookup.seed_of(request)}:price:{pin['id']}").randint(12, 180) - 0.01
        currency = store.ad_accounts[ad["ad_account_id"]]["currency"]
        metadata = {"item_id": f"sku-{pin['id']}", "availability": "IN_STOCK", "price": price, "currency": currency}
        product = {"catalog_type": "RETAIL", "metadata": shaped("CatalogsRetailProductMetadata", metadata, {})}
        found.append(shaped("CatalogsRetailProduct", {**product, "pin": PINS.view(store, [pin])[0]}, {}))
    return JSONResponse(paginate(lookup.query_of(request), found))


async def filter_values(request: Request) -> JSONResponse:
    """``GET /catalogs/available_filter_values``: the product types and brand of the catalog's groups; none by feed."""
    store, query = lookup.store_of(request), lookup.query_of(request)
    if query.text("catalog_id") != catalog_id(store):
        raise not_found(CATALOG_NOT_FOUND, f"Catalog {query.text('catalog_id')} not found.")
    types = [] if query.text("feed_id") else [g["name"].lower() for g in _groups(store)]
    values = {"availability": ["IN_STOCK"], "brand": [store.user["business_name"]], "product_type_0": types}
    return JSONResponse(
        shaped("CatalogsRetailAvailableFilterValues", {"catalog_type": "RETAIL", "filter_values": values}, {})
    )


ROUTES = [
    Endpoint("catalogs/list", catalogs),
    Endpoint("catalogs_product_groups/list", product_groups),
    Endpoint("catalogs_product_groups/get", product_group),
    Endpoint("catalogs_product_groups/product_counts_get", product_counts),
    Endpoint("catalogs_product_group_pins/list", products),
    Endpoint("catalogs/available_filter_values", filter_values),
]
