"""The SDK's OAuth client against a fleet of real processes (bench/fleet.py): sign-in over real HTTP.

`FleetUser` is the MCP SDK's client (DCR, PKCE, its own token storage) talking to the proxy over the
network; its browser is `fleet.NetBrowser`. `on(replica)` is the same signed-in user (same tokens)
pinned to one replica through the proxy (`X-Replica`), and every answer's replica is recorded.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import httpx2
from fleet import REDIRECT_URI, NetBrowser, code_of
from fleet import Fleet as Fleet
from fleet import fleet as fleet
from fleet import haproxy as haproxy
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientMetadata
from pydantic import AnyUrl

from support.connector import MemoryTokens


@dataclass
class FleetUser:
    """One person with one MCP client, signed in at Pinterest as `pinterest_user` ("" is its first user)."""

    fleet: Fleet
    pinterest_user: str = ""
    change: dict[str, list[str]] = field(default_factory=lambda: {"mode": ["write"]})
    replica: str | None = None
    storage: MemoryTokens = field(default_factory=MemoryTokens)
    served_by: list[str] = field(default_factory=list)
    result: AuthorizationCodeResult | None = None

    async def _redirect(self, url: str) -> None:
        browser = NetBrowser(self.fleet.public_url, self.fleet.emulator_url, self.pinterest_user, self.change)
        code, state, iss = code_of(await browser.consent(url))
        self.result = AuthorizationCodeResult(code=code, state=state, iss=iss)

    async def _callback(self) -> AuthorizationCodeResult:
        assert self.result is not None
        return self.result

    def on(self, replica: str) -> FleetUser:
        """The same user and tokens, every request sent to `replica` by the proxy."""
        return replace(self, replica=replica, served_by=[])

    async def _record(self, response: httpx2.Response) -> None:
        self.served_by.append(response.headers.get("x-replica", "?"))

    @asynccontextmanager
    async def client(self) -> AsyncIterator[Client]:
        metadata = OAuthClientMetadata(
            redirect_uris=[AnyUrl(REDIRECT_URI)],
            client_name="Fleet test client",
            grant_types=["authorization_code", "refresh_token"],
            response_types=["code"],
            token_endpoint_auth_method="none",
        )
        auth = OAuthClientProvider(self.fleet.mcp_url, metadata, self.storage, self._redirect, self._callback)
        headers = {"X-Replica": self.replica} if self.replica else {}
        http = httpx2.AsyncClient(auth=auth, headers=headers, timeout=30.0, event_hooks={"response": [self._record]})
        async with http, Client(streamable_http_client(self.fleet.mcp_url, http_client=http)) as client:
            yield client

    @property
    def access_token(self) -> str:
        assert self.storage.tokens is not None, "sign in first"
        return self.storage.tokens.access_token
