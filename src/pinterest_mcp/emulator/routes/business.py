"""Business Access, read only: the demo user's business, its one member (the user) and its assets.

The business is derived from the user account (its id is the user's plus one, its name the user's
business name), so it needs no seed data: its ad accounts are the store's, its profile is the
user's, and the user is its admin on every asset. One partner agency (the user's id plus three)
manages campaigns on every ad account. ``start_index`` skips that many items before the
page, as Pinterest's offset does beside the bookmark.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import not_found
from pinterest_mcp.emulator.http.lookup import AD_ENTITY_NOT_FOUND, Endpoint
from pinterest_mcp.emulator.http.params import paginate
from pinterest_mcp.emulator.http.query import Query
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds.resources import AUDIENCES
from pinterest_mcp.emulator.kinds.shaped import shaped
from pinterest_mcp.emulator.routes.asset_routes import accounts_sharing

BUSINESS_NOT_FOUND = 404
_ADMIN = ["ADMIN"]
PARTNER = "pinecrestmedia"  # an agency running the ad accounts' campaigns
_PARTNER_PERMISSIONS = ["CAMPAIGN_MANAGER", "ANALYST"]


def business_id(store: Store) -> str:
    """The id of the demo user's business (the user's id plus one)."""
    return str(int(store.user["id"]) + 1)


def partner_id(store: Store) -> str:
    """The id of the partner agency's business (the user's id plus three)."""
    return str(int(store.user["id"]) + 3)


def _business(request: Request) -> Store:
    """The store, once the path's ``business_id`` is the demo business's (else 404)."""
    store, wanted = lookup.store_of(request), request.path_params["business_id"]
    if wanted != business_id(store):
        raise not_found(BUSINESS_NOT_FOUND, f"Business {wanted} not found.")
    return store


def _page(query: Query, items: list[Entity]) -> JSONResponse:
    return JSONResponse(paginate(query, items[query.number("start_index") or 0 :]))


def _user(store: Store) -> Entity:
    return shaped("BusinessAccessUserSummary", {"id": store.user["id"], "username": store.user["username"]}, {})


def _partner(store: Store) -> Entity:
    return shaped("BusinessAccessUserSummary", {"id": partner_id(store), "username": PARTNER}, {})


def _binding(store: Store, entity_id: str, **given: Any) -> Entity:
    """A ``UserBusinessRoleBinding`` of the user as BIZ_ADMIN, since the first ad account was made."""
    created = min(a["created_time"] for a in store.ad_accounts.values())
    semantic = {"id": entity_id, "business_roles": ["BIZ_ADMIN"], "user": _user(store), "created_time": created}
    return shaped("UserBusinessRoleBinding", {**semantic, "is_shared_partner": False}, given)


def _assets(store: Store, asset_type: str | None) -> list[tuple[str, str]]:
    """(id, type) of the business's assets of one type (default AD_ACCOUNT): its ad accounts, or the profile."""
    kind = asset_type or "AD_ACCOUNT"
    ids = list(store.ad_accounts) if kind == "AD_ACCOUNT" else [store.user["id"]] if kind == "PROFILE" else []
    return [(asset_id, kind) for asset_id in ids]


async def employers(request: Request) -> JSONResponse:
    """``GET /businesses/employers``: the user's own business, the binding's id being the business's."""
    store = lookup.store_of(request)
    business = shaped(
        "BusinessAccessUserSummary", {"id": business_id(store), "username": store.user["business_name"]}, {}
    )
    return _page(lookup.query_of(request), [_binding(store, business_id(store), created_by_business=business)])


async def members(request: Request) -> JSONResponse:
    """``GET /businesses/{business_id}/members``: the user, unless a role or id filter leaves them out."""
    store, query = _business(request), lookup.query_of(request)
    roles, ids = query.texts("business_roles"), query.text("member_ids")
    if (roles and "BIZ_ADMIN" not in roles) or (ids and store.user["id"] not in ids.split(",")):
        return _page(query, [])
    profiles = [{"id": store.user["id"], "permissions": _ADMIN}]
    summary = {"ad_accounts": [{"id": a, "permissions": _ADMIN} for a in store.ad_accounts], "profiles": profiles}
    return _page(
        query, [_binding(store, store.user["id"], assets_summary=summary if query.flag("assets_summary") else None)]
    )


async def assets(request: Request) -> JSONResponse:
    """``GET /businesses/{business_id}/assets``: of one type; none in an asset group, none but ADMIN or OWNER."""
    store, query = _business(request), lookup.query_of(request)
    wanted = set(query.texts("permissions"))
    grouped = query.text("asset_group_id") or query.text("child_asset_id")
    held = [] if grouped or (wanted and not wanted & {"ADMIN", "OWNER"}) else _assets(store, query.text("asset_type"))
    return _page(query, [shaped("GetBusinessAssetsResponse", {"asset_id": i, "asset_type": t}, {}) for i, t in held])


async def member_assets(request: Request) -> JSONResponse:
    """``GET .../members/{member_id}/assets``: the user may use every asset, as ADMIN; anyone else none."""
    store, query = _business(request), lookup.query_of(request)
    held = _assets(store, query.text("asset_type")) if request.path_params["member_id"] == store.user["id"] else []
    items = [shaped("AssetIdPermissions", {"asset_id": i, "asset_type": t, "permissions": _ADMIN}, {}) for i, t in held]
    return _page(query, items)


async def asset_members(request: Request) -> JSONResponse:
    """``GET .../assets/{asset_id}/members``: the user, as ADMIN, on any asset of the business; 404 for another."""
    store, asset = _business(request), request.path_params["asset_id"]
    if asset not in {i for kind in ("AD_ACCOUNT", "PROFILE") for i, _ in _assets(store, kind)}:
        raise not_found(AD_ENTITY_NOT_FOUND, f"Asset {asset} not found in business {business_id(store)}.")
    member = shaped("UserSingleAssetBinding", {"user": _user(store), "permissions": _ADMIN}, {})
    return _page(lookup.query_of(request), [member])


async def partners(request: Request) -> JSONResponse:
    """``GET /businesses/{business_id}/partners``: the agency, an INTERNAL partner managing every ad account."""
    store, query = _business(request), lookup.query_of(request)
    ids = query.text("partner_ids")
    if query.text("partner_type") == "EXTERNAL" or (ids and partner_id(store) not in ids.split(",")):
        return _page(query, [])
    accounts = [{"id": a, "permissions": _PARTNER_PERMISSIONS} for a in store.ad_accounts]
    summary = {"ad_accounts": accounts, "profiles": []} if query.flag("assets_summary") else None
    agency = _binding(store, partner_id(store), business_roles=[], user=_partner(store), assets_summary=summary)
    return _page(query, [agency])


async def asset_partners(request: Request) -> JSONResponse:
    """``GET .../assets/{asset_id}/partners``: the agency on an ad account, nobody on the profile; 404 for another."""
    store, asset = _business(request), request.path_params["asset_id"]
    if asset not in {i for kind in ("AD_ACCOUNT", "PROFILE") for i, _ in _assets(store, kind)}:
        raise not_found(AD_ENTITY_NOT_FOUND, f"Asset {asset} not found in business {business_id(store)}.")
    binding = shaped("UserSingleAssetBinding", {"user": _partner(store), "permissions": _PARTNER_PERMISSIONS}, {})
    return _page(lookup.query_of(request), [binding] if asset in store.ad_accounts else [])


async def partner_assets(request: Request) -> JSONResponse:
    """``GET .../partners/{partner_id}/assets``: the agency's are the ad accounts (INTERNAL); it shares none."""
    store, query = _business(request), lookup.query_of(request)
    ours = request.path_params["partner_id"] == partner_id(store) and query.text("partner_type") != "EXTERNAL"
    held = [(i, t) for i, t in _assets(store, query.text("asset_type")) if ours and t == "AD_ACCOUNT"]
    permissions = {"permissions": _PARTNER_PERMISSIONS}
    items = [shaped("GetPartnerAssetsResponse", {"asset_id": i, "asset_type": t, **permissions}, {}) for i, t in held]
    return _page(query, items)


async def invites(request: Request) -> JSONResponse:
    """``GET /businesses/{business_id}/invites``: one member invite, sent three days ago, pending for 30."""
    store, query = _business(request), lookup.query_of(request)
    sent = int(datetime.combine(lookup.today_of(request) - timedelta(days=3), time(), UTC).timestamp())
    kind, statuses = query.text("invite_type") or "MEMBER_INVITE", query.texts("invite_status") or ["PENDING"]
    if not query.flag("is_member") or kind != "MEMBER_INVITE" or "PENDING" not in statuses:
        return _page(query, [])
    data = {"invite_status": "PENDING", "invite_type": kind, "sent_at": sent, "last_updated_time": sent}
    invitee = shaped("BusinessAccessUserSummary", {"email": f"marketing@{store.user['username']}.example.com"}, {})
    semantic = {"id": str(sent), "invite_data": {**data, "invite_expiration": sent + 30 * 86_400}, "user": invitee}
    given = {"business_roles": ["EMPLOYEE"], "created_by_user": _user(store), "created_time": sent}
    return _page(query, [shaped("InviteResponse", {**semantic, "is_received_invite": False}, given)])


async def shared_audiences(request: Request) -> JSONResponse:
    """``GET /businesses/{business_id}/audiences``: the audiences the business made, across its ad accounts."""
    store, query = _business(request), lookup.query_of(request)
    made = [a for a in store.audiences.values() if a["created_by_company_name"] == store.user["business_name"]]
    made.sort(key=lambda a: int(a["id"]), reverse=query.text("order") == "DESCENDING")
    return JSONResponse(paginate(query, AUDIENCES.view(store, made)))


async def audience_shared_accounts(request: Request) -> JSONResponse:
    """``GET /businesses/{business_id}/audiences/shared/accounts``: as the ad account's route, for any audience."""
    store, query = _business(request), lookup.query_of(request)
    audience = store.audiences.get(str(query.text("audience_id")))
    if audience is None:
        raise not_found(AD_ENTITY_NOT_FOUND, f"Audience {query.text('audience_id')} not found.")
    return JSONResponse(paginate(query, accounts_sharing(store, audience, query.text("account_type"))))


ROUTES = [
    Endpoint("get/business_employers", employers),
    Endpoint("get/business_members", members),
    Endpoint("business_assets/get", assets),
    Endpoint("business_member_assets/get", member_assets),
    Endpoint("business_asset_members/get", asset_members),
    Endpoint("get/business_partners", partners),
    Endpoint("business_asset_partners/get", asset_partners),
    Endpoint("business_partner_asset_access/get", partner_assets),
    Endpoint("get/invites", invites),
    Endpoint("shared_audiences_for_business/list", shared_audiences),
    Endpoint("business_account_audiences_shared_accounts/list", audience_shared_accounts),
]
