"""The ledger in the shared store: every replica of a remote connector sees the same one.

- A used confirmation is a `claim` (a unique insert): of any number of applies of one token on any
  number of replicas, one wins, and the others are refused before anything is sent. The claim is
  taken before the intent is journaled; a crash between the two leaves the token used and nothing
  sent, which fails closed.
- The journal is the user's (`owner` is the Pinterest user id): `undo_change` on any replica, under
  any grant of that user, finds the user's entries and nobody else's, since the owner is part of
  every key. An entry is one row, its intent appended before the request and its outcome written
  over it after; its id carries its sequence number, so `get` reads one row. Each user keeps their
  newest `JOURNAL_KEEP` entries (the append drops older ones), as the file journal keeps its last
  rotations: undo reaches that far back, and the store does not grow with a user's history.
- Entity locks are leases keyed by the entity alone (Pinterest's state is shared by everyone who
  can write to the ad account), taken in one global order with a bounded wait; a crashed replica's
  lease expires by itself.
- An entry whose call died between its intent and its outcome (a replica killed mid-call) reads as
  `unknown` once older than `journal.PENDING_LIMIT_S`, with the read that shows whether it applied:
  every journaled write is complete or reported unknown.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from pinterest_mcp.store.port import MAX_LIMIT, Busy, Store, StoreError, hold
from pinterest_mcp.writes.journal import LEDGER_WINDOW, AlreadyUsed, LedgerBusy, scrub, settle

log = logging.getLogger(__name__)

CLAIMS = "confirmations"
JOURNAL = "journal"
LOCKS = "entity-locks"
CLAIM_SLACK_S = 3600.0
"""A claim outlives its token by this much, so a replica whose clock lags still finds it used."""
LOCK_TTL_S = 120.0
"""A lease outlives any one write's re-read, send and read-back; a crashed holder's frees after it."""
LOCK_WAIT_S = 20.0
"""How long a write waits for another call's write to the same entity (well inside a tool call's minute)."""

JOURNAL_KEEP = 1000
"""Entries kept per user, oldest dropped first: all of them fit one `newest` read (`MAX_LIMIT`), and
a write that many writes ago is past undoing sensibly. Used confirmations are claims, not entries, so
dropping an entry never frees its token."""

_ID = re.compile(r"^(\d{8}-\d{6})-n([1-9]\d{0,17})$")


def _stamp(at: str) -> str:
    """`2026-12-05T20:37:09Z` as an entry id shows it: `20261205-203709`."""
    return at[:10].replace("-", "") + "-" + at[11:19].replace(":", "")


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class StoreLedger:
    """One user's ledger in `store`; `owner` is the Pinterest user id the journal and claims belong to."""

    def __init__(
        self,
        store: Store,
        owner: str,
        *,
        lock_ttl_s: float = LOCK_TTL_S,
        lock_wait_s: float = LOCK_WAIT_S,
        journal_keep: int = JOURNAL_KEEP,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not owner:
            raise ValueError("a shared ledger belongs to a user: the owner must not be empty")
        self.store = store
        self.owner = owner
        self.lock_ttl_s = lock_ttl_s
        self.lock_wait_s = lock_wait_s
        self.journal_keep = journal_keep
        self.clock = clock

    @property
    def where(self) -> str:
        return f"the shared store ({self.store!r})"

    async def begin(self, record: dict[str, Any], *, confirmation: str | None = None, until: float = 0.0) -> str:
        at = _iso(self.clock())
        entry = scrub({"at": at, **record, "status": "pending"})
        try:
            if confirmation is not None:
                expires = max(until, self.clock()) + CLAIM_SLACK_S if until else self.clock() + LEDGER_WINDOW
                if not await self.store.claim(CLAIMS, self.owner, confirmation, expires_at=expires):
                    raise AlreadyUsed("this confirmation was already used")
                entry["confirmation"] = confirmation
            seq = await self.store.append(JOURNAL, self.owner, entry, keep=self.journal_keep)
        except StoreError as exc:
            raise LedgerBusy(f"the shared write journal is unavailable ({exc}); nothing was sent, try again") from None
        return f"{_stamp(at)}-n{seq}"

    async def used(self, confirmation: str) -> bool:
        try:
            return await self.store.claimed(CLAIMS, self.owner, confirmation)
        except StoreError:
            return False  # `begin`'s claim decides, and refuses if the store is still unreachable

    async def finish(self, entry_id: str, outcome: dict[str, Any]) -> None:
        try:
            found = await self._find(entry_id)
            if found is None:  # begin returned this id; only a store that lost the row gets here
                log.warning("journal entry %s was not found to record its outcome", entry_id)
                return
            seq, entry = found
            done = {**entry, "finished_at": _iso(self.clock()), **scrub(outcome)}
            await self.store.update_entry(JOURNAL, self.owner, seq, done)
        except StoreError as exc:  # the request went out: say so in the log, never fail the reply
            log.warning("the outcome of journal entry %s could not be recorded: %s", entry_id, type(exc).__name__)

    async def get(self, entry_id: str) -> dict[str, Any] | None:
        try:
            found = await self._find(entry_id)
        except StoreError as exc:
            raise LedgerBusy(f"the shared write journal is unavailable ({exc}); try again") from None
        return None if found is None else settle({"entry": entry_id, **found[1]}, self.clock())

    async def newest(self, limit: int) -> list[dict[str, Any]]:
        rows = await self.store.entries(
            JOURNAL, self.owner, newest_first=True, limit=min(limit, MAX_LIMIT) if limit > 0 else MAX_LIMIT
        )
        now = self.clock()
        return [settle({"entry": f"{_stamp(str(e.get('at', '')))}-n{seq}", **e}, now) for seq, e in reversed(rows)]

    async def _find(self, entry_id: str) -> tuple[int, dict[str, Any]] | None:
        """The entry's row: its number from the id, and the id's time must match the row's (no guessing)."""
        parsed = _ID.fullmatch(entry_id)
        if parsed is None:
            return None
        seq = int(parsed.group(2))
        rows = await self.store.entries(JOURNAL, self.owner, after=seq - 1, limit=1)
        if not rows or rows[0][0] != seq or _stamp(str(rows[0][1].get("at", ""))) != parsed.group(1):
            return None
        return rows[0]

    @asynccontextmanager
    async def hold(self, keys: Iterable[str]) -> AsyncIterator[None]:
        holder = secrets.token_hex(8)  # this call's: two calls in one process exclude each other too
        async with AsyncExitStack() as stack:
            for key in sorted(set(keys)):
                try:
                    await stack.enter_async_context(
                        hold(self.store, LOCKS, key, holder, ttl_s=self.lock_ttl_s, timeout_s=self.lock_wait_s)
                    )
                except Busy:
                    raise LedgerBusy(
                        f"another call is changing {key} right now; nothing was sent, try again in a moment"
                    ) from None
                except StoreError as exc:
                    raise LedgerBusy(f"the shared store is unavailable ({exc}); nothing was sent, try again") from None
            yield
