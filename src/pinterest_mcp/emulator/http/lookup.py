"""Shared request plumbing: the served-route record (an operationId and its handler), the store, owned entities.

Every "not found" the emulator answers is spelled here once, as a ``Missing`` (code and message
template), whether the id came from the path (the resource table) or from a write's body.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from starlette.requests import Request
from starlette.responses import Response

from pinterest_mcp.emulator.http.bodies import check_body
from pinterest_mcp.emulator.http.errors import BOARD_NOT_FOUND, BOARD_SECTION_NOT_FOUND, PIN_NOT_FOUND, not_found
from pinterest_mcp.emulator.http.query import Query, check_query
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.spec.facts import operation_facts

AD_ENTITY_NOT_FOUND = 404
# Where the gate leaves the store of the Pinterest user a request's token acts for (``scope["state"]``).
USER_STORE = "pinterest_emulator_user_store"
Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class Endpoint:
    """One served route: the spec operation it answers, and its handler.

    The method, the template below /v5 (what faults and scopes match on) and the OAuth scopes are
    the spec facts of ``operation_id``, so a route cannot drift from the operation it serves; an
    operationId the facts lack fails when the route table is built.
    """

    operation_id: str
    handler: Handler
    # Body paths of the arrays a bulk write answers item by item (``bodies``): the gate checks only the envelope.
    # A resource's bulk write derives its path from the spec (``bulk.envelope``); the upsert route names its own.
    items: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        operation_facts(self.operation_id)

    async def serve(self, request: Request) -> Response:
        """Check the path, query and JSON body against the operation's spec, then run the handler (``query_of``)."""
        request.state.query = check_query(self.operation_id, request.query_params, request.path_params)
        await check_body(self.operation_id, request, self.items)
        return await self.handler(request)

    @property
    def method(self) -> str:
        """The operation's HTTP method."""
        return operation_facts(self.operation_id).method

    @property
    def path(self) -> str:
        """The operation's path template below /v5."""
        return operation_facts(self.operation_id).path

    @property
    def scopes(self) -> tuple[str, ...]:
        """The OAuth scopes the spec requires of the operation."""
        return operation_facts(self.operation_id).scopes


@dataclass(frozen=True)
class Missing:
    """The 404 for an unknown id: Pinterest's code and a message naming ``{id}`` and the ``{parent}``'s id."""

    code: int
    message: str


AD_ACCOUNT_MISSING = Missing(AD_ENTITY_NOT_FOUND, "Ad account {id} not found.")
BOARD_MISSING = Missing(BOARD_NOT_FOUND, "Board {id} not found.")
SECTION_MISSING = Missing(BOARD_SECTION_NOT_FOUND, "Board section {id} not found on board {parent}.")
PIN_MISSING = Missing(PIN_NOT_FOUND, "Pin {id} not found.")


def in_account(label: str) -> Missing:
    """The 404 of an ads entity (campaign, ad group, ...) that is not in the path's ad account."""
    return Missing(AD_ENTITY_NOT_FOUND, label + " {id} not found in ad account {parent}.")


def owned(
    entities: dict[str, Entity], entity_id: str, parent: Entity | None, parent_key: str, missing: Missing
) -> Entity:
    """The entity ``entity_id``, which must name ``parent`` in ``parent_key`` when there is a parent; else 404."""
    entity = entities.get(entity_id)
    if entity is None or (parent is not None and entity[parent_key] != parent["id"]):
        raise not_found(missing.code, missing.message.format(id=entity_id, parent=parent["id"] if parent else ""))
    return entity


def owned_by(entities: dict[str, Entity], entity_id: str, account: Entity, label: str) -> Entity:
    """The ads entity ``entity_id`` of this ad account (named in a write's body), else a not-found error."""
    return owned(entities, entity_id, account, "ad_account_id", in_account(label))


def board_by_id(store: Store, board_id: str) -> Entity:
    """A board a write's body names, else 404 with Pinterest's board-not-found code."""
    return owned(store.boards, board_id, None, "", BOARD_MISSING)


def section_on(store: Store, board: Entity, section_id: str | None) -> str | None:
    """A section id a write's body names, checked to be on ``board`` (None stays None: no section)."""
    if section_id is not None:
        owned(store.sections, section_id, board, "board_id", SECTION_MISSING)
    return section_id


def query_of(request: Request) -> Query:
    """The request's query, checked against its operation's spec parameters before the handler ran."""
    query: Query = request.state.query
    return query


def store_of(request: Request) -> Store:
    """The data of the user the request acts for: the one its token was issued to, else the first user's."""
    chosen: Store | None = request.scope.get("state", {}).get(USER_STORE)
    if chosen is not None:
        return chosen
    store: Store = request.app.state.store
    return store


def seed_of(request: Request) -> int:
    """The emulator's seed, which also keys the metrics simulation."""
    seed: int = request.app.state.seed
    return seed


def today_of(request: Request) -> date:
    """The date analytics windows are measured from (the real UTC date unless the emulator pins one)."""
    today: date = request.app.state.today()
    return today


def now_of(request: Request) -> int:
    """Unix seconds for the timestamps writes set (the emulator's ``clock``, real time by default)."""
    clock: Callable[[], float] = request.app.state.clock
    return int(clock())
