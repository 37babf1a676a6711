"""Board and board section create, update and delete.

Board names are unique per user and section names per board (compared case-insensitively, as
Pinterest's UI does); a duplicate answers 409. Deleting a board deletes its sections and Pins.
Deleting a section deletes the Pins saved in it too: the spec says only that the section is
deleted, never that its Pins move back to the board, and deleting a section in Pinterest's apps
takes its Pins with it. Ads whose Pin is deleted stay, flagged ``is_pin_deleted``.
"""

from __future__ import annotations

from typing import get_args

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pinterest_mcp.operations.boards import BoardPrivacy

from . import lookup
from .errors import BOARD_NAME_TAKEN, BOARD_SECTION_CONFLICT, BOARD_SECTION_NOT_FOUND, conflict, not_found
from .fields import Spec, check, json_object, one_of, text
from .params import business_access, path_id
from .state import Entity, Store
from .views import board_view

BOARD_PRIVACIES: tuple[str, ...] = get_args(BoardPrivacy)
# Update can only move a board between public and secret; PROTECTED (ads-only) is set at creation.
UPDATE_PRIVACIES = ("PUBLIC", "SECRET")
_BOARD_FIELDS: dict[str, Spec] = {
    "name": text(min_length=1),
    "description": text(nullable=True),
    "privacy": one_of(BOARD_PRIVACIES),
    "is_ads_only": Spec("boolean"),
}
_UPDATE_FIELDS: dict[str, Spec] = {**_BOARD_FIELDS, "privacy": one_of(UPDATE_PRIVACIES)}
_SECTION_FIELDS: dict[str, Spec] = {"name": text(max_length=180, min_length=1)}


async def create_board(request: Request) -> JSONResponse:
    business_access(request.query_params)
    body = await json_object(request)
    check(body, _BOARD_FIELDS, required=("name",))
    store = lookup.store_of(request)
    _unique_board_name(store, body["name"])
    board_id = store.new_id("board")
    store.boards[board_id] = {
        "id": board_id,
        "created_at": lookup.iso_now_of(request),
        "name": body["name"],
        "description": body.get("description"),
        "privacy": body.get("privacy", "PUBLIC"),
        "is_ads_only": body.get("is_ads_only", False),
        "collaborator_count": 0,
        "follower_count": 0,
        "owner": {"username": store.user["username"]},
    }
    store.sections[board_id] = {}
    return JSONResponse(board_view(store, store.boards[board_id]), status_code=201)


async def update_board(request: Request) -> JSONResponse:
    business_access(request.query_params)
    board = lookup.board(request)
    body = await json_object(request)
    check(body, _UPDATE_FIELDS)
    store = lookup.store_of(request)
    if "name" in body:
        _unique_board_name(store, body["name"], board["id"])
    board.update({name: body[name] for name in ("name", "description", "privacy") if name in body})
    return JSONResponse(board_view(store, board))


async def delete_board(request: Request) -> Response:
    business_access(request.query_params)
    board = lookup.board(request)
    store = lookup.store_of(request)
    store.delete_pins(store.pins_on(board["id"]))
    del store.sections[board["id"]], store.boards[board["id"]]
    return Response(status_code=204)


async def create_section(request: Request) -> JSONResponse:
    business_access(request.query_params)
    board = lookup.board(request)
    body = await json_object(request)
    check(body, _SECTION_FIELDS, required=("name",))
    store = lookup.store_of(request)
    sections = store.sections[board["id"]]
    _unique_section_name(sections, body["name"])
    section = {"id": store.new_id("section"), "name": body["name"]}
    sections[section["id"]] = section
    return JSONResponse(section, status_code=201)


async def update_section(request: Request) -> JSONResponse:
    business_access(request.query_params)
    board, section = _section(request)
    body = await json_object(request)
    check(body, _SECTION_FIELDS, required=("name",))
    _unique_section_name(lookup.store_of(request).sections[board["id"]], body["name"], section["id"])
    section["name"] = body["name"]
    return JSONResponse(section)


async def delete_section(request: Request) -> Response:
    business_access(request.query_params)
    board, section = _section(request)
    store = lookup.store_of(request)
    store.delete_pins(store.pins_on(board["id"], section["id"]))
    del store.sections[board["id"]][section["id"]]
    return Response(status_code=204)


def _section(request: Request) -> tuple[Entity, Entity]:
    board = lookup.board(request)
    section_id = path_id(request.path_params["section_id"], "section_id", max_length=None)
    section = lookup.store_of(request).sections[board["id"]].get(section_id)
    if section is None:
        raise not_found(BOARD_SECTION_NOT_FOUND, f"Board section {section_id} not found on board {board['id']}.")
    return board, section


def _unique_board_name(store: Store, name: str, board_id: str | None = None) -> None:
    for other in store.boards.values():
        if other["id"] != board_id and other["name"].casefold() == name.casefold():
            raise conflict(BOARD_NAME_TAKEN, f"You already have a board named {other['name']!r} (board {other['id']}).")


def _unique_section_name(sections: dict[str, Entity], name: str, section_id: str | None = None) -> None:
    for other in sections.values():
        if other["id"] != section_id and other["name"].casefold() == name.casefold():
            raise conflict(
                BOARD_SECTION_CONFLICT,
                f"Board section conflict: this board already has a section named {other['name']!r}.",
            )


ROUTES: list[lookup.RouteSpec] = [
    ("POST", "/boards", create_board),
    ("PATCH", "/boards/{board_id}", update_board),
    ("DELETE", "/boards/{board_id}", delete_board),
    ("POST", "/boards/{board_id}/sections", create_section),
    ("PATCH", "/boards/{board_id}/sections/{section_id}", update_section),
    ("DELETE", "/boards/{board_id}/sections/{section_id}", delete_section),
]
