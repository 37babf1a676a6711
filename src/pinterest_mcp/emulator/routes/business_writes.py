"""Business Access writes, kept in the business's state (``business.state``) so every read sees them.

Members' and partners' asset access is one rule over two holders (``_Holders``): a grant replaces
the holder's permissions on an asset, a removal ends them; the owner's ADMIN cannot change, and
only the business's own assets and its current members or partners can be named (400 otherwise,
as Pinterest refuses the whole request). Removing a member or partner ends its grants too. An
invite made is PENDING and listed until cancelled; asset invites attach permissions to a pending
invite; accepting a received partner request makes its business an INTERNAL partner with the
permissions the answer grants (declining drops it); an access request to a partner's assets is a
sent PARTNER_REQUEST. Asset groups hold ad accounts and profiles of the business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import invalid, not_found
from pinterest_mcp.emulator.http.fields import json_object
from pinterest_mcp.emulator.http.lookup import AD_ENTITY_NOT_FOUND, Endpoint
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.routes.business import (
    BRAND_ACCOUNTS,
    GROUPS,
    INVITES,
    MEMBERS,
    PARTNERS,
    SYSTEM_USERS,
    access_key,
    asset_type_of,
    business_id,
    business_of,
    hierarchy_id,
    invite_view,
    new_invite,
    state,
    summary,
)

_INVITE_OPEN = 400


@dataclass(frozen=True)
class _Holders:
    """Members or partners: the collection naming them and the field naming one in a body."""

    kind: str
    collection: str
    field: str


_MEMBER, _PARTNER = _Holders("member", MEMBERS, "member_id"), _Holders("partner", PARTNERS, "partner_id")


def _checked(store: Store, holders: _Holders, access: dict[str, Any]) -> tuple[str, str, str]:
    """(holder, asset, asset type) of one body entry, once both are the business's; else 400 naming it."""
    holder, asset = str(access[holders.field]), str(access["asset_id"])
    if holder not in store.collection(holders.collection):
        raise invalid(f"Invalid {holders.field} {holder}: not a {holders.kind} of business {business_id(store)}.")
    if holder == store.user["id"]:
        raise invalid(f"Invalid {holders.field} {holder}: the business's owner keeps ADMIN on every asset.")
    kind = asset_type_of(store, asset)
    if kind is None:
        raise invalid(f"Invalid asset_id {asset}: not an asset of business {business_id(store)}.")
    return holder, asset, kind


async def _grant(request: Request, holders: _Holders) -> JSONResponse:
    store, body = business_of(request), await json_object(request)
    access = store.collection("business_access")
    checked = [(_checked(store, holders, a), a["permissions"]) for a in body["accesses"]]
    items = []
    for (holder, asset, kind), permissions in checked:
        grant = {"kind": holders.kind, "holder": holder, "asset_id": asset, "asset_type": kind}
        access[access_key(holders.kind, holder, asset)] = {**grant, "permissions": list(dict.fromkeys(permissions))}
        answer = {"asset_id": asset, holders.field: holder, "permissions": list(dict.fromkeys(permissions))}
        items.append({"response": answer} if holders is _MEMBER else {**answer, "asset_type": kind})
    return JSONResponse({"items": items})


async def _revoke(request: Request, holders: _Holders) -> JSONResponse:
    store, body = business_of(request), await json_object(request)
    access = store.collection("business_access")
    checked = [_checked(store, holders, a) for a in body["accesses"]]
    for holder, asset, _ in checked:
        if access_key(holders.kind, holder, asset) not in access:
            raise invalid(f"Invalid asset_id {asset}: {holders.kind} {holder} has no access to it.")
    items = []
    for holder, asset, kind in checked:
        gone = access.pop(access_key(holders.kind, holder, asset))
        answer: Entity = {"asset_id": asset, holders.field: holder}
        if holders is _PARTNER:
            answer |= {"asset_type": kind, "is_shared_partner": False, "permissions": gone["permissions"]}
        items.append(answer)
    return JSONResponse({"items": items})


async def update_member_access(request: Request) -> JSONResponse:
    """``PATCH /businesses/{business_id}/members/assets/access``: set members' permissions on assets."""
    return await _grant(request, _MEMBER)


async def delete_member_access(request: Request) -> JSONResponse:
    """``DELETE /businesses/{business_id}/members/assets/access``: end members' access to assets."""
    return await _revoke(request, _MEMBER)


async def update_partner_access(request: Request) -> JSONResponse:
    """``PATCH /businesses/{business_id}/partners/assets``: set partners' permissions on the business's assets."""
    return await _grant(request, _PARTNER)


async def delete_partner_access(request: Request) -> JSONResponse:
    """``DELETE /businesses/{business_id}/partners/assets``: end partners' access to the business's assets."""
    return await _revoke(request, _PARTNER)


def _drop(store: Store, holders: _Holders, holder: str) -> None:
    """A member or partner leaves: it and every grant it held."""
    store.collection(holders.collection).pop(holder)
    access = store.collection("business_access")
    for key in [k for k, g in access.items() if g["kind"] == holders.kind and g["holder"] == holder]:
        del access[key]


def _known(store: Store, holders: _Holders, wanted: list[str]) -> None:
    for holder in wanted:
        if holder not in store.collection(holders.collection) or holder == store.user["id"]:
            raise invalid(f"Invalid {holders.field} {holder}: not a {holders.kind} of business {business_id(store)} "
                          "that can be changed.")  # fmt: skip


async def update_members(request: Request) -> JSONResponse:
    """``PATCH /businesses/{business_id}/members``: set members' business roles."""
    store, body = business_of(request), await json_body_list(request)
    _known(store, _MEMBER, [str(m["member_id"]) for m in body])
    for member in body:
        store.collection(MEMBERS)[str(member["member_id"])]["roles"] = [member["business_role"]]
    return JSONResponse({"items": [{"member_id": m["member_id"], "business_role": m["business_role"]} for m in body]})


async def json_body_list(request: Request) -> list[dict[str, Any]]:
    """The JSON array body of a bulk write (the gate checked its items)."""
    body = await request.json()
    return [item for item in body if isinstance(item, dict)]


async def delete_members(request: Request) -> JSONResponse:
    """``DELETE /businesses/{business_id}/members``: end memberships, with every grant the members held."""
    store, body = business_of(request), await json_object(request)
    wanted = [str(m["member_id"]) for m in body["members"]]
    _known(store, _MEMBER, wanted)
    for member in wanted:
        _drop(store, _MEMBER, member)
    return JSONResponse({"deleted_members": wanted})


async def delete_partners(request: Request) -> JSONResponse:
    """``DELETE /businesses/{business_id}/partners``: end partnerships of one type, with the partners' grants."""
    store, body = business_of(request), await json_object(request)
    kind, wanted = body.get("partner_type") or "INTERNAL", [str(p) for p in body["partner_ids"]]
    partners = store.collection(PARTNERS)
    for partner in wanted:
        if partners.get(partner, {}).get("type") != kind:
            raise invalid(f"Invalid partner_ids: {partner} is not an {kind} partner of business {business_id(store)}.")
    for partner in wanted:
        _drop(store, _PARTNER, partner)
    return JSONResponse({"deleted_partners": wanted})


def _exception(message: str, who: str | None = None, invite: str | None = None) -> Entity:
    return {
        "code": _INVITE_OPEN,
        "invite_or_request_id": invite,
        "message": message,
        "users_or_partner_ids": [who] if who else [],
    }


async def create_invites(request: Request) -> JSONResponse:
    """``POST /businesses/{business_id}/invites``: member invites by email, partner invites or requests by id."""
    store, body = business_of(request), await json_object(request)
    kind, role, now = body["invite_type"], body["business_role"], lookup.now_of(request)
    member = kind == "MEMBER_INVITE"
    if member != (role != "PARTNER"):
        raise invalid(f"Invalid business_role {role} for invite_type {kind}.")
    invitees = body.get("members") if member else body.get("partners")
    if not invitees:
        raise invalid(f"Invalid request: a {kind} names {'members (emails)' if member else 'partners (business ids)'}.")
    invites = store.collection(INVITES)
    items = []
    for invitee in invitees:
        user = {"email": invitee} if member else {"id": str(invitee)}
        pending = any(i["user"] == user and i["status"] == "PENDING" and not i["received"] for i in invites.values())
        if pending or (not member and invitee in store.collection(PARTNERS)):
            items.append({"exception": _exception(f"{invitee} already has a pending invite or access.", invitee)})
            continue
        made = new_invite(store.new_id("business_invite"), kind, user, [role], now)
        invites[made["id"]] = made
        items.append({"invite": {"id": made["id"], "user": summary(user)}})
    return JSONResponse({"items": items})


def _permissions(store: Store, offered: dict[str, list[str]]) -> dict[str, list[str]]:
    for asset in offered:
        if asset_type_of(store, asset) is None:
            raise invalid(f"Invalid asset_id_to_permissions: {asset} is not an asset of business {business_id(store)}.")
    return {asset: list(dict.fromkeys(permissions)) for asset, permissions in offered.items()}


async def create_asset_invites(request: Request) -> JSONResponse:
    """``POST /businesses/{business_id}/invites/assets/access``: offer assets with a pending sent invite."""
    store, body = business_of(request), await json_object(request)
    invites, items = store.collection(INVITES), []
    for asked in body["invites"]:
        invite = invites.get(str(asked["invite_id"]))
        if (
            invite is None
            or invite["received"]
            or invite["status"] != "PENDING"
            or invite["type"] != asked["invite_type"]
        ):
            message = f"Invite {asked['invite_id']} is not a pending {asked['invite_type']} of this business."
            items.append({"exception": _exception(message, invite=str(asked["invite_id"]))})
            continue
        invite["assets"] |= _permissions(store, asked["asset_id_to_permissions"])
        invite["updated"] = lookup.now_of(request)
        items.append({"invite": invite_view(store, invite, "InviteBusinessRoleBinding")})
    return JSONResponse({"items": items})


async def cancel_invites(request: Request) -> JSONResponse:
    """``DELETE /businesses/{business_id}/invites``: cancel pending invites or requests the business sent."""
    store, body = business_of(request), await json_object(request)
    invites, items = store.collection(INVITES), []
    for invite_id in map(str, body["invite_ids"]):
        invite = invites.get(invite_id)
        if invite is None or invite["received"] or invite["status"] != "PENDING":
            items.append({"exception": {"invite_id": invite_id, "message": "No pending invite or request to cancel."}})
            continue
        del invites[invite_id]
        view = invite_view(
            store, {**invite, "status": "CANCELED", "updated": lookup.now_of(request)}, "BaseInviteDataResponse"
        )
        items.append({"invite": view})
    return JSONResponse({"items": items})


async def respond_invites(request: Request) -> JSONResponse:
    """``PATCH /businesses/invites``: accept or decline invites and requests the user's business received."""
    store, body = lookup.store_of(request), await json_object(request)
    state(store, lookup.now_of(request))
    invites, items = store.collection(INVITES), []
    for answer in body["invites"]:
        invite = invites.get(str(answer["invite_id"]))
        if invite is None or not invite["received"] or invite["status"] != "PENDING":
            message = f"Invite {answer['invite_id']} is not a pending invite or request you received."
            items.append({"exception": _exception(message, invite=str(answer["invite_id"]))})
            continue
        action = answer["action"]
        granted = _permissions(store, action.get("asset_id_to_permissions") or invite["assets"])
        del invites[invite["id"]]
        if action["accept_invite"]:
            _accept(store, invite, granted, lookup.now_of(request))
        status = "ACCEPTED" if action["accept_invite"] else "DECLINED"
        items.append({"invite": invite_view(store, {**invite, "status": status}, "BaseInviteDataResponse")})
    return JSONResponse({"items": items})


def _accept(store: Store, invite: Entity, granted: dict[str, list[str]], now: int) -> None:
    """A received partner request accepted: the asking business becomes an INTERNAL partner with these grants."""
    partner = str(invite["user"]["id"])
    store.collection(PARTNERS)[partner] = {**invite["user"], "type": "INTERNAL", "created": now}
    for asset, permissions in granted.items():
        grant = {"kind": "partner", "holder": partner, "asset_id": asset, "asset_type": asset_type_of(store, asset)}
        store.collection("business_access")[access_key("partner", partner, asset)] = {
            **grant,
            "permissions": permissions,
        }


async def request_asset_access(request: Request) -> JSONResponse:
    """``POST /businesses/{business_id}/requests/assets/access``: ask partners for access to their assets."""
    store, body = business_of(request), await json_object(request)
    invites, now = store.collection(INVITES), lookup.now_of(request)
    made: dict[str, str] = {}
    for asked in body["asset_requests"]:
        partner = str(asked["partner_id"])
        invite = new_invite(store.new_id("business_invite"), "PARTNER_REQUEST", {"id": partner}, ["PARTNER"], now)
        invite["assets"] = dict(asked["asset_id_to_permissions"])
        invites[invite["id"]] = invite
        made[partner] = invite["id"]
    return JSONResponse({"exceptions": None, "invites": made})


def _group_assets(store: Store, ids: list[str]) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {"AD_ACCOUNT": [], "PROFILE": []}
    for asset in ids:
        kind = asset_type_of(store, asset) or ""
        if kind not in kinds:
            raise invalid(f"Invalid asset {asset}: an asset group holds the business's ad accounts and profiles.")
        kinds[kind].append(asset)
    return kinds


async def create_asset_group(request: Request) -> JSONResponse:
    """``POST /businesses/{business_id}/asset_groups``: a new, empty asset group."""
    store, body = business_of(request), await json_object(request)
    now = lookup.now_of(request)
    named = {k: body[k] for k in ("asset_group_name", "asset_group_description", "asset_group_types")}
    empty: dict[str, Any] = {"ad_accounts_ids": [], "profiles_ids": [], "catalogs_ids": []}
    group = {"id": store.new_id("asset_group"), **named, **empty, "created_time": now, "updated_time": now}
    store.collection(GROUPS)[group["id"]] = group
    return JSONResponse({"asset_group": _binding(store, group)})


def _binding(store: Store, group: Entity) -> Entity:
    from_business = summary({"id": business_id(store), "username": store.user["business_name"]})
    return {**group, "owner": from_business, "created_by": summary(store.user)}


async def update_asset_groups(request: Request) -> JSONResponse:
    """``PATCH /businesses/{business_id}/asset_groups``: rename, retype, add or remove assets; unknown groups fail."""
    store, body = business_of(request), await json_object(request)
    groups, updated, exceptions = store.collection(GROUPS), [], []
    for change in body["asset_groups_to_update"]:
        group = groups.get(str(change["asset_group_id"]))
        if group is None:
            exceptions.append(
                {"asset_group_id": change["asset_group_id"], "code": 29, "message": "Asset group not found."}
            )
            continue
        added, removed = (
            _group_assets(store, change.get("assets_to_add") or []),
            set(change.get("assets_to_remove") or []),
        )
        for kind, field in (("AD_ACCOUNT", "ad_accounts_ids"), ("PROFILE", "profiles_ids")):
            group[field] = [a for a in dict.fromkeys(group[field] + added[kind]) if a not in removed]
        renamed = {
            "name": "asset_group_name",
            "description": "asset_group_description",
            "asset_group_types": "asset_group_types",
        }
        group |= {ours: change[theirs] for theirs, ours in renamed.items() if change.get(theirs) is not None}
        group["updated_time"] = lookup.now_of(request)
        updated.append(_binding(store, group))
    return JSONResponse({"exceptions": exceptions or None, "updated_asset_groups": updated})


async def delete_asset_groups(request: Request) -> JSONResponse:
    """``DELETE /businesses/{business_id}/asset_groups``: the groups go; their assets stay the business's."""
    store, body = business_of(request), await json_object(request)
    groups, deleted, exceptions = store.collection(GROUPS), [], []
    for group_id in map(str, body["asset_groups_to_delete"]):
        if groups.pop(group_id, None) is None:
            exceptions.append({"asset_group_id": group_id, "code": 29, "message": "Asset group not found."})
        else:
            deleted.append(group_id)
    return JSONResponse({"deleted_asset_groups": deleted, "exceptions": exceptions or None})


async def update_system_user(request: Request) -> Response:
    """``PATCH /businesses/{business_id}/system_users/{system_user_id}``: rename a system user."""
    store, body = business_of(request), await json_object(request)
    found = store.collection(SYSTEM_USERS).get(request.path_params["system_user_id"])
    if found is None:
        raise not_found(AD_ENTITY_NOT_FOUND, f"System user {request.path_params['system_user_id']} not found.")
    found["name"] = body["name"]
    return Response(status_code=200)  # the spec answers 200 without content


def _hierarchy(request: Request) -> Store:
    store = lookup.store_of(request)
    if request.path_params["business_hierarchy_id"] != hierarchy_id(store):
        raise not_found(
            BUSINESS_NOT_FOUND, f"Business hierarchy {request.path_params['business_hierarchy_id']} not found."
        )
    state(store, lookup.now_of(request))
    return store


BUSINESS_NOT_FOUND = 404
_BRAND_FIELDS = ("name", "username", "country", "about", "website")


async def create_brand_account(request: Request) -> JSONResponse:
    """``POST .../business_hierarchy/{business_hierarchy_id}/brand_accounts``: a brand account; usernames are unique."""
    store, body = _hierarchy(request), await json_object(request)
    brands = store.collection(BRAND_ACCOUNTS)
    if body["username"] in {b["username"] for b in brands.values()} | {store.user["username"]}:
        raise invalid(f"Invalid username {body['username']}: it is taken.")
    brand = {"id": store.new_id("brand_account"), **{k: body[k] for k in _BRAND_FIELDS if k in body}}
    brands[brand["id"]] = brand
    return JSONResponse({"brand_account_id": brand["id"]})


async def update_brand_account(request: Request) -> JSONResponse:
    """``PATCH .../brand_accounts/{brand_account_id}``: change a brand account's profile fields."""
    store, body = _hierarchy(request), await json_object(request)
    brand = store.collection(BRAND_ACCOUNTS).get(request.path_params["brand_account_id"])
    if brand is None:
        raise not_found(BUSINESS_NOT_FOUND, "User not found.")
    brand |= {k: body[k] for k in _BRAND_FIELDS if k in body}
    return JSONResponse({"brand_account_id": brand["id"]})


ROUTES = [
    Endpoint("business_members_asset_access/update", update_member_access),
    Endpoint("business_members_asset_access/delete", delete_member_access),
    Endpoint("update_partner_asset_access_handler_impl", update_partner_access),
    Endpoint("delete_partner_asset_access_handler_impl", delete_partner_access),
    Endpoint("update/business_memberships", update_members),
    Endpoint("delete_business_membership", delete_members),
    Endpoint("delete_business_partners", delete_partners),
    Endpoint("create_membership_or_partnership_invites", create_invites),
    Endpoint("create_asset_invites", create_asset_invites),
    Endpoint("cancel_invites_or_requests", cancel_invites),
    Endpoint("respond_business_access_invites", respond_invites),
    Endpoint("asset_access_requests/create", request_asset_access),
    Endpoint("asset_group/create", create_asset_group),
    Endpoint("asset_group/update", update_asset_groups),
    Endpoint("asset_group/delete", delete_asset_groups),
    Endpoint("system_user/update", update_system_user),
    Endpoint("brand_accounts/create", create_brand_account),
    Endpoint("brand_accounts/update", update_brand_account),
]
