"""List, get, create, update and delete routes made from resource rows, so each is written once.

A ``Resource`` row (the rows are in ``resources``) names the spec operations that serve a kind
(their method, path and OAuth scopes are the spec facts, never restated), what owns it, how its
lists filter and how it is written. ``Resource.endpoints``
turns it into handlers with Pinterest's shared semantics:

- a lookup walks the parent chain of the path, so a campaign of another ad account or a section
  of another board is a 404 with the kind's own code and message (``lookup.Missing``);
- the query was checked against the operation's spec parameters before the handler runs
  (``query``), so a list keeps the parent's entities, applies the row's ``Filter``s (id lists;
  enum lists such as ``entity_statuses``, with the spec's ACTIVE+PAUSED default), then its
  ``refine`` hook, sorts by id (``newest_first`` where Pinterest lists newest first, the
  ``order`` parameter where the operation takes one) and pages with ``bookmark``/``page_size``;
- ``render`` adds derived fields and ``private`` fields (a section's board, a keyword's ad
  account) are dropped from every answer;
- a ``Write`` with ``BulkRules`` answers item by item with HTTP 200 in the envelope its operation's
  schemas give (``bulk``: the body gate checks the envelope, the bulk loop each item), one without
  it takes and answers one JSON object with the row's status code; ``delete`` is the row's cascade,
  answered 204. A row without ``delete`` has none (ads entities are archived instead).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.bulk import BulkRules, bulk_answer, envelope
from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.fields import json_body
from pinterest_mcp.emulator.http.lookup import Endpoint, Missing
from pinterest_mcp.emulator.http.params import paginate
from pinterest_mcp.emulator.http.query import Query
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.spec.facts import operation_facts

# Narrows or reshapes a list after the row's filters: (query, store, parent or None, entities) -> entities.
Refine = Callable[[Query, Store, Entity | None, list[Entity]], list[Entity]]
# Adds the fields Pinterest derives when rendering (one call per page, so shared lookups run once).
Render = Callable[[Store, list[Entity]], list[Entity]]
# Validates a single body or bulk item and, if acceptable, stores the result and returns the entity.
Apply = Callable[[WriteContext, dict[str, Any]], Entity]
Delete = Callable[[Store, Entity], None]


@dataclass(frozen=True)
class Filter:
    """A list filter: the entities whose ``field`` is one of the query parameter's (checked) values.

    An absent parameter keeps every entity unless the spec gives it a default (``entity_statuses``).
    """

    param: str
    field: str

    def apply(self, query: Query, entities: list[Entity]) -> list[Entity]:
        """The entities this filter keeps."""
        wanted = query.texts(self.param)
        return [e for e in entities if e[self.field] in wanted] if wanted else entities


@dataclass(frozen=True)
class Write:
    """The operation that creates or updates a kind, and how: ``apply`` per item (``bulk``) or for one object.

    A bulk write's envelope is its operation's (``bulk.envelope``); ``bulk`` holds only what the
    kind adds to it (``bulk.BULK`` when nothing).
    """

    operation_id: str
    apply: Apply
    bulk: BulkRules | None = None
    status: int = 200

    @property
    def endpoint_items(self) -> tuple[str, ...]:
        """Where the envelope holds the items the body gate leaves to the bulk loop; none for a single-object write."""
        return () if self.bulk is None else (envelope(self.operation_id).path,)


@dataclass(frozen=True)
class Removal:
    """The operation that deletes one entity of a kind, and the store's cascade that does it."""

    operation_id: str
    cascade: Delete


@dataclass(frozen=True)
class Resource:
    """One entity kind of the API: where it lives, what owns it, how it lists and how it is written.

    Rows give the first four fields positionally: ``kind`` (the id kind, also what item faults
    name), ``collection`` (the ``Store`` attribute), ``list_op`` (the operationId of its list) and
    ``missing`` (its 404). The list's path (also the create and bulk update template) is the spec's;
    ``item`` is the path parameter of one entity, read from the template of the operations on one
    entity (``get_op``, a single update, the delete), which must be ``path/{item}``; a row whose
    operations disagree with that shape fails at import. ``parent`` is the row whose entity the
    path names above this one, ``parent_key`` the field that points at it.
    """

    kind: str
    collection: str
    list_op: str
    missing: Missing
    get_op: str | None = None
    parent: Resource | None = None
    parent_key: str = ""
    filters: tuple[Filter, ...] = ()
    refine: Refine | None = None
    newest_first: bool = False
    render: Render | None = None
    private: tuple[str, ...] = ()
    create: Write | None = None
    update: Write | None = None
    delete: Removal | None = None

    def __post_init__(self) -> None:
        for operation_id, path in self._served():
            if operation_facts(operation_id).path != path:
                raise ValueError(f"{self.kind}: {operation_id} is at {operation_facts(operation_id).path}, not {path}")

    @property
    def path(self) -> str:
        """The list's template (also create's and a bulk update's), e.g. ``/ad_accounts/{ad_account_id}/campaigns``."""
        return operation_facts(self.list_op).path

    @property
    def item(self) -> str | None:
        """The path parameter naming one entity, from the spec's template of an operation on one; None if none."""
        single = self.update.operation_id if self.update is not None and self.update.bulk is None else None
        named = self.get_op or single or (self.delete.operation_id if self.delete is not None else None)
        if named is None:
            return None
        return operation_facts(named).path.rpartition("/{")[2].rstrip("}")

    @property
    def item_path(self) -> str:
        """The template of one entity, e.g. ``/ad_accounts/{ad_account_id}/campaigns/{campaign_id}``."""
        return f"{self.path}/{{{self.item}}}"

    def _served(self) -> list[tuple[str, str]]:
        """(operationId, the template this row serves it at) for each of its operations."""
        served = [(self.list_op, self.path)]
        if self.get_op is not None:
            served.append((self.get_op, self.item_path))
        if self.create is not None:
            served.append((self.create.operation_id, self.path))
        if self.update is not None:
            served.append((self.update.operation_id, self.path if self.update.bulk is not None else self.item_path))
        if self.delete is not None:
            served.append((self.delete.operation_id, self.item_path))
        return served

    def parent_of(self, request: Request) -> Entity | None:
        """The parent entity the path names (404 if it does not exist), None for top-level kinds."""
        return None if self.parent is None else self.parent.locate(request)[1]

    def locate(self, request: Request) -> tuple[Entity | None, Entity]:
        """(parent, entity) the path names (its ids checked by the gate); 404 for one not under that parent."""
        if self.item is None:
            raise RuntimeError(f"{self.kind}: a list-only resource has no item to locate")
        parent = self.parent_of(request)
        entity_id = request.path_params[self.item]
        entities = lookup.store_of(request).collection(self.collection)
        return parent, lookup.owned(entities, entity_id, parent, self.parent_key, self.missing)

    def view(self, store: Store, entities: list[Entity]) -> list[Entity]:
        """Response bodies: derived fields added, private fields removed."""
        rendered = self.render(store, entities) if self.render else entities
        if not self.private:
            return rendered
        return [{k: v for k, v in entity.items() if k not in self.private} for entity in rendered]

    def endpoints(self) -> list[Endpoint]:
        """The routes this row serves, each with the scopes it needs."""

        def handler(run: Callable[[Resource, Request], Awaitable[Response]]) -> lookup.Handler:
            async def handle(request: Request) -> Response:
                return await run(self, request)

            return handle

        routes = [Endpoint(self.list_op, handler(_list))]
        if self.get_op is not None:
            routes.append(Endpoint(self.get_op, handler(_get)))
        if self.create is not None:
            routes.append(Endpoint(self.create.operation_id, handler(_create), self.create.endpoint_items))
        if self.update is not None:
            routes.append(Endpoint(self.update.operation_id, handler(_update), self.update.endpoint_items))
        if self.delete is not None:
            routes.append(Endpoint(self.delete.operation_id, handler(_delete)))
        return routes


async def _list(resource: Resource, request: Request) -> Response:
    query = lookup.query_of(request)
    parent = resource.parent_of(request)
    store = lookup.store_of(request)
    entities = list(store.collection(resource.collection).values())
    if parent is not None:
        entities = [e for e in entities if e[resource.parent_key] == parent["id"]]
    for item_filter in resource.filters:
        entities = item_filter.apply(query, entities)
    if resource.refine is not None:
        entities = resource.refine(query, store, parent, entities)
    order = query.text("order")
    descending = order == "DESCENDING" if order else resource.newest_first
    entities.sort(key=lambda entity: int(entity["id"]), reverse=descending)
    page = paginate(query, entities)
    page["items"] = resource.view(store, page["items"])
    return JSONResponse(page)


async def _get(resource: Resource, request: Request) -> Response:
    _, entity = resource.locate(request)
    return JSONResponse(resource.view(lookup.store_of(request), [entity])[0])


async def _create(resource: Resource, request: Request) -> Response:
    assert resource.create is not None
    return await _write(resource, resource.create, request, resource.parent_of(request), None)


async def _update(resource: Resource, request: Request) -> Response:
    assert resource.update is not None
    if resource.update.bulk is not None:
        return await _write(resource, resource.update, request, resource.parent_of(request), None)
    parent, target = resource.locate(request)
    return await _write(resource, resource.update, request, parent, target)


async def _delete(resource: Resource, request: Request) -> Response:
    assert resource.delete is not None
    _, entity = resource.locate(request)
    resource.delete.cascade(lookup.store_of(request), entity)
    return Response(status_code=204)


async def _write(
    resource: Resource, write: Write, request: Request, parent: Entity | None, target: Entity | None
) -> Response:
    body = await json_body(request)
    store = lookup.store_of(request)
    context = WriteContext(store, parent, lookup.now_of(request), lookup.today_of(request), target)
    if write.bulk is not None:
        faults = request.app.state.item_faults

        def render(entity: Entity) -> Entity:
            return resource.view(store, [entity])[0]

        answer = bulk_answer(context, resource.kind, body, write.apply, write.operation_id, write.bulk, faults, render)
        return JSONResponse(answer)
    if not isinstance(body, dict):
        raise invalid("Invalid request body: it must be a JSON object.")
    entity = write.apply(context, body)
    return JSONResponse(resource.view(store, [entity])[0], status_code=write.status)
