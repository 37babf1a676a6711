"""The connector's HTTP app: OAuth authorization server, Pinterest sign-in, consent, and `/mcp` per grant.

Routes (the SDK's handlers wherever they fit):

- `/.well-known/oauth-authorization-server` (RFC 8414), with what the SDK's metadata lacks:
  `client_id_metadata_document_supported` and `none` among the token endpoint's auth methods
  (public clients: Claude's CIMD client id, DCR clients without a secret);
- `/.well-known/oauth-protected-resource/mcp` (RFC 9728, path-suffixed), and the same for each path
  below `/mcp` (`paths`), each naming itself as the resource;
- `/authorize`, `/token`, `/register` (RFC 7591), `/revoke`: the SDK's handlers on `StoreProvider`;
  `/register` is anonymous, so it is rate-limited per client address and overall (`RegisterLimit`);
- `/oauth/pinterest/callback`, `/oauth/consent`: `signin.SignIn`;
- `/mcp`, `/mcp/readonly`, `/mcp/x/{toolset,...}`, `/mcp/x/{toolset,...}/readonly`: 404 naming an
  unknown toolset; 401 with `WWW-Authenticate: Bearer resource_metadata=...` (that path's metadata)
  without a token this server issued for `/mcp`; 403 naming a toolset the grant does not allow;
  else the grant's own server, narrowed by the path (`serving`);
- `/healthz`; with `--demo`, the emulator's Pinterest under `/demo-pinterest/` (its `/oauth/` page).

The lifespan also runs the store cleanup (`housekeeping`): expired codes, tokens and claims go every
few minutes.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import httpx
from mcp.server.auth.handlers.metadata import MetadataHandler, ProtectedResourceMetadataHandler
from mcp.server.auth.middleware.auth_context import AuthContextMiddleware
from mcp.server.auth.middleware.bearer_auth import BearerAuthBackend, RequireAuthMiddleware
from mcp.server.auth.provider import ProviderTokenVerifier
from mcp.server.auth.routes import (
    REGISTRATION_PATH,
    build_metadata,
    build_resource_metadata_url,
    cors_middleware,
    create_auth_routes,
)
from mcp.server.auth.settings import ClientRegistrationOptions, RevocationOptions
from mcp.server.transport_security import TransportSecuritySettings
from mcp.shared.auth import ProtectedResourceMetadata
from pydantic import AnyHttpUrl, ConfigDict, TypeAdapter
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from pinterest_mcp import __version__
from pinterest_mcp.auth.vault import TokenVault, Vault
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.server.connector.cimd import MetadataDocuments
from pinterest_mcp.server.connector.housekeeping import Housekeeper
from pinterest_mcp.server.connector.paths import MCP_PATH, READONLY, PathError, View
from pinterest_mcp.server.connector.provider import ConnectorConfig, RegistrationLimits, StoreProvider
from pinterest_mcp.server.connector.serving import DEFAULT_MAX_SERVERS, GrantDispatch, GrantServers, server_builder
from pinterest_mcp.server.connector.signin import SignIn
from pinterest_mcp.store.port import Store, StoreError

_URL: TypeAdapter[AnyHttpUrl] = TypeAdapter(AnyHttpUrl, config=ConfigDict(url_preserve_empty_path=True))
METADATA_PATH = "/.well-known/oauth-authorization-server"
DEMO_PREFIX = "/demo-pinterest"
PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource"


@dataclass
class Connector:
    """The app and the parts tests reach into."""

    app: Starlette
    provider: StoreProvider
    servers: GrantServers
    tokens: TokenVault
    housekeeper: Housekeeper


def build_connector(
    settings: Settings,
    config: ConnectorConfig,
    store: Store,
    vault: Vault,
    *,
    journals: Path,
    pinterest_transport: httpx.AsyncBaseTransport | None = None,
    documents_transport: httpx.AsyncBaseTransport | None = None,
    demo_app: Any = None,
    security: TransportSecuritySettings | None = None,
    max_servers: int = DEFAULT_MAX_SERVERS,
    clock: Callable[[], float] = time.time,
    housekeeper: Housekeeper | None = None,
    registration_limits: RegistrationLimits | None = None,
) -> Connector:
    """The connector over `store`; `pinterest_transport` reaches Pinterest (the emulator for --demo).

    `housekeeper` purges the store from the lifespan (by default every `PURGE_EVERY_S`);
    `registration_limits` bound `/register` (by default `RegistrationLimits()`).
    """
    housekeeper = housekeeper or Housekeeper(store)
    documents = MetadataDocuments(
        store, transport=documents_transport, allow_loopback_http=config.allow_loopback_cimd, clock=clock
    )
    provider = StoreProvider(store, config, documents, clock=clock)
    tokens = TokenVault(store, vault)
    http = httpx.AsyncClient(transport=pinterest_transport, follow_redirects=False)
    signin = SignIn(provider, tokens, http)
    build = server_builder(settings, config, tokens, journals=journals, transport=pinterest_transport, store=store)
    servers = GrantServers(build, limit=max_servers, security=security)
    provider.on_revoke.append(servers.forget)
    tokens.on_refused.append(servers.forget_user)

    issuer = _URL.validate_python(config.issuer)  # "https://host", not "https://host/": issuers compare exactly
    resource = _URL.validate_python(config.mcp_url)
    registration = ClientRegistrationOptions(enabled=True)
    revocation = RevocationOptions(enabled=True)
    limits = registration_limits or RegistrationLimits()
    routes: list[BaseRoute] = [
        Route(r.path, RegisterLimit(provider, limits, r.endpoint), methods=["POST", "OPTIONS"])
        if isinstance(r, Route) and r.path == REGISTRATION_PATH
        else r
        for r in create_auth_routes(provider, issuer, None, registration, revocation)
        if not (isinstance(r, Route) and r.path == METADATA_PATH)
    ]
    metadata = build_metadata(issuer, None, registration, revocation)
    metadata.token_endpoint_auth_methods_supported = ["none", "client_secret_post", "client_secret_basic"]
    metadata.client_id_metadata_document_supported = True
    metadata.authorization_response_iss_parameter_supported = True
    routes.append(
        Route(
            METADATA_PATH,
            cors_middleware(MetadataHandler(metadata).handle, ["GET", "OPTIONS"]),
            methods=["GET", "OPTIONS"],
        )
    )
    dispatch = GrantDispatch(provider, servers)
    for path in (
        MCP_PATH,
        f"{MCP_PATH}/{READONLY}",
        f"{MCP_PATH}/x/{{toolsets}}",
        f"{MCP_PATH}/x/{{toolsets}}/{READONLY}",
    ):
        read_only = path.endswith(READONLY)
        routes += [
            Route(
                f"{PROTECTED_RESOURCE_PATH}{path}",
                cors_middleware(ResourceMetadata(config, issuer, read_only=read_only).handle, ["GET", "OPTIONS"]),
                methods=["GET", "OPTIONS"],
            ),
            Route(path, McpPath(dispatch, config, read_only=read_only)),
        ]
    routes += [
        Route("/oauth/pinterest/callback", signin.callback, methods=["GET"]),
        Route("/oauth/consent", signin.show, methods=["GET"]),
        Route("/oauth/consent", signin.decide, methods=["POST"]),
        Route("/healthz", _health, methods=["GET"]),
    ]
    if demo_app is not None:
        routes.append(Mount(DEMO_PREFIX, app=demo_app))

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        try:
            async with servers.running(), anyio.create_task_group() as group:
                group.start_soon(housekeeper.run)
                yield
                group.cancel_scope.cancel()
        finally:
            await http.aclose()

    verifier = ProviderTokenVerifier(provider)  # type: ignore[arg-type]
    middleware = [
        Middleware(AuthenticationMiddleware, backend=BearerAuthBackend(verifier, resource_server_url=resource)),
        Middleware(AuthContextMiddleware),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    return Connector(app, provider, servers, tokens, housekeeper)


async def _health(_: Request) -> Response:
    return JSONResponse({"status": "ok", "version": __version__})


def _view(scope: Any, *, read_only: bool) -> tuple[View, str]:
    """The view a routed request asks for, and its path after `/mcp` as written (`PathError` 404 if unknown)."""
    toolsets = (scope.get("path_params") or {}).get("toolsets")
    view = View.parse(toolsets, read_only=read_only)
    suffix = "" if toolsets is None else f"/x/{toolsets}"
    return view, f"{suffix}/{READONLY}" if read_only else suffix


def _refused(exc: PathError) -> Response:
    return JSONResponse({"error": exc.error, "error_description": exc.description}, status_code=exc.status)


@dataclass
class ResourceMetadata:
    """RFC 9728 metadata of one path under `/mcp`: it names that path (clients check it is the URL they have)."""

    config: ConnectorConfig
    issuer: AnyHttpUrl
    read_only: bool

    async def handle(self, request: Request) -> Response:
        try:
            _, suffix = _view(request.scope, read_only=self.read_only)
        except PathError as exc:
            return _refused(exc)
        metadata = ProtectedResourceMetadata(
            resource=_URL.validate_python(f"{self.config.mcp_url}{suffix}"),
            authorization_servers=[self.issuer],
            resource_name="Pinterest",
        )
        return await ProtectedResourceMetadataHandler(metadata).handle(request)


@dataclass
class McpPath:
    """One of the `/mcp` paths: unknown toolsets are a 404 before auth, then the grant's server for the view."""

    dispatch: GrantDispatch
    config: ConnectorConfig
    read_only: bool

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            view, suffix = _view(scope, read_only=self.read_only)
        except PathError as exc:
            await _refused(exc)(scope, receive, send)
            return

        async def serve(scope: Any, receive: Any, send: Any) -> None:
            await self.dispatch.serve(view, scope, receive, send)

        resource = _URL.validate_python(f"{self.config.mcp_url}{suffix}")
        await RequireAuthMiddleware(serve, [], build_resource_metadata_url(resource))(scope, receive, send)


@dataclass
class RegisterLimit:
    """`/register` behind the registration limits: past one, 429 with `Retry-After` and nothing stored.

    The address is the ASGI client's, which uvicorn takes from X-Forwarded-For only when the peer is
    a trusted proxy (`--trusted-proxies`), so a client cannot pick its own bucket. A store that
    cannot count refuses too (503): registration is never unlimited because the store is down.
    """

    provider: StoreProvider
    limits: RegistrationLimits
    app: Any

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("method") == "POST":
            client = scope.get("client")
            try:
                refusal = await self.provider.registration_refused(client[0] if client else None, self.limits)
            except StoreError:
                refusal, status = "the server cannot count registrations right now", 503
            else:
                status = 429
            if refusal is not None:
                window = self.limits.window_s
                wait = max(1, int(window - self.provider.clock() % window))  # the store counts in aligned windows
                answer = JSONResponse(
                    {"error": "invalid_request", "error_description": f"{refusal}; try again in {wait} s"},
                    status_code=status,
                    headers={"Retry-After": str(wait)},
                )
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)
