"""Synchronous ads analytics: spend and performance by day (or hour, week, month) as a table.

Pinterest's limits are checked before any request: data at most 90 days back and a span of at
most 90 days (HOUR: 8 days back, 3-day span); money columns are micro-units of the account currency.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, model_validator

from pinterest_mcp.inputs import (
    AdAccountId,
    CommaSeparated,
    Id,
    IdList,
    OperationInput,
    Vocabulary,
    id_list,
)
from pinterest_mcp.operations.analytics_columns import SYNC_COLUMNS
from pinterest_mcp.registry import Operation, View

COLUMNS = Vocabulary("column", frozenset(SYNC_COLUMNS))
Column = Annotated[str, AfterValidator(COLUMNS.check), COLUMNS]
"""A metric name, checked against Pinterest's 175 (not listed in the schema; errors suggest the closest)."""
Window = Literal[0, 1, 7, 14, 30, 60]

DEFAULT_COLUMNS = (
    "SPEND_IN_MICRO_DOLLAR",
    "PAID_IMPRESSION",
    "TOTAL_CLICKTHROUGH",
    "CTR",
    "CPC_IN_MICRO_DOLLAR",
    "TOTAL_CONVERSIONS",
    "TOTAL_CHECKOUT",
    "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR",
)

METRICS = View(kind="analytics", default_fields=(), currency="ad_account", table=True)


def check_date_range(start: date, end: date, *, back: int, span: int) -> None:
    """Pinterest's window rule, one statement for every analytics call: `back` days of history, `span` days long."""
    today = datetime.now(UTC).date()
    if end < start:
        raise ValueError("end_date is before start_date")
    if start < today - timedelta(days=back):
        raise ValueError(f"start_date is more than {back} days ago; Pinterest keeps no older data here")
    if (end - start).days > span:
        raise ValueError(f"the range spans more than {span} days; split it into several calls")


class MetricsWindow(OperationInput):
    """What every synchronous ads analytics call takes; `MetricsQuery` adds the reporting timezone."""

    # Dates, columns and windows are explained once, in the server instructions.
    start_date: date
    end_date: date
    columns: Annotated[list[Column], CommaSeparated(), Field(min_length=1)] = Field(
        default_factory=lambda: list(DEFAULT_COLUMNS)
    )
    granularity: Literal["TOTAL", "DAY", "HOUR", "WEEK", "MONTH"] = "DAY"
    click_window_days: Window | None = None
    engagement_window_days: Window | None = None
    view_window_days: Window | None = None
    conversion_report_time: Literal["TIME_OF_AD_ACTION", "TIME_OF_CONVERSION"] | None = None

    @model_validator(mode="after")
    def _within_pinterest_limits(self) -> Self:
        back, span = (8, 3) if self.granularity == "HOUR" else (90, 90)
        check_date_range(self.start_date, self.end_date, back=back, span=span)
        return self


class MetricsQuery(MetricsWindow):
    reporting_timezone: Literal["PINTEREST_TIME_ZONE", "AD_ACCOUNT_TIME_ZONE"] | None = None


class AdAccountMetrics(MetricsQuery):
    ad_account_id: AdAccountId


class CampaignMetrics(MetricsQuery):
    ad_account_id: AdAccountId
    campaign_ids: Annotated[list[Id], Field(min_length=1, max_length=250, description="From list_campaigns")]
    aggregate_report_rows: bool | None = Field(default=None, description="One row for all campaigns (beta)")


class AdGroupMetrics(MetricsQuery):
    ad_account_id: AdAccountId
    ad_group_ids: Annotated[list[Id], Field(min_length=1, max_length=250, description="From list_ad_groups")]
    aggregate_report_rows: bool | None = Field(default=None, description="One row for all ad groups (beta)")


class AdMetrics(MetricsQuery):
    ad_account_id: AdAccountId
    ad_ids: IdList = id_list()
    campaign_ids: IdList = id_list()
    pin_ids: list[Id] | None = Field(default=None, min_length=1, max_length=100, description="With campaign_ids")

    @model_validator(mode="after")
    def _needs_ads_or_pins(self) -> Self:
        if not self.ad_ids and not (self.campaign_ids and self.pin_ids):
            raise ValueError("give ad_ids, or campaign_ids together with pin_ids")
        return self


_read = partial(Operation, toolset="analytics", view=METRICS)

OPERATIONS = (
    _read(
        name="get_ad_account_analytics",
        title="Ad account analytics",
        description="Account-wide spend and performance over a date range, as a table.",
        operation_id="ad_account/analytics",
        input=AdAccountMetrics,
    ),
    _read(
        name="get_campaign_analytics",
        title="Campaign analytics",
        description="Spend and performance per campaign over a date range, as a table (DAY by default).",
        operation_id="campaigns/analytics",
        input=CampaignMetrics,
    ),
    _read(
        name="get_ad_group_analytics",
        title="Ad group analytics",
        description="Spend and performance per ad group over a date range, as a table.",
        operation_id="ad_groups/analytics",
        input=AdGroupMetrics,
    ),
    _read(
        name="get_ad_analytics",
        title="Ad analytics",
        description="Spend and performance per ad over a date range, as a table.",
        operation_id="ads/analytics",
        input=AdMetrics,
    ),
)
