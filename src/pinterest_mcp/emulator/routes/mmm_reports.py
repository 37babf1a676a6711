"""Marketing-mix-model reports: ``analytics/create_mmm_report`` and ``analytics/get_mmm_report``.

An MMM report is a targeting breakdown of campaigns or ad groups by day or week, computed like an
async ads report (``reports``) and kept in the same book under its own kind, so only
``get_mmm_report`` knows its token. Both answers wrap their fields in ``data`` as the spec's
``CreateMMMReportResponse`` / ``GetMMMReportResponse`` do. The file is CSV with a header (the
spec names no format for MMM files; the emulator serves the modelling-friendly one).

The spec states no date window for MMM reports beyond its enums, so only ``end_date`` before
``start_date`` is refused; ``countries`` is validated and, the emulator's traffic being
per-country only through targeting, not applied.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.kinds.resources import AD_ACCOUNTS
from pinterest_mcp.emulator.routes.reports import (
    ReportSpec,
    body_choice,
    body_date,
    body_list,
    issue,
    json_body,
    poll_answer,
    report_file,
)
from pinterest_mcp.emulator.sim.analytics import ReportQuery
from pinterest_mcp.spec.facts import vocabulary

KIND = "mmm"
FILTERS = (
    "campaign_ids", "ad_group_ids", "ad_ids", "campaign_statuses", "ad_group_statuses", "ad_statuses",
    "campaign_objective_types",
)  # fmt: skip
"""The filters an ads report's rows are chosen by (an MMM report sets none of them)."""


def parse_mmm(body: dict[str, Any]) -> ReportSpec:
    """Validate a ``CreateMMMReportRequest`` and express it as the equivalent ads report."""
    for name in ("report_name", "start_date", "end_date", "granularity", "level", "targeting_types", "columns"):
        if name not in body:
            raise invalid(f"Missing required parameter: {name}.")
    if not isinstance(body["report_name"], str) or not body["report_name"].strip():
        raise invalid("Invalid report_name: it must be a non-empty string.")
    start, end = body_date(body, "start_date"), body_date(body, "end_date")
    if end < start:
        raise invalid("Invalid end_date: it must not be before start_date.")
    granularity = str(body_choice(body, "granularity", vocabulary("mmm_granularities")))
    level = str(body_choice(body, "level", vocabulary("mmm_levels")))
    targeting_types = body_list(body, "targeting_types", vocabulary("mmm_targeting_types"), max_items=5)
    mmm_columns = vocabulary("mmm_columns")
    columns = body_list(body, "columns", mmm_columns, max_items=len(mmm_columns))
    if not columns:
        raise invalid("Invalid columns: at least one column is required.")
    if body.get("countries") is not None:
        countries = vocabulary("advertiser_countries")
        body_list(body, "countries", countries, max_items=len(countries))
    query = ReportQuery(start=start, end=end, granularity=granularity, columns=columns)
    filters: dict[str, list[str]] = {name: [] for name in FILTERS}
    return ReportSpec(query, level, targeting_types, filters, "CSV")


async def create_mmm_report(request: Request) -> JSONResponse:
    """``POST /ad_accounts/{id}/mmm_reports``: validate, compute the CSV file, answer a token in ``data``."""
    account = AD_ACCOUNTS.locate(request)[1]
    spec = parse_mmm(await json_body(request))
    token = issue(request, account, *report_file(request, account, spec), kind=KIND)
    return JSONResponse({"code": 0, "data": {"token": token, "report_status": "IN_PROGRESS", "message": None}})


async def get_mmm_report(request: Request) -> JSONResponse:
    """``GET /ad_accounts/{id}/mmm_reports?token=``: the status and link, wrapped in ``data``."""
    return JSONResponse({"code": 0, "data": poll_answer(request, KIND), "message": "ok", "status": "success"})


ROUTES: list[Endpoint] = [
    Endpoint("analytics/create_mmm_report", create_mmm_report),
    Endpoint("analytics/get_mmm_report", get_mmm_report),
]
