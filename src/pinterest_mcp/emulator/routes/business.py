"""Business Access: the demo user's business, its members, partners, assets, asset groups and invites.

The business is derived from the user account (its id is the user's plus one, its name the user's
business name). Its people and grants are state, made on the business's first request and kept
in the store's ``others`` collections, so a write is seen by every read: the user is its admin
(ADMIN on every asset, always: a business keeps its owner), one employee is an ANALYST on the
first ad account, one partner agency (the user's id plus three) manages campaigns on every ad
account, one member invite is pending and one agency's request for access was received. An
asset group holds the first ad account. ``start_index`` skips that many items before the page,
as Pinterest's offset does beside the bookmark.
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
ADMIN = ["ADMIN"]
PARTNER = "pinecrestmedia"  # an agency running the ad accounts' campaigns
EMPLOYEE = "dana.hearth"  # an employee who reads the first ad account's results
REQUESTER = "northwind-digital"  # an agency that asked for access to the business's assets
_PARTNER_PERMISSIONS = ["CAMPAIGN_MANAGER", "ANALYST"]
INVITE_DAYS = 30
# The store's collections holding the business's state (``Store.others``).
MEMBERS, PARTNERS, ACCESS, INVITES, GROUPS = (
    "business_members",
    "business_partners",
    "business_access",
    "business_invites",
    "asset_groups",
)
SYSTEM_USERS, BRAND_ACCOUNTS = "business_system_users", "brand_accounts"


def business_id(store: Store) -> str:
    """The id of the demo user's business (the user's id plus one)."""
    return str(int(store.user["id"]) + 1)


def partner_id(store: Store) -> str:
    """The id of the partner agency's business (the user's id plus three)."""
    return str(int(store.user["id"]) + 3)


def employee_id(store: Store) -> str:
    """The id of the business's seeded employee (the user's id plus five)."""
    return str(int(store.user["id"]) + 5)


def system_user_id(store: Store) -> str:
    """The id of the business's seeded system user (the user's id plus seven)."""
    return str(int(store.user["id"]) + 7)


def hierarchy_id(store: Store) -> str:
    """The id of the business's node in its business hierarchy (the user's id plus eleven)."""
    return str(int(store.user["id"]) + 11)


def access_key(kind: str, holder: str, asset_id: str) -> str:
    """The key of one grant: a member's or partner's permissions on one asset."""
    return f"{kind}:{holder}:{asset_id}"


def state(store: Store, now: int | None = None) -> dict[str, dict[str, Entity]]:
    """The business's collections, seeded on first use (``now``: the request's time, for invites)."""
    if MEMBERS not in store.others:
        _seed(store, now if now is not None else int(datetime.now(UTC).timestamp()))
    return {name: store.collection(name) for name in (MEMBERS, PARTNERS, ACCESS, INVITES, GROUPS)}


def _seed(store: Store, now: int) -> None:
    created = min(a["created_time"] for a in store.ad_accounts.values())
    user, accounts = store.user, list(store.ad_accounts)
    members = store.collection(MEMBERS)
    members[user["id"]] = {"id": user["id"], "username": user["username"], "roles": ["BIZ_ADMIN"], "created": created}
    members[employee_id(store)] = {
        "id": employee_id(store),
        "username": EMPLOYEE,
        "roles": ["EMPLOYEE"],
        "created": created,
    }
    partners = store.collection(PARTNERS)
    partners[partner_id(store)] = {"id": partner_id(store), "username": PARTNER, "type": "INTERNAL", "created": created}
    access = store.collection(ACCESS)
    access[access_key("member", employee_id(store), accounts[0])] = _grant(
        "member", employee_id(store), accounts[0], ["ANALYST"]
    )
    for account in accounts:
        access[access_key("partner", partner_id(store), account)] = _grant(
            "partner", partner_id(store), account, _PARTNER_PERMISSIONS
        )
    sent = int(datetime.combine(datetime.fromtimestamp(now, UTC).date() - timedelta(days=3), time(), UTC).timestamp())
    invites = store.collection(INVITES)
    member_invite = {"email": f"marketing@{user['username']}.example.com"}
    invites[str(sent)] = new_invite(str(sent), "MEMBER_INVITE", member_invite, ["EMPLOYEE"], sent)
    request = {"id": str(int(user["id"]) + 9), "username": REQUESTER}
    invites[str(sent + 1)] = new_invite(str(sent + 1), "PARTNER_REQUEST", request, ["PARTNER"], sent, received=True)
    invites[str(sent + 1)]["assets"] = {accounts[0]: ["ANALYST"]}
    store.collection(GROUPS)[str(sent + 2)] = {
        "id": str(sent + 2), "asset_group_name": "Flagship", "asset_group_description": "The main ad account",
        "asset_group_types": ["BRAND"], "ad_accounts_ids": accounts[:1], "profiles_ids": [], "catalogs_ids": [],
        "created_time": sent, "updated_time": sent,
    }  # fmt: skip
    store.collection(SYSTEM_USERS)[system_user_id(store)] = {"id": system_user_id(store), "name": "Reporting API"}


def _grant(kind: str, holder: str, asset_id: str, permissions: list[str]) -> Entity:
    return {
        "kind": kind,
        "holder": holder,
        "asset_id": asset_id,
        "asset_type": "AD_ACCOUNT",
        "permissions": permissions,
    }


def new_invite(
    invite_id: str, kind: str, user: Entity, roles: list[str], sent: int, *, received: bool = False
) -> Entity:
    """A pending invite (or request) as kept: who, what role, when, which assets it offers."""
    return {
        "id": invite_id, "type": kind, "user": user, "roles": roles, "status": "PENDING", "sent": sent,
        "updated": sent, "received": received, "assets": {},
    }  # fmt: skip


def business_of(request: Request) -> Store:
    """The store, once the path's ``business_id`` is the demo business's (else 404)."""
    store, wanted = lookup.store_of(request), request.path_params["business_id"]
    if wanted != business_id(store):
        raise not_found(BUSINESS_NOT_FOUND, f"Business {wanted} not found.")
    state(store, lookup.now_of(request))
    return store


def _page(query: Query, items: list[Entity]) -> JSONResponse:
    return JSONResponse(paginate(query, items[query.number("start_index") or 0 :]))


def summary(user: Entity) -> Entity:
    """A ``BusinessAccessUserSummary`` of a kept member, partner or invitee (id, username, email as known)."""
    return shaped("BusinessAccessUserSummary", {k: user[k] for k in ("id", "username", "email") if k in user}, {})


def assets_of(store: Store, asset_type: str | None) -> list[tuple[str, str]]:
    """(id, type) of the business's assets of one type (default AD_ACCOUNT): its ad accounts, the profile, groups."""
    kind = asset_type or "AD_ACCOUNT"
    ids = {
        "AD_ACCOUNT": list(store.ad_accounts),
        "PROFILE": [store.user["id"]],
        "ASSET_GROUP": list(store.collection(GROUPS)),
    }.get(kind, [])
    return [(asset_id, kind) for asset_id in ids]


def asset_type_of(store: Store, asset_id: str) -> str | None:
    """The type of one of the business's assets, or None when it holds no such asset."""
    kinds = ("AD_ACCOUNT", "PROFILE", "ASSET_GROUP")
    return next((kind for kind in kinds for i, _ in assets_of(store, kind) if i == asset_id), None)


def grants(store: Store, kind: str, holder: str | None = None, asset_id: str | None = None) -> list[Entity]:
    """The kept grants of members or partners, of one holder or on one asset; the owner's ADMIN on all is implied."""
    found = [
        g
        for g in store.collection(ACCESS).values()
        if g["kind"] == kind and holder in (None, g["holder"]) and asset_id in (None, g["asset_id"])
    ]
    if kind == "member" and holder in (None, store.user["id"]):
        owned = [_grant("member", store.user["id"], i, ADMIN) | {"asset_type": t} for t in ("AD_ACCOUNT", "PROFILE")
                 for i, _ in assets_of(store, t) if asset_id in (None, i)]  # fmt: skip
        found = owned + found
    return found


def _summary_of(store: Store, kind: str, holder: str) -> Entity:
    """A ``BusinessMemberAssetsSummary``: the holder's ad accounts and profiles with their permissions."""
    held = grants(store, kind, holder)
    pick = {"AD_ACCOUNT": "ad_accounts", "PROFILE": "profiles"}
    return {
        name: [{"id": g["asset_id"], "permissions": g["permissions"]} for g in held if g["asset_type"] == t]
        for t, name in pick.items()
    }


def binding(store: Store, person: Entity, roles: list[str], **given: Any) -> Entity:
    """A ``UserBusinessRoleBinding`` of a member or partner since it joined."""
    semantic = {"id": person["id"], "business_roles": roles, "user": summary(person), "created_time": person["created"]}
    return shaped("UserBusinessRoleBinding", {**semantic, "is_shared_partner": False}, given)


async def employers(request: Request) -> JSONResponse:
    """``GET /businesses/employers``: the user's own business, the binding's id being the business's."""
    store = lookup.store_of(request)
    state(store, lookup.now_of(request))
    business = {"id": business_id(store), "username": store.user["business_name"]}
    me = {**store.collection(MEMBERS)[store.user["id"]], "id": business_id(store)}
    made = binding(store, me, ["BIZ_ADMIN"], user=summary(store.user), created_by_business=summary(business))
    return _page(lookup.query_of(request), [made])


async def members(request: Request) -> JSONResponse:
    """``GET /businesses/{business_id}/members``: filtered by role and id, with assets and system users on request."""
    store, query = business_of(request), lookup.query_of(request)
    roles, ids = set(query.texts("business_roles")), query.text("member_ids")
    wanted = set(ids.split(",")) if ids else None
    shown = query.flag("assets_summary")
    items = [
        binding(store, m, m["roles"], assets_summary=_summary_of(store, "member", m["id"]) if shown else None)
        for m in store.collection(MEMBERS).values()
        if (not roles or roles & set(m["roles"])) and (wanted is None or m["id"] in wanted)
    ]
    if query.flag("fetch_system_users"):  # system users: the business's API identities, named, without roles
        made = store.collection(MEMBERS)[store.user["id"]]["created"]
        users = store.collection(SYSTEM_USERS).values()
        items += [binding(store, {"id": u["id"], "username": u["name"], "created": made}, []) for u in users]
    return _page(query, items)


async def assets(request: Request) -> JSONResponse:
    """``GET /businesses/{business_id}/assets``: of one type, or an asset group's; none but ADMIN or OWNER."""
    store, query = business_of(request), lookup.query_of(request)
    wanted = set(query.texts("permissions"))
    group = store.collection(GROUPS).get(str(query.text("asset_group_id")))
    if query.text("asset_group_id"):
        listed = [(i, "AD_ACCOUNT") for i in group["ad_accounts_ids"]] if group else []
        listed += [(i, "PROFILE") for i in group["profiles_ids"]] if group else []
        held = [(i, t) for i, t in listed if t == (query.text("asset_type") or t)]
    else:
        held = [] if query.text("child_asset_id") else assets_of(store, query.text("asset_type"))
    held = [] if wanted and not wanted & {"ADMIN", "OWNER"} else held
    groups = store.collection(GROUPS)
    items = [
        shaped("GetBusinessAssetsResponse", {"asset_id": i, "asset_type": t},
               {"asset_group_info": _group(store, groups[i])} if t == "ASSET_GROUP" else {})
        for i, t in held
    ]  # fmt: skip
    return _page(query, items)


def _group(store: Store, group: Entity) -> Entity:
    """An ``AssetGroupBinding``: the kept group, owned and made by the business."""
    owner = summary({"id": business_id(store), "username": store.user["business_name"]})
    return shaped("AssetGroupBinding", {**group, "owner": owner, "created_by": summary(store.user)}, {})


async def member_assets(request: Request) -> JSONResponse:
    """``GET .../members/{member_id}/assets``: the assets one member may use, of one type, with permissions."""
    store, query = business_of(request), lookup.query_of(request)
    kind = query.text("asset_type") or "AD_ACCOUNT"
    held = [g for g in grants(store, "member", request.path_params["member_id"]) if g["asset_type"] == kind]
    fields = ("asset_id", "asset_type", "permissions")
    return _page(query, [shaped("AssetIdPermissions", {k: g[k] for k in fields}, {}) for g in held])


def _asset(store: Store, request: Request) -> str:
    asset = request.path_params["asset_id"]
    if asset_type_of(store, asset) is None:
        raise not_found(AD_ENTITY_NOT_FOUND, f"Asset {asset} not found in business {business_id(store)}.")
    return str(asset)


def _on_asset(store: Store, request: Request, kind: str, collection: str) -> JSONResponse:
    """The members or partners who may use one asset, with their permissions; 404 for another's asset."""
    people = store.collection(collection)
    held = [g for g in grants(store, kind, asset_id=_asset(store, request)) if g["holder"] in people]
    items = [
        shaped("UserSingleAssetBinding", {"user": summary(people[g["holder"]]), "permissions": g["permissions"]}, {})
        for g in held
    ]
    return _page(lookup.query_of(request), items)


async def asset_members(request: Request) -> JSONResponse:
    """``GET .../assets/{asset_id}/members``: the members who may use one asset."""
    return _on_asset(business_of(request), request, "member", MEMBERS)


async def partners(request: Request) -> JSONResponse:
    """``GET /businesses/{business_id}/partners``: INTERNAL ones use the business's assets (EXTERNAL: theirs)."""
    store, query = business_of(request), lookup.query_of(request)
    ids, kind = query.text("partner_ids"), query.text("partner_type") or "INTERNAL"
    wanted = set(ids.split(",")) if ids else None
    shown = query.flag("assets_summary")
    items = [
        binding(store, p, [], assets_summary=_summary_of(store, "partner", p["id"]) if shown else None)
        for p in store.collection(PARTNERS).values()
        if p["type"] == kind and (wanted is None or p["id"] in wanted)
    ]
    return _page(query, items)


async def asset_partners(request: Request) -> JSONResponse:
    """``GET .../assets/{asset_id}/partners``: the partners who may use one asset."""
    return _on_asset(business_of(request), request, "partner", PARTNERS)


async def partner_assets(request: Request) -> JSONResponse:
    """``GET .../partners/{partner_id}/assets``: what an INTERNAL partner may use; EXTERNAL ones share none here."""
    store, query = business_of(request), lookup.query_of(request)
    ours = query.text("partner_type") != "EXTERNAL"
    kind = query.text("asset_type") or "AD_ACCOUNT"
    held = [g for g in grants(store, "partner", request.path_params["partner_id"]) if ours and g["asset_type"] == kind]
    fields = ("asset_id", "asset_type", "permissions")
    return _page(query, [shaped("GetPartnerAssetsResponse", {k: g[k] for k in fields}, {}) for g in held])


def invite_view(store: Store, invite: Entity, schema: str = "InviteResponse") -> Entity:
    """A kept invite as Pinterest answers it: its data, the invitee (or the asking business), its roles."""
    data = {
        "invite_status": invite["status"], "invite_type": invite["type"], "sent_at": invite["sent"],
        "last_updated_time": invite["updated"], "invite_expiration": invite["sent"] + INVITE_DAYS * 86_400,
    }  # fmt: skip
    semantic = {
        "id": invite["id"],
        "invite_data": data,
        "user": summary(invite["user"]),
        "is_received_invite": invite["received"],
    }
    if schema != "InviteResponse":
        return shaped(schema, semantic, {})
    given = {"business_roles": invite["roles"], "created_by_user": summary(store.user), "created_time": invite["sent"]}
    if invite["assets"]:
        offered = [(a, p, asset_type_of(store, a)) for a, p in invite["assets"].items()]
        pick = {"AD_ACCOUNT": "ad_accounts", "PROFILE": "profiles"}
        given["assets_summary"] = {
            name: [{"id": a, "permissions": p} for a, p, t in offered if t == kind] for kind, name in pick.items()
        }
    return shaped("InviteResponse", semantic, given)


async def invites(request: Request) -> JSONResponse:
    """``GET /businesses/{business_id}/invites``: pending or expired, member invites or partner invites and requests."""
    store, query = business_of(request), lookup.query_of(request)
    now = lookup.now_of(request)
    member = query.flag("is_member")
    kinds = (
        [query.text("invite_type")]
        if query.text("invite_type")
        else (["MEMBER_INVITE"] if member else ["PARTNER_INVITE", "PARTNER_REQUEST"])
    )
    statuses = query.texts("invite_status") or ["PENDING"]
    listed = []
    for invite in store.collection(INVITES).values():
        status = (
            "EXPIRED"
            if invite["status"] == "PENDING" and invite["sent"] + INVITE_DAYS * 86_400 < now
            else invite["status"]
        )
        if invite["type"] in kinds and status in statuses:
            listed.append(invite_view(store, {**invite, "status": status}))
    return _page(query, listed)


async def shared_audiences(request: Request) -> JSONResponse:
    """``GET /businesses/{business_id}/audiences``: the audiences the business made, across its ad accounts."""
    store, query = business_of(request), lookup.query_of(request)
    made = [a for a in store.audiences.values() if a["created_by_company_name"] == store.user["business_name"]]
    made.sort(key=lambda a: int(a["id"]), reverse=query.text("order") == "DESCENDING")
    return JSONResponse(paginate(query, AUDIENCES.view(store, made)))


async def audience_shared_accounts(request: Request) -> JSONResponse:
    """``GET /businesses/{business_id}/audiences/shared/accounts``: as the ad account's route, for any audience."""
    store, query = business_of(request), lookup.query_of(request)
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
