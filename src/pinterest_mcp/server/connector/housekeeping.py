"""The connector's store cleanup: what has expired is deleted every few minutes, by one replica at a time.

Expired rows read as absent but stay until a purge: authorization codes, access and refresh tokens
past their expiry, registered clients nobody approved within a day (`provider.UNUSED_CLIENT_TTL_S`),
used-confirmation claims, leases of crashed replicas, past rate windows (registration counts too). Nothing
else deletes them, so without this loop the store only grows. Every replica runs it from its
lifespan; a lease held for one interval lets one replica purge per interval while the others skip,
and a replica that dies frees it by expiry. A purge is bounded (`BATCH` rows a transaction,
`MAX_BATCHES` a round), so a backlog never holds the store's write lock for long; what is left goes
in the next round. A failure is logged and the loop goes on: cleanup never takes a replica down.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import anyio

from pinterest_mcp.store.port import Store, StoreError

log = logging.getLogger(__name__)

PURGE_EVERY_S = 300.0
BATCH = 500
MAX_BATCHES = 20
LEASE_NS = "housekeeping"
LEASE_KEY = "purge-expired"


def _holder() -> str:
    return f"purge-{secrets.token_hex(8)}"


@dataclass
class Housekeeper:
    """Purges `store` every `every_s` seconds; `sleep` is how it waits (a test drives it by hand)."""

    store: Store
    every_s: float = PURGE_EVERY_S
    batch: int = BATCH
    max_batches: int = MAX_BATCHES
    sleep: Callable[[float], Awaitable[None]] = anyio.sleep
    holder: str = field(default_factory=_holder)
    removed: int = 0
    """Rows this replica's rounds have removed so far (the log says each round's)."""

    async def once(self) -> int | None:
        """One round: the rows removed, or None when another replica has this interval or the store failed."""
        try:
            if not await self.store.acquire(LEASE_NS, LEASE_KEY, self.holder, ttl_s=self.every_s):
                return None
            removed = 0
            for _ in range(self.max_batches):
                batch = await self.store.purge_expired(limit=self.batch)
                removed += batch
                if batch < self.batch:
                    break
        except Exception as exc:  # cleanup waits for the next round; the replica serves on
            said = exc if isinstance(exc, StoreError) else type(exc).__name__  # a driver's text may name hosts
            log.warning("store cleanup failed (%s); trying again in %g s", said, self.every_s)
            return None
        self.removed += removed
        if removed:
            log.info("store cleanup: %d expired rows removed", removed)
        return removed

    async def run(self) -> None:
        """Wait an interval, purge, forever (until the lifespan's task group is cancelled)."""
        while True:
            await self.sleep(self.every_s)
            await self.once()
