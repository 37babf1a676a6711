"""Targeting and reporting reference data: what ad group targeting accepts, and when metrics are final.

These answer "what can I target?" and "can I trust yesterday's numbers?" before a write or a
report. Several are lists Pinterest does not page (`lists=True` without paging arguments).
"""

from __future__ import annotations

from functools import partial
from typing import Literal

from pydantic import Field

from pinterest_mcp.registry.inputs import BusinessAdAccountId, Id, OperationInput
from pinterest_mcp.registry.records import Operation, View

COUNTRY = View(kind="country", default_fields=("code", "name", "currency"))
METRIC = View(kind="metric", default_fields=("name", "display_name", "category", "definition"))

TargetingType = Literal[
    "APPTYPE",
    "GENDER",
    "LOCALE",
    "AGE_BUCKET",
    "LOCATION",
    "GEO",
    "INTEREST",
    "KEYWORD",
    "AUDIENCE_INCLUDE",
    "AUDIENCE_EXCLUDE",
]


class ListTargetingOptions(OperationInput):
    targeting_type: TargetingType
    ad_account_id: BusinessAdAccountId
    client_id: Id | None = Field(default=None, description="With oauth_signature, timestamp: app-signed calls only")
    oauth_signature: str | None = None
    timestamp: str | None = Field(default=None, pattern=r"[0-9]+")


class NoArguments(OperationInput):
    """An operation that takes no parameters."""


class GetInterest(OperationInput):
    interest_id: Id


class ListMetricDefinitions(OperationInput):
    report_type: Literal["SYNC", "ASYNC"] | None = Field(default=None, description="Only metrics of this report kind")


class GetMetricsReadyState(OperationInput):
    date: str = Field(pattern=r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$", description="YYYY-MM-DD (UTC)")


_read = partial(Operation, toolset="targeting")

OPERATIONS = (
    _read(
        name="list_targeting_options",
        description="Values an ad group's targeting_spec takes for one type, as {value: label}.",
        operation_id="targeting_options/get",
        input=ListTargetingOptions,
        lists=True,
    ),
    _read(
        name="get_interest",
        description="One targeting interest: name, level, child interest ids.",
        operation_id="interest_targeting_options/get",
        input=GetInterest,
    ),
    _read(
        name="list_ad_account_countries",
        description="Countries an ad account can be in, with their currency.",
        operation_id="ad_account_countries/get",
        input=NoArguments,
        lists=True,
        view=COUNTRY,
    ),
    _read(
        name="list_lead_form_questions",
        description="Question types a lead form can ask (beta).",
        operation_id="lead_form_questions/get",
        input=NoArguments,
        lists=True,
    ),
    _read(
        name="list_metric_definitions",
        description="What each ads and organic metric (analytics column) means.",
        operation_id="delivery_metrics/get",
        input=ListMetricDefinitions,
        lists=True,
        view=METRIC,
    ),
    _read(
        name="get_metrics_ready_state",
        description="Whether a day's conversion and other metrics are final.",
        operation_id="metrics_ready_state/get",
        input=GetMetricsReadyState,
    ),
)
