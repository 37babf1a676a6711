"""Writes to campaigns, ad groups and ads, and the intents people say out loud.

Pinterest's ads writes are bulk: one request carries 1–30 objects and may partly fail with HTTP 200.
Creates default to PAUSED here (Pinterest's own default is ACTIVE), so nothing starts spending
unless the caller asks for it. Money fields are micro-currency integers; the intents take money in
currency units and convert it with the ad account's currency.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic.json_schema import SkipJsonSchema

from pinterest_mcp.operations.ads import AD, AD_GROUP, CAMPAIGN
from pinterest_mcp.operations.write_shapes import (
    BidOptions,
    BidOptionsUpdate,
    CtaType,
    OptimizationGoal,
    QuizPinData,
    TargetingSpec,
    TrackingUrls,
)
from pinterest_mcp.registry.inputs import (
    ALL_STATUSES,
    AdAccountId,
    CreativeType,
    Id,
    Micro,
    NotNull,
    OperationInput,
    SpecEnum,
    UnixTime,
    WriteInput,
)
from pinterest_mcp.registry.money import to_micro
from pinterest_mcp.registry.records import Current, Operation, View, intent_of
from pinterest_mcp.spec.facts import vocabulary

ObjectiveType = Literal["AWARENESS", "CONSIDERATION", "WEB_CONVERSION", "CATALOG_SALES", "VIDEO_COMPLETION"]
BillableEvent = Literal["CLICKTHROUGH", "IMPRESSION", "VIDEO_V_50_MRC"]
BudgetType = Literal["DAILY", "LIFETIME", "CBO_ADGROUP"]
BidStrategy = Literal["AUTOMATIC_BID", "MAX_BID", "TARGET_AVG"]
Pacing = Literal["STANDARD", "ACCELERATED"]
NewStatus = Annotated[Literal["ACTIVE", "PAUSED", "DRAFT"], Field(description="PAUSED unless set")]
ChangedStatus = Literal["ACTIVE", "PAUSED", "ARCHIVED", "DRAFT", "DELETED_DRAFT"]
"""The spec's `EntityStatus`; only a draft can become DRAFT or DELETED_DRAFT (Pinterest refuses the rest)."""
Placement = Literal["ALL", "SEARCH", "BROWSE", "OTHER"]
PromotionLevel = Annotated[str, SpecEnum("promotion_levels")]


def _disclosure(value: str) -> str:
    allowed = vocabulary("disclosure_types")
    if value not in allowed:
        raise ValueError(f"{value!r} is not a disclosure type: {', '.join(allowed)}")
    return value


DisclosureType = Annotated[str, AfterValidator(_disclosure), Field(description="e.g. MED_GUIDE")]
"""Checked against the spec's enum, not published: its six long values would cost every `tools/list`."""
BidMultiplier = Annotated[
    Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)] | None,
    # Pinterest removes a multiplier on 0 and refuses null, so a null (an undo of a first multiplier) sends 0.
    BeforeValidator(lambda value: 0 if value is None else value),
    Field(description="0.1-10, with AUTOMATIC_BID; 0 removes it"),
]
Targeting = TargetingSpec
"""A targeting_spec, checked key by key against the spec's vocabulary (`write_shapes`)."""
MAX_AMOUNT = Decimal(10**9)
"""The largest amount in currency units (10**15 micro-units, as `Micro` allows); beyond it, a mistake."""
Amount = Annotated[
    Decimal,
    Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False),
    # A number or a decimal string ("75.50", exact): anyOf, not a `type` union strict clients refuse.
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0, "maximum": 10**9}, {"type": "string"}]}),
]
MONEY_NOTE = " Money in micro-currency (1 USD = 1000000)."


class _Item(OperationInput):
    """An item of a bulk body."""


class _CampaignItem(_Item):
    """Pinterest wants the ad account repeated in each campaign item; filled from the call's `ad_account_id`."""

    ad_account_id: SkipJsonSchema[str | None] = None


class NewCampaign(_CampaignItem):
    """A new campaign; Pinterest's defaults that matter are explicit here, so the plan shows them."""

    name: str = Field(min_length=1)
    objective_type: ObjectiveType
    status: NewStatus = "PAUSED"
    daily_spend_cap: Micro | None = None
    lifetime_spend_cap: Micro | None = None
    start_time: UnixTime | None = None
    end_time: UnixTime | None = None
    is_campaign_budget_optimization: bool | None = None
    default_ad_group_budget_in_micro_currency: Micro | None = None
    is_flexible_daily_budgets: bool = False
    is_performance_plus: Annotated[bool | None, NotNull] = None
    tracking_urls: Annotated[TrackingUrls | None, NotNull] = None
    bid_options: Annotated[BidOptions | None, NotNull] = None
    order_line_id: Id | None = None


class CampaignChange(_CampaignItem):
    id: Id
    name: Annotated[str | None, NotNull] = Field(default=None, min_length=1)
    status: Annotated[ChangedStatus | None, NotNull] = None
    daily_spend_cap: Micro | None = Field(default=None, description="null removes the cap")
    lifetime_spend_cap: Micro | None = Field(default=None, description="null removes the cap")
    start_time: UnixTime | None = None
    end_time: UnixTime | None = None
    objective_type: Annotated[ObjectiveType | None, NotNull] = None
    default_ad_group_budget_in_micro_currency: Micro | None = None
    is_flexible_daily_budgets: bool | None = None
    is_campaign_budget_optimization: Annotated[bool | None, NotNull] = None
    is_performance_plus: Annotated[bool | None, NotNull] = None
    tracking_urls: Annotated[TrackingUrls | None, NotNull] = None
    bid_options: Annotated[BidOptionsUpdate | None, NotNull] = None
    order_line_id: Id | None = None


class _AdGroupExtras(_Item):
    """Fields new and changed ad groups share; optimization goals are required in WEB_CONVERSION campaigns."""

    optimization_goal_metadata: Annotated[OptimizationGoal | None, NotNull] = None
    placement_group: Annotated[Placement | None, NotNull] = None
    lifetime_frequency_cap: Annotated[int | None, NotNull] = Field(default=None, ge=1)
    tracking_urls: Annotated[TrackingUrls | None, NotNull] = None
    targeting_template_ids: Annotated[list[Id] | None, NotNull] = Field(default=None, max_length=1)
    promotion_id: Annotated[Id | None, NotNull] = None
    promotion_application_level: PromotionLevel | None = None
    is_creative_optimization: bool | None = None
    bid_multiplier: BidMultiplier = None

    @model_validator(mode="after")
    def _multiplier_range(self) -> _AdGroupExtras:
        if self.bid_multiplier is not None and 0 < self.bid_multiplier < 0.1:
            raise ValueError("bid_multiplier: 0.1 to 10, or 0 to remove it")
        return self


class NewAdGroup(_AdGroupExtras):
    campaign_id: Id
    name: str = Field(min_length=1)
    billable_event: BillableEvent
    status: NewStatus = "PAUSED"
    budget_type: BudgetType = "DAILY"
    budget_in_micro_currency: Micro | None = None
    bid_strategy_type: BidStrategy | None = None
    bid_in_micro_currency: Micro | None = None
    start_time: UnixTime | None = None
    end_time: UnixTime | None = None
    targeting_spec: Annotated[Targeting | None, NotNull] = None
    auto_targeting_enabled: Annotated[bool | None, NotNull] = None
    pacing_delivery_type: Pacing = "STANDARD"


class AdGroupChange(_AdGroupExtras):
    id: Id
    name: Annotated[str | None, NotNull] = Field(default=None, min_length=1)
    status: Annotated[ChangedStatus | None, NotNull] = None
    budget_in_micro_currency: Micro | None = None
    budget_type: Annotated[BudgetType | None, NotNull] = None
    bid_strategy_type: BidStrategy | None = None
    bid_in_micro_currency: Micro | None = None
    start_time: UnixTime | None = None
    end_time: UnixTime | None = Field(default=None, description="null removes the end")
    targeting_spec: Annotated[Targeting | None, NotNull] = None
    auto_targeting_enabled: bool | None = None
    pacing_delivery_type: Annotated[Pacing | None, NotNull] = None


class _AdExtras(_Item):
    """Fields new and changed ads share: the call to action, lead form, tracking, deep and carousel links."""

    destination_url: str | None = None
    click_tracking_url: str | None = None
    view_tracking_url: str | None = None
    customizable_cta_type: Annotated[CtaType | None, NotNull] = None
    lead_form_id: Annotated[Id | None, NotNull] = None
    tracking_urls: Annotated[TrackingUrls | None, NotNull] = None
    android_deep_link: Annotated[str | None, NotNull] = None
    ios_deep_link: Annotated[str | None, NotNull] = None
    carousel_destination_urls: Annotated[list[str] | None, NotNull] = None
    carousel_android_deep_links: Annotated[list[str] | None, NotNull] = None
    carousel_ios_deep_links: Annotated[list[str] | None, NotNull] = None
    disclosure_type: DisclosureType | None = None
    disclosure_url: str | None = None
    quiz_pin_data: Annotated[QuizPinData | None, NotNull] = None


class NewAd(_AdExtras):
    ad_group_id: Id
    pin_id: Id
    creative_type: CreativeType
    name: str | None = None
    status: NewStatus = "PAUSED"

    @model_validator(mode="after")
    def _quiz(self) -> NewAd:
        """A QUIZ ad is built from its questions and results; no other ad carries them."""
        if (self.creative_type == "QUIZ") != (self.quiz_pin_data is not None):
            raise ValueError("quiz_pin_data: required with creative_type QUIZ, and only with it")
        data = self.quiz_pin_data or {}
        if data.get("tie_breaker_type") == "CUSTOM" and "tie_breaker_custom_result" not in data:
            raise ValueError("quiz_pin_data: tie_breaker_type CUSTOM needs tie_breaker_custom_result")
        return self


class AdChange(_AdExtras):
    id: Id
    name: str | None = None
    status: Annotated[ChangedStatus | None, NotNull] = None
    pin_id: Annotated[Id | None, NotNull] = Field(default=None, description="A DRAFT ad's Pin")


def _bulk(what: str) -> Any:
    return Field(min_length=1, max_length=30, description=f"1-30 {what}")


class _Bulk(WriteInput):
    """Copies the call's ad account into every campaign item, as Pinterest's campaign schemas require."""

    ad_account_id: AdAccountId

    @model_validator(mode="after")
    def _repeat_ad_account(self) -> _Bulk:
        for name in type(self).model_fields:
            items = getattr(self, name)
            if isinstance(items, list):
                for item in items:
                    if isinstance(item, _CampaignItem):
                        if item.ad_account_id not in (None, self.ad_account_id):
                            raise ValueError(f"{name}: every item belongs to ad_account_id {self.ad_account_id}")
                        item.ad_account_id = self.ad_account_id
        return self


class CreateCampaigns(_Bulk):
    campaigns: list[NewCampaign] = _bulk("campaigns")


class UpdateCampaigns(_Bulk):
    campaigns: list[CampaignChange] = _bulk("campaigns: id plus the fields to change")


class CreateAdGroups(_Bulk):
    ad_groups: list[NewAdGroup] = _bulk("ad groups")


class UpdateAdGroups(_Bulk):
    ad_groups: list[AdGroupChange] = _bulk("ad groups: id plus the fields to change")


class CreateAds(_Bulk):
    ads: list[NewAd] = _bulk("ads, each promoting an existing Pin")


class UpdateAds(_Bulk):
    ads: list[AdChange] = _bulk("ads: id plus the fields to change")


def _current(read: str, ids: str) -> Current:
    return Current(
        read=read, args=(("ad_account_id", "ad_account_id"),), ids=ids, fixed=(("entity_statuses", list(ALL_STATUSES)),)
    )


# Bulk creates and edits live in the non-default `ads_manage` toolset; the everyday intents stay in `ads`.
_write = partial(Operation, toolset="ads_manage")

CREATE_CAMPAIGNS = _write(
    name="create_campaigns",
    description="Create 1-30 campaigns (PAUSED unless status is set)." + MONEY_NOTE,
    operation_id="campaigns/create",
    input=CreateCampaigns,
    body="campaigns",
    view=CAMPAIGN,
    change="create",
)
UPDATE_CAMPAIGNS = _write(
    name="update_campaigns",
    description="Change 1-30 campaigns: status, name, spend caps (a CBO campaign's budget), schedule." + MONEY_NOTE,
    operation_id="campaigns/update",
    input=UpdateCampaigns,
    body="campaigns",
    view=CAMPAIGN,
    change="update",
    current=_current("list_campaigns", "campaign_ids"),
)
CREATE_AD_GROUPS = _write(
    name="create_ad_groups",
    description="Create 1-30 ad groups in a campaign (PAUSED unless status is set)." + MONEY_NOTE,
    operation_id="ad_groups/create",
    input=CreateAdGroups,
    body="ad_groups",
    view=AD_GROUP,
    change="create",
)
UPDATE_AD_GROUPS = _write(
    name="update_ad_groups",
    description="Change 1-30 ad groups: status, budget, bid, schedule, targeting." + MONEY_NOTE,
    operation_id="ad_groups/update",
    input=UpdateAdGroups,
    body="ad_groups",
    view=AD_GROUP,
    change="update",
    current=_current("list_ad_groups", "ad_group_ids"),
)
CREATE_ADS = _write(
    name="create_ads",
    description="Create 1-30 ads from existing Pins (PAUSED unless status is set).",
    operation_id="ads/create",
    input=CreateAds,
    body="ads",
    view=AD,
    change="create",
)
UPDATE_ADS = _write(
    name="update_ads",
    description="Change 1-30 ads: status, name, URLs.",
    operation_id="ads/update",
    input=UpdateAds,
    body="ads",
    view=AD,
    change="update",
    current=_current("list_ads", "ad_ids"),
)

LABEL = View(kind="label", default_fields=("id", "value", "label_type", "parent_id", "status"))


class NewLabel(_Item):
    value: str = Field(max_length=100)
    label_type: Literal["BRAND", "CUSTOM"]


class CreateLabels(WriteInput):
    ad_account_id: AdAccountId
    parent_id: str = Field(pattern=r"^[0-9]+$", description="Campaign id")
    labels: list[NewLabel] = Field(min_length=1)


CREATE_LABELS = _write(
    name="create_labels",
    description="Label a campaign: one BRAND label, up to 30 CUSTOM ones.",
    operation_id="labels/create",
    input=CreateLabels,
    items="labels",
    view=LABEL,
    change="create",
)


class LabelChange(_Item):
    id: Id
    value: Annotated[str | None, NotNull] = Field(default=None, max_length=100)
    status: Annotated[Literal["ACTIVE", "ARCHIVED"] | None, NotNull] = None


class UpdateLabels(WriteInput):
    ad_account_id: AdAccountId
    labels: list[LabelChange] = Field(min_length=1, max_length=30)


UPDATE_LABELS = _write(
    name="update_labels",
    description="Rename labels or archive them (status ARCHIVED).",
    operation_id="labels/update",
    input=UpdateLabels,
    items="labels",
    view=LABEL,
    change="update",
    current=Current(
        read="list_labels",
        args=(("ad_account_id", "ad_account_id"),),
        ids="label_ids",
        fixed=(("entity_statuses", ["ACTIVE", "ARCHIVED"]),),
    ),
)
LIST_LABELS = Operation(
    name="list_labels",
    description="Labels of an ad account's campaigns: type, value, campaign.",
    operation_id="labels/list",
    toolset="ads_manage",
    lists=True,
    view=LABEL,
)

# Intents: what users say out loud, each planned and applied as the bulk update it stands for.

IdBatch = Annotated[list[Id], Field(min_length=1, max_length=30)]


class CampaignIds(WriteInput):
    ad_account_id: AdAccountId
    campaign_ids: IdBatch


class AdGroupIds(WriteInput):
    ad_account_id: AdAccountId
    ad_group_ids: IdBatch


class AdIds(WriteInput):
    ad_account_id: AdAccountId
    ad_ids: IdBatch


def _set_status(status: str, ids: str, items: str) -> Any:
    def build(args: Any, currency: str | None) -> dict[str, Any]:
        return {"ad_account_id": args.ad_account_id, items: [{"id": i, "status": status} for i in getattr(args, ids)]}

    return build


_STATUS_INTENTS = (
    ("pause", "PAUSED", "Pause", "Stops delivery; reversible with activate_{name}.", "ads"),
    ("activate", "ACTIVE", "Activate", "Starts or resumes delivery and spending.", "ads"),
    ("archive", "ARCHIVED", "Archive", "Permanent: archived {kind} cannot be changed again.", "ads_manage"),
)
_KINDS = (
    ("campaigns", "campaign_ids", CampaignIds, UPDATE_CAMPAIGNS),
    ("ad_groups", "ad_group_ids", AdGroupIds, UPDATE_AD_GROUPS),
    ("ads", "ad_ids", AdIds, UPDATE_ADS),
)

STATUS_INTENTS = tuple(
    # Archiving cannot be undone (Pinterest has no unarchive): destructive, whatever its HTTP verb.
    replace(intent, destructive=True) if intent.name.startswith("archive_") else intent
    for intent in (
        intent_of(
            f"{verb}_{kind}",
            base=base,
            input=model,
            build=_set_status(status, ids, kind),
            title=f"{label} {kind.replace('_', ' ')}",
            description=f"{label} 1-30 {kind.replace('_', ' ')}. {note.format(kind=kind.replace('_', ' '), name=kind)}",
            toolset=toolset,
        )
        for kind, ids, model, base in _KINDS
        for verb, status, label, note, toolset in _STATUS_INTENTS
    )
)


class SetAdGroupBudget(WriteInput):
    ad_account_id: AdAccountId
    ad_group_ids: IdBatch
    budget: Amount = Field(description="In the ad account's currency, e.g. 75.50")


def _build_budget(args: SetAdGroupBudget, currency: str | None) -> dict[str, Any]:
    if currency is None:
        raise ValueError("the ad account's currency is unknown, so the budget cannot be converted")
    micro = to_micro(args.budget, currency)
    return {
        "ad_account_id": args.ad_account_id,
        "ad_groups": [{"id": i, "budget_in_micro_currency": micro} for i in args.ad_group_ids],
    }


class SetCampaignSpendCap(WriteInput):
    ad_account_id: AdAccountId
    campaign_ids: IdBatch
    daily_spend_cap: Amount | None = Field(default=None, description="In the account currency; null removes it")
    lifetime_spend_cap: Amount | None = Field(default=None, description="In the account currency; null removes it")

    @model_validator(mode="after")
    def _one_cap(self) -> SetCampaignSpendCap:
        if not {"daily_spend_cap", "lifetime_spend_cap"} & self.model_fields_set:
            raise ValueError("set daily_spend_cap or lifetime_spend_cap (null removes a cap)")
        return self


def _build_spend_cap(args: SetCampaignSpendCap, currency: str | None) -> dict[str, Any]:
    if currency is None:
        raise ValueError("the ad account's currency is unknown, so the cap cannot be converted")
    caps: dict[str, int | None] = {}
    for name in ("daily_spend_cap", "lifetime_spend_cap"):
        if name in args.model_fields_set:
            value = getattr(args, name)
            caps[name] = None if value is None else to_micro(value, currency)
    return {"ad_account_id": args.ad_account_id, "campaigns": [{"id": i, **caps} for i in args.campaign_ids]}


MONEY_INTENTS = (
    intent_of(
        "set_ad_group_budget",
        base=UPDATE_AD_GROUPS,
        input=SetAdGroupBudget,
        build=_build_budget,
        title="Set ad group budget",
        toolset="ads",
        description="Set the budget of 1-30 ad groups, in the ad account's currency (e.g. 75.50). A CBO "
        "campaign holds the budget: set_campaign_spend_cap.",
    ),
    intent_of(
        "set_campaign_spend_cap",
        base=UPDATE_CAMPAIGNS,
        input=SetCampaignSpendCap,
        build=_build_spend_cap,
        title="Set campaign budget (CBO) or spend cap",
        toolset="ads",
        description="Set or remove (null) the daily or lifetime spend cap of 1-30 campaigns, in the ad "
        "account's currency. For a campaign budget optimization (CBO) campaign it is the campaign budget.",
    ),
)

OPERATIONS = (
    CREATE_CAMPAIGNS,
    UPDATE_CAMPAIGNS,
    CREATE_AD_GROUPS,
    UPDATE_AD_GROUPS,
    CREATE_ADS,
    UPDATE_ADS,
    CREATE_LABELS,
    UPDATE_LABELS,
    LIST_LABELS,
    *STATUS_INTENTS,
    *MONEY_INTENTS,
)
