"""Business Access: the business a brand or agency runs its ad accounts and profiles through.

Read only: who works for the business, which assets (ad accounts, profiles) it holds and who may
use them, and the audiences it shares between its ad accounts. Memberships, partners and invites
are changed in Business Access.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from pinterest_mcp.operations.audiences import AUDIENCE
from pinterest_mcp.registry.inputs import Id, Order, Page
from pinterest_mcp.registry.records import Operation

BusinessId = Annotated[str, StringConstraints(pattern=r"^[0-9]+$", max_length=20)]
"""A business, member or asset id: digits, up to 20 (longer than an ad account's 18)."""
StartIndex = Annotated[int | None, Field(default=None, ge=0)]
PartnerType = Literal["INTERNAL", "EXTERNAL"]
AssetType = Literal["AD_ACCOUNT", "PROFILE", "ASSET_GROUP", "CATALOG", "CONSUMER"]
Permission = Literal[
    "ADMIN", "ANALYST", "FINANCE_MANAGER", "FINANCE_EDIT", "FINANCE_VIEW", "AUDIENCE_MANAGER", "CAMPAIGN_MANAGER",
    "CATALOGS_MANAGER", "CATALOGS_VIEWER", "PROFILE_PUBLISHER", "OWNER",
]  # fmt: skip
_ASSET_TYPE = Field(default=None, description="Default AD_ACCOUNT")


class OfBusiness(Page):
    business_id: BusinessId = Field(description="From list_business_employers")


class ListMembers(OfBusiness):
    business_roles: list[Literal["EMPLOYEE", "BIZ_ADMIN"]] | None = None
    member_ids: str | None = Field(default=None, max_length=500, description="Comma-separated user ids")
    assets_summary: bool | None = Field(default=None, description="Add each member's ad accounts and profiles")
    fetch_system_users: bool | None = None
    start_index: StartIndex = None


class ListAssets(OfBusiness):
    asset_type: AssetType | None = _ASSET_TYPE
    permissions: list[Permission] | None = None
    child_asset_id: BusinessId | None = None
    asset_group_id: BusinessId | None = None
    start_index: StartIndex = None


class ListMemberAssets(OfBusiness):
    member_id: BusinessId
    asset_type: AssetType | None = _ASSET_TYPE
    start_index: StartIndex = None


class ListAssetMembers(OfBusiness):
    asset_id: BusinessId
    fetch_system_users: bool | None = None
    start_index: StartIndex = None


class ListPartners(OfBusiness):
    partner_type: PartnerType | None = Field(default=None, description="INTERNAL: use your assets; EXTERNAL: theirs")
    partner_ids: str | None = Field(default=None, max_length=500, description="Comma-separated business ids")
    assets_summary: bool | None = Field(default=None, description="Add each partner's ad accounts and profiles")
    start_index: StartIndex = None


class ListAssetPartners(OfBusiness):
    asset_id: BusinessId
    start_index: StartIndex = None


class ListPartnerAssets(OfBusiness):
    partner_id: BusinessId
    asset_type: AssetType | None = _ASSET_TYPE
    partner_type: PartnerType | None = Field(default=None, description="Default INTERNAL")
    start_index: StartIndex = None


class ListInvites(OfBusiness):
    invite_status: list[Literal["PENDING", "EXPIRED"]] | None = Field(default=None, min_length=1, max_length=2)
    invite_type: Literal["MEMBER_INVITE", "PARTNER_INVITE", "PARTNER_REQUEST"] | None = None
    is_member: bool | None = Field(default=None, description="Default true: invites to members; false: partners")


class ListSharedAudiences(OfBusiness):
    order: Order = None


class ListAudienceSharedAccounts(OfBusiness):
    audience_id: Id
    account_type: Literal["AD_ACCOUNT", "BUSINESS_ACCOUNT"] = "AD_ACCOUNT"


_read = partial(Operation, toolset="business", lists=True)

OPERATIONS = (
    _read(
        name="list_business_employers",
        description="Businesses you work for in Business Access, with your roles; their ids are business_id.",
        operation_id="get/business_employers",
        input=Page,
    ),
    _read(
        name="list_business_members",
        description="People who work for a business and their roles.",
        operation_id="get/business_members",
        input=ListMembers,
    ),
    _read(
        name="list_business_assets",
        description="Ad accounts, profiles and other assets a business holds.",
        operation_id="business_assets/get",
        input=ListAssets,
    ),
    _read(
        name="list_business_member_assets",
        description="Assets one member of a business may use, with their permissions.",
        operation_id="business_member_assets/get",
        input=ListMemberAssets,
    ),
    _read(
        name="list_business_asset_members",
        description="Members who may use one asset of a business, with their permissions.",
        operation_id="business_asset_members/get",
        input=ListAssetMembers,
    ),
    _read(
        name="list_business_partners",
        description="Partner businesses (agencies) with access to a business's assets, or sharing theirs.",
        operation_id="get/business_partners",
        input=ListPartners,
    ),
    _read(
        name="list_business_asset_partners",
        description="Partner businesses that may use one asset, with their permissions.",
        operation_id="business_asset_partners/get",
        input=ListAssetPartners,
    ),
    _read(
        name="list_business_partner_assets",
        description="Assets one partner business may use, with its permissions.",
        operation_id="business_partner_asset_access/get",
        input=ListPartnerAssets,
    ),
    _read(
        name="list_business_invites",
        description="Invites a business has sent or received: members, partners, status, expiry.",
        operation_id="get/invites",
        input=ListInvites,
    ),
    _read(
        name="list_business_shared_audiences",
        description="Audiences a business shares between its ad accounts.",
        operation_id="shared_audiences_for_business/list",
        input=ListSharedAudiences,
        view=AUDIENCE,
    ),
    _read(
        name="list_business_audience_shared_accounts",
        description="Ad accounts (or businesses) a business's audience is shared with.",
        operation_id="business_account_audiences_shared_accounts/list",
        input=ListAudienceSharedAccounts,
    ),
)
