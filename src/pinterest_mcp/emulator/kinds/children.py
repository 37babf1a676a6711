"""Child kinds of an ad account made from one table row: created under a parent an item names, updated in place.

Many ads kinds are the same machine: an item names its parent (a campaign, an ad group) in a body
field, the parent must be an entity of the path's ad account, some fields are unique among the
parent's live (not ARCHIVED) children, and an update item names one entity of the account by
``id`` and sets the fields it sends. A ``Child`` row states what differs: the schema the kind is
answered in (the entity is ``shaped`` from it), where its parent comes from (``Parent``), its
unique fields, how many of a type a parent takes (``caps``), its start values, and any other
business rule no spec states (``rules``). Its
``create`` and ``update`` are apply functions for a resource row's ``Write``; their refusals are
bulk item exceptions like any other kind's.

``spec_filters`` gives a list route the filters its spec parameters imply: ``<kind>_ids`` by id,
``entity_statuses`` by status, and ``<field>s`` by a field of the kind's schema (``label_types``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.crud import Filter
from pinterest_mcp.emulator.http.errors import ENTITY_ARCHIVED, ApiError, invalid
from pinterest_mcp.emulator.http.lookup import owned_by
from pinterest_mcp.emulator.http.query import parameters
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds.entities import NEW, SCHEMAS
from pinterest_mcp.emulator.kinds.shaped import shape, shaped

ACCOUNT_KEY = "ad_account_id"  # the private field a child keeps its ad account in
# Checks an item against the parent's live children of the kind (the entity itself left out on update).
Rules = Callable[[dict[str, Any], list[Entity]], None]


@dataclass(frozen=True)
class Parent:
    """The parent an item names in ``field``: an entity of ``collection`` in the path's ad account.

    ``prefix`` is a marker the spec's pattern lets the id carry (a campaign's ``C``); ``label``
    names the parent in its 404.
    """

    field: str
    collection: str
    label: str
    prefix: str = ""

    def of(self, context: WriteContext, item: dict[str, Any]) -> Entity:
        """The parent ``item`` names, of the path's ad account; else the kind's not-found error."""
        parent_id = str(item[self.field]).removeprefix(self.prefix)
        return owned_by(context.store.collection(self.collection), parent_id, context.account, self.label)


@dataclass(frozen=True)
class Child:
    """A kind created under a ``Parent`` its items name, checked against the parent's live children.

    ``unique`` fields together are unique among them; ``caps`` is (field, {value: most}): how many
    children with each value of ``field`` a parent takes (a value it does not list is refused).
    """

    kind: str
    parent: Parent
    unique: tuple[str, ...] = ()
    caps: tuple[str, dict[Any, int]] | None = None
    start: dict[str, Any] = field(default_factory=dict)
    rules: Rules | None = None

    @property
    def label(self) -> str:
        """The kind as an error message names it ("Label")."""
        return self.kind.replace("_", " ").capitalize()

    def create(self, context: WriteContext, item: dict[str, Any]) -> Entity:
        """Check a create item against its parent and siblings, and store the new entity."""
        parent = self.parent.of(context, item)
        given = {name: value for name, value in item.items() if name in shape(SCHEMAS[self.kind]).fields}
        semantic = {"id": NEW, **self.start, self.parent.field: parent["id"], ACCOUNT_KEY: context.account["id"]}
        entity = shaped(SCHEMAS[self.kind], semantic, {k: v for k, v in given.items() if k not in semantic})
        self._check(context, entity, None)
        return context.store.add(self.kind, entity)

    def update(self, context: WriteContext, item: dict[str, Any]) -> Entity:
        """Set the fields an update item sends on the entity of the account its ``id`` names."""
        entities = context.store.collection(f"{self.kind}s")
        entity = owned_by(entities, item["id"], context.account, self.label)
        if entity.get("status") == "ARCHIVED":
            raise ApiError(400, ENTITY_ARCHIVED, f"{self.label} {entity['id']} is ARCHIVED; archiving is permanent.")
        changed = {**entity, **{k: v for k, v in item.items() if k in entity and k != "id"}}
        self._check(context, changed, entity["id"])
        entity.update(changed)
        return entity

    def _check(self, context: WriteContext, entity: Entity, own_id: str | None) -> None:
        """The kind's rules and uniqueness, against the parent's live children other than ``own_id``."""
        if entity.get("status") == "ARCHIVED":
            return
        key = self.parent.field
        siblings = [
            other
            for other in context.store.collection(f"{self.kind}s").values()
            if other[key] == entity[key] and other["id"] != own_id and other.get("status") != "ARCHIVED"
        ]
        if self.rules is not None:
            self.rules(entity, siblings)
        if self.caps is not None:
            name, caps = self.caps
            if entity[name] not in caps:
                raise invalid(f"Invalid {name}: must be one of {', '.join(map(str, caps))}.")
            if sum(other[name] == entity[name] for other in siblings) >= caps[entity[name]]:
                parent = f"{self.parent.label.lower()} {entity[key]}"
                raise invalid(
                    f"Invalid {name}: {parent} takes at most {caps[entity[name]]} {entity[name]} {self.kind}(s)."
                )
        if self.unique and any(all(_same(other[f], entity[f]) for f in self.unique) for other in siblings):
            values = ", ".join(f"{f} {entity[f]!r}" for f in self.unique)
            raise invalid(f"Invalid {self.unique[-1]}: a {self.kind} with {values} already exists on {entity[key]}.")


def _same(one: Any, other: Any) -> bool:
    """Equal, text compared without case (Pinterest treats names that differ only in case as the same)."""
    if isinstance(one, str) and isinstance(other, str):
        return one.casefold() == other.casefold()
    return bool(one == other)


def spec_filters(list_op: str, kind: str, **fields: str) -> tuple[Filter, ...]:
    """The filters ``list_op``'s query parameters imply for ``kind``; ``fields`` maps the others to a field."""
    schema_fields = shape(SCHEMAS[kind]).fields
    found: list[Filter] = []
    for parameter in parameters(list_op):
        name = parameter.name
        named = fields.get(name) or {f"{kind}_ids": "id", "entity_statuses": "status"}.get(name)
        if named is None and name.removesuffix("s") in schema_fields and parameter.location == "query":
            named = name.removesuffix("s")
        if named is not None:
            found.append(Filter(name, named))
    return tuple(found)
