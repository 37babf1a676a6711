"""Auth that keeps working, end to end against the emulator's OAuth: refresh, rotation, login, no leaks."""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import anyio
import httpx
import pytest
from mcp import Client

from pinterest_mcp.auth.credentials import Credentials, KeyringStore
from pinterest_mcp.cli.auth import auth_login
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import DEFAULT_APP_ID, DEFAULT_APP_SECRET, Emulator
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.concurrency import calls_at_once
from support.fakes import MemoryKeyring
from support.tools import text_of

pytestmark = pytest.mark.anyio
BASE = "http://emulator.local/v5"
PROFILE = "default"


def stored_login(emu: Emulator, store: KeyringStore, *, expires_in: float = 3600) -> Credentials:
    """Credentials as `auth login` leaves them: app id/secret and a fresh token pair, in the keyring."""
    tokens = emu.oauth.issue_tokens()
    now = time.time()
    creds = Credentials(
        app_id=DEFAULT_APP_ID,
        app_secret=DEFAULT_APP_SECRET,
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        access_token_expires_at=now + expires_in,
        refresh_token_expires_at=float(tokens["refresh_token_expires_at"]),
        scopes=tuple(tokens["scope"].split(",")),
    )
    store.save(PROFILE, creds)
    return creds


def runtime_for(emu: Emulator, store: KeyringStore, env: dict[str, str] | None = None) -> Runtime:
    settings = Settings(base_url=BASE, toolsets=("all",))
    return Runtime(settings, transport=httpx.ASGITransport(app=emu.app), store=store, env=env or {})


@pytest.fixture
def emu() -> Emulator:
    return Emulator(oauth=True)


@pytest.fixture
def store() -> KeyringStore:
    return KeyringStore(MemoryKeyring())


async def test_fifty_concurrent_calls_on_an_expired_token_make_one_refresh(emu: Emulator, store: KeyringStore) -> None:
    """Pinterest says 401 to all fifty; exactly one refresh goes out and every call then succeeds."""
    old = stored_login(emu, store)
    emu.oauth.advance(31 * 86400)  # the server-side access token expires; our record does not know yet
    runtime = runtime_for(emu, store)
    results = await calls_at_once(runtime)
    assert [r.is_error for r in results] == [False] * 50
    assert emu.oauth.token_requests.count("refresh_token") == 1
    saved = store.load(PROFILE)
    assert saved.refresh_token is not None and saved.refresh_token != old.refresh_token
    assert emu.oauth.is_live(saved.refresh_token, "refresh_token")
    assert saved.access_token == runtime.tokens.credentials.access_token  # type: ignore[union-attr]


async def test_every_refresh_saves_the_rotated_refresh_token_first(emu: Emulator, store: KeyringStore) -> None:
    """Each refresh rotates the refresh token; the keyring holds the live one after every refresh."""
    stored_login(emu, store, expires_in=-1)  # already expired locally: refreshed before the first call
    runtime = runtime_for(emu, store)
    async with Client(build_server(runtime.settings, runtime)) as client:
        for round_ in range(3):
            result = await client.call_tool("get_user_account", {})
            assert not result.is_error
            saved = store.load(PROFILE)
            assert saved.refresh_token is not None and emu.oauth.is_live(saved.refresh_token, "refresh_token"), round_
            emu.oauth.advance(31 * 86400)
    assert emu.oauth.token_requests.count("refresh_token") == 3


async def test_a_revoked_refresh_token_tells_the_user_to_log_in(emu: Emulator, store: KeyringStore) -> None:
    """When the refresh itself is refused the tool error says to run `pinterest-mcp auth login`."""
    stored_login(emu, store)
    emu.oauth.revoke_all()
    runtime = runtime_for(emu, store)
    async with Client(build_server(runtime.settings, runtime)) as client:
        result = await client.call_tool("list_ad_accounts", {})
    assert result.is_error
    assert "pinterest-mcp auth login" in text_of(result)


async def test_auth_login_completes_against_the_emulator(emu: Emulator, store: KeyringStore) -> None:
    """The browser flow: authorize, redirect to the loopback callback, code exchange, tokens stored."""
    store.save(PROFILE, Credentials(app_id=DEFAULT_APP_ID, app_secret=DEFAULT_APP_SECRET))

    async def browser(url: str) -> None:
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        redirect = emu.oauth.authorize(query["client_id"], query["redirect_uri"], query["scope"], query["state"])
        async with httpx.AsyncClient() as real:  # a real request to the loopback callback server
            await real.get(redirect)

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app)) as http:
        with anyio.fail_after(30):
            creds = await auth_login(
                Settings(base_url=BASE), store, env={}, port=0, open_browser=browser, http=http, timeout=20
            )
    saved = store.load(PROFILE)
    assert saved.access_token is not None and saved.access_token == creds.access_token
    assert emu.oauth.is_live(saved.access_token)
    assert saved.refresh_token and "ads:read" in saved.scopes
    runtime = runtime_for(emu, store)
    async with Client(build_server(runtime.settings, runtime)) as client:
        assert not (await client.call_tool("get_user_account", {})).is_error


async def test_a_canary_secret_never_appears_in_any_output(
    emu: Emulator, store: KeyringStore, caplog: pytest.LogCaptureFixture
) -> None:
    """Tokens and the app secret stay out of results, errors, logs and reprs, on failing paths too."""
    canary = {
        "PINTEREST_APP_ID": DEFAULT_APP_ID,
        "PINTEREST_APP_SECRET": "canary-app-secret-7f3a",
        "PINTEREST_ACCESS_TOKEN": "pina_canary_access_7f3a",
        "PINTEREST_REFRESH_TOKEN": "pinr.canary_refresh_7f3a",
    }
    secrets = [v for k, v in canary.items() if k != "PINTEREST_APP_ID"]
    caplog.set_level(logging.DEBUG)
    runtime = runtime_for(emu, store, env=canary)
    emu.inject_fault(method="GET", path="/boards", status=500, times=1)
    seen: list[str] = []
    async with Client(build_server(runtime.settings, runtime)) as client:
        calls: tuple[tuple[str, dict[str, Any]], ...] = (
            ("list_boards", {}),
            ("get_user_account", {}),
            ("check_connection", {}),
        )
        for tool, args in calls:
            result = await client.call_tool(tool, args)
            assert result.is_error
            seen.extend(getattr(block, "text", "") for block in result.content)
            seen.append(repr(result.structured_content))
    seen += [caplog.text, repr(runtime.tokens), repr(runtime.settings), repr(store.load(PROFILE))]
    seen.append(repr(runtime.tokens.credentials) if runtime.tokens else "")
    for secret in secrets:
        assert not any(secret in text for text in seen), secret


async def test_doctor_reports_sources_expiry_and_scopes(emu: Emulator, store: KeyringStore) -> None:
    """doctor: where each credential comes from, days left on the refresh token, missing scopes, live calls."""
    from pinterest_mcp.server.doctor import diagnose, render

    stored_login(emu, store)
    runtime = runtime_for(emu, store, env={"PINTEREST_ADS_ACCESS_TOKEN": emu.oauth.issue_tokens()["access_token"]})
    try:
        report = render(await diagnose(runtime, api=True))
    finally:
        await runtime.aclose()
    assert "access_token from env:PINTEREST_ADS_ACCESS_TOKEN" in report
    assert "refresh_token from keyring" in report and "days left" in report
    assert "ok    refresh" in report and "@" in report and "(USD)" in report
    assert "FAIL" not in report


def test_doctor_command_in_demo_mode(capsys: pytest.CaptureFixture[str]) -> None:
    from pinterest_mcp.cli.commands import main

    assert main(["doctor", "--demo", "--api"]) == 0
    out = capsys.readouterr().out
    assert "demo" in out and "ad accounts" in out
