"""Fan-out: a call naming more ids than one Pinterest request takes becomes several, sent together.

An id list marked `Batched(per_request)` accepts up to `MAX_IDS` ids; `batches` splits it into
requests of at most `per_request` ids (the spec's `maxItems`), every combination when two lists
are split (filters that must both match, such as campaign_ids with pin_ids), so each entity is
in exactly one request. Combinations multiply, so a call needing more than `MAX_REQUESTS` is
refused before sending anything. `FanOut.run` sends them concurrently, at most `IN_FLIGHT` at a time per
rate-limit category for the whole server (two calls at once share the bound), and gives the
answers back in request order; the first failure cancels the rest and is raised as itself.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
from pydantic import BaseModel

from pinterest_mcp.api.errors import RequestNotSentError

MAX_IDS = 5000
"""The most ids one call takes: 20 requests of 250, a few seconds at Pinterest's analytics rates."""
IN_FLIGHT = 4
"""Requests in flight together per rate-limit category: 1,000 campaigns are 4 requests at once."""
MAX_REQUESTS = 50
"""The most requests one call may send: `MAX_IDS` Pins at 100 a request. Two split lists multiply
(every combination is a request), so a call past this is refused before anything is sent."""

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


@dataclass(frozen=True)
class Batched:
    """Marks an id list that is split into requests of at most `per_request` ids (the spec's maxItems)."""

    per_request: int


def batched_fields(model: type[BaseModel]) -> dict[str, int]:
    """The id lists of `model` that fan out, with how many ids one request takes."""
    return {
        name: marker.per_request
        for name, field in model.model_fields.items()
        for marker in field.metadata
        if isinstance(marker, Batched)
    }


def _splits(args: BaseModel) -> dict[str, list[list[Any]]]:
    """Each oversized id list of `args` cut into chunks of its `per_request`, duplicates dropped."""
    splits: dict[str, list[list[Any]]] = {}
    for name, per_request in batched_fields(type(args)).items():
        ids = getattr(args, name)
        if isinstance(ids, list) and len(ids) > per_request:
            unique = list(dict.fromkeys(ids))
            splits[name] = [unique[i : i + per_request] for i in range(0, len(unique), per_request)]
    return splits


def check_requests(args: BaseModel) -> None:
    """Refuse a call that would send more than `MAX_REQUESTS` requests; call it before sending anything."""
    splits = _splits(args)
    requests = math.prod(len(chunks) for chunks in splits.values())
    if requests > MAX_REQUESTS:
        parts = " x ".join(f"{name} in {len(chunks)} batches" for name, chunks in splits.items())
        raise TooManyRequestsError(
            f"This call would send {requests:,} requests ({parts}); one call sends at most {MAX_REQUESTS}."
        )


def batches(args: M) -> list[M]:
    """`args` as one copy per request (`check_requests` first): each oversized id list cut into chunks."""
    check_requests(args)
    splits = _splits(args)
    if not splits:
        return [args]
    names = list(splits)
    return [
        args.model_copy(update=dict(zip(names, chunks, strict=True)))
        for chunks in itertools.product(*(splits[name] for name in names))
    ]


class TooManyRequestsError(RequestNotSentError):
    """More requests than `MAX_REQUESTS` for one call: refused whole, so no partial answer is mistaken for all."""

    kind = "too_many_requests"
    advice = (
        "Nothing was sent. Ask for fewer ids, or one id list (ad_ids alone, not with campaign_ids and pin_ids), "
        "or split the ids over several calls; for a whole account, run_report builds one report."
    )


class FanOut:
    """Concurrent requests, bounded per rate-limit category across every call of one server."""

    def __init__(self, in_flight: int = IN_FLIGHT) -> None:
        self.in_flight = in_flight
        self._limiters: dict[str, anyio.CapacityLimiter] = {}

    def _limiter(self, category: str) -> anyio.CapacityLimiter:
        if category not in self._limiters:
            self._limiters[category] = anyio.CapacityLimiter(self.in_flight)
        return self._limiters[category]

    async def run(self, category: str, calls: Sequence[Callable[[], Awaitable[T]]]) -> list[T]:
        limiter = self._limiter(category)
        results: dict[int, T] = {}
        failures: list[Exception] = []

        async def one(index: int, call: Callable[[], Awaitable[T]]) -> None:
            async with limiter:
                try:
                    results[index] = await call()
                except Exception as exc:  # raised below as itself, not wrapped in an exception group
                    failures.append(exc)
                    group.cancel_scope.cancel()

        async with anyio.create_task_group() as group:
            for index, call in enumerate(calls):
                group.start_soon(one, index, call)
        if failures:
            raise failures[0]
        return [results[index] for index in range(len(calls))]
