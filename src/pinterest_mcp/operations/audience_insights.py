"""Audience insights: who an ad account's audience is (ages, genders, countries, interests), as shares."""

from __future__ import annotations

from functools import partial
from typing import Literal

from pinterest_mcp.registry.inputs import AdAccountId, OperationInput
from pinterest_mcp.registry.records import Operation, View

DEFINITION = View(kind="audience_definition", default_fields=("type", "scope", "date"))


class GetAudienceInsights(OperationInput):
    ad_account_id: AdAccountId
    audience_insight_type: Literal["YOUR_TOTAL_AUDIENCE", "YOUR_ENGAGED_AUDIENCE", "PINTEREST_TOTAL_AUDIENCE"]


class ListAudienceDefinitions(OperationInput):
    ad_account_id: AdAccountId


_read = partial(Operation, toolset="audiences")

OPERATIONS = (
    _read(
        name="get_audience_insights",
        description="Demographics and interest categories of an audience, as ratios (0-1) with size.",
        operation_id="audience_insights/get",
        input=GetAudienceInsights,
    ),
    _read(
        name="list_audience_insight_types",
        description="Which audience insights an ad account has, with their scope and date.",
        operation_id="audience_insights_scope_and_type/get",
        input=ListAudienceDefinitions,
        lists=True,
        view=DEFINITION,
    ),
)
