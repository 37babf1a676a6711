"""Auth and credential defects found by hostile testing, one test each, named after the defect.

Against the emulator's OAuth endpoints (rotation, revocation, token requests counted server-side),
through a real `Runtime` and, where a tool is involved, a real in-memory MCP client. Transports that
lose or delay the token endpoint's answer wrap the emulator's ASGI transport, so Pinterest's side
really did rotate the refresh token when our side never hears about it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client

from pinterest_mcp.auth.credentials import Credentials, FileStore, KeyringStore
from pinterest_mcp.cli.auth import auth_login, auth_refresh
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import DEFAULT_APP_ID, DEFAULT_APP_SECRET, Emulator
from pinterest_mcp.operations import by_name
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.concurrency import calls_at_once
from support.fakes import MemoryKeyring
from support.tools import text_of

pytestmark = pytest.mark.anyio
BASE = "http://emulator.local/v5"
PROFILE = "default"
TOKEN_PATH = "/v5/oauth/token"


@pytest.fixture
def emu() -> Emulator:
    return Emulator(oauth=True)


@pytest.fixture
def store() -> KeyringStore:
    return KeyringStore(MemoryKeyring())


def env_login(emu: Emulator, **extra: str) -> dict[str, str]:
    """A user who keeps everything in the MCP client's environment, as the README's config shows."""
    tokens = emu.oauth.issue_tokens()
    return {
        "PINTEREST_APP_ID": DEFAULT_APP_ID,
        "PINTEREST_APP_SECRET": DEFAULT_APP_SECRET,
        "PINTEREST_REFRESH_TOKEN": tokens["refresh_token"],
        **extra,
    }


def stored_login(emu: Emulator, store: KeyringStore, *, expires_in: float = 3600, app: bool = True) -> Credentials:
    tokens = emu.oauth.issue_tokens()
    creds = Credentials(
        app_id=DEFAULT_APP_ID if app else None,
        app_secret=DEFAULT_APP_SECRET if app else None,
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        access_token_expires_at=time.time() + expires_in,
        refresh_token_expires_at=float(tokens["refresh_token_expires_at"]),
    )
    store.save(PROFILE, creds)
    return creds


class TokenEndpointTrap(httpx.AsyncBaseTransport):
    """The emulator's transport, with `on_token(response)` run after Pinterest answered a token request."""

    def __init__(self, emu: Emulator, on_token: Callable[[httpx.Response], Awaitable[httpx.Response]]) -> None:
        self.inner = httpx.ASGITransport(app=emu.app)
        self.on_token = on_token

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path == TOKEN_PATH:
            await response.aread()
            return await self.on_token(response)
        return response


def runtime_for(
    emu: Emulator,
    store: KeyringStore,
    env: dict[str, str] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Runtime:
    return Runtime(
        Settings(base_url=BASE, toolsets=("all",)),
        transport=transport or httpx.ASGITransport(app=emu.app),
        store=store,
        env=env or {},
    )


async def call(runtime: Runtime, tool: str, arguments: dict[str, Any] | None = None) -> tuple[bool, str]:
    async with Client(build_server(runtime.settings, runtime)) as client:
        result = await client.call_tool(tool, arguments or {})
    return bool(result.is_error), " ".join(getattr(block, "text", "") for block in result.content)


def token_requests(emu: Emulator) -> int:
    return sum(1 for r in emu.requests if r.path == "/oauth/token")


# ---- a restart after a rotation ------------------------------------------------------------------


async def test_a_rotated_env_refresh_token_does_not_override_the_saved_successor_after_a_restart(
    emu: Emulator, store: KeyringStore
) -> None:
    """PINTEREST_REFRESH_TOKEN is consumed by the first refresh; the next start must use the saved successor."""
    env = env_login(emu)
    failed, text = await call(runtime_for(emu, store, env), "get_user_account")
    assert not failed, text
    assert not emu.oauth.is_live(env["PINTEREST_REFRESH_TOKEN"], "refresh_token")  # rotated away
    emu.oauth.advance(31 * 86400)  # and the access token expires: the restart must refresh with the successor

    restarted = runtime_for(emu, store, env)  # same environment, as a client config restarts the server
    failed, text = await call(restarted, "get_user_account")
    assert not failed, text
    assert "rejected" not in text
    assert emu.oauth.token_requests.count("refresh_token") == 2
    saved = store.load(PROFILE)
    assert emu.oauth.is_live(saved.refresh_token or "", "refresh_token")


async def test_a_new_env_refresh_token_still_wins_over_the_saved_one(emu: Emulator, store: KeyringStore) -> None:
    """The rule above only skips the value that was rotated away: a token the user pastes anew is used."""
    await call(runtime_for(emu, store, env_login(emu)), "get_user_account")
    fresh = env_login(emu)
    runtime = runtime_for(emu, store, fresh)
    await runtime.client()
    assert runtime.tokens is not None
    assert runtime.tokens.credentials.refresh_token == fresh["PINTEREST_REFRESH_TOKEN"]
    await runtime.aclose()


# ---- an app secret kept in the environment -------------------------------------------------------


async def test_an_app_secret_from_the_environment_is_never_written_to_the_store_on_refresh(
    emu: Emulator, store: KeyringStore
) -> None:
    stored_login(emu, store, expires_in=-1, app=False)  # tokens stored, app credentials in the env only
    env = {"PINTEREST_APP_ID": DEFAULT_APP_ID, "PINTEREST_APP_SECRET": DEFAULT_APP_SECRET}
    failed, text = await call(runtime_for(emu, store, env), "get_user_account")
    assert not failed, text
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app)) as http:
        await auth_refresh(Settings(base_url=BASE), store, env=env, http=http)
    assert emu.oauth.token_requests.count("refresh_token") == 2
    saved = store.load(PROFILE)
    assert saved.app_secret is None and saved.app_id is None
    assert emu.oauth.is_live(saved.refresh_token or "", "refresh_token")
    blob = next(iter(store.backend.items.values()))  # type: ignore[attr-defined]
    assert DEFAULT_APP_SECRET not in blob


async def test_auth_login_does_not_store_an_app_secret_taken_from_the_environment(
    emu: Emulator, store: KeyringStore
) -> None:
    from urllib.parse import parse_qs, urlsplit

    async def browser(url: str) -> None:
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        redirect = emu.oauth.authorize(query["client_id"], query["redirect_uri"], query["scope"], query["state"])
        async with httpx.AsyncClient() as real:
            await real.get(redirect)

    env = {"PINTEREST_APP_ID": DEFAULT_APP_ID, "PINTEREST_APP_SECRET": DEFAULT_APP_SECRET}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app)) as http:
        with anyio.fail_after(30):
            settings = Settings(base_url=BASE)
            await auth_login(settings, store, env=env, port=0, open_browser=browser, http=http, timeout=20)
    saved = store.load(PROFILE)
    assert saved.refresh_token and saved.app_secret is None


# ---- failures are single-flight too --------------------------------------------------------------


@pytest.mark.parametrize("failure", ["refresh token revoked", "token endpoint unavailable"])
async def test_a_failed_refresh_is_shared_by_every_waiting_call(
    failure: str, emu: Emulator, store: KeyringStore
) -> None:
    """Fifty calls on a dead access token: one token request, and all fifty get its failure."""
    stored_login(emu, store)
    if failure == "refresh token revoked":
        emu.oauth.revoke_all()
    else:
        emu.oauth.advance(31 * 86400)  # the access token expires server-side
        emu.inject_fault(method="POST", path="/oauth/token", status=503, times=50)
    runtime = runtime_for(emu, store)
    results = await calls_at_once(runtime)
    assert [r.is_error for r in results] == [True] * 50
    assert token_requests(emu) == 1
    if failure == "refresh token revoked":
        assert all("pinterest-mcp auth login" in text_of(r) for r in results)


# ---- a refresh interrupted after Pinterest rotated -----------------------------------------------


async def test_a_token_endpoint_timeout_after_rotation_does_not_claim_nothing_was_changed(
    emu: Emulator, store: KeyringStore
) -> None:
    """Pinterest rotated, the answer never arrived: the user must hear that, not "nothing was changed"."""

    async def lose(response: httpx.Response) -> httpx.Response:
        raise httpx.ReadTimeout("the answer came too late")

    stored_login(emu, store, expires_in=-1)
    failed, text = await call(runtime_for(emu, store, transport=TokenEndpointTrap(emu, lose)), "get_user_account")
    assert failed
    assert "nothing was changed" not in text.lower()
    assert "may have" in text and "rotated" in text and "auth login" in text


async def test_a_refresh_cancelled_after_pinterest_answered_keeps_the_rotated_token(
    emu: Emulator, store: KeyringStore
) -> None:
    """A tool call cancelled while the token answer is on its way must not lose the rotated refresh token."""
    answered = anyio.Event()
    release = anyio.Event()

    async def slow(response: httpx.Response) -> httpx.Response:
        answered.set()
        await release.wait()
        return response

    old = stored_login(emu, store, expires_in=-1)
    runtime = runtime_for(emu, store, transport=TokenEndpointTrap(emu, slow))
    op = by_name()["get_user_account"]
    caller = anyio.CancelScope()

    async def tool_call() -> None:
        with caller:
            await runtime.send(op, op.input.model_validate({}))

    with anyio.fail_after(10):
        async with anyio.create_task_group() as group:
            group.start_soon(tool_call)
            await answered.wait()
            caller.cancel()  # e.g. the MCP client cancelled the request or its timeout hit
            await anyio.wait_all_tasks_blocked()
            release.set()
    await runtime.aclose()
    saved = store.load(PROFILE)
    assert saved.refresh_token != old.refresh_token
    assert emu.oauth.is_live(saved.refresh_token or "", "refresh_token")


# ---- an interrupted save -------------------------------------------------------------------------


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts descriptors through /proc")
def test_an_interrupted_save_leaves_no_temp_file_and_no_open_descriptor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    def interrupted(fd: int, *args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    store = FileStore(tmp_path)
    before = _open_descriptors()
    monkeypatch.setattr("pinterest_mcp.auth.credentials.os.fdopen", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.save(PROFILE, Credentials(access_token="pina_interrupted_save_token"))
    assert list(tmp_path.iterdir()) == []
    assert _open_descriptors() == before


def test_a_temp_file_left_by_a_killed_save_is_removed(tmp_path: Path) -> None:
    """A save killed outright (SIGKILL, power loss) leaves its temp file with the token; the next use removes it."""
    store = FileStore(tmp_path)
    leftover = tmp_path / ".credentials-default.k1ll3d.tmp"
    leftover.write_text('{"access_token":"pina_left_behind_token"}')
    os.chmod(leftover, 0o600)
    an_hour_ago = time.time() - 3600
    os.utime(leftover, (an_hour_ago, an_hour_ago))
    fresh = tmp_path / ".credentials-default.und3rway.tmp"  # another process's save, still under way
    fresh.write_text("{}")
    other = tmp_path / ".credentials-work.k1ll3d.tmp"  # another profile's: not ours to judge here
    other.write_text("{}")
    os.utime(other, (an_hour_ago, an_hour_ago))

    assert store.load(PROFILE) == Credentials()
    assert not leftover.exists() and fresh.exists() and other.exists()
    leftover.write_text("{}")
    os.utime(leftover, (an_hour_ago, an_hour_ago))
    store.save(PROFILE, Credentials(access_token="pina_saved_token_value"))
    assert not leftover.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".credentials-default.und3rway.tmp", ".credentials-work.k1ll3d.tmp", "credentials-default.json"]
    )
