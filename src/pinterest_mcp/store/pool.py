"""A few idle connections kept for the next call, for both backends.

Opening a connection costs a file open and pragmas (SQLite) or a network handshake (PostgreSQL),
too much per call. The store's capacity limiter already bounds how many calls run at once, so the
pool only reuses: it never makes a caller wait, and holds at most that many connections. A
connection the driver reports broken is dropped rather than handed to the next caller.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from pinterest_mcp.store.port import StoreError

C = TypeVar("C")


class Pool(Generic[C]):
    """Reuses connections across worker threads; `close` closes them all, idle or returned later."""

    def __init__(
        self,
        connect: Callable[[], C],
        close: Callable[[C], None],
        *,
        name: str,
        usable: Callable[[C], bool] = lambda conn: True,
    ) -> None:
        self._connect = connect
        self._close = close
        self._usable = usable
        self._name = name
        self._idle: list[C] = []
        self._lock = threading.Lock()
        self._closed = False

    @contextmanager
    def borrow(self, *, broken: Callable[[BaseException], bool]) -> Iterator[C]:
        """A connection for one transaction; dropped after an error `broken` says ruined it."""
        conn = self._idle_one()
        if conn is None:
            conn = self._connect()
        try:
            yield conn
        except BaseException as error:
            if broken(error):
                self._close(conn)
                raise
            self._give_back(conn)
            raise
        self._give_back(conn)

    def _idle_one(self) -> C | None:
        """An idle connection still usable (a server may have closed one since), or None."""
        while True:
            with self._lock:
                if self._closed:
                    raise StoreError(f"the store {self._name} is closed")
                if not self._idle:
                    return None
                conn = self._idle.pop()
            if self._usable(conn):
                return conn
            self._close(conn)

    def _give_back(self, conn: C) -> None:
        with self._lock:
            if not self._closed:
                self._idle.append(conn)
                return
        self._close(conn)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            self._close(conn)
