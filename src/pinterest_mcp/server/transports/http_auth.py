"""HTTP serving: a bearer token in front of the MCP endpoint, and a health endpoint for containers.

On loopback the SDK's Host/Origin checks keep browsers' pages out; any other address (a container
must bind 0.0.0.0) has no such protection, and the server holds the user's Pinterest tokens: so a
non-loopback bind is refused unless `--http-token` (or `PINTEREST_MCP_HTTP_TOKEN`) is set, and
then every request must carry `Authorization: Bearer <token>`. A token given on loopback is
enforced too. This is a shared secret for one operator, not OAuth: the client's token is compared,
never passed on to Pinterest.

`GET /healthz` answers without a token (it says only "ok" and the version), so a container
healthcheck needs no secret.

X-Forwarded-For and X-Forwarded-Proto are believed only from `--trusted-proxies` peers
(`uvicorn_config`): uvicorn's own default trusts every loopback peer, so anything on the machine
could write the client address the logs show.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any

from pinterest_mcp import __version__
from pinterest_mcp.config.endpoints import is_loopback as is_loopback  # re-exported: the bind check's rule

if TYPE_CHECKING:
    import uvicorn
    from mcp.server.mcpserver import MCPServer
    from mcp.server.transport_security import TransportSecuritySettings

TOKEN_ENV = "PINTEREST_MCP_HTTP_TOKEN"
HEALTH_PATH = "/healthz"
MIN_TOKEN_LENGTH = 16

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def http_token(flag: str | None, env: Mapping[str, str]) -> str | None:
    """The bearer token from `--http-token`, else the environment; checked for length."""
    token = (flag or env.get(TOKEN_ENV) or "").strip() or None
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise ValueError(
            f"the HTTP token must be at least {MIN_TOKEN_LENGTH} characters; make one with "
            '`python -c "import secrets; print(secrets.token_urlsafe(32))"`'
        )
    if token is not None:
        from pinterest_mcp.api.redaction import remember

        remember(token)  # a client that puts it in a URL must not see it again in the access log
    return token


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve a non-loopback address without a token: anyone who reaches it would act as the user."""
    if token is None and not is_loopback(host):
        raise ValueError(
            f"--host {host} is not loopback: anyone who can reach it could use your Pinterest account. "
            f"Set --http-token or {TOKEN_ENV} (clients then send 'Authorization: Bearer <token>'), "
            "or bind 127.0.0.1"
        )


class BearerAuth:
    """ASGI middleware: `/healthz` for anyone, everything else only with the bearer token (when one is set).

    Every scope but `lifespan` is guarded: a WebSocket handshake (served once `websockets` is
    installed) is closed with 1008 (a 403 to the client) without the token, and a scope type this
    middleware does not know never reaches the app while a token is required.
    """

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode() if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http" and scope["path"] == HEALTH_PATH:
            await _respond(send, 200, {"status": "ok", "version": __version__})
            return
        if kind == "lifespan" or self.expected is None or self._authorized(scope):
            await self.app(scope, receive, send)
        elif kind == "http":
            await _respond(
                send,
                401,
                {"error": "unauthorized", "detail": "send Authorization: Bearer <the server's HTTP token>"},
                [(b"www-authenticate", b'Bearer realm="pinterest-mcp"')],
            )
        elif kind == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": "the server's HTTP token is required"})

    def _authorized(self, scope: Scope) -> bool:
        assert self.expected is not None
        given = next((value for name, value in scope.get("headers", ()) if name == b"authorization"), b"")
        return hmac.compare_digest(given, self.expected)


async def _respond(send: Send, status: int, body: dict[str, Any], headers: Sequence[tuple[bytes, bytes]] = ()) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def http_app(
    server: MCPServer[Any],
    transport: str,
    *,
    host: str,
    token: str | None,
    security: TransportSecuritySettings | None,
) -> ASGIApp:
    """The SDK's Streamable HTTP (`/mcp`) or SSE app for `server`, behind `BearerAuth`."""
    if transport == "http":
        app: Any = server.streamable_http_app(transport_security=security, host=host)
    else:
        app = server.sse_app(transport_security=security, host=host)
    return BearerAuth(app, token)


def serve_http(
    server: MCPServer[Any],
    transport: str,
    *,
    host: str,
    port: int,
    token: str | None,
    security: TransportSecuritySettings | None,
    log_level: str,
    trusted_proxies: Sequence[str] = (),
) -> None:
    """Serve `server` over HTTP until interrupted (what `MCPServer.run` does, with the middleware)."""
    import anyio
    import uvicorn

    check_bind(host, token)
    app = http_app(server, transport, host=host, token=token, security=security)
    config = uvicorn_config(app, host=host, port=port, log_level=log_level, trusted_proxies=trusted_proxies)
    anyio.run(uvicorn.Server(config).serve)


def uvicorn_config(app: Any, *, host: str, port: int, log_level: str, trusted_proxies: Sequence[str]) -> uvicorn.Config:
    """uvicorn's settings for `app`: X-Forwarded-* read only from `trusted_proxies` (checked addresses), or never."""
    import uvicorn

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level.lower(),
        proxy_headers=bool(trusted_proxies),
        forwarded_allow_ips=list(trusted_proxies) or None,
    )
