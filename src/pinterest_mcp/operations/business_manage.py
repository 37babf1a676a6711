"""Business Access writes: who may reach a business's ad accounts, profiles and money, and on what terms.

Members' and partners' asset access are one shape over two holders (`_access_tools`): a grant sets
the holder's permissions on an asset, a removal ends them. Removing anything (access, members,
partners, invites, asset groups) is destructive. Every plan names each member, partner, invite and
asset beside its id, says the permissions before → after in words, and quotes emails and names
(`writes/access_plan.py`, selected by `business_access`). Permissions are checked against the
spec's enum but not listed in the schema (eleven values on four tools would cost every tools/list).
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from pinterest_mcp.registry.inputs import Id, NotNull, OperationInput, Vocabulary, WriteInput
from pinterest_mcp.registry.records import Operation, View
from pinterest_mcp.spec.facts import vocabulary

MAX_ITEMS = 50
"""The most entries Pinterest takes in one Business Access write (its `maxItems`, 100 for two we keep at 50)."""


def _permission(value: str) -> str:
    return Vocabulary("permission", frozenset(vocabulary("business_permissions"))).check(value)


Permissions = Annotated[
    list[Annotated[str, AfterValidator(_permission)]],
    Field(min_length=1, max_length=MAX_ITEMS, description="e.g. ANALYST, CAMPAIGN_MANAGER, ADMIN"),
]


def _asset_ids(value: dict[str, list[str]]) -> dict[str, list[str]]:
    for key in value:
        if not key.isascii() or not key.isdigit() or len(key) > 25:
            raise ValueError(f"asset id {key!r} must be digits (an ad account or profile id)")
    return value


AssetPermissions = Annotated[
    dict[str, Permissions], AfterValidator(_asset_ids), Field(min_length=1, description="Asset id -> permissions")
]
"""Keys checked as ids by a validator: a key pattern in the schema would cost three tools' listing."""
Role = Literal["EMPLOYEE", "BIZ_ADMIN"]
PartnerType = Literal["INTERNAL", "EXTERNAL"]
InviteType = Literal["MEMBER_INVITE", "PARTNER_INVITE", "PARTNER_REQUEST"]


LISTED = Field(min_length=1, max_length=MAX_ITEMS)
BusinessId = Annotated[str, StringConstraints(pattern=r"^[0-9]+$", max_length=20)]
InviteId = Annotated[str, StringConstraints(pattern=r"^[0-9]+$", min_length=1, max_length=25)]


class _Business(WriteInput):
    business_id: BusinessId


# Members' and partners' access: one shape, two holders.


class _Access(OperationInput):
    asset_id: Id


class MemberAccess(_Access):
    member_id: Id


class MemberGrant(MemberAccess):
    permissions: Permissions


class PartnerAccess(_Access):
    partner_id: Id
    partner_type: Annotated[PartnerType | None, NotNull] = None


class PartnerGrant(_Access):
    partner_id: Id
    permissions: Permissions


class UpdateMemberAccess(_Business):
    accesses: Annotated[list[MemberGrant], LISTED]


class RemoveMemberAccess(_Business):
    accesses: Annotated[list[MemberAccess], LISTED]


class UpdatePartnerAccess(_Business):
    accesses: Annotated[list[PartnerGrant], LISTED]


class RemovePartnerAccess(_Business):
    accesses: Annotated[list[PartnerAccess], LISTED]


def _kind(kind: str) -> View:
    """How a plan counts what it changes ("update 2 member permissions"); answers are the plan's own rows."""
    return View(kind=kind, default_fields=())


_INVITE = _kind("invite")
_write = partial(Operation, toolset="business_manage", business_access=True, items="accesses", reversible=False)


def _access_tools(
    holder: str, operations: tuple[str, str], models: tuple[type[_Business], type[_Business]]
) -> tuple[Operation, Operation]:
    """Set and end one kind of holder's permissions on the business's assets: one shape for members and partners."""
    update, remove = operations
    return (
        _write(
            name=f"update_business_{holder}_access",
            description=f"Set {holder}s' permissions on the business's assets (replaces theirs).",
            operation_id=update,
            input=models[0],
            view=_kind(f"{holder}_permission"),
            change="update",
        ),
        _write(
            name=f"remove_business_{holder}_access",
            description=f"End {holder}s' access to the business's assets.",
            operation_id=remove,
            input=models[1],
            view=_kind(f"{holder}_permission"),
            change="delete",
            destructive=True,
        ),
    )


# People and invites.


class MemberRole(OperationInput):
    member_id: Id
    business_role: Role


class UpdateMembers(_Business):
    members: Annotated[list[MemberRole], LISTED]


class RemoveMembers(_Business):
    members: Annotated[list[MemberRole], LISTED]


class RemovePartners(_Business):
    partner_ids: Annotated[list[Id], LISTED]
    partner_type: Annotated[PartnerType | None, NotNull] = None


class CreateInvites(_Business):
    invite_type: InviteType
    business_role: Literal["EMPLOYEE", "BIZ_ADMIN", "PARTNER"] = Field(description="PARTNER for partner invites")
    members: Annotated[list[Annotated[str, Field(min_length=3, max_length=320)]] | None, NotNull] = Field(
        default=None, min_length=1, max_length=MAX_ITEMS, description="Emails (member invites)"
    )
    partners: Annotated[list[Id] | None, NotNull] = Field(
        default=None, min_length=1, max_length=MAX_ITEMS, description="Business ids"
    )

    @model_validator(mode="after")
    def _invitees(self) -> CreateInvites:
        """A member invite names emails and a member role; a partner invite or request, businesses and PARTNER."""
        member = self.invite_type == "MEMBER_INVITE"
        if member and (not self.members or self.partners or self.business_role == "PARTNER"):
            raise ValueError("a MEMBER_INVITE takes members (emails) and business_role EMPLOYEE or BIZ_ADMIN")
        if not member and (not self.partners or self.members or self.business_role != "PARTNER"):
            raise ValueError(f"a {self.invite_type} takes partners (business ids) and business_role PARTNER")
        return self


class InviteAssets(OperationInput):
    invite_id: Id
    invite_type: InviteType
    asset_id_to_permissions: AssetPermissions


class CreateAssetInvites(_Business):
    invites: Annotated[list[InviteAssets], LISTED]


class CancelInvites(_Business):
    invite_ids: Annotated[list[Id], LISTED]


class Answer(OperationInput):
    accept_invite: bool
    asset_id_to_permissions: Annotated[AssetPermissions | None, NotNull] = None


class InviteAnswer(OperationInput):
    invite_id: InviteId
    action: Answer


class RespondInvites(WriteInput):
    invites: Annotated[list[InviteAnswer], LISTED]


class AssetRequest(OperationInput):
    partner_id: Id
    asset_id_to_permissions: AssetPermissions


class RequestPartnerAssets(_Business):
    asset_requests: Annotated[list[AssetRequest], LISTED]


# Asset groups and system users.

GroupType = Literal["BRAND", "LOCATION_OR_LANGUAGE", "PRODUCT_LINE", "OTHER"]
GroupTypes = Annotated[list[GroupType], Field(min_length=1, max_length=4)]


class CreateAssetGroup(_Business):
    asset_group_name: str = Field(min_length=1, max_length=200)
    asset_group_description: str = Field(max_length=1000)
    asset_group_types: GroupTypes


class GroupChange(OperationInput):
    asset_group_id: Id
    name: Annotated[str | None, NotNull] = Field(default=None, min_length=1, max_length=200)
    description: Annotated[str | None, NotNull] = Field(default=None, max_length=1000)
    asset_group_types: Annotated[GroupTypes | None, NotNull] = None
    assets_to_add: Annotated[list[Id] | None, NotNull] = Field(default=None, description="Ad account or profile ids")
    assets_to_remove: Annotated[list[Id] | None, NotNull] = None


class UpdateAssetGroups(_Business):
    asset_groups_to_update: Annotated[list[GroupChange], LISTED]


class DeleteAssetGroups(_Business):
    asset_groups_to_delete: Annotated[list[Id], LISTED]


class UpdateSystemUser(_Business):
    system_user_id: BusinessId
    name: str = Field(min_length=1, max_length=200)


_GROUP = _kind("asset_group")

OPERATIONS = (
    *_access_tools(
        "member",
        ("business_members_asset_access/update", "business_members_asset_access/delete"),
        (UpdateMemberAccess, RemoveMemberAccess),
    ),
    *_access_tools(
        "partner",
        ("update_partner_asset_access_handler_impl", "delete_partner_asset_access_handler_impl"),
        (UpdatePartnerAccess, RemovePartnerAccess),
    ),
    _write(
        name="update_business_members",
        description="Change members' business roles (EMPLOYEE, BIZ_ADMIN).",
        operation_id="update/business_memberships",
        input=UpdateMembers,
        view=_kind("member"),
        body="members",
        items=None,
        change="update",
    ),
    _write(
        name="remove_business_members",
        description="End memberships: the people lose every asset of the business.",
        operation_id="delete_business_membership",
        input=RemoveMembers,
        view=_kind("member"),
        items="members",
        change="delete",
        destructive=True,
    ),
    _write(
        name="remove_business_partners",
        description="End partnerships: the partners lose every asset shared with them.",
        operation_id="delete_business_partners",
        input=RemovePartners,
        view=_kind("partner"),
        items="partner_ids",
        change="delete",
        destructive=True,
    ),
    _write(
        name="create_business_invites",
        description="Invite members by email, or partner businesses by id (invite, or request their assets).",
        operation_id="create_membership_or_partnership_invites",
        input=CreateInvites,
        view=_INVITE,
        items=None,
        change="create",
    ),
    _write(
        name="add_business_invite_assets",
        description="Offer assets with permissions on pending invites.",
        operation_id="create_asset_invites",
        input=CreateAssetInvites,
        view=_INVITE,
        items="invites",
        change="update",
    ),
    _write(
        name="cancel_business_invites",
        description="Cancel pending invites or requests the business sent.",
        operation_id="cancel_invites_or_requests",
        input=CancelInvites,
        view=_INVITE,
        items="invite_ids",
        change="delete",
    ),
    _write(
        name="respond_business_invites",
        description="Accept or decline invites or access requests your business received.",
        operation_id="respond_business_access_invites",
        input=RespondInvites,
        view=_INVITE,
        items="invites",
        change="update",
    ),
    _write(
        name="request_partner_assets",
        description="Ask partner businesses for access to their assets.",
        operation_id="asset_access_requests/create",
        input=RequestPartnerAssets,
        view=_kind("access_request"),
        items="asset_requests",
        change="create",
    ),
    _write(
        name="create_business_asset_group",
        description="Group a business's ad accounts and profiles to share them together (starts empty).",
        operation_id="asset_group/create",
        input=CreateAssetGroup,
        view=_GROUP,
        items=None,
        change="create",
    ),
    _write(
        name="update_business_asset_groups",
        description="Rename asset groups, add or remove their assets; whoever has a group gets its assets.",
        operation_id="asset_group/update",
        input=UpdateAssetGroups,
        view=_GROUP,
        items="asset_groups_to_update",
        change="update",
    ),
    _write(
        name="delete_business_asset_groups",
        description="Delete asset groups (their assets stay the business's).",
        operation_id="asset_group/delete",
        input=DeleteAssetGroups,
        view=_GROUP,
        items="asset_groups_to_delete",
        change="delete",
    ),
    _write(
        name="rename_business_system_user",
        description="Rename a system user (list_business_members with fetch_system_users).",
        operation_id="system_user/update",
        input=UpdateSystemUser,
        view=_kind("system_user"),
        items=None,
        change="update",
    ),
)
