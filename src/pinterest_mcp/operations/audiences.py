"""Audiences: the people ad groups target (customer lists, site visitors, engagers, actalikes)."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, Literal

from pydantic import Field

from pinterest_mcp.inputs import (
    AdAccountId,
    Id,
    NotNull,
    Order,
    Page,
    Projection,
    Shallow,
    WriteInput,
)
from pinterest_mcp.registry import Current, Operation, View

AUDIENCE = View(
    kind="audience",
    default_fields=("id", "name", "audience_type", "status", "size", "description", "rule"),
)

AudienceType = Literal["CUSTOMER_LIST", "VISITOR", "ENGAGEMENT", "ACTALIKE", "PERSONA"]
Rule = Annotated[dict[str, Any], Shallow]
RULE_HINT = 'Pinterest audience rule, e.g. {"customer_list_id":"123"} or {"visitor_source_id":"45","retention_days":30}'


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
    rule: Rule = Field(description=RULE_HINT)
    description: Annotated[str | None, NotNull] = None


class UpdateAudience(WriteInput):
    ad_account_id: AdAccountId
    audience_id: Id
    name: Annotated[str | None, NotNull] = Field(default=None, min_length=1)
    description: Annotated[str | None, NotNull] = None
    rule: Annotated[Rule | None, NotNull] = Field(default=None, description=RULE_HINT)


_op = partial(Operation, toolset="audiences", view=AUDIENCE)

OPERATIONS = (
    _op(
        name="list_audiences",
        title="List audiences",
        description="Audiences of an ad account with type, status and size.",
        operation_id="audiences/list",
        input=ListAudiences,
        lists=True,
    ),
    _op(
        name="get_audience",
        title="Get audience",
        description="One audience by id.",
        operation_id="audiences/get",
        input=GetAudience,
    ),
    _op(
        name="create_audience",
        title="Create audience",
        description="Create an audience from a rule (customer list, visitors, engagement, actalike).",
        operation_id="audiences/create",
        input=CreateAudience,
        change="create",
    ),
    _op(
        name="update_audience",
        title="Update audience",
        description="Rename an audience or change its rule.",
        operation_id="audiences/update",
        input=UpdateAudience,
        change="update",
        current=Current(read="get_audience", args=(("ad_account_id", "ad_account_id"), ("audience_id", "audience_id"))),
    ),
)
