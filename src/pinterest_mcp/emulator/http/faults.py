"""Upstream faults on demand: what a bad day at Pinterest looks like, reproducibly.

A ``FaultProfile`` decides, request by request, whether to misbehave and how: with probability
``rate`` it draws one fault kind (weighted) from a seeded RNG, so a run with the same seed and the
same requests meets the same faults. ``force`` queues kinds for the next requests, for a test that
needs one fault at one moment. ``FaultTransport`` sits where the network would be, in front of the
emulator's ASGI app, and acts the fault out:

- answers Pinterest never processed: ``rate_limited`` (429 without ``Retry-After``),
  ``rate_limited_retry_after`` (429 with a ``Retry-After`` drawn from ``RETRY_AFTER_VALUES``,
  hostile ones included), ``server_error`` (500), ``unavailable`` (503), ``html_error`` (a proxy's
  502 HTML page), ``drop_before`` (the connection fails before the request leaves);
- answers to a request Pinterest did process: ``drop_after`` (the connection drops before the
  answer), ``timeout`` (no answer within the request's read timeout), ``slow`` (answered after a
  delay; a delay past the read timeout is a timeout), ``malformed_json``, ``html_page`` (a 200 HTML
  page), ``bad_encoding`` (a gzip header over bytes that are not gzip), ``wrong_shape`` (a 200
  whose JSON is not what the endpoint answers, from ``WRONG_SHAPES``), ``repeated_bookmark`` (a list
  page that gives back the bookmark it was asked with, or an empty page that keeps its bookmark),
  ``huge_body`` (a 200 that streams ``huge_bytes`` of JSON).

Processed means the request reached the emulator, so its request log is the witness of what
Pinterest received: a write answered 429 here was never seen; one dropped after was applied.

Time is the profile's ``clock``: ``RealClock`` for ``--demo-faults`` (slow answers really wait),
``VirtualClock`` in tests, where a 45 s slow answer or a 30 s timeout passes at once and the
client's retry waits (given the same clock) add up to the simulated time a call took.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar, get_args

import anyio
import anyio.lowlevel
import httpx
from starlette.types import ASGIApp

FaultKind = Literal[
    "rate_limited",
    "rate_limited_retry_after",
    "server_error",
    "unavailable",
    "html_error",
    "drop_before",
    "drop_after",
    "timeout",
    "slow",
    "malformed_json",
    "html_page",
    "bad_encoding",
    "wrong_shape",
    "repeated_bookmark",
    "huge_body",
]
FAULT_KINDS: tuple[FaultKind, ...] = get_args(FaultKind)
UNPROCESSED: frozenset[FaultKind] = frozenset(
    {"rate_limited", "rate_limited_retry_after", "server_error", "unavailable", "html_error", "drop_before"}
)
"""Kinds answered before the emulator sees the request: nothing was applied, and it is not logged."""
LOST_ANSWER: frozenset[FaultKind] = frozenset({"drop_after", "timeout"})
"""Kinds that process the request and lose its answer: a retry would arrive a second time."""

RETRY_AFTER_VALUES: tuple[str, ...] = (
    "0",
    "1",
    "2.5",
    "30",
    "120",
    "-5",
    "inf",
    "-inf",
    "1e309",
    "nan",
    "garbage",
    "",
    "9" * 400,
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "Thu, 01 Jan 1970 00:00:00 GMT",
)
"""Sane, large, negative, non-finite, unparsable and far-future `Retry-After` values."""

WRONG_SHAPES: tuple[bytes, ...] = (
    b"[]",
    b'"ok"',
    b"null",
    b"42",
    b"{}",
    b"",
    b'{"items": null}',
    b'{"items": {"id": "1"}}',
    b'{"items": [1, "two", null, []]}',
    b'{"items": ["one", "two"]}',
    b'{"items": [], "bookmark": 7}',
    b'{"items": [{"id": "1"}], "bookmark": "' + b"b" * 100_000 + b'"}',
    b'{"id": {"nested": true}, "name": ["not", "a", "name"], "items": "no"}',
    b'{"id": "1", "value": NaN, "big": 1e999}',
    b'{"id": "1", "deep": ' + b"[" * 400 + b"]" * 400 + b"}",
    b"[" * 100_000 + b"]" * 100_000,
)
"""200 bodies no endpoint answers: not objects, nulls where lists go, non-objects as items, a
non-string or 100 kB bookmark, non-finite numbers, 400 and 100,000 levels of nesting."""

MALFORMED_JSON: tuple[bytes, ...] = (
    b'{"items": [{"id": "1", "name": "trunc',
    b"{'items': []}",
    b"\xff\xfe{\x00}",
    b'{"items": [], "bookmark": null}}',
)
HTML_PAGE = b"<!DOCTYPE html><html><head><title>Pinterest</title></head><body><h1>Oops!</h1></body></html>"
HTML_ERROR = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
REPEAT_PAGE_MARK = "fault-empty-page"
SLOW_FRACTIONS = tuple(n / 10 for n in range(11))
"""Where in `slow_seconds` a slow answer's delay falls (a variant like any other)."""
T = TypeVar("T")


class Clock(Protocol):
    """A time source and a way to wait on it; the client takes the same pair for its retries."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class RealClock:
    """Wall time (monotonic) and real waits: for people watching a demo."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await anyio.sleep(seconds)


class VirtualClock:
    """Simulated time: `sleep` moves `now` forward at once (after a checkpoint), so tests wait for nothing.

    `slept` records every wait, the transport's and the client's alike.
    """

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self.slept: list[float] = []

    def now(self) -> float:
        return self._now

    async def sleep(self, seconds: float) -> None:
        seconds = max(0.0, seconds)
        self.slept.append(seconds)
        self._now += seconds
        await anyio.lowlevel.checkpoint()


@dataclass
class FaultProfile:
    """Which faults, how often, on which requests; the record of what was injected.

    ``weights`` maps kinds to relative weights (absent kinds never occur); ``methods`` limits
    faults to those HTTP methods (None: all). ``slow_seconds`` is the range a slow answer's delay
    is drawn from; ``huge_bytes`` how much a huge body streams.
    """

    rate: float
    weights: Mapping[FaultKind, float]
    seed: int = 0
    methods: frozenset[str] | None = None
    slow_seconds: tuple[float, float] = (0.2, 2.0)
    huge_bytes: int = 64 * 1024 * 1024
    clock: Clock = field(default_factory=RealClock)
    injected: Counter[str] = field(default_factory=Counter)
    recent: deque[tuple[str, str, FaultKind]] = field(default_factory=lambda: deque(maxlen=10_000))

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError(f"a fault rate is a probability between 0 and 1, not {self.rate}")
        unknown = set(self.weights) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; known: {', '.join(FAULT_KINDS)}")
        self._rng = random.Random(self.seed)
        self._kinds = [kind for kind in FAULT_KINDS if self.weights.get(kind, 0) > 0]
        self._forced: deque[FaultKind] = deque()

    def pick(self, options: Sequence[T]) -> T:
        """One variant of a fault (which Retry-After, which wrong shape), drawn from the seeded RNG."""
        return self._rng.choice(options)

    def force(self, *kinds: FaultKind) -> None:
        """Inject these kinds, in order, on the next matching requests, before any drawn fault."""
        self._forced.extend(kinds)

    def draw(self, method: str) -> FaultKind | None:
        """The fault for the next request, or None to answer it normally."""
        if self.methods is not None and method not in self.methods:
            return None
        if self._forced:
            return self._forced.popleft()
        if not self._kinds or self._rng.random() >= self.rate:
            return None
        return self._rng.choices(self._kinds, weights=[self.weights[k] for k in self._kinds])[0]

    def record(self, method: str, path: str, kind: FaultKind) -> None:
        self.injected[kind] += 1
        self.recent.append((method, path, kind))


def _every(weight: float = 1.0) -> dict[FaultKind, float]:
    return dict.fromkeys(FAULT_KINDS, weight)


PROFILES: dict[str, tuple[float, dict[FaultKind, float]]] = {
    "flaky": (0.2, {**_every(), "timeout": 0.2, "slow": 2}),
    "rate-limits": (0.5, {"rate_limited": 1, "rate_limited_retry_after": 3}),
    "server-errors": (0.4, {"server_error": 2, "unavailable": 2, "html_error": 1}),
    "slow": (0.5, {"slow": 4, "timeout": 1}),
    "network": (0.3, {"drop_before": 1, "drop_after": 1, "timeout": 1}),
    "garbage": (0.4, {"malformed_json": 1, "html_page": 1, "bad_encoding": 1, "wrong_shape": 3, "huge_body": 1}),
    "pagination": (0.5, {"repeated_bookmark": 1}),
    "chaos": (0.3, _every()),
}
"""The `--demo-faults` profiles: name -> (rate, weights). `flaky` is a plausible day, `chaos` the test mix."""


def profile_named(name: str, *, seed: int = 0, clock: Clock | None = None) -> FaultProfile:
    """A named profile (see PROFILES); ValueError naming the known ones for anything else."""
    if name not in PROFILES:
        raise ValueError(f"unknown fault profile {name!r}; known: {', '.join(PROFILES)}")
    rate, weights = PROFILES[name]
    return FaultProfile(rate=rate, weights=weights, seed=seed, clock=clock or RealClock())


class FaultTransport(httpx.AsyncBaseTransport):
    """The network between the client and the emulator's app, misbehaving as ``profile`` says."""

    def __init__(self, app: ASGIApp, profile: FaultProfile) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self.profile = profile

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        kind = self.profile.draw(request.method)
        if kind is None:
            return await self._inner.handle_async_request(request)
        delay = 0.0
        if kind == "slow":
            low, high = self.profile.slow_seconds
            delay = low + (high - low) * self.profile.pick(SLOW_FRACTIONS)
            if delay >= _read_timeout(request):
                kind = "timeout"  # recorded as what the client meets: its answer is lost
        self.profile.record(request.method, request.url.path, kind)
        if kind in UNPROCESSED:
            return self._unprocessed(kind, request)
        if kind == "slow":
            await self.profile.clock.sleep(delay)
            return await self._inner.handle_async_request(request)
        return await self._processed(kind, request)

    def _unprocessed(self, kind: FaultKind, request: httpx.Request) -> httpx.Response:
        if kind == "drop_before":
            raise httpx.ConnectError("injected: connection refused", request=request)
        if kind == "html_error":
            return _answer(502, HTML_ERROR, "text/html")
        status = {"server_error": 500, "unavailable": 503}.get(kind, 429)
        message = {500: "Internal error.", 503: "Service unavailable."}.get(status, "Rate limit exceeded.")
        headers = {}
        if kind == "rate_limited_retry_after":
            headers["Retry-After"] = self.profile.pick(RETRY_AFTER_VALUES)
        body = json.dumps({"code": 8 if status == 429 else 1, "message": message}).encode()
        return _answer(status, body, "application/json", headers)

    async def _processed(self, kind: FaultKind, request: httpx.Request) -> httpx.Response:
        read_timeout = _read_timeout(request)
        response = await self._inner.handle_async_request(request)  # the emulator acts on it
        content = await response.aread()
        if kind == "timeout":
            await self.profile.clock.sleep(read_timeout)
            raise httpx.ReadTimeout("injected: no answer within the read timeout", request=request)
        if kind == "drop_after":
            raise httpx.RemoteProtocolError("injected: server disconnected without an answer", request=request)
        if kind == "malformed_json":
            return _answer(200, self.profile.pick(MALFORMED_JSON), "application/json")
        if kind == "html_page":
            return _answer(200, HTML_PAGE, "text/html")
        if kind == "bad_encoding":
            return _answer(200, b"this is not gzip", "application/json", {"Content-Encoding": "gzip"})
        if kind == "wrong_shape":
            return _answer(200, self.profile.pick(WRONG_SHAPES), "application/json")
        if kind == "huge_body":
            return httpx.Response(
                200, headers={"Content-Type": "application/json"}, stream=_HugeBody(self.profile.huge_bytes)
            )
        return _repeated_bookmark(response, content, request)


def _read_timeout(request: httpx.Request) -> float:
    """The read timeout the client set on this request (httpx carries it in the extensions)."""
    timeouts = request.extensions.get("timeout") or {}
    value = timeouts.get("read")
    return float(value) if isinstance(value, int | float) else 30.0


def _answer(status: int, content: bytes, content_type: str, headers: Mapping[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, content=content, headers={"Content-Type": content_type, **(headers or {})})


def _repeated_bookmark(response: httpx.Response, content: bytes, request: httpx.Request) -> httpx.Response:
    """A list page that repeats the bookmark it was asked with; a first page: empty, keeping its bookmark."""
    try:
        body: Any = json.loads(content)
    except ValueError:
        body = None
    if response.status_code != 200 or not isinstance(body, dict) or not isinstance(body.get("items"), list):
        return _answer(response.status_code, content, response.headers.get("content-type", "application/json"))
    asked = request.url.params.get("bookmark")
    if asked:
        body["bookmark"] = asked
    else:
        body = {"items": [], "bookmark": body.get("bookmark") or REPEAT_PAGE_MARK}
    return _answer(200, json.dumps(body).encode(), "application/json")


class _HugeBody(httpx.AsyncByteStream):
    """A JSON list answer of `size` bytes, made as it is read: a reader that stops early costs little."""

    CHUNK = 64 * 1024

    def __init__(self, size: int) -> None:
        self.size = size

    async def __aiter__(self) -> AsyncIterator[bytes]:
        item = b'{"id": "1", "name": "' + b"x" * (self.CHUNK - 32) + b'"},'
        sent = 0
        yield b'{"items": ['
        while sent < self.size:
            yield item
            sent += len(item)
        yield b'{"id": "2"}], "bookmark": null}'


def demo_transport(app: ASGIApp, profile: str | None, *, seed: int = 0) -> httpx.AsyncBaseTransport:
    """The demo's transport to the emulator: plain, or through the named fault profile (`--demo-faults`)."""
    if not profile:
        return httpx.ASGITransport(app=app)
    return FaultTransport(app, profile_named(profile, seed=seed))
