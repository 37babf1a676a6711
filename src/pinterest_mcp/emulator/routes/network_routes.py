"""The user account's network routes: followers, following (users and boards), websites, businesses, interests.

They page the lists ``network`` seeded (``Store.network``) with Pinterest's bookmarks; followees
and followed boards honour ``explicit_following`` (only follows made by choice) and ``feed_type``.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import not_found
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.params import paginate
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.seed.network import visible

USER_NOT_FOUND = 404


def _page(request: Request, key: str, keep: list[Entity] | None = None) -> JSONResponse:
    entities = lookup.store_of(request).network[key] if keep is None else keep
    page = paginate(lookup.query_of(request), entities)
    page["items"] = [visible(entity) for entity in page["items"]]
    return JSONResponse(page)


async def linked_businesses(request: Request) -> JSONResponse:
    """``GET /user_account/businesses``: a bare array, unpaged."""
    return JSONResponse(lookup.store_of(request).network["businesses"])


async def followers(request: Request) -> JSONResponse:
    """``GET /user_account/followers``."""
    return _page(request, "followers")


async def following(request: Request) -> JSONResponse:
    """``GET /user_account/following``: creators only for the *CREATOR_ONLY feeds, by rank for RANKED ones."""
    query = lookup.query_of(request)
    feed, explicit = query.text("feed_type"), query.flag("explicit_following")
    users = [u for u in lookup.store_of(request).network["following"] if u["explicit"] or not explicit]
    if feed in ("CREATOR_ONLY", "RANKED_CREATOR_ONLY"):
        users = [u for u in users if u["creator"]]
    if feed in ("RANKED", "RANKED_CREATOR_ONLY"):
        users = sorted(users, key=lambda u: int(u["rank"]))
    return _page(request, "following", users)


async def followed_boards(request: Request) -> JSONResponse:
    """``GET /user_account/following/boards``."""
    explicit = lookup.query_of(request).flag("explicit_following")
    boards = [b for b in lookup.store_of(request).network["followed_boards"] if b["explicit"] or not explicit]
    return _page(request, "followed_boards", boards)


async def websites(request: Request) -> JSONResponse:
    """``GET /user_account/websites``: claimed and unclaimed."""
    return _page(request, "websites")


async def followed_interests(request: Request) -> JSONResponse:
    """``GET /users/{username}/interests/follow``: the demo knows one user's interests; others are 404."""
    username = request.path_params["username"]
    store = lookup.store_of(request)
    if username != store.user["username"]:
        raise not_found(USER_NOT_FOUND, f"User {username} not found.")
    return _page(request, "followed_interests")


ROUTES = [
    Endpoint("linked_business_accounts/get", linked_businesses),
    Endpoint("followers/list", followers),
    Endpoint("user_following/get", following),
    Endpoint("boards_user_follows/list", followed_boards),
    Endpoint("user_websites/get", websites),
    Endpoint("user_account/followed_interests", followed_interests),
]
