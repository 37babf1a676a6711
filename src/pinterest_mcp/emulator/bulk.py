"""Pinterest's bulk ads writes: 1-30 items per request, each applied or refused on its own.

A body that is not a JSON array of 1 to 30 items is refused whole (400, code 1). Otherwise every
item is answered, in request order, inside an HTTP 200: an applied item carries its entity and a
refused one an exception, while the other items of the same request still apply (partial failure).
A refused item has no ``data`` key, because the response schemas do not allow ``data: null``.
Campaigns and ad groups answer ``exceptions`` as a list (empty on success); ads answer a single
exception object, left out on success, because that is how the spec (and Pinterest) shape them.

Tests force item failures with ``Emulator.inject_item_exception``: a pending ``ItemFault`` that
matches an item answers it before the item's own validation runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from . import lookup
from .errors import ApiError, invalid
from .fields import json_body
from .state import Entity, Store

ITEM_KINDS = ("campaign", "ad_group", "ad")
MAX_ITEMS = 30


@dataclass
class ItemFault:
    """An exception for the next ``remaining`` bulk items of ``kind`` with this ``id`` / ``name``."""

    kind: str
    id: str | None
    name: str | None
    code: int
    message: str
    remaining: int

    def matches(self, kind: str, item: Any) -> bool:
        """``id`` and ``name`` of None match any item; an item that is not an object matches neither."""
        if self.remaining <= 0 or kind != self.kind:
            return False
        if self.id is None and self.name is None:
            return True
        return (
            isinstance(item, dict)
            and (self.id is None or item.get("id") == self.id)
            and (self.name is None or item.get("name") == self.name)
        )


@dataclass(frozen=True)
class WriteContext:
    """What an item write needs: the store, the path's ad account and the time to stamp."""

    store: Store
    account: Entity
    now: int


# Validates one item and, only if it is acceptable, applies it and returns the stored entity.
ApplyItem = Callable[[WriteContext, dict[str, Any]], Entity]


async def bulk_write(request: Request, kind: str, apply: ApplyItem, *, exceptions_as_list: bool = True) -> JSONResponse:
    """Answer a bulk create or update: each item through ``apply``, failures as item exceptions."""
    account = lookup.ad_account(request)
    items = await json_body(request)
    if not isinstance(items, list):
        raise invalid(f"Invalid request body: it must be a JSON array of 1 to {MAX_ITEMS} objects.")
    if not 1 <= len(items) <= MAX_ITEMS:
        raise invalid(f"Invalid request body: {len(items)} items sent; a request takes 1 to {MAX_ITEMS}.")
    context = WriteContext(lookup.store_of(request), account, lookup.now_of(request))
    faults: list[ItemFault] = request.app.state.item_faults
    answers = [_answer(kind, item, context, apply, faults, exceptions_as_list) for item in items]
    return JSONResponse({"items": answers})


def _answer(
    kind: str,
    item: Any,
    context: WriteContext,
    apply: ApplyItem,
    faults: list[ItemFault],
    exceptions_as_list: bool,
) -> dict[str, Any]:
    try:
        fault = next((f for f in faults if f.matches(kind, item)), None)
        if fault is not None:
            fault.remaining -= 1
            raise ApiError(200, fault.code, fault.message)
        if not isinstance(item, dict):
            raise invalid("Invalid item: each item must be a JSON object.")
        entity = apply(context, item)
    except ApiError as error:
        exception = {"code": error.code, "message": error.message}
        return {"exceptions": [exception] if exceptions_as_list else exception}
    return {"data": entity, "exceptions": []} if exceptions_as_list else {"data": entity}
