"""OAuth against a mocked Pinterest token endpoint, and the browser login over a real loopback socket.

The token endpoint is respx (no network). In the login tests a simulated browser, the `open_browser`
callback, reads the authorize URL and GETs the redirect URI over a real 127.0.0.1 socket; respx is
either the `http` client's transport only, or global with a pass-through route for 127.0.0.1.
"""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import respx

from pinterest_mcp.api.errors import (
    AuthenticationError,
    PinterestConnectionError,
    RateLimitError,
    ServerError,
)
from pinterest_mcp.auth.credentials import Credentials
from pinterest_mcp.auth.oauth import (
    TOKEN_URL,
    CodeExchangeError,
    LoginDeniedError,
    LoginError,
    LoginStateError,
    LoginTimeoutError,
    RefreshInterruptedError,
    RefreshRejectedError,
    TokenResponse,
    authorize_url,
    exchange_code,
    login,
    refresh,
    scopes_for,
    token_url_for,
)
from pinterest_mcp.operations import all_operations, by_name

pytestmark = pytest.mark.anyio

APP_ID = "1484999"
APP_SECRET = "app_CANARY_SECRET_789"
CODE = "code_CANARY_abc"
OLD_REFRESH = "pinr_CANARY_OLD_REFRESH"
NEW_ACCESS = "pina_CANARY_SECRET_123"
NEW_REFRESH = "pinr_CANARY_NEW_REFRESH"
SECRETS = (APP_SECRET, CODE, OLD_REFRESH, NEW_ACCESS, NEW_REFRESH)
NOW = 1_750_000_000.0
REDIRECT = "http://127.0.0.1:8085/callback"


def token_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "access_token": NEW_ACCESS,
        "token_type": "bearer",
        "expires_in": 2_592_000,
        "scope": "ads:read,boards:read,pins:read",
        "refresh_token": NEW_REFRESH,
        "refresh_token_expires_in": 5_184_000,
        "refresh_token_expires_at": int(NOW) + 5_184_000 - 7,
        "response_type": "refresh_token",
    }
    return body | overrides


def form_of(request: httpx.Request) -> dict[str, str]:
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    return {k: v[0] for k, v in parse_qs(request.content.decode(), keep_blank_values=True).items()}


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


# ---- token endpoint ----------------------------------------------------------------------------


@respx.mock
async def test_exchange_code_sends_basic_auth_and_the_exact_form(http: httpx.AsyncClient) -> None:
    route = respx.post(TOKEN_URL).mock(return_value=httpx.Response(200, json=token_body()))
    tokens = await exchange_code(http, TOKEN_URL, APP_ID, APP_SECRET, CODE, REDIRECT)
    request = route.calls.last.request
    assert request.headers["authorization"] == "Basic " + base64.b64encode(f"{APP_ID}:{APP_SECRET}".encode()).decode()
    assert form_of(request) == {
        "grant_type": "authorization_code",
        "code": CODE,
        "redirect_uri": REDIRECT,
        "continuous_refresh": "true",
    }
    assert tokens.access_token == NEW_ACCESS and tokens.refresh_token == NEW_REFRESH
    assert tokens.scopes == ("ads:read", "boards:read", "pins:read")
    assert_no_secret(repr(tokens))


@respx.mock
async def test_exchange_code_without_continuous_refresh(http: httpx.AsyncClient) -> None:
    route = respx.post(TOKEN_URL).mock(return_value=httpx.Response(200, json=token_body()))
    await exchange_code(http, TOKEN_URL, APP_ID, APP_SECRET, CODE, REDIRECT, continuous_refresh=False)
    assert "continuous_refresh" not in form_of(route.calls.last.request)


@respx.mock
async def test_refresh_rotates_the_refresh_token_with_absolute_expiries(http: httpx.AsyncClient) -> None:
    route = respx.post(TOKEN_URL).mock(return_value=httpx.Response(200, json=token_body()))
    tokens = await refresh(http, TOKEN_URL, APP_ID, APP_SECRET, OLD_REFRESH)
    assert form_of(route.calls.last.request) == {"grant_type": "refresh_token", "refresh_token": OLD_REFRESH}
    assert route.calls.last.request.headers["authorization"].startswith("Basic ")

    stored = Credentials(
        app_id=APP_ID,
        app_secret=APP_SECRET,
        access_token="pina_old",
        refresh_token=OLD_REFRESH,
        refresh_token_expires_at=NOW + 100,
        sources={"refresh_token": "keyring"},
    )
    updated = tokens.apply_to(stored, NOW)
    assert updated.access_token == NEW_ACCESS and updated.refresh_token == NEW_REFRESH
    assert updated.access_token_expires_at == NOW + 2_592_000
    assert updated.refresh_token_expires_at == NOW + 5_184_000 - 7  # Pinterest's absolute value wins
    assert updated.scopes == ("ads:read", "boards:read", "pins:read")
    assert updated.app_secret == APP_SECRET and updated.sources["refresh_token"] == "oauth"


def test_apply_to_computes_expiries_when_pinterest_sends_only_lifetimes() -> None:
    tokens = TokenResponse.from_json(token_body(refresh_token_expires_at=None, expires_in="3600"))
    creds = tokens.apply_to(Credentials(), NOW)
    assert creds.access_token_expires_at == NOW + 3600
    assert creds.refresh_token_expires_at == NOW + 5_184_000

    bare = TokenResponse.from_json({"access_token": NEW_ACCESS, "expires_in": 60})
    kept = bare.apply_to(Credentials(refresh_token=OLD_REFRESH, refresh_token_expires_at=NOW + 5, scopes=("x",)), NOW)
    assert kept.refresh_token == OLD_REFRESH and kept.refresh_token_expires_at == NOW + 5 and kept.scopes == ("x",)


@respx.mock
@pytest.mark.parametrize("status", [400, 401])
async def test_a_rejected_refresh_says_to_log_in_again_without_leaking(status: int, http: httpx.AsyncClient) -> None:
    body = {"code": 1, "message": f"Invalid refresh token {OLD_REFRESH} for app secret {APP_SECRET}"}
    respx.post(TOKEN_URL).mock(return_value=httpx.Response(status, json=body, headers={"x-pinterest-rid": "rid-1"}))
    with pytest.raises(RefreshRejectedError) as caught:
        await refresh(http, TOKEN_URL, APP_ID, APP_SECRET, OLD_REFRESH)
    error = caught.value
    assert isinstance(error, AuthenticationError) and error.status == status and error.request_id == "rid-1"
    message = str(error)
    assert "rejected" in message and "refresh token" in message and "pinterest-mcp auth login" in message
    assert ("app id/secret" in message) is (status == 401)
    assert_no_secret(message)
    assert_no_secret(error.for_model())


@respx.mock
async def test_a_refused_code_exchange_is_typed_and_leak_free(http: httpx.AsyncClient) -> None:
    body = {"error": "invalid_grant", "error_description": f"code {CODE} expired"}
    respx.post(TOKEN_URL).mock(return_value=httpx.Response(400, json=body))
    with pytest.raises(CodeExchangeError) as caught:
        await exchange_code(http, TOKEN_URL, APP_ID, APP_SECRET, CODE, REDIRECT)
    assert isinstance(caught.value, AuthenticationError)
    assert "pinterest-mcp auth login" in str(caught.value) and "expired" in str(caught.value)
    assert_no_secret(str(caught.value))


@respx.mock
async def test_other_token_endpoint_failures_map_to_the_usual_errors(http: httpx.AsyncClient) -> None:
    route = respx.post(TOKEN_URL)
    route.mock(return_value=httpx.Response(503, text="upstream down"))
    with pytest.raises(ServerError):
        await refresh(http, TOKEN_URL, APP_ID, APP_SECRET, OLD_REFRESH)
    route.mock(return_value=httpx.Response(429, json={"code": 8, "message": "Rate limited"}))
    with pytest.raises(RateLimitError):
        await refresh(http, TOKEN_URL, APP_ID, APP_SECRET, OLD_REFRESH)
    route.mock(side_effect=httpx.ConnectError("boom"))
    with pytest.raises(PinterestConnectionError, match="not sent, nothing was changed") as not_sent:
        await refresh(http, TOKEN_URL, APP_ID, APP_SECRET, OLD_REFRESH)
    assert not not_sent.value.maybe_sent
    route.mock(return_value=httpx.Response(200, json={"token_type": "bearer"}))
    with pytest.raises(ServerError, match="without an access token"):
        await exchange_code(http, TOKEN_URL, APP_ID, APP_SECRET, CODE, REDIRECT)
    assert route.call_count == 4  # never retried: a refresh may already have rotated the token


@respx.mock
@pytest.mark.parametrize("lost", [httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("dropped")])
async def test_a_refresh_sent_but_unanswered_says_the_token_may_be_rotated(
    lost: Exception, http: httpx.AsyncClient
) -> None:
    respx.post(TOKEN_URL).mock(side_effect=lost)
    with pytest.raises(RefreshInterruptedError) as caught:
        await refresh(http, TOKEN_URL, APP_ID, APP_SECRET, OLD_REFRESH)
    assert caught.value.maybe_sent and "nothing was changed" not in caught.value.for_model()
    assert "rotated" in str(caught.value) and "auth login" in caught.value.for_model()
    assert_no_secret(caught.value.for_model())


# ---- URLs and scopes ---------------------------------------------------------------------------


def test_authorize_url_carries_exactly_the_documented_parameters() -> None:
    url = authorize_url(APP_ID, REDIRECT, ["ads:read", "boards:read"], "st4te")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.pinterest.com/oauth/"
    assert {k: v[0] for k, v in parse_qs(parts.query).items()} == {
        "client_id": APP_ID,
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "scope": "ads:read,boards:read",
        "state": "st4te",
    }
    assert token_url_for("https://api-sandbox.pinterest.com/v5/") == "https://api-sandbox.pinterest.com/v5/oauth/token"


def test_scopes_for_unions_sorts_and_adds_the_secret_read_scopes() -> None:
    ops = by_name()
    assert scopes_for([ops["list_campaigns"], ops["get_ad"], ops["get_user_account"]]) == (
        "ads:read",
        "user_accounts:read",
    )
    assert scopes_for([ops["list_boards"]]) == ("boards:read", "boards:read_secret")
    everything = scopes_for(all_operations())
    assert everything == tuple(sorted(set(everything)))
    assert {"boards:read_secret", "pins:read_secret", "boards:write_secret", "pins:write_secret"} <= set(everything)
    assert {s for op in all_operations() for s in op.scopes} <= set(everything)


# ---- the browser login -------------------------------------------------------------------------


class Browser:
    """A simulated browser: reads the authorize URL and calls the redirect URI over a real socket."""

    def __init__(self, *, state: str | None = None, extra: dict[str, str] | None = None, code: str = CODE) -> None:
        self.forced_state = state
        self.extra = extra or {}
        self.code = code
        self.url: str | None = None
        self.pages: list[httpx.Response] = []

    def callback(self) -> tuple[str, dict[str, str]]:
        assert self.url is not None
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.url).query).items()}
        params = {"code": self.code, "state": self.forced_state or query["state"]} | self.extra
        return query["redirect_uri"], {k: v for k, v in params.items() if v}

    async def __call__(self, url: str) -> None:
        self.url = url
        redirect_uri, params = self.callback()
        async with httpx.AsyncClient(timeout=5) as client:
            self.pages.append(await client.get(redirect_uri.replace("/callback", "/favicon.ico")))
            self.pages.append(await client.get(redirect_uri, params=params))


def token_endpoint() -> tuple[respx.MockRouter, respx.Route]:
    router = respx.MockRouter(assert_all_called=False)
    route = router.post(TOKEN_URL).mock(return_value=httpx.Response(200, json=token_body()))
    return router, route


async def test_login_end_to_end_with_a_simulated_browser() -> None:
    router, route = token_endpoint()
    browser = Browser()
    async with httpx.AsyncClient(transport=httpx.MockTransport(router.async_handler)) as http:
        tokens = await login(
            app_id=APP_ID,
            app_secret=APP_SECRET,
            token_url=TOKEN_URL,
            scopes=("ads:read", "boards:read"),
            open_browser=browser,
            timeout=10,
            http=http,
        )
    assert tokens.access_token == NEW_ACCESS and tokens.refresh_token == NEW_REFRESH
    authorize = {k: v[0] for k, v in parse_qs(urlsplit(browser.url or "").query).items()}
    assert authorize["client_id"] == APP_ID and authorize["scope"] == "ads:read,boards:read"
    assert authorize["response_type"] == "code" and len(authorize["state"]) >= 32
    redirect = urlsplit(authorize["redirect_uri"])
    assert (redirect.scheme, redirect.hostname, redirect.path) == ("http", "127.0.0.1", "/callback")
    assert [page.status_code for page in browser.pages] == [404, 200]
    assert "close this tab" in browser.pages[1].text and browser.pages[1].headers["cache-control"] == "no-store"
    assert_no_secret(browser.pages[1].text)
    form = form_of(route.calls.last.request)
    assert form["code"] == CODE and form["redirect_uri"] == authorize["redirect_uri"]
    assert form["continuous_refresh"] == "true"
    assert route.call_count == 1
    with pytest.raises(OSError):  # the listener is gone
        socket.create_connection(("127.0.0.1", redirect.port or 0), timeout=1).close()


async def test_login_with_a_blocking_opener_and_global_respx_pass_through() -> None:
    """A sync `open_browser` (like webbrowser.open) runs off the event loop; loopback passes through respx."""
    visited: list[int] = []

    def blocking_browser(url: str) -> bool:
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        response = httpx.get(query["redirect_uri"], params={"code": CODE, "state": query["state"]}, timeout=5)
        visited.append(response.status_code)
        return True

    with respx.mock(assert_all_called=True) as mock:
        mock.route(host="127.0.0.1").pass_through()
        route = mock.post(TOKEN_URL).mock(return_value=httpx.Response(200, json=token_body()))
        async with httpx.AsyncClient() as http:
            tokens = await login(
                app_id=APP_ID,
                app_secret=APP_SECRET,
                token_url=TOKEN_URL,
                scopes=("pins:read",),
                open_browser=blocking_browser,
                timeout=10,
                http=http,
            )
    assert tokens.access_token == NEW_ACCESS and visited == [200] and route.call_count == 1


async def test_a_callback_with_the_wrong_state_is_refused_and_nothing_is_exchanged() -> None:
    router, route = token_endpoint()
    browser = Browser(state="forged-state")
    async with httpx.AsyncClient(transport=httpx.MockTransport(router.async_handler)) as http:
        with pytest.raises(LoginStateError) as caught:
            await login(
                app_id=APP_ID,
                app_secret=APP_SECRET,
                scopes=("ads:read",),
                open_browser=browser,
                timeout=10,
                http=http,
            )
    assert route.call_count == 0
    assert browser.pages[-1].status_code == 400
    assert "auth login" in str(caught.value) and isinstance(caught.value, LoginError)
    assert_no_secret(str(caught.value))


async def test_access_denied_is_reported_and_nothing_is_exchanged() -> None:
    router, route = token_endpoint()
    browser = Browser(code="", extra={"error": "access_denied", "error_description": "The user <b>denied</b>"})
    async with httpx.AsyncClient(transport=httpx.MockTransport(router.async_handler)) as http:
        with pytest.raises(LoginDeniedError, match="denied"):
            await login(
                app_id=APP_ID, app_secret=APP_SECRET, scopes=("ads:read",), open_browser=browser, timeout=10, http=http
            )
    assert route.call_count == 0
    page = browser.pages[-1]
    assert page.status_code == 200 and "&lt;b&gt;denied&lt;/b&gt;" in page.text  # reflected text is escaped


async def test_login_times_out_within_its_bound_and_closes_the_listener() -> None:
    router, route = token_endpoint()
    seen: list[str] = []
    started = time.monotonic()
    async with httpx.AsyncClient(transport=httpx.MockTransport(router.async_handler)) as http:
        with pytest.raises(LoginTimeoutError) as caught:
            await login(
                app_id=APP_ID,
                app_secret=APP_SECRET,
                scopes=("ads:read",),
                open_browser=seen.append,
                timeout=0.3,
                http=http,
            )
    elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 3.0
    assert isinstance(caught.value, TimeoutError) and "auth login" in str(caught.value)
    assert route.call_count == 0
    port = urlsplit(parse_qs(urlsplit(seen[0]).query)["redirect_uri"][0]).port
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port or 0), timeout=1).close()


async def test_a_browser_that_never_returns_does_not_stretch_the_timeout() -> None:
    release = threading.Event()
    started = time.monotonic()
    try:
        async with httpx.AsyncClient() as http:
            with pytest.raises(LoginTimeoutError):
                await login(
                    app_id=APP_ID,
                    app_secret=APP_SECRET,
                    scopes=(),
                    open_browser=lambda url: release.wait(10),
                    timeout=0.3,
                    http=http,
                )
        assert time.monotonic() - started < 3.0
    finally:
        release.set()  # let the abandoned worker thread end


async def test_without_an_opener_the_url_goes_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    async with httpx.AsyncClient() as http:
        with pytest.raises(LoginTimeoutError):
            await login(
                app_id=APP_ID, app_secret=APP_SECRET, scopes=("ads:read",), open_browser=None, timeout=0.2, http=http
            )
    captured = capsys.readouterr()
    assert captured.out == "" and "https://www.pinterest.com/oauth/?client_id=1484999" in captured.err


async def test_an_opener_failure_surfaces_as_itself() -> None:
    def broken(url: str) -> None:
        raise RuntimeError("no display")

    async with httpx.AsyncClient() as http:
        with pytest.raises(RuntimeError, match="no display"):
            await login(app_id=APP_ID, app_secret=APP_SECRET, scopes=(), open_browser=broken, timeout=5, http=http)


async def test_login_refuses_a_non_loopback_host_and_a_busy_port() -> None:
    async with httpx.AsyncClient() as http:
        with pytest.raises(ValueError, match="loopback"):
            await login(app_id=APP_ID, app_secret=APP_SECRET, scopes=(), open_browser=None, host="0.0.0.0", http=http)
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            with pytest.raises(LoginError, match="--port"):
                await login(
                    app_id=APP_ID,
                    app_secret=APP_SECRET,
                    scopes=(),
                    open_browser=None,
                    port=busy.getsockname()[1],
                    http=http,
                )
