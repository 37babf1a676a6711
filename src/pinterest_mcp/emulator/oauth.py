"""Pinterest's OAuth 2.0 token endpoints, for end-to-end tests of login, refresh and revocation.

``Emulator(oauth=True)`` owns one ``OAuthServer`` (``emu.oauth``) and then serves:

- ``GET /oauth/`` (outside ``/v5``, like ``www.pinterest.com/oauth/``): the browser consent step.
  It approves at once and 302-redirects to ``redirect_uri?code=...&state=...``. The emulator has
  more than one Pinterest user (``story.PERSONAS``): ``user=<username>`` picks who signs in (the
  first, the story's own user, when absent), and every token of that sign-in is bound to them.
- ``POST /v5/oauth/token``: ``authorization_code``, ``refresh_token`` (with rotation) and
  ``client_credentials`` grants, form-encoded, the app authenticated by HTTP Basic.
- ``POST /v5/oauth/token/revoke``: revokes an access or refresh token.

API routes then take only live access tokens this server issued, and only when the token holds
every scope the operation needs (``ROUTE_SCOPES``, made with the routes from the resource table;
a test checks it against the spec's security requirements).

Error answers, in Pinterest's ``{code, message}`` shape:

- app credentials wrong or missing, unknown/expired/revoked access token: 401, code 2;
- code or refresh token unknown, expired, already used, revoked, for another app or (code) for
  another ``redirect_uri``: 401, code 283, as Pinterest answers a bad grant;
- token without a scope the operation needs: 401, code 3 (``scope_error_status`` to change it);
- a missing or malformed form field: 400, code 1 naming the field.

Time comes from ``clock`` (default ``time.time``) plus whatever ``advance()`` added, so a test
can expire tokens without sleeping. Tokens are drawn from a seeded generator: reproducible, not
secret, which is fine for a fake that binds to loopback.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import random
import re
import string
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from pinterest_mcp.emulator.http.errors import (
    AUTHENTICATION_FAILED,
    INSUFFICIENT_SCOPE,
    INVALID_GRANT,
    NOT_PERMITTED,
    ApiError,
    invalid,
)
from pinterest_mcp.emulator.http.routes import ROUTE_SCOPES as ROUTE_SCOPES
from pinterest_mcp.emulator.seed.story import PERSONAS

DEFAULT_APP_ID = "1234567"
DEFAULT_APP_SECRET = "emulator-secret"
ACCESS_TOKEN_TTL = 30 * 24 * 3600
REFRESH_TOKEN_TTL = 60 * 24 * 3600
CODE_TTL = 10 * 60
AUTHORIZE_PATH = "/oauth/"
TOKEN_PATH = "/oauth/token"
REVOKE_PATH = "/oauth/token/revoke"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
USER_PARAMETER = "user"
USERS: tuple[str, ...] = tuple(persona.username for persona in PERSONAS)
DEFAULT_USER = USERS[0]

ACCESS_TOKEN = "access_token"
REFRESH_TOKEN = "refresh_token"
GRANT_TYPES = ("authorization_code", "refresh_token", "client_credentials")

# The 19 scopes of the spec's pinterest_oauth2 scheme.
ALL_SCOPES: tuple[str, ...] = (
    "ads:read",
    "ads:write",
    "billing:read",
    "billing:write",
    "biz_access:read",
    "biz_access:write",
    "boards:read",
    "boards:read_secret",
    "boards:write",
    "boards:write_secret",
    "catalogs:read",
    "catalogs:write",
    "msot:write",
    "pins:read",
    "pins:read_secret",
    "pins:write",
    "pins:write_secret",
    "user_accounts:read",
    "user_accounts:write",
)

_TOKEN_ALPHABET = string.ascii_letters + string.digits
_SCOPE_SEPARATORS = re.compile(r"[,\s]+")


@dataclass(frozen=True)
class App:
    """A registered Pinterest app. ``redirect_uris`` None accepts any redirect URI."""

    app_id: str
    app_secret: str
    redirect_uris: frozenset[str] | None = None


@dataclass
class Token:
    """An issued access or refresh token.

    ``grant`` numbers the authorization it descends from: a code exchange and every refresh after
    it share one, so revoking a refresh token can end the whole chain. ``user`` is the Pinterest
    user who signed in (an app's own client-credentials token acts as the first user). ``ended`` is None while
    the token has not been revoked or (refresh tokens) rotated away; expiry is checked apart.
    """

    value: str
    kind: str
    app_id: str
    scopes: tuple[str, ...]
    issued_at: float
    expires_at: float
    grant: int
    grant_type: str
    user: str = DEFAULT_USER
    ended: str | None = None


@dataclass
class _Code:
    app_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    expires_at: float
    user: str = DEFAULT_USER
    used: bool = False


@dataclass(eq=False)
class OAuthServer:
    """In-memory Pinterest OAuth: registered apps, authorization codes and issued tokens.

    Attributes tests read or set:

    - ``token_requests``: the ``grant_type`` of every request that reached ``POST /oauth/token``
      (including refused ones; ``""`` when absent), in order. Injected faults pre-empt the
      handler, so a faulted request is in ``Emulator.requests`` but not here.
    - ``tokens``: every issued token by value.
    - ``approve_authorizations``: whether the browser step approves (else it redirects with
      ``error=access_denied``).
    - ``scope_error_status``: HTTP status of the missing-scope answer (code 3).
    """

    access_token_ttl: int = ACCESS_TOKEN_TTL
    refresh_token_ttl: int = REFRESH_TOKEN_TTL
    code_ttl: int = CODE_TTL
    clock: Callable[[], float] = time.time
    seed: int = 0
    register_default_app: bool = True
    approve_authorizations: bool = True
    scope_error_status: int = 401
    apps: dict[str, App] = field(default_factory=dict)
    tokens: dict[str, Token] = field(default_factory=dict)
    token_requests: list[str] = field(default_factory=list)
    _codes: dict[str, _Code] = field(default_factory=dict, repr=False)
    _offset: float = field(default=0.0, repr=False)
    _grants: itertools.count[int] = field(default_factory=lambda: itertools.count(1), repr=False)
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(f"pinterest-emulator-oauth:{self.seed}")
        if self.register_default_app:
            self.register_app(DEFAULT_APP_ID, DEFAULT_APP_SECRET)

    # ----- test controls -------------------------------------------------------------------

    def register_app(self, app_id: str, app_secret: str, redirect_uris: Iterable[str] | None = None) -> App:
        """Register (or replace) an app's credentials; ``redirect_uris`` None allows any URI."""
        app = App(app_id, app_secret, None if redirect_uris is None else frozenset(redirect_uris))
        self.apps[app_id] = app
        return app

    def now(self) -> float:
        """The server's time in epoch seconds: ``clock()`` plus everything ``advance`` added."""
        return self.clock() + self._offset

    def advance(self, delta: float | timedelta) -> None:
        """Move the server's time forward (seconds or a timedelta), e.g. past a token's expiry."""
        self._offset += delta.total_seconds() if isinstance(delta, timedelta) else float(delta)

    def authorize(
        self,
        client_id: str,
        redirect_uri: str,
        scope: str | Iterable[str],
        state: str | None = None,
        *,
        approve: bool | None = None,
        user: str | None = None,
    ) -> str:
        """The user's consent in the browser: the URL Pinterest would redirect to.

        ``scope`` is comma- or space-separated (or a list); the code carries exactly those
        scopes, and ``user`` (default: the first) signs in. ``approve`` (default
        ``approve_authorizations``) False yields ``error=access_denied``. Raises ``ValueError``
        for an unknown app, user, an unregistered redirect URI or an unknown scope, where
        Pinterest shows an error page instead.
        """
        signed_in = _known_user(user)
        app = self.apps.get(client_id)
        if app is None:
            raise ValueError(f"Unknown client_id {client_id!r}.")
        if not redirect_uri or (app.redirect_uris is not None and redirect_uri not in app.redirect_uris):
            raise ValueError(f"redirect_uri {redirect_uri!r} is not registered for app {client_id}.")
        scopes = parse_scopes(scope)
        if not scopes:
            raise ValueError("scope is required.")
        extra: dict[str, str] = {"state": state} if state is not None else {}
        if not (self.approve_authorizations if approve is None else approve):
            return _with_query(redirect_uri, {"error": "access_denied", **extra})
        code = self._new_value("", 40)
        self._codes[code] = _Code(client_id, redirect_uri, scopes, self.now() + self.code_ttl, signed_in)
        return _with_query(redirect_uri, {"code": code, **extra})

    def issue_tokens(
        self, scopes: str | Iterable[str] = ALL_SCOPES, app_id: str = DEFAULT_APP_ID, *, user: str | None = None
    ) -> dict[str, Any]:
        """Mint an access + refresh token pair as a code exchange would, without the HTTP round trip.

        ``user`` (default: the first) is who the tokens act for. Returns the token response body;
        not counted in ``token_requests``.
        """
        if app_id not in self.apps:
            raise ValueError(f"Unknown app {app_id!r}.")
        grant = next(self._grants)
        return self._respond(app_id, parse_scopes(scopes), "authorization_code", grant, _known_user(user), refresh=True)

    def revoke_all(self, app_id: str | None = None, *, user: str | None = None) -> int:
        """Revoke every access and refresh token (of one app, one user, or all): the user removed the app.

        Returns how many tokens it revoked (those not revoked or rotated already, expired included).
        """
        ended = 0
        for token in self.tokens.values():
            if (
                token.ended is None
                and (app_id is None or token.app_id == app_id)
                and (user is None or token.user == user)
            ):
                token.ended = "revoked"
                ended += 1
        return ended

    def is_live(self, value: str, kind: str = ACCESS_TOKEN) -> bool:
        """Whether ``value`` is an unexpired, unrevoked token of ``kind``."""
        return self._live(value, kind) is not None

    def user_of(self, value: str) -> str:
        """The Pinterest user a live access token acts for; ``LookupError`` for any other token."""
        token = self._live(value, ACCESS_TOKEN)
        if token is None:
            raise LookupError("not a live access token")
        return token.user

    # ----- what the app and the gate call --------------------------------------------------

    def check_bearer(self, token: str, method: str, template: str | None) -> ApiError | None:
        """Why an API request with this bearer token must be refused, if it must."""
        live = self._live(token, ACCESS_TOKEN)
        if live is None:
            return ApiError(401, AUTHENTICATION_FAILED, "Authentication failed.")
        needed = ROUTE_SCOPES.get((method, template or ""), ())
        missing = [scope for scope in needed if scope not in live.scopes]
        if missing:
            message = (
                f"The access token lacks the OAuth scope(s) this operation needs: {', '.join(missing)} "
                f"(needs {', '.join(needed)}; the token has {', '.join(live.scopes) or 'none'})."
            )
            return ApiError(self.scope_error_status, INSUFFICIENT_SCOPE, message)
        return None

    def authenticate_app(self, headers: Headers) -> App:
        """The app named by HTTP Basic ``app_id:app_secret``; 401 code 2 otherwise."""
        scheme, _, encoded = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic":
            try:
                app_id, colon, secret = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                colon = ""
            if colon:
                app = self.apps.get(app_id)
                if app is not None and app.app_secret == secret:
                    return app
        raise ApiError(401, AUTHENTICATION_FAILED, "Authentication failed.")

    def exchange(self, app: App, form: dict[str, str]) -> dict[str, Any]:
        """Answer a token request whose app is already authenticated."""
        grant_type = required(form, "grant_type")
        if grant_type == "authorization_code":
            return self._exchange_code(app, required(form, "code"), required(form, "redirect_uri"))
        if grant_type == "refresh_token":
            return self._refresh(app, required(form, "refresh_token"), form.get("scope"))
        if grant_type == "client_credentials":
            scopes = _scopes_or_400(required(form, "scope"))
            grant = next(self._grants)
            return self._respond(app.app_id, scopes, "client_credentials", grant, DEFAULT_USER, refresh=False)
        raise invalid(f"grant_type must be one of {', '.join(GRANT_TYPES)}; got {grant_type!r}.")

    def revoke(self, app: App, value: str, hint: str | None) -> None:
        """Revoke a token (a refresh token ends its whole grant). Unknown tokens are ignored."""
        if hint is not None and hint not in (ACCESS_TOKEN, REFRESH_TOKEN):
            raise invalid(f"token_type_hint must be access_token or refresh_token; got {hint!r}.")
        token = self.tokens.get(value)
        if token is None:
            return
        if token.app_id != app.app_id:
            raise ApiError(403, NOT_PERMITTED, "This app may not revoke a token issued to another app.")
        if token.kind == REFRESH_TOKEN:
            for other in self.tokens.values():
                if other.grant == token.grant and other.ended is None:
                    other.ended = "revoked"
        elif token.ended is None:
            token.ended = "revoked"

    # ----- internals -----------------------------------------------------------------------

    def _exchange_code(self, app: App, code: str, redirect_uri: str) -> dict[str, Any]:
        issued = self._codes.get(code)
        if (
            issued is None
            or issued.used
            or issued.app_id != app.app_id
            or issued.redirect_uri != redirect_uri
            or self.now() >= issued.expires_at
        ):
            raise _invalid_grant("authorization code")
        issued.used = True
        grant = next(self._grants)
        return self._respond(app.app_id, issued.scopes, "authorization_code", grant, issued.user, refresh=True)

    def _refresh(self, app: App, value: str, scope: str | None) -> dict[str, Any]:
        old = self._live(value, REFRESH_TOKEN)
        if old is None or old.app_id != app.app_id:
            raise _invalid_grant("refresh token")
        scopes = old.scopes
        if scope is not None and scope.strip():
            scopes = _scopes_or_400(scope)
            beyond = [s for s in scopes if s not in old.scopes]
            if beyond:
                raise invalid(f"scope asks for {', '.join(beyond)}, which the user never granted.")
        old.ended = "rotated"
        return self._respond(
            app.app_id, scopes, "refresh_token", old.grant, old.user, refresh=True, refresh_scopes=old.scopes
        )

    def _respond(
        self,
        app_id: str,
        scopes: tuple[str, ...],
        response_type: str,
        grant: int,
        user: str,
        *,
        refresh: bool,
        refresh_scopes: tuple[str, ...] | None = None,
    ) -> dict[str, Any]:
        now = self.now()
        access = self._mint(ACCESS_TOKEN, app_id, scopes, now, self.access_token_ttl, grant, response_type, user)
        body: dict[str, Any] = {
            "access_token": access.value,
            "token_type": "bearer",
            "expires_in": int(self.access_token_ttl),
            "scope": ",".join(scopes),
        }
        if refresh:
            kept = scopes if refresh_scopes is None else refresh_scopes
            renewal = self._mint(REFRESH_TOKEN, app_id, kept, now, self.refresh_token_ttl, grant, response_type, user)
            body |= {
                "refresh_token": renewal.value,
                "refresh_token_expires_in": int(self.refresh_token_ttl),
                "refresh_token_expires_at": int(renewal.expires_at),
            }
        body["response_type"] = response_type
        return body

    def _mint(
        self,
        kind: str,
        app_id: str,
        scopes: tuple[str, ...],
        now: float,
        ttl: int,
        grant: int,
        grant_type: str,
        user: str,
    ) -> Token:
        prefix = "pina_" if kind == ACCESS_TOKEN else "pinr."
        value = self._new_value(prefix, 64)
        token = Token(value, kind, app_id, scopes, now, now + ttl, grant, grant_type, user)
        self.tokens[token.value] = token
        return token

    def _new_value(self, prefix: str, length: int) -> str:
        while True:
            value = prefix + "".join(self._rng.choices(_TOKEN_ALPHABET, k=length))
            if value not in self.tokens and value not in self._codes:
                return value

    def _live(self, value: str, kind: str) -> Token | None:
        token = self.tokens.get(value)
        if token is None or token.kind != kind or token.ended is not None or self.now() >= token.expires_at:
            return None
        return token


def parse_scopes(value: str | Iterable[str]) -> tuple[str, ...]:
    """Scopes from a comma/space-separated string or an iterable, deduplicated in order.

    Raises ``ValueError`` naming an unknown scope.
    """
    items = _SCOPE_SEPARATORS.split(value.strip()) if isinstance(value, str) else list(value)
    scopes = tuple(dict.fromkeys(item for item in items if item))
    unknown = [scope for scope in scopes if scope not in ALL_SCOPES]
    if unknown:
        raise ValueError(f"Unknown OAuth scope(s): {', '.join(unknown)}.")
    return scopes


def _known_user(user: str | None) -> str:
    """``user`` when it names one of the emulator's Pinterest users (None: the first); ``ValueError`` naming them."""
    if user is None or user == "":
        return DEFAULT_USER
    if user not in USERS:
        raise ValueError(f"{USER_PARAMETER} must be one of {', '.join(USERS)}; got {user!r}.")
    return user


def required(form: dict[str, str], name: str) -> str:
    """A non-empty form field, or 400 code 1 naming it."""
    value = form.get(name, "")
    if not value:
        raise invalid(f"{name} is required.")
    return value


def _scopes_or_400(value: str) -> tuple[str, ...]:
    try:
        scopes = parse_scopes(value)
    except ValueError as exc:
        raise invalid(f"scope: {exc}") from None
    if not scopes:
        raise invalid("scope is required.")
    return scopes


def _invalid_grant(what: str) -> ApiError:
    return ApiError(401, INVALID_GRANT, f"The {what} is invalid, expired, revoked or already used.")


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def _server(request: Request) -> OAuthServer:
    server: OAuthServer = request.app.state.oauth
    return server


async def _form(request: Request) -> dict[str, str] | None:
    """The url-encoded body as a dict (the last value of a repeated field wins); None if not a form."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != FORM_CONTENT_TYPE:
        return None
    text = (await request.body()).decode("utf-8", errors="replace")
    return dict(parse_qsl(text, keep_blank_values=True))


def _form_or_400(form: dict[str, str] | None) -> dict[str, str]:
    if form is None:
        raise invalid(f"Content-Type must be {FORM_CONTENT_TYPE}.")
    return form


async def token_endpoint(request: Request) -> Response:
    """``POST /v5/oauth/token``: exchange a code, refresh (rotating the refresh token), or mint a client token."""
    server = _server(request)
    form = await _form(request)
    server.token_requests.append((form or {}).get("grant_type", ""))
    app = server.authenticate_app(request.headers)
    body = server.exchange(app, _form_or_400(form))
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


async def revoke_endpoint(request: Request) -> Response:
    """``POST /v5/oauth/token/revoke``: 200 with no body, whether or not the token was known."""
    server = _server(request)
    form = await _form(request)
    app = server.authenticate_app(request.headers)
    form = _form_or_400(form)
    server.revoke(app, required(form, "token"), form.get("token_type_hint") or None)
    return Response(status_code=200)


async def authorize_page(request: Request) -> Response:
    """``GET /oauth/``: the consent page, approved at once as ``user`` (default the first): a 302 to redirect_uri."""
    query = request.query_params
    if query.get("response_type") != "code":
        raise invalid("response_type must be 'code'.")
    try:
        location = _server(request).authorize(
            query.get("client_id", ""),
            query.get("redirect_uri", ""),
            query.get("scope", ""),
            query.get("state"),
            user=query.get(USER_PARAMETER),
        )
    except ValueError as exc:
        raise invalid(str(exc)) from None
    return RedirectResponse(location, status_code=302)


# (method, path below /v5, handler) for the API-side endpoints; the consent page sits outside /v5.
ROUTES = [("POST", TOKEN_PATH, token_endpoint), ("POST", REVOKE_PATH, revoke_endpoint)]
UNAUTHENTICATED_TEMPLATES = frozenset({TOKEN_PATH, REVOKE_PATH, AUTHORIZE_PATH})
