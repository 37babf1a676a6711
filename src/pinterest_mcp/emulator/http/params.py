"""Path ids and paging: what the query gate (``query``) cannot check from the spec alone.

A path id is checked where a handler reads it; a bookmark must be one this API returned, and a
page is cut from the checked ``page_size``. Errors name the offending parameter so clients (and
the MCP tools built on them) can show the user exactly what to fix.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from typing import Any

from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.query import Query

_DIGITS = re.compile(r"^\d+$")
PAGE_SIZE_DEFAULT = 25


def path_id(value: str, name: str, max_length: int | None = 18) -> str:
    """Validate an id taken from the URL path (``^\\d+$``, at most 18 digits where the spec says so)."""
    if not _DIGITS.match(value) or (max_length is not None and len(value) > max_length):
        raise invalid(f"Invalid {name}: {value!r} must be a numeric id.")
    return value


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


def paginate(query: Query, items: Sequence[Any], size: int | None = None) -> dict[str, Any]:
    """Slice ``items`` by ``page_size`` (or ``size``)/``bookmark`` into Pinterest's ``{items, bookmark}`` page."""
    size = size or query.number("page_size") or PAGE_SIZE_DEFAULT
    bookmark = query.text("bookmark")
    offset = _decode_bookmark(bookmark) if bookmark else 0
    end = offset + size
    return {"items": list(items[offset:end]), "bookmark": encode_bookmark(end) if end < len(items) else None}
