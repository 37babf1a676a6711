"""The connector served in-process on the demo emulator, a headless browser for its pages, an SDK client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import httpx
import httpx2
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientInformationFull, OAuthClientMetadata, OAuthToken
from pydantic import AnyUrl

from pinterest_mcp.auth.vault import Vault, new_key
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.emulator.oauth import USER_PARAMETER
from pinterest_mcp.server.connector.app import DEMO_PREFIX, Connector, build_connector
from pinterest_mcp.server.connector.housekeeping import Housekeeper
from pinterest_mcp.server.connector.provider import RegistrationLimits
from pinterest_mcp.server.connector.run import connector_config
from pinterest_mcp.store import Store

PUBLIC_URL = "http://127.0.0.1:8000"
MCP_URL = f"{PUBLIC_URL}/mcp"
REDIRECT_URI = "http://127.0.0.1:9/callback"
MAX_REDIRECTS = 10
PINTEREST_SIGN_IN = f"{PUBLIC_URL}{DEMO_PREFIX}/oauth/"


@dataclass
class Served:
    connector: Connector
    emulator: Emulator
    vault: Vault
    store: Store

    @property
    def app(self) -> Any:
        return self.connector.app


@asynccontextmanager
async def served(
    store: Store,
    tmp_path: Path,
    *,
    allow_loopback_cimd: bool = False,
    documents_transport: httpx.AsyncBaseTransport | None = None,
    settings: Settings | None = None,
    public_url: str = PUBLIC_URL,
    housekeeper: Housekeeper | None = None,
    registration_limits: RegistrationLimits | None = None,
) -> AsyncIterator[Served]:
    """The demo connector over `store`, its lifespan entered; `public_url` where a real server will serve it."""
    from dataclasses import replace

    settings = settings or Settings(demo=True)
    emulator = Emulator(seed=7, oauth=True)
    config = replace(connector_config(settings, public_url, {}), allow_loopback_cimd=allow_loopback_cimd)
    vault = Vault([new_key()])
    connector = build_connector(
        settings,
        config,
        store,
        vault,
        journals=tmp_path,
        pinterest_transport=emulator.transport(),
        documents_transport=documents_transport,
        demo_app=emulator.app,
        housekeeper=housekeeper,
        registration_limits=registration_limits,
    )
    async with connector.app.router.lifespan_context(connector.app):
        yield Served(connector, emulator, vault, store)


class FormReader(HTMLParser):
    """The consent form as a browser would submit it unchanged: hidden fields, ticked boxes, the first button."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: list[tuple[str, str]] = []
        self.button: tuple[str, str] | None = None
        self.checkboxes: list[tuple[str, str, bool]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.action = a.get("action", "")
        elif tag == "input":
            kind, name, value = a.get("type", "text"), a.get("name", ""), a.get("value", "")
            if kind == "hidden" or (kind in ("checkbox", "radio") and "checked" in a):
                self.fields.append((name, value))
            if kind == "checkbox":
                self.checkboxes.append((name, value, "checked" in a))
        elif tag == "button" and self.button is None:
            self.button = (a.get("name", ""), a.get("value", ""))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def read_form(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    return reader


@dataclass
class Browser:
    """A headless browser on the app: follows redirects by hand, keeps cookies, submits forms.

    ``pinterest_user`` signs in at the demo Pinterest as that user (None: its first user), as a person
    would type their own credentials there.
    """

    app: Any
    pinterest_user: str | None = None
    http: httpx.AsyncClient = field(init=False)
    pages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url=PUBLIC_URL)

    async def follow(self, url: str) -> httpx.Response:
        """GET `url` and follow redirects inside this server; stop at a page or a redirect out."""
        response = await self.http.get(url)
        for _ in range(MAX_REDIRECTS):
            if response.status_code not in (302, 303, 307):
                return response
            location = urljoin(str(response.url), response.headers["location"])
            if not location.startswith(PUBLIC_URL):
                return response
            if self.pinterest_user is not None and location.startswith(PINTEREST_SIGN_IN):
                location += "&" + urlencode({USER_PARAMETER: self.pinterest_user})
            response = await self.http.get(location)
        raise AssertionError("too many redirects")

    async def consent(self, authorize_url: str, change: dict[str, list[str]] | None = None) -> httpx.Response:
        """Sign in and submit the consent form (as shown, or with `change` replacing fields); the last answer."""
        page = await self.follow(authorize_url)
        assert page.status_code == 200, page.text
        self.pages.append(page.text)
        form = read_form(page.text)
        fields = [(n, v) for n, v in form.fields if n not in (change or {})]
        for name, values in (change or {}).items():
            fields += [(name, v) for v in values]
        if form.button:
            fields.append(form.button)
        return await self.post_form(urljoin(str(page.url), form.action), fields)

    async def post_form(self, url: str, fields: list[tuple[str, str]]) -> httpx.Response:
        """POST fields as a form, repeated names kept (what a browser sends for several ticked boxes)."""
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return await self.http.post(url, content=urlencode(fields), headers=headers)

    async def aclose(self) -> None:
        await self.http.aclose()


def redirect_params(response: httpx.Response) -> dict[str, str]:
    assert response.status_code in (302, 303), (response.status_code, response.text)
    location = response.headers["location"]
    assert location.startswith(REDIRECT_URI), location
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


class MemoryTokens:
    """The SDK client's token storage, in memory."""

    def __init__(self) -> None:
        self.tokens: OAuthToken | None = None
        self.client: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client = client_info


@dataclass
class SdkUser:
    """The SDK's OAuth client (DCR) with a headless browser that consents by form."""

    app: Any
    change: dict[str, list[str]] | None = None
    pinterest_user: str | None = None
    storage: MemoryTokens = field(default_factory=MemoryTokens)
    result: AuthorizationCodeResult | None = None
    browser: Browser = field(init=False)

    def __post_init__(self) -> None:
        self.browser = Browser(self.app, self.pinterest_user)

    async def _redirect(self, url: str) -> None:
        answer = await self.browser.consent(url, self.change)
        params = redirect_params(answer)
        self.result = AuthorizationCodeResult(code=params["code"], state=params.get("state"), iss=params.get("iss"))

    async def _callback(self) -> AuthorizationCodeResult:
        assert self.result is not None
        return self.result

    def provider(self) -> OAuthClientProvider:
        metadata = OAuthClientMetadata(
            redirect_uris=[AnyUrl(REDIRECT_URI)],
            client_name="Test client",
            grant_types=["authorization_code", "refresh_token"],
            response_types=["code"],
            token_endpoint_auth_method="none",
        )
        return OAuthClientProvider(MCP_URL, metadata, self.storage, self._redirect, self._callback)

    @asynccontextmanager
    async def client(self) -> AsyncIterator[Client]:
        http = httpx2.AsyncClient(transport=httpx2.ASGITransport(app=self.app), auth=self.provider(), timeout=30.0)
        async with http, Client(streamable_http_client(MCP_URL, http_client=http)) as client:
            yield client


def pkce() -> tuple[str, str]:
    """A code verifier and its S256 challenge."""
    import base64
    import hashlib
    import secrets

    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    return verifier, challenge


def authorize_url(client_id: str, challenge: str, **extra: str) -> str:
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT_URI,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": "st4te",
        "resource": MCP_URL,
        **extra,
    }
    return f"{PUBLIC_URL}/authorize?{urlencode(query)}"


async def register(http: httpx.AsyncClient, name: str = "Test client") -> str:
    body = {
        "redirect_uris": [REDIRECT_URI],
        "client_name": name,
        "grant_types": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_method": "none",
    }
    answer = await http.post("/register", json=body)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["client_id"])


async def exchange(http: httpx.AsyncClient, client_id: str, code: str, verifier: str) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "code_verifier": verifier,
        "client_id": client_id,
        "resource": MCP_URL,
    }
    return await http.post("/token", data=form)


async def list_tools_status(http: httpx.AsyncClient, access_token: str) -> int:
    headers = {
        "Authorization": f"Bearer {access_token}",
        "Accept": "application/json, text/event-stream",
        "MCP-Protocol-Version": "2025-06-18",
    }
    answer = await http.post(
        "/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}, headers=headers
    )
    return answer.status_code
