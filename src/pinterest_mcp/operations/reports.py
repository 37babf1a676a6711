"""Asynchronous reports: ads reports, template reports, marketing-mix-model and conversion product reports.

Each create operation answers a token; its get operation answers the status and, once FINISHED, a
download link valid for five minutes. `run_report` (`server/composite/run_report.py`) does the whole round trip.

Pinterest's limits are checked before any request, with the rule in the error (`REPORT_WINDOWS`):
ads reports reach 914 days back and span 186 days (HOUR: 8 and 3; level PRODUCT_ITEM: 92 and 31),
template reports 2.5 years both ways, conversion product reports start after 2024-03-16 (after
2025-04-01 with BRAND_ATTRIBUTION) and span 7 days to a year. Column names, levels, targeting types
and countries are checked against the spec's enums (`facts.vocabulary`) without being published, as
the sync columns are: as JSON-Schema enums they would add ~15 KB to `tools/list`.

`create_report` and `run_report` take a relative `date_range` instead of the dates, as the sync
analytics do: checked here against UTC's today, then resolved in the ad account's time zone when
the call runs (`report_dates`) and echoed as absolute dates.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Annotated, ClassVar, Literal, Self

from pydantic import AfterValidator, Field, WithJsonSchema, model_validator

from pinterest_mcp.operations.analytics import DEFAULT_COLUMNS
from pinterest_mcp.registry.dates import DateRange, Window, check_window, resolve, utc_today
from pinterest_mcp.registry.inputs import AdAccountId, Id, OperationInput, Order, Page, SpecEnum, Vocabulary
from pinterest_mcp.registry.records import Operation, View
from pinterest_mcp.spec.facts import vocabulary

Granularity = Literal["TOTAL", "DAY", "HOUR", "WEEK", "MONTH"]
AttributionWindow = Literal[0, 1, 7, 14, 30, 60]

REPORT_WINDOWS: dict[str, Window] = {
    "DEFAULT": Window(back=914, span=186),
    "HOUR": Window(back=8, span=3),
    "PRODUCT_ITEM": Window(back=92, span=31),
}
"""Ads reports' date limits, from `analytics/create_report`: by granularity HOUR, level PRODUCT_ITEM*, else DEFAULT."""
TEMPLATE_WINDOW = Window(back=913, span=913)
"""Template reports: 2.5 years back and 2.5 years long (365.25 × 2.5 days, rounded down)."""
PRODUCT_REPORT_EARLIEST = date(2024, 3, 16)
PRODUCT_REPORT_EARLIEST_BRAND = date(2025, 4, 1)
PRODUCT_REPORT_DAYS = (7, 365)
"""Conversion product reports: at least 7 days (both dates counted), at most a year between the dates."""


def report_window(granularity: str, level: str) -> tuple[Window, str]:
    """The ads-report window that applies, and how an error names it."""
    if granularity == "HOUR":
        return REPORT_WINDOWS["HOUR"], "async reports with granularity HOUR"
    if level.startswith("PRODUCT_ITEM"):
        return REPORT_WINDOWS["PRODUCT_ITEM"], f"async reports at level {level}"
    return REPORT_WINDOWS["DEFAULT"], f"async reports with granularity {granularity}"


def _iso_date(value: str) -> str:
    try:
        if len(value) != 10 or not value.isascii():
            raise ValueError(value)
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date in YYYY-MM-DD format") from None
    return value


IsoDate = Annotated[str, AfterValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
"""A YYYY-MM-DD date kept as text: report bodies are JSON, and Pinterest's pattern is the spec's."""

ASYNC = Vocabulary("column", frozenset(vocabulary("async_columns")))
AsyncColumn = Annotated[str, AfterValidator(ASYNC.check), ASYNC]
LEVEL = Vocabulary("level", frozenset(vocabulary("report_levels")))
Level = Annotated[str, AfterValidator(LEVEL.check), LEVEL]
"""A report level, checked but not enumerated in the schema (the description names the bases)."""
TARGETING = Vocabulary("targeting type", frozenset(vocabulary("report_targeting_types")))
TargetingType = Annotated[str, AfterValidator(TARGETING.check), TARGETING]
ReportIds = Annotated[list[Id] | None, Field(default=None, min_length=1, max_length=500)]


# The spec's longer enums of a report's filters: checked against them (an error names the closest values), not
# published, as the columns are not.
SUMMARY = Vocabulary("status", frozenset(vocabulary("entity_summary_statuses")))
SummaryStatus = Annotated[str, AfterValidator(SUMMARY.check), SUMMARY]
AD_STATUS = Vocabulary("ad status", frozenset(vocabulary("ad_summary_statuses")))
AdStatus = Annotated[str, AfterValidator(AD_STATUS.check), AD_STATUS]
PRODUCT_GROUP_STATUS = Vocabulary("product group status", frozenset(vocabulary("product_group_summary_statuses")))
ProductGroupStatus = Annotated[str, AfterValidator(PRODUCT_GROUP_STATUS.check), PRODUCT_GROUP_STATUS]
OBJECTIVE = Vocabulary("objective type", frozenset(vocabulary("objective_types")))
Objective = Annotated[str, AfterValidator(OBJECTIVE.check), OBJECTIVE]
EVENT_METRIC = Vocabulary("custom event metric", frozenset(vocabulary("custom_event_metrics")))
EventMetric = Annotated[str, AfterValidator(EVENT_METRIC.check), EVENT_METRIC]
Statuses = Field(default=None, min_length=1, max_length=6)
Hour = Annotated[int | None, Field(default=None, ge=0, le=23)]


class MetricsFilter(OperationInput):
    # Keeps the rows whose metric is below (above) every value; no docstring, which would be published.
    field: Annotated[str, SpecEnum("metrics_filter_columns")]
    operator: Annotated[str, SpecEnum("metrics_filter_operators")]
    values: list[float] = Field(min_length=1)


class CustomEventMetrics(OperationInput):
    custom_event_metrics_type: EventMetric
    custom_event_name: str = Field(min_length=1)


def _text(value: str) -> str:
    if not value.strip() or len(value) > 512:
        raise ValueError("must be 1 to 512 characters")
    return value


Text = Annotated[str, AfterValidator(_text)]
"""A token or report name: 1-512 characters, checked here rather than spelled out in every schema."""


def asked_dates(start_date: str | None, end_date: str | None, date_range: str | None) -> tuple[date, date] | None:
    """The dates a report call asks for: both given, or `date_range` read in UTC; None when neither is.

    The account's today is within a day of UTC's, so limits checked here hold; `report_dates`
    checks again with the range resolved in the account's zone.
    """
    if date_range is not None:
        if start_date is not None or end_date is not None:
            raise ValueError("give start_date and end_date, or date_range, not both")
        return resolve(date_range, utc_today())
    if start_date is None or end_date is None:
        if start_date is not None or end_date is not None:
            raise ValueError("start_date and end_date: give both (or date_range)")
        return None
    return date.fromisoformat(start_date), date.fromisoformat(end_date)


RELATIVE = frozenset({"date_range"})
"""A report's own argument, never sent: `start_date`/`end_date` are filled from it (`FILLED`)."""
DATES = frozenset({"start_date", "end_date"})


class ReportQuery(OperationInput):
    """What an ads report is about: level, granularity, columns, filters and format (dates: the subclasses)."""

    level: Level = Field(
        default="CAMPAIGN",
        description="ADVERTISER, CAMPAIGN, AD_GROUP, PIN_PROMOTION, KEYWORD, PRODUCT_GROUP, PRODUCT_ITEM; "
        "each +_TARGETING with targeting_types",
    )
    granularity: Granularity = "DAY"
    columns: Annotated[list[AsyncColumn], Field(min_length=1)] = Field(default_factory=lambda: list(DEFAULT_COLUMNS))
    targeting_types: Annotated[list[TargetingType] | None, Field(default=None, min_length=1, max_length=5)]
    campaign_ids: ReportIds
    ad_group_ids: ReportIds
    ad_ids: ReportIds
    report_format: Literal["JSON", "CSV"] | None = None
    click_window_days: AttributionWindow | None = None
    view_window_days: AttributionWindow | None = None
    engagement_window_days: AttributionWindow | None = None
    conversion_report_time: Annotated[str, SpecEnum("conversion_report_times")] | None = None
    reporting_timezone: Annotated[str, SpecEnum("reporting_timezones")] | None = None

    def check_query(self) -> None:
        """The body rules Pinterest states beside its dates (targeting types with *_TARGETING levels only)."""
        targeting = self.level.endswith("_TARGETING")
        if targeting and not self.targeting_types:
            raise ValueError(f"targeting_types: required with level {self.level} (it breaks metrics down by them)")
        if self.targeting_types and not targeting:
            raise ValueError(f"targeting_types: only with a *_TARGETING level, not {self.level}")
        if self.level.startswith("PRODUCT_ITEM") and self.ad_ids:
            raise ValueError(f"ad_ids: not allowed with level {self.level}")


class ReportFilters(ReportQuery):
    """The rest of the spec's report body: status, objective, brand, product and metric filters, hours, sort.

    `create_report` takes them; `run_report` keeps to the query above (each field costs every `tools/list`)
    and waits on a `create_report` token for a filtered report.
    """

    attribution_types: list[Annotated[str, SpecEnum("report_attribution_types")]] | None = None
    campaign_statuses: list[SummaryStatus] | None = Statuses
    campaign_objective_types: list[Objective] | None = Field(default=None, min_length=1, max_length=7)
    campaign_brand_label: str | None = None
    ad_group_statuses: list[SummaryStatus] | None = Statuses
    ad_statuses: list[AdStatus] | None = Statuses
    product_group_ids: ReportIds
    product_group_statuses: list[ProductGroupStatus] | None = Statuses
    product_item_ids: ReportIds
    metrics_filters: list[MetricsFilter] | None = Field(default=None, min_length=1)
    combine_targeting_types: bool | None = None
    custom_conversion_event_metrics: list[CustomEventMetrics] | None = None
    start_hour: Hour = None
    end_hour: Hour = None
    primary_sort: Annotated[str, SpecEnum("report_sorts")] | None = None

    def check_query(self) -> None:
        """Besides the query's rules: hours with HOUR granularity only, no ad filter at the product item level."""
        super().check_query()
        hours = [name for name in ("start_hour", "end_hour") if getattr(self, name) is not None]
        if hours and self.granularity != "HOUR":
            raise ValueError(f"{hours[0]}: only with granularity HOUR")
        if self.level.startswith("PRODUCT_ITEM") and self.ad_statuses:
            raise ValueError(f"ad_statuses: not allowed with level {self.level}")


class CreateReport(ReportFilters):
    LOCAL: ClassVar[frozenset[str]] = RELATIVE
    FILLED: ClassVar[frozenset[str]] = DATES

    ad_account_id: AdAccountId
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    date_range: DateRange | None = None

    def check_dates(self, start: date, end: date, today: date | None = None) -> None:
        """Refuse dates outside this report's limits (`today`: UTC's unless given)."""
        window, rule = report_window(self.granularity, self.level)
        check_window(start, end, window, rule=_with_range(rule, self.date_range), today=today)

    @model_validator(mode="after")
    def _within_pinterest_limits(self) -> Self:
        self.check_query()
        asked = asked_dates(self.start_date, self.end_date, self.date_range)
        if asked is None:
            raise ValueError("start_date and end_date (YYYY-MM-DD): required, or date_range")
        self.check_dates(*asked)
        return self


def _with_range(rule: str, date_range: str | None) -> str:
    return rule if date_range is None else f"{rule} (date_range {date_range})"


class ReportToken(OperationInput):
    ad_account_id: AdAccountId
    token: Text = Field(description="From the create call")


class ListTemplates(Page):
    ad_account_id: AdAccountId
    order: Order = None


class TemplateReport(OperationInput):
    ad_account_id: AdAccountId
    template_id: Id
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    granularity: Granularity | None = None

    @model_validator(mode="after")
    def _within_pinterest_limits(self) -> Self:
        if (self.start_date is None) != (self.end_date is None):
            raise ValueError("start_date and end_date: give both, or neither (the template's own range)")
        if self.start_date and self.end_date:
            start, end = date.fromisoformat(self.start_date), date.fromisoformat(self.end_date)
            check_window(start, end, TEMPLATE_WINDOW, rule="template reports (2.5 years)")
        return self


MMM = Vocabulary("MMM column", frozenset(vocabulary("mmm_columns")))
MmmColumn = Annotated[str, AfterValidator(MMM.check), MMM]
COUNTRIES = Vocabulary("country", frozenset(vocabulary("advertiser_countries")))
Country = Annotated[str, AfterValidator(COUNTRIES.check), COUNTRIES]


class CreateMmmReport(OperationInput):
    ad_account_id: AdAccountId
    report_name: Text
    start_date: IsoDate
    end_date: IsoDate
    granularity: Literal["DAY", "WEEK"]
    level: Literal["CAMPAIGN_TARGETING", "AD_GROUP_TARGETING"]
    targeting_types: list[Literal["APPTYPE", "COUNTRY", "CREATIVE_TYPE", "GENDER", "LOCATION"]] = Field(
        min_length=1, max_length=5
    )
    columns: Annotated[list[MmmColumn], Field(min_length=1)]
    countries: list[Country] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.end_date < self.start_date:  # ISO dates sort as text
            raise ValueError(f"end_date {self.end_date} is before start_date {self.start_date}")
        return self


PRODUCT = Vocabulary("conversion product column", frozenset(vocabulary("conversion_product_columns")))
ProductColumn = Annotated[str, AfterValidator(PRODUCT.check), PRODUCT]


def _sku(value: str) -> str:
    if not (value.isascii() and value.isalnum()):
        raise ValueError(f"{value!r} is not a SKU id (letters and digits)")
    return value


Sku = Annotated[str, AfterValidator(_sku)]
"""The spec's `^[a-zA-Z0-9]+$`, checked without publishing the pattern."""


class CreateProductReport(OperationInput):
    ad_account_id: AdAccountId
    report_name: Text
    start_date: IsoDate
    end_date: IsoDate
    granularity: Literal["WEEK", "MONTH", "TOTAL"]
    level: Literal["ADVERTISER", "CAMPAIGN", "AD_GROUP"]
    columns: Annotated[list[ProductColumn], Field(min_length=1)]
    conversion_product_breakdown: (
        Literal["PRODUCT_BRAND", "PRODUCT_CATEGORY", "PRODUCT_BRAND_AND_CATEGORY", "PRODUCT_SKU", "PRODUCT_SKU_GROUP"]
        | None
    ) = None
    conversion_product_attribution_type: Literal["DEFAULT", "BRAND_ATTRIBUTION"] | None = None
    campaign_ids: ReportIds
    ad_group_ids: ReportIds
    product_sku_ids: list[Sku] | None = Field(default=None, min_length=2, max_length=500)
    campaign_objective_types: list[Objective] | None = Field(default=None, min_length=1, max_length=7)
    click_window_days: AttributionWindow | None = None
    view_window_days: AttributionWindow | None = None
    conversion_report_time: Annotated[str, SpecEnum("conversion_report_times")] | None = None

    @model_validator(mode="after")
    def _within_pinterest_limits(self) -> Self:
        start, end = date.fromisoformat(self.start_date), date.fromisoformat(self.end_date)
        brand = self.conversion_product_attribution_type == "BRAND_ATTRIBUTION"
        earliest = PRODUCT_REPORT_EARLIEST_BRAND if brand else PRODUCT_REPORT_EARLIEST
        if start <= earliest:
            rule = " with BRAND_ATTRIBUTION" if brand else ""
            raise ValueError(f"start_date {start} must be after {earliest}{rule}")
        shortest, longest = PRODUCT_REPORT_DAYS
        if end < start + timedelta(days=shortest - 1):
            raise ValueError(f"end_date: conversion product reports cover at least {shortest} days")
        if (end - start).days > longest:
            raise ValueError(f"end_date may be at most {longest} days after start_date for conversion product reports")
        if self.campaign_ids and self.level != "CAMPAIGN":
            raise ValueError(f"campaign_ids: only with level CAMPAIGN, not {self.level}")
        if self.ad_group_ids and self.level != "AD_GROUP":
            raise ValueError(f"ad_group_ids: only with level AD_GROUP, not {self.level}")
        if self.product_sku_ids and self.conversion_product_breakdown != "PRODUCT_SKU_GROUP":
            raise ValueError("product_sku_ids: only with conversion_product_breakdown PRODUCT_SKU_GROUP")
        return self


TEMPLATE = View(
    kind="report_template",
    default_fields=("id", "name", "report_level", "granularity", "report_format", "columns", "date_range"),
)

_report = partial(Operation, toolset="reports")

OPERATIONS = (
    _report(
        name="create_report",
        title="Create a report",
        description="Start an async ads report (914 days back, 186 long; HOUR 8/3); get_report polls its token.",
        operation_id="analytics/create_report",
        input=CreateReport,
    ),
    _report(
        name="get_report",
        title="Report status",
        description="Status of a create_report or template report token; run_report(token) gives its rows and CSV.",
        operation_id="analytics/get_report",
        input=ReportToken,
    ),
    _report(
        name="list_report_templates",
        description="Saved report templates of an ad account.",
        operation_id="templates/list",
        input=ListTemplates,
        lists=True,
        view=TEMPLATE,
    ),
    _report(
        name="create_template_report",
        title="Create a template report",
        description="Start a report from a template (dates optional, up to 2.5 years); get_report polls it.",
        operation_id="analytics/create_template_report",
        input=TemplateReport,
        query=("start_date", "end_date", "granularity"),
    ),
    _report(
        name="create_mmm_report",
        title="Create an MMM report",
        description="Start a marketing-mix-model report (beta: 5 a minute); get_mmm_report polls it.",
        operation_id="analytics/create_mmm_report",
        input=CreateMmmReport,
    ),
    _report(
        name="get_mmm_report",
        title="MMM report status",
        description="Status and download link of an MMM report token.",
        operation_id="analytics/get_mmm_report",
        input=ReportToken,
    ),
    _report(
        name="create_conversion_product_report",
        title="Create a product report",
        description="Start a conversions-by-brand/category/SKU report (restricted); 7 days to a year after 2024-03-16.",
        operation_id="analytics/create_conversion_product_report",
        input=CreateProductReport,
    ),
    _report(
        name="get_conversion_product_report",
        title="Product report status",
        description="Status and download link of a conversion product report token.",
        operation_id="analytics/get_conversion_product_report",
        input=ReportToken,
    ),
)


MAX_OFFSET = 100_000
"""The furthest page `run_report` shows (a page is read from the saved file, keeping offset + rows rows)."""


class RunReport(ReportQuery):
    """`run_report`: an ads report from its dates, a template's report, or a token already made; then its table."""

    LOCAL: ClassVar[frozenset[str]] = RELATIVE
    FILLED: ClassVar[frozenset[str]] = DATES

    ad_account_id: AdAccountId
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    date_range: DateRange | None = None
    template_id: Id | None = Field(default=None, description="Run this template instead")
    token: Text | None = Field(default=None, description="Wait for this report")
    token_of: Literal["report", "mmm", "conversion_product"] = Field(
        default="report", description="Which create made token"
    )
    rows: int = Field(default=50, ge=1, le=1000, description="Rows shown; the file has all")
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)

    def check_dates(self, start: date, end: date, today: date | None = None) -> None:
        """Refuse dates outside this run's limits (`today`: UTC's unless given).

        Longer spans than one report allows are split into several reports; only how far back the
        data reaches is a hard limit, and one TOTAL row cannot be split.
        """
        if self.template_id is not None:
            rule = _with_range("template reports (2.5 years)", self.date_range)
            check_window(start, end, TEMPLATE_WINDOW, rule=rule, today=today)
            return
        window, rule = report_window(self.granularity, self.level)
        if self.granularity == "TOTAL" and (end - start).days > window.span:
            raise ValueError(
                f"granularity TOTAL: one report covers at most {window.span} days; use MONTH or WEEK "
                "(longer ranges are split into several reports and merged) or a shorter range"
            )
        check_window(start, end, Window(back=window.back, span=window.back), rule=_with_range(rule, self.date_range))

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if self.token is not None:
            kept = ("ad_account_id", "token", "token_of", "rows", "offset")
            made = {n for n in self.model_fields_set if n not in kept}
            if made:
                raise ValueError(f"token: waits for a report already made; leave out {', '.join(sorted(made))}")
            return self
        asked = asked_dates(self.start_date, self.end_date, self.date_range)
        if self.template_id is not None:
            extra = {n for n in self.model_fields_set if n in ReportQuery.model_fields and n != "granularity"}
            if extra:
                raise ValueError(f"template_id: the template sets {', '.join(sorted(extra))}; leave them out")
        elif asked is None:
            raise ValueError("start_date and end_date: required (or date_range, template_id, or token)")
        else:
            self.check_query()
        if asked is not None:
            self.check_dates(*asked)
        return self
