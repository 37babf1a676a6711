"""Pinterest's bulk writes: many items per request, each applied or refused on its own.

A body whose envelope is wrong is refused whole (400, code 1). Otherwise every item is answered,
in request order, inside an HTTP 200: an applied item carries its entity and a refused one an
exception, while the other items of the same request still apply (partial failure). How a body
carries its items and how the answer reports each one is a ``BulkShape``:

- ads (``ITEMS_WITH_EXCEPTION_LIST``, ``ITEMS_WITH_EXCEPTION``): a JSON array of 1 to 30 items,
  answered as ``{"items": [...]}``. A refused item has no ``data`` key, because the response
  schemas do not allow ``data: null``. Campaigns and ad groups answer ``exceptions`` as a list
  (empty on success); ads answer a single exception object, left out on success, because that is
  how the spec (and Pinterest) shape them.
- keywords (``keyword_writes``): ``{"keywords": [...]}`` in, ``{"keywords": [...], "errors": [...]}`` out.

Tests force item failures with ``Emulator.inject_item_exception``: a pending ``ItemFault`` that
matches an item answers it before the item's own validation runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import ApiError, invalid
from pinterest_mcp.emulator.http.state import Entity

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
class Outcome:
    """One item's result: the rendered entity, or the refusal as Pinterest's ``{code, message}``."""

    item: Any
    data: dict[str, Any] | None = None
    error: dict[str, Any] | None = None


@dataclass(frozen=True)
class BulkShape:
    """How a bulk body carries its items (``unpack``, 400 on a bad envelope) and how the answer reports them."""

    unpack: Callable[[Any], list[Any]]
    answer: Callable[[WriteContext, list[Outcome]], dict[str, Any]]


# Validates one item and, only if it is acceptable, applies it and returns the stored entity.
ApplyItem = Callable[[WriteContext, dict[str, Any]], Entity]


def bulk_answer(
    context: WriteContext,
    kind: str,
    body: Any,
    apply: ApplyItem,
    shape: BulkShape,
    faults: list[ItemFault],
    render: Callable[[Entity], dict[str, Any]],
    check: Callable[[dict[str, Any]], None],
) -> dict[str, Any]:
    """Answer a bulk create or update: each item ``check``ed against the spec, then through ``apply``.

    A failure at either step is that item's exception.
    """
    outcomes: list[Outcome] = []
    for item in shape.unpack(body):
        try:
            fault = next((f for f in faults if f.matches(kind, item)), None)
            if fault is not None:
                fault.remaining -= 1
                raise ApiError(200, fault.code, fault.message)
            if not isinstance(item, dict):
                raise invalid("Invalid item: each item must be a JSON object.")
            check(item)
            outcomes.append(Outcome(item, data=render(apply(context, item))))
        except ApiError as error:
            outcomes.append(Outcome(item, error={"code": error.code, "message": error.message}))
    return shape.answer(context, outcomes)


def item_array(body: Any) -> list[Any]:
    """The items of an ads bulk body: a JSON array of 1 to 30."""
    if not isinstance(body, list):
        raise invalid(f"Invalid request body: it must be a JSON array of 1 to {MAX_ITEMS} objects.")
    if not 1 <= len(body) <= MAX_ITEMS:
        raise invalid(f"Invalid request body: {len(body)} items sent; a request takes 1 to {MAX_ITEMS}.")
    return body


def _items_with_list(_: WriteContext, outcomes: list[Outcome]) -> dict[str, Any]:
    return {
        "items": [
            {"data": o.data, "exceptions": []} if o.error is None else {"exceptions": [o.error]} for o in outcomes
        ]
    }


def _items_with_object(_: WriteContext, outcomes: list[Outcome]) -> dict[str, Any]:
    return {"items": [{"data": o.data} if o.error is None else {"exceptions": o.error} for o in outcomes]}


ITEMS_WITH_EXCEPTION_LIST = BulkShape(item_array, _items_with_list)
ITEMS_WITH_EXCEPTION = BulkShape(item_array, _items_with_object)
