"""The user account's network writes: follow a user, get a website's verification code, claim and unclaim it.

Following adds an explicit follow (again: no change, as Pinterest answers a repeated follow with
the same summary); only users the demo knows can be followed (its followers, followees and the
owners of boards it follows), others are 404. The verification code is derived from the user id,
so it is the same on every run. Verifying succeeds for sites on the reserved example domains,
where the emulator "finds" the code; any other site is refused as Pinterest refuses a site whose
code it cannot find. Unverifying removes a claimed site from the list.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import invalid, not_found
from pinterest_mcp.emulator.http.fields import json_object
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.state import Store
from pinterest_mcp.emulator.seed.network import visible

USER_NOT_FOUND = 404
WEBSITE_NOT_FOUND = 404
VERIFIABLE_DOMAINS = (".example.com", ".example.net", ".example.org")


def _known_users(store: Store) -> set[str]:
    network = store.network
    named = [*network["followers"], *network["following"]]
    return {u["username"] for u in named} | {b["owner"]["username"] for b in network["followed_boards"]}


async def follow_user(request: Request) -> JSONResponse:
    """``POST /user_account/following/{username}``: a ``UserSummary`` of the followed user."""
    username = request.path_params["username"]
    store = lookup.store_of(request)
    if username.isdigit() or username not in _known_users(store):
        raise not_found(USER_NOT_FOUND, f"User {username} not found.")
    if username == store.user["username"]:
        raise invalid("Invalid username: you cannot follow yourself.")
    following = store.network["following"]
    existing = next((u for u in following if u["username"] == username), None)
    if existing is None:
        following.append({"type": "user", "username": username, "explicit": True, "creator": False, "rank": 0})
    else:
        existing["explicit"] = True
    return JSONResponse({"type": "user", "username": username})


def verification_code(store: Store) -> dict[str, str]:
    """The user's ``UserWebsiteVerificationCode``: one code, placed three ways."""
    code = hashlib.sha256(f"verify:{store.user['id']}".encode()).hexdigest()[:32]
    return {
        "verification_code": code,
        "metatag": f'<meta name="p:domain_verify" content="{code}"/>',
        "filename": f"pinterest-{code[:5]}.html",
        "file_content": f'<!DOCTYPE html><html><head><meta name="pinterest" content="{code}"/></head></html>',
        "dns_txt_record": f"pinterest-site-verification={code}",
    }


async def website_verification(request: Request) -> JSONResponse:
    """``GET /user_account/websites/verification``."""
    return JSONResponse(verification_code(lookup.store_of(request)))


def _host(website: str) -> str:
    if "://" in website:
        raise invalid(f"Invalid website: {website!r} must be a domain or domain/path, without a scheme.")
    return website.split("/", 1)[0].lower()


async def verify_website(request: Request) -> JSONResponse:
    """``POST /user_account/websites``: claim a site whose code the emulator finds (``VERIFIABLE_DOMAINS``)."""
    body = await json_object(request)
    website = body["website"]
    method = body.get("verification_method", "METATAG")
    if not _host(website).endswith(VERIFIABLE_DOMAINS):
        raise invalid(f"Could not verify {website}: the {method} verification code was not found on it.")
    store = lookup.store_of(request)
    verified_at = datetime.fromtimestamp(lookup.now_of(request), UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
    claimed: dict[str, Any] = {"website": website, "status": "success", "verified_at": verified_at}
    sites = store.network["websites"]
    sites[:] = [site for site in sites if site["website"] != website] + [claimed]
    return JSONResponse(visible(claimed))


async def unverify_website(request: Request) -> Response:
    """``DELETE /user_account/websites?website=``: unclaim it; 404 for a site that is not in the list."""
    website = lookup.query_of(request).text("website")
    sites = lookup.store_of(request).network["websites"]
    if not any(site["website"] == website for site in sites):
        raise not_found(WEBSITE_NOT_FOUND, f"Website {website} is not claimed by this account.")
    sites[:] = [site for site in sites if site["website"] != website]
    return Response(status_code=204)


ROUTES = [
    Endpoint("follow_user/update", follow_user),
    Endpoint("website_verification/get", website_verification),
    Endpoint("verify_website/update", verify_website),
    Endpoint("unverify_website/delete", unverify_website),
]
