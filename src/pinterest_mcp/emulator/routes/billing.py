"""An ad account's billing and terms: what Pinterest keeps about paying for ads, read only.

Nothing here is stored: each answer is derived from the ad account, so it needs no seed data and
changes only with the account.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.kinds.resources import AD_ACCOUNTS
from pinterest_mcp.emulator.kinds.shaped import shaped


async def terms_of_service(request: Request) -> JSONResponse:
    """``GET .../terms_of_service``: accepted when the account was made; the text only when asked for."""
    _, account = AD_ACCOUNTS.locate(request)
    html = "<p>Pinterest Advertising Guidelines (demo)</p>" if lookup.query_of(request).flag("include_html") else None
    semantic = {"id": str(int(account["id"]) + 1), "ad_account_id": account["id"], "has_accepted": True, "html": html}
    return JSONResponse(shaped("TermsOfService", semantic, {}))


ROUTES = [
    Endpoint("terms_of_service/get", terms_of_service),
]
