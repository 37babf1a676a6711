"""The async Pinterest API client: one shared `httpx.AsyncClient`, retries, pagination, error mapping.

Retry policy (modelled on well-kept SDKs, tuned for Pinterest):
- 429, 500, 502, 503, 504, timeouts and connection failures are retried with capped exponential
  backoff and jitter; a `Retry-After` header (seconds or HTTP date) wins over the backoff.
- A request that is not idempotent (a create) is retried only when Pinterest cannot have acted on it:
  a 429 (rejected before processing) or a connection that never opened. Never after a 5xx or a
  read timeout, where the object may exist already.
- A 429 whose message says "spam" is a block, not a rate limit: not retried.
- A server-directed wait longer than `max_retry_after` (60 s) is not slept through; the error carries
  it so the model can tell the user when to come back. `Retry-After` is read as at most
  `RETRY_AFTER_CEILING` (a day), and a non-finite value (`inf`, `nan`, `1e309`) as no header at all,
  so no answer can ask for an infinite or 8,000-year wait.

Every answer is checked before anything uses it: at most `MAX_ANSWER_BYTES` (read as a stream and
cut there), JSON (not HTML, not truncated), finite numbers, at most `MAX_ANSWER_DEPTH` levels, an
object, an array of objects or of strings (suggested terms), or a string (a message); a list
answer's `items` are objects and its bookmark a short string.
Anything else is an `UnexpectedResponseError`, which a tool reports as Pinterest's fault.

A tool call has a total time budget (`CALL_BUDGET`, 60 s, entered with `call_budget()`): every
request's timeout is cut to what is left of it, a retry wait that would pass it is not slept (the
error says so), and a page walk that runs out returns the pages it has with the bookmark to resume.
Time is the client's `clock` and waits its `sleep`, both injectable, so tests run on simulated time.

Each request may be counted against the user's rate budget of its operation's rate-limit category
(`budget`, see `api.budget`): past it, or while a 429 on any replica still holds the category, the
call is refused before sending (`RateBudgetError`); a block short enough to retry through is waited
out instead, as a retry would. A 429 with `Retry-After` blocks the category for every replica.

Pagination ends on the last page, at `max_items`, and also when Pinterest misbehaves: a bookmark it
already gave, an empty page that still carries a bookmark, or the page cap ceil(max_items /
page_size). `Page.stopped` then says which, for the answer.
"""

from __future__ import annotations

import email.utils
import functools
import json
import logging
import math
import random
import ssl
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import anyio
import httpx

from pinterest_mcp import __version__
from pinterest_mcp.api.budget import RateBudget, blocked_error
from pinterest_mcp.api.errors import (
    CallBudgetError,
    PinterestAPIError,
    PinterestConnectionError,
    PinterestError,
    RateLimitError,
    RequestNotSentError,
    UnexpectedResponseError,
    error_for,
)
from pinterest_mcp.api.redaction import contains_secret, names_secret, redact_data
from pinterest_mcp.api.request import PreparedRequest, QueryParams
from pinterest_mcp.config.endpoints import PRODUCTION_URL, SANDBOX_URL
from pinterest_mcp.registry.inputs import MAX_BOOKMARK
from pinterest_mcp.registry.privacy import withhold

log = logging.getLogger(__name__)

__all__ = ["CALL_BUDGET", "PRODUCTION_URL", "SANDBOX_URL", "BearerToken", "Page", "PinterestClient", "call_budget"]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_MAX_RETRIES = 3
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
RETRY_AFTER_CEILING = 86_400.0
"""The longest wait a `Retry-After` is read as (a day, Pinterest's longest rate-limit window)."""
MAX_PAGE_SIZE = 250
CALL_BUDGET = 60.0
"""Seconds one tool call may spend on Pinterest in all: every request, page and retry wait."""
MAX_ANSWER_BYTES = 16 * 1024 * 1024
"""The largest answer read; Pinterest's largest (250 rows of every analytics column) are far below."""
MAX_ANSWER_DEPTH = 32
"""How deeply an answer may nest objects and arrays; Pinterest's nest 6 or 7 levels."""

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


class _Budget:
    """A tool call's time budget, started by the first request (on the client's clock)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started: float | None = None

    def remaining(self, clock: Clock) -> float:
        now = clock()
        if self.started is None:
            self.started = now
        return self.seconds - (now - self.started)


_budget: ContextVar[_Budget | None] = ContextVar("pinterest_call_budget", default=None)


@contextmanager
def call_budget(seconds: float = CALL_BUDGET) -> Iterator[None]:
    """Bound everything the client does inside this block (one tool call) to `seconds` in all."""
    token = _budget.set(_Budget(seconds))
    try:
        yield
    finally:
        _budget.reset(token)


class BearerToken(httpx.Auth):
    """A fixed access token. Its repr never shows the token."""

    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request):  # type: ignore[no-untyped-def]
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request

    def __repr__(self) -> str:
        return "BearerToken(***)"


class OnlyUnder(httpx.Auth):
    """`auth` for requests under `base_url` only: the access token never goes to another host or path.

    The pooled client also reaches the token endpoint (with its own HTTP Basic auth) and could be
    handed any absolute URL; whatever it is, a request outside the API base gets no Authorization.
    """

    def __init__(self, auth: httpx.Auth, base_url: str) -> None:
        self.auth = auth
        self.base = httpx.URL(base_url.rstrip("/") + "/")

    def _covers(self, url: httpx.URL) -> bool:
        return (url.scheme, url.host, url.port) == (self.base.scheme, self.base.host, self.base.port) and (
            url.path + "/"
        ).startswith(self.base.path)

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if not self._covers(request.url):
            yield request
            return
        flow = self.auth.async_auth_flow(request)
        outgoing = await flow.__anext__()
        while True:
            response = yield outgoing
            try:
                outgoing = await flow.asend(response)
            except StopAsyncIteration:
                return

    def sync_auth_flow(self, request: httpx.Request):  # type: ignore[no-untyped-def]
        raise RuntimeError("the Pinterest client is async-only")

    def __repr__(self) -> str:
        return f"OnlyUnder({self.auth!r}, {str(self.base)!r})"


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date.

    Never negative, at most `RETRY_AFTER_CEILING`; None when absent, unparsable or not finite
    (`inf`, `nan`, `1e309`), so the normal backoff applies instead of an endless wait.
    """
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, OverflowError):
            return None
        seconds = parsed.timestamp() - (time.time() if now is None else now)
    if not math.isfinite(seconds):
        return None
    return min(RETRY_AFTER_CEILING, max(0.0, seconds))


def backoff_delay(attempt: int, rng: random.Random) -> float:
    """Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped at 8 s, each shortened by up to 25%."""
    base = min(MAX_RETRY_DELAY, INITIAL_RETRY_DELAY * (2.0**attempt))
    return base * (1 - 0.25 * rng.random())


REPEATED_BOOKMARK = "Pinterest repeated a bookmark"
EMPTY_PAGE_WITH_BOOKMARK = "Pinterest sent an empty page that still carries a bookmark"
PAGE_FAILED = "page {page} failed ({error}); the bookmark resumes there"
OUT_OF_TIME = "time budget: this call's {budget:.0f} s ran out before the last page; the bookmark resumes"


@dataclass
class Page:
    """Items from one or more pages; `stopped` says why the walk ended early (None: last page or max_items)."""

    items: list[Any]
    bookmark: str | None
    requests: int
    stopped: str | None = None
    starts: list[tuple[int, str | None]] = field(default_factory=list)
    """Where each page read began: the index of its first item and the bookmark that asked for it."""


@functools.cache
def default_tls() -> ssl.SSLContext:
    """httpx's default TLS context (its CA bundle, `SSL_CERT_FILE`/`SSL_CERT_DIR`), made once per process.

    Made per client it costs about 40 ms and 0.8 MiB (the CA bundle parsed again), and a connector
    makes a client per grant; one context serves every client (it holds no connection or user state).
    """
    return httpx.create_ssl_context()


class PinterestClient:
    """Talks to Pinterest API v5 (or the sandbox, or the embedded emulator).

    One instance is shared by every tool call of a server, so connections are pooled.
    """

    def __init__(
        self,
        *,
        base_url: str = PRODUCTION_URL,
        auth: httpx.Auth | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_retry_after: float = MAX_RETRY_AFTER,
        sleep: Sleep = anyio.sleep,
        clock: Clock = time.monotonic,
        rng: random.Random | None = None,
        max_answer_bytes: int = MAX_ANSWER_BYTES,
        budget: RateBudget | None = None,
    ) -> None:
        if transport is None:  # a real network: the access token goes only over https, or to this machine
            from pinterest_mcp.config.settings import check_base_url

            check_base_url(base_url, "the API base URL")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_retry_after = max_retry_after
        self.max_answer_bytes = max_answer_bytes
        self.budget = budget
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=None if auth is None else OnlyUnder(auth, self.base_url),
            transport=transport,
            verify=default_tls() if transport is None else True,
            timeout=timeout,
            headers={"User-Agent": f"pinterest-mcp/{__version__}", "Accept": "application/json"},
        )

    @property
    def http(self) -> httpx.AsyncClient:
        """The pooled HTTP client, for the token endpoint on the same host (pass `auth=` per request)."""
        return self._http

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> PinterestClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def send(
        self,
        request: PreparedRequest,
        *,
        idempotent: bool,
        scopes: tuple[str, ...] = (),
        category: str | None = None,
    ) -> Any:
        """Send one request with the retry policy; return the checked JSON body (None when empty).

        With a `category` (the operation's rate-limit category) every attempt spends the user's budget.
        """
        attempt = 0
        where = f"{request.method} {request.path}"
        while True:
            if category is not None and self.budget is not None:
                await self._spend(self.budget, category, first=attempt == 0, where=where)
            timeout = self._timeout_left(where)
            try:
                response, content = await self._exchange(request, timeout)
            except httpx.TransportError as exc:
                never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
                failure = PinterestConnectionError(
                    f"Could not reach Pinterest ({type(exc).__name__}) for {where}.", maybe_sent=not never_sent
                )
                if attempt < self.max_retries and (idempotent or never_sent):
                    await self._wait(attempt, None, f"{type(exc).__name__} on {where}", failure)
                    attempt += 1
                    continue
                raise failure from None
            except httpx.DecodingError:
                raise UnexpectedResponseError(200, None, "the answer's content encoding is broken") from None
            except httpx.InvalidURL as exc:
                raise RequestNotSentError(f"The request for {where} is not a valid URL ({exc}).") from None
            if response.status_code < 400:
                return _success_body(response, content)
            error = self._error(response, content, scopes)
            if isinstance(error, RateLimitError) and error.retry_after and self.budget and category:
                # Pinterest said how long: every replica holds off this user's category until then.
                await self.budget.block(category, error.retry_after)
            if attempt < self.max_retries and self._retryable(error, idempotent):
                if error.retry_after is not None and error.retry_after > self.max_retry_after:
                    raise self._noted(error, self._too_long_a_wait(error))
                await self._wait(attempt, error.retry_after, f"HTTP {response.status_code} on {request.path}", error)
                attempt += 1
                continue
            raise error

    async def _spend(self, budget: RateBudget, category: str, *, first: bool, where: str) -> None:
        """Count one request against the budget; before a call's first, honour a 429 block of its category.

        A block this call could retry through (at most `max_retry_after`, within its time budget) is
        slept out; a longer one refuses the call unsent. A retry is not checked again: its own wait
        was Pinterest's.
        """
        if first:
            wait = await budget.blocked_for(category)
            if wait > 0:
                call = _budget.get()
                if wait > self.max_retry_after or (call is not None and wait >= call.remaining(self._clock)):
                    raise blocked_error(category, wait)
                log.warning("waiting %.2f s: Pinterest rate-limited %s for this user (%s)", wait, category, where)
                await self._sleep(wait)
        await budget.spend(category)

    async def _exchange(self, request: PreparedRequest, timeout: float) -> tuple[httpx.Response, bytes]:
        """One round trip; the answer is read as a stream and refused past `max_answer_bytes`."""
        where = f"{request.method} {request.path}"
        if any(_moves_the_path(segment) for segment in request.path.split("/")):
            # An id of "." or "..", or one holding an (encoded) slash, would reach another endpoint once
            # the server decodes and normalizes the URL.
            raise RequestNotSentError(
                f"The request for {where} has an id that is a dot or two or holds a slash; ids are plain values."
            )
        try:
            built = self._http.build_request(
                request.method,
                self.base_url + request.path,
                params=tuple(request.query) or None,
                json=request.body,
                timeout=timeout,
            )
        except UnicodeEncodeError:
            raise RequestNotSentError(f"The request for {where} holds text that is not valid Unicode.") from None
        response = await self._http.send(built, stream=True)
        try:
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > self.max_answer_bytes:
                    limit = self.max_answer_bytes // (1024 * 1024)
                    raise UnexpectedResponseError(
                        response.status_code, None, f"the answer is larger than {limit} MB, so it was not read"
                    )
                chunks.append(chunk)
        finally:
            await response.aclose()
        return response, b"".join(chunks)

    def _timeout_left(self, where: str) -> float:
        """The next request's timeout: the client's, cut to the call's remaining budget."""
        budget = _budget.get()
        if budget is None:
            return self.timeout
        remaining = budget.remaining(self._clock)
        if remaining <= 0:
            raise CallBudgetError(
                f"This call used its {budget.seconds:.0f} s time budget before {where} could be sent.",
                budget=budget.seconds,
            )
        return min(self.timeout, remaining)

    async def pages(
        self,
        request: PreparedRequest,
        *,
        max_items: int | None,
        scopes: tuple[str, ...] = (),
        category: str | None = None,
    ) -> Page:
        """Follow Pinterest bookmarks until `max_items` items or the last page; never a request more.

        Each request asks for the caller's page size (250 when unset) but never more than is still
        missing, so `max_items=30` costs one request, and the returned bookmark resumes exactly.
        A faulty Pinterest cannot keep it going: a repeated bookmark (the caller's included) ends the
        walk without a bookmark, since resuming would loop again; an empty page with a bookmark, or
        the page cap ceil(max_items / page_size) reached on short pages, ends it with the bookmark.
        A page that fails after others were read (an error, the call's time budget spent) ends it
        with the pages read and the bookmark of the one that failed.
        """
        given_size = next((int(v) for k, v in request.query if k == "page_size"), None)
        base_query: QueryParams = [(k, v) for k, v in request.query if k not in ("page_size", "bookmark")]
        bookmark = next((v for k, v in request.query if k == "bookmark"), None)
        seen = {bookmark} if bookmark else set()
        page_cap = None if max_items is None else math.ceil(max_items / (given_size or MAX_PAGE_SIZE))
        items: list[Any] = []
        starts: list[tuple[int, str | None]] = []
        requests = 0
        while True:
            remaining = None if max_items is None else max_items - len(items)
            # Never ask for more than is still missing: a trimmed page's bookmark would skip items.
            size = min(given_size or MAX_PAGE_SIZE, remaining or MAX_PAGE_SIZE)
            query = [*base_query, ("page_size", str(size))]
            if bookmark:
                query.append(("bookmark", bookmark))
            try:
                body = await self.send(
                    PreparedRequest(request.method, request.path, query, request.body),
                    idempotent=True,
                    scopes=scopes,
                    category=category,
                )
            except PinterestError as exc:
                if not items:
                    raise
                # The pages already read stay an answer; the bookmark resumes at the page that failed.
                stopped = (
                    OUT_OF_TIME.format(budget=exc.budget)
                    if isinstance(exc, CallBudgetError)
                    else PAGE_FAILED.format(page=requests + 1, error=exc)
                )
                return Page(items=items, bookmark=bookmark, requests=requests, stopped=stopped, starts=starts)
            requests += 1
            starts.append((len(items), bookmark))
            page_items = items_of(body)
            bookmark = bookmark_of(body)
            if remaining is not None and len(page_items) > remaining:
                page_items, bookmark = page_items[:remaining], None  # resuming would skip the rest
            items.extend(page_items)
            if not bookmark or (max_items is not None and len(items) >= max_items):
                return Page(items=items, bookmark=bookmark or None, requests=requests, starts=starts)
            if bookmark in seen:
                return Page(items=items, bookmark=None, requests=requests, stopped=REPEATED_BOOKMARK, starts=starts)
            if not page_items:
                return Page(
                    items=items, bookmark=bookmark, requests=requests, stopped=EMPTY_PAGE_WITH_BOOKMARK, starts=starts
                )
            if page_cap is not None and requests >= page_cap:
                stopped = (
                    f"page cap: {requests} request{'s' if requests > 1 else ''} (ceil of max_items / page_size) "
                    f"gave {len(items)} short of {max_items} items; the bookmark resumes"
                )
                return Page(items=items, bookmark=bookmark, requests=requests, stopped=stopped, starts=starts)
            seen.add(bookmark)

    async def bookmark_after(
        self,
        request: PreparedRequest,
        starts: list[tuple[int, str | None]],
        count: int,
        scopes: tuple[str, ...] = (),
        category: str | None = None,
    ) -> str | None:
        """The bookmark that resumes right after the first `count` items of a list read from `request`.

        An answer cut to fit the model's context keeps fewer items than its pages held; Pinterest's
        bookmarks are opaque, so the one resuming inside a page is asked for: the page where item
        `count` falls, again, with page_size what it still needs (one request; none at a page start).
        None when nothing resumes there (the list's first item, with no bookmark to start from).
        """
        index, bookmark = max((s for s in starts if s[0] <= count), key=lambda s: s[0], default=(0, None))
        if count == index:
            return bookmark
        query: QueryParams = [(k, v) for k, v in request.query if k not in ("page_size", "bookmark")]
        query.append(("page_size", str(count - index)))
        if bookmark:
            query.append(("bookmark", bookmark))
        body = await self.send(
            PreparedRequest(request.method, request.path, query, request.body),
            idempotent=True,
            scopes=scopes,
            category=category,
        )
        return bookmark_of(body) if isinstance(body, dict) else None

    def _too_long_a_wait(self, error: PinterestAPIError) -> str:
        """Why a wait beyond `max_retry_after` is not slept through."""
        return (
            f"Pinterest asked to wait {error.retry_after:.0f} s; this server waits at most "
            f"{self.max_retry_after:.0f} s between retries (Retry-After is read as at most "
            f"{RETRY_AFTER_CEILING:.0f} s), so it did not retry"
        )

    @staticmethod
    def _noted(error: PinterestError, note: str) -> PinterestError:
        """The same error with `note` on its message: why it was not retried."""
        if isinstance(error, PinterestAPIError):
            return type(error)(
                error.status,
                error.code,
                f"{error.message} ({note})",
                request_id=error.request_id,
                retry_after=error.retry_after,
                scopes=error.scopes,
            )
        if isinstance(error, PinterestConnectionError):
            return PinterestConnectionError(f"{error} ({note})", maybe_sent=error.maybe_sent)
        return error

    def _retryable(self, error: PinterestAPIError, idempotent: bool) -> bool:
        if error.status not in RETRY_STATUSES:
            return False
        if isinstance(error, RateLimitError):
            return "spam" not in error.message.lower()
        return idempotent

    async def _wait(self, attempt: int, retry_after: float | None, why: str, error: PinterestError) -> None:
        """Sleep before a retry; raise `error` instead when the wait would pass the call's budget."""
        delay = retry_after if retry_after is not None else backoff_delay(attempt, self._rng)
        budget = _budget.get()
        if budget is not None and delay >= budget.remaining(self._clock):
            note = f"not retried: waiting {delay:.1f} s would pass this call's {budget.seconds:.0f} s time budget"
            raise self._noted(error, note)
        log.warning("retrying after %.2f s (%s), attempt %d of %d", delay, why, attempt + 1, self.max_retries)
        await self._sleep(delay)

    @staticmethod
    def _error(response: httpx.Response, content: bytes, scopes: tuple[str, ...]) -> PinterestAPIError:
        try:
            body: Any = _decoded(content)
        except ValueError:  # an HTML error page, text or nothing: mapped by the status alone
            body = {"message": response.reason_phrase}
        return error_for(
            response.status_code,
            body,
            request_id=response.headers.get("x-pinterest-rid"),
            retry_after=parse_retry_after(response.headers.get("retry-after")),
            scopes=scopes,
        )


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"a number out of range ({text[:20]})")
    return number


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _depth_within(value: Any, limit: int) -> bool:
    """Whether `value` nests at most `limit` objects and arrays, walked without recursion."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in children)
    return True


def _decoded(content: bytes) -> Any:
    """The JSON body, with our secrets masked wherever Pinterest echoed one (e.g. the Authorization header),
    and the fields that hold a partner's or a webhook's secret masked by name (`SECRET_FIELDS`).

    Everything a tool shows or journals of Pinterest's answers comes through here; the check on the
    raw bytes keeps bodies without an echo (all of them, normally) at the cost of one scan. Raises
    ValueError when the body is not JSON, holds a non-finite number (`NaN`, `1e999`) or nests deeper
    than `MAX_ANSWER_DEPTH` (an error answer then maps by its status alone).
    """
    try:
        body = json.loads(content, parse_float=_finite, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("nested too deep to read") from None
    if not _depth_within(body, MAX_ANSWER_DEPTH):
        raise ValueError(f"nested deeper than {MAX_ANSWER_DEPTH} levels")
    if b'"credentials"' in content:  # a catalog feed's login: withheld whatever it is
        body = withhold(body)
    return redact_data(body) if contains_secret(content) or names_secret(content) else body


def _success_body(response: httpx.Response, content: bytes) -> Any:
    """A 2xx answer's body: a JSON object, an array of objects or strings, or a string; None when empty."""
    if not content.strip():
        return None
    try:
        body = _decoded(content)
    except ValueError as exc:  # a success status with HTML, text or garbled JSON: a tool error, never a crash
        what = "an HTML page" if b"<html" in content[:512].lower() else f"not usable JSON ({exc})"
        raise UnexpectedResponseError(response.status_code, None, f"the answer is {what}") from None
    if isinstance(body, dict | str) or (isinstance(body, list) and all(isinstance(item, dict) for item in body)):
        return body  # a string: a message (the sandbox reset answers one)
    if isinstance(body, list) and all(isinstance(item, str) for item in body):
        return Terms(body)
    raise UnexpectedResponseError(
        response.status_code, None, f"the answer is a JSON {type(body).__name__}, not an object, a list or a message"
    )


class Terms(list[str]):
    """A whole answer that is an array of strings (suggested search terms), the one list of non-objects.

    Marked so `items_of` takes strings only here: inside an object answer, `items` are objects, and
    a view would fail on anything else.
    """


def items_of(body: Any) -> list[Any]:
    """A list answer's `items`; a body without an `items` list of objects is an error, never an empty page."""
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise UnexpectedResponseError(200, None, "a list answer without an items list")
    if not isinstance(items, Terms) and not all(isinstance(item, dict) for item in items):
        raise UnexpectedResponseError(200, None, "a list answer whose items are not all objects")
    return items


def bookmark_of(body: dict[str, Any]) -> str | None:
    """A list answer's bookmark: None or a string short enough to send back."""
    bookmark = body.get("bookmark")
    if bookmark is None or bookmark == "":
        return None
    if not isinstance(bookmark, str) or len(bookmark) > MAX_BOOKMARK:
        raise UnexpectedResponseError(200, None, "a list answer whose bookmark is not a short string")
    return bookmark


def _moves_the_path(segment: str) -> bool:
    """A path segment that, decoded, is "." or ".." or holds a slash: it would change the route."""
    decoded = unquote(segment)
    return decoded in (".", "..") or "/" in decoded or "\\" in decoded
