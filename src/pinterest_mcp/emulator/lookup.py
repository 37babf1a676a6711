"""Shared request plumbing for route handlers: reaching the store and finding owned entities."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, date, datetime

from starlette.requests import Request
from starlette.responses import Response

from .errors import BOARD_NOT_FOUND, not_found
from .media import iso
from .params import path_id
from .state import Entity, Store

AD_ENTITY_NOT_FOUND = 404

# (HTTP method, path template below /v5, handler); the template is also what faults match on.
RouteSpec = tuple[str, str, Callable[[Request], Awaitable[Response]]]


def store_of(request: Request) -> Store:
    """The emulator's store, attached to the Starlette app at construction."""
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


def iso_now_of(request: Request) -> str:
    """The emulator clock as an organic ``created_at`` (ISO 8601, UTC)."""
    return iso(datetime.fromtimestamp(now_of(request), UTC))


def ad_account(request: Request) -> Entity:
    """The ad account named in the path, or 404."""
    account_id = path_id(request.path_params["ad_account_id"], "ad_account_id")
    account = store_of(request).ad_accounts.get(account_id)
    if account is None:
        raise not_found(AD_ENTITY_NOT_FOUND, f"Ad account {account_id} not found.")
    return account


def owned(entities: dict[str, Entity], request: Request, param: str, label: str) -> Entity:
    """An ad entity from the path that must belong to the path's ad account, else 404."""
    return owned_by(entities, path_id(request.path_params[param], param), ad_account(request), label)


def owned_by(entities: dict[str, Entity], entity_id: str, account: Entity, label: str) -> Entity:
    """The entity `entity_id` of this ad account (from a path or a write's body), else a not-found error."""
    entity = entities.get(entity_id)
    if entity is None or entity["ad_account_id"] != account["id"]:
        raise not_found(AD_ENTITY_NOT_FOUND, f"{label} {entity_id} not found in ad account {account['id']}.")
    return entity


def board(request: Request) -> Entity:
    """The board named in the path, or 404 with Pinterest's board-not-found code."""
    board_id = path_id(request.path_params["board_id"], "board_id", max_length=None)
    found = store_of(request).boards.get(board_id)
    if found is None:
        raise not_found(BOARD_NOT_FOUND, f"Board {board_id} not found.")
    return found


def by_order(items: Iterable[Entity], order: str | None) -> list[Entity]:
    """Sort by numeric id (higher ids are newer); ascending unless DESCENDING is asked for."""
    return sorted(items, key=lambda item: int(item["id"]), reverse=order == "DESCENDING")
