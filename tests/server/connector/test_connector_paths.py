"""Toolsets by URL: `/mcp/x/{toolsets}` and `/readonly` narrow what one connection lists, never past the grant.

A remote client can only be configured by its URL (ChatGPT sends no custom header), so the URL is
how a user keeps a connection small; the grant stays the upper bound and all the paths are one
protected resource, so one sign-in serves them all.
"""

from __future__ import annotations

from pathlib import Path

import anyio
import httpx
import pytest

from pinterest_mcp.operations import all_operations
from pinterest_mcp.registry.toolsets import TOOLSET_NAMES, Access
from pinterest_mcp.server.connector.paths import PathError, View, suffix_of
from support.connector import MCP_URL, PUBLIC_URL, authorize_url, pkce, register
from support.replicas import UrlUser, replicas

pytestmark = pytest.mark.anyio

GRANTED = ["account", "ads", "analytics"]
WRITE_MODE = {"mode": ["write"], "toolset": GRANTED}
TOOLSET_OF = {op.name: op.toolset for op in all_operations()}
WRITES = {op.name for op in all_operations() if op.access is Access.WRITE}
HEADERS = {"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2025-06-18"}
LIST = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """SQLite only: paths do not touch the store beyond what the flow tests cover on both backends."""
    return f"sqlite://{tmp_path / 'store.db'}"


async def names_at(user: UrlUser) -> set[str]:
    async with user.client() as client:
        return {t.name for t in (await client.list_tools()).tools}


async def writers_at(user: UrlUser) -> tuple[set[str], set[str]]:
    """The tools listed at the user's URL, and those of them not marked read-only."""
    async with user.client() as client:
        tools = (await client.list_tools()).tools
    return {t.name for t in tools}, {t.name for t in tools if not (t.annotations and t.annotations.read_only_hint)}


def toolsets_of(names: set[str]) -> set[str]:
    return {TOOLSET_OF[n] for n in names if n in TOOLSET_OF}


async def test_a_path_narrows_the_grants_toolsets_and_readonly_drops_every_write(
    store_url: str, tmp_path: Path
) -> None:
    with anyio.fail_after(60):
        async with replicas(store_url, tmp_path, count=1) as r:
            app = r.connectors[0].app
            # Discovery starts at the narrowed URL: its 401, its metadata, sign-in and consent.
            first = UrlUser(app, change=WRITE_MODE, url=f"{MCP_URL}/x/ads")
            ads, ads_writers = await writers_at(first)
            everything, writers = await writers_at(first.like(path=""))
            readonly, readonly_writers = await writers_at(first.like(path="/readonly"))
            ads_readonly, ads_readonly_writers = await writers_at(first.like(path="/x/ads/readonly"))
            two = await names_at(first.like(path="/x/analytics,account"))
            servers = r.connectors[0].servers
            assert len(servers) == 5 and len({key[0] for key in servers.cached()}) == 1  # one grant, five views

    assert toolsets_of(everything) == set(GRANTED) and everything & WRITES and writers
    assert toolsets_of(ads) == {"ads"} and ads & WRITES and ads < everything
    assert toolsets_of(readonly) == set(GRANTED) and not readonly_writers
    assert toolsets_of(ads_readonly) == {"ads"} and not ads_readonly_writers
    assert ads_readonly == ads - ads_writers and readonly == everything - writers
    assert toolsets_of(two) == {"analytics", "account"}


async def test_unknown_toolsets_are_404_and_toolsets_past_the_grant_403_naming_them(
    store_url: str, tmp_path: Path
) -> None:
    with anyio.fail_after(60):
        async with replicas(store_url, tmp_path, count=1) as r:
            app = r.connectors[0].app
            user = UrlUser(app, change={"toolset": GRANTED})
            assert await names_at(user)
            assert user.storage.tokens is not None
            token = user.storage.tokens.access_token
            auth = {**HEADERS, "Authorization": f"Bearer {token}"}
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=PUBLIC_URL) as http:
                unknown = await http.post("/mcp/x/ads,bogus", json=LIST, headers=auth)
                unknown_bare = await http.post("/mcp/x/nothing/readonly", json=LIST)
                unknown_metadata = await http.get("/.well-known/oauth-protected-resource/mcp/x/bogus")
                empty = await http.post("/mcp/x/,", json=LIST, headers=auth)
                past_grant = await http.post("/mcp/x/ads,boards/readonly", json=LIST, headers=auth)
                granted = await http.post("/mcp/x/ads/readonly", json=LIST, headers=auth)

    assert unknown.status_code == 404 and "bogus" in unknown.json()["error_description"]
    assert unknown_bare.status_code == 404 and "nothing" in unknown_bare.json()["error_description"]
    assert unknown_metadata.status_code == 404
    assert empty.status_code == 404
    assert past_grant.status_code == 403
    said = past_grant.json()["error_description"]
    assert "boards" in said and "reconnect" in said and "ads" in said
    assert granted.status_code == 200, granted.text


async def test_every_path_has_its_own_metadata_and_one_token_serves_them_all(store_url: str, tmp_path: Path) -> None:
    with anyio.fail_after(60):
        async with (
            replicas(store_url, tmp_path, count=1) as r,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=r.connectors[0].app), base_url=PUBLIC_URL) as http,
        ):
            bare = await http.post("/mcp/x/ads,analytics/readonly", json=LIST)
            metadata = await http.get("/.well-known/oauth-protected-resource/mcp/x/ads,analytics/readonly")
            plain = await http.get("/.well-known/oauth-protected-resource/mcp")
            client_id = await register(http)
            outside = await http.get(authorize_url(client_id, pkce()[1], resource=f"{MCP_URL}/elsewhere"))
            user = UrlUser(r.connectors[0].app, url=f"{MCP_URL}/x/ads/readonly")
            assert await names_at(user)
            assert user.storage.tokens is not None
            auth = {**HEADERS, "Authorization": f"Bearer {user.storage.tokens.access_token}"}
            on_mcp = await http.post("/mcp", json=LIST, headers=auth)

    assert bare.status_code == 401
    expected = f"{PUBLIC_URL}/.well-known/oauth-protected-resource/mcp/x/ads,analytics/readonly"
    assert f'resource_metadata="{expected}"' in bare.headers["www-authenticate"]
    assert metadata.status_code == 200 and metadata.json()["resource"] == f"{MCP_URL}/x/ads,analytics/readonly"
    assert metadata.json()["authorization_servers"] == [PUBLIC_URL]
    assert plain.json()["resource"] == MCP_URL
    assert outside.status_code in (302, 303) and "error=invalid_target" in outside.headers["location"]
    # The token was asked for /mcp/x/ads/readonly and is recorded for /mcp: it works on every path.
    assert on_mcp.status_code == 200, on_mcp.text


async def test_servers_are_cached_per_grant_and_view_within_the_bound_and_forgotten_together(
    store_url: str, tmp_path: Path
) -> None:
    with anyio.fail_after(60):
        async with replicas(store_url, tmp_path, count=1, max_servers=2) as r:
            connector = r.connectors[0]
            user = UrlUser(connector.app, change=WRITE_MODE)
            for path in ("", "/x/account,ads,analytics", "/x/ads", "/readonly"):
                assert await names_at(user.like(path=path))
            keys = connector.servers.cached()
            built = connector.servers.built
            grant_id = keys[0][0]
            connector.servers.forget(grant_id)
            left = connector.servers.cached()

    # The second path names exactly the granted toolsets: the same server as /mcp, not a new one; the
    # fourth view built evicted the least recently used (/mcp's) to stay within two.
    assert built == 3
    assert [(k[1], k[2]) for k in keys] == [(("ads",), False), (("account", "ads", "analytics"), True)]
    assert left == []


@pytest.mark.parametrize(
    ("resource", "accepted"),
    [
        (MCP_URL, True),
        (f"{MCP_URL}/", True),
        (f"{MCP_URL}/readonly", True),
        (f"{MCP_URL}/x/ads,account", True),
        (f"{MCP_URL}/x/ads/readonly", True),
        (f"{MCP_URL}/x/bogus", False),
        (f"{MCP_URL}/x", False),
        (f"{MCP_URL}/x/ads/readonly/more", False),
        (f"{MCP_URL}/elsewhere", False),
        (f"{MCP_URL}x/ads", False),
        ("https://other.example/mcp/x/ads", False),
    ],
)
def test_a_token_is_issued_for_mcp_or_a_serving_path_under_it_and_recorded_for_mcp(
    resource: str, accepted: bool
) -> None:
    """The audience check at authorize: any path that serves is `/mcp`; anything else is another resource."""
    assert (suffix_of(resource, MCP_URL) is not None) is accepted


def test_an_unknown_toolset_is_echoed_briefly() -> None:
    """The 404 names what was unknown, but never echoes a long URL back at length."""
    with pytest.raises(PathError) as raised:
        View.parse("ads," + ",".join(["x" * 500] * 50), read_only=False)
    known = len(", ".join(TOOLSET_NAMES))  # the toolsets it offers instead are named in full
    assert raised.value.status == 404 and len(raised.value.description) < 400 + known
