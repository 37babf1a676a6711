"""Synchronous ads analytics: spend and performance by day (or hour, week, month) as a table.

Pinterest's windows (`dates.ADS_WINDOWS`) are checked before any request; `date_range` stands in
for start_date/end_date. Id lists take up to `fanout.MAX_IDS` ids, sent as concurrent batches of
the spec's maxItems. The answer is shaped by `sort_by`, `top` and `totals` (`views.table`).
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated, ClassVar, Literal, Self

from pydantic import AfterValidator, Field, model_validator

from pinterest_mcp.api.fanout import MAX_IDS, Batched
from pinterest_mcp.operations.metrics import ALIASES, DERIVED, LEADING
from pinterest_mcp.registry.dates import ADS_WINDOW, DateRange, Window, ads_window, check_window, resolve, utc_today
from pinterest_mcp.registry.inputs import AdAccountId, CommaSeparated, Id, OperationInput, Vocabulary
from pinterest_mcp.registry.records import Operation, View
from pinterest_mcp.spec.facts import vocabulary

COLUMNS = Vocabulary("column", frozenset(vocabulary("sync_columns")))
"""The spec's sync `columns` enum (175 names), checked here: as a JSON-Schema enum it would add ~4 KB to each tool."""


def _column(name: str) -> str:
    """Pinterest's column names, and the derived metrics we compute (CPM, CPA, ROAS...; `metrics.DERIVED`)."""
    return name if name in DERIVED else COLUMNS.check(name)


Column = Annotated[str, AfterValidator(_column), COLUMNS]
"""A metric name, checked against Pinterest's 175 and our derived ones (not listed in the schema)."""
AttributionWindow = Literal[0, 1, 7, 14, 30, 60]

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

TABLE_ARGUMENTS = frozenset({"date_range", "sort_by", "top", "totals"})
"""Answer-shaping arguments of every analytics table (explained once in the server instructions)."""


CampaignIds = Annotated[list[Id], Batched(250), Field(min_length=1, max_length=MAX_IDS)]
AdGroupIds = Annotated[list[Id], Batched(250), Field(min_length=1, max_length=MAX_IDS)]
AdIds = Annotated[list[Id], Batched(250), Field(min_length=1, max_length=MAX_IDS)]
PinIds = Annotated[list[Id], Batched(100), Field(min_length=1, max_length=MAX_IDS)]


class Dated(OperationInput):
    """start_date/end_date, or a relative `date_range` the server resolves (and echoes) before sending."""

    LOCAL: ClassVar[frozenset[str]] = frozenset({"date_range"})
    FILLED: ClassVar[frozenset[str]] = frozenset({"start_date", "end_date"})

    start_date: date | None = None
    end_date: date | None = None
    date_range: DateRange | None = None

    def window(self) -> tuple[Window, str]:
        """Pinterest's window for this call and how errors name the rule; ads granularities narrow it."""
        return ADS_WINDOW, "analytics"

    @model_validator(mode="after")
    def _dates_within_pinterest_limits(self) -> Self:
        window, rule = self.window()
        if self.date_range is not None:
            if self.start_date or self.end_date:
                raise ValueError("give start_date and end_date, or date_range, not both")
            # The account's today is within a day of UTC's; `analytics_answer` checks again in its zone.
            start, end = resolve(self.date_range, utc_today())
            check_window(start, end, window, rule=f"{rule} (date_range {self.date_range})")
        elif self.start_date is None or self.end_date is None:
            raise ValueError("give start_date and end_date (YYYY-MM-DD), or date_range")
        else:
            check_window(self.start_date, self.end_date, window, rule=rule)
        return self


class MetricsWindow(Dated):
    """What every synchronous ads analytics call takes; `MetricsQuery` adds the reporting timezone."""

    LOCAL: ClassVar[frozenset[str]] = TABLE_ARGUMENTS
    # Dates, columns, windows and the table arguments are explained once, in the server instructions.
    columns: Annotated[list[Column], CommaSeparated(), Field(min_length=1)] = Field(
        default_factory=lambda: list(DEFAULT_COLUMNS)
    )
    granularity: Literal["TOTAL", "DAY", "HOUR", "WEEK", "MONTH"] = "DAY"
    click_window_days: AttributionWindow | None = None
    engagement_window_days: AttributionWindow | None = None
    view_window_days: AttributionWindow | None = None
    conversion_report_time: Literal["TIME_OF_AD_ACTION", "TIME_OF_CONVERSION"] | None = None
    sort_by: str | None = None
    top: int | None = Field(default=None, ge=1, le=MAX_IDS)
    totals: bool = False

    def window(self) -> tuple[Window, str]:
        return ads_window(self.granularity), f"granularity {self.granularity}"

    @model_validator(mode="after")
    def _sort_by_a_column(self) -> Self:
        if self.sort_by is not None:
            name = self.sort_by.removesuffix(":asc")
            known = {*self.columns, *(ALIASES.get(c, c) for c in self.columns), *LEADING}
            if ALIASES.get(name, name) not in known and name not in known:
                raise ValueError(
                    f"sort_by {self.sort_by!r} is not a column of this answer; use one of: "
                    f"{', '.join(self.columns)} (add :asc to sort ascending)"
                )
        return self


class MetricsQuery(MetricsWindow):
    reporting_timezone: Literal["PINTEREST_TIME_ZONE", "AD_ACCOUNT_TIME_ZONE"] | None = None


def _one_request_to_aggregate(ids: list[str], aggregate: bool | None, what: str) -> None:
    if aggregate and len(set(ids)) > 250:
        raise ValueError(f"aggregate_report_rows sums at most 250 {what} (one request); use totals=true instead")


class AdAccountMetrics(MetricsQuery):
    ad_account_id: AdAccountId


class CampaignMetrics(MetricsQuery):
    ad_account_id: AdAccountId
    campaign_ids: CampaignIds = Field(description="From list_campaigns")
    aggregate_report_rows: bool | None = Field(default=None, description="One row for all campaigns (beta)")

    @model_validator(mode="after")
    def _aggregate_in_one_request(self) -> Self:
        _one_request_to_aggregate(self.campaign_ids, self.aggregate_report_rows, "campaigns")
        return self


class AdGroupMetrics(MetricsQuery):
    ad_account_id: AdAccountId
    ad_group_ids: AdGroupIds = Field(description="From list_ad_groups")
    aggregate_report_rows: bool | None = Field(default=None, description="One row for all ad groups (beta)")

    @model_validator(mode="after")
    def _aggregate_in_one_request(self) -> Self:
        _one_request_to_aggregate(self.ad_group_ids, self.aggregate_report_rows, "ad groups")
        return self


class AdMetrics(MetricsQuery):
    ad_account_id: AdAccountId
    ad_ids: Annotated[list[Id] | None, Batched(250), Field(min_length=1, max_length=MAX_IDS)] = None
    campaign_ids: Annotated[list[Id] | None, Batched(250), Field(min_length=1, max_length=MAX_IDS)] = None
    pin_ids: Annotated[list[Id] | None, Batched(100), Field(min_length=1, max_length=MAX_IDS)] = Field(
        default=None, description="With campaign_ids"
    )

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
