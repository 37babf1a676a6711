"""Audiences: the people ad groups target (customer lists, site visitors, engagers, actalikes).

Pinterest edits and removes an audience with one operation (`audiences/update`, `operation_type`
UPDATE or REMOVE). Removing is its own tool, an intent of that operation (`remove_audience`):
marked destructive, planned as what disappears, confirmed like any write, never undone. The
update tool's schema does not show `operation_type`, so an edit is never a removal by accident.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from pinterest_mcp.operations.write_shapes import AudienceRule
from pinterest_mcp.registry.inputs import (
    AdAccountId,
    Id,
    NotNull,
    Order,
    Page,
    Projection,
    WriteInput,
)
from pinterest_mcp.registry.records import Current, Operation, View, intent_of

AUDIENCE = View(
    kind="audience",
    default_fields=("id", "name", "audience_type", "status", "size", "description", "rule"),
)

AudienceType = Literal["CUSTOMER_LIST", "VISITOR", "ENGAGEMENT", "ACTALIKE", "PERSONA"]
Rule = AudienceRule
"""Checked key by key against the spec's `AudienceRule` (`write_shapes`); the schema shows an example."""


class ListAudiences(Page):
    ad_account_id: AdAccountId
    order: Order = None
    ownership_type: Literal["OWNED", "RECEIVED"] | None = Field(default=None, description="Default OWNED")


class GetAudience(Projection):
    ad_account_id: AdAccountId
    audience_id: Id


class CreateAudience(WriteInput):
    ad_account_id: AdAccountId
    name: str = Field(min_length=1)
    audience_type: AudienceType
    rule: Rule
    description: Annotated[str | None, NotNull] = None


class UpdateAudience(WriteInput):
    ad_account_id: AdAccountId
    audience_id: Id
    name: Annotated[str | None, NotNull] = Field(default=None, min_length=1)
    description: Annotated[str | None, NotNull] = None
    rule: Annotated[Rule | None, NotNull] = None
    operation_type: Annotated[SkipJsonSchema[Literal["UPDATE", "REMOVE"] | None], NotNull] = None
    """Not shown: REMOVE is `remove_audience`'s, which says it is destructive."""


class RemoveAudience(WriteInput):
    ad_account_id: AdAccountId
    audience_id: Id


def _build_remove(args: RemoveAudience, currency: str | None) -> dict[str, Any]:
    return {"ad_account_id": args.ad_account_id, "audience_id": args.audience_id, "operation_type": "REMOVE"}


SHARED_WITH = {"account_type": Field(default="AD_ACCOUNT")}
"""Pinterest requires `account_type`; ad accounts are what most callers mean."""

_op = partial(Operation, toolset="audiences", view=AUDIENCE)

UPDATE_AUDIENCE = _op(
    name="update_audience",
    description="Rename an audience or change its rule.",
    operation_id="audiences/update",
    input=UpdateAudience,
    change="update",
    current=Current(read="get_audience", args=(("ad_account_id", "ad_account_id"), ("audience_id", "audience_id"))),
)
REMOVE_AUDIENCE = replace(
    intent_of(
        "remove_audience",
        base=UPDATE_AUDIENCE,
        input=RemoveAudience,
        build=_build_remove,
        title="Remove audience",
        description="Remove an audience for good; ad groups stop targeting it.",
    ),
    change="delete",  # to its callers and the catalog; it is planned and applied as the update it drives
    destructive=True,
    reversible=False,
)

OPERATIONS = (
    _op(
        name="list_audiences",
        description="Audiences of an ad account with type, status and size.",
        operation_id="audiences/list",
        input=ListAudiences,
        lists=True,
    ),
    _op(
        name="get_audience",
        description="One audience by id.",
        operation_id="audiences/get",
        input=GetAudience,
    ),
    _op(
        name="list_audience_shared_accounts",
        description="Ad accounts (or businesses) an audience is shared with.",
        operation_id="ad_accounts_audiences_shared_accounts/list",
        hints=SHARED_WITH,
        lists=True,
        view=None,
    ),
    _op(
        name="create_audience",
        description="Create an audience from a rule (customer list, visitors, engagement, actalike). A visitor "
        "rule's visitor_source_id is a Pinterest tag id: list_conversion_tags.",
        operation_id="audiences/create",
        input=CreateAudience,
        change="create",
    ),
    UPDATE_AUDIENCE,
    REMOVE_AUDIENCE,
)
