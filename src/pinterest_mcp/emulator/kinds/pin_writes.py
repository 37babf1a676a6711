"""Pin create, update and save: the resource table's Pin writes, plus the save route it has no row for.

A Pin needs a board (``board_id``) and media (``media_source``) even though this version of the
spec marks no field of ``PinCreate`` required; a ``board_section_id`` must be a section of that
board. Images given by URL or base64 are re-hosted as Pinterest does (``media.image_sizes``);
2-5 images make a carousel. ``pin_url`` makes a product Pin from the Pin's ``link``. A ``video_id`` Pin needs a
``media_id`` whose upload has finished processing (``uploads``) and a cover (an image URL or
base64, or a key frame). A carousel's ``index`` must name one of its images; ``sponsor_id`` (a paid
partnership, in beta) is taken as sent: the spec's ``Pin`` has no field to show it. Saving a Pin
copies its content onto another board as a new Pin whose ``parent_pin_id`` is the source. Deleting
a Pin is ``Store.delete_pins``.
"""

from __future__ import annotations

import base64
import binascii
import copy
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.fields import json_object
from pinterest_mcp.emulator.http.lookup import board_by_id, section_on
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds import entities
from pinterest_mcp.emulator.kinds.render import pin_view
from pinterest_mcp.emulator.routes import uploads
from pinterest_mcp.emulator.seed.media import VIDEO_HOST, carousel, image_sizes, iso


def create_pin(context: WriteContext, body: dict[str, Any]) -> Entity:
    """Store the Pin of a ``PinCreate`` on its board (and section)."""
    _check_link(body.get("link"))
    store = context.store
    board = board_by_id(store, body["board_id"])
    section_id = section_on(store, board, body.get("board_section_id"))
    creative_type, media, standard = _media(store, body)
    given = {name: body[name] for name in ("link", "title", "description", "alt_text", "parent_pin_id") if name in body}
    pin = entities.pin(
        entities.NEW,
        board["id"],
        media,
        store.user,
        created_at=context.iso_now,
        dominant_color=body.get("dominant_color") or entities.DEFAULT_PIN_COLOR,
        creative_type=creative_type,
        board_section_id=section_id,
        is_standard=standard,
        **given,
    )
    return store.add("pin", pin)


def update_pin(context: WriteContext, body: dict[str, Any]) -> Entity:
    """Apply a ``PinUpdate``: edit its text, move it to another board or section, relink carousel slides."""
    store, pin = context.store, context.entity
    _check_link(body.get("link"))
    changes: dict[str, Any] = {
        name: body[name] for name in ("title", "description", "link", "alt_text") if name in body
    }
    board = board_by_id(store, body["board_id"]) if "board_id" in body else store.boards[pin["board_id"]]
    if "board_section_id" in body or board["id"] != pin["board_id"]:
        changes["board_id"] = board["id"]
        changes["board_section_id"] = section_on(store, board, body.get("board_section_id"))
    media = _with_slots(pin, body["carousel_slots"]) if "carousel_slots" in body else pin["media"]
    pin.update(changes, media=media)
    return pin


async def save_pin(request: Request) -> JSONResponse:
    """``POST /pins/{pin_id}/save``: a copy of the Pin on another board, its ``parent_pin_id`` the source."""
    pin_id = request.path_params["pin_id"]
    store = lookup.store_of(request)
    source = lookup.owned(store.pins, pin_id, None, "", lookup.PIN_MISSING)
    body = await json_object(request)
    if body.get("board_id") is None:
        raise invalid("Missing required field: board_id (the board to save the Pin to).")
    board = board_by_id(store, body["board_id"])
    saved = {
        **copy.deepcopy(source),
        "id": store.new_id("pin"),
        "created_at": iso(datetime.fromtimestamp(lookup.now_of(request), UTC)),
        "board_id": board["id"],
        "board_section_id": section_on(store, board, body.get("board_section_id")),
        "board_owner": {"username": store.user["username"]},
        "is_owner": True,
        "parent_pin_id": source["id"],
    }
    store.pins[saved["id"]] = saved
    return JSONResponse(pin_view(store, saved), status_code=201)


def _check_link(link: str | None) -> None:
    if link is not None and not link.startswith(("https://", "http://")):
        raise invalid(f"Invalid link: {link!r} must be an http(s) URL.")


def _media(store: Store, body: dict[str, Any]) -> tuple[str, dict[str, Any], bool]:
    """(creative_type, media, is_standard) for a ``media_source``, validated for its source type."""
    source = body["media_source"]
    kind = source["source_type"]
    for slide in source.get("items", [source]) if "base64" in kind else []:
        _check_base64(slide["data"], "data")
    if "cover_image_data" in source:
        _check_base64(source["cover_image_data"], "cover_image_data")
    if source.get("index", 0) >= len(source.get("items", [None])):
        raise invalid(f"Invalid media_source: index {source['index']} is past the last of the carousel's images.")
    if kind == "video_id":
        return "VIDEO", _video(store, source), source.get("is_standard", True)
    if kind == "pin_url" and not body.get("link"):
        raise invalid("Invalid media_source: a pin_url Pin is made from its link, so link is required.")
    if kind.startswith("multiple_"):
        return "CAROUSEL", carousel(store.rng, source["items"]), True
    return "REGULAR", {"media_type": "image", "images": image_sizes(store.rng)}, source.get("is_standard", True)


def _check_base64(data: str, name: str) -> None:
    try:
        base64.b64decode(data, validate=True)
    except binascii.Error:
        raise invalid(f"Invalid media_source: {name} is not valid base64.") from None


def _video(store: Store, source: dict[str, Any]) -> dict[str, Any]:
    """``video`` media of a processed upload: its cover is the given image or a re-hosted key frame."""
    upload = uploads.require_succeeded(store, source["media_id"])
    if "cover_image_data" in source and "cover_image_content_type" not in source:
        raise invalid("Invalid media_source: cover_image_data needs cover_image_content_type.")
    images = image_sizes(store.rng)
    key = upload["key"].rsplit("/", 1)[-1]
    return {
        "media_type": "video",
        "images": images,
        "cover_image_url": source.get("cover_image_url") or images["1200x"]["url"],
        "video_url": f"{VIDEO_HOST}/videos/{key}.mp4",
        "duration": round(store.rng.uniform(8, 60), 1),
        "width": 1080,
        "height": 1920,
    }


def _with_slots(pin: Entity, slots: list[dict[str, Any]]) -> dict[str, Any]:
    """Carousel media with each slot's ``link``/``title``/``description`` applied to the slide at the same position."""
    items = pin["media"].get("items")
    if pin["media"].get("media_type") != "multiple_images" or not items:
        raise invalid(f"Invalid carousel_slots: Pin {pin['id']} is not a carousel Pin.")
    if len(slots) > len(items):
        raise invalid(f"Invalid carousel_slots: {len(slots)} slots sent for a carousel of {len(items)} images.")
    media: dict[str, Any] = copy.deepcopy(pin["media"])
    for item, slot in zip(media["items"], slots, strict=False):
        item.update({key: slot[key] for key in ("link", "title", "description") if key in slot})
    return media
