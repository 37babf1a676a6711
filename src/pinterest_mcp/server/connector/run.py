"""`serve --auth oauth`: check the public URL, open the store and the vault, build and serve the connector."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pinterest_mcp.auth import oauth
from pinterest_mcp.auth.vault import Vault, new_key
from pinterest_mcp.config.settings import Settings, check_base_url
from pinterest_mcp.server.connector.provider import ConnectorConfig

log = logging.getLogger(__name__)

DEMO_API_URL = "http://emulator.local/v5"
APP_ID_ENV = "PINTEREST_APP_ID"
APP_SECRET_ENV = "PINTEREST_APP_SECRET"
AUTHORIZE_URL_ENV = "PINTEREST_AUTHORIZE_URL"
"""Pinterest's consent page, when not Pinterest's own: an emulator on this machine (https or loopback only)."""
MAX_SERVERS_ENV = "PINTEREST_MCP_MAX_SERVERS"
"""How many grant servers a replica keeps (each about 0.13 MiB): round-robin replicas each serve every
active grant, so set it above the number of grants active at once, or calls rebuild servers."""


def max_servers(env: Mapping[str, str]) -> int:
    """The replica's cap on cached grant servers, from the environment (`DEFAULT_MAX_SERVERS` unset)."""
    from pinterest_mcp.server.connector.serving import DEFAULT_MAX_SERVERS

    value = env.get(MAX_SERVERS_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_SERVERS
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{MAX_SERVERS_ENV} must be a whole number of servers, at least 1 (got {value!r})")
    return int(value)


def check_public_url(url: str | None) -> str:
    """The public URL clients reach the server at: https, or http only on a loopback host."""
    if not url:
        raise ValueError(
            "--auth oauth needs --public-url: the https URL clients reach this server at "
            "(for example --public-url https://mcp.example.com; http://127.0.0.1:PORT for a local try)"
        )
    parts = urlsplit(url)
    host = parts.hostname or ""
    if (
        parts.scheme not in ("https", "http")
        or not host
        or parts.query
        or parts.fragment
        or parts.path not in ("", "/")
    ):
        raise ValueError(f"--public-url must be an origin such as https://mcp.example.com, not {url!r}")
    if parts.scheme == "http" and not _loopback(host):
        raise ValueError(f"--public-url must be https unless its host is loopback; {host} is not")
    return url.rstrip("/")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def scopes(settings: Settings) -> tuple[str, ...]:
    """The Pinterest scopes every tool the operator allows may need (a grant narrows tools, not scopes)."""
    from pinterest_mcp.operations import all_operations
    from pinterest_mcp.registry.toolsets import select

    return oauth.scopes_for(select(["all"], read_only=settings.read_only, operations=all_operations()))


def connector_config(settings: Settings, public_url: str, env: Mapping[str, str]) -> ConnectorConfig:
    """Pinterest's endpoints and the server's app credentials (the environment's), or the emulator's for --demo."""
    if settings.demo:
        from pinterest_mcp.emulator.oauth import DEFAULT_APP_ID, DEFAULT_APP_SECRET

        return ConnectorConfig(
            public_url=public_url,
            pinterest_app_id=DEFAULT_APP_ID,
            pinterest_app_secret=DEFAULT_APP_SECRET,
            pinterest_authorize_url=f"{public_url}/demo-pinterest/oauth/",
            pinterest_api_url=DEMO_API_URL,
            pinterest_token_url=f"{DEMO_API_URL}/oauth/token",
            pinterest_scopes=scopes(settings),
        )
    app_id, secret = env.get(APP_ID_ENV, "").strip(), env.get(APP_SECRET_ENV, "").strip()
    if not app_id or not secret:
        raise ValueError(
            f"--auth oauth signs users in at Pinterest as your app: set {APP_ID_ENV} and {APP_SECRET_ENV}, "
            f"and register {public_url}/oauth/pinterest/callback as a redirect URI of the app"
        )
    return ConnectorConfig(
        public_url=public_url,
        pinterest_app_id=app_id,
        pinterest_app_secret=secret,
        pinterest_authorize_url=authorize_url(env),
        pinterest_api_url=settings.base_url,
        pinterest_token_url=oauth.token_url_for(settings.base_url),
        pinterest_scopes=scopes(settings),
    )


def authorize_url(env: Mapping[str, str]) -> str:
    """Where users sign in at Pinterest: Pinterest's page, or `PINTEREST_AUTHORIZE_URL` (https, or loopback http).

    With `PINTEREST_API_BASE_URL` on an emulator on this machine, its consent page is the one that issues
    the codes that emulator's token endpoint takes; plain http elsewhere would carry users' codes in clear.
    """
    value = env.get(AUTHORIZE_URL_ENV, "").strip()
    if not value:
        return oauth.AUTHORIZE_URL
    try:
        return check_base_url(value, AUTHORIZE_URL_ENV)
    except ValueError:
        raise ValueError(
            f"{AUTHORIZE_URL_ENV} must be an https URL (plain http only to loopback: 127.0.0.1, ::1, localhost), "
            f"not {value[:200]!r}: users sign in there; unset it to sign them in at Pinterest"
        ) from None


def vault_for(settings: Settings, env: Mapping[str, str]) -> Vault:
    """The vault's keys from the environment; the demo makes a throwaway one when none is set."""
    from pinterest_mcp.auth.vault import KEYS_ENV, KEYS_FILE_ENV

    if settings.demo and not env.get(KEYS_ENV) and not env.get(KEYS_FILE_ENV):
        log.warning("demo: no %s, so a throwaway vault key is used (sign in again after a restart)", KEYS_ENV)
        return Vault([new_key()])
    return Vault.from_env(env)


def default_store_url(env: Mapping[str, str]) -> str:
    from pinterest_mcp.config.paths import data_dir

    return f"sqlite://{data_dir(env) / 'connector.db'}"


def serve_connector(
    settings: Settings,
    *,
    public_url: str,
    store_url: str | None,
    host: str,
    port: int,
    env: Mapping[str, str],
    security: Any,
    log_level: str,
) -> None:
    """Serve the connector until interrupted."""
    import anyio
    import uvicorn

    from pinterest_mcp.config.paths import data_dir
    from pinterest_mcp.server.connector.app import build_connector
    from pinterest_mcp.server.transports.http_auth import uvicorn_config
    from pinterest_mcp.store import open_store

    config = connector_config(settings, public_url, env)
    vault = vault_for(settings, env)
    cap = max_servers(env)
    url = store_url or default_store_url(env)
    if url.startswith("sqlite://") and not url.startswith("sqlite://:memory:"):
        Path(url.removeprefix("sqlite://")).parent.mkdir(parents=True, exist_ok=True)
    journals = data_dir(env) / "grants"
    journals.mkdir(parents=True, exist_ok=True)

    async def main() -> None:
        store = await open_store(url)
        demo_app: Any = None
        transport: Any = None
        if settings.demo:
            from pinterest_mcp.emulator import Emulator

            emulator = Emulator(seed=settings.seed, oauth=True)
            demo_app = emulator.app
            transport = emulator.transport(settings.demo_faults)
        try:
            connector = build_connector(
                settings,
                config,
                store,
                vault,
                journals=journals,
                pinterest_transport=transport,
                demo_app=demo_app,
                security=security,
                max_servers=cap,
            )
            log.info(
                "connector at %s (read tools only: %s/readonly; some toolsets: %s/x/ads,analytics)",
                config.mcp_url,
                config.mcp_url,
                config.mcp_url,
            )
            if settings.trusted_proxies:
                log.info("X-Forwarded-For/-Proto believed from %s only", ", ".join(settings.trusted_proxies))
            uv = uvicorn_config(
                connector.app, host=host, port=port, log_level=log_level, trusted_proxies=settings.trusted_proxies
            )
            await uvicorn.Server(uv).serve()
        finally:
            await store.close()

    anyio.run(main)
