"""Pinterest OAuth: the token endpoint (code exchange, refresh) and the browser login flow.

Token endpoint facts (API v5 spec, `POST /oauth/token`): HTTP Basic `app_id:app_secret`, a form body,
and every refresh returns a NEW refresh token with its own `refresh_token_expires_at`, which the
caller must persist or the next refresh fails. Apps created before 2025-09-25 need
`continuous_refresh=true` on the code exchange to get 60-day refresh tokens that keep rotating.

`login()` runs the authorization-code flow with a one-shot HTTP listener on loopback: it serves one
callback, checks `state`, answers the browser, closes, then exchanges the code. It is a bare anyio
listener rather than uvicorn so it installs no signal handlers and starts in microseconds.
Pinterest matches the redirect URI exactly against the app's settings, so the CLI should use a
fixed port (`DEFAULT_LOGIN_PORT`) and tell the user to register `http://127.0.0.1:8085/callback`.

No token, code or secret ever goes into an exception message or a log line: the app secret, its
HTTP Basic form and every token sent or received are registered for redaction before the request.

A refresh that was sent but never answered (a read timeout, a dropped connection) may still have
rotated the refresh token at Pinterest, so it is reported as exactly that (`RefreshInterruptedError`),
never as "nothing was changed".
"""

from __future__ import annotations

import html
import inspect
import re
import secrets
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

import anyio
import anyio.abc
import anyio.to_thread
import httpx

from pinterest_mcp.api.errors import (
    AuthenticationError,
    PinterestConnectionError,
    PinterestError,
    ServerError,
    error_for,
)
from pinterest_mcp.api.redaction import basic_credentials, redact, remember, remember_app
from pinterest_mcp.auth.credentials import Credentials
from pinterest_mcp.config.endpoints import PRODUCTION_URL, is_loopback

if TYPE_CHECKING:
    from pinterest_mcp.registry.records import Operation

AUTHORIZE_URL = "https://www.pinterest.com/oauth/"
TOKEN_URL = f"{PRODUCTION_URL}/oauth/token"
DEFAULT_LOGIN_PORT = 8085
CALLBACK_PATH = "/callback"
# The spec never attaches the *_secret scopes to an operation, yet secret boards and Pins need them.
# Secret boards and their Pins need the *_secret twin of each scope (a new secret board, too).
SECRET_SCOPES: Mapping[str, str] = {
    "boards:read": "boards:read_secret",
    "boards:write": "boards:write_secret",
    "pins:read": "pins:read_secret",
    "pins:write": "pins:write_secret",
}

TOKEN_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
"""Generous on reading: an answer that comes too late for us may carry the only working refresh token."""
_MAX_REQUEST_HEAD = 8192
_CONNECTION_TIMEOUT = 10.0
_OPENER_GRACE = 5.0


PINTEREST_API_HOSTS = frozenset({"api.pinterest.com", "api-sandbox.pinterest.com"})
"""Hosts whose `/v5/oauth/token` is Pinterest's own token endpoint (production, sandbox)."""


def token_url_for(base_url: str) -> str:
    """Where the app id and secret go: Pinterest's token endpoint, whatever the base URL points at.

    Production and the sandbox keep their own endpoint, and a loopback base URL (an emulator on this
    machine) its own; any other base URL (a proxy, a typo, an attacker's host) gets the production
    endpoint, so the app secret never follows `--base-url` off Pinterest.
    """
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    own = (parts.scheme == "https" and host in PINTEREST_API_HOSTS) or (
        parts.scheme in ("http", "https") and is_loopback(host)
    )
    return f"{base_url.rstrip('/')}/oauth/token" if own else TOKEN_URL


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def split_scopes(scope: str) -> tuple[str, ...]:
    """Pinterest answers `scope` comma-separated; spaces (the OAuth norm) are accepted as well."""
    return tuple(part for part in re.split(r"[,\s]+", scope) if part)


@dataclass(frozen=True)
class TokenResponse:
    """What the token endpoint returned. Relative lifetimes are turned absolute by `apply_to`."""

    access_token: str = field(repr=False)
    token_type: str = "bearer"
    expires_in: float | None = None
    scope: str = ""
    refresh_token: str | None = field(default=None, repr=False)
    refresh_token_expires_in: float | None = None
    refresh_token_expires_at: float | None = None
    response_type: str | None = None

    @classmethod
    def from_json(cls, body: Any) -> TokenResponse:
        """Parse a token response; a body without an access token is a Pinterest-side failure."""
        if not isinstance(body, dict) or not isinstance(body.get("access_token"), str) or not body["access_token"]:
            raise ServerError(200, None, "the token endpoint answered without an access token")
        refresh = body.get("refresh_token")
        remember(body["access_token"], refresh if isinstance(refresh, str) else None)
        return cls(
            access_token=body["access_token"],
            token_type=str(body.get("token_type") or "bearer"),
            expires_in=_number(body.get("expires_in")),
            scope=str(body.get("scope") or ""),
            refresh_token=refresh if isinstance(refresh, str) and refresh else None,
            refresh_token_expires_in=_number(body.get("refresh_token_expires_in")),
            refresh_token_expires_at=_number(body.get("refresh_token_expires_at")),
            response_type=str(body["response_type"]) if body.get("response_type") else None,
        )

    @property
    def scopes(self) -> tuple[str, ...]:
        return split_scopes(self.scope)

    def apply_to(self, creds: Credentials, now: float | None = None) -> Credentials:
        """`creds` with these tokens and absolute expiries; the old refresh token survives only if none came back.

        Pinterest's own `refresh_token_expires_at` wins over `now + refresh_token_expires_in`.
        """
        now = time.time() if now is None else now
        refresh_at = self.refresh_token_expires_at
        if refresh_at is None and self.refresh_token_expires_in is not None:
            refresh_at = now + self.refresh_token_expires_in
        return creds.with_tokens(
            access_token=self.access_token,
            access_token_expires_at=None if self.expires_in is None else now + self.expires_in,
            refresh_token=self.refresh_token,
            refresh_token_expires_at=refresh_at,
            scopes=self.scopes or None,
        )


class RefreshRejectedError(AuthenticationError):
    """The token endpoint refused a refresh: the refresh token is expired, revoked or already used."""

    kind = "refresh_rejected"
    advice = "Retrying will not help: the user must sign in again with `pinterest-mcp auth login` and restart."

    def _describe(self) -> str:
        what = "the refresh token or the app id/secret" if self.status == 401 else "the refresh token"
        return (
            f"Pinterest rejected {what} (HTTP {self.status}{_code(self.code)}: {self.message}). "
            "It may have expired, been revoked or been used already; run `pinterest-mcp auth login` to sign in "
            "again (and check the app id and app secret if that fails too)."
        )


class RefreshInterruptedError(PinterestConnectionError):
    """A refresh went out but no answer came back: Pinterest may have rotated the refresh token anyway."""

    kind = "refresh_interrupted"

    def __init__(self, what: str) -> None:
        super().__init__(
            f"The token endpoint did not answer the refresh ({what}). Pinterest may have received it and "
            "rotated the refresh token, in which case the saved refresh token no longer works.",
            maybe_sent=True,
        )

    def for_model(self) -> str:
        return (
            f"{self} Next: try the call again in a moment; if Pinterest then rejects the refresh token, the user "
            "must run `pinterest-mcp auth login` and restart the server."
        )


class CodeExchangeError(AuthenticationError):
    """The token endpoint refused to turn an authorization code into tokens."""

    kind = "code_exchange_failed"
    advice = "Run `pinterest-mcp auth login` again."

    def _describe(self) -> str:
        return (
            f"Pinterest refused the authorization code (HTTP {self.status}{_code(self.code)}: {self.message}). "
            "A code works once and expires within minutes, and the redirect URI must be registered for the app "
            "exactly; run `pinterest-mcp auth login` again, checking the app id, app secret and redirect URI in the "
            "Pinterest developer portal if it keeps failing."
        )


def _code(code: int | None) -> str:
    return f", code {code}" if code is not None else ""


class LoginError(PinterestError):
    """The browser sign-in did not produce an authorization code."""

    kind = "login_failed"
    advice = "Run `pinterest-mcp auth login` again."


class LoginDeniedError(LoginError):
    kind = "login_denied"


class LoginStateError(LoginError):
    """A callback whose `state` is not ours: a stale tab or a forged request. Its code is never used."""

    kind = "login_state_mismatch"


class LoginTimeoutError(LoginError, TimeoutError):
    kind = "login_timeout"


def _error_message(response: httpx.Response) -> tuple[int | None, str]:
    """Pinterest's `{code, message}`, or the OAuth `{error, error_description}` shape."""
    try:
        body = response.json()
    except ValueError:
        return None, response.reason_phrase or "no error message"
    if not isinstance(body, dict):
        return None, response.reason_phrase or "no error message"
    code = body.get("code") if isinstance(body.get("code"), int) else None
    message = body.get("message") or body.get("error_description") or body.get("error") or response.reason_phrase
    return code, str(message or "no error message")


async def _post_token(
    http: httpx.AsyncClient,
    token_url: str,
    app_id: str,
    app_secret: str,
    form: dict[str, str],
    rejected: type[AuthenticationError],
    secret_values: tuple[str, ...],
) -> TokenResponse:
    remember_app(app_id, app_secret)
    remember(*secret_values)
    try:
        response = await http.post(
            token_url,
            data=form,
            auth=httpx.BasicAuth(app_id, app_secret),
            headers={"Accept": "application/json"},
            timeout=TOKEN_TIMEOUT,
        )
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        raise PinterestConnectionError(
            f"Could not reach Pinterest's token endpoint ({type(exc).__name__}); the request was not sent, "
            "nothing was changed."
        ) from None
    except httpx.TransportError as exc:
        if form.get("grant_type") == "refresh_token":
            raise RefreshInterruptedError(type(exc).__name__) from None
        raise PinterestConnectionError(
            f"The token endpoint did not answer ({type(exc).__name__}); the request may have reached Pinterest.",
            maybe_sent=True,
        ) from None
    if response.status_code < 400:
        try:
            body = response.json()
        except ValueError:
            body = None
        return TokenResponse.from_json(body)
    code, message = _error_message(response)
    # Defence in depth: an error message echoing what we sent must not carry it further.
    message = redact(message, (basic_credentials(app_id, app_secret), app_secret, *secret_values))[:500]
    request_id = response.headers.get("x-pinterest-rid")
    if response.status_code in (400, 401):
        raise rejected(response.status_code, code, message, request_id=request_id)
    raise error_for(response.status_code, {"code": code, "message": message}, request_id=request_id)


async def exchange_code(
    http: httpx.AsyncClient,
    token_url: str,
    app_id: str,
    app_secret: str,
    code: str,
    redirect_uri: str,
    *,
    continuous_refresh: bool = True,
) -> TokenResponse:
    """Trade an authorization code for tokens (`grant_type=authorization_code`).

    `continuous_refresh=true` is harmless for new apps and required by apps created before 2025-09-25
    to get rotating 60-day refresh tokens instead of the retired 365-day hard-limit ones.
    """
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    if continuous_refresh:
        form["continuous_refresh"] = "true"
    return await _post_token(http, token_url, app_id, app_secret, form, CodeExchangeError, (code,))


async def refresh(
    http: httpx.AsyncClient, token_url: str, app_id: str, app_secret: str, refresh_token: str
) -> TokenResponse:
    """A new access token AND a new refresh token; persist both before using either.

    Not retried on a server error: Pinterest may already have rotated the refresh token.
    """
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return await _post_token(http, token_url, app_id, app_secret, form, RefreshRejectedError, (refresh_token,))


def authorize_url(app_id: str, redirect_uri: str, scopes: Iterable[str], state: str, base: str = AUTHORIZE_URL) -> str:
    """The Pinterest consent page URL; scopes are comma-separated as Pinterest expects."""
    query = urlencode(
        {
            "client_id": app_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": ",".join(scopes),
            "state": state,
        }
    )
    return f"{base}{'&' if '?' in base else '?'}{query}"


def scopes_for(operations: Iterable[Operation]) -> tuple[str, ...]:
    """Every scope the given operations need, sorted, plus the `*_secret` twins that reach secret boards."""
    scopes = {scope for op in operations for scope in op.scopes}
    scopes |= {secret for public, secret in SECRET_SCOPES.items() if public in scopes}
    return tuple(sorted(scopes))


# ---- the one-shot callback listener -------------------------------------------------------------

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pinterest-mcp</title></head>
<body style="font-family: sans-serif; max-width: 36em; margin: 4em auto">
<h1>{title}</h1><p>{text}</p></body></html>
"""


@dataclass
class _Outcome:
    code: str | None = None
    error: LoginError | None = None


class _CallbackReceiver:
    """Answers HTTP GETs on the listener; the first request to the callback path decides the outcome."""

    def __init__(self, path: str, state: str) -> None:
        self.path = path
        self.state = state
        self.outcome: _Outcome | None = None
        self.done = anyio.Event()

    async def handle(self, stream: anyio.abc.SocketStream) -> None:
        try:
            async with stream:
                head = b""
                with anyio.move_on_after(_CONNECTION_TIMEOUT):
                    head = await _read_head(stream)
                if not head:
                    return
                status, title, text, outcome = self._route(head)
                await stream.send(_response(status, title, text))
        except (anyio.EndOfStream, anyio.BrokenResourceError, anyio.ClosedResourceError, OSError):
            return  # a browser giving up on one connection must not end the login
        if outcome is not None and self.outcome is None:
            # Set only after the page went out, so shutting down cannot cut the browser's answer short.
            self.outcome = outcome
            self.done.set()

    def _route(self, head: bytes) -> tuple[int, str, str, _Outcome | None]:
        try:
            method, target, _ = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
        except ValueError:
            return 400, "Bad request", "This listener only answers the Pinterest sign-in callback.", None
        url = urlsplit(target)
        if url.path != self.path:
            return 404, "Not found", "This listener only answers the Pinterest sign-in callback.", None
        if method != "GET":
            return 405, "Method not allowed", "The sign-in callback is a GET request.", None
        if self.outcome is not None:
            return 409, "Already handled", "This sign-in has already been answered; you can close this tab.", None
        query = {key: values[0] for key, values in parse_qs(url.query, keep_blank_values=True).items()}
        return _judge(query, self.state)


def _judge(query: Mapping[str, str], state: str) -> tuple[int, str, str, _Outcome]:
    """What one callback means; an error wins over the state check since neither exchanges a code."""
    error = query.get("error")
    if error:
        detail = _printable(query.get("error_description") or error)
        if error == "access_denied":
            exc: LoginError = LoginDeniedError(
                "Access was denied on the Pinterest consent page; no tokens were issued. "
                "Run `pinterest-mcp auth login` again and choose Give access to connect."
            )
        else:
            exc = LoginError(f"Pinterest reported a sign-in error ({_printable(error)}: {detail}); no tokens issued.")
        return (
            200,
            "Sign-in cancelled",
            f"Pinterest said: {detail}. You can close this tab.",
            _Outcome(error=exc),
        )
    if not secrets.compare_digest(query.get("state", "").encode(), state.encode()):
        exc = LoginStateError(
            "The sign-in callback carried the wrong state (a stale tab or a forged request), so its code was "
            "not used. Run `pinterest-mcp auth login` again and finish the sign-in in the tab it opens."
        )
        return (
            400,
            "Sign-in not accepted",
            "This response does not belong to the sign-in in progress.",
            _Outcome(error=exc),
        )
    code = query.get("code")
    if not code:
        exc = LoginError("The sign-in callback carried no authorization code; run `pinterest-mcp auth login` again.")
        return 400, "Sign-in incomplete", "Pinterest sent no authorization code.", _Outcome(error=exc)
    return 200, "Pinterest access granted", "You can close this tab and return to the terminal.", _Outcome(code=code)


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:200]


async def _read_head(stream: anyio.abc.SocketStream) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data and len(data) < _MAX_REQUEST_HEAD:
        data += await stream.receive(4096)
    return data


def _response(status: int, title: str, text: str) -> bytes:
    reasons = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict"}
    body = _PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
    head = (
        f"HTTP/1.1 {status} {reasons.get(status, 'Error')}\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Cache-Control: no-store\r\n"
        "Referrer-Policy: no-referrer\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body


def _check_loopback(host: str) -> None:
    """The callback carries a live authorization code: it must never be reachable from the network."""
    if not is_loopback(host):
        raise ValueError(f"the OAuth callback listener only binds to loopback, not {host!r}")


def _uri_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


Opener = Callable[[str], object]


async def _run_opener(open_browser: Opener | None, url: str) -> None:
    if open_browser is None:
        print(f"Open this URL in a browser to sign in to Pinterest:\n{url}", file=sys.stderr, flush=True)
        return
    if inspect.iscoroutinefunction(open_browser):
        result: object = await open_browser(url)
    else:
        # webbrowser.open can block (a console browser runs until it exits): keep it off the event loop.
        result = await anyio.to_thread.run_sync(open_browser, url, abandon_on_cancel=True)
        if inspect.isawaitable(result):
            result = await result
    if result is False:  # webbrowser.open found no browser: the user still needs the URL
        print(f"Could not open a browser; open this URL to sign in to Pinterest:\n{url}", file=sys.stderr, flush=True)


async def _wait_for_callback(
    listener: anyio.abc.Listener[anyio.abc.SocketStream],
    receiver: _CallbackReceiver,
    open_browser: Opener | None,
    url: str,
    timeout: float,
) -> BaseException | None:
    """Serve until one callback decided or the timeout passed; returns instead of raising, see below.

    Nothing is raised inside the task groups, so a failure surfaces as itself rather than wrapped in
    an ExceptionGroup, and always after the listener is closed.
    """
    problem: BaseException | None = None
    opener_done = anyio.Event()

    async def opener() -> None:
        nonlocal problem
        try:
            await _run_opener(open_browser, url)
        except Exception as exc:
            problem = exc
            receiver.done.set()
        finally:
            opener_done.set()

    deadline = anyio.current_time() + timeout
    async with anyio.create_task_group() as outer:
        outer.start_soon(opener)
        with anyio.move_on_at(deadline) as waiting:
            async with listener, anyio.create_task_group() as server:
                server.start_soon(listener.serve, receiver.handle)
                await receiver.done.wait()
                server.cancel_scope.cancel()
        if waiting.cancelled_caught and receiver.outcome is None:
            problem = problem or LoginTimeoutError(
                f"No sign-in arrived within {timeout:g} s. Run `pinterest-mcp auth login` again and finish the "
                "Pinterest consent page in time (with --no-browser, open the printed URL yourself)."
            )
        if receiver.outcome is not None:
            # A console or simulated browser may still be reading our page: let it finish, within the bound.
            with anyio.move_on_at(min(deadline, anyio.current_time() + _OPENER_GRACE)):
                await opener_done.wait()
        outer.cancel_scope.cancel()
    return problem


async def login(
    *,
    app_id: str,
    app_secret: str,
    token_url: str = TOKEN_URL,
    scopes: Iterable[str],
    open_browser: Opener | None,
    port: int = 0,
    host: str = "127.0.0.1",
    timeout: float = 300.0,
    http: httpx.AsyncClient,
    callback_path: str = CALLBACK_PATH,
    authorize_base: str = AUTHORIZE_URL,
    continuous_refresh: bool = True,
) -> TokenResponse:
    """Sign in through the browser and return the tokens (the caller persists them).

    `open_browser(url)` shows the consent page: `webbrowser.open`, a print function for `--no-browser`,
    or a coroutine function; None prints the URL to stderr. The redirect URI is
    `http://<host>:<port><callback_path>`; `port=0` picks a free port, which only works if Pinterest
    accepts that URI for the app, so real use passes a registered fixed port.
    """
    _check_loopback(host)
    state = secrets.token_urlsafe(32)
    try:
        listener = await anyio.create_tcp_listener(local_host=host, local_port=port)
    except OSError as exc:
        raise LoginError(
            f"Could not listen on {host}:{port} for the sign-in callback ({exc.strerror or type(exc).__name__}); "
            "free that port or choose another with --port (and register its redirect URI with the app)."
        ) from None
    bound_port = listener.extra(anyio.abc.SocketAttribute.local_port)
    redirect_uri = f"http://{_uri_host(host)}:{bound_port}{callback_path}"
    receiver = _CallbackReceiver(callback_path, state)
    url = authorize_url(app_id, redirect_uri, scopes, state, base=authorize_base)
    problem = await _wait_for_callback(listener, receiver, open_browser, url, timeout)
    outcome = receiver.outcome
    if outcome is not None and outcome.error is not None:
        raise outcome.error
    if problem is not None or outcome is None or not outcome.code:
        raise problem or LoginError("No sign-in callback arrived; run `pinterest-mcp auth login` again.")
    return await exchange_code(
        http, token_url, app_id, app_secret, outcome.code, redirect_uri, continuous_refresh=continuous_refresh
    )
