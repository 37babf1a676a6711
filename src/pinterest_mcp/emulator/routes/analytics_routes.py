"""Synchronous ads analytics endpoints: account, campaigns, ad groups, ads, ad Pins and their targeting.

Every report shares one parameter set (dates, granularity, columns, attribution windows) that
``simulator_for`` validates; the targeting reports add ``targeting_types`` with the per-level enum
and item limit of the spec (``targeting_analytics``).
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.lookup import Endpoint, Handler
from pinterest_mcp.emulator.http.params import enum_list, enum_value, id_list, path_id, required_date
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds.resources import AD_ACCOUNTS
from pinterest_mcp.emulator.sim import targeting_analytics as targeting
from pinterest_mcp.emulator.sim.analytics import (
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
from pinterest_mcp.emulator.sim.targeting_analytics import TargetingBreakdown
from pinterest_mcp.spec.facts import vocabulary


def _report(request: Request, subjects: list[Subject]) -> JSONResponse:
    """Validate the shared report parameters and answer with the simulated rows."""
    return JSONResponse(simulator_for(request).report(subjects))


def simulator_for(request: Request) -> Simulator:
    """The simulator for a request's validated report parameters (400 naming the first bad one)."""
    query = request.query_params
    start, end = required_date(query, "start_date"), required_date(query, "end_date")
    granularity = str(enum_value(query, "granularity", GRANULARITIES, required=True))
    if not query.get("columns"):
        raise invalid("Missing required parameter: columns.")
    columns = enum_list(query, "columns", sorted(vocabulary("sync_columns")))
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
    return Simulator(lookup.store_of(request), lookup.seed_of(request), today, report)


def _selected(entities: dict[str, Entity], ids: list[str], account: Entity) -> list[Entity]:
    """The requested entities of this account, in request order; unknown ids yield no rows."""
    unique = dict.fromkeys(ids)
    return [entities[i] for i in unique if i in entities and entities[i]["ad_account_id"] == account["id"]]


def _account_subjects(request: Request, account: Entity) -> list[Subject]:
    store = lookup.store_of(request)
    return [Subject("AD_ACCOUNT_ID", account["id"], attributes(store, account["id"]), store.ads_of(account["id"]))]


def _campaign_subjects(request: Request, account: Entity) -> list[Subject]:
    store = lookup.store_of(request)
    ids = id_list(request.query_params, "campaign_ids", required=True) or []
    return [
        Subject(
            "CAMPAIGN_ID",
            campaign["id"],
            attributes(store, account["id"], campaign),
            [ad for ad in store.ads.values() if ad["campaign_id"] == campaign["id"]],
        )
        for campaign in _selected(store.campaigns, ids, account)
    ]


def _ad_group_subjects(request: Request, account: Entity) -> list[Subject]:
    store = lookup.store_of(request)
    ids = id_list(request.query_params, "ad_group_ids", required=True) or []
    return [
        Subject(
            "AD_GROUP_ID",
            group["id"],
            attributes(store, account["id"], store.campaigns[group["campaign_id"]], group),
            [ad for ad in store.ads.values() if ad["ad_group_id"] == group["id"]],
        )
        for group in _selected(store.ad_groups, ids, account)
    ]


def _ad_subjects(request: Request, account: Entity) -> list[Subject]:
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
    return [
        Subject(
            "AD_ID",
            ad["id"],
            attributes(store, account["id"], *_parents(store, ad), ad),
            [ad],
        )
        for ad in ads
    ]


def _ad_pin_subjects(request: Request, account: Entity) -> list[Subject]:
    """``ad_pins/analytics``: one subject per requested Pin, over its ads in ``campaign_id``."""
    store = lookup.store_of(request)
    query = request.query_params
    campaign_id = query.get("campaign_id")
    if campaign_id is None:
        raise invalid("Missing required parameter: campaign_id.")
    path_id(campaign_id, "campaign_id")
    pin_ids = id_list(query, "pin_ids", required=True, max_items=100) or []
    campaign = store.campaigns.get(campaign_id)
    if campaign is None or campaign["ad_account_id"] != account["id"]:
        return []
    subjects = []
    for pin_id in dict.fromkeys(pin_ids):
        ads = [ad for ad in store.ads_of(account["id"]) if ad["campaign_id"] == campaign_id and ad["pin_id"] == pin_id]
        if ads:
            values = attributes(store, account["id"], campaign) | {"PIN_ID": pin_id}
            subjects.append(Subject("PIN_ID", pin_id, values, ads))
    return subjects


SubjectsOf = Callable[[Request, Entity], list[Subject]]


def _metrics_route(subjects_of: SubjectsOf) -> Handler:
    """A plain report route: rows for the subjects the request names."""

    async def handler(request: Request) -> JSONResponse:
        account = AD_ACCOUNTS.locate(request)[1]
        subjects = subjects_of(request, account)
        return _report(request, subjects)

    return handler


def _targeting_route(subjects_of: SubjectsOf, allowed: tuple[str, ...], max_items: int) -> Handler:
    """A targeting report route: ``{"data": [...]}`` rows per subject, targeting type and value."""

    async def handler(request: Request) -> JSONResponse:
        account = AD_ACCOUNTS.locate(request)[1]
        types = enum_list(request.query_params, "targeting_types", allowed)
        if not types:
            raise invalid("Missing required parameter: targeting_types.")
        if len(types) > max_items:
            raise invalid(f"Invalid targeting_types: at most {max_items} values are allowed.")
        subjects = subjects_of(request, account)
        simulator = simulator_for(request)
        breakdown = TargetingBreakdown(simulator, lookup.store_of(request), lookup.seed_of(request))
        return JSONResponse({"data": breakdown.rows(subjects, types)})

    return handler


def _parents(store: Store, ad: Entity) -> tuple[Entity, Entity]:
    return store.campaigns[ad["campaign_id"]], store.ad_groups[ad["ad_group_id"]]


ad_account_analytics = _metrics_route(_account_subjects)
campaign_analytics = _metrics_route(_campaign_subjects)
ad_group_analytics = _metrics_route(_ad_group_subjects)
ad_analytics = _metrics_route(_ad_subjects)
ad_pin_analytics = _metrics_route(_ad_pin_subjects)

_TARGETING = (
    ("ad_account_targeting_analytics/get", _account_subjects, targeting.ACCOUNT_TYPES, targeting.MAX_TYPES["account"]),
    ("campaign_targeting_analytics/get", _campaign_subjects, targeting.CAMPAIGN_TYPES, targeting.MAX_TYPES["campaign"]),
    (
        "ad_groups_targeting_analytics/get",
        _ad_group_subjects,
        targeting.AD_GROUP_TYPES,
        targeting.MAX_TYPES["ad_group"],
    ),
    ("ad_targeting_analytics/get", _ad_subjects, targeting.AD_TYPES, targeting.MAX_TYPES["ad"]),
)
# Served before the ``.../{id}`` reads so "analytics" is never taken for an id.
ROUTES: list[Endpoint] = [
    Endpoint("ad_account/analytics", ad_account_analytics),
    Endpoint("campaigns/analytics", campaign_analytics),
    Endpoint("ad_groups/analytics", ad_group_analytics),
    Endpoint("ads/analytics", ad_analytics),
    Endpoint("ad_pins/analytics", ad_pin_analytics),
    *(Endpoint(operation, _targeting_route(of, types, most)) for operation, of, types, most in _TARGETING),
]
