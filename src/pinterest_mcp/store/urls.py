"""`open_store(url)`: the one way the server gets its store, SQLite or PostgreSQL by the URL's scheme.

The accepted forms are few and named in the error for any other, so a mistyped URL fails at start
with the fix in the message, and never with the URL's password in it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import anyio.to_thread

from pinterest_mcp.store.dsn import redact
from pinterest_mcp.store.port import Store
from pinterest_mcp.store.sqlite import open_sqlite

SQLITE = "sqlite://"
POSTGRES = ("postgresql://", "postgres://")
FORMS = "sqlite:///path/to/store.db, sqlite://:memory: or postgresql://user@host:port/database"


async def open_store(url: str, *, clock: Callable[[], float] = time.time) -> Store:
    """The store `url` names, its schema created if missing; opening does its I/O in a worker thread.

    `sqlite://` is followed by the file's path (`sqlite:///var/lib/pinterest-mcp/store.db`), or by
    `:memory:` for a private in-memory store (tests, the demo). `clock` gives epoch seconds; tests
    pass a fake one to expire things without waiting.
    """
    if url.startswith(SQLITE):
        path = url.removeprefix(SQLITE)
        if not path:
            raise ValueError(f"the store URL {url!r} names no file; use {FORMS}")
        return await anyio.to_thread.run_sync(lambda: open_sqlite(path, clock=clock))
    if url.startswith(POSTGRES):
        # Imported here, not above: psycopg and libpq load in tens of milliseconds that a server on
        # SQLite (the default, and every stdio start) should not pay. Not for an import cycle.
        from pinterest_mcp.store.postgres import open_postgres

        return await anyio.to_thread.run_sync(lambda: open_postgres(url, clock=clock))
    raise ValueError(f"unknown store URL {redact(url)!r}; use {FORMS}")
