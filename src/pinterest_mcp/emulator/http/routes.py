"""Every API route the emulator serves, and the OAuth scopes each one needs.

The resource table (``resources``) makes the list/get/create/update/delete routes; the rest are
the few operations that are not about one kind's collection: the user account, the ads analytics
reports and saving a Pin. ``ROUTE_SCOPES`` is derived from the same list, so a new route cannot
be served without the scopes the OAuth gate checks (a test compares them with the spec).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.kinds import network_writes, pin_writes
from pinterest_mcp.emulator.kinds.render import user_view
from pinterest_mcp.emulator.kinds.resources import RESOURCES
from pinterest_mcp.emulator.routes import (
    analytics_routes,
    asset_routes,
    audience_sharing,
    billing,
    bulk_requests,
    business,
    business_writes,
    catalog_reports,
    catalogs,
    conversion_events,
    insertion_orders,
    integrations,
    item_bids,
    leads_export,
    mmm_reports,
    network_routes,
    planning,
    product_reports,
    reference_routes,
    report_templates,
    reports,
    search,
    trends,
    uploads,
)
from pinterest_mcp.emulator.sim import organic_analytics


async def get_user_account(request: Request) -> JSONResponse:
    """``GET /user_account``: the profile, with board and Pin counts."""
    return JSONResponse(user_view(lookup.store_of(request)))


ENDPOINTS: list[Endpoint] = [
    *analytics_routes.ROUTES,  # first: ".../campaigns/analytics" must not be read as a campaign id
    *reports.ROUTES,
    *report_templates.ROUTES,
    *mmm_reports.ROUTES,
    *product_reports.ROUTES,
    *bulk_requests.ROUTES,
    *organic_analytics.ROUTES,  # before "/pins/{pin_id}" too
    Endpoint("user_account/get", get_user_account),
    *network_routes.ROUTES,
    *network_writes.ROUTES,
    *trends.ROUTES,  # before the resource rows: ".../keywords/metrics" and ".../ad_groups/audience_sizing"
    *planning.ROUTES,
    *search.ROUTES,
    *uploads.ROUTES,
    *conversion_events.ROUTES,
    *integrations.ROUTES,
    *leads_export.ROUTES,
    *asset_routes.ROUTES,  # before the resource rows: "conversion_tags/page_visit" is no tag id
    *reference_routes.ROUTES,
    *billing.ROUTES,
    *insertion_orders.ROUTES,
    *item_bids.ROUTES,
    *business.ROUTES,
    *business_writes.ROUTES,
    *audience_sharing.ROUTES,
    *catalogs.ROUTES,
    *catalog_reports.ROUTES,
    *(organic_analytics.with_pin_metrics(resource.kind, e) for resource in RESOURCES for e in resource.endpoints()),
    Endpoint("pins/save", pin_writes.save_pin),
]
ROUTE_SCOPES: dict[tuple[str, str], tuple[str, ...]] = {(e.method, e.path): e.scopes for e in ENDPOINTS}
