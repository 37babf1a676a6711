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

Pagination ends on the last page, at `max_items`, and also when Pinterest misbehaves: a bookmark it
already gave, an empty page that still carries a bookmark, or the page cap ceil(max_items /
page_size). `Page.stopped` then says which, for the answer.
"""

from __future__ import annotations

import email.utils
import logging
import math
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import anyio
import httpx

from pinterest_mcp import __version__
from pinterest_mcp.endpoints import PRODUCTION_URL, SANDBOX_URL
from pinterest_mcp.errors import (
    PinterestAPIError,
    PinterestConnectionError,
    RateLimitError,
    UnexpectedResponseError,
    error_for,
)
from pinterest_mcp.prepare import PreparedRequest, QueryParams
from pinterest_mcp.redaction import contains_secret, redact_data

log = logging.getLogger(__name__)

__all__ = ["PRODUCTION_URL", "SANDBOX_URL", "BearerToken", "Page", "PinterestClient"]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_MAX_RETRIES = 3
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
RETRY_AFTER_CEILING = 86_400.0
"""The longest wait a `Retry-After` is read as (a day, Pinterest's longest rate-limit window)."""
MAX_PAGE_SIZE = 250

Sleep = Callable[[float], Awaitable[None]]


class BearerToken(httpx.Auth):
    """A fixed access token. Its repr never shows the token."""

    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request):  # type: ignore[no-untyped-def]
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request

    def __repr__(self) -> str:
        return "BearerToken(***)"


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


@dataclass
class Page:
    """Items from one or more pages; `stopped` says why the walk ended early (None: last page or max_items)."""

    items: list[Any]
    bookmark: str | None
    requests: int
    stopped: str | None = None


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
        rng: random.Random | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.max_retries = max_retries
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=auth,
            transport=transport,
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
    ) -> Any:
        """Send one request with the retry policy; return the decoded JSON body (None when empty)."""
        attempt = 0
        while True:
            try:
                response = await self._http.request(
                    request.method,
                    self.base_url + request.path,
                    params=tuple(request.query) or None,
                    json=request.body,
                )
            except httpx.TransportError as exc:
                never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
                if attempt < self.max_retries and (idempotent or never_sent):
                    await self._wait(attempt, None, f"{type(exc).__name__} on {request.method} {request.path}")
                    attempt += 1
                    continue
                raise PinterestConnectionError(
                    f"Could not reach Pinterest ({type(exc).__name__}) for {request.method} {request.path}.",
                    maybe_sent=not never_sent,
                ) from None
            if response.status_code < 400:
                return _success_body(response) if response.content else None
            error = self._error(response, scopes)
            if attempt < self.max_retries and self._retryable(error, idempotent):
                if error.retry_after is not None and error.retry_after > self.max_retry_after:
                    raise self._too_long_a_wait(error)
                await self._wait(attempt, error.retry_after, f"HTTP {response.status_code} on {request.path}")
                attempt += 1
                continue
            raise error

    async def pages(self, request: PreparedRequest, *, max_items: int | None, scopes: tuple[str, ...] = ()) -> Page:
        """Follow Pinterest bookmarks until `max_items` items or the last page; never a request more.

        Each request asks for the caller's page size (250 when unset) but never more than is still
        missing, so `max_items=30` costs one request, and the returned bookmark resumes exactly.
        A faulty Pinterest cannot keep it going: a repeated bookmark (the caller's included) ends the
        walk without a bookmark, since resuming would loop again; an empty page with a bookmark, or
        the page cap ceil(max_items / page_size) reached on short pages, ends it with the bookmark.
        """
        given_size = next((int(v) for k, v in request.query if k == "page_size"), None)
        base_query: QueryParams = [(k, v) for k, v in request.query if k not in ("page_size", "bookmark")]
        bookmark = next((v for k, v in request.query if k == "bookmark"), None)
        seen = {bookmark} if bookmark else set()
        page_cap = None if max_items is None else math.ceil(max_items / (given_size or MAX_PAGE_SIZE))
        items: list[Any] = []
        requests = 0
        while True:
            remaining = None if max_items is None else max_items - len(items)
            # Never ask for more than is still missing: a trimmed page's bookmark would skip items.
            size = min(given_size or MAX_PAGE_SIZE, remaining or MAX_PAGE_SIZE)
            query = [*base_query, ("page_size", str(size))]
            if bookmark:
                query.append(("bookmark", bookmark))
            body = await self.send(
                PreparedRequest(request.method, request.path, query, request.body), idempotent=True, scopes=scopes
            )
            requests += 1
            page_items = items_of(body)
            bookmark = body.get("bookmark")
            if remaining is not None and len(page_items) > remaining:
                page_items, bookmark = page_items[:remaining], None  # resuming would skip the rest
            items.extend(page_items)
            if not bookmark or (max_items is not None and len(items) >= max_items):
                return Page(items=items, bookmark=bookmark or None, requests=requests)
            if bookmark in seen:
                return Page(items=items, bookmark=None, requests=requests, stopped=REPEATED_BOOKMARK)
            if not page_items:
                return Page(items=items, bookmark=bookmark, requests=requests, stopped=EMPTY_PAGE_WITH_BOOKMARK)
            if page_cap is not None and requests >= page_cap:
                stopped = (
                    f"page cap: {requests} request{'s' if requests > 1 else ''} (ceil of max_items / page_size) "
                    f"gave {len(items)} short of {max_items} items; the bookmark resumes"
                )
                return Page(items=items, bookmark=bookmark, requests=requests, stopped=stopped)
            seen.add(bookmark)

    def _too_long_a_wait(self, error: PinterestAPIError) -> PinterestAPIError:
        """The same error, saying that waits beyond `max_retry_after` are not slept through."""
        rule = (
            f"Pinterest asked to wait {error.retry_after:.0f} s; this server waits at most "
            f"{self.max_retry_after:.0f} s between retries (Retry-After is read as at most "
            f"{RETRY_AFTER_CEILING:.0f} s), so it did not retry"
        )
        return type(error)(
            error.status,
            error.code,
            f"{error.message} ({rule})",
            request_id=error.request_id,
            retry_after=error.retry_after,
            scopes=error.scopes,
        )

    def _retryable(self, error: PinterestAPIError, idempotent: bool) -> bool:
        if error.status not in RETRY_STATUSES:
            return False
        if isinstance(error, RateLimitError):
            return "spam" not in error.message.lower()
        return idempotent

    async def _wait(self, attempt: int, retry_after: float | None, why: str) -> None:
        delay = retry_after if retry_after is not None else backoff_delay(attempt, self._rng)
        log.warning("retrying after %.2f s (%s), attempt %d of %d", delay, why, attempt + 1, self.max_retries)
        await self._sleep(delay)

    @staticmethod
    def _error(response: httpx.Response, scopes: tuple[str, ...]) -> PinterestAPIError:
        try:
            body: Any = _decoded(response)
        except ValueError:
            body = {"message": response.reason_phrase}
        return error_for(
            response.status_code,
            body,
            request_id=response.headers.get("x-pinterest-rid"),
            retry_after=parse_retry_after(response.headers.get("retry-after")),
            scopes=scopes,
        )


def _decoded(response: httpx.Response) -> Any:
    """The JSON body, with our secrets masked wherever Pinterest echoed one (e.g. the Authorization header).

    Everything a tool shows or journals of Pinterest's answers comes through here; the check on the
    raw bytes keeps bodies without an echo (all of them, normally) at the cost of one scan. Raises
    ValueError when the body is not JSON (an error answer then maps by its status alone).
    """
    body = response.json()
    return redact_data(body) if contains_secret(response.content) else body


def _success_body(response: httpx.Response) -> Any:
    try:
        return _decoded(response)
    except ValueError:  # a success status with HTML or text: an error the tool reports, never a crash
        raise UnexpectedResponseError(response.status_code, None, "the answer is not JSON") from None


def items_of(body: Any) -> list[Any]:
    """A list answer's `items`; a body without an `items` list is an error, never an empty page."""
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise UnexpectedResponseError(200, None, "a list answer without an items list")
    return items
