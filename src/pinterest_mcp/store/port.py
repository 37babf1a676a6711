"""What the server needs of shared state, whatever holds it: the `Store` protocol and its errors.

A remote connector serves many users from several replicas, so nothing that must hold across
calls (a used confirmation, the write journal, a lock on an entity, a rate budget) may live in one
process. Every primitive here is one short atomic step a database can do for many processes at
once; the backends (`sqlite`, `postgres`) give the same answers, and one contract suite proves it.

Everything is scoped by a namespace (which consumer: "confirmations", "journal", ...) and an owner
(the user's key, "" for state that belongs to no user), so one user's call can never name another
user's row: the owner is part of every key, not a filter a caller could forget.

Times are epoch seconds from the store's clock (`expires_at`), so every replica and the database
agree on them without trusting a process-local monotonic clock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol, TypeAlias

import anyio

MAX_LIMIT = 1000
"""The most rows one `list` or `entries` call returns: a read is bounded whatever the table holds."""

HOLD_FIRST_WAIT_S = 0.005
HOLD_MAX_WAIT_S = 0.1
HOLD_MAX_ATTEMPTS = 200
"""`hold` retries with short doubling waits, never more than this many times whatever its timeout."""


class StoreError(Exception):
    """The store cannot do what was asked (closed, unreachable, a newer schema); never a user's fault."""


class Conflict(StoreError):
    """A compare-and-set lost: the stored version is not the one the caller read."""


class Busy(StoreError):
    """A lease stayed with another holder for the whole bounded wait."""


@dataclass(frozen=True)
class Doc:
    """One stored document: its JSON value, its version (1 on creation, +1 per write) and expiry."""

    key: str
    value: Any
    version: int
    expires_at: float | None


Docs: TypeAlias = list[Doc]
Entries: TypeAlias = list[tuple[int, dict[str, Any]]]


class Leases(Protocol):
    """The part of a store `hold` needs: locks that expire, so a crashed holder never blocks forever."""

    async def acquire(self, ns: str, key: str, holder: str, *, ttl_s: float) -> bool:
        """Take or renew the lease: True if it was free, expired or already `holder`'s."""
        ...

    async def release(self, ns: str, key: str, holder: str) -> bool:
        """Give the lease back; only its holder can. True if it was still held (not expired)."""
        ...


class Documents(Protocol):
    """Expiring, versioned documents: all a report handle needs of a store (`memory.MemoryStore` too)."""

    async def get(self, ns: str, owner: str, key: str) -> Doc | None:
        """The live document, or None when absent or expired."""
        ...

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
        """Write the document and return its new version.

        With `if_version` the write happens only if the stored version is that one (0: no live
        document), else `Conflict`: two replicas updating from the same read cannot both win.
        """
        ...


class Counters(Documents, Protocol):
    """Documents and windowed counters: all a rate budget needs of a store (`memory.MemoryStore` too)."""

    async def incr(self, ns: str, owner: str, key: str, *, window_s: float, amount: int = 1) -> int:
        """Add `amount` to the counter of the current fixed window of `window_s` seconds; the new count."""
        ...


class Store(Leases, Counters, Protocol):
    """Shared state for every replica: documents, single-use claims, journals, leases, counters."""

    async def delete(self, ns: str, owner: str, key: str, *, if_version: int | None = None) -> bool:
        """Remove the document: True if a live one was there; with `if_version`, `Conflict` unless it matches."""
        ...

    async def list(self, ns: str, owner: str, *, prefix: str = "", after: str = "", limit: int) -> Docs:
        """Live documents whose key starts with `prefix`, in key order, after key `after`, at most `limit`."""
        ...

    async def claim(self, ns: str, owner: str, key: str, *, expires_at: float) -> bool:
        """True for the first caller on any replica, False for every later one until expiry and a purge."""
        ...

    async def claimed(self, ns: str, owner: str, key: str) -> bool:
        """Whether `claim` of this key would now be refused (a read only: the claim itself decides)."""
        ...

    async def append(self, ns: str, owner: str, entry: dict[str, Any], *, keep: int | None = None) -> int:
        """Add an entry to the (ns, owner) journal; its sequence number, 1, 2, 3... without gaps.

        With `keep`, entries older than the newest `keep` go in the same step, so the journal stays
        bounded however long its owner writes; numbering goes on from the last one all the same.
        """
        ...

    async def entries(
        self, ns: str, owner: str, *, after: int = 0, before: int | None = None, newest_first: bool = False, limit: int
    ) -> Entries:
        """Journal entries numbered above `after` and below `before`, oldest first, at most `limit`.

        `newest_first` reads from the other end: the newest `limit` entries, newest first, and
        `before` pages further back, so a reader of recent history never reads the whole journal.
        """
        ...

    async def update_entry(self, ns: str, owner: str, seq: int, entry: dict[str, Any]) -> bool:
        """Replace an entry (an outcome recorded after its intent); False when there is no such entry."""
        ...

    async def purge_expired(self, *, limit: int | None = None) -> int:
        """Delete what has expired (documents, claims, leases, past counter windows); how many rows.

        With `limit`, at most that many rows in all, so one call is one short transaction however
        much has built up; fewer than `limit` removed means nothing expired is left.
        """
        ...

    async def close(self) -> None:
        """Release connections; any later call raises `StoreError`."""
        ...


def check_limit(limit: int) -> None:
    """A read asks for between 1 and MAX_LIMIT rows: an unbounded read is a bug, not a big page."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")


def check_ns(ns: str) -> None:
    """A namespace is never empty: an empty one is a caller that forgot to fill it."""
    if not ns:
        raise ValueError("the namespace must not be empty")


def check_names(ns: str, key: str) -> None:
    """Neither the namespace nor the key is empty."""
    check_ns(ns)
    if not key:
        raise ValueError("the key must not be empty")


@asynccontextmanager
async def hold(
    leases: Leases, ns: str, key: str, holder: str, *, ttl_s: float, timeout_s: float
) -> AsyncIterator[None]:
    """Hold a lease for the block, waiting at most `timeout_s` for it, else `Busy`.

    Waiting is bounded twice, by time and by attempts, and each wait is short and doubling, so a
    call never hangs on a lease a crashed replica left behind longer than the caller allowed: the
    lease's own expiry frees it. The lease is released on the way out, even on an exception; if it
    expired meanwhile (the block outlived `ttl_s`) there is nothing of ours to release.
    """
    deadline = anyio.current_time() + timeout_s
    wait = HOLD_FIRST_WAIT_S
    for _ in range(HOLD_MAX_ATTEMPTS):
        if await leases.acquire(ns, key, holder, ttl_s=ttl_s):
            break
        left = deadline - anyio.current_time()
        if left <= 0:
            raise Busy(f"lease {ns}:{key} is held by another holder (waited {timeout_s:g} s)")
        await anyio.sleep(min(wait, left))
        wait = min(wait * 2, HOLD_MAX_WAIT_S)
    else:
        raise Busy(f"lease {ns}:{key} is held by another holder ({HOLD_MAX_ATTEMPTS} attempts)")
    try:
        yield
    finally:
        with anyio.CancelScope(shield=True):
            await leases.release(ns, key, holder)
