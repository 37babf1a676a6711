"""Client ID Metadata Documents: a client_id that is an https URL names a JSON document the client hosts.

Fetching a URL a stranger chose is a server-side request forgery waiting to happen, so the fetch is
guarded: https only; the host must resolve to public addresses only (no loopback, private,
link-local, shared, multicast or reserved address, IPv4-mapped forms included); no redirects; at
most `MAX_BYTES` read and `TIMEOUT_S` spent; and the document's own `client_id` must be its URL, so
one client cannot claim another's document. A good document is cached in the store with an
expiry, so replicas share it and a client's host is not fetched on every request.

`allow_loopback_http` is for tests only (an `http://127.0.0.1` document served by the test); the
server's CLI never sets it.

Known limit: the address is checked at resolution and httpx resolves again to connect, so a DNS
answer that changes between the two (rebinding) is not caught; pinning the checked address into
the connection is the next step.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import anyio
import httpx
from mcp.shared.auth import OAuthClientInformationFull
from pydantic import ValidationError

from pinterest_mcp.store.port import Store

NAMESPACE = "oauth_cimd"
MAX_BYTES = 16 * 1024
TIMEOUT_S = 5.0
CACHE_DEFAULT_S = 3600.0
CACHE_MIN_S = 60.0
CACHE_MAX_S = 24 * 3600.0

Resolver = Callable[[str, int], Awaitable[list[str]]]


class MetadataDocumentError(Exception):
    """Why a metadata-document client id is refused; the text is safe to show the client."""


def is_document_id(client_id: str, *, allow_loopback_http: bool = False) -> bool:
    """Whether `client_id` is a URL naming a metadata document (else a registered client's id)."""
    if client_id.startswith("https://"):
        return True
    return allow_loopback_http and client_id.startswith(("http://127.0.0.1:", "http://127.0.0.1/"))


async def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (the system resolver, off the event loop)."""
    infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def is_public(address: str) -> bool:
    """A globally routable unicast address: what a server may fetch a stranger's URL from."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local)


class MetadataDocuments:
    """Fetches, checks and caches client metadata documents."""

    def __init__(
        self,
        store: Store,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver = resolve,
        allow_loopback_http: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.transport = transport
        self.resolver = resolver
        self.allow_loopback_http = allow_loopback_http
        self.clock = clock

    async def client(self, url: str) -> OAuthClientInformationFull:
        """The client the document at `url` describes, from the cache or a guarded fetch."""
        cached = await self.store.get(NAMESPACE, "", url)
        if cached is not None:
            return OAuthClientInformationFull.model_validate(cached.value)
        body, max_age = await self._fetch(url)
        client = self._client_from(url, body)
        expires = self.clock() + min(max(max_age or CACHE_DEFAULT_S, CACHE_MIN_S), CACHE_MAX_S)
        await self.store.put(NAMESPACE, "", url, client.model_dump(mode="json"), expires_at=expires)
        return client

    async def _check_target(self, url: str) -> None:
        parts = urlsplit(url)
        host = parts.hostname or ""
        loopback_test = self.allow_loopback_http and parts.scheme == "http" and host == "127.0.0.1"
        if parts.scheme != "https" and not loopback_test:
            raise MetadataDocumentError("a client metadata document must be served over https")
        if not host or parts.username or parts.password or parts.fragment:
            raise MetadataDocumentError("the client id is not a plain https URL")
        if parts.path in ("", "/"):
            raise MetadataDocumentError("a client metadata document URL needs a path")
        if loopback_test:
            return
        try:
            addresses = await self.resolver(host, parts.port or 443)
        except OSError:
            raise MetadataDocumentError(f"the client id's host {host} does not resolve") from None
        if not addresses:
            raise MetadataDocumentError(f"the client id's host {host} does not resolve")
        for address in addresses:
            if not is_public(address):
                raise MetadataDocumentError(
                    f"the client id's host {host} resolves to a non-public address; only public hosts are fetched"
                )

    async def _fetch(self, url: str) -> tuple[Any, float | None]:
        await self._check_target(url)
        timeout = httpx.Timeout(TIMEOUT_S)
        try:
            with anyio.fail_after(TIMEOUT_S):
                async with (
                    httpx.AsyncClient(transport=self.transport, timeout=timeout, follow_redirects=False) as http,
                    http.stream("GET", url, headers={"Accept": "application/json"}) as response,
                ):
                    if response.status_code != 200:
                        raise MetadataDocumentError(
                            f"the client metadata document answered HTTP {response.status_code} "
                            "(redirects are not followed)"
                        )
                    chunks: list[bytes] = []
                    size = 0
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        if size > MAX_BYTES:
                            raise MetadataDocumentError(f"the client metadata document is over {MAX_BYTES} bytes")
                        chunks.append(chunk)
                    max_age = _max_age(response.headers.get("cache-control", ""))
        except TimeoutError:
            raise MetadataDocumentError(f"the client metadata document took over {TIMEOUT_S:g} s") from None
        except httpx.HTTPError as exc:
            raise MetadataDocumentError(
                f"the client metadata document could not be fetched ({type(exc).__name__})"
            ) from None
        try:
            return json.loads(b"".join(chunks)), max_age
        except ValueError:
            raise MetadataDocumentError("the client metadata document is not JSON") from None

    @staticmethod
    def _client_from(url: str, body: Any) -> OAuthClientInformationFull:
        if not isinstance(body, dict):
            raise MetadataDocumentError("the client metadata document is not a JSON object")
        if body.get("client_id") != url:
            raise MetadataDocumentError("the client metadata document's client_id is not its own URL")
        method = body.get("token_endpoint_auth_method", "none")
        if method != "none" or "client_secret" in body:
            raise MetadataDocumentError("a metadata-document client is public: token_endpoint_auth_method must be none")
        try:
            return OAuthClientInformationFull.model_validate({**body, "token_endpoint_auth_method": "none"})
        except ValidationError as exc:
            raise MetadataDocumentError(f"the client metadata document is invalid: {exc.errors()[0]['msg']}") from None


def _max_age(cache_control: str) -> float | None:
    for part in cache_control.split(","):
        name, _, value = part.strip().partition("=")
        if name.lower() == "max-age" and value.isdigit():
            return float(value)
    return None
