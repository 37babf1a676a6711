"""``/resources/...``: targeting options, interests, countries, lead form questions, metric definitions, readiness.

Reads of Pinterest's reference tables (``reference``), none of them about one ad account's
entities, so they are hand-written routes rather than resource rows. Several answer a bare JSON
array or an unpaged ``{"items": [...]}``, as the spec says.
"""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import invalid, not_found
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.query import parse_date
from pinterest_mcp.emulator.seed import reference
from pinterest_mcp.spec.facts import vocabulary

INTEREST_NOT_FOUND = 404
# Pinterest finalises metrics after the day ends: others by the next day, conversions a day later.
_NON_CONVERSION_LAG = timedelta(days=1)
_CONVERSION_LAG = timedelta(days=2)


async def targeting_options(request: Request) -> JSONResponse:
    """``GET /resources/targeting/{targeting_type}``: ``[{value: label, ...}]``."""
    targeting_type = request.path_params["targeting_type"]
    allowed = vocabulary("targeting_option_types")
    if targeting_type not in allowed:
        raise invalid(f"Invalid targeting_type: {targeting_type!r} is not one of {', '.join(allowed)}.")
    store = lookup.store_of(request)
    account = lookup.query_of(request).text("ad_account_id")
    accounts = {account} if account is not None else set(store.ad_accounts)
    return JSONResponse(reference.targeting_options(store, targeting_type, accounts))


async def interest(request: Request) -> JSONResponse:
    """``GET /resources/targeting/interests/{interest_id}``: one interest, 404 for an unknown id."""
    interest_id = request.path_params["interest_id"]
    found = reference.interests(lookup.store_of(request)).get(interest_id)
    if found is None:
        raise not_found(INTEREST_NOT_FOUND, f"Interest {interest_id} not found.")
    return JSONResponse(reference.interest_view(found))


async def countries(request: Request) -> JSONResponse:
    """``GET /resources/ad_account_countries``: every country, unpaged."""
    return JSONResponse({"items": reference.country_items()})


async def lead_form_questions(request: Request) -> JSONResponse:
    """``GET /resources/lead_form_questions``: the question type names (the spec gives no body schema)."""
    return JSONResponse(list(vocabulary("lead_form_question_types")))


async def delivery_metrics(request: Request) -> JSONResponse:
    """``GET /resources/delivery_metrics``: metric definitions, all or those of one report type."""
    report_type = lookup.query_of(request).text("report_type")
    return JSONResponse({"items": reference.metric_items(report_type)})


async def metrics_ready_state(request: Request) -> JSONResponse:
    """``GET /resources/metrics_ready_state``: whether a day's metrics are final, judged from the emulator's today."""
    day = parse_date("date", str(lookup.query_of(request).text("date")))  # the spec states a pattern, not a date
    today = lookup.today_of(request)
    return JSONResponse(
        {
            "conversion_metrics_ready": day + _CONVERSION_LAG <= today,
            "non_conversion_metrics_ready": day + _NON_CONVERSION_LAG <= today,
        }
    )


ROUTES = [
    Endpoint("interest_targeting_options/get", interest),  # before {targeting_type}
    Endpoint("targeting_options/get", targeting_options),
    Endpoint("ad_account_countries/get", countries),
    Endpoint("lead_form_questions/get", lead_form_questions),
    Endpoint("delivery_metrics/get", delivery_metrics),
    Endpoint("metrics_ready_state/get", metrics_ready_state),
]
