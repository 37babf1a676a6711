"""Search: the user's own boards and Pins by text, and Pins of Pinterest's content partners by term.

Own content matches when every word of the query is in its name or description (Pins: title,
description or alt text), case-insensitively, newest first. Partner Pins are public Pins this
user does not own: the emulator makes ``PARTNER_PINS`` per term and country from a random stream
keyed by the seed, the term and the country, so the same search pages through the same Pins.
"""

from __future__ import annotations

import random
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.params import paginate
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds.render import board_views, pin_views
from pinterest_mcp.emulator.seed.media import image_sizes

PARTNER_PINS = 40
PARTNERS = ("bonappetit", "realsimple", "foodandwine", "housebeautiful", "marthastewart", "tasteofhome")


def _matches(query: str | None, *texts: Any) -> bool:
    if not query:
        return True
    haystack = " ".join(str(t) for t in texts if t).lower()
    return all(word in haystack for word in query.lower().split())


def _newest_first(entities: list[Entity]) -> list[Entity]:
    return sorted(entities, key=lambda e: int(e["id"]), reverse=True)


async def search_boards(request: Request) -> JSONResponse:
    """``GET /search/boards``: the user's boards matching ``query`` (all of them without one)."""
    query = lookup.query_of(request)
    store = lookup.store_of(request)
    found = [b for b in store.boards.values() if _matches(query.text("query"), b["name"], b.get("description"))]
    page = paginate(query, _newest_first(found))
    page["items"] = board_views(store, page["items"])
    return JSONResponse(page)


async def search_pins(request: Request) -> JSONResponse:
    """``GET /search/pins``: the user's Pins matching ``query`` (required), 25 a page."""
    query = lookup.query_of(request)
    text = str(query.text("query"))
    store = lookup.store_of(request)
    found = [p for p in store.pins.values() if _matches(text, p.get("title"), p.get("description"), p.get("alt_text"))]
    page = paginate(query, _newest_first(found))
    page["items"] = pin_views(store, page["items"])
    return JSONResponse(page)


def _partner_pin(rng: random.Random, term: str, index: int) -> Entity:
    partner = rng.choice(PARTNERS)
    slug = "-".join(term.lower().split())
    return {
        "id": str(rng.randint(10**17, 7 * 10**17)),
        "link": f"https://www.{partner}.example.com/{slug}-{index + 1}",
        "alt_text": f"{term.capitalize()}, idea {index + 1} from {partner}",
        "media": {"media_type": "image", "images": image_sizes(rng)},
    }


async def search_partner_pins(request: Request) -> JSONResponse:
    """``GET /search/partner/pins``: Pins for ``term`` in ``country_code``, ``limit`` (1-50, default 10) a page."""
    query = lookup.query_of(request)
    term, country = str(query.text("term")), query.text("country_code")
    rng = random.Random(f"{lookup.seed_of(request)}:partner:{country}:{term.lower()}")
    pins = [_partner_pin(rng, term, index) for index in range(PARTNER_PINS)]
    return JSONResponse(paginate(query, pins, size=query.number("limit")))


ROUTES = [
    Endpoint("search_user_boards/get", search_boards),
    Endpoint("search_user_pins/list", search_pins),
    Endpoint("search_partner_pins", search_partner_pins),
]
