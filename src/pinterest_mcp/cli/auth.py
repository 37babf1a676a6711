"""`pinterest-mcp auth set|login|refresh|status|clear`: credentials for humans, kept out of the model's view.

What `login` and `refresh` save never includes a value taken from the environment (`save_renewed`):
an app secret set as PINTEREST_APP_SECRET stays in the environment only.
"""

from __future__ import annotations

import dataclasses
import getpass
import sys
import time
import webbrowser
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from pinterest_mcp.auth import oauth
from pinterest_mcp.auth.credentials import Credentials, CredentialStore, FileStore, load_credentials, save_renewed
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.operations import all_operations
from pinterest_mcp.registry.toolsets import select

SECRET_FLAGS = ("app_secret", "access_token", "refresh_token")
APP_HELP = "your Pinterest app's id and secret (developers.pinterest.com, My apps)"


class SetupNeeded(Exception):
    """A command cannot run with what is stored: nothing was sent, and the message says what to set."""


def store_place(store: CredentialStore, profile: str) -> str:
    """Where the profile's credentials are, for a person: the file itself, or the keyring."""
    return f"the file {store.path(profile)}" if isinstance(store, FileStore) else f"the {store.name}"


def first_save(store: CredentialStore, profile: str) -> bool:
    """Whether saving now creates the profile's credentials file: the moment to say where it is."""
    return isinstance(store, FileStore) and not store.path(profile).exists()


def _read_secret(value: str | None, prompt: str, stdin: Any) -> str | None:
    """`-` reads one line from stdin (for scripts); nothing given on a terminal prompts without echo."""
    if value == "-":
        return stdin.readline().strip() or None
    if value is None and stdin.isatty():
        return getpass.getpass(f"{prompt} (empty to keep): ") or None
    return value


def auth_set(
    store: CredentialStore,
    profile: str,
    *,
    app_id: str | None,
    app_secret: str | None,
    access_token: str | None,
    refresh_token: str | None,
    stdin: Any = sys.stdin,
) -> Credentials:
    """Store the given fields for `profile`, keeping the others."""
    if app_id is None and stdin.isatty():
        app_id = input("Pinterest app id (empty to keep): ").strip() or None
    given = {
        "app_id": app_id,
        "app_secret": _read_secret(app_secret, "App secret", stdin),
        "access_token": _read_secret(access_token, "Access token", stdin) if access_token else None,
        "refresh_token": _read_secret(refresh_token, "Refresh token", stdin) if refresh_token else None,
    }
    changes: dict[str, Any] = {k: v for k, v in given.items() if v}
    if "access_token" in changes:
        changes["access_token_expires_at"] = None  # a pasted token: its expiry is unknown
    if "refresh_token" in changes:
        changes["refresh_token_expires_at"] = None
    updated = dataclasses.replace(store.load(profile), **changes)
    store.save(profile, updated)
    return updated


async def auth_login(
    settings: Settings,
    store: CredentialStore,
    *,
    env: Mapping[str, str] | None = None,
    app_id: str | None = None,
    app_secret: str | None = None,
    port: int = oauth.DEFAULT_LOGIN_PORT,
    authorize_base: str = oauth.AUTHORIZE_URL,
    open_browser: Callable[[str], object] | None = webbrowser.open,
    http: httpx.AsyncClient | None = None,
    timeout: float = 300.0,
) -> Credentials:
    """The OAuth authorization-code flow; the tokens are stored before this returns."""
    current = load_credentials(settings.profile, store, env)
    sources = dict(current.sources)
    for name, value in (("app_id", app_id), ("app_secret", app_secret)):
        if value:
            sources[name] = "argument"  # given to this call: the user means it to be stored
    current = dataclasses.replace(
        current, app_id=app_id or current.app_id, app_secret=app_secret or current.app_secret, sources=sources
    )
    app_id, app_secret = current.app_id, current.app_secret
    if not app_id or not app_secret:
        missing = " and ".join(name for name, v in (("app id", app_id), ("app secret", app_secret)) if not v)
        raise SetupNeeded(
            f"no {missing} for profile {settings.profile!r}: signing in needs {APP_HELP}. Store them with "
            "`pinterest-mcp auth set`, or set PINTEREST_APP_ID and PINTEREST_APP_SECRET."
        )
    scopes = oauth.scopes_for(
        select(settings.toolsets, settings.tools, read_only=settings.read_only, operations=all_operations())
    )
    owned = http is None
    http = http or httpx.AsyncClient(timeout=30.0)
    try:
        tokens = await oauth.login(
            app_id=app_id,
            app_secret=app_secret,
            token_url=oauth.token_url_for(settings.base_url),
            scopes=scopes,
            open_browser=open_browser,
            port=port,
            timeout=timeout,
            http=http,
            authorize_base=authorize_base,
        )
    finally:
        if owned:
            await http.aclose()
    renewed = tokens.apply_to(current)
    save_renewed(store, settings.profile, renewed)
    return renewed


async def auth_refresh(
    settings: Settings, store: CredentialStore, *, env: Mapping[str, str] | None = None, http: httpx.AsyncClient
) -> Credentials:
    """Refresh now and store the rotated refresh token."""
    current = load_credentials(settings.profile, store, env)
    if not (current.app_id and current.app_secret and current.refresh_token):
        missing = ", ".join(
            n.replace("_", " ") for n in ("app_id", "app_secret", "refresh_token") if not getattr(current, n)
        )
        raise SetupNeeded(
            f"nothing to refresh for profile {settings.profile!r}: no {missing}. "
            "Sign in with `pinterest-mcp auth login` (after `pinterest-mcp auth set` for the app id and secret)."
        )
    response = await oauth.refresh(
        http, oauth.token_url_for(settings.base_url), current.app_id, current.app_secret, current.refresh_token
    )
    renewed = response.apply_to(current)
    save_renewed(store, settings.profile, renewed)
    return renewed


def auth_status(settings: Settings, store: CredentialStore, *, env: Mapping[str, str] | None = None) -> str:
    creds = load_credentials(settings.profile, store, env)
    lines = [
        f"profile: {settings.profile}",
        f"store: {store_place(store, settings.profile)}",
        creds.describe(time.time()),
    ]
    days = creds.refresh_days_left(time.time())
    if days is not None and days < 7:
        lines.append(f"WARNING: the refresh token expires in {days:.1f} days; run `pinterest-mcp auth login`")
    return "\n".join(lines)
