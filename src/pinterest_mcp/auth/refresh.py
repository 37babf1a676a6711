"""Access tokens that keep working: refresh ahead of expiry and on a 401, one refresh at a time.

Pinterest rotates the refresh token on every refresh and the old one stops working at once, so the
new pair is saved *before* the new access token is used: a crash right after a refresh cannot lose
the only refresh token that still works. However many tool calls wait on an expired token, exactly
one refresh request goes out; the others wait for it and go on with its token.

Failures are shared the same way. A refresh Pinterest refused (the refresh token is dead) is the
answer for every later caller until the credentials change, so fifty waiting calls cost one token
request, not fifty. A refresh that could not get through is the answer for `FAILED_REFRESH_PAUSE`
seconds, then tried again. The request and the save of its answer are shielded from cancellation:
a tool call cancelled (or timed out by its client) mid-refresh must not drop a rotated refresh token
that Pinterest already sent; the httpx timeout of the token request bounds the wait.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncGenerator, Awaitable, Callable

import anyio
import httpx

from pinterest_mcp.api.errors import AuthenticationError, PinterestError
from pinterest_mcp.auth.credentials import Credentials

log = logging.getLogger(__name__)

REFRESH_SKEW = 300.0
"""Refresh this many seconds before the access token expires, so no call races the expiry."""

REFRESH_WARNING_DAYS = 7

FAILED_REFRESH_PAUSE = 10.0
"""Seconds a refresh that could not reach Pinterest is the answer for later callers, before a new try."""


class TokenManager:
    """Holds the current credentials and refreshes them, single-flight."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        refresh: Callable[[Credentials], Awaitable[Credentials]] | None,
        persist: Callable[[Credentials], None] | None,
        clock: Callable[[], float] = time.time,
        skew: float = REFRESH_SKEW,
    ) -> None:
        self._credentials = credentials
        self._refresh = refresh
        self._persist = persist
        self._clock = clock
        self._skew = skew
        self._lock = anyio.Lock()
        self.refreshes = 0
        self._failure: tuple[Credentials, float, PinterestError] | None = None
        self._warn_if_refresh_token_ends_soon()

    @property
    def credentials(self) -> Credentials:
        return self._credentials

    @property
    def can_refresh(self) -> bool:
        c = self._credentials
        return self._refresh is not None and bool(c.refresh_token and c.app_id and c.app_secret)

    def _stale(self) -> bool:
        expires = self._credentials.access_token_expires_at
        return expires is not None and expires - self._skew <= self._clock()

    async def access_token(self) -> str:
        """A usable access token, refreshed first when it is about to expire."""
        if not self._credentials.access_token or (self._stale() and self.can_refresh):
            return await self.refresh(rejected=self._credentials.access_token)
        return self._credentials.access_token

    async def refresh(self, *, rejected: str | None) -> str:
        """Refresh unless another caller already replaced `rejected`; return the token to use."""
        async with self._lock:
            current = self._credentials.access_token
            if current and current != rejected and not self._stale():
                return current  # someone refreshed while we waited for the lock
            if not self.can_refresh or self._refresh is None:
                raise AuthenticationError(
                    401,
                    None,
                    "the access token is missing or expired and no refresh token and app credentials are "
                    "configured to renew it",
                )
            self._raise_earlier_failure()
            with anyio.CancelScope(shield=True):
                try:
                    renewed = await self._refresh(self._credentials)
                except PinterestError as exc:
                    self._failure = (self._credentials, self._clock(), exc)
                    raise
                self.refreshes += 1
                self._save(renewed)
                self._credentials = renewed
                self._failure = None
            log.info("access token refreshed")
            self._warn_if_refresh_token_ends_soon()
            assert renewed.access_token
            return renewed.access_token

    def _raise_earlier_failure(self) -> None:
        """Hand a caller the failure of the refresh tried with these same credentials, instead of a new request."""
        if self._failure is None:
            return
        credentials, at, error = self._failure
        if credentials is not self._credentials:
            self._failure = None
        elif isinstance(error, AuthenticationError) or self._clock() - at < FAILED_REFRESH_PAUSE:
            raise error
        else:
            self._failure = None

    def _save(self, renewed: Credentials) -> None:
        if self._persist is None:
            return
        try:
            self._persist(renewed)
        except Exception as exc:  # keep serving; the user must know a restart will need a login
            log.error(
                "could not save the rotated refresh token (%s); it is kept in memory only, so after a restart "
                "run `pinterest-mcp auth login`",
                type(exc).__name__,
            )

    def _warn_if_refresh_token_ends_soon(self) -> None:
        days = self._credentials.refresh_days_left(self._clock())
        if days is not None and days < REFRESH_WARNING_DAYS:
            log.warning(
                "the Pinterest refresh token expires in %.1f days; run `pinterest-mcp auth login` to renew it", days
            )


class RefreshingAuth(httpx.Auth):
    """httpx auth that asks the `TokenManager` for a token and retries once after a 401 with a fresh one."""

    def __init__(self, manager: TokenManager) -> None:
        self.manager = manager

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self.manager.access_token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401 and self.manager.can_refresh and not await _missing_scope(response):
            request.headers["Authorization"] = f"Bearer {await self.manager.refresh(rejected=token)}"
            yield request

    def sync_auth_flow(self, request: httpx.Request):  # type: ignore[no-untyped-def]
        raise RuntimeError("RefreshingAuth is async-only")

    def __repr__(self) -> str:
        return "RefreshingAuth(***)"


async def _missing_scope(response: httpx.Response) -> bool:
    """A 401 with code 3 means the token lacks a scope: a refresh would not add it."""
    await response.aread()
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("code") == 3
