"""User account, board, board section and Pin read endpoints."""

from __future__ import annotations

from typing import get_args

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.operations.boards import BoardPrivacyFilter

from . import lookup
from .errors import BOARD_SECTION_NOT_FOUND, PIN_NOT_FOUND, not_found
from .params import CREATIVE_TYPES, boolean, business_access, enum_list, enum_value, paginate, path_id
from .state import Entity
from .views import board_view, pin_view, user_view

BOARD_PRIVACY_FILTERS: tuple[str, ...] = get_args(BoardPrivacyFilter)
PIN_FILTERS = ("exclude_native", "exclude_repins", "has_been_promoted")


def _pin_page(request: Request, pins: list[Entity]) -> JSONResponse:
    """Filter by ``creative_types`` and render a page of Pins."""
    query = request.query_params
    creative_types = enum_list(query, "creative_types", CREATIVE_TYPES)
    boolean(query, "pin_metrics")
    if creative_types:
        pins = [pin for pin in pins if pin["creative_type"] in creative_types]
    store = lookup.store_of(request)
    promoted = store.promoted_pin_ids()
    page = paginate(query, pins)
    page["items"] = [pin_view(store, pin, promoted) for pin in page["items"]]
    return JSONResponse(page)


async def get_user_account(request: Request) -> JSONResponse:
    business_access(request.query_params)
    return JSONResponse(user_view(lookup.store_of(request)))


async def list_boards(request: Request) -> JSONResponse:
    query = request.query_params
    business_access(query)
    privacy = enum_value(query, "privacy", BOARD_PRIVACY_FILTERS, default="ALL")
    allowed = {"ALL": ("PUBLIC", "PROTECTED", "SECRET"), "PUBLIC_AND_SECRET": ("PUBLIC", "SECRET")}.get(
        privacy or "ALL", (privacy,)
    )
    store = lookup.store_of(request)
    boards = [board for board in store.boards.values() if board["privacy"] in allowed]
    page = paginate(query, boards)
    page["items"] = [board_view(store, board) for board in page["items"]]
    return JSONResponse(page)


async def get_board(request: Request) -> JSONResponse:
    business_access(request.query_params)
    return JSONResponse(board_view(lookup.store_of(request), lookup.board(request)))


async def list_board_sections(request: Request) -> JSONResponse:
    business_access(request.query_params)
    board = lookup.board(request)
    sections = list(lookup.store_of(request).sections[board["id"]].values())
    return JSONResponse(paginate(request.query_params, sections))


async def list_board_pins(request: Request) -> JSONResponse:
    business_access(request.query_params)
    board = lookup.board(request)
    return _pin_page(request, lookup.store_of(request).pins_on(board["id"]))


async def list_section_pins(request: Request) -> JSONResponse:
    business_access(request.query_params)
    board = lookup.board(request)
    section_id = path_id(request.path_params["section_id"], "section_id", max_length=None)
    store = lookup.store_of(request)
    if section_id not in store.sections[board["id"]]:
        raise not_found(BOARD_SECTION_NOT_FOUND, f"Board section {section_id} not found on board {board['id']}.")
    return _pin_page(request, store.pins_on(board["id"], section_id))


async def list_pins(request: Request) -> JSONResponse:
    query = request.query_params
    business_access(query)
    pin_filter = enum_value(query, "pin_filter", PIN_FILTERS)
    include_protected = boolean(query, "include_protected_pins")
    private_only = enum_value(query, "pin_type", ("PRIVATE",)) == "PRIVATE"
    store = lookup.store_of(request)
    promoted = store.promoted_pin_ids()

    def keep(pin: Entity) -> bool:
        privacy = store.boards[pin["board_id"]]["privacy"]
        return (
            (include_protected or privacy != "PROTECTED")
            and (not private_only or privacy == "SECRET")
            and (pin_filter != "exclude_native" or pin["parent_pin_id"] is not None)
            and (pin_filter != "exclude_repins" or pin["parent_pin_id"] is None)
            and (pin_filter != "has_been_promoted" or pin["id"] in promoted)
        )

    pins = sorted((pin for pin in store.pins.values() if keep(pin)), key=lambda p: int(p["id"]), reverse=True)
    return _pin_page(request, pins)


async def get_pin(request: Request) -> JSONResponse:
    query = request.query_params
    business_access(query)
    boolean(query, "pin_metrics")
    pin_id = path_id(request.path_params["pin_id"], "pin_id", max_length=None)
    store = lookup.store_of(request)
    pin = store.pins.get(pin_id)
    if pin is None:
        raise not_found(PIN_NOT_FOUND, f"Pin {pin_id} not found.")
    return JSONResponse(pin_view(store, pin))


ROUTES: list[lookup.RouteSpec] = [
    ("GET", "/user_account", get_user_account),
    ("GET", "/boards", list_boards),
    ("GET", "/boards/{board_id}", get_board),
    ("GET", "/boards/{board_id}/sections", list_board_sections),
    ("GET", "/boards/{board_id}/pins", list_board_pins),
    ("GET", "/boards/{board_id}/sections/{section_id}/pins", list_section_pins),
    ("GET", "/pins", list_pins),
    ("GET", "/pins/{pin_id}", get_pin),
]
