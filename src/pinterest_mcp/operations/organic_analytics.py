"""Organic analytics: how Pins and the profile perform without ad spend, and the top Pins.

Pinterest keeps these 90 days back and answers at most 90 days at a time (`dates.ORGANIC_WINDOW`,
checked before any request); `date_range` stands in for the dates, resolved in the time zone of
`ad_account_id` when one is given, else UTC. Several Pins fan out 100 a request. Answers are
nested per split and day; they are shown as one table: a row per day, then TOTAL (the range)
and, for Pins, LIFETIME rows, with SPLIT naming the group when split. Top Pins keep Pinterest's
ranking. `ad_account_id` is optional everywhere: it reads as that account's owner.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, Field

from pinterest_mcp.operations.analytics import Dated, PinIds
from pinterest_mcp.registry.dates import ORGANIC_WINDOW, Window
from pinterest_mcp.registry.inputs import BusinessAdAccountId, CommaSeparated, Id, Vocabulary
from pinterest_mcp.registry.records import Operation, View

PIN_METRICS = Vocabulary(
    "Pin metric",
    frozenset(
        {
            "IMPRESSION", "OUTBOUND_CLICK", "PIN_CLICK", "SAVE", "SAVE_RATE", "TOTAL_COMMENTS", "TOTAL_REACTIONS",
            "USER_FOLLOW", "PROFILE_VISIT", "VIDEO_MRC_VIEW", "VIDEO_10S_VIEW", "QUARTILE_95_PERCENT_VIEW",
            "VIDEO_V50_WATCH_TIME", "VIDEO_START", "VIDEO_AVG_WATCH_TIME",
        }
    ),
)  # fmt: skip
"""Standard and video Pin metrics. The spec gives them as two `oneOf` enums, so the check is ours alone."""
PinMetric = Annotated[str, AfterValidator(PIN_METRICS.check)]
PinMetrics = Annotated[
    list[PinMetric],
    CommaSeparated(),
    Field(min_length=1, description="IMPRESSION, SAVE, PIN_CLICK, OUTBOUND_CLICK, VIDEO_MRC_VIEW..."),
]
AccountMetric = Literal[
    "ENGAGEMENT", "ENGAGEMENT_RATE", "IMPRESSION", "OUTBOUND_CLICK", "OUTBOUND_CLICK_RATE", "PIN_CLICK",
    "PIN_CLICK_RATE", "SAVE", "SAVE_RATE",
]  # fmt: skip
VideoMetric = Literal[
    "IMPRESSION", "SAVE", "VIDEO_MRC_VIEW", "VIDEO_AVG_WATCH_TIME", "VIDEO_V50_WATCH_TIME", "QUARTILE_95_PERCENT_VIEW",
    "VIDEO_10S_VIEW", "VIDEO_START", "OUTBOUND_CLICK",
]  # fmt: skip
# Top Pins list their metric names in sort_by already; their metric_types are checked, not listed again.
TOP_METRICS = Vocabulary("metric", frozenset(get_args(AccountMetric)))
TopMetric = Annotated[str, AfterValidator(TOP_METRICS.check), TOP_METRICS]
TOP_VIDEO_METRICS = Vocabulary("video metric", frozenset(get_args(VideoMetric)))
TopVideoMetric = Annotated[str, AfterValidator(TOP_VIDEO_METRICS.check), TOP_VIDEO_METRICS]
VideoSort = Literal[
    "IMPRESSION", "SAVE", "OUTBOUND_CLICK", "VIDEO_MRC_VIEW", "VIDEO_AVG_WATCH_TIME", "VIDEO_V50_WATCH_TIME",
    "QUARTILE_95_PERCENT_VIEW", "VIDEO_10S_VIEW", "VIDEO_START",
]  # fmt: skip
"""The same names as VideoMetric in the spec's own order for sort_by."""
AppType = Literal["ALL", "MOBILE", "TABLET", "WEB"] | None
PinFormat = Literal[
    "ALL", "ORGANIC_IMAGE", "ORGANIC_PRODUCT", "ORGANIC_VIDEO", "ADS_STANDARD", "ADS_PRODUCT", "ADS_VIDEO", "ADS_IDEA"
]  # fmt: skip

ORGANIC = View(kind="organic_analytics", default_fields=(), table=True)
MULTI_PIN = View(kind="multi_pin_analytics", default_fields=(), table=True)
TOP_PINS = View(kind="top_pins", default_fields=(), table=True)


class OrganicWindow(Dated):
    """The date range of every organic analytics call, within what Pinterest keeps."""

    ad_account_id: BusinessAdAccountId

    def window(self) -> tuple[Window, str]:
        return ORGANIC_WINDOW, "organic analytics"


class PinMetricsQuery(OrganicWindow):
    pin_id: Id
    metric_types: PinMetrics
    app_types: AppType = None
    split_field: Literal["NO_SPLIT", "APP_TYPE"] | None = None


class MultiPinMetrics(OrganicWindow):
    pin_ids: PinIds
    metric_types: PinMetrics
    app_types: AppType = None


class AccountFilters(OrganicWindow):
    """Which of the account's Pins count: claimed website, format, app, paid or organic, own or others'."""

    from_claimed_content: Literal["OTHER", "CLAIMED", "BOTH"] | None = None
    pin_format: PinFormat | None = None
    app_types: AppType = None
    content_type: Literal["ALL", "PAID", "ORGANIC"] | None = None
    source: Literal["ALL", "YOUR_PINS", "OTHER_PINS"] | None = None


class AccountMetrics(AccountFilters):
    metric_types: Annotated[list[AccountMetric] | None, CommaSeparated(), Field(default=None, min_length=1)]
    split_field: Literal["NO_SPLIT", "APP_TYPE", "OWNED_CONTENT", "SOURCE", "PIN_FORMAT"] | None = None


class TopPinsFilters(AccountFilters):
    num_of_pins: int | None = Field(default=None, ge=1, le=50, description="Default 10")
    created_in_last_n_days: Literal[30] | None = None


class TopPins(TopPinsFilters):
    sort_by: Literal["ENGAGEMENT", "IMPRESSION", "OUTBOUND_CLICK", "PIN_CLICK", "SAVE"]
    metric_types: Annotated[
        list[TopMetric] | None,
        CommaSeparated(),
        TOP_METRICS,  # on the field as well: an optional list hides its items' markers
        Field(default=None, min_length=1, description="sort_by names, or their *_RATE but IMPRESSION's; default all"),
    ]


class TopVideoPins(TopPinsFilters):
    sort_by: VideoSort
    metric_types: Annotated[
        list[TopVideoMetric] | None,
        CommaSeparated(),
        TOP_VIDEO_METRICS,  # on the field as well: an optional list hides its items' markers
        Field(default=None, min_length=1, description="sort_by names; default all"),
    ]


_read = partial(Operation, toolset="organic_analytics")

OPERATIONS = (
    _read(
        name="get_pin_analytics",
        title="Pin analytics",
        description="One Pin's organic metrics by day, with range and lifetime totals, as a table.",
        operation_id="pins/analytics",
        input=PinMetricsQuery,
        view=ORGANIC,
    ),
    _read(
        name="get_multi_pin_analytics",
        title="Analytics of several Pins",
        description="Organic metrics of up to 100 Pins by day, with totals, as one table (beta).",
        operation_id="multi_pins/analytics",
        input=MultiPinMetrics,
        view=MULTI_PIN,
    ),
    _read(
        name="get_user_account_analytics",
        title="Profile analytics",
        description="Your profile's metrics over all your Pins by day, with totals, as a table.",
        operation_id="user_account/analytics",
        input=AccountMetrics,
        view=ORGANIC,
    ),
    _read(
        name="get_top_pins",
        title="Top Pins",
        description="Your best Pins over a date range by sort_by, best first, as a table.",
        operation_id="user_account/analytics/top_pins",
        input=TopPins,
        view=TOP_PINS,
    ),
    _read(
        name="get_top_video_pins",
        title="Top video Pins",
        description="Your best video Pins over a date range by sort_by, best first, as a table.",
        operation_id="user_account/analytics/top_video_pins",
        input=TopVideoPins,
        view=TOP_PINS,
    ),
)
