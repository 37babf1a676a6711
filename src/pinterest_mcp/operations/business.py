"""Business Access: the business a brand or agency runs its ad accounts and profiles through.

Reads: who works for the business, which assets (ad accounts, profiles) it holds and who may use
them, and the audiences it shares between its ad accounts. Memberships, partners, invites and asset
access are changed by the `business_manage` tools (`business_manage.py`).
"""

from __future__ import annotations

from functools import partial

from pinterest_mcp.operations.audiences import AUDIENCE, SHARED_WITH
from pinterest_mcp.registry.records import Operation

_BUSINESS = {"business_id": "From list_business_employers"}
_ASSETS_SUMMARY = "Add each {}'s ad accounts and profiles"

_read = partial(Operation, toolset="business", lists=True, hints=_BUSINESS)

OPERATIONS = (
    _read(
        name="list_business_employers",
        description="Businesses you work for in Business Access, with your roles; their ids are business_id.",
        operation_id="get/business_employers",
        hints={},
    ),
    _read(
        name="list_business_members",
        description="People who work for a business and their roles.",
        operation_id="get/business_members",
        hints={
            **_BUSINESS,
            "member_ids": "Comma-separated user ids",
            "assets_summary": _ASSETS_SUMMARY.format("member"),
        },
    ),
    _read(
        name="list_business_assets",
        description="Ad accounts, profiles and other assets a business holds.",
        operation_id="business_assets/get",
    ),
    _read(
        name="list_business_member_assets",
        description="Assets one member of a business may use, with their permissions.",
        operation_id="business_member_assets/get",
    ),
    _read(
        name="list_business_asset_members",
        description="Members who may use one asset of a business, with their permissions.",
        operation_id="business_asset_members/get",
    ),
    _read(
        name="list_business_partners",
        description="Partner businesses (agencies) with access to a business's assets, or sharing theirs.",
        operation_id="get/business_partners",
        hints={
            **_BUSINESS,
            "partner_type": "INTERNAL: use your assets; EXTERNAL: theirs",
            "partner_ids": "Comma-separated business ids",
            "assets_summary": _ASSETS_SUMMARY.format("partner"),
        },
    ),
    _read(
        name="list_business_asset_partners",
        description="Partner businesses that may use one asset, with their permissions.",
        operation_id="business_asset_partners/get",
    ),
    _read(
        name="list_business_partner_assets",
        description="Assets one partner business may use, with its permissions.",
        operation_id="business_partner_asset_access/get",
    ),
    _read(
        name="list_business_invites",
        description="Invites a business has sent or received: members, partners, status, expiry.",
        operation_id="get/invites",
        hints={**_BUSINESS, "is_member": "False: invites to partners"},
    ),
    _read(
        name="list_business_shared_audiences",
        description="Audiences a business shares between its ad accounts.",
        operation_id="shared_audiences_for_business/list",
        hints={**_BUSINESS, "order": "Sort by id"},
        view=AUDIENCE,
    ),
    _read(
        name="list_business_audience_shared_accounts",
        description="Ad accounts (or businesses) a business's audience is shared with.",
        operation_id="business_account_audiences_shared_accounts/list",
        hints={**_BUSINESS, **SHARED_WITH},
    ),
)
