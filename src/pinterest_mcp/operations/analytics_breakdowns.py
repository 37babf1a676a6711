"""Ads analytics broken down: by promoted Pin, and by targeting value (age, country, keyword...).

Not a default toolset: the default `analytics` answers "how is my spend doing"; these answer the
follow-up "which Pins, which audiences". The limits, relative dates, id fan-out and table
arguments are those of synchronous analytics (`MetricsWindow`). Targeting answers are flattened
to one row per targeting value (and date), so they read as the same compact table.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal

from pydantic import Field

from pinterest_mcp.operations.analytics import (
    METRICS,
    AdGroupIds,
    AdIds,
    CampaignIds,
    MetricsQuery,
    MetricsWindow,
    PinIds,
)
from pinterest_mcp.registry.inputs import AdAccountId, CommaSeparated, Id
from pinterest_mcp.registry.records import Operation, View

TARGETING = View(kind="targeting_analytics", default_fields=(), currency="ad_account", table=True)

Granularity = Literal["TOTAL", "DAY", "HOUR", "WEEK", "MONTH"]
# The spec's per-level enums, in its order; the account level lacks the level-specific types.
AccountTargetingType = Literal[
    "KEYWORD", "APPTYPE", "GENDER", "LOCATION", "PLACEMENT", "COUNTRY", "TARGETED_INTEREST", "PINNER_INTEREST",
    "AUDIENCE_INCLUDE", "GEO", "AGE_BUCKET", "REGION", "AGE_BUCKET_AND_GENDER",
]  # fmt: skip
CampaignTargetingType = Literal[
    "KEYWORD", "APPTYPE", "GENDER", "LOCATION", "PLACEMENT", "COUNTRY", "TARGETED_INTEREST", "PINNER_INTEREST",
    "AUDIENCE_INCLUDE", "GEO", "AGE_BUCKET", "REGION", "CREATIVE_TYPE", "AGE_BUCKET_AND_GENDER", "AUDIENCE_MULTIPLIER",
]  # fmt: skip
AdGroupTargetingType = Literal[
    "KEYWORD", "APPTYPE", "GENDER", "LOCATION", "PLACEMENT", "COUNTRY", "TARGETED_INTEREST", "PINNER_INTEREST",
    "AUDIENCE_INCLUDE", "GEO", "AGE_BUCKET", "REGION", "AGE_BUCKET_AND_GENDER", "CREATIVE_ENHANCEMENTS",
]  # fmt: skip
AdTargetingType = Literal[
    "KEYWORD", "APPTYPE", "GENDER", "LOCATION", "PLACEMENT", "COUNTRY", "TARGETED_INTEREST", "PINNER_INTEREST",
    "AUDIENCE_INCLUDE", "GEO", "AGE_BUCKET", "REGION", "QUIZ_RESULT", "AGE_BUCKET_AND_GENDER",
]  # fmt: skip
AttributionTypes = Annotated[
    list[Literal["INDIVIDUAL", "HOUSEHOLD"]] | None, CommaSeparated(), Field(default=None, min_length=1, max_length=2)
]


class Breakdown(MetricsQuery):
    """A targeting breakdown: one row per value over the whole range unless a granularity is asked."""

    granularity: Granularity = "TOTAL"
    attribution_types: AttributionTypes


class AccountBreakdown(Breakdown):
    ad_account_id: AdAccountId
    targeting_types: Annotated[list[AccountTargetingType], CommaSeparated(), Field(min_length=1, max_length=15)]


class CampaignBreakdown(Breakdown):
    ad_account_id: AdAccountId
    campaign_ids: CampaignIds
    targeting_types: Annotated[list[CampaignTargetingType], CommaSeparated(), Field(min_length=1, max_length=14)]


class AdGroupBreakdown(Breakdown):
    ad_account_id: AdAccountId
    ad_group_ids: AdGroupIds
    targeting_types: Annotated[list[AdGroupTargetingType], CommaSeparated(), Field(min_length=1, max_length=14)]


class AdBreakdown(Breakdown):
    ad_account_id: AdAccountId
    ad_ids: AdIds
    targeting_types: Annotated[list[AdTargetingType], CommaSeparated(), Field(min_length=1, max_length=14)]


class AdPinMetrics(MetricsWindow):
    """Ad Pin analytics take no reporting_timezone; the window, columns and limits are the same."""

    ad_account_id: AdAccountId
    campaign_id: Id = Field(description="The campaign the Pins are promoted in")
    pin_ids: PinIds


_read = partial(Operation, toolset="analytics_breakdowns", view=TARGETING)

OPERATIONS = (
    Operation(
        name="get_ad_pin_analytics",
        title="Ad Pin analytics",
        description="Spend and performance per promoted Pin of one campaign, as a table.",
        operation_id="ad_pins/analytics",
        input=AdPinMetrics,
        toolset="analytics_breakdowns",
        view=METRICS,
    ),
    _read(
        name="get_ad_account_targeting_analytics",
        title="Ad account targeting analytics",
        description="Account metrics by targeting value (age, gender, country, keyword...), as a table.",
        operation_id="ad_account_targeting_analytics/get",
        input=AccountBreakdown,
    ),
    _read(
        name="get_campaign_targeting_analytics",
        title="Campaign targeting analytics",
        description="Campaign metrics by targeting value, as a table.",
        operation_id="campaign_targeting_analytics/get",
        input=CampaignBreakdown,
    ),
    _read(
        name="get_ad_group_targeting_analytics",
        title="Ad group targeting analytics",
        description="Ad group metrics by targeting value, as a table.",
        operation_id="ad_groups_targeting_analytics/get",
        input=AdGroupBreakdown,
    ),
    _read(
        name="get_ad_targeting_analytics",
        title="Ad targeting analytics",
        description="Ad metrics by targeting value, as a table.",
        operation_id="ad_targeting_analytics/get",
        input=AdBreakdown,
    ),
)
