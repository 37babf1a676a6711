"""The store's documents and counters in this process's memory: a local (stdio) server's, shared with nobody.

A local server has no `Store`, yet its rate budget and report handles work the same way as a
connector's: they ask only for `Counters` / `Documents`, which this satisfies.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pinterest_mcp.store.port import Doc


@dataclass
class MemoryStore:
    """The store's counters and documents in this process's memory: a local server's, shared with nobody."""

    clock: Callable[[], float] = time.time
    _counts: dict[tuple[str, str, str], tuple[float, int]] = field(default_factory=dict)
    _docs: dict[tuple[str, str, str], Doc] = field(default_factory=dict)

    async def incr(self, ns: str, owner: str, key: str, *, window_s: float, amount: int = 1) -> int:
        start = math.floor(self.clock() / window_s) * window_s
        began, count = self._counts.get((ns, owner, key), (start, 0))
        count = amount if start > began else count + amount
        self._counts[(ns, owner, key)] = (max(start, began), count)
        return count

    async def get(self, ns: str, owner: str, key: str) -> Doc | None:
        doc = self._docs.get((ns, owner, key))
        if doc is None or (doc.expires_at is not None and doc.expires_at <= self.clock()):
            return None
        return doc

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
        old = await self.get(ns, owner, key)
        version = 1 if old is None else old.version + 1
        self._docs[(ns, owner, key)] = Doc(key, value, version, expires_at)
        return version
