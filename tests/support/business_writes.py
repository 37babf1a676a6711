"""Cases of the Business Access writes for test_writes' shared plan → confirm → apply suite, and their
minimal and rich examples for the body guards; ids found the way a model finds them: by listing."""

from __future__ import annotations

import json
from typing import Any

from mcp import Client

from support.tools import text_of

BUSINESS_ID_KEYS: tuple[str, ...] = ("business", "employee", "partner", "sent_invite", "received_invite", "asset")
BUSINESS_ID_KEYS += ("employee_asset", "asset_group", "system_user")
Json = dict[str, Any]


async def _data(client: Client, tool: str, arguments: dict[str, Any]) -> Any:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, text_of(result)
    return json.loads(text_of(result))


async def discover_business(client: Client, account: str) -> dict[str, str]:
    """The business, its employee (not an admin) and the asset it holds, its partner, a sent and a received invite."""
    business = (await _data(client, "list_business_employers", {}))["items"][0]["id"]
    scope = {"business_id": business}
    members = (await _data(client, "list_business_members", scope))["items"]
    employee = next(m["id"] for m in members if m["business_roles"] == ["EMPLOYEE"])
    held = await _data(client, "list_business_member_assets", {**scope, "member_id": employee})
    partner = (await _data(client, "list_business_partners", scope))["items"][0]["id"]
    sent = (await _data(client, "list_business_invites", scope))["items"][0]["id"]
    invites = (await _data(client, "list_business_invites", {**scope, "is_member": False}))["items"]
    received = next(i["id"] for i in invites if i["is_received_invite"])
    groups = await _data(client, "list_business_assets", {**scope, "asset_type": "ASSET_GROUP"})
    everyone = await _data(client, "list_business_members", {**scope, "fetch_system_users": True})
    system_user = next(m["id"] for m in everyone["items"] if m["id"] not in {p["id"] for p in members})
    return {
        "asset_group": groups["items"][0]["asset_id"],
        "system_user": system_user,
        "business": business,
        "employee": employee,
        "employee_asset": held["items"][0]["asset_id"],
        "partner": partner,
        "sent_invite": sent,
        "received_invite": received,
        "asset": account,
    }


def business_cases(ids: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Valid arguments for every Business Access write, on seed data."""
    scope = {"business_id": ids["business"]}
    employee, partner, usd = ids["employee"], ids["partner"], ids["asset"]
    return {
        "update_business_member_access": {
            **scope,
            "accesses": [{"member_id": employee, "asset_id": usd, "permissions": ["CAMPAIGN_MANAGER", "ANALYST"]}],
        },
        "remove_business_member_access": {
            **scope,
            "accesses": [{"member_id": employee, "asset_id": ids["employee_asset"]}],
        },
        "update_business_partner_access": {
            **scope,
            "accesses": [{"partner_id": partner, "asset_id": usd, "permissions": ["ANALYST"]}],
        },
        "remove_business_partner_access": {**scope, "accesses": [{"partner_id": partner, "asset_id": usd}]},
        "update_business_members": {**scope, "members": [{"member_id": employee, "business_role": "BIZ_ADMIN"}]},
        "remove_business_members": {**scope, "members": [{"member_id": employee, "business_role": "EMPLOYEE"}]},
        "remove_business_partners": {**scope, "partner_ids": [partner]},
        "create_business_invites": {
            **scope,
            "invite_type": "MEMBER_INVITE",
            "business_role": "EMPLOYEE",
            "members": ["sam@example.com"],
        },
        "add_business_invite_assets": {
            **scope,
            "invites": [
                {
                    "invite_id": ids["sent_invite"],
                    "invite_type": "MEMBER_INVITE",
                    "asset_id_to_permissions": {usd: ["ANALYST"]},
                }
            ],
        },
        "cancel_business_invites": {**scope, "invite_ids": [ids["sent_invite"]]},
        "respond_business_invites": {
            "invites": [{"invite_id": ids["received_invite"], "action": {"accept_invite": True}}],
        },
        "create_business_asset_group": {
            **scope,
            "asset_group_name": "EU stores",
            "asset_group_description": "Ad accounts of the EU shops",
            "asset_group_types": ["LOCATION_OR_LANGUAGE"],
        },
        "update_business_asset_groups": {
            **scope,
            "asset_groups_to_update": [
                {"asset_group_id": ids["asset_group"], "name": "Flagship US", "assets_to_add": [usd]}
            ],
        },
        "delete_business_asset_groups": {**scope, "asset_groups_to_delete": [ids["asset_group"]]},
        "rename_business_system_user": {**scope, "system_user_id": ids["system_user"], "name": "Billing API"},
        "request_partner_assets": {
            **scope,
            "asset_requests": [{"partner_id": partner, "asset_id_to_permissions": {"549755813999": ["ANALYST"]}}],
        },
    }


BUSINESS, MEMBER, PARTNER, INVITE, ACCOUNT = "5497558138", "5497558140", "5497558141", "1780000000", "549755885175"
_MINIMAL = business_cases(dict.fromkeys(BUSINESS_ID_KEYS, "1") | {"business": BUSINESS, "asset": ACCOUNT})
BUSINESS_EXAMPLES: dict[str, dict[str, Json]] = {
    name: {"minimal": _MINIMAL[name], "rich": case}
    for name, case in business_cases(
        {"business": BUSINESS, "employee": MEMBER, "employee_asset": ACCOUNT, "partner": PARTNER,
         "sent_invite": INVITE, "received_invite": INVITE, "asset": ACCOUNT, "asset_group": "1780000002",
         "system_user": "5497558145"}
    ).items()
}  # fmt: skip
BUSINESS_EXAMPLES["create_business_invites"]["rich"] = {
    "business_id": BUSINESS,
    "invite_type": "PARTNER_INVITE",
    "business_role": "PARTNER",
    "partners": [PARTNER, "5497558142"],
}
BUSINESS_EXAMPLES["remove_business_partners"]["rich"] = {
    "business_id": BUSINESS,
    "partner_ids": [PARTNER],
    "partner_type": "EXTERNAL",
}
BUSINESS_EXAMPLES["respond_business_invites"]["rich"] = {
    "invites": [
        {"invite_id": INVITE, "action": {"accept_invite": True, "asset_id_to_permissions": {ACCOUNT: ["ANALYST"]}}},
        {"invite_id": "1780000001", "action": {"accept_invite": False}},
    ]
}
BUSINESS_EXAMPLES["update_business_asset_groups"]["minimal"] = {
    "business_id": BUSINESS,
    "asset_groups_to_update": [{"asset_group_id": "1"}],
}
BUSINESS_EXAMPLES["update_business_asset_groups"]["rich"] = {
    "business_id": BUSINESS,
    "asset_groups_to_update": [
        {"asset_group_id": "1780000002", "name": "US", "description": "Shops", "asset_group_types": ["BRAND", "OTHER"],
         "assets_to_add": [ACCOUNT, "5497558138"], "assets_to_remove": ["549755885176"]},
    ],
}  # fmt: skip
BUSINESS_EXAMPLES["remove_business_partner_access"]["rich"] = {
    "business_id": BUSINESS,
    "accesses": [{"partner_id": PARTNER, "asset_id": ACCOUNT, "partner_type": "INTERNAL"}],
}
