"""The write flow's ledger: used confirmations, the journal of applied writes, and entity locks.

`WriteFlow` needs three things to hold across calls: a confirmation is used once, an applied write
is journaled (intent before the request, outcome after) and can be found again by `undo_change`,
and two writes to one entity never interleave their re-read and send. Where they live depends on
how the server runs: a single user's server keeps them in a journal file beside the profile and in
process locks (`FileLedger`, over `Journal` and `EntityLocks`); a remote connector on several
replicas keeps them in the shared store (`store_ledger.StoreLedger`). The flow sees only this port.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

import anyio

from pinterest_mcp.writes.entity_locks import EntityLocks
from pinterest_mcp.writes.journal import Journal


class Ledger(Protocol):
    """What the write flow records and locks; every method refuses or raises rather than lose a used token."""

    @property
    def where(self) -> str:
        """Where the journal is kept, for `doctor` and messages (a path, or the store)."""
        ...

    async def begin(self, record: dict[str, Any], *, confirmation: str | None = None, until: float = 0.0) -> str:
        """Journal the intent of a write about to be sent; its entry id.

        With `confirmation` (a token's id, valid until the Unix time `until`) the token is used up in
        the same step, or `journal.AlreadyUsed` when any process used it before; `journal.LedgerBusy`
        when the ledger cannot be reached in time. Either way nothing may be sent.
        """
        ...

    async def used(self, confirmation: str) -> bool:
        """Whether the token id was used already (a read: `begin` is the claim)."""
        ...

    async def finish(self, entry_id: str, outcome: dict[str, Any]) -> None:
        """Record the outcome of a write that was sent (it never refuses: the request is gone)."""
        ...

    async def get(self, entry_id: str) -> dict[str, Any] | None:
        """One entry, intent and outcome merged (`status` is `pending` without an outcome), or None;
        `journal.LedgerBusy` when the journal cannot be read now (not the same as no such entry)."""
        ...

    async def newest(self, limit: int) -> list[dict[str, Any]]:
        """The newest `limit` entries, oldest first."""
        ...

    def hold(self, keys: Iterable[str]) -> AbstractAsyncContextManager[None]:
        """Hold every entity's lock (`"<kind>:<id>"`) for the block; `journal.LedgerBusy` if one stays taken."""
        ...


class FileLedger:
    """The single-user ledger: the journal file (or memory, for the demo) and this process's entity locks."""

    def __init__(self, journal: Journal, locks: EntityLocks) -> None:
        self.journal = journal
        self.locks = locks

    @property
    def where(self) -> str:
        return str(self.journal.path or "in memory")

    async def begin(self, record: dict[str, Any], *, confirmation: str | None = None, until: float = 0.0) -> str:
        # In a worker thread: with a claim, `begin` may wait (bounded) for another process's file lock.
        journal = self.journal
        return await anyio.to_thread.run_sync(lambda: journal.begin(record, confirmation=confirmation))

    async def used(self, confirmation: str) -> bool:
        return self.journal.used(confirmation)

    async def finish(self, entry_id: str, outcome: dict[str, Any]) -> None:
        self.journal.finish(entry_id, outcome)

    async def get(self, entry_id: str) -> dict[str, Any] | None:
        return self.journal.get(entry_id)

    async def newest(self, limit: int) -> list[dict[str, Any]]:
        return self.journal.newest(limit)

    @asynccontextmanager
    async def hold(self, keys: Iterable[str]) -> AsyncIterator[None]:
        async with self.locks.hold(keys):
            yield
