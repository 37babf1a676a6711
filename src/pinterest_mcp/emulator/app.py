"""The ``Emulator``: seeded store + Starlette app + request log + fault injection.

The routes come from ``routes`` (the resource table plus a few hand-written ones). Every request
passes a gate before routing: it is recorded (the log keeps the last 1,000 unless told otherwise;
see ``request_log``), then answered by a pending injected fault if one matches, then rejected with
401 unless it carries a bearer token. Only then does the route handler run. Faults are checked
before authentication so a test can force any response. The route then checks the query against
its operation's spec parameters (``query``) before its handler runs. Bulk writes (ads, keywords) can also be
made to fail item by item (``inject_item_exception``), the partial failure Pinterest answers with
HTTP 200. Faults drawn at a seeded rate, network ones included (dropped connections, timeouts,
slow or garbled answers), come from ``faults`` through ``Emulator.transport(profile)``.

With ``oauth=True`` the emulator also serves Pinterest's OAuth endpoints (see ``oauth``), which
authenticate the app themselves, and the gate accepts only live access tokens it issued that hold
the scopes the route needs. Each token acts for the Pinterest user who signed in: the gate hands
the route that user's data (``users``), and a path or query naming another user's ad account is
refused as Pinterest refuses an account you cannot access (403, code 29).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Match, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pinterest_mcp.emulator.http.bulk import ItemFault
from pinterest_mcp.emulator.http.errors import (
    AUTHENTICATION_FAILED,
    INVALID_PARAMETER,
    NOT_PERMITTED,
    ApiError,
    default_error_body,
    error_response,
)
from pinterest_mcp.emulator.http.lookup import USER_STORE
from pinterest_mcp.emulator.http.request_log import DEFAULT_LIMIT, RecordedRequest, RequestLog
from pinterest_mcp.emulator.http.routes import ENDPOINTS
from pinterest_mcp.emulator.http.state import Store
from pinterest_mcp.emulator.kinds.resources import BULK_KINDS
from pinterest_mcp.emulator.oauth import AUTHORIZE_PATH, UNAUTHENTICATED_TEMPLATES, OAuthServer, authorize_page
from pinterest_mcp.emulator.oauth import ROUTES as OAUTH_ROUTES
from pinterest_mcp.emulator.routes import uploads
from pinterest_mcp.emulator.routes.reports import DOWNLOAD_PREFIX, download_report
from pinterest_mcp.emulator.seed.seed import build_store
from pinterest_mcp.emulator.seed.story import PERSONAS

if TYPE_CHECKING:
    import httpx

    from pinterest_mcp.emulator.http.faults import FaultProfile

API_PREFIX = "/v5"
DEFAULT_SEED = 7
__all__ = ["API_PREFIX", "DEFAULT_SEED", "Emulator", "Fault", "RecordedRequest"]


@dataclass
class Fault:
    """A canned response for the next ``remaining`` requests matching ``method`` and ``path``."""

    method: str
    path: str
    status: int
    body: Any
    headers: dict[str, str]
    remaining: int

    def matches(self, method: str, path: str, template: str | None) -> bool:
        """``"*"`` matches anything; ``path`` may be a route template or a concrete path."""
        return self.method in ("*", method) and self.path in ("*", path, template)


def _utc_today() -> date:
    return datetime.now(UTC).date()


def _below_prefix(path: str) -> str:
    return path[len(API_PREFIX) :] if path.startswith(API_PREFIX + "/") else path


class Emulator:
    """A stateful in-memory fake of the Pinterest v5 REST API.

    ``accept_token`` decides which bearer tokens are valid (None accepts any non-empty token);
    ``today`` supplies the date analytics windows and storylines are anchored to (default: the
    real UTC date); ``clock`` the Unix time writes stamp on what they create or change (default:
    ``time.time``). The same ``seed`` always produces byte-identical data, and the same writes
    under the same ``clock`` the same ids and bodies. The seed dates its paused entities' pauses
    back from ``today`` as it is at construction.

    ``requests`` is the request log: the last ``request_log_limit`` requests (default 1,000), with
    ``requests.total`` counting every one.

    ``oauth`` True (or an ``OAuthServer`` configured with lifetimes and a clock) serves the OAuth
    endpoints and enforces the tokens they issue; it excludes ``accept_token``. Off by default,
    and then no OAuth route exists and any non-empty bearer token is accepted, always for the first
    user. ``state`` is the first user's data, the one the emulator has always served; ``users``
    every user's, built on first use.
    """

    def __init__(
        self,
        seed: int = DEFAULT_SEED,
        *,
        accept_token: Callable[[str], bool] | None = None,
        today: Callable[[], date] | None = None,
        clock: Callable[[], float] | None = None,
        oauth: bool | OAuthServer = False,
        request_log_limit: int = DEFAULT_LIMIT,
    ) -> None:
        if oauth is not False and accept_token is not None:
            raise ValueError("accept_token and oauth exclude each other: OAuth decides which tokens are live")
        today = today or _utc_today
        self.seed = seed
        self.state = build_store(seed, today())
        self._today = today
        self._stores: dict[str, Store] = {PERSONAS[0].username: self.state}
        self.requests = RequestLog(request_log_limit)
        self.faults: list[Fault] = []
        self.item_faults: list[ItemFault] = []
        self.accept_token = accept_token
        self._oauth: OAuthServer | None = OAuthServer(seed=seed) if oauth is True else None
        if isinstance(oauth, OAuthServer):
            self._oauth = oauth
        routes: list[BaseRoute] = [Route(API_PREFIX + e.path, e.serve, methods=[e.method]) for e in ENDPOINTS]
        if self._oauth is not None:
            routes += [Route(API_PREFIX + path, handler, methods=[method]) for method, path, handler in OAUTH_ROUTES]
            routes.append(Route(AUTHORIZE_PATH, authorize_page, methods=["GET"]))
        # Async report files: outside /v5 and, like Pinterest's pre-signed links, served without a token.
        routes.append(Mount(DOWNLOAD_PREFIX, routes=[Route("/{name}", download_report, methods=["GET"])]))
        # The video upload bucket and demo sample videos: outside /v5, like the bucket Pinterest names.
        routes.append(Mount(uploads.UPLOAD_PREFIX, routes=[Route("/", uploads.receive_upload, methods=["POST"])]))
        routes.append(Mount(uploads.SAMPLE_PREFIX, routes=[Route("/{name}", uploads.sample_video, methods=["GET"])]))
        self.app = Starlette(
            routes=routes,
            middleware=[Middleware(_Gate, emulator=self)],
            exception_handlers={ApiError: _api_error, HTTPException: _http_error, Exception: _server_error},
        )
        self.app.state.store = self.state
        self.app.state.seed = seed
        self.app.state.today = today
        self.app.state.clock = clock or time.time
        self.app.state.item_faults = self.item_faults
        self.app.state.oauth = self._oauth

    @property
    def users(self) -> dict[str, Store]:
        """Every Pinterest user's data by username, the first user's first (``state``)."""
        for persona in PERSONAS[1:]:
            if persona.username not in self._stores:
                self._stores[persona.username] = build_store(self.seed, self._today(), persona)
        return self._stores

    def store_for(self, username: str) -> Store:
        """One user's data (``KeyError`` for a username the emulator lacks)."""
        if username in self._stores:
            return self._stores[username]
        return self.users[username]

    @property
    def oauth_enabled(self) -> bool:
        """Whether this emulator serves OAuth and enforces its tokens."""
        return self._oauth is not None

    @property
    def oauth(self) -> OAuthServer:
        """The OAuth server; only with ``Emulator(oauth=True)`` (RuntimeError otherwise)."""
        if self._oauth is None:
            raise RuntimeError("OAuth is off for this emulator: construct it with Emulator(oauth=True)")
        return self._oauth

    def inject_fault(
        self,
        method: str = "*",
        path: str = "*",
        status: int = 500,
        body: Any = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> Fault:
        """Answer the next ``times`` matching requests with ``status`` instead of running the route.

        ``path`` is a template such as ``/ad_accounts/{ad_account_id}/campaigns`` (with or without
        ``/v5``), a concrete path, or ``"*"``. ``body`` defaults to the Pinterest error body that
        fits ``status`` (429 -> code 8).
        """
        fault = Fault(
            method=method.upper(),
            path=_below_prefix(path),
            status=status,
            body=default_error_body(status) if body is None else body,
            headers=dict(headers or {}),
            remaining=times,
        )
        self.faults.append(fault)
        return fault

    def transport(self, faults: str | FaultProfile | None = None) -> httpx.AsyncBaseTransport:
        """An in-process transport to this emulator; through a fault profile (object or name) when given.

        A named profile (``--demo-faults``) draws its faults from this emulator's seed, on real time.
        """
        from pinterest_mcp.emulator.http.faults import FaultTransport, demo_transport

        if isinstance(faults, str) or faults is None:
            return demo_transport(self.app, faults, seed=self.seed)
        return FaultTransport(self.app, faults)

    def inject_item_exception(
        self,
        kind: str,
        *,
        id: str | None = None,
        name: str | None = None,
        code: int = INVALID_PARAMETER,
        message: str = "Injected item failure.",
        times: int = 1,
    ) -> ItemFault:
        """Fail the next ``times`` bulk write items of ``kind`` with ``{code, message}``; the rest apply.

        ``kind`` is a kind written in bulk: ``"campaign"``, ``"ad_group"``, ``"ad"`` or ``"keyword"``.
        ``id`` matches update items by their ``id``, ``name`` create (or update) items by their
        ``name``; with neither, any item of that kind matches. The request still answers 200 and the
        failed item is reported the way Pinterest reports a partial failure (an exception and no
        ``data``; for keywords, an ``errors`` entry). Checked before the item's own validation.
        """
        if kind not in BULK_KINDS:
            raise ValueError(f"kind must be one of {', '.join(BULK_KINDS)}, not {kind!r}")
        fault = ItemFault(kind=kind, id=id, name=name, code=code, message=message, remaining=times)
        self.item_faults.append(fault)
        return fault

    def _template(self, scope: Scope) -> str | None:
        """The route template a request hits (a wrong-method match counts), for faults and the log."""
        partial: str | None = None
        for route in self.app.routes:
            match, _ = route.matches(scope)
            if isinstance(route, Route) and match is Match.FULL:
                return _below_prefix(route.path)
            if isinstance(route, Mount) and match is Match.FULL:  # a download link, the upload bucket
                return route.path + next((r.path for r in route.routes if isinstance(r, Route)), "")
            if isinstance(route, Route) and match is Match.PARTIAL and partial is None:
                partial = _below_prefix(route.path)
        return partial

    def _gatekeep(self, scope: Scope, body: bytes) -> Response | None:
        """Record the request; return the response that pre-empts routing, if any."""
        method, path = scope["method"], _below_prefix(scope["path"])
        template = self._template(scope)
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        self.requests.append(RecordedRequest(method, path, query, _decode(body), template))
        for fault in self.faults:
            if fault.remaining > 0 and fault.matches(method, path, template):
                fault.remaining -= 1
                return JSONResponse(fault.body, status_code=fault.status, headers=fault.headers)
        if path.startswith((DOWNLOAD_PREFIX + "/", *uploads.OPEN_PREFIXES)):
            return None  # a report download link carries its own expiry instead of a bearer token
        if self._oauth is not None and template in UNAUTHENTICATED_TEMPLATES:
            return None  # the OAuth endpoints authenticate the app (HTTP Basic) themselves
        scheme, _, token = Headers(scope=scope).get("authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or (self.accept_token and not self.accept_token(token)):
            return error_response(401, AUTHENTICATION_FAILED, "Authentication failed.")
        if self._oauth is not None:
            refusal = self._oauth.check_bearer(token, method, template)
            if refusal is not None:
                return error_response(refusal.status, refusal.code, refusal.message)
            store = self.store_for(self._oauth.user_of(token))
            scope.setdefault("state", {})[USER_STORE] = store
            account_id = self._named_ad_account(scope, query)
            if account_id and account_id not in store.ad_accounts and self._owned_elsewhere(account_id, store):
                return error_response(403, NOT_PERMITTED, "You are not permitted to access that resource.")
        return None

    def _named_ad_account(self, scope: Scope, query: list[tuple[str, str]]) -> str | None:
        """The ad account id a request names in its path, else in its query."""
        for route in self.app.routes:
            match, child = route.matches(scope)
            if isinstance(route, Route) and match is Match.FULL:
                named = child.get("path_params", {}).get("ad_account_id")
                if named:
                    return str(named)
                break
        return next((value for name, value in query if name == "ad_account_id"), None)

    def _owned_elsewhere(self, account_id: str, store: Store) -> bool:
        """Whether another user has ad account ``account_id``: an id that exists, just not for this user."""
        return any(account_id in other.ad_accounts for other in self.users.values() if other is not store)


class _Gate:
    """ASGI middleware running ``Emulator._gatekeep`` with the request body read once and replayed."""

    def __init__(self, app: ASGIApp, emulator: Emulator) -> None:
        self.app = app
        self.emulator = emulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        response = self.emulator._gatekeep(scope, body)
        if response is not None:
            await response(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body", False):
            return b"".join(chunks)


def _decode(body: bytes) -> Any:
    if not body:
        return None
    text = body.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


async def _api_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    path = _below_prefix(request.url.path)
    if exc.status_code == 404:
        message = f"Unknown route: {request.method} {path}."
    elif exc.status_code == 405:
        message = f"Method {request.method} is not allowed on {path}."
    else:
        message = exc.detail
    return error_response(exc.status_code, exc.status_code, message, headers=dict(exc.headers or {}))


async def _server_error(_: Request, exc: Exception) -> Response:
    return error_response(500, 500, f"Emulator error: {type(exc).__name__}.")
