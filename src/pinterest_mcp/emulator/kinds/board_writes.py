"""Board and board section create and update, the resource table's organic board writes.

Board names are unique per user and section names per board (compared case-insensitively, as
Pinterest's UI does); a duplicate answers 409. Deletes are the store's cascades
(``Store.delete_board``, ``Store.delete_section``): deleting a board deletes its sections and
Pins, and deleting a section deletes the Pins saved in it too, because the spec says only that the
section is deleted, never that its Pins move back to the board, and deleting a section in
Pinterest's apps takes its Pins with it. Ads whose Pin is deleted stay, flagged ``is_pin_deleted``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import BOARD_NAME_TAKEN, BOARD_SECTION_CONFLICT, conflict
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds import entities


def create_board(context: WriteContext, body: dict[str, Any]) -> Entity:
    """Store the new board of a ``BoardCreate`` (checked by the body gate) unless its name is taken."""
    store = context.store
    _unique_board_name(store.boards.values(), body["name"])
    given = {name: body[name] for name in ("description", "privacy", "is_ads_only") if name in body}
    board = entities.board(entities.NEW, body["name"], store.user, created_at=context.iso_now, **given)
    return store.add("board", board)


def update_board(context: WriteContext, body: dict[str, Any]) -> Entity:
    """Apply only the fields a ``BoardUpdate`` carries."""
    board = context.entity
    if "name" in body:
        _unique_board_name(context.store.boards.values(), body["name"], board["id"])
    board.update({name: body[name] for name in ("name", "description", "privacy") if name in body})
    return board


def create_section(context: WriteContext, body: dict[str, Any]) -> Entity:
    """Store the new section of a ``BoardSection`` body on the path's board."""
    board = context.owner
    _unique_section_name(context.store.sections_on(board["id"]).values(), body["name"])
    return context.store.add("section", entities.section(entities.NEW, board["id"], body["name"]))


def update_section(context: WriteContext, body: dict[str, Any]) -> Entity:
    """Rename a section (the only thing ``BoardSection`` carries)."""
    section = context.entity
    _unique_section_name(context.store.sections_on(section["board_id"]).values(), body["name"], section["id"])
    section["name"] = body["name"]
    return section


def _unique_board_name(boards: Iterable[Entity], name: str, board_id: str | None = None) -> None:
    for other in _same_name(boards, name, board_id):
        raise conflict(BOARD_NAME_TAKEN, f"You already have a board named {other['name']!r} (board {other['id']}).")


def _unique_section_name(sections: Iterable[Entity], name: str, section_id: str | None = None) -> None:
    for other in _same_name(sections, name, section_id):
        raise conflict(
            BOARD_SECTION_CONFLICT, f"Board section conflict: this board already has a section named {other['name']!r}."
        )


def _same_name(entities: Iterable[Entity], name: str, own_id: str | None) -> list[Entity]:
    return [e for e in entities if e["id"] != own_id and e["name"].casefold() == name.casefold()]
