"""Report templates (``templates/list``) and reports made from them (``analytics/create_template_report``).

Every ad account has the same few templates, their ids stable per seed and account: a weekly
campaign report (JSON), a daily ad group report (CSV) and a gender breakdown of campaigns. A
template report is an ordinary async report (``reports``): its body is the template's level,
columns, granularity and format, over the template's relative days or the dates the query names,
so it is polled with ``analytics/get_report`` and downloaded the same way.

Limits are the operation's: ``start_date`` at most 2.5 years (913 days) before today, ``end_date``
at most 2.5 years after ``start_date``; dates come together or not at all. An unknown template
answers 404.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import invalid, not_found
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.params import paginate, path_id
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds.resources import AD_ACCOUNTS
from pinterest_mcp.emulator.routes.reports import issue, parse, report_file
from pinterest_mcp.emulator.sim.analytics import uniforms

TEMPLATE_NOT_FOUND = 404
TEMPLATE_SPAN_DAYS = 913
"""2.5 years, in whole days (365.25 × 2.5 rounded down): both of the operation's date limits."""
UPDATED_TIME = 1_767_225_600  # 2026-01-01, when the seed's templates were last saved

# name, level, granularity, format, columns, targeting types, days in the past (start, end)
_TEMPLATES: tuple[tuple[str, str, str, str, tuple[str, ...], tuple[str, ...], int, int], ...] = (
    (
        "Weekly campaign spend",
        "CAMPAIGN",
        "WEEK",
        "JSON",
        ("CAMPAIGN_NAME", "SPEND_IN_MICRO_DOLLAR", "PAID_IMPRESSION", "TOTAL_CLICKTHROUGH", "CTR"),
        (),
        28,
        1,
    ),
    (
        "Daily ad group delivery",
        "AD_GROUP",
        "DAY",
        "CSV",
        ("AD_GROUP_NAME", "SPEND_IN_MICRO_DOLLAR", "PAID_IMPRESSION", "CLICKTHROUGH_1", "TOTAL_CONVERSIONS"),
        (),
        7,
        1,
    ),
    (
        "Campaigns by gender",
        "CAMPAIGN_TARGETING",
        "TOTAL",
        "JSON",
        ("SPEND_IN_MICRO_DOLLAR", "PAID_IMPRESSION", "TOTAL_CLICKTHROUGH"),
        ("GENDER",),
        30,
        1,
    ),
)


def template_id(seed: int, account_id: str, index: int) -> str:
    """A stable 13-digit template id per seed, account and template."""
    u = uniforms(seed, "template", account_id, index)
    return str(1_000_000_000_000 + int(u[0] * 65_536) * 65_536 + int(u[1] * 65_536))


def templates_of(seed: int, account: Entity, user_id: str) -> list[dict[str, Any]]:
    """The account's templates as ``TemplateResponse`` objects, with the fields the body needs kept aside."""
    out = []
    for index, (name, level, granularity, fmt, columns, types, start_days, end_days) in enumerate(_TEMPLATES):
        out.append(
            {
                "id": template_id(seed, account["id"], index),
                "name": name,
                "ad_account_id": account["id"],
                "ad_account_ids": [account["id"]],
                "user_id": user_id,
                "type": "BULK",
                "creation_source": "ADS_API",
                "report_level": level,
                "granularity": granularity,
                "report_format": fmt,
                "columns": list(columns),
                "click_window_days": 30,
                "engagement_window_days": 30,
                "view_window_days": 1,
                "conversion_report_time_type": "TIME_OF_AD_ACTION",
                "report_start_relative_days_in_past": start_days,
                "report_end_relative_days_in_past": end_days,
                "date_range": {
                    "relative_date_range": {
                        "type": "relative",
                        "start_days_in_past": start_days,
                        "end_days_in_past": end_days,
                    }
                },
                "is_owned_by_user": True,
                "is_scheduled": False,
                "is_deleted": False,
                "updated_time": UPDATED_TIME,
                "_targeting_types": list(types),
            }
        )
    return out


def _shown(template: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in template.items() if not key.startswith("_")}


def _templates(request: Request, account: Entity) -> list[dict[str, Any]]:
    store = lookup.store_of(request)
    return templates_of(lookup.seed_of(request), account, str(store.user.get("id", "")))


async def list_templates(request: Request) -> JSONResponse:
    """``GET /ad_accounts/{id}/templates``: the account's templates, paged, by id."""
    account = AD_ACCOUNTS.locate(request)[1]
    query = lookup.query_of(request)
    templates = sorted(_templates(request, account), key=lambda t: t["id"], reverse=query.text("order") == "DESCENDING")
    page = paginate(query, [_shown(t) for t in templates])
    return JSONResponse(page)


async def create_template_report(request: Request) -> JSONResponse:
    """``POST /ad_accounts/{id}/templates/{template_id}/reports``: a report of the template's kind."""
    account = AD_ACCOUNTS.locate(request)[1]
    wanted = path_id(request.path_params["template_id"], "template_id")
    template = next((t for t in _templates(request, account) if t["id"] == wanted), None)
    if template is None:
        raise not_found(TEMPLATE_NOT_FOUND, f"Template {wanted} not found in ad account {account['id']}.")
    query = lookup.query_of(request)
    today = lookup.today_of(request)
    granularity = query.text("granularity") or template["granularity"]
    if ("start_date" in query) != ("end_date" in query):
        raise invalid("Invalid parameters: give start_date and end_date together, or neither.")
    if "start_date" in query:
        start, end = query.day("start_date"), query.day("end_date")
    else:
        start = today - timedelta(days=template["report_start_relative_days_in_past"])
        end = today - timedelta(days=template["report_end_relative_days_in_past"])
    if end < start:
        raise invalid("Invalid end_date: it must not be before start_date.")
    if start < today - timedelta(days=TEMPLATE_SPAN_DAYS):
        raise invalid(
            f"Invalid start_date: it cannot be more than 2.5 years ({TEMPLATE_SPAN_DAYS} days) before today "
            f"({today.isoformat()} UTC)."
        )
    if (end - start).days > TEMPLATE_SPAN_DAYS:
        raise invalid(f"Invalid end_date: it can be at most 2.5 years ({TEMPLATE_SPAN_DAYS} days) after start_date.")
    body: dict[str, Any] = {
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "granularity": granularity,
        "level": template["report_level"],
        "columns": template["columns"],
        "report_format": template["report_format"],
    }
    if template["_targeting_types"]:
        body["targeting_types"] = template["_targeting_types"]
    spec = parse(body, today, check_dates=False)  # the template's 2.5-year limits above, not create_report's
    token = issue(request, account, *report_file(request, account, spec))
    return JSONResponse({"token": token, "report_status": "IN_PROGRESS", "template_id": wanted})


ROUTES: list[Endpoint] = [
    Endpoint("templates/list", list_templates),
    Endpoint("analytics/create_template_report", create_template_report),
]
