"""Per-user rate budgets per Pinterest rate-limit category, shared by every replica through counters.

Pinterest limits each user of an app per rate-limit category (`ads_read`, `ads_analytics`, ...; an
operation's category is the spec's `x-ratelimit-category`, in the spec facts), per minute on
Standard access. A connector serving one Pinterest user from several replicas must count that
user's requests together, or each replica would spend the whole limit: so the count lives in the
store (`Store.incr` over a fixed window), keyed by the Pinterest user and the category, and a
request past the budget is refused before it is sent, saying when the window turns.

A 429 that says how long to wait (`Retry-After`) blocks that user's category for every replica
until then (a document that expires with the block): no replica sends into a limit Pinterest has
just reported. A local server (stdio, no store) counts the same way in memory (`store.memory.MemoryStore`).

The budgets are a safe fraction (`SAFETY`) of Pinterest's published per-minute limits; a category
whose limit is not published gets the smallest published one. `Settings.rate_budgets` overrides any
category. A store that cannot be reached does not stop calls: the budget is a courtesy to
Pinterest's limit, which Pinterest enforces itself with its 429s (logged, then sent).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pinterest_mcp.api.errors import RateBudgetError
from pinterest_mcp.store.port import Counters, StoreError

log = logging.getLogger(__name__)

WINDOW_S = 60.0
"""Pinterest's per-category limits are per minute (Standard access), so budgets count per minute."""
PUBLISHED_PER_MINUTE: Mapping[str, int] = {"ads_read": 1000, "ads_analytics": 300}
"""Pinterest's published Standard-access limits per user per app per minute, where the docs give one."""
UNPUBLISHED_PER_MINUTE = min(PUBLISHED_PER_MINUTE.values())
"""What a category without a published limit is assumed to allow: the smallest published one."""
SAFETY = 0.8
"""The share of a published limit the server spends, leaving room for the user's other apps' retries."""
BUDGETS_NS = "rate-budget"
BLOCKS_NS = "rate-block"


def default_limits(overrides: Mapping[str, int] | None = None) -> dict[str, int]:
    """Requests per minute per category: `SAFETY` of the published limits, then `overrides` as given."""
    limits = {category: int(per_minute * SAFETY) for category, per_minute in PUBLISHED_PER_MINUTE.items()}
    return {**limits, **(overrides or {})}


@dataclass
class RateBudget:
    """One Pinterest user's budgets (`owner`: their user id; "" on a local server), on `counters`."""

    counters: Counters
    owner: str = ""
    limits: Mapping[str, int] = field(default_factory=default_limits)
    clock: Callable[[], float] = time.time
    window_s: float = WINDOW_S

    def limit(self, category: str) -> int:
        return self.limits.get(category, int(UNPUBLISHED_PER_MINUTE * SAFETY))

    async def blocked_for(self, category: str) -> float:
        """Seconds Pinterest still wants this user's `category` left alone (0: not blocked)."""
        try:
            doc = await self.counters.get(BLOCKS_NS, self.owner, category)
        except StoreError as exc:
            log.warning("rate budget: the store could not be read (%s); sending anyway", exc)
            return 0.0
        until = doc.value.get("until") if doc is not None and isinstance(doc.value, dict) else None
        return max(0.0, float(until) - self.clock()) if isinstance(until, int | float) else 0.0

    async def spend(self, category: str) -> None:
        """Count one request of `category`; `RateBudgetError` (nothing sent) when the window's budget is spent."""
        try:
            count = await self.counters.incr(BUDGETS_NS, self.owner, category, window_s=self.window_s)
        except StoreError as exc:
            log.warning("rate budget: the store could not be reached (%s); sending anyway", exc)
            return
        limit = self.limit(category)
        if count > limit:
            wait = self.window_s - (self.clock() % self.window_s)
            raise RateBudgetError(
                f"This user's {category} budget ({limit} request{'s' if limit != 1 else ''} a minute) is spent.",
                category=category,
                retry_after=wait,
            )

    async def block(self, category: str, seconds: float) -> None:
        """Pinterest answered 429 with `Retry-After: seconds`: hold every replica off `category` until then."""
        until = self.clock() + seconds
        try:
            if await self.blocked_for(category) >= seconds:
                return  # an equal or longer block is already there
            await self.counters.put(BLOCKS_NS, self.owner, category, {"until": until}, expires_at=until)
        except StoreError as exc:
            log.warning("rate budget: the store could not record a 429 (%s)", exc)


def blocked_error(category: str, seconds: float) -> RateBudgetError:
    """The refusal of a call into a category Pinterest blocked with a 429 (on this or another replica)."""
    return RateBudgetError(
        f"Pinterest rate-limited this user's {category} requests and asked to wait {seconds:.0f} s more.",
        category=category,
        retry_after=seconds,
    )
