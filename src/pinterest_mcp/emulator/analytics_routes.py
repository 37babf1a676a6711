"""Synchronous ads analytics endpoints: account, campaigns, ad groups and ads."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.operations.analytics_columns import SYNC_COLUMNS

from . import lookup
from .analytics import (
    ATTRIBUTION_WINDOWS,
    CONVERSION_REPORT_TIMES,
    GRANULARITIES,
    REPORTING_TIMEZONES,
    ReportQuery,
    Simulator,
    Subject,
    attributes,
    check_date_range,
)
from .errors import invalid
from .lookup import Endpoint
from .params import enum_list, enum_value, id_list, required_date
from .resources import AD_ACCOUNTS
from .state import Entity, Store


def _report(request: Request, subjects: list[Subject]) -> JSONResponse:
    """Validate the shared report parameters and answer with the simulated rows."""
    query = request.query_params
    start, end = required_date(query, "start_date"), required_date(query, "end_date")
    granularity = str(enum_value(query, "granularity", GRANULARITIES, required=True))
    if not query.get("columns"):
        raise invalid("Missing required parameter: columns.")
    columns = enum_list(query, "columns", sorted(SYNC_COLUMNS))
    windows: dict[str, int] = {}
    for name, default in (("click_window_days", 30), ("engagement_window_days", 30), ("view_window_days", 1)):
        value = enum_value(query, name, ATTRIBUTION_WINDOWS, parse=int)
        windows[name] = default if value is None else value
    enum_value(query, "conversion_report_time", CONVERSION_REPORT_TIMES)
    enum_value(query, "reporting_timezone", REPORTING_TIMEZONES)
    today = lookup.today_of(request)
    check_date_range(start, end, granularity, today)
    report = ReportQuery(
        start=start,
        end=end,
        granularity=granularity,
        columns=columns,
        click_window_days=windows["click_window_days"],
        view_window_days=windows["view_window_days"],
    )
    simulator = Simulator(lookup.store_of(request), lookup.seed_of(request), today, report)
    return JSONResponse(simulator.report(subjects))


def _selected(entities: dict[str, Entity], ids: list[str], account: Entity) -> list[Entity]:
    """The requested entities of this account, in request order; unknown ids yield no rows."""
    unique = dict.fromkeys(ids)
    return [entities[i] for i in unique if i in entities and entities[i]["ad_account_id"] == account["id"]]


async def ad_account_analytics(request: Request) -> JSONResponse:
    account = AD_ACCOUNTS.locate(request)[1]
    store = lookup.store_of(request)
    subject = Subject("AD_ACCOUNT_ID", account["id"], attributes(store, account["id"]), store.ads_of(account["id"]))
    return _report(request, [subject])


async def campaign_analytics(request: Request) -> JSONResponse:
    account = AD_ACCOUNTS.locate(request)[1]
    store = lookup.store_of(request)
    ids = id_list(request.query_params, "campaign_ids", required=True) or []
    subjects = [
        Subject(
            "CAMPAIGN_ID",
            campaign["id"],
            attributes(store, account["id"], campaign),
            [ad for ad in store.ads.values() if ad["campaign_id"] == campaign["id"]],
        )
        for campaign in _selected(store.campaigns, ids, account)
    ]
    return _report(request, subjects)


async def ad_group_analytics(request: Request) -> JSONResponse:
    account = AD_ACCOUNTS.locate(request)[1]
    store = lookup.store_of(request)
    ids = id_list(request.query_params, "ad_group_ids", required=True) or []
    subjects = [
        Subject(
            "AD_GROUP_ID",
            group["id"],
            attributes(store, account["id"], store.campaigns[group["campaign_id"]], group),
            [ad for ad in store.ads.values() if ad["ad_group_id"] == group["id"]],
        )
        for group in _selected(store.ad_groups, ids, account)
    ]
    return _report(request, subjects)


async def ad_analytics(request: Request) -> JSONResponse:
    account = AD_ACCOUNTS.locate(request)[1]
    store = lookup.store_of(request)
    query = request.query_params
    ad_ids = id_list(query, "ad_ids")
    campaign_ids = id_list(query, "campaign_ids")
    pin_ids = id_list(query, "pin_ids", max_items=100)
    if ad_ids is not None:
        ads = _selected(store.ads, ad_ids, account)
    elif campaign_ids is not None and pin_ids is not None:
        ads = [
            ad for ad in store.ads_of(account["id"]) if ad["campaign_id"] in campaign_ids and ad["pin_id"] in pin_ids
        ]
    else:
        raise invalid("Invalid parameters: send ad_ids, or both campaign_ids and pin_ids.")
    subjects = [
        Subject(
            "AD_ID",
            ad["id"],
            attributes(store, account["id"], *_parents(store, ad), ad),
            [ad],
        )
        for ad in ads
    ]
    return _report(request, subjects)


def _parents(store: Store, ad: Entity) -> tuple[Entity, Entity]:
    return store.campaigns[ad["campaign_id"]], store.ad_groups[ad["ad_group_id"]]


_ADS_READ = ("ads:read",)
# Served before the ``.../{id}`` reads so "analytics" is never taken for an id.
ROUTES: list[Endpoint] = [
    Endpoint("GET", "/ad_accounts/{ad_account_id}/analytics", ad_account_analytics, _ADS_READ),
    Endpoint("GET", "/ad_accounts/{ad_account_id}/campaigns/analytics", campaign_analytics, _ADS_READ),
    Endpoint("GET", "/ad_accounts/{ad_account_id}/ad_groups/analytics", ad_group_analytics, _ADS_READ),
    Endpoint("GET", "/ad_accounts/{ad_account_id}/ads/analytics", ad_analytics, _ADS_READ),
]
