"""Query and path parameter parsing with Pinterest's validation rules and 400 messages.

Every function names the offending parameter in its error so clients (and the MCP tools built
on them) can show the user exactly what to fix.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Collection, Sequence
from datetime import date
from typing import Any, TypeVar

from starlette.datastructures import QueryParams

from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.spec.facts import vocabulary

_DIGITS = re.compile(r"^\d+$")
_BOOLEANS = {"true": True, "false": False}
PAGE_SIZE_DEFAULT = 25
PAGE_SIZE_MAX = 250
# The spec's enums (the committed facts, not the server's input models), for the emulator's resource tables.
ENTITY_STATUSES = vocabulary("entity_statuses")
ORDERS = vocabulary("orders")
CREATIVE_TYPES = vocabulary("creative_types")

T = TypeVar("T")


def path_id(value: str, name: str, max_length: int | None = 18) -> str:
    """Validate an id taken from the URL path (``^\\d+$``, at most 18 digits where the spec says so)."""
    if not _DIGITS.match(value) or (max_length is not None and len(value) > max_length):
        raise invalid(f"Invalid {name}: {value!r} must be a numeric id.")
    return value


def values(query: QueryParams, name: str) -> list[str]:
    """All values of a list parameter, accepting repeated keys and comma-separated values alike."""
    return [part for raw in query.getlist(name) for part in raw.split(",") if part != ""]


def id_list(query: QueryParams, name: str, *, required: bool = False, max_items: int = 250) -> list[str] | None:
    """An id-list filter; None when absent so callers can tell "no filter" from "empty"."""
    ids = values(query, name)
    if not ids:
        if required:
            raise invalid(f"Missing required parameter: {name}.")
        return None
    if len(ids) > max_items:
        raise invalid(f"Invalid {name}: at most {max_items} ids are allowed.")
    for item in ids:
        path_id(item, name)
    return ids


def enum_list(query: QueryParams, name: str, allowed: Collection[str], default: Sequence[str] = ()) -> list[str]:
    """A list of enum values; every value must be one the spec lists."""
    items = values(query, name) or list(default)
    for item in items:
        if item not in allowed:
            raise invalid(f"Invalid {name}: {item!r} is not one of {_choices(allowed)}.")
    return items


def enum_value(
    query: QueryParams,
    name: str,
    allowed: Collection[T],
    *,
    parse: Callable[[str], T] = str,  # type: ignore[assignment]
    default: T | None = None,
    required: bool = False,
) -> T | None:
    """A single enum value (strings, or ints via ``parse``); rejects anything the spec does not list."""
    raw = query.get(name)
    if raw is None:
        if required:
            raise invalid(f"Missing required parameter: {name}.")
        return default
    try:
        value = parse(raw)
    except ValueError:
        value = None
    if value not in allowed:
        raise invalid(f"Invalid {name}: {raw!r} is not one of {_choices(allowed)}.")
    return value


def boolean(query: QueryParams, name: str, default: bool = False) -> bool:
    """A ``true``/``false`` flag."""
    raw = query.get(name)
    if raw is None:
        return default
    if raw.lower() not in _BOOLEANS:
        raise invalid(f"Invalid {name}: {raw!r} must be true or false.")
    return _BOOLEANS[raw.lower()]


def required_date(query: QueryParams, name: str) -> date:
    """A required ``YYYY-MM-DD`` date."""
    raw = query.get(name)
    if raw is None:
        raise invalid(f"Missing required parameter: {name}.")
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise invalid(f"Invalid {name}: {raw!r} must be a date in YYYY-MM-DD format.") from None


def _choices(allowed: Collection[object]) -> str:
    """The allowed values for an error message; long vocabularies (analytics columns) are summarized."""
    if len(allowed) > 20:
        return f"the {len(allowed)} values the API documents"
    return ", ".join(map(str, allowed))


def business_access(query: QueryParams) -> None:
    """Accept the optional business-access ``ad_account_id``; the demo user owns every account anyway."""
    if (raw := query.get("ad_account_id")) is not None:
        path_id(raw, "ad_account_id")


def encode_bookmark(offset: int) -> str:
    """An opaque cursor; callers must treat it as a string and pass it back unchanged."""
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _decode_bookmark(raw: str) -> int:
    try:
        text = base64.urlsafe_b64decode(raw.encode()).decode()
        prefix, _, number = text.partition(":")
        if prefix != "offset" or not number.isdigit():
            raise ValueError(text)
        return int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise invalid(f"Invalid bookmark: {raw!r} is not a bookmark this API returned.") from None


def paginate(query: QueryParams, items: Sequence[Any]) -> dict[str, Any]:
    """Slice ``items`` by ``page_size``/``bookmark`` into Pinterest's ``{items, bookmark}`` page."""
    raw_size = query.get("page_size")
    size = PAGE_SIZE_DEFAULT
    if raw_size is not None:
        if not raw_size.isdigit() or not 1 <= int(raw_size) <= PAGE_SIZE_MAX:
            raise invalid(f"Invalid page_size: {raw_size!r} must be an integer from 1 to {PAGE_SIZE_MAX}.")
        size = int(raw_size)
    bookmark = query.get("bookmark")
    offset = _decode_bookmark(bookmark) if bookmark else 0
    end = offset + size
    return {"items": list(items[offset:end]), "bookmark": encode_bookmark(end) if end < len(items) else None}
