"""Partner integrations: the records a commerce platform keeps with Pinterest for a merchant, and its logs.

One record per ``external_business_id`` (the merchant's id on the partner's platform), made by
``POST /integrations/commerce`` (409 when the business has one), changed by ``PATCH``, removed by
``DELETE``; ``GET /integrations`` and ``/integrations/{id}`` read the same records as
``IntegrationRecord``s, the commerce routes as ``IntegrationMetadata`` (without the partner's tokens,
as the spec's schema has none). The demo merchant's shop has one from the start, made on first use.
``POST /integrations/logs`` takes 1-250 client log lines and keeps how many it received.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import conflict, not_found
from pinterest_mcp.emulator.http.fields import json_object
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.params import paginate
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds.shaped import shape, shaped

RECORDS, LOGS = "integrations", "integration_logs"  # store collections
DEMO_SHOP = "hearth-and-harvest-shop"
NOT_FOUND, EXISTS = 404, 409
_WRITABLE = frozenset(shape("IntegrationRequest").fields)
_METADATA = frozenset(shape("IntegrationMetadata").fields)


def records(store: Store) -> dict[str, Entity]:
    """The integrations by id; the demo shop's is made the first time any route looks."""
    kept = store.collection(RECORDS)
    if not kept and not store.collection(LOGS).get("seeded"):
        store.collection(LOGS)["seeded"] = {"count": 0}
        account = next(iter(store.ad_accounts.values()))
        given = {"external_business_id": DEMO_SHOP, "connected_advertiser_id": account["id"], "scopes": "ads:read"}
        given |= {"partner_access_token": "demo-partner-access-0001"}
        given |= {"partner_refresh_token": "demo-partner-refresh-0001"}
        _make(store, given, int(account.get("created_time") or 0))
    return kept


def _make(store: Store, given: dict[str, Any], now: int) -> Entity:
    record: Entity = {"id": store.new_id("integration"), "connected_user_id": store.user["id"]}
    record |= {k: v for k, v in given.items() if k in _WRITABLE}
    record |= {"created_time": now, "updated_time": now}
    store.collection(RECORDS)[record["id"]] = record
    return record


def _by_business(store: Store, business: str) -> Entity:
    found = [r for r in records(store).values() if r.get("external_business_id") == business]
    if not found:
        raise not_found(NOT_FOUND, f"No integration for external_business_id {business!r}.")
    return found[0]


def _metadata(record: Entity) -> dict[str, Any]:
    """``IntegrationMetadata``: the record without the partner's tokens, times as the schema names them."""
    renamed = {**record, "created_timestamp": record["created_time"], "updated_timestamp": record["updated_time"]}
    return shaped("IntegrationMetadata", {k: v for k, v in renamed.items() if k in _METADATA}, {})


async def list_integrations(request: Request) -> JSONResponse:
    """``GET /integrations``: every integration of the user, as ``IntegrationRecord``s, paged."""
    store = lookup.store_of(request)
    listed = [shaped("IntegrationRecord", r, {}) for r in records(store).values()]
    return JSONResponse(paginate(lookup.query_of(request), listed))


async def get_integration(request: Request) -> JSONResponse:
    """``GET /integrations/{id}``: one ``IntegrationRecord``, else 404."""
    record = records(lookup.store_of(request)).get(request.path_params["id"])
    if record is None:
        raise not_found(NOT_FOUND, f"Integration {request.path_params['id']} not found.")
    return JSONResponse(shaped("IntegrationRecord", record, {}))


async def get_commerce(request: Request) -> JSONResponse:
    """``GET /integrations/commerce/{external_business_id}``."""
    return JSONResponse(_metadata(_by_business(lookup.store_of(request), request.path_params["external_business_id"])))


async def create_commerce(request: Request) -> JSONResponse:
    """``POST /integrations/commerce``: a new record; 409 when the business has one already."""
    store, body = lookup.store_of(request), await json_object(request)
    business = body.get("external_business_id")
    if any(r.get("external_business_id") == business for r in records(store).values()):
        raise conflict(EXISTS, f"An integration for external_business_id {business!r} exists; update it instead.")
    return JSONResponse(_metadata(_make(store, body, lookup.now_of(request))))


async def update_commerce(request: Request) -> JSONResponse:
    """``PATCH /integrations/commerce/{external_business_id}``: sets the fields the body sends."""
    store, body = lookup.store_of(request), await json_object(request)
    record = _by_business(store, request.path_params["external_business_id"])
    record.update({k: v for k, v in body.items() if k in _WRITABLE and k != "external_business_id"})
    record["updated_time"] = lookup.now_of(request)
    return JSONResponse(_metadata(record))


async def delete_commerce(request: Request) -> Response:
    """``DELETE /integrations/commerce/{external_business_id}``: 204, then the reads answer 404."""
    store = lookup.store_of(request)
    record = _by_business(store, request.path_params["external_business_id"])
    del records(store)[record["id"]]
    return Response(status_code=204)


async def send_logs(request: Request) -> JSONResponse:
    """``POST /integrations/logs``: counts the log lines received."""
    store, body = lookup.store_of(request), await json_object(request)
    records(store)
    store.collection(LOGS)["seeded"]["count"] += len(body["logs"])
    return JSONResponse({"message": f"{len(body['logs'])} log(s) received."})


ROUTES = [
    Endpoint("integrations_commerce/get", get_commerce),
    Endpoint("integrations_commerce/post", create_commerce),
    Endpoint("integrations_commerce/patch", update_commerce),
    Endpoint("integrations_commerce/del", delete_commerce),
    Endpoint("integrations_logs/post", send_logs),
    Endpoint("integrations/get_list", list_integrations),
    Endpoint("integrations/get_by_id", get_integration),  # last: "/integrations/commerce" is no id
]
