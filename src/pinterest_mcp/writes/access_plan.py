"""Plans and outcomes of Business Access writes: who gains or loses what, named and in words.

These writes change who can reach a business's ad accounts and money, so a plan reads the members,
partners and invites it names (their roles and permissions on each asset: the state a confirmation
is bound to) and the business's ad accounts and profile (their names), then says per entry what
changes: "member 123 'dana' on ad account 456 'Hearth US': analyst → campaign manager, analyst".
Emails and names are data: quoted and escaped. Granting admin or finance permissions, making a
business admin, accepting a partner, and every removal carry a warning.

Pinterest answers these writes in several shapes (`items` of results or exceptions, `deleted_*`
lists, a map of request ids); `results` reads each into the write flow's item outcomes, and `now`
reads the touched people and invites again to show their state after the write.
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.api.errors import PinterestError
from pinterest_mcp.writes.plans import Plan, Read, quoted, shown_text

HOLDERS = {"member_id": "member", "partner_id": "partner"}
"""Body fields naming a holder of access, and its kind."""
POWERFUL = {"ADMIN": "full control of the asset", "FINANCE_MANAGER": "billing and payment methods"}
POWERFUL |= {"FINANCE_EDIT": "billing and payment methods", "CAMPAIGN_MANAGER": "campaigns and their spend"}
"""Permissions that reach money or control, and what they reach (a plan warns before granting them)."""
ROLES = {"BIZ_ADMIN": "business admin", "EMPLOYEE": "employee", "PARTNER": "partner"}


def words(permissions: Any) -> str:
    """Permissions as people say them ("campaign manager, analyst"), or "none"."""
    listed = permissions if isinstance(permissions, list) else []
    return ", ".join(str(p).lower().replace("_", " ") for p in listed) or "none"


def normalized(plan: Plan) -> list[dict[str, Any]]:
    """One dict per person, invite or grant the write names (a bare id list becomes `{"<kind>_id": id}`)."""
    body = plan.request.body
    op = plan.target.op
    given = body if isinstance(body, dict) else {}
    if "invite_type" in given and op.items is None:  # create_business_invites: one entry per invitee
        common = {k: given[k] for k in ("invite_type", "business_role") if k in given}
        emails = [{"email": e, **common} for e in given.get("members") or []]
        return emails + [{"partner_id": p, **common} for p in given.get("partners") or []]
    items = plan.items
    if op.items is None and op.body is None:  # one object: an asset group made, a system user renamed
        return [{**given, **{name: str(getattr(plan.target.args, name)) for name in op.path_params[1:]}}]
    if op.items in ("partner_ids", "invite_ids", "asset_groups_to_delete"):
        key = {"asset_groups_to_delete": "asset_group_id"}.get(op.items, op.items.removesuffix("s"))
        extra = (
            {"partner_type": body.get("partner_type")} if isinstance(body, dict) and body.get("partner_type") else {}
        )
        return [{key: str(i), **extra} for i in items]
    return [dict(i) for i in items if isinstance(i, dict)]


def _business(plan: Plan) -> str | None:
    business = getattr(plan.target.args, "business_id", None)
    return str(business) if business is not None else None


async def read_roster(plan: Plan, read: Read, *, names: bool = True) -> None:
    """Read the people and invites the write names into `plan.before` (bound by the confirmation), and,
    with `names`, the ad accounts and profile it names into `plan.related`.

    A read that fails leaves the entry unknown, which the plan then refuses, naming the read to check.
    """
    plan.items = normalized(plan)
    await _people(plan, read)
    if names:
        await _names(plan, read)


async def _names(plan: Plan, read: Read) -> None:
    """The names of the ad accounts and the profile a plan may name, into `plan.related`."""
    for account in await _safe(read, "list_ad_accounts", {}):
        label = account.get("name")
        plan.related[f"asset:{account.get('id')}"] = {"name": f"ad account {account.get('id')}", "label": label}
    for profile in await _safe(read, "get_user_account", {}):
        label = profile.get("username")
        plan.related[f"asset:{profile.get('id')}"] = {"name": f"profile {profile.get('id')}", "label": label}


async def _people(plan: Plan, read: Read) -> None:
    """The members, partners and invites the plan's items name, into `plan.before`."""
    business = _business(plan)
    wanted = {kind for item in plan.items for field, kind in HOLDERS.items() if field in item}
    if business and "member" in wanted:
        for member in await _safe(read, "list_business_members", {"business_id": business, "assets_summary": True}):
            plan.before[f"member:{member.get('id')}"] = _person(member)
    if business and "partner" in wanted:
        kinds = {str(i.get("partner_type") or "INTERNAL") for i in plan.items if "partner_id" in i}
        for kind in sorted(kinds):
            args = {"business_id": business, "assets_summary": True, "partner_type": kind}
            for partner in await _safe(read, "list_business_partners", args):
                plan.before[f"partner:{partner.get('id')}"] = _person(partner)
    if any("invite_id" in item for item in plan.items):
        await _invites(plan, read, business)
    if business and any("asset_group_id" in item for item in plan.items):
        for group in await _safe(read, "list_business_assets", {"business_id": business, "asset_type": "ASSET_GROUP"}):
            info = _object(group.get("asset_group_info"))
            plan.before[f"asset_group:{group.get('asset_id')}"] = {
                "id": str(group.get("asset_id")),
                "name": info.get("asset_group_name") or "",
                "description": info.get("asset_group_description"),
                "types": list(info.get("asset_group_types") or []),
                "assets": [*(info.get("ad_accounts_ids") or []), *(info.get("profiles_ids") or [])],
            }
    if business and any("system_user_id" in item for item in plan.items):
        args = {"business_id": business, "fetch_system_users": True}
        for user in await _safe(read, "list_business_members", args):
            plan.before[f"system_user:{user.get('id')}"] = _person(user)
    named_by_kind = {
        kind: {str(i[f"{kind}_id"]) for i in plan.items if f"{kind}_id" in i}
        for kind in ("member", "partner", "invite", "asset_group", "system_user")
    }
    plan.before = {k: v for k, v in plan.before.items() if k.partition(":")[2] in named_by_kind[k.partition(":")[0]]}


async def _invites(plan: Plan, read: Read, business: str | None) -> None:
    """The pending invites the write names: sent by the business (members, partners), or received by it."""
    if business is None:  # respond_business_invites: the invites the user's businesses received
        found = await _safe(read, "list_business_employers", {})
        business = str(found[0].get("id")) if found and isinstance(found[0], dict) else None
    if business is None:
        return
    for is_member in (True, False):
        for invite in await _safe(read, "list_business_invites", {"business_id": business, "is_member": is_member}):
            plan.before[f"invite:{invite.get('id')}"] = _invite(invite)


async def _safe(read: Read, tool: str, args: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        return await read(tool, args)
    except (PinterestError, ValueError):
        return []


def _summary_access(summary: Any) -> dict[str, list[str]]:
    """{asset id: permissions} from an assets summary (ad accounts and profiles)."""
    if not isinstance(summary, dict):
        return {}
    return {
        str(asset.get("id")): list(asset.get("permissions") or [])
        for kind in ("ad_accounts", "profiles")
        for asset in summary.get(kind) or []
        if isinstance(asset, dict)
    }


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _person(binding: dict[str, Any]) -> dict[str, Any]:
    user = _object(binding.get("user"))
    return {
        "id": str(binding.get("id")),
        "name": user.get("username") or user.get("email") or "",
        "roles": list(binding.get("business_roles") or []),
        "access": _summary_access(binding.get("assets_summary")),
    }


def _invite(invite: dict[str, Any]) -> dict[str, Any]:
    user, data = _object(invite.get("user")), _object(invite.get("invite_data"))
    return {
        "id": str(invite.get("id")),
        "name": user.get("email") or user.get("username") or user.get("id") or "",
        "type": data.get("invite_type"),
        "status": data.get("invite_status"),
        "received": bool(invite.get("is_received_invite")),
        "access": _summary_access(invite.get("assets_summary")),
    }


# Naming ------------------------------------------------------------------------------------------


def named(plan: Plan, kind: str, key: Any) -> str:
    """A member, partner or invite as a plan names it: the id, then the name or email quoted."""
    entity = plan.before.get(f"{kind}:{key}")
    if entity is None:
        return shown_text(str(key))
    out = f"{shown_text(str(key))} {quoted(str(entity['name']), 80)}" if entity.get("name") else shown_text(str(key))
    if kind == "invite":
        sent = "received" if entity.get("received") else "sent"
        out += f" ({words([entity.get('type')])}, {sent}, {str(entity.get('status') or '').lower()})"
    return out


def asset(plan: Plan, asset_id: Any) -> str:
    """An asset by kind, id and name ("ad account 456 'Hearth US'"), as far as the plan read it."""
    known = plan.related.get(f"asset:{asset_id}")
    if known is None:
        return f"asset {shown_text(str(asset_id))}"
    label = known.get("label")
    return f"{known['name']} {quoted(str(label), 80)}" if label else str(known["name"])


def _grants(plan: Plan, offered: Any) -> str:
    if not isinstance(offered, dict) or not offered:
        return "none"
    return "; ".join(f"{asset(plan, a)}: {words(p)}" for a, p in offered.items())


# Describing --------------------------------------------------------------------------------------


def describe_access(plan: Plan) -> None:
    """Fill the plan's changes, warnings and refusals, one change per person, grant or invite."""
    for item in plan.items:
        holder = next((HOLDERS[f] for f in HOLDERS if f in item), None)
        if "invite_id" in item:
            _describe_invite(plan, item)
        elif "asset_group_id" in item or "asset_group_name" in item:
            _describe_group(plan, item)
        elif "system_user_id" in item:
            _describe_system_user(plan, item)
        elif holder and "asset_id" in item:
            _describe_grant(plan, item, holder)
        elif holder and plan.change in ("update", "delete") and "asset_id_to_permissions" not in item:
            _describe_person(plan, item, holder)
        else:
            _describe_new(plan, item, holder)


def _known(plan: Plan, holder: str, key: str) -> dict[str, Any] | None:
    person = plan.before.get(f"{holder}:{key}")
    if person is None:
        listing = f"list_business_{holder}s"
        plan.refusals.append(f"{holder} {shown_text(key)} is not a {holder} of this business; see {listing}")
    return person


def _describe_grant(plan: Plan, item: dict[str, Any], holder: str) -> None:
    key, target = str(item[f"{holder}_id"]), item["asset_id"]
    person = _known(plan, holder, key)
    if person is None:
        return
    before = person["access"].get(str(target))
    who, where = f"{holder} {named(plan, holder, key)}", asset(plan, target)
    change: dict[str, Any] = {plan.change or "update": f"{holder} access", holder: named(plan, holder, key)}
    change["asset"] = where
    if plan.change == "delete":
        if before is None:
            plan.refusals.append(f"{who} has no access to {where}; nothing to remove")
            return
        change["permissions"] = f"{words(before)} → none"
        plan.warnings.append(f"{who} loses {words(before)} on {where}; restoring it takes a new grant")
    else:
        after = list(item.get("permissions") or [])
        change["permissions"] = f"{words(before)} → {words(after)}"
        for permission in sorted(set(after) - set(before or [])):
            if permission in POWERFUL:
                plan.warnings.append(f"{who} gets {words([permission])} on {where}: {POWERFUL[permission]}")
    plan.changes.append(change)


def _describe_person(plan: Plan, item: dict[str, Any], holder: str) -> None:
    key = str(item[f"{holder}_id"])
    person = _known(plan, holder, key)
    if person is None:
        return
    who = f"{holder} {named(plan, holder, key)}"
    change: dict[str, Any] = {plan.change or "update": holder, holder: named(plan, holder, key)}
    held = _grants(plan, person["access"])
    if plan.change == "delete":
        change["loses"] = held
        plan.warnings.append(f"removes {who} from the business, with access to: {held}")
    else:
        before = ", ".join(ROLES.get(r, r) for r in person["roles"]) or "none"
        after = ROLES.get(str(item.get("business_role")), str(item.get("business_role")))
        change["business_role"] = f"{before} → {after}"
        if item.get("business_role") == "BIZ_ADMIN" and "BIZ_ADMIN" not in person["roles"]:
            plan.warnings.append(f"{who} becomes a business admin: full control of members, partners and access")
    plan.changes.append(change)


def _describe_invite(plan: Plan, item: dict[str, Any]) -> None:
    key = str(item["invite_id"])
    invite = plan.before.get(f"invite:{key}")
    if invite is None:
        plan.refusals.append(
            f"invite {shown_text(key)} is not a pending invite of this business; see list_business_invites"
        )
        return
    change: dict[str, Any] = {plan.change or "update": "invite", "invite": named(plan, "invite", key)}
    offered = item.get("asset_id_to_permissions")
    action = item.get("action") if isinstance(item.get("action"), dict) else None
    if action is not None:
        accept = bool(action.get("accept_invite"))
        granted = action.get("asset_id_to_permissions") or invite["access"]
        change["answer"] = f"{str(invite.get('status') or 'pending').lower()} → {'accepted' if accept else 'declined'}"
        if accept:
            change["grants"] = _grants(plan, granted)
            plan.warnings.append(f"accepting invite {named(plan, 'invite', key)} gives access to: {change['grants']}")
    elif offered is not None:
        change["assets"] = f"{_grants(plan, invite['access'])} → {_grants(plan, {**invite['access'], **offered})}"
        for permissions in offered.values():
            for permission in sorted(set(permissions) & set(POWERFUL)):
                plan.warnings.append(
                    f"invite {named(plan, 'invite', key)} offers {words([permission])}: {POWERFUL[permission]}"
                )
    else:
        plan.warnings.append(f"cancels invite {named(plan, 'invite', key)}; a new invite must be sent to undo it")
    plan.changes.append(change)


def _text(value: Any) -> str:
    return quoted(str(value)) if value is not None else "none"


def _assets(plan: Plan, ids: Any) -> str:
    return "; ".join(asset(plan, a) for a in ids or []) or "none"


def _describe_group(plan: Plan, item: dict[str, Any]) -> None:
    """An asset group made, changed (name, types, assets added and removed) or deleted, named with its assets."""
    if "asset_group_name" in item:  # made: empty until assets are added
        plan.changes.append(
            {
                "create": "asset group",
                "name": _text(item["asset_group_name"]),
                "description": _text(item.get("asset_group_description")),
                "asset_group_types": words(item.get("asset_group_types")),
            }
        )
        return
    key = str(item["asset_group_id"])
    group = plan.before.get(f"asset_group:{key}")
    if group is None:
        plan.refusals.append(f"asset group {shown_text(key)} is not one of this business's; see list_business_assets")
        return
    change: dict[str, Any] = {plan.change or "update": "asset group", "asset_group": named(plan, "asset_group", key)}
    if plan.change == "delete":
        change["holds"] = _assets(plan, group["assets"])
        plan.warnings.append(f"deletes asset group {named(plan, 'asset_group', key)}; who had it loses its assets")
        plan.changes.append(change)
        return
    for field, ours in (("name", "name"), ("description", "description")):
        if item.get(field) is not None:
            change[field] = f"{_text(group[ours])} → {_text(item[field])}"
    if item.get("asset_group_types") is not None:
        change["asset_group_types"] = f"{words(group['types'])} → {words(item['asset_group_types'])}"
    added, removed = list(item.get("assets_to_add") or []), set(item.get("assets_to_remove") or [])
    if added or removed:
        after = [a for a in dict.fromkeys([*group["assets"], *added]) if a not in removed]
        change["assets"] = f"{_assets(plan, group['assets'])} → {_assets(plan, after)}"
    new = [a for a in added if a not in group["assets"]]
    if new:
        plan.warnings.append(
            f"everyone with access to asset group {named(plan, 'asset_group', key)} gets {_assets(plan, new)}"
        )
    plan.changes.append(change)


def _describe_system_user(plan: Plan, item: dict[str, Any]) -> None:
    key = str(item["system_user_id"])
    user = plan.before.get(f"system_user:{key}")
    if user is None:
        plan.refusals.append(f"system user {shown_text(key)} is not one of this business's; see list_business_members")
        return
    change = {
        "update": "system user",
        "system_user": shown_text(key),
        "name": f"{_text(user['name'])} → {_text(item.get('name'))}",
    }
    plan.changes.append(change)


def _describe_new(plan: Plan, item: dict[str, Any], holder: str | None) -> None:
    """A new invite (to an email or a partner business) or a request for a partner's assets."""
    change: dict[str, Any] = {"create": plan.kind.replace("_", " ")}
    if "email" in item:
        change["to"] = quoted(str(item["email"]), 320)
    if holder:
        change[holder] = named(plan, holder, item[f"{holder}_id"])
    if item.get("invite_type"):
        change["invite_type"] = words([item["invite_type"]])
    if item.get("business_role"):
        change["business_role"] = ROLES.get(str(item["business_role"]), str(item["business_role"]))
        if item["business_role"] == "BIZ_ADMIN":
            plan.warnings.append(f"invites {change.get('to')} as a business admin: full control once accepted")
    if "asset_id_to_permissions" in item:
        change["assets"] = _grants(plan, item["asset_id_to_permissions"])
    plan.changes.append(change)


CHECKS = {
    "member_permission": "list_business_member_assets",
    "partner_permission": "list_business_partner_assets",
    "member": "list_business_members",
    "partner": "list_business_partners",
    "invite": "list_business_invites",
    "access_request": "list_business_invites with is_member false",
    "asset_group": "list_business_assets with asset_type ASSET_GROUP",
    "system_user": "list_business_members with fetch_system_users",
}
"""The read that shows whether a Business Access write took effect, by what it changes."""


def check(plan: Plan) -> str:
    """How to see a write's effect when its outcome is unknown, named as a tool call."""
    return f"call {CHECKS.get(plan.kind, 'list_business_members')}"


# Outcomes ----------------------------------------------------------------------------------------


def _unknown(why: str) -> dict[str, Any]:
    return {"ok": None, "unknown": why}


def results(plan: Plan, response: Any) -> list[dict[str, Any]]:
    """One outcome per entry of the answer: `items` of results or exceptions, `deleted_*` ids, request ids."""
    if response is None and plan.change == "update":  # a rename Pinterest answers without content
        return [{"id": str(item.get("system_user_id")), "ok": True} for item in plan.items]
    if not isinstance(response, dict):
        return [_unknown("Pinterest's answer is not an object, so it does not say what was done")]
    listed = response.get("items")
    if isinstance(listed, list):
        return [_entry(i, e) for i, e in enumerate(listed)] or [_unknown("Pinterest's answer lists no results")]
    deleted = next((v for k, v in response.items() if k.startswith("deleted_") and isinstance(v, list)), None)
    if deleted is not None:
        done = {str(d) for d in deleted}
        keys = [str(next(v for k, v in item.items() if k.endswith("_id"))) for item in plan.items]
        errors = {
            str(e.get("asset_group_id")): str(e.get("message"))
            for e in response.get("exceptions") or []
            if isinstance(e, dict)
        }
        return [
            {"id": k, "ok": True} if k in done else {"id": k, "ok": False, "error": errors.get(k, "not removed")}
            for k in keys
        ]
    group = response.get("asset_group")
    if isinstance(group, dict) and group.get("id"):
        return [{"id": str(group["id"]), "ok": True}]
    updated = response.get("updated_asset_groups")
    if isinstance(updated, list):
        changed: list[dict[str, Any]] = [{"id": str(g.get("id")), "ok": True} for g in updated if isinstance(g, dict)]
        failed = [
            {"id": str(e.get("asset_group_id")), "ok": False, "error": str(e.get("message"))}
            for e in response.get("exceptions") or []
            if isinstance(e, dict)
        ]
        return changed + failed or [_unknown("Pinterest's answer lists no asset group")]
    made = response.get("invites")
    if isinstance(made, dict):
        refused = [{"ok": False, "error": "; ".join(e.get("messages") or [])} for e in response.get("exceptions") or []]
        return [{"id": str(v), "partner_id": str(k), "ok": True} for k, v in made.items()] + refused
    return [_unknown("Pinterest's answer has none of the lists this write is answered with")]


def _entry(index: int, entry: Any) -> dict[str, Any]:
    if not isinstance(entry, dict):
        return {"item": index, **_unknown("Pinterest's answer holds no result for this entry")}
    problem = entry.get("exception")
    if isinstance(problem, dict):
        return {"item": index, "ok": False, "error": str(problem.get("message") or problem)}
    if not any(value is not None for key, value in entry.items() if key != "exception"):
        return {"item": index, **_unknown("Pinterest's answer for this entry holds neither a result nor an exception")}
    invite = entry.get("invite")
    found = invite.get("id") if isinstance(invite, dict) else None
    return {"item": index, **({"id": str(found)} if found else {}), "ok": True}


async def now(plan: Plan, read: Read, ids: list[str]) -> list[dict[str, Any]]:
    """The touched people and invites as they are after the write, read again and named as the plan names them;
    `ids` are the invites and requests the write made, found among the pending ones."""
    fresh = Plan(plan.target, plan.request, plan.items, {}, None)
    await _people(fresh, read)
    if not plan.related:  # applied from a plan read without names (the apply re-plans bare)
        await _names(plan, read)
    if ids and (plan.target.op.items == "asset_requests" or any("invite_type" in i for i in plan.items)):
        await _invites(fresh, read, _business(plan))
    if ids and any("asset_group_name" in i for i in plan.items):
        fresh.items = [{"asset_group_id": made} for made in ids]
        await _people(fresh, read)
        fresh.items = plan.items
    out: list[dict[str, Any]] = []
    for item in plan.items:
        holder = next((HOLDERS[f] for f in HOLDERS if f in item), None)
        if holder is not None and f"{holder}:{item[f'{holder}_id']}" in plan.before:
            out.append(_person_now(plan, fresh, item, holder))
        elif "asset_group_id" in item or "system_user_id" in item:
            kind = "asset_group" if "asset_group_id" in item else "system_user"
            found = fresh.before.get(f"{kind}:{item[f'{kind}_id']}")
            row: dict[str, Any] = {kind: named(plan, kind, item[f"{kind}_id"])}
            row |= {"removed": True} if found is None else {"name": _text(found["name"])}
            if found is not None and kind == "asset_group":
                row["assets"] = _assets(plan, found["assets"])
            out.append(row)
        elif "invite_id" in item:
            invite = fresh.before.get(f"invite:{item['invite_id']}")
            state = "no longer pending" if invite is None else f"offers {_grants(plan, invite['access'])}"
            out.append({"invite": named(plan, "invite", item["invite_id"]), "now": state})
    for made in ids:
        invite, group = fresh.before.get(f"invite:{made}"), fresh.before.get(f"asset_group:{made}")
        if group is not None:
            out.append({"asset_group": f"{made} {quoted(str(group['name']), 80)}", "assets": "none"})
        if invite is not None:
            out.append({"invite": f"{made} {quoted(str(invite['name']), 80)}", "now": str(invite["status"]).lower()})
    return out


def _person_now(plan: Plan, fresh: Plan, item: dict[str, Any], holder: str) -> dict[str, Any]:
    key = str(item[f"{holder}_id"])
    person = fresh.before.get(f"{holder}:{key}")
    row: dict[str, Any] = {holder: named(plan, holder, key)}
    if person is None:
        row["removed"] = True
    elif "asset_id" in item:
        row["asset"] = asset(plan, item["asset_id"])
        row["permissions"] = words(person["access"].get(str(item["asset_id"])))
    else:
        row["business_role"] = ", ".join(ROLES.get(r, r) for r in person["roles"])
    return row
