"""The shared backend: one PostgreSQL database for every replica of the server.

The statements are `sql`'s, the same SQLite runs; PostgreSQL makes them atomic across replicas by
itself: a primary key decides a claim, an upsert locks the row it updates until commit (journal
heads, counters, leases), and a conditional UPDATE re-checks its condition after waiting for a
concurrent writer (compare-and-set). No advisory lock is needed for any primitive; one guards the
schema set-up only, so replicas starting together do not race on `CREATE TABLE IF NOT EXISTS`.

Connections run in autocommit with an explicit transaction per primitive (psycopg 3, blocking,
in the store's worker threads). Any error names the database by its redacted URL: a password in
the DSN never reaches a message, a repr or a log.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import psycopg

from pinterest_mcp.store.dsn import redact, scrub
from pinterest_mcp.store.pool import Pool
from pinterest_mcp.store.port import StoreError
from pinterest_mcp.store.sql import Row, SqlStore, schema, set_up

CONNECTIONS = 10
"""Calls at once per replica: a few replicas stay well under PostgreSQL's default 100 connections."""
CONNECT_TIMEOUT_S = 10
SCHEMA_LOCK = 0x706D6370_73746F72  # "pmcp" "stor": the advisory lock that serializes schema set-up only


class _Session:
    def __init__(self, conn: psycopg.Connection[Row]) -> None:
        self._conn = conn

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return self._conn.execute(_placeholders(sql), params).fetchall()

    def count(self, sql: str, params: Sequence[object] = ()) -> int:
        return self._conn.execute(_placeholders(sql), params).rowcount


def _placeholders(sql: str) -> str:
    """`sql`'s statements use `?` (SQLite's style) and no literal `%`; psycopg wants `%s`."""
    return sql.replace("?", "%s")


class PostgresEngine:
    """Connections to one PostgreSQL database, and transactions on them."""

    limit = CONNECTIONS

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self.name = redact(dsn)
        self._pool: Pool[psycopg.Connection[Row]] = Pool(
            self._connect, _close, name=self.name, usable=lambda conn: not (conn.closed or conn.broken)
        )
        with self.transaction(write=True) as session:
            session.rows("SELECT pg_advisory_xact_lock(?)", (SCHEMA_LOCK,))
            set_up(session, schema(key='TEXT COLLATE "C"', number="DOUBLE PRECISION", integer="BIGINT"), name=self.name)

    def _connect(self) -> psycopg.Connection[Row]:
        try:
            return psycopg.connect(
                self._dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, application_name="pinterest-mcp"
            )
        except psycopg.Error as error:
            raise StoreError(f"cannot connect to the store {self.name}: {scrub(str(error), self._dsn)}") from None

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[_Session]:
        """One transaction; `write` changes nothing here (row locks do the work), it is SQLite's concern."""
        try:
            with self._pool.borrow(broken=_broken) as conn, conn.transaction():
                yield _Session(conn)
        except psycopg.OperationalError as error:
            raise StoreError(f"the store {self.name} is unavailable: {scrub(str(error), self._dsn)}") from None

    def close(self) -> None:
        self._pool.close()

    def __repr__(self) -> str:
        return f"<PostgresEngine {self.name}>"


def _broken(error: BaseException) -> bool:
    """A lost connection is retired; a statement error leaves it usable after the rollback."""
    return isinstance(error, psycopg.OperationalError | psycopg.InterfaceError)


def _close(conn: psycopg.Connection[Row]) -> None:
    conn.close()


def open_postgres(dsn: str, *, clock: Callable[[], float] = time.time) -> SqlStore:
    """A store on the PostgreSQL database `dsn` names, its tables created if missing."""
    engine = PostgresEngine(dsn)
    return SqlStore(engine, clock=clock, name=engine.name)
