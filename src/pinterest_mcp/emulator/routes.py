"""Every API route the emulator serves, and the OAuth scopes each one needs.

The resource table (``resources``) makes the list/get/create/update/delete routes; the rest are
the few operations that are not about one kind's collection: the user account, the ads analytics
reports and saving a Pin. ``ROUTE_SCOPES`` is derived from the same list, so a new route cannot
be served without the scopes the OAuth gate checks (a test compares them with the spec).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from . import analytics_routes, lookup, network_routes, organic_analytics, pin_writes, reference_routes, reports
from .lookup import Endpoint
from .params import business_access
from .resources import PIN_SCOPES, RESOURCES
from .views import user_view


async def get_user_account(request: Request) -> JSONResponse:
    """``GET /user_account``: the profile, with board and Pin counts."""
    business_access(request.query_params)
    return JSONResponse(user_view(lookup.store_of(request)))


ENDPOINTS: list[Endpoint] = [
    *analytics_routes.ROUTES,  # first: ".../campaigns/analytics" must not be read as a campaign id
    *reports.ROUTES,
    *organic_analytics.ROUTES,  # before "/pins/{pin_id}" too
    Endpoint("GET", "/user_account", get_user_account, ("user_accounts:read",)),
    *network_routes.ROUTES,
    *reference_routes.ROUTES,
    *(organic_analytics.with_pin_metrics(resource.kind, e) for resource in RESOURCES for e in resource.endpoints()),
    Endpoint("POST", "/pins/{pin_id}/save", pin_writes.save_pin, PIN_SCOPES.write),
]
ROUTE_SCOPES: dict[tuple[str, str], tuple[str, ...]] = {(e.method, e.path): e.scopes for e in ENDPOINTS}
