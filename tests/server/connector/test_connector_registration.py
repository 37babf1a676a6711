"""Anonymous registration cannot grow the store without bound: limits on `/register`, expiry of unused clients.

The store's clock is the test's (set to the real time, which the provider stamps expiries with), so
a day or an hour passes without waiting. Client addresses are the ASGI client's, as uvicorn sets
them (from X-Forwarded-For only for trusted proxies: `test_connector_proxy_headers`).
"""

from __future__ import annotations

import time
from pathlib import Path

import anyio
import httpx
import pytest

from pinterest_mcp.server.connector.provider import (
    CLIENTS,
    REGISTER_RATE,
    UNUSED_CLIENT_TTL_S,
    RegistrationLimits,
)
from pinterest_mcp.store import Store
from support.connector import PUBLIC_URL, REDIRECT_URI, SdkUser, register, served
from support.stores import Clock

pytestmark = pytest.mark.anyio

BODY = {"redirect_uris": [REDIRECT_URI], "client_name": "Flood", "token_endpoint_auth_method": "none"}


def _from(app: object, address: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 40000)), base_url=PUBLIC_URL)  # type: ignore[arg-type]


async def test_a_client_nobody_approved_expires_after_a_day_and_an_approved_one_stays(
    store: Store, store_clock: Clock, tmp_path: Path
) -> None:
    store_clock.now = time.time()
    with anyio.fail_after(60):
        async with served(store, tmp_path) as s:
            async with _from(s.app, "10.0.0.1") as http:
                idle = await register(http, "never used")
            user = SdkUser(s.app)
            async with user.client() as client:  # registers, signs in, consents: a grant
                assert (await client.list_tools()).tools
            info = await user.storage.get_client_info()
            assert info is not None and info.client_id is not None
            used = info.client_id
            provider = s.connector.provider
            store_clock.advance(UNUSED_CLIENT_TTL_S - 60)
            assert await provider.get_client(idle) is not None  # a sign-in left open overnight still works
            store_clock.advance(61)
            assert await provider.get_client(idle) is None
            assert await provider.get_client(used) is not None
            await store.purge_expired()
            kept = [doc.key for doc in await store.list(CLIENTS, "", limit=10)]
    assert kept == [used]  # the purge deleted the unused client's row


async def test_registration_is_limited_per_address_and_overall_and_a_refusal_stores_nothing(
    store: Store, store_clock: Clock, tmp_path: Path
) -> None:
    store_clock.now = time.time() // 3600 * 3600  # the start of this hour's counting window
    limits = RegistrationLimits(per_address=2, overall=3, window_s=3600.0)
    with anyio.fail_after(60):
        async with (
            served(store, tmp_path, registration_limits=limits) as s,
            _from(s.app, "10.0.0.1") as a,
            _from(s.app, "10.0.0.2") as b,
            _from(s.app, "10.0.0.3") as c,
        ):
            assert [(await a.post("/register", json=BODY)).status_code for _ in range(3)] == [201, 201, 429]
            refused = await a.post("/register", json=BODY)
            assert (await a.options("/register")).status_code != 429  # a preflight is not a registration
            assert (await b.post("/register", json=BODY)).status_code == 201  # another address has its own
            overall = await c.post("/register", json=BODY)  # but everyone together has a limit too
            clients = len(await store.list(CLIENTS, "", limit=100))
            store_clock.advance(3600)  # the next window
            again = await a.post("/register", json=BODY)
    assert refused.status_code == 429 and refused.json()["error"] == "invalid_request", refused.text
    assert "from this address" in refused.json()["error_description"]
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert overall.status_code == 429 and "on this server" in overall.json()["error_description"], overall.text
    assert clients == 3  # only the registrations let through were stored
    assert again.status_code == 201, again.text
    assert REGISTER_RATE == "register-rate"
