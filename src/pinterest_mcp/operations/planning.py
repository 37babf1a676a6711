"""Planning an ad group before it spends, and the ad account around it.

Audience sizing and bid floors are POSTs that only read (`ads:read`): they answer "how many people
would this targeting reach?" and "what is the least I can bid?". Ad previews, new ad accounts and
the sandbox reset are writes, planned and confirmed. The sandbox reset deletes every ads entity of
an ad account, so it runs only against Pinterest's sandbox (`sandbox`).
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, Field, model_validator

from pinterest_mcp.operations.account import AD_ACCOUNT
from pinterest_mcp.operations.ads_writes import BillableEvent, ObjectiveType, Targeting
from pinterest_mcp.operations.keywords import MatchType
from pinterest_mcp.operations.write_shapes import OptimizationGoal
from pinterest_mcp.registry.inputs import (
    AdAccountId,
    CreativeType,
    Id,
    NotNull,
    OperationInput,
    SpecEnum,
    Vocabulary,
    WriteInput,
)
from pinterest_mcp.registry.records import Current, Operation
from pinterest_mcp.spec.facts import vocabulary

CREATIVE_TYPES = Vocabulary("creative type", frozenset(get_args(CreativeType)))
NOT_A_CURRENCY = "UNK"
"""In the spec's `Currency` enum as Pinterest's "unknown" marker: no account is opened or bid in it."""


def _country(value: str) -> str:
    return Vocabulary("country", frozenset(vocabulary("countries"))).check(value)


def _currency(value: str) -> str:
    if value == NOT_A_CURRENCY:
        raise ValueError(f"{value!r} is Pinterest's marker for an unknown currency, not one to use")
    allowed = [code for code in vocabulary("currencies") if code != NOT_A_CURRENCY]
    if value not in allowed:
        raise ValueError(f"{value!r} is not a currency Pinterest takes: {', '.join(allowed)}")
    return value


# Checked against the spec's enums (248 countries, 27 currencies) without publishing them in every schema.
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO code, e.g. US"), AfterValidator(_country)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO code, e.g. USD"), AfterValidator(_currency)]


class SizingKeyword(OperationInput):
    value: str = Field(min_length=1, max_length=120)
    match_type: MatchType


class GetAudienceSize(OperationInput):
    ad_account_id: AdAccountId
    targeting_spec: Annotated[Targeting | None, NotNull] = None
    keywords: Annotated[list[SizingKeyword] | None, NotNull] = Field(default=None, max_length=100)
    auto_targeting_enabled: Annotated[bool | None, NotNull] = Field(default=None, description="Default true")
    placement_group: Annotated[Literal["ALL", "SEARCH", "BROWSE", "OTHER"] | None, NotNull] = None
    creative_types: list[Annotated[str, SpecEnum("sizing_creative_types")]] | None = None
    product_group_ids: list[Id] | None = None


class BidFloorSpec(OperationInput):
    billable_event: BillableEvent
    currency: Currency
    countries: Annotated[list[Country] | None, NotNull] = None
    creative_type: Annotated[str | None, AfterValidator(CREATIVE_TYPES.check), CREATIVE_TYPES, NotNull] = None
    objective_type: Annotated[ObjectiveType | None, NotNull] = None
    optimization_goal_metadata: Annotated[OptimizationGoal | None, NotNull] = None


class GetBidFloors(OperationInput):
    ad_account_id: AdAccountId
    bid_floor_specs: list[BidFloorSpec] = Field(min_length=1, max_length=20)
    targeting_spec: Annotated[Targeting | None, NotNull] = None


class CreateAdAccount(WriteInput):
    name: str = Field(min_length=1, max_length=256)
    country: Annotated[Country | None, NotNull] = None
    currency: Annotated[Currency | None, NotNull] = None
    owner_user_id: Annotated[Id | None, NotNull] = Field(default=None, description="Default: you")


class CreateAdPreview(WriteInput):
    ad_account_id: AdAccountId
    pin_id: Annotated[Id | None, NotNull] = None
    image_url: Annotated[str | None, NotNull] = Field(default=None, description="With title, instead of pin_id")
    title: Annotated[str | None, NotNull] = None

    @model_validator(mode="after")
    def _one_source(self) -> CreateAdPreview:
        if (self.pin_id is None) == (self.image_url is None) or (self.image_url is None) != (self.title is None):
            raise ValueError("give pin_id, or image_url with title")
        return self


class ResetSandbox(WriteInput):
    ad_account_id: AdAccountId


_read = partial(Operation, toolset="planning")
_write = partial(Operation, toolset="ads_manage")

OPERATIONS = (
    _read(
        name="get_audience_size",
        description="Estimated reach (lower and upper bound) of an ad group's targeting.",
        operation_id="ad_groups/audience_sizing",
        input=GetAudienceSize,
    ),
    _read(
        name="get_bid_floors",
        description="Minimum bids in micro-currency, one per spec.",
        operation_id="ad_groups_bid_floor/get",
        input=GetBidFloors,
    ),
)

WRITE_OPERATIONS = (
    _write(
        name="create_ad_account",
        description="Open a new ad account (name, country, currency).",
        operation_id="ad_accounts/create",
        input=CreateAdAccount,
        view=AD_ACCOUNT,
        change="create",
    ),
    _write(
        name="create_ad_preview",
        description="A preview link of an ad from a Pin or an image.",
        operation_id="ad_previews/create",
        input=CreateAdPreview,
        change="create",
        key="url",
    ),
    _write(
        name="reset_sandbox",
        description="Delete all ads data of an ad account in Pinterest's sandbox (sandbox base URL only).",
        operation_id="sandbox/delete",
        input=ResetSandbox,
        change="delete",
        destructive=True,
        current=Current(read="get_ad_account", args=(("ad_account_id", "ad_account_id"),)),
    ),
)
