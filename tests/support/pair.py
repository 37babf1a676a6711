"""Two connector replicas, each on its own connection to one store, sharing one Pinterest (the emulator).

The store's clock is the test's (it stands still), so budget windows and handle expiry never turn
during a test. `Pinterest` logs ad account lists, signs in as another user (`as_user`) and answers
one 429 on demand (`throttle`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpx

from pinterest_mcp.auth.vault import Vault, new_key
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.server.connector.app import Connector, build_connector
from pinterest_mcp.server.connector.run import connector_config
from pinterest_mcp.store import Store, open_store
from support.connector import PUBLIC_URL, SdkUser
from support.stores import Clock

OTHER = ("8100000000000000001", "another_pinner")
"""Another Pinterest user: the emulator's user answering /user_account with this id and name."""


class Pinterest(httpx.AsyncBaseTransport):
    """The emulator, logging ad account list requests; `as_user` signs in another user; `throttle` 429s one."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.as_user: tuple[str, str] | None = None
        self.lists: list[str] = []
        self.throttle: float | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/v5/ad_accounts"):
            self.lists.append(request.headers.get("authorization", ""))
            if self.throttle is not None:
                retry_after, self.throttle = self.throttle, None
                body = {"code": 8, "message": "This request exceeded a rate limit."}
                return httpx.Response(429, json=body, headers={"Retry-After": f"{retry_after:g}"})
        response = await self.inner.handle_async_request(request)
        if self.as_user is None or not request.url.path.endswith("/user_account"):
            return response
        body = json.loads(await response.aread())
        body["id"], body["username"] = self.as_user
        return httpx.Response(response.status_code, json=body)


@dataclass
class Pair:
    """Two replicas (`a`, `b`), each on its own connection to one store, and the Pinterest they share."""

    pinterest: Pinterest
    a: Connector = field(init=False)
    b: Connector = field(init=False)


@asynccontextmanager
async def replicas(
    store: Store, store_url: str, clock: Clock, folder: Path, settings: Settings | None = None
) -> AsyncIterator[Pair]:
    emulator, vault = Emulator(seed=7, oauth=True), Vault([new_key()])
    pair = Pair(Pinterest(emulator.transport()))
    settings = settings or Settings(demo=True)
    with anyio.fail_after(120):
        async with AsyncExitStack() as stack:
            second = await open_store(store_url, clock=clock)
            stack.push_async_callback(second.close)
            built = []
            for name, connection in (("a", store), ("b", second)):
                (folder / name).mkdir()
                connector = build_connector(
                    settings,
                    connector_config(settings, PUBLIC_URL, {}),
                    connection,
                    vault,
                    journals=folder / name,
                    pinterest_transport=pair.pinterest,
                    demo_app=emulator.app,
                )
                await stack.enter_async_context(connector.app.router.lifespan_context(connector.app))
                built.append(connector)
            pair.a, pair.b = built
            yield pair


def on(app: Any, user: SdkUser) -> SdkUser:
    """The same signed-in client on another replica (its tokens are in the store)."""
    return SdkUser(app, storage=user.storage)
