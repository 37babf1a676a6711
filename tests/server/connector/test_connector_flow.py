"""The connector end to end with the SDK's OAuth client.

Discovery, Pinterest sign-in, consent, serving per grant, refresh, revocation.
"""

from __future__ import annotations

from pathlib import Path

import anyio
import httpx
import pytest

from pinterest_mcp.store import Store
from support.connector import MCP_URL, PUBLIC_URL, SdkUser, served
from support.tools import text_of

pytestmark = pytest.mark.anyio

US, EU = "549755856399", "549756002702"


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """SQLite only here: the store's contract suite covers PostgreSQL."""
    return f"sqlite://{tmp_path / 'store.db'}"


async def test_discovery_starts_from_a_401_with_resource_metadata(store: Store, tmp_path: Path) -> None:
    async with (
        served(store, tmp_path) as s,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=s.app), base_url=PUBLIC_URL) as http,
    ):
        bare = await http.post("/mcp", json={})
        prm = await http.get("/.well-known/oauth-protected-resource/mcp")
        asm = await http.get("/.well-known/oauth-authorization-server")
    assert bare.status_code == 401
    assert (
        f'resource_metadata="{PUBLIC_URL}/.well-known/oauth-protected-resource/mcp"' in bare.headers["www-authenticate"]
    )
    assert prm.json()["resource"] == MCP_URL and prm.json()["authorization_servers"] == [PUBLIC_URL]
    meta = asm.json()
    assert meta["client_id_metadata_document_supported"] is True
    assert "none" in meta["token_endpoint_auth_methods_supported"]
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["registration_endpoint"] and meta["revocation_endpoint"]


async def test_full_flow_lists_the_grants_tools_reads_allowed_accounts_refreshes_and_revokes(
    store: Store, tmp_path: Path
) -> None:
    with anyio.fail_after(60):
        async with served(store, tmp_path) as s:
            user = SdkUser(s.app, change={"ad_account": [US]})
            async with user.client() as client:
                names = {t.name for t in (await client.list_tools()).tools}
                accounts = await client.call_tool("list_ad_accounts", {})
                allowed = await client.call_tool("list_campaigns", {"ad_account_id": US})
                refused = await client.call_tool("list_campaigns", {"ad_account_id": EU})
            # The page showed who signed in and which client asked.
            assert "hearthandharvest" in user.browser.pages[0] and "Test client" in user.browser.pages[0]
            # Read-only by default: the default toolsets, and no write tool.
            assert "list_campaigns" in names and "get_ad_account" in names
            assert "update_campaigns" not in names and "pause_campaigns" not in names and "enable_toolset" not in names
            assert "list_boards" not in names
            assert not accounts.is_error and US in text_of(accounts) and EU not in text_of(accounts)
            assert not allowed.is_error
            assert refused.is_error and "not among the accounts" in text_of(refused) and US in text_of(refused)

            # Refresh: rotated, and the one just replaced is honoured until its successor is used.
            tokens = user.storage.tokens
            assert tokens is not None and tokens.refresh_token
            client_id = user.storage.client.client_id if user.storage.client else ""
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=s.app), base_url=PUBLIC_URL) as http:

                async def refresh(token: str) -> httpx.Response:
                    form = {"grant_type": "refresh_token", "refresh_token": token, "client_id": client_id or ""}
                    return await http.post("/token", data=form)

                first = await refresh(tokens.refresh_token)
                assert first.status_code == 200, first.text
                second_token = first.json()["refresh_token"]
                assert second_token != tokens.refresh_token
                retry = await refresh(tokens.refresh_token)  # the answer was "lost": the previous one still works
                assert retry.status_code == 200, retry.text
                latest = retry.json()["refresh_token"]
                used = await refresh(latest)  # the successor is used...
                assert used.status_code == 200
                stale = await refresh(tokens.refresh_token)  # ...so the old one is done
                assert stale.status_code == 400 and stale.json()["error"] == "invalid_grant"

                access = used.json()["access_token"]
                headers = {"Authorization": f"Bearer {access}", "Accept": "application/json, text/event-stream"}
                ping = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
                ok = await http.post("/mcp", json=ping, headers={**headers, "MCP-Protocol-Version": "2025-06-18"})
                assert ok.status_code == 200, ok.text
                revoked = await http.post(
                    "/revoke", data={"token": access, "client_id": client_id or "", "client_secret": ""}
                )
                assert revoked.status_code == 200, revoked.text
                after = await http.post("/mcp", json=ping, headers={**headers, "MCP-Protocol-Version": "2025-06-18"})
                assert after.status_code == 401
                assert (await refresh(used.json()["refresh_token"])).status_code == 400


async def test_a_write_grant_lists_write_tools(store: Store, tmp_path: Path) -> None:
    with anyio.fail_after(60):
        async with served(store, tmp_path) as s:
            user = SdkUser(s.app, change={"mode": ["write"]})
            async with user.client() as client:
                names = {t.name for t in (await client.list_tools()).tools}
    assert "pause_campaigns" in names or "update_campaigns" in names
