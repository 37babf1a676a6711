"""Ad account, campaign, ad group and ad read endpoints."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from . import lookup
from .params import ENTITY_STATUSES, ORDERS, boolean, enum_list, enum_value, id_list, paginate
from .state import Entity

DEFAULT_STATUSES = ("ACTIVE", "PAUSED")


def _filtered(request: Request, entities: list[Entity], id_filters: dict[str, str]) -> JSONResponse:
    """Apply the shared list semantics: id filters, entity_statuses, order, then pagination."""
    query = request.query_params
    wanted = {field: id_list(query, param) for param, field in id_filters.items()}
    statuses = enum_list(query, "entity_statuses", ENTITY_STATUSES, DEFAULT_STATUSES)
    order = enum_value(query, "order", ORDERS)
    items = [
        entity
        for entity in entities
        if entity["status"] in statuses and all(ids is None or entity[f] in ids for f, ids in wanted.items())
    ]
    return JSONResponse(paginate(query, lookup.by_order(items, order)))


async def list_ad_accounts(request: Request) -> JSONResponse:
    boolean(request.query_params, "include_shared_accounts", default=True)
    accounts = list(lookup.store_of(request).ad_accounts.values())
    return JSONResponse(paginate(request.query_params, accounts))


async def get_ad_account(request: Request) -> JSONResponse:
    return JSONResponse(lookup.ad_account(request))


async def list_campaigns(request: Request) -> JSONResponse:
    account = lookup.ad_account(request)
    campaigns = lookup.store_of(request).campaigns_of(account["id"])
    return _filtered(request, campaigns, {"campaign_ids": "id"})


async def get_campaign(request: Request) -> JSONResponse:
    return JSONResponse(lookup.owned(lookup.store_of(request).campaigns, request, "campaign_id", "Campaign"))


async def list_ad_groups(request: Request) -> JSONResponse:
    account = lookup.ad_account(request)
    store = lookup.store_of(request)
    groups = store.ad_groups_of(account["id"])
    if boolean(request.query_params, "translate_interests_to_names"):
        groups = [_with_interest_names(group, store.interest_names) for group in groups]
    return _filtered(request, groups, {"campaign_ids": "campaign_id", "ad_group_ids": "id"})


async def get_ad_group(request: Request) -> JSONResponse:
    return JSONResponse(lookup.owned(lookup.store_of(request).ad_groups, request, "ad_group_id", "Ad group"))


async def list_ads(request: Request) -> JSONResponse:
    account = lookup.ad_account(request)
    ads = lookup.store_of(request).ads_of(account["id"])
    return _filtered(request, ads, {"campaign_ids": "campaign_id", "ad_group_ids": "ad_group_id", "ad_ids": "id"})


async def get_ad(request: Request) -> JSONResponse:
    return JSONResponse(lookup.owned(lookup.store_of(request).ads, request, "ad_id", "Ad"))


def _with_interest_names(group: Entity, names: dict[str, str]) -> dict[str, Any]:
    """Copy of an ad group whose INTEREST targeting lists names instead of ids."""
    spec = group["targeting_spec"]
    if "INTEREST" not in spec:
        return group
    return {**group, "targeting_spec": {**spec, "INTEREST": [names.get(i, i) for i in spec["INTEREST"]]}}


ROUTES: list[lookup.RouteSpec] = [
    ("GET", "/ad_accounts", list_ad_accounts),
    ("GET", "/ad_accounts/{ad_account_id}", get_ad_account),
    ("GET", "/ad_accounts/{ad_account_id}/campaigns", list_campaigns),
    ("GET", "/ad_accounts/{ad_account_id}/campaigns/{campaign_id}", get_campaign),
    ("GET", "/ad_accounts/{ad_account_id}/ad_groups", list_ad_groups),
    ("GET", "/ad_accounts/{ad_account_id}/ad_groups/{ad_group_id}", get_ad_group),
    ("GET", "/ad_accounts/{ad_account_id}/ads", list_ads),
    ("GET", "/ad_accounts/{ad_account_id}/ads/{ad_id}", get_ad),
]
