"""Pinterest's bulk writes: many items per request, each applied or refused on its own.

A body whose envelope is wrong is refused whole (400, code 1). Otherwise every item is answered,
in request order, inside an HTTP 200: an applied item carries its entity and a refused one an
exception, while the other items of the same request still apply (partial failure).

How a body carries its items and how the answer reports each one is the operation's ``Envelope``,
read from its spec schemas (``envelope``), so a bulk kind states no envelope of its own:

- the request schema is a bare array (ads, campaigns, ad groups, lead forms: 1 to 30 items), or an
  object holding the items under its one array property (``keywords``, ``product_group_promotion``)
  whose other properties (``parent_id``, ``ad_group_id``) every item is told;
- the 200 schema either lists ``items`` (``promotions``) of ``data`` + ``exceptions`` (``exception``),
  the exceptions an array (empty on success) or a single object (left out on success), as each
  schema has it; a refused
  item has no ``data`` key, because the response schemas do not allow ``data: null``; or it lists
  the stored entities under one property (``keywords``) and the refusals under another
  (``errors``: the entity the refused item describes, and its messages). That entity keeps only
  the item's fields its schema accepts (a refused item is often refused for a bad value, which
  echoed back would make the 200 answer break its own schema), with a neutral value for a
  required field it lacks (null where the schema allows it).

The body gate (``bodies``) has checked the envelope against the request schema before the
handler runs, leaving the item array at ``Envelope.path`` unchecked; the bulk loop checks each
item against the item schema (``check_item``), so a bad item is that item's exception.

What the spec does not say is a kind's ``BulkRules``: item bounds the spec leaves out, and the
entity a refused item describes.

Tests force item failures with ``Emulator.inject_item_exception``: a pending ``ItemFault`` that
matches an item answers it before the item's own validation runs.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from pinterest_mcp.emulator.http.bodies import Shape, check_item, check_value, compile_schema, item_shape
from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import ApiError, invalid
from pinterest_mcp.emulator.http.shapes import NEUTRAL, Schema, document, properties, resolved
from pinterest_mcp.emulator.http.state import Entity

MAX_ITEMS = 30  # the spec's bound on a bare-array bulk body, which promotions share


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


# Checks what the item schema cannot say and, only if the item passes, applies it and returns the stored entity.
ApplyItem = Callable[[WriteContext, dict[str, Any]], Entity]
# The entity a refused item describes, for answers that report refusals with their entity (None: the item's own fields).
Refused = Callable[[WriteContext, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class BulkRules:
    """What a bulk kind adds to the envelope its operation's schemas imply; most kinds add nothing.

    ``items`` bounds the item count where the spec does not; ``refused`` is the entity a refused
    item describes when the kind knows better than the item (a stored entity it names); None, or
    no ``refused``, answers the item's fields the entity schema accepts. The body's own fields are the
    body gate's (``bodies``, narrowed by ``body_rules``).
    """

    items: tuple[int, int] | None = None
    refused: Refused | None = None


BULK = BulkRules()


@dataclass(frozen=True)
class Envelope:
    """How one bulk operation's body carries its items and how its 200 answer reports them (from the spec).

    ``key`` is the body property holding the items (None: the body is the array), ``shared`` the
    other body properties each item is told, ``bounds`` the spec's item count. The answer lists
    ``items`` (``listed`` is None; ``exception_list`` says whether exceptions are an array) or the
    entities under ``listed`` and the refusals under ``errors``, each as ``data`` + ``messages``.
    """

    operation_id: str
    key: str | None
    shared: tuple[str, ...]
    bounds: tuple[int, int] | None
    listed: str | None
    exception_list: bool = False
    errors: str = ""
    messages: str = ""
    entity_schema: Shape | None = None
    answered: str = "items"
    exception_key: str = "exceptions"

    @property
    def path(self) -> str:
        """Where the items are in the body, as the body gate names it ("" the body itself)."""
        return self.key or ""

    def unpack(self, body: Any, rules: BulkRules) -> list[Any]:
        """The items of ``body``, each told the body's shared fields; 400 for a bad envelope.

        Over HTTP the body gate has refused a body its request schema refuses, so what is left to
        refuse here is the kind's own bound (``BulkRules.items``); the other checks keep a direct
        caller from reading items out of a body that holds none.
        """
        bounds = rules.items or self.bounds
        if self.key is None:
            if not isinstance(body, list):
                sized = f" of {bounds[0]} to {bounds[1]} objects" if bounds else ""
                raise invalid(f"Invalid request body: it must be a JSON array{sized}.")
            items: list[Any] = body
        else:
            if not isinstance(body, dict):
                raise invalid("Invalid request body: it must be a JSON object.")
            held: Any = body.get(self.key)
            if not isinstance(held, list):
                raise invalid(f"Invalid {self.key}: it must be a JSON array.")
            items = held
        if bounds is not None and not bounds[0] <= len(items) <= bounds[1]:
            where = "request body" if self.key is None else self.key
            raise invalid(f"Invalid {where}: {len(items)} items sent; a request takes {bounds[0]} to {bounds[1]}.")
        shared = {name: body[name] for name in self.shared if name in body}
        return [{**item, **shared} if shared and isinstance(item, dict) else item for item in items]

    def answer(self, context: WriteContext, outcomes: list[Outcome], rules: BulkRules) -> dict[str, Any]:
        """The 200 body reporting ``outcomes`` in request order, shaped as the operation's schema says."""
        if self.listed is None:
            return {self.answered: [self._item(o) for o in outcomes]}

        def refused(item: Any) -> dict[str, Any]:
            known = rules.refused(context, item) if rules.refused is not None else None
            return known if known is not None else self.described(item)

        return {
            self.listed: [o.data for o in outcomes if o.data is not None],
            self.errors: [
                {"data": refused(o.item), self.messages: [o.error["message"]]} for o in outcomes if o.error is not None
            ],
        }

    def _item(self, outcome: Outcome) -> dict[str, Any]:
        if outcome.error is None:
            return {"data": outcome.data, self.exception_key: []} if self.exception_list else {"data": outcome.data}
        return {self.exception_key: [outcome.error] if self.exception_list else outcome.error}

    def described(self, item: Any) -> dict[str, Any]:
        """The entity a refused ``item`` describes: its fields the entity schema accepts, required ones filled."""
        fields = item if isinstance(item, dict) else {}
        schema = self.entity_schema or Shape()
        entity: dict[str, Any] = {}
        for name, field in schema.properties.items():
            if name in fields and _fits(fields[name], field):
                entity[name] = fields[name]
            elif name in schema.required:
                entity[name] = None if field.nullable else _neutral(field)
        return entity


def _fits(value: Any, field: Shape) -> bool:
    """Whether ``value`` is one the field's schema accepts (the body gate's check, its error dropped)."""
    try:
        check_value(value, field, "")
    except ApiError:
        return False
    return True


def _neutral(field: Shape) -> Any:
    """A value of ``field``'s type for a required field the item lacks: its first enum value, "", 0, ..."""
    if field.enum:
        return field.enum[0]
    return copy.deepcopy(NEUTRAL[field.types[0]]) if field.types else None


@cache
def envelope(operation_id: str) -> Envelope:
    """The envelope of bulk operation ``operation_id``, read from its request and 200 schemas once."""
    operation = document()["operations"][operation_id]
    request = resolved(operation["request_body"]["content"]["application/json"])
    key: str | None = None
    shared: tuple[str, ...] = ()
    array = request
    if request.get("type") != "array":
        fields = properties(request)
        arrays = [name for name, nodes in fields.items() if _is_array(nodes[0])]
        if len(arrays) != 1:
            raise ValueError(f"{operation_id}: a bulk body holds its items in one array, not {arrays}")
        key = arrays[0]
        shared = tuple(name for name in fields if name != key)
        array = resolved(fields[key][0])
    bounds = (array["minItems"], array["maxItems"]) if "minItems" in array and "maxItems" in array else None
    answer = properties(operation["responses"]["200"]["application/json"])
    held = [name for name, nodes in answer.items() if "data" in properties(nodes[0].get("items", {}))]
    if "items" in answer or len(answer) == len(held) == 1:  # one entry per item: ``items``, or ``promotions``
        answered = "items" if "items" in answer else held[0]
        item = properties(answer[answered][0]["items"])
        exceptions = "exceptions" if "exceptions" in item else "exception"
        return Envelope(operation_id, key, shared, bounds, None, exception_list=_is_array(item[exceptions][0]),
                        answered=answered, exception_key=exceptions)  # fmt: skip
    errors = next(name for name, nodes in answer.items() if "data" in properties(nodes[0].get("items", {})))
    listed = next(name for name in answer if name != errors)
    error_item = properties(answer[errors][0]["items"])
    messages = next(name for name in error_item if name != "data")
    entity = compile_schema(error_item["data"][0])
    return Envelope(operation_id, key, shared, bounds, listed, errors=errors, messages=messages, entity_schema=entity)


def _is_array(node: Schema) -> bool:
    """An array in the spec: typed so, or untyped with ``items`` (``ProductGroupPromotionResponseItem``)."""
    node = resolved(node)
    return node.get("type") == "array" or ("type" not in node and "items" in node)


def apply_items(
    context: WriteContext,
    kind: str,
    items: list[Any],
    apply: ApplyItem,
    faults: list[ItemFault],
    render: Callable[[Entity], dict[str, Any]],
    check: Callable[[dict[str, Any]], dict[str, Any]],
) -> list[Outcome]:
    """Each item ``check``ed against its spec schema, then what ``check`` keeps of it through ``apply``, in order.

    A failure at either step (or an injected one) is that item's exception; the others still apply.
    """
    outcomes: list[Outcome] = []
    for item in items:
        try:
            fault = next((f for f in faults if f.matches(kind, item)), None)
            if fault is not None:
                fault.remaining -= 1
                raise ApiError(200, fault.code, fault.message)
            if not isinstance(item, dict):
                raise invalid("Invalid item: each item must be a JSON object.")
            outcomes.append(Outcome(item, data=render(apply(context, check(item)))))
        except ApiError as error:
            outcomes.append(Outcome(item, error={"code": error.code, "message": error.message}))
    return outcomes


def bulk_answer(
    context: WriteContext,
    kind: str,
    body: Any,
    apply: ApplyItem,
    operation_id: str,
    rules: BulkRules,
    faults: list[ItemFault],
    render: Callable[[Entity], dict[str, Any]],
) -> dict[str, Any]:
    """Answer bulk operation ``operation_id``: its envelope unpacked, each item checked and applied, in order."""
    shape = envelope(operation_id)

    def check(item: dict[str, Any]) -> dict[str, Any]:
        """The item checked, without the keys its schema does not list (ignored, as Pinterest ignores them)."""
        check_item(operation_id, item, shape.path)
        listed = item_shape(operation_id, shape.path).properties
        return {name: value for name, value in item.items() if name in listed or name in shape.shared}

    outcomes = apply_items(context, kind, shape.unpack(body, rules), apply, faults, render, check)
    return shape.answer(context, outcomes, rules)
