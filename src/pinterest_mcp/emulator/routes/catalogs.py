"""Catalogs: the business's catalogs, feeds, items and product groups, read and written (state in ``catalog_state``).

A product group's products are the catalog's items its filters select, each with its Pin, and its
product counts count those items by availability, so a group made or changed here lists and counts
what it now selects. An item batch is applied when it is posted and answers PROCESSING, as
Pinterest's does; reading it back answers COMPLETED with each item's outcome. A feed's credentials
are kept and answered as Pinterest answers them (the spec's feed carries them): keeping them out of
what people see is the client's job.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import invalid, not_found
from pinterest_mcp.emulator.http.fields import json_body, json_object
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.params import paginate
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds.resources import PINS
from pinterest_mcp.emulator.kinds.shaped import shaped
from pinterest_mcp.emulator.routes import catalog_state as state
from pinterest_mcp.emulator.routes.catalog_state import default_catalog_id as catalog_id

__all__ = ["ROUTES", "catalog_id"]
_ITEM_NOT_FOUND = 4332


def _page(request: Request, items: list[Any]) -> JSONResponse:
    return JSONResponse(paginate(lookup.query_of(request), items))


async def catalogs(request: Request) -> JSONResponse:
    """``GET /catalogs``: every catalog, oldest first."""
    return _page(request, list(lookup.store_of(request).collection(state.CATALOGS).values()))


async def create_catalog(request: Request) -> JSONResponse:
    """``POST /catalogs``: a new, empty catalog of the body's type."""
    store, body, now = lookup.store_of(request), await json_object(request), state.iso(lookup.now_of(request))
    semantic = {"id": store.new_id("catalog"), "created_at": now, "updated_at": now}
    made = shaped("Catalog", {**semantic, "catalog_type": body["catalog_type"], "name": body["name"]}, {})
    store.collection(state.CATALOGS)[made["id"]] = made
    return JSONResponse(made)


async def product_groups(request: Request) -> JSONResponse:
    """``GET /catalogs/product_groups``: the groups, by id, catalog and feed."""
    query = lookup.query_of(request)
    ids, catalog, feed = query.texts("id"), query.text("catalog_id"), query.text("feed_id")
    groups = [
        g
        for g in lookup.store_of(request).collection(state.GROUPS).values()
        if (not ids or g["id"] in ids) and catalog in (None, g["catalog_id"]) and feed in (None, g["feed_id"])
    ]
    return _page(request, sorted(groups, key=lambda g: int(g["id"])))


def _group(request: Request) -> Entity:
    return state.group(lookup.store_of(request), request.path_params["product_group_id"])


async def product_group(request: Request) -> JSONResponse:
    """``GET /catalogs/product_groups/{product_group_id}``."""
    return JSONResponse(_group(request))


async def product_counts(request: Request) -> JSONResponse:
    """``GET .../product_counts``: the selected items by availability, adding up to the total."""
    store, group = lookup.store_of(request), _group(request)
    availability = [str(i["attributes"].get("availability") or "").lower() for i in _selected(store, group)]
    counts = {k: availability.count(k.replace("_", " ")) for k in ("in_stock", "out_of_stock", "preorder")}
    answer = {**counts, "videos": 0, "catalog_type": "RETAIL", "total": sum(counts.values())}
    return JSONResponse(shaped("CatalogsRetailProductGroupProductCounts", answer, {}))


def _selected(store: Store, group: Entity) -> list[Entity]:
    return state.selected(store, group["catalog_id"], group["filters"])


async def products(request: Request) -> JSONResponse:
    """``GET .../product_groups/{product_group_id}/products``: the selected items as products with their Pins."""
    store, group = lookup.store_of(request), _group(request)
    return _page(request, [state.product(store, item, PINS.view) for item in _selected(store, group)])


async def products_by_filter(request: Request) -> JSONResponse:
    """``POST /catalogs/products/get_by_product_group_filters``: what filters would select, before a group exists."""
    store, body = lookup.store_of(request), await json_object(request)
    catalog = state.feed(store, body["feed_id"])["catalog_id"] if "feed_id" in body else body.get("catalog_id")
    found = state.selected(store, state.catalog(store, catalog)["id"], body["filters"])
    return _page(request, [state.product(store, item, PINS.view) for item in found])


async def filter_values(request: Request) -> JSONResponse:
    """``GET /catalogs/available_filter_values``: the product types, brands and availability of the items."""
    store, query = lookup.store_of(request), lookup.query_of(request)
    items = state.items_of(store, state.catalog(store, query.text("catalog_id"))["id"])
    if query.text("feed_id"):
        state.feed(store, str(query.text("feed_id")))
    types = sorted(
        {str(i["attributes"].get("product_type")).lower() for i in items if i["attributes"].get("product_type")}
    )
    brands = sorted({str(i["attributes"]["brand"]) for i in items if i["attributes"].get("brand")})
    stock = sorted({str(i["attributes"].get("availability") or "in stock").upper().replace(" ", "_") for i in items})
    values = {"availability": stock, "brand": brands, "product_type_0": types}
    return JSONResponse(
        shaped("CatalogsRetailAvailableFilterValues", {"catalog_type": "RETAIL", "filter_values": values}, {})
    )


async def feeds(request: Request) -> JSONResponse:
    """``GET /catalogs/feeds``: the feeds, of one catalog when asked."""
    catalog = lookup.query_of(request).text("catalog_id")
    found = [f for f in lookup.store_of(request).collection(state.FEEDS).values() if catalog in (None, f["catalog_id"])]
    return _page(request, [_shown(f) for f in found])


def _shown(feed: Entity) -> Entity:
    """A feed as answered: its catalog is the store's link, not a field of the spec's feed."""
    return {k: v for k, v in feed.items() if k != "catalog_id"}


async def create_feed(request: Request) -> JSONResponse:
    """``POST /catalogs/feeds``: a feed of the body's catalog (the retail one when it names none)."""
    store, body = lookup.store_of(request), await json_object(request)
    catalog = state.catalog(store, body.get("catalog_id"))["id"]
    return JSONResponse(_shown(state.new_feed(store, None, catalog, body, lookup.now_of(request))), status_code=201)


def _feed(request: Request) -> Entity:
    return state.feed(lookup.store_of(request), request.path_params["feed_id"])


async def get_feed(request: Request) -> JSONResponse:
    """``GET /catalogs/feeds/{feed_id}``."""
    return JSONResponse(_shown(_feed(request)))


async def update_feed(request: Request) -> JSONResponse:
    """``PATCH /catalogs/feeds/{feed_id}``: the fields the body carries."""
    feed, body = _feed(request), await json_object(request)
    feed.update({k: v for k, v in body.items() if k != "catalog_type"}, updated_at=state.iso(lookup.now_of(request)))
    return JSONResponse(_shown(feed))


async def delete_feed(request: Request) -> Response:
    """``DELETE /catalogs/feeds/{feed_id}``: with its processing results and the product groups made on it."""
    state.delete_feed(lookup.store_of(request), request.path_params["feed_id"])
    return Response(status_code=204)


async def ingest_feed(request: Request) -> JSONResponse:
    """``POST .../ingest``: read the feed now; the ingestion answers with its processing result's id."""
    store, feed, now = lookup.store_of(request), _feed(request), lookup.now_of(request)
    result = state.ingest(store, feed, now)
    answer = {"id": result["id"], "feed_id": feed["id"], "created_at": state.iso(now), "status": result["status"]}
    return JSONResponse(shaped("CatalogsFeedIngestion", answer, {}))


async def processing_results(request: Request) -> JSONResponse:
    """``GET .../processing_results``: newest first."""
    return _page(request, state.results_of(lookup.store_of(request), _feed(request)["id"]))


async def item_issues(request: Request) -> JSONResponse:
    """``GET /catalogs/processing_results/{id}/item_issues``: by item number or issue code when asked."""
    query = lookup.query_of(request)
    issues = state.issues_of(lookup.store_of(request), request.path_params["processing_result_id"])
    numbers = {int(n) for n in query.texts("item_numbers")}
    codes = set(query.texts("item_validation_issue"))
    kept = [
        i
        for i in issues
        if (not numbers or i["item_number"] in numbers) and (not codes or codes & {*i["errors"], *i["warnings"]})
    ]
    return _page(request, kept)


async def items(request: Request) -> JSONResponse:
    """``POST /catalogs/items``: the named items of a catalog, or an error entry for each one it lacks."""
    store, body = lookup.store_of(request), await json_object(request)
    filters = body["filters"]
    catalog = state.catalog(store, filters.get("catalog_id"))["id"]
    kept = store.collection(state.ITEMS)
    answer = []
    for item_id in filters["item_ids"]:
        item = kept.get(f"{catalog}:{item_id}")
        if item is None:
            missing = {"attribute": "item_id", "code": _ITEM_NOT_FOUND, "message": "Item not found."}
            answer.append({"catalog_type": "RETAIL", "item_id": item_id, "errors": [missing]})
            continue
        pin = [state.product(store, item, PINS.view)["pin"]]
        answer.append({"catalog_type": "RETAIL", "item_id": item_id, "attributes": item["attributes"], "pins": pin})
    return JSONResponse({"items": answer})


async def post_batch(request: Request) -> JSONResponse:
    """``POST /catalogs/items/batch``: applied now, answered PROCESSING (``items_batch/get`` says how it went)."""
    store, body, now = lookup.store_of(request), await json_object(request), lookup.now_of(request)
    catalog = state.catalog(store, body.get("catalog_id"))["id"]
    records = [_apply_item(store, catalog, item, item.get("operation") or body["operation"]) for item in body["items"]]
    batch_id = store.new_id("catalog_item_batch")
    done = {"batch_id": batch_id, "catalog_type": "RETAIL", "created_time": state.iso(now)}
    kept = {**done, "completed_time": state.iso(now), "status": "COMPLETED", "items": records}
    store.collection(state.BATCHES)[batch_id] = kept
    answer: dict[str, Any] = {**done, "completed_time": None, "status": "PROCESSING", "items": []}
    return JSONResponse(shaped("CatalogsRetailItemsBatch", answer, {}))


def _apply_item(store: Store, catalog: str, item: dict[str, Any], operation: str) -> dict[str, Any]:
    """One batch record: CREATE refuses an existing item, UPDATE a missing one; DELETE removes it."""
    key, kept = f"{catalog}:{item['item_id']}", store.collection(state.ITEMS)
    exists = key in kept
    refused = (operation == "CREATE" and exists) or (operation in ("UPDATE", "DELETE") and not exists)
    if refused:
        reason = "already exists" if exists else "was not found"
        error = {"attribute": "item_id", "code": _ITEM_NOT_FOUND, "message": f"Item {reason} in the catalog."}
        return {"item_id": item["item_id"], "status": "FAILURE", "errors": [error], "warnings": []}
    if operation in ("DELETE", "DELETE_DISCONTINUED"):
        kept.pop(key, None)
    else:
        before = kept[key]["attributes"] if exists and operation == "UPDATE" else {}
        state.keep_item(store, catalog, item["item_id"], {**before, **item.get("attributes", {})})
    return {"item_id": item["item_id"], "status": "SUCCESS", "errors": [], "warnings": []}


async def get_batch(request: Request) -> JSONResponse:
    """``GET /catalogs/items/batch/{batch_id}``."""
    found = lookup.store_of(request).collection(state.BATCHES).get(request.path_params["batch_id"])
    if found is None:
        raise not_found(state.BATCH_NOT_FOUND, "Sorry! We could not find your batch ID.")
    return JSONResponse(shaped("CatalogsRetailItemsBatch", found, {}))


async def create_group(request: Request) -> JSONResponse:
    """``POST /catalogs/product_groups``."""
    store, body = lookup.store_of(request), await json_object(request)
    return JSONResponse(state.new_group(store, body, lookup.now_of(request)), status_code=201)


async def create_groups(request: Request) -> JSONResponse:
    """``POST /catalogs/product_groups/multiple``: all or none, answered with the new ids."""
    store, body, now = lookup.store_of(request), await json_body(request), lookup.now_of(request)
    names = [group["name"] for group in body]
    if len(set(names)) < len(names):
        raise invalid("Product group names repeat within the request.")
    kept = dict(store.collection(state.GROUPS))
    try:
        made = [state.new_group(store, group, now)["id"] for group in body]
    except Exception:
        store.collection(state.GROUPS).clear()
        store.collection(state.GROUPS).update(kept)
        raise
    return JSONResponse(made, status_code=201)


async def update_group(request: Request) -> JSONResponse:
    """``PATCH /catalogs/product_groups/{product_group_id}``."""
    store, body = lookup.store_of(request), await json_object(request)
    return JSONResponse(
        state.update_group(store, request.path_params["product_group_id"], body, lookup.now_of(request))
    )


async def delete_group(request: Request) -> Response:
    """``DELETE /catalogs/product_groups/{product_group_id}``."""
    state.delete_group(lookup.store_of(request), request.path_params["product_group_id"])
    return Response(status_code=204)


async def delete_groups(request: Request) -> Response:
    """``DELETE /catalogs/product_groups/multiple?id=...``: every one found first, else none is deleted."""
    store, ids = lookup.store_of(request), lookup.query_of(request).texts("id")
    for group_id in ids:
        state.group(store, group_id)
    for group_id in ids:
        state.delete_group(store, group_id)
    return Response(status_code=204)


ROUTES = [
    Endpoint("catalogs/list", catalogs),
    Endpoint("catalogs/create", create_catalog),
    Endpoint("catalogs/available_filter_values", filter_values),
    Endpoint("feeds/list", feeds),
    Endpoint("feeds/create", create_feed),
    Endpoint("feeds/get", get_feed),
    Endpoint("feeds/update", update_feed),
    Endpoint("feeds/delete", delete_feed),
    Endpoint("feeds/ingest", ingest_feed),
    Endpoint("feed_processing_results/list", processing_results),
    Endpoint("items_issues/list", item_issues),
    Endpoint("items/post", items),
    Endpoint("items_batch/post", post_batch),
    Endpoint("items_batch/get", get_batch),
    Endpoint("products_by_product_group_filter/list", products_by_filter),
    Endpoint("catalogs_product_groups/list", product_groups),
    Endpoint("catalogs_product_groups/create", create_group),
    Endpoint("catalogs_product_groups/create_many", create_groups),  # before ".../{product_group_id}"
    Endpoint("catalogs_product_groups/delete_many", delete_groups),
    Endpoint("catalogs_product_groups/get", product_group),
    Endpoint("catalogs_product_groups/update", update_group),
    Endpoint("catalogs_product_groups/delete", delete_group),
    Endpoint("catalogs_product_groups/product_counts_get", product_counts),
    Endpoint("catalogs_product_group_pins/list", products),
]
