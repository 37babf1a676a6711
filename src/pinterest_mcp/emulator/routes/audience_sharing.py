"""The four audience sharing writes: an ad account's or a business's audience, shared with ad accounts or businesses.

One handler serves the four ``PATCH .../audiences/{ad_accounts|businesses}/shared`` operations:
the path names the owner (an ad account, whose audience it must be, or the demo business, any
audience it made) and the body the audience, SHARE or REVOKE, and the recipients. An ad account
recipient is one of the business's ad accounts; a business recipient is its partner agency. The
answer echoes the audience and recipients with the role they get (``SharedAudienceResponse``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import invalid, not_found
from pinterest_mcp.emulator.http.fields import json_object
from pinterest_mcp.emulator.http.lookup import AD_ENTITY_NOT_FOUND, Endpoint
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds import audience_shares
from pinterest_mcp.emulator.kinds.audience_shares import AD_ACCOUNT, BUSINESS
from pinterest_mcp.emulator.kinds.resources import AD_ACCOUNTS
from pinterest_mcp.emulator.kinds.shaped import shaped
from pinterest_mcp.emulator.routes.business import PARTNER, business_id, partner_id

ROLE = ["AUDIENCE_MANAGER"]  # what a recipient may do with a shared audience


def _known(store: Store, kind: str) -> dict[str, str]:
    """Who may receive an audience: the business's ad accounts, or its partner agency (id → name)."""
    if kind == AD_ACCOUNT:
        return {a["id"]: a["name"] for a in store.ad_accounts.values()}
    return {partner_id(store): PARTNER}


def _audience(request: Request, store: Store, audience_id: str) -> Entity:
    """The body's audience: the path's ad account's own, or any the path's business made."""
    if "ad_account_id" in request.path_params:
        _, account = AD_ACCOUNTS.locate(request)
        return lookup.owned_by(store.audiences, audience_id, account, "Audience")
    if request.path_params["business_id"] != business_id(store):
        raise not_found(404, f"Business {request.path_params['business_id']} not found.")
    audience = store.audiences.get(audience_id)
    if audience is None or not audience_shares.made_here(store, audience):
        raise not_found(AD_ENTITY_NOT_FOUND, f"Audience {audience_id} not found in business {business_id(store)}.")
    return audience


def _handler(kind: str) -> Callable[[Request], Awaitable[JSONResponse]]:
    field = "recipient_account_ids" if kind == AD_ACCOUNT else "recipient_business_ids"
    schema = "SharedAudienceResponse" if kind == AD_ACCOUNT else "BusinessSharedAudienceResponse"

    async def share(request: Request) -> JSONResponse:
        """``PATCH .../audiences/{ad_accounts|businesses}/shared``: SHARE or REVOKE the body's audience."""
        store, body = lookup.store_of(request), await json_object(request)
        audience = _audience(request, store, body["audience_id"])
        known = _known(store, kind)
        unknown = [r for r in body[field] if r not in known]
        if not body[field] or unknown:
            raise invalid(f"Invalid {field}: {', '.join(unknown) or 'none given'}; name recipients of this business.")
        recipients = {r: known[r] for r in body[field]}
        audience_shares.change(store, audience, body["operation_type"], recipients, kind, lookup.now_of(request))
        answer = {"audience_id": audience["id"], "permissions": ROLE if body["operation_type"] == "SHARE" else []}
        return JSONResponse(shaped(schema, {**answer, field: list(recipients)}, {}))

    return share


ROUTES = [
    Endpoint("update_ad_account_to_ad_account_shared_audience", _handler(AD_ACCOUNT)),
    Endpoint("update_ad_account_to_business_shared_audience", _handler(BUSINESS)),
    Endpoint("update_business_to_ad_account_shared_audience", _handler(AD_ACCOUNT)),
    Endpoint("update_business_to_business_shared_audience", _handler(BUSINESS)),
]
