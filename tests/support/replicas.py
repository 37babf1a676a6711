"""Several connector replicas on one store and one emulator, and an SDK user that connects at any `/mcp` URL.

Each replica is a whole connector app with its own store connection (a replica's pool on one
PostgreSQL database, or its own connection to one SQLite file) and its own journal folder; they share
only what real replicas share: the store, the vault key and Pinterest (one emulator).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx2
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import OAuthClientMetadata
from pydantic import AnyUrl

from pinterest_mcp.auth.vault import Vault, new_key
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.server.connector.app import Connector, build_connector
from pinterest_mcp.server.connector.run import connector_config
from pinterest_mcp.store import Store, open_store
from support.connector import MCP_URL, PUBLIC_URL, REDIRECT_URI, SdkUser


@dataclass
class UrlUser(SdkUser):
    """`SdkUser` connecting at `url` (a path under `/mcp`); users made `like` another share its tokens."""

    url: str = MCP_URL

    def provider(self) -> OAuthClientProvider:
        metadata = OAuthClientMetadata(
            redirect_uris=[AnyUrl(REDIRECT_URI)],
            client_name="Test client",
            grant_types=["authorization_code", "refresh_token"],
            response_types=["code"],
            token_endpoint_auth_method="none",
        )
        return OAuthClientProvider(self.url, metadata, self.storage, self._redirect, self._callback)

    @asynccontextmanager
    async def client(self) -> AsyncIterator[Client]:
        http = httpx2.AsyncClient(transport=httpx2.ASGITransport(app=self.app), auth=self.provider(), timeout=30.0)
        async with http, Client(streamable_http_client(self.url, http_client=http)) as client:
            yield client

    def like(self, app: object = None, *, path: str = "") -> UrlUser:
        """The same signed-in user (same tokens) on another replica's app and/or another path."""
        return replace(self, app=app if app is not None else self.app, url=f"{MCP_URL}{path}")


@dataclass
class Replicas:
    emulator: Emulator
    vault: Vault
    connectors: list[Connector] = field(default_factory=list)
    stores: list[Store] = field(default_factory=list)


@asynccontextmanager
async def replicas(store_url: str, tmp_path: Path, count: int = 3, *, max_servers: int = 64) -> AsyncIterator[Replicas]:
    """`count` demo connectors on the store at `store_url`, one emulator and one vault key, lifespans entered."""
    settings = Settings(demo=True)
    config = connector_config(settings, PUBLIC_URL, {})
    found = Replicas(Emulator(seed=7, oauth=True), Vault([new_key()]))
    async with AsyncExitStack() as stack:
        for i in range(count):
            store = await open_store(store_url)
            stack.push_async_callback(store.close)
            journals = tmp_path / f"replica-{i}"
            journals.mkdir(parents=True, exist_ok=True)
            connector = build_connector(
                settings,
                config,
                store,
                found.vault,
                journals=journals,
                pinterest_transport=found.emulator.transport(),
                demo_app=found.emulator.app,
                max_servers=max_servers,
            )
            await stack.enter_async_context(connector.app.router.lifespan_context(connector.app))
            found.connectors.append(connector)
            found.stores.append(store)
        yield found
