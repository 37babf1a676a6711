"""What the server needs to know of an ad account to shape answers: currency and time zone.

Pinterest states money in the account's currency without naming it on campaigns or metric rows,
and relative dates mean the account owner's days, so many calls need `get_ad_account` first.
The answer is fetched once per account and shared: concurrent first calls wait for the one
request in flight (single flight) instead of sending one each. A failed fetch is not cached;
the next call tries again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import anyio

from pinterest_mcp.registry.dates import account_timezone


@dataclass(frozen=True)
class AccountFacts:
    currency: str | None
    country: str | None
    timezone: str


def facts_of(account: Any) -> AccountFacts:
    """The facts in a `get_ad_account` answer (`currency`, `country`; the zone follows from the country)."""
    body = account if isinstance(account, dict) else {}
    currency = body.get("currency") if isinstance(body.get("currency"), str) else None
    country = body.get("country") if isinstance(body.get("country"), str) else None
    return AccountFacts(currency=currency, country=country, timezone=account_timezone(country))


class AccountFactsCache:
    """Facts by ad account id, fetched through `fetch(ad_account_id)` at most once at a time per account."""

    def __init__(self, fetch: Callable[[str], Awaitable[Any]]) -> None:
        self._fetch = fetch
        self._facts: dict[str, AccountFacts] = {}
        self._pending: dict[str, anyio.Event] = {}

    async def get(self, ad_account_id: str) -> AccountFacts:
        while ad_account_id not in self._facts:
            pending = self._pending.get(ad_account_id)
            if pending is None:
                return await self._load(ad_account_id)
            await pending.wait()  # the first caller's request; if it failed, the loop tries again
        return self._facts[ad_account_id]

    async def _load(self, ad_account_id: str) -> AccountFacts:
        done = self._pending[ad_account_id] = anyio.Event()
        try:
            facts = facts_of(await self._fetch(ad_account_id))
            self._facts[ad_account_id] = facts
            return facts
        finally:
            del self._pending[ad_account_id]
            done.set()
