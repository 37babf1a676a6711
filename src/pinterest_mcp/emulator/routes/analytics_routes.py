"""Synchronous ads analytics endpoints: account, campaigns, ad groups, ads, ad Pins and their targeting.

Every report shares one parameter set (dates, granularity, columns, attribution windows), checked
against the spec by the query gate, from which ``simulator_for`` builds the simulation (the date
range rules are the emulator's); the targeting reports add ``targeting_types``, whose per-level
enum and item limit the gate takes from the spec too.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.lookup import Endpoint, Handler
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds.resources import AD_ACCOUNTS
from pinterest_mcp.emulator.sim.analytics import (
    ReportQuery,
    Simulator,
    Subject,
    attributes,
    check_date_range,
)
from pinterest_mcp.emulator.sim.targeting_analytics import TargetingBreakdown


def _report(request: Request, subjects: list[Subject]) -> JSONResponse:
    """Validate the shared report parameters and answer with the simulated rows."""
    return JSONResponse(simulator_for(request).report(subjects))


def simulator_for(request: Request) -> Simulator:
    """The simulator for a request's validated report parameters (400 naming the first bad one)."""
    query = lookup.query_of(request)
    start, end = query.day("start_date"), query.day("end_date")
    granularity, columns = str(query.text("granularity")), query.texts("columns")
    today = lookup.today_of(request)
    check_date_range(start, end, granularity, today)
    report = ReportQuery(
        start=start,
        end=end,
        granularity=granularity,
        columns=columns,
        click_window_days=query.number("click_window_days") or 0,
        view_window_days=query.number("view_window_days") or 0,
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
    ids = lookup.query_of(request).texts("campaign_ids")
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
    ids = lookup.query_of(request).texts("ad_group_ids")
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
    query = lookup.query_of(request)
    ad_ids, campaign_ids, pin_ids = query.texts("ad_ids"), query.texts("campaign_ids"), query.texts("pin_ids")
    if ad_ids:
        ads = _selected(store.ads, ad_ids, account)
    elif campaign_ids and pin_ids:
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
    query = lookup.query_of(request)
    campaign_id, pin_ids = str(query.text("campaign_id")), query.texts("pin_ids")
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


def _targeting_route(subjects_of: SubjectsOf) -> Handler:
    """A targeting report route: ``{"data": [...]}`` rows per subject, targeting type and value."""

    async def handler(request: Request) -> JSONResponse:
        account = AD_ACCOUNTS.locate(request)[1]
        types = lookup.query_of(request).texts("targeting_types")
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
    ("ad_account_targeting_analytics/get", _account_subjects),
    ("campaign_targeting_analytics/get", _campaign_subjects),
    ("ad_groups_targeting_analytics/get", _ad_group_subjects),
    ("ad_targeting_analytics/get", _ad_subjects),
)
# Served before the ``.../{id}`` reads so "analytics" is never taken for an id.
ROUTES: list[Endpoint] = [
    Endpoint("ad_account/analytics", ad_account_analytics),
    Endpoint("campaigns/analytics", campaign_analytics),
    Endpoint("ad_groups/analytics", ad_group_analytics),
    Endpoint("ads/analytics", ad_analytics),
    Endpoint("ad_pins/analytics", ad_pin_analytics),
    *(Endpoint(operation, _targeting_route(of)) for operation, of in _TARGETING),
]
