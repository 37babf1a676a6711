"""Render stored entities as response bodies, filling the fields Pinterest derives.

Counts and flags are computed from the store on every read so they stay right after writes.
The ``*_views`` functions render a page at once; they are the resource table's ``render`` hooks.
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.state import Entity, Store

_THUMBNAILS = 5


def user_view(store: Store) -> dict[str, Any]:
    """``Account``: the user profile plus board and Pin counts."""
    return {**store.user, "board_count": len(store.boards), "pin_count": len(store.pins)}


def board_view(store: Store, board: Entity) -> dict[str, Any]:
    """``Board`` with pin count, cover media and last-modified time taken from its Pins."""
    pins = store.pins_on(board["id"])
    covers = [_cover_url(pin, "150x150") for pin in pins[:_THUMBNAILS]]
    view = {
        **board,
        "pin_count": len(pins),
        "media": {
            "image_cover_url": _cover_url(pins[0], "400x300") if pins else None,
            "pin_thumbnail_urls": [url for url in covers if url],
        },
    }
    if pins:
        view["board_pins_modified_at"] = max(pin["created_at"] for pin in pins)
    return view


def pin_view(store: Store, pin: Entity, promoted: set[str] | None = None) -> dict[str, Any]:
    """``Pin`` with ``has_been_promoted``; pass ``promoted`` when rendering many Pins at once."""
    promoted = store.promoted_pin_ids() if promoted is None else promoted
    return {**pin, "has_been_promoted": pin["id"] in promoted}


def board_views(store: Store, boards: list[Entity]) -> list[dict[str, Any]]:
    """A page of ``Board`` bodies."""
    return [board_view(store, board) for board in boards]


def pin_views(store: Store, pins: list[Entity]) -> list[dict[str, Any]]:
    """A page of ``Pin`` bodies, with the promoted Pins looked up once."""
    promoted = store.promoted_pin_ids()
    return [pin_view(store, pin, promoted) for pin in pins]


def _cover_url(pin: Entity, size: str) -> str | None:
    media = pin["media"]
    images = media.get("images") or (media.get("items") or [{}])[0].get("images")
    return images[size]["url"] if images else None
