"""Per-entity locks: a write's re-read of the state and its request never interleave with another's.

A confirmation is checked against a fresh read of the entity just before the request goes out. Two
applies for the same entity running at once would both read the state their plans previewed and
both send; holding the entity's lock from that read to the answer makes the second read see the
first write, so its confirmation is refused as changed since its plan. Locks exist only while
someone holds or waits for them, so the table never grows with the entities a server has touched.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field

import anyio


@dataclass
class _Slot:
    lock: anyio.Lock = field(default_factory=anyio.Lock)
    users: int = 0


class EntityLocks:
    """Locks by entity key (`"<kind>:<id>"`), taken together in one global order so bulk writes cannot deadlock."""

    def __init__(self) -> None:
        self._slots: dict[str, _Slot] = {}

    @asynccontextmanager
    async def hold(self, keys: Iterable[str]) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            for key in sorted(set(keys)):
                await stack.enter_async_context(self._one(key))
            yield

    def held(self) -> int:
        """How many entities are locked or awaited right now (0 when the server is idle)."""
        return len(self._slots)

    @asynccontextmanager
    async def _one(self, key: str) -> AsyncIterator[None]:
        slot = self._slots.setdefault(key, _Slot())
        slot.users += 1
        try:
            async with slot.lock:
                yield
        finally:
            slot.users -= 1
            if slot.users == 0:
                del self._slots[key]
