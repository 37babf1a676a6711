"""The `Store` primitives written once, in SQL both SQLite and PostgreSQL run the same way.

Each primitive is one short transaction, and most are one statement: an `INSERT ... ON CONFLICT`
with `RETURNING` decides atomically in the database, so correctness never rests on a lock held in
a process. Writing the statements once for both backends is what keeps their answers identical;
a backend (`sqlite`, `postgres`) only supplies connections, the schema and its transaction start.

Calls run in worker threads (`anyio.to_thread`), bounded by the backend's connection count, so a
slow disk or network never stalls the event loop and the drivers stay their simple blocking selves.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from functools import partial
from typing import Any, Protocol, TypeVar

import anyio
import anyio.to_thread

from pinterest_mcp.store.port import Conflict, Doc, Docs, Entries, StoreError, check_limit, check_names, check_ns

T = TypeVar("T")
Row = tuple[Any, ...]

TABLES = ("store_docs", "store_claims", "store_journal", "store_journal_heads", "store_leases", "store_counters")
EXPIRING = ("store_docs", "store_claims", "store_leases", "store_counters")
"""The tables whose rows expire; the journal has no expiry (its consumer bounds it with `append(keep=)`)."""
_KEYS = {
    "store_docs": "ns, owner, key",
    "store_claims": "ns, owner, key",
    "store_leases": "ns, key",
    "store_counters": "ns, owner, key",
}
"""Each expiring table's primary key: a bounded purge deletes the rows a limited select names."""
SCHEMA_VERSION = 1
"""Bumped with every change to the tables; a store refuses to open a database with a newer one."""

_LIVE = "(expires_at IS NULL OR expires_at > ?)"
_DOC = "ns = ? AND owner = ? AND key = ?"


class Session(Protocol):
    """One connection inside one transaction, statements written with `?` placeholders."""

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]: ...

    def count(self, sql: str, params: Sequence[object] = ()) -> int:
        """Run a statement; how many rows it changed."""
        ...


class Engine(Protocol):
    """What a backend supplies: transactions on its connections, and a way to let them go."""

    limit: int
    """How many calls may run at once (its connection count): the worker-thread bound."""

    def transaction(self, *, write: bool) -> AbstractContextManager[Session]:
        """A session that commits on success and rolls back on error; `write` takes the write lock first."""
        ...

    def close(self) -> None: ...


def _dumps(value: Any) -> str:
    """JSON text, refusing NaN and infinities: both backends must read back exactly what was written."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _one(rows: list[Row]) -> Row | None:
    return rows[0] if rows else None


class SqlStore:
    """A `Store` over an `Engine`: validation here, atomicity in the statements, I/O in worker threads."""

    def __init__(self, engine: Engine, *, clock: Callable[[], float] = time.time, name: str) -> None:
        self._engine = engine
        self._clock = clock
        self._name = name
        self._limiter = anyio.CapacityLimiter(engine.limit)
        self._closed = False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._name}>"

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._closed:
            raise StoreError(f"the store {self._name} is closed")
        return await anyio.to_thread.run_sync(partial(fn, *args), limiter=self._limiter)

    def _tx(self, *, write: bool) -> AbstractContextManager[Session]:
        return self._engine.transaction(write=write)

    # documents

    async def get(self, ns: str, owner: str, key: str) -> Doc | None:
        check_names(ns, key)
        return await self._run(self._get, ns, owner, key)

    def _get(self, ns: str, owner: str, key: str) -> Doc | None:
        with self._tx(write=False) as s:
            row = _one(
                s.rows(
                    f"SELECT value, version, expires_at FROM store_docs WHERE {_DOC} AND {_LIVE}",
                    (ns, owner, key, self._clock()),
                )
            )
        return None if row is None else Doc(key, json.loads(row[0]), int(row[1]), row[2])

    async def put(
        self,
        ns: str,
        owner: str,
        key: str,
        value: Any,
        *,
        expires_at: float | None = None,
        if_version: int | None = None,
    ) -> int:
        check_names(ns, key)
        if if_version is not None and if_version < 0:
            raise ValueError(f"if_version must be 0 (must not exist) or a version, not {if_version}")
        return await self._run(self._put, ns, owner, key, _dumps(value), expires_at, if_version)

    def _put(self, ns: str, owner: str, key: str, text: str, expires_at: float | None, if_version: int | None) -> int:
        now = self._clock()
        if if_version is not None and if_version > 0:
            sql = (
                "UPDATE store_docs SET value = ?, version = version + 1, expires_at = ?"
                f" WHERE ns = ? AND owner = ? AND key = ? AND version = ? AND {_LIVE} RETURNING version"
            )
            params: tuple[object, ...] = (text, expires_at, ns, owner, key, if_version, now)
        else:
            # A version never goes back while the row exists, even past its expiry: a writer holding
            # the old incarnation's version cannot compare-and-set the new one by coincidence.
            sql = (
                "INSERT INTO store_docs (ns, owner, key, value, version, expires_at) VALUES (?, ?, ?, ?, 1, ?)"
                " ON CONFLICT (ns, owner, key) DO UPDATE SET value = excluded.value,"
                " version = store_docs.version + 1, expires_at = excluded.expires_at"
            )
            params = (ns, owner, key, text, expires_at)
            if if_version == 0:
                sql += " WHERE store_docs.expires_at IS NOT NULL AND store_docs.expires_at <= ?"
                params += (now,)
            sql += " RETURNING version"
        with self._tx(write=True) as s:
            row = _one(s.rows(sql, params))
        if row is None:
            raise Conflict(f"{ns}:{key} is not at version {if_version}")
        return int(row[0])

    async def delete(self, ns: str, owner: str, key: str, *, if_version: int | None = None) -> bool:
        check_names(ns, key)
        if if_version is not None and if_version < 1:
            raise ValueError(f"if_version must be a version (1 or more) to delete, not {if_version}")
        return await self._run(self._delete, ns, owner, key, if_version)

    def _delete(self, ns: str, owner: str, key: str, if_version: int | None) -> bool:
        now = self._clock()
        with self._tx(write=True) as s:
            if if_version is None:
                # An expired row goes too (it reads as absent already), but only a live one counts.
                rows = s.rows(
                    "DELETE FROM store_docs WHERE ns = ? AND owner = ? AND key = ? RETURNING expires_at",
                    (ns, owner, key),
                )
                return any(expiry is None or expiry > now for (expiry,) in rows)
            rows = s.rows(
                f"DELETE FROM store_docs WHERE {_DOC} AND version = ? AND {_LIVE} RETURNING 1",
                (ns, owner, key, if_version, now),
            )
        if not rows:
            raise Conflict(f"{ns}:{key} is not at version {if_version}")
        return True

    async def list(self, ns: str, owner: str, *, prefix: str = "", after: str = "", limit: int) -> Docs:
        check_limit(limit)
        check_ns(ns)
        return await self._run(self._list, ns, owner, prefix, after, limit)

    def _list(self, ns: str, owner: str, prefix: str, after: str, limit: int) -> Docs:
        with self._tx(write=False) as s:
            rows = s.rows(
                "SELECT key, value, version, expires_at FROM store_docs"
                " WHERE ns = ? AND owner = ? AND key >= ? AND key > ?"
                f" AND substr(key, 1, CAST(? AS INTEGER)) = ? AND {_LIVE}"
                " ORDER BY key LIMIT ?",
                (ns, owner, prefix, after, len(prefix), prefix, self._clock(), limit),
            )
        return [Doc(key, json.loads(value), int(version), expiry) for key, value, version, expiry in rows]

    # single use

    async def claim(self, ns: str, owner: str, key: str, *, expires_at: float) -> bool:
        check_names(ns, key)
        return await self._run(self._claim, ns, owner, key, expires_at)

    def _claim(self, ns: str, owner: str, key: str, expires_at: float) -> bool:
        # The primary key decides: of any number of inserts on any number of replicas, one lands.
        with self._tx(write=True) as s:
            return bool(
                s.rows(
                    "INSERT INTO store_claims (ns, owner, key, expires_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (ns, owner, key) DO NOTHING RETURNING 1",
                    (ns, owner, key, expires_at),
                )
            )

    async def claimed(self, ns: str, owner: str, key: str) -> bool:
        check_names(ns, key)
        return await self._run(self._claimed, ns, owner, key)

    def _claimed(self, ns: str, owner: str, key: str) -> bool:
        # An expired row still refuses `claim` until a purge removes it, so it still counts here.
        with self._tx(write=False) as s:
            return bool(s.rows("SELECT 1 FROM store_claims WHERE ns = ? AND owner = ? AND key = ?", (ns, owner, key)))

    # journal

    async def append(self, ns: str, owner: str, entry: dict[str, Any], *, keep: int | None = None) -> int:
        check_ns(ns)
        if keep is not None and keep < 1:
            raise ValueError(f"keep must be 1 or more entries, not {keep}")
        return await self._run(self._append, ns, owner, _dumps(entry), keep)

    def _append(self, ns: str, owner: str, text: str, keep: int | None) -> int:
        # The head row is locked by its upsert until commit, so appenders of one journal take turns
        # and a failed append rolls its number back: sequences have neither gaps nor duplicates.
        with self._tx(write=True) as s:
            row = _one(
                s.rows(
                    "INSERT INTO store_journal_heads (ns, owner, last_seq) VALUES (?, ?, 1)"
                    " ON CONFLICT (ns, owner) DO UPDATE SET last_seq = store_journal_heads.last_seq + 1"
                    " RETURNING last_seq",
                    (ns, owner),
                )
            )
            assert row is not None  # an upsert with RETURNING always returns its row
            seq = int(row[0])
            s.count("INSERT INTO store_journal (ns, owner, seq, entry) VALUES (?, ?, ?, ?)", (ns, owner, seq, text))
            if keep is not None and seq > keep:  # usually one row, found by the primary key
                s.count("DELETE FROM store_journal WHERE ns = ? AND owner = ? AND seq <= ?", (ns, owner, seq - keep))
        return seq

    async def entries(
        self, ns: str, owner: str, *, after: int = 0, before: int | None = None, newest_first: bool = False, limit: int
    ) -> Entries:
        check_limit(limit)
        check_ns(ns)
        return await self._run(self._entries, ns, owner, after, before, newest_first, limit)

    def _entries(self, ns: str, owner: str, after: int, before: int | None, newest_first: bool, limit: int) -> Entries:
        below = "" if before is None else " AND seq < ?"
        order = "DESC" if newest_first else ""
        params: tuple[object, ...] = (ns, owner, after, *(() if before is None else (before,)), limit)
        with self._tx(write=False) as s:
            rows = s.rows(
                f"SELECT seq, entry FROM store_journal WHERE ns = ? AND owner = ? AND seq > ?{below}"
                f" ORDER BY seq {order} LIMIT ?",
                params,
            )
        return [(int(seq), json.loads(text)) for seq, text in rows]

    async def update_entry(self, ns: str, owner: str, seq: int, entry: dict[str, Any]) -> bool:
        check_ns(ns)
        return await self._run(self._update_entry, ns, owner, seq, _dumps(entry))

    def _update_entry(self, ns: str, owner: str, seq: int, text: str) -> bool:
        with self._tx(write=True) as s:
            changed = s.count(
                "UPDATE store_journal SET entry = ? WHERE ns = ? AND owner = ? AND seq = ?", (text, ns, owner, seq)
            )
        return changed > 0

    # leases

    async def acquire(self, ns: str, key: str, holder: str, *, ttl_s: float) -> bool:
        check_names(ns, key)
        if not holder:
            raise ValueError("the holder must not be empty")
        if not ttl_s > 0:
            raise ValueError(f"ttl_s must be positive, not {ttl_s}")
        return await self._run(self._acquire, ns, key, holder, ttl_s)

    def _acquire(self, ns: str, key: str, holder: str, ttl_s: float) -> bool:
        now = self._clock()
        with self._tx(write=True) as s:
            return bool(
                s.rows(
                    "INSERT INTO store_leases (ns, key, holder, expires_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (ns, key) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at"
                    " WHERE store_leases.holder = excluded.holder OR store_leases.expires_at <= ? RETURNING 1",
                    (ns, key, holder, now + ttl_s, now),
                )
            )

    async def release(self, ns: str, key: str, holder: str) -> bool:
        check_names(ns, key)
        return await self._run(self._release, ns, key, holder)

    def _release(self, ns: str, key: str, holder: str) -> bool:
        now = self._clock()
        with self._tx(write=True) as s:
            rows = s.rows(
                "DELETE FROM store_leases WHERE ns = ? AND key = ? AND holder = ? RETURNING expires_at",
                (ns, key, holder),
            )
        return any(expiry > now for (expiry,) in rows)

    # counters

    async def incr(self, ns: str, owner: str, key: str, *, window_s: float, amount: int = 1) -> int:
        check_names(ns, key)
        if not (window_s > 0 and math.isfinite(window_s)):
            raise ValueError(f"window_s must be positive, not {window_s}")
        return await self._run(self._incr, ns, owner, key, window_s, amount)

    def _incr(self, ns: str, owner: str, key: str, window_s: float, amount: int) -> int:
        start = math.floor(self._clock() / window_s) * window_s
        # A replica whose clock lags counts into the newer window rather than resetting it.
        with self._tx(write=True) as s:
            row = _one(
                s.rows(
                    "INSERT INTO store_counters (ns, owner, key, window_start, count, expires_at)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ns, owner, key) DO UPDATE SET"
                    " count = CASE WHEN excluded.window_start > store_counters.window_start THEN excluded.count"
                    " ELSE store_counters.count + excluded.count END,"
                    " window_start = CASE WHEN excluded.window_start > store_counters.window_start"
                    " THEN excluded.window_start ELSE store_counters.window_start END,"
                    " expires_at = CASE WHEN excluded.expires_at > store_counters.expires_at"
                    " THEN excluded.expires_at ELSE store_counters.expires_at END"
                    " RETURNING count",
                    (ns, owner, key, start, amount, start + window_s),
                )
            )
        assert row is not None  # an upsert with RETURNING always returns its row
        return int(row[0])

    # housekeeping

    async def purge_expired(self, *, limit: int | None = None) -> int:
        if limit is not None and limit < 1:
            raise ValueError(f"limit must be 1 or more rows, not {limit}")
        return await self._run(self._purge, limit)

    def _purge(self, limit: int | None) -> int:
        now = self._clock()
        removed = 0
        with self._tx(write=True) as s:
            for table in EXPIRING:
                expired = f"FROM {table} WHERE expires_at IS NOT NULL AND expires_at <= ?"
                if limit is None:
                    removed += s.count(f"DELETE {expired}", (now,))
                    continue
                keys = _KEYS[table]
                removed += s.count(
                    f"DELETE FROM {table} WHERE ({keys}) IN (SELECT {keys} {expired} LIMIT ?)", (now, limit - removed)
                )
                if removed >= limit:
                    break
        return removed

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        await anyio.to_thread.run_sync(self._engine.close)


def schema(*, key: str, number: str, integer: str) -> list[str]:
    """The tables, in each backend's column types: `key` for names (PostgreSQL sorts them bytewise,
    as SQLite does, so `list` pages the same way), `number` for epoch seconds, `integer` for counts.
    Every statement is idempotent: opening an existing store changes nothing."""
    return [
        "CREATE TABLE IF NOT EXISTS store_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS store_docs (ns {key} NOT NULL, owner {key} NOT NULL, key {key} NOT NULL,"
        f" value TEXT NOT NULL, version {integer} NOT NULL, expires_at {number}, PRIMARY KEY (ns, owner, key))",
        f"CREATE TABLE IF NOT EXISTS store_claims (ns {key} NOT NULL, owner {key} NOT NULL, key {key} NOT NULL,"
        f" expires_at {number} NOT NULL, PRIMARY KEY (ns, owner, key))",
        f"CREATE TABLE IF NOT EXISTS store_journal_heads (ns {key} NOT NULL, owner {key} NOT NULL,"
        f" last_seq {integer} NOT NULL, PRIMARY KEY (ns, owner))",
        f"CREATE TABLE IF NOT EXISTS store_journal (ns {key} NOT NULL, owner {key} NOT NULL, seq {integer} NOT NULL,"
        " entry TEXT NOT NULL, PRIMARY KEY (ns, owner, seq))",
        f"CREATE TABLE IF NOT EXISTS store_leases (ns {key} NOT NULL, key {key} NOT NULL, holder TEXT NOT NULL,"
        f" expires_at {number} NOT NULL, PRIMARY KEY (ns, key))",
        f"CREATE TABLE IF NOT EXISTS store_counters (ns {key} NOT NULL, owner {key} NOT NULL, key {key} NOT NULL,"
        f" window_start {number} NOT NULL, count {integer} NOT NULL, expires_at {number} NOT NULL,"
        " PRIMARY KEY (ns, owner, key))",
        *(f"CREATE INDEX IF NOT EXISTS {table}_expiry ON {table} (expires_at)" for table in EXPIRING),
    ]


def set_up(session: Session, statements: list[str], *, name: str) -> None:
    """Create the tables and record the schema version; refuse a database a newer server has migrated."""
    for statement in statements:
        session.count(statement)
    session.count(
        "INSERT INTO store_meta (name, value) VALUES ('schema_version', ?) ON CONFLICT (name) DO NOTHING",
        (str(SCHEMA_VERSION),),
    )
    row = _one(session.rows("SELECT value FROM store_meta WHERE name = 'schema_version'"))
    found = int(row[0]) if row else SCHEMA_VERSION
    if found > SCHEMA_VERSION:
        raise StoreError(f"the store {name} has schema version {found}; this server knows up to {SCHEMA_VERSION}")
