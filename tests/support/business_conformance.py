"""The write story through the Business Access routes: every write, each checked against the spec both ways.

Kept apart from ``test_emulator_writes`` like the asset story; ids come from the store by meaning
(``business_id``, the seeded employee and partner), and each write is checked by the read that
should see it.
"""

from __future__ import annotations

from typing import Any, TypedDict

from pinterest_mcp.emulator.http.state import Store
from pinterest_mcp.emulator.routes.business import (
    INVITES,
    business_id,
    employee_id,
    hierarchy_id,
    partner_id,
    system_user_id,
)
from support.asset_conformance import Calls

BIZ = "/businesses/{business_id}"


class BusinessParams(TypedDict):
    """The path parameter of a business's routes, typed so `**biz` cannot fill `valid_body` or `query`."""

    business_id: str


class HierarchyParams(TypedDict):
    """The path parameter of a business hierarchy's routes."""

    business_hierarchy_id: str


async def business_write_story(api: Calls, store: Store) -> None:
    """Grant, change and end access; invite, cancel, answer; groups, a system user, brand accounts."""
    biz: BusinessParams = {"business_id": business_id(store)}
    usd = next(a["id"] for a in store.ad_accounts.values() if a["currency"] == "USD")
    employee, agency = employee_id(store), partner_id(store)
    grant = {"accesses": [{"member_id": employee, "asset_id": usd, "permissions": ["CAMPAIGN_MANAGER", "ANALYST"]}]}
    answer = await api.call("PATCH", f"{BIZ}/members/assets/access", 200, grant, **biz)
    assert answer["items"][0]["response"]["permissions"] == ["CAMPAIGN_MANAGER", "ANALYST"]
    held = await api.call("GET", f"{BIZ}/members/{{member_id}}/assets", 200, member_id=employee, **biz)
    assert {a["asset_id"]: a["permissions"] for a in held["items"]}[usd] == ["CAMPAIGN_MANAGER", "ANALYST"]
    mine = {"accesses": [{"member_id": store.user["id"], "asset_id": usd, "permissions": ["ANALYST"]}]}
    await api.call("PATCH", f"{BIZ}/members/assets/access", 400, mine, **biz)
    gone = {"accesses": [{"member_id": employee, "asset_id": usd}]}
    await api.call("DELETE", f"{BIZ}/members/assets/access", 200, gone, **biz)
    await api.call("DELETE", f"{BIZ}/members/assets/access", 400, gone, **biz)  # nothing left to remove

    partner = {"accesses": [{"partner_id": agency, "asset_id": usd, "permissions": ["ANALYST"]}]}
    updated = await api.call("PATCH", f"{BIZ}/partners/assets", 200, partner, **biz)
    assert updated["items"][0]["asset_type"] == "AD_ACCOUNT"
    ended = await api.call(
        "DELETE", f"{BIZ}/partners/assets", 200, {"accesses": [{"partner_id": agency, "asset_id": usd}]}, **biz
    )
    assert ended["items"][0]["permissions"] == ["ANALYST"]
    stranger = {"accesses": [{"partner_id": "123", "asset_id": usd, "permissions": ["ANALYST"]}]}
    await api.call("PATCH", f"{BIZ}/partners/assets", 400, stranger, **biz)

    invite = {"business_role": "EMPLOYEE", "invite_type": "MEMBER_INVITE", "members": ["ana@example.com"]}
    made = await api.call("POST", f"{BIZ}/invites", 200, invite, **biz)
    invite_id = made["items"][0]["invite"]["id"]
    again = await api.call("POST", f"{BIZ}/invites", 200, invite, **biz)
    assert again["items"][0]["exception"]["message"]
    offer = {
        "invites": [
            {"invite_id": invite_id, "invite_type": "MEMBER_INVITE", "asset_id_to_permissions": {usd: ["ANALYST"]}}
        ]
    }
    await api.call("POST", f"{BIZ}/invites/assets/access", 200, offer, **biz)
    pending = await api.call("GET", f"{BIZ}/invites", 200, **biz)
    assert invite_id in {i["id"] for i in pending["items"]}
    await api.call("DELETE", f"{BIZ}/invites", 200, {"invite_ids": [invite_id]}, **biz)
    request = next(i for i in store.collection(INVITES).values() if i["received"])
    accept = {"invites": [{"invite_id": request["id"], "action": {"accept_invite": True}}]}
    await api.call("PATCH", "/businesses/invites", 200, accept)
    asks = {"asset_requests": [{"partner_id": agency, "asset_id_to_permissions": {"549755813999": ["ANALYST"]}}]}
    asked = await api.call("POST", f"{BIZ}/requests/assets/access", 200, asks, **biz)
    assert list(asked["invites"]) == [agency]

    await api.call("PATCH", f"{BIZ}/members", 200, [{"member_id": employee, "business_role": "BIZ_ADMIN"}], **biz)
    await api.call(
        "DELETE", f"{BIZ}/members", 200, {"members": [{"member_id": employee, "business_role": "BIZ_ADMIN"}]}, **biz
    )
    await api.call("DELETE", f"{BIZ}/partners", 200, {"partner_ids": [agency], "partner_type": "INTERNAL"}, **biz)
    await api.call("DELETE", f"{BIZ}/partners", 400, {"partner_ids": [agency]}, **biz)

    group: dict[str, Any] = {
        "asset_group_name": "EU",
        "asset_group_description": "Stores",
        "asset_group_types": ["BRAND"],
    }
    created = await api.call("POST", f"{BIZ}/asset_groups", 200, group, **biz)
    group_id = created["asset_group"]["id"]
    change = {"asset_groups_to_update": [{"asset_group_id": group_id, "assets_to_add": [usd], "name": "EU stores"}]}
    await api.call("PATCH", f"{BIZ}/asset_groups", 200, change, **biz)
    listed = await api.call("GET", f"{BIZ}/assets", 200, query={"asset_group_id": group_id}, **biz)
    assert [a["asset_id"] for a in listed["items"]] == [usd]
    deleted = await api.call("DELETE", f"{BIZ}/asset_groups", 200, {"asset_groups_to_delete": [group_id, "1"]}, **biz)
    assert deleted["deleted_asset_groups"] == [group_id] and deleted["exceptions"]

    system = f"{BIZ}/system_users/{{system_user_id}}"
    await api.call("PATCH", system, 200, {"name": "Billing API"}, system_user_id=system_user_id(store), **biz)
    hierarchy: HierarchyParams = {"business_hierarchy_id": hierarchy_id(store)}
    brands = "/business_access/business_hierarchy/{business_hierarchy_id}/brand_accounts"
    brand = {"name": "Canada Stores", "username": "canada_stores", "country": "CA"}
    brand_id = (await api.call("POST", brands, 200, brand, **hierarchy))["brand_account_id"]
    await api.call("POST", brands, 400, brand, **hierarchy)
    await api.call(
        "PATCH",
        brands + "/{brand_account_id}",
        200,
        {"about": "Stores in Canada"},
        brand_account_id=brand_id,
        **hierarchy,
    )
