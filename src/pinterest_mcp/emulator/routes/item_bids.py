"""Advanced auction: bid options per catalog item (a bid and multipliers by app type and placement), read and set.

Items are the retail catalog's (``catalogs.catalog_id``), each keyed by item id, country and
language; the options are kept in ``item_bids``. ``items/get`` (a POST that only reads) answers
every asked item, with null options where none were set. ``items/submit`` UPSERTs the fields its
``update_mask`` names (all of them without a mask) or DELETEs an item's options, item by item: an
item that cannot be applied carries its ``errors`` and the answer is 206 instead of 200.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.fields import json_object
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.routes.catalogs import catalog_id

_MASKED = {"BID": "bid_in_micro_currency", "APP_TYPE_BID_MULTIPLIER_SET": "app_type_multipliers",
           "PLACEMENT_BID_MULTIPLIER_SET": "placement_multipliers"}  # fmt: skip
NO_OPTIONS = dict.fromkeys(_MASKED.values())
NOT_SET = 404  # an item DELETEd without options


def _key(item: dict[str, Any]) -> str:
    return f"{item['item_id']}|{item['country']}|{item['language']}"


def _catalog(store: Store, body: dict[str, Any]) -> dict[str, Entity]:
    if body["catalog_id"] != catalog_id(store):
        raise invalid(f"Invalid catalog_id: {body['catalog_id']} is not a retail catalog of this business.")
    return store.collection("item_bids")


async def get_items(request: Request) -> JSONResponse:
    """``POST /advanced_auction/items/get``: the asked items' bid options."""
    store, body = lookup.store_of(request), await json_object(request)
    bids = _catalog(store, body)
    keys = ("item_id", "country", "language")
    items = [{**{k: i[k] for k in keys}, "bid_options": bids.get(_key(i), {}).get("bid_options", NO_OPTIONS)}
             for i in body["items"]]  # fmt: skip
    return JSONResponse({"catalog_id": body["catalog_id"], "items": items})


def _apply(bids: dict[str, Entity], item: dict[str, Any]) -> list[dict[str, Any]]:
    """Apply one submitted item; its errors (none when applied)."""
    key = _key(item)
    if item["operation"] == "DELETE":
        if key not in bids:
            return [{"code": NOT_SET, "message": f"Item {item['item_id']} has no bid options to delete."}]
        del bids[key]
        return []
    options = item.get("bid_options") or {}
    bid = options.get("bid_in_micro_currency")
    if bid is not None and bid <= 0:
        return [{"code": 1, "message": "Invalid bid_in_micro_currency: a bid is above 0."}]
    mask = item.get("update_mask") or list(_MASKED)
    held = bids.setdefault(key, {"bid_options": dict(NO_OPTIONS)})
    held["bid_options"].update({_MASKED[m]: options.get(_MASKED[m]) for m in mask})
    return []


async def submit_items(request: Request) -> JSONResponse:
    """``POST /advanced_auction/items/submit``: each item applied or answered with its errors (206 if any)."""
    store, body = lookup.store_of(request), await json_object(request)
    bids = _catalog(store, body)
    answered = [{**item, "errors": _apply(bids, item)} for item in body["items"]]
    partial = any(item["errors"] for item in answered)
    return JSONResponse({"catalog_id": body["catalog_id"], "items": answered}, status_code=206 if partial else 200)


ROUTES = [
    Endpoint("advanced_auction_items_get/post", get_items),
    Endpoint("advanced_auction_items_submit/post", submit_items),
]
