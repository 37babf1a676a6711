"""The embedded backend: one SQLite file, nothing to install, safe for several processes on one machine.

WAL lets readers run beside the one writer; `busy_timeout` makes a writer wait its turn instead of
failing; every write starts with `BEGIN IMMEDIATE`, which takes the write lock before reading, so
no transaction ever has to upgrade a stale read (SQLite would answer that with an immediate BUSY,
not a wait). The file is created 0600 before SQLite opens it, and SQLite gives its `-wal` and
`-shm` files the same mode: the store will hold credentials.

`:memory:` is a single connection (an in-memory database is private to its connection), used by
one call at a time: for tests and the demo, never for several processes.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pinterest_mcp.store.pool import Pool
from pinterest_mcp.store.port import StoreError
from pinterest_mcp.store.sql import Row, SqlStore, schema, set_up

MEMORY = ":memory:"
BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another process's write lock; writes are one short transaction each."""
FILE_CONNECTIONS = 4
"""Calls at once on a file: reads run beside the writer in WAL, writes queue on SQLite's lock anyway."""


class _Session:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return self._conn.execute(sql, params).fetchall()

    def count(self, sql: str, params: Sequence[object] = ()) -> int:
        return self._conn.execute(sql, params).rowcount


class SqliteEngine:
    """Connections to one SQLite database, and transactions on them."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.memory = path == MEMORY
        self.limit = 1 if self.memory else FILE_CONNECTIONS
        self._shared: sqlite3.Connection | None = None
        if not self.memory:
            _create_private(Path(path))
        self._pool: Pool[sqlite3.Connection] = Pool(self._connect, _close, name=self.path)
        with self.transaction(write=True) as session:
            set_up(session, schema(key="TEXT", number="DOUBLE PRECISION", integer="BIGINT"), name=path)

    def _connect(self) -> sqlite3.Connection:
        if self._shared is not None:
            return self._shared
        try:
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not self.memory:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as error:
            raise StoreError(f"cannot open the store {self.path}: {error}") from error
        if self.memory:
            self._shared = conn
        return conn

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[_Session]:
        with self._pool.borrow(broken=_broken) as conn:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield _Session(conn)
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def close(self) -> None:
        self._pool.close()


def _broken(error: BaseException) -> bool:
    """SQLite connections survive statement errors; only an unexpected failure retires one."""
    return not isinstance(error, sqlite3.Error | StoreError | ValueError)


def _close(conn: sqlite3.Connection) -> None:
    conn.close()


def _create_private(path: Path) -> None:
    """Make the file (and its folder) readable by its owner only, before SQLite creates it world-readable."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)


def open_sqlite(path: str, *, clock: Callable[[], float] = time.time) -> SqlStore:
    """A store on the SQLite file at `path` (created if missing), or on a private `:memory:` database."""
    return SqlStore(SqliteEngine(path), clock=clock, name=f"sqlite://{path}")
