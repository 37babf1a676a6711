"""The emulator's request log: the most recent requests, bounded, plus a count of every one.

A ``--demo`` server runs for hours, so the log keeps only the last ``limit`` requests (1,000 unless
the ``Emulator`` is told otherwise) while ``total`` keeps counting. It reads like a list of what it
still holds, oldest first (index, slice, iterate, ``len``); ``since(mark)`` gives the requests
recorded after ``total`` was ``mark`` and refuses if some of those were already dropped, so a test
counting calls can never silently undercount.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

DEFAULT_LIMIT = 1_000


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received. ``path`` is below ``/v5``; ``body`` is decoded JSON, else text, else None.

    ``template`` is the matched route template (e.g. ``/ad_accounts/{ad_account_id}/campaigns``),
    None for unknown routes, so tests can count calls per endpoint without rebuilding paths.
    """

    method: str
    path: str
    query: list[tuple[str, str]]
    body: Any
    template: str | None = None


class RequestLog(Sequence[RecordedRequest]):
    """The last ``limit`` requests, oldest first, and ``total``: how many were ever recorded."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        if limit < 1:
            raise ValueError(f"the request log must keep at least one request, not {limit}")
        self.limit = limit
        self.total = 0
        self._kept: deque[RecordedRequest] = deque(maxlen=limit)

    def append(self, request: RecordedRequest) -> None:
        """Record a request, dropping the oldest kept one once ``limit`` are kept."""
        self._kept.append(request)
        self.total += 1

    def since(self, mark: int) -> list[RecordedRequest]:
        """The requests recorded after ``total`` was ``mark``; ValueError if the log already dropped some."""
        dropped = self.total - len(self._kept)
        if not dropped <= mark <= self.total:
            raise ValueError(f"requests after #{mark} are not all kept (kept: #{dropped} to #{self.total})")
        return list(self._kept)[mark - dropped :]

    def count(self, method: str | None = None, template: str | None = None) -> int:
        """How many kept requests match ``method`` and route ``template`` (None matches any)."""
        return sum(1 for r in self._kept if method in (None, r.method) and template in (None, r.template))

    def __len__(self) -> int:
        return len(self._kept)

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self._kept)

    @overload
    def __getitem__(self, index: int) -> RecordedRequest: ...

    @overload
    def __getitem__(self, index: slice) -> list[RecordedRequest]: ...

    def __getitem__(self, index: int | slice) -> RecordedRequest | list[RecordedRequest]:
        if isinstance(index, slice):
            return list(self._kept)[index]
        return self._kept[index]
