"""Names beside ids: a metric table names each row's entity, so no one calls get_campaign to read it.

Pinterest's metric rows carry ids only (`CAMPAIGN_ID`, `AD_ID`, `PIN_ID`). The table's entity
column (the most specific id column) is named (`named`: a column beside it, or a map): campaign, ad group and ad names
come from one list request per 250 ids (the list filter by ids, every status, so archived ones are
named too); Pin titles from one `get_pin` per Pin, since Pinterest has no read of several Pins by
id. Only ids of rows the answer will show are looked up, at most `MAX_NAMED` of them (`MAX_PIN_GETS`
for Pins), sent through the fan-out's bounds. Names are kept briefly per server (`NameCache`), so a
second question about the same campaigns sends nothing more.

Names are text from outside: shortened to `NAME_CHARS`, every control, line-breaking and
direction character escaped (`as_data`), so a name reads as one quoted value and never as
instructions. A look-up that fails costs the names only: the table still comes, and says so.
"""

from __future__ import annotations

import time
import unicodedata
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from pinterest_mcp.api.client import items_of
from pinterest_mcp.api.errors import (
    MissingScopeError,
    NotFoundError,
    PermissionDeniedError,
    PinterestError,
    TrialAccessError,
)
from pinterest_mcp.api.fanout import FanOut
from pinterest_mcp.operations import by_name
from pinterest_mcp.registry.inputs import EntityStatus, OperationInput
from pinterest_mcp.registry.records import Operation

NAME_CHARS = 40
"""The longest name shown; longer ones end in `…` (a name is for recognising, not reading)."""
MAX_NAMED = 1000
"""The most ids one answer looks up by list: four requests of 250."""
MAX_PIN_GETS = 50
"""The most Pins one answer names: one request each (top Pins are at most 50)."""
CACHE_SIZE = 5000
"""Names kept per server; the oldest go first."""
CACHE_TTL_S = 300.0
"""How long a name is trusted: a renamed campaign shows its new name within five minutes."""
_EVERY_STATUS: tuple[EntityStatus, ...] = ("ACTIVE", "PAUSED", "ARCHIVED", "DRAFT", "DELETED_DRAFT")


@dataclass(frozen=True)
class Lookup:
    """Where the names of one id column come from.

    `read` is the operation; `ids` its id-list filter (one request per 250 ids), or None when
    `read` gets one entity by `key` (Pins). `field` is the item field holding the name.
    """

    column: str
    read: str
    field: str
    ids: str | None = None
    key: str | None = None


LOOKUPS = {
    "AD_ID": Lookup("AD_NAME", "list_ads", "name", ids="ad_ids"),
    "PIN_ID": Lookup("PIN_TITLE", "get_pin", "title", key="pin_id"),
    "AD_GROUP_ID": Lookup("AD_GROUP_NAME", "list_ad_groups", "name", ids="ad_group_ids"),
    "CAMPAIGN_ID": Lookup("CAMPAIGN_NAME", "list_campaigns", "name", ids="campaign_ids"),
}
"""Id columns that are named, the row's own entity first: an ad row names its ad (not its Pin or
campaign), a promoted Pin's row its Pin, an ad group's row its ad group."""
LISTED = {"campaign": "CAMPAIGN_ID", "ad_group": "AD_GROUP_ID", "ad": "AD_ID", "pin": "PIN_ID"}
"""View kinds whose answers name their items: what a list or get shows is remembered (`remember`)."""
PER_REQUEST = 250


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})  # controls, bidi and zero-width marks, line separators


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if unicodedata.category(ch) in _HIDDEN:
        return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"
    return ch


def as_data(text: str, limit: int = NAME_CHARS) -> str:
    """A name from Pinterest as one line of data: hidden characters escaped, at most `limit` characters."""
    shown = "".join(_escape(ch) for ch in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


class NameCache:
    """Names by (ad account, id column, id), each trusted for `ttl` seconds, at most `size` of them."""

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, size: int = CACHE_SIZE, ttl: float = CACHE_TTL_S
    ) -> None:
        self._clock = clock
        self._size = size
        self._ttl = ttl
        self._names: OrderedDict[tuple[str, str, str], tuple[float, str]] = OrderedDict()

    def get(self, account: str | None, column: str, entity: str) -> str | None:
        key = (account or "", column, entity)
        hit = self._names.get(key)
        if hit is None:
            return None
        if hit[0] <= self._clock():
            del self._names[key]
            return None
        return hit[1]

    def put(self, account: str | None, column: str, entity: str, name: str) -> None:
        key = (account or "", column, entity)
        self._names.pop(key, None)
        self._names[key] = (self._clock() + self._ttl, name)
        while len(self._names) > self._size:
            self._names.popitem(last=False)

    def __len__(self) -> int:
        return len(self._names)


class NamePort(Protocol):
    """What a look-up needs of the runtime (`AnswerPort` has it all): the cache, the fan-out, a send."""

    @property
    def names(self) -> NameCache: ...

    @property
    def fanout(self) -> FanOut: ...

    async def send(self, op: Operation, args: OperationInput) -> Any: ...


def remember(cache: NameCache, kind: str, account: str | None, items: list[Any]) -> None:
    """Keep the names a list or get answer just showed: a table about the same entities needs no look-up."""
    id_column = LISTED.get(kind)
    if id_column is None:
        return
    field = LOOKUPS[id_column].field
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(item.get(field), str):
            cache.put(account, id_column, item["id"], as_data(item[field]))


def entity_column(columns: list[str]) -> str | None:
    """The id column naming each row's entity: the most specific of `LOOKUPS` in `columns`."""
    return next((c for c in LOOKUPS if c in columns), None)


async def _one(send: Callable[[], Awaitable[Any]]) -> Any:
    """One entity's read: one gone or not ours to read (another's Pin) is a missing name, not a failed look-up.

    A missing scope or trial access refuses every read alike: raised, so the answer says why.
    """
    try:
        return await send()
    except (MissingScopeError, TrialAccessError):
        raise
    except (NotFoundError, PermissionDeniedError):
        return None


async def look_up(
    port: NamePort, account: str | None, id_column: str, ids: list[str]
) -> tuple[dict[str, str], str | None]:
    """Names of `ids` (cached, else fetched in bounded batches) and a note when some could not be had."""
    lookup = LOOKUPS[id_column]
    cache = port.names
    found: dict[str, str] = {}
    wanted: list[str] = []
    for entity in dict.fromkeys(ids):
        name = cache.get(account, id_column, entity)
        if name is None:
            wanted.append(entity)
        else:
            found[entity] = name
    bound = MAX_NAMED if lookup.ids else MAX_PIN_GETS
    asked, skipped = wanted[:bound], len(wanted) - bound
    if not asked:
        return found, None
    op = by_name()[lookup.read]
    base: dict[str, Any] = {"ad_account_id": account} if account is not None else {}
    parts: list[dict[str, Any]]
    if lookup.ids is not None:
        base |= {"entity_statuses": list(_EVERY_STATUS), "page_size": PER_REQUEST}
        parts = [{lookup.ids: asked[i : i + PER_REQUEST]} for i in range(0, len(asked), PER_REQUEST)]
    else:
        assert lookup.key is not None
        parts = [{lookup.key: entity} for entity in asked]
    try:
        sends = [partial(port.send, op, op.input.model_validate(base | part)) for part in parts]
        calls = sends if lookup.ids else [partial(_one, send) for send in sends]
        answers = await port.fanout.run(op.rate_limit, calls)
        items = [item for body in answers if body is not None for item in (items_of(body) if lookup.ids else [body])]
    except (PinterestError, ValueError) as exc:  # ValueError: an id Pinterest's filter would refuse
        kind = exc.kind if isinstance(exc, PinterestError) else "invalid id"
        return found, f"{lookup.column} missing: the {lookup.read} look-up failed ({kind}); the ids are right"
    sought = set(asked)
    for item in items:
        entity, name = item.get("id"), item.get(lookup.field)
        if isinstance(entity, str) and isinstance(name, str) and name and entity in sought:
            found[entity] = as_data(name)
            cache.put(account, id_column, entity, found[entity])
    notes = []
    if unnamed := len(sought - found.keys()):
        notes.append(f"no {lookup.column} for {unnamed:,} id(s): deleted, untitled or not yours to read")
    if skipped > 0:
        notes.append(f"{lookup.column} of the first {bound:,} ids only; the other {skipped:,} are ids alone")
    return found, "; ".join(notes) or None


async def named(port: NamePort, account: str | None, shown: dict[str, Any], rows: int) -> dict[str, Any]:
    """`shown` (a `views.table`) with its entities' names, looked up for the first `rows` rows.

    A column beside the id when each id is one row (totals, top Pins); when ids repeat (a row per
    day) a map of id to name once, `{"CAMPAIGN_NAME": {id: name}}`, so a name is not paid for on
    every day. The ids of rows past `rows` are not looked up: the token cap will leave them out.
    """
    columns: list[str] = shown.get("columns") or []
    id_column = entity_column(columns)
    if id_column is None:
        return shown
    column = LOOKUPS[id_column].column
    if column in columns:  # asked for as a column: Pinterest sent the names, shown as data all the same
        at = columns.index(column)
        escaped = [
            [*row[:at], as_data(row[at]) if isinstance(row[at], str) else row[at], *row[at + 1 :]]
            for row in shown["rows"]
        ]
        return {**shown, "rows": escaped}
    at = columns.index(id_column)
    ids = [str(row[at]) for row in shown["rows"][:rows] if row[at] is not None]
    if not ids:
        return shown
    names, note = await look_up(port, account, id_column, ids)
    out = dict(shown)
    if len(set(ids)) < len(ids):
        out[column] = {entity: names[entity] for entity in dict.fromkeys(ids) if entity in names}
    else:
        out["columns"] = [*columns[: at + 1], column, *columns[at + 1 :]]
        out["rows"] = [[*row[: at + 1], names.get(str(row[at])), *row[at + 1 :]] for row in shown["rows"]]
        totals = shown.get("totals")
        if isinstance(totals, list) and totals:
            several = isinstance(totals[0], list)
            widened = [[*row[: at + 1], None, *row[at + 1 :]] for row in (totals if several else [totals])]
            out["totals"] = widened if several else widened[0]
    if note:
        out["names"] = note
    return out
