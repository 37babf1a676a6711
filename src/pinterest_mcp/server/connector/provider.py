"""The connector's authorization server: the SDK's provider protocol, every record in the shared store.

Clients, pending sign-ins, codes, tokens and grants are store documents, so any replica can answer
any step. What is secret is never stored as given: codes and tokens are kept by their sha256, and
the user's Pinterest tokens are sealed (`auth.vault`). Our tokens are opaque random strings that
never go to Pinterest, and Pinterest's never reach the client.

Token families: one consent makes one grant and one family; its code, access tokens and refresh
tokens all name the family, so revoking any of them (or reusing the code) ends them all. Refresh
tokens rotate on use, and the one just replaced stays usable until its successor is first used,
so a client that lost a refresh answer can retry (what Cloudflare's provider does).

Registration is anonymous (RFC 7591), so a registered client that no user ever approved expires
after `UNUSED_CLIENT_TTL_S` (the housekeeping purge deletes it); its first grant keeps it for good.
With the per-address and global limits on `/register` (`RegistrationLimits`, counted in the
store), nobody can grow the store without bound by registering.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mcp.server.auth.provider import (
    AccessToken,
    AuthorizationCode,
    AuthorizationParams,
    AuthorizeError,
    RefreshToken,
    RegistrationError,
    TokenError,
)
from mcp.shared.auth import OAuthClientInformationFull, OAuthToken

from pinterest_mcp.server.connector.cimd import MetadataDocumentError, MetadataDocuments, is_document_id
from pinterest_mcp.server.connector.paths import suffix_of
from pinterest_mcp.store.port import Conflict, Store

CLIENTS = "oauth_clients"
PENDING = "oauth_pending"
CODES = "oauth_codes"
CODES_USED = "oauth_codes_used"
ACCESS = "oauth_access"
REFRESH = "oauth_refresh"
FAMILIES = "oauth_families"
GRANTS = "grants"

CODE_TTL_S = 300
PENDING_TTL_S = 600
ACCESS_TTL_S = 3600
REFRESH_TTL_S = 30 * 24 * 3600
CAS_ATTEMPTS = 5
UNUSED_CLIENT_TTL_S = 24 * 3600
"""A registered client with no grant by then is deleted: a day covers any sign-in left open overnight."""
REGISTER_RATE = "register-rate"


@dataclass(frozen=True)
class RegistrationLimits:
    """Registrations a `window_s` allows from one client address, and from everyone together."""

    per_address: int = 20
    overall: int = 1000
    window_s: float = 3600.0


def digest(secret: str) -> str:
    """What the store keeps of a code or token: its sha256, so a leaked table holds nothing usable."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class ConnectorConfig:
    """Where the connector is reached and how it signs in at Pinterest."""

    public_url: str
    """The server's public origin (`https://mcp.example.com`), the issuer; `/mcp` is the resource."""
    pinterest_app_id: str
    pinterest_app_secret: str
    pinterest_authorize_url: str
    pinterest_api_url: str
    pinterest_token_url: str
    pinterest_scopes: tuple[str, ...]
    allow_loopback_cimd: bool = False
    """Tests only: accept `http://127.0.0.1` metadata documents."""

    @property
    def issuer(self) -> str:
        return self.public_url.rstrip("/")

    @property
    def mcp_url(self) -> str:
        return f"{self.issuer}/mcp"

    @property
    def callback_url(self) -> str:
        return f"{self.issuer}/oauth/pinterest/callback"

    @property
    def consent_url(self) -> str:
        return f"{self.issuer}/oauth/consent"


class GrantCode(AuthorizationCode):
    family: str


class GrantRefreshToken(RefreshToken):
    family: str


class GrantAccessToken(AccessToken):
    family: str


@dataclass(frozen=True)
class Grant:
    """What one user approved for one client: which ad accounts, read or write, which toolsets."""

    grant_id: str
    user_id: str
    username: str
    client_id: str
    ad_accounts: tuple[str, ...]
    mode: str
    toolsets: tuple[str, ...]
    created: float
    revoked: float | None = None

    @property
    def read_only(self) -> bool:
        return self.mode != "write"

    def as_doc(self) -> dict[str, Any]:
        return {
            "grant_id": self.grant_id,
            "user_id": self.user_id,
            "username": self.username,
            "client_id": self.client_id,
            "ad_accounts": list(self.ad_accounts),
            "mode": self.mode,
            "toolsets": list(self.toolsets),
            "created": self.created,
            "revoked": self.revoked,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Grant:
        return cls(
            grant_id=doc["grant_id"],
            user_id=doc["user_id"],
            username=doc["username"],
            client_id=doc["client_id"],
            ad_accounts=tuple(doc["ad_accounts"]),
            mode=doc["mode"],
            toolsets=tuple(doc["toolsets"]),
            created=doc["created"],
            revoked=doc.get("revoked"),
        )


class StoreProvider:
    """`OAuthAuthorizationServerProvider` over a `Store`; the Pinterest leg is in `signin`."""

    def __init__(
        self,
        store: Store,
        config: ConnectorConfig,
        documents: MetadataDocuments,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.config = config
        self.documents = documents
        self.clock = clock
        self.on_revoke: list[Callable[[str], None]] = []
        """Called with a grant id once it is revoked here (the app drops that grant's server)."""

    # ----- clients -----------------------------------------------------------------------------

    async def get_client(self, client_id: str) -> OAuthClientInformationFull | None:
        if is_document_id(client_id, allow_loopback_http=self.config.allow_loopback_cimd):
            try:
                return await self.documents.client(client_id)
            except MetadataDocumentError:
                return None  # the SDK answers "client ID not found"; `document_problem` says why
        doc = await self.store.get(CLIENTS, "", client_id)
        return None if doc is None else OAuthClientInformationFull.model_validate(doc.value)

    async def document_problem(self, client_id: str) -> str | None:
        """Why a metadata-document client id is refused (for the log), or None."""
        try:
            await self.documents.client(client_id)
        except MetadataDocumentError as exc:
            return str(exc)
        return None

    async def register_client(self, client_info: OAuthClientInformationFull) -> None:
        if client_info.client_id is None or is_document_id(client_info.client_id, allow_loopback_http=True):
            raise RegistrationError("invalid_client_metadata", "a registered client id cannot be a URL")
        for uri in client_info.redirect_uris or ():
            if uri.fragment:
                raise RegistrationError("invalid_redirect_uri", "a redirect URI cannot have a fragment")
        await self.store.put(
            CLIENTS,
            "",
            client_info.client_id,
            client_info.model_dump(mode="json"),
            expires_at=self.clock() + UNUSED_CLIENT_TTL_S,
        )

    async def registration_refused(self, address: str | None, limits: RegistrationLimits) -> str | None:
        """Count one registration from `address` (None: unknown, counted with everyone); why it is refused, or None.

        Counted before the request is read, so a flood costs the store one counter row per address
        and window, never a client row.
        """
        window = limits.window_s
        count = self.store.incr
        if address and await count(REGISTER_RATE, "", f"address:{address}", window_s=window) > limits.per_address:
            return f"more than {limits.per_address} client registrations from this address within {window:g} s"
        if await count(REGISTER_RATE, "", "overall", window_s=window) > limits.overall:
            return f"more than {limits.overall} client registrations on this server within {window:g} s"
        return None

    async def _keep_client(self, client_id: str) -> None:
        """A registered client some user approved is no longer a candidate for expiry."""
        doc = await self.store.get(CLIENTS, "", client_id)
        if doc is None or doc.expires_at is None:
            return  # a metadata-document client, or one kept already
        with contextlib.suppress(Conflict):  # another replica's approval kept it just now
            await self.store.put(CLIENTS, "", client_id, doc.value, if_version=doc.version)

    # ----- authorize: the pending request, then Pinterest ------------------------------------------

    def check_resource(self, resource: str | None) -> str:
        """The token's audience: this server's /mcp URL, asked for as itself or as a path under it.

        `/mcp/readonly` and `/mcp/x/{toolsets}` are the same resource (`paths`), so a token asked for
        one of them is recorded for `/mcp` and works on all of them.
        """
        if suffix_of(resource or self.config.mcp_url, self.config.mcp_url) is None:
            raise AuthorizeError("invalid_target", f"this server issues tokens only for {self.config.mcp_url}")
        return self.config.mcp_url

    async def authorize(self, client: OAuthClientInformationFull, params: AuthorizationParams) -> str:
        from pinterest_mcp.auth.oauth import authorize_url

        self.check_resource(params.resource)
        assert client.client_id is not None
        pending = secrets.token_urlsafe(32)
        value = {"client_id": client.client_id, "params": params.model_dump(mode="json"), "signed_in": False}
        await self.store.put(PENDING, "", pending, value, expires_at=self.clock() + PENDING_TTL_S)
        config = self.config
        return authorize_url(
            config.pinterest_app_id,
            config.callback_url,
            config.pinterest_scopes,
            pending,
            base=config.pinterest_authorize_url,
        )

    async def approve(self, pending: dict[str, Any], grant: Grant) -> str:
        """Record the grant, mint its code; the URL the browser goes back to the client with."""
        from mcp.server.auth.provider import construct_redirect_uri

        params = AuthorizationParams.model_validate(pending["params"])
        await self._keep_client(grant.client_id)
        await self.store.put(GRANTS, "", grant.grant_id, grant.as_doc())
        code = secrets.token_urlsafe(32)
        family = secrets.token_urlsafe(16)
        record = GrantCode(
            code=digest(code),
            scopes=params.scopes or [],
            expires_at=self.clock() + CODE_TTL_S,
            client_id=grant.client_id,
            code_challenge=params.code_challenge,
            redirect_uri=params.redirect_uri,
            redirect_uri_provided_explicitly=params.redirect_uri_provided_explicitly,
            resource=self.check_resource(params.resource),
            subject=grant.grant_id,
            family=family,
        )
        expires = record.expires_at + 60
        await self.store.put(CODES, "", digest(code), record.model_dump(mode="json"), expires_at=expires)
        return construct_redirect_uri(str(params.redirect_uri), code=code, state=params.state, iss=self.config.issuer)

    # ----- codes and tokens --------------------------------------------------------------------

    async def load_authorization_code(
        self, client: OAuthClientInformationFull, authorization_code: str
    ) -> GrantCode | None:
        doc = await self.store.get(CODES, "", digest(authorization_code))
        if doc is None:
            return None
        code = GrantCode.model_validate(doc.value)
        return code.model_copy(update={"code": authorization_code})

    async def exchange_authorization_code(
        self, client: OAuthClientInformationFull, authorization_code: GrantCode
    ) -> OAuthToken:
        code = authorization_code
        first = await self.store.claim(CODES_USED, "", digest(code.code), expires_at=code.expires_at + 3600)
        if not first:
            await self._end_family(code.family)  # a replayed code: whatever it issued may be in the wrong hands
            raise TokenError("invalid_grant", "the authorization code was already used")
        grant = await self.grant(code.subject or "")
        if grant is None or grant.revoked is not None:
            raise TokenError("invalid_grant", "the grant behind this code is revoked")
        family: dict[str, Any] = {"grant_id": grant.grant_id, "client_id": code.client_id, "current": None}
        family |= {"previous": None, "revoked": False, "resource": code.resource, "scopes": code.scopes}
        try:
            await self.store.put(FAMILIES, "", code.family, family, if_version=0)
        except Conflict:
            raise TokenError("invalid_grant", "the authorization code was already used") from None
        return await self._issue(code.family, rotate_from=None)

    async def load_refresh_token(
        self, client: OAuthClientInformationFull, refresh_token: str
    ) -> GrantRefreshToken | None:
        hashed = digest(refresh_token)
        doc = await self.store.get(REFRESH, "", hashed)
        if doc is None:
            return None
        family = await self.store.get(FAMILIES, "", doc.value["family"])
        if (
            family is None
            or family.value["revoked"]
            or hashed not in (family.value["current"], family.value["previous"])
        ):
            return None
        if not await self._grant_live(family.value["grant_id"]):
            return None
        return GrantRefreshToken(
            token=refresh_token,
            client_id=family.value["client_id"],
            scopes=family.value["scopes"],
            expires_at=int(doc.expires_at) if doc.expires_at else None,
            resource=family.value["resource"],
            subject=family.value["grant_id"],
            family=doc.value["family"],
        )

    async def exchange_refresh_token(
        self, client: OAuthClientInformationFull, refresh_token: GrantRefreshToken, scopes: list[str]
    ) -> OAuthToken:
        return await self._issue(refresh_token.family, rotate_from=digest(refresh_token.token))

    async def _issue(self, family_id: str, *, rotate_from: str | None) -> OAuthToken:
        """New access + refresh tokens for the family; with `rotate_from`, the refresh token presented.

        The family's `current` and `previous` move by compare-and-set, so two replicas refreshing
        with the same token cannot both rotate from one read.
        """
        now = self.clock()
        refresh = f"pmr_{secrets.token_urlsafe(32)}"
        family: dict[str, Any] | None = None
        for _ in range(CAS_ATTEMPTS):
            doc = await self.store.get(FAMILIES, "", family_id)
            if doc is None or doc.value["revoked"]:
                raise TokenError("invalid_grant", "the token was revoked")
            family = dict(doc.value)
            if rotate_from is not None:
                if rotate_from == family["current"]:
                    family["previous"] = rotate_from  # honoured until its successor is first used
                elif rotate_from != family["previous"]:
                    raise TokenError("invalid_grant", "the refresh token was already rotated")
            elif family["current"] is not None:
                raise TokenError("invalid_grant", "the authorization code was already used")
            family["current"] = digest(refresh)
            try:
                await self.store.put(
                    FAMILIES, "", family_id, family, if_version=doc.version, expires_at=now + REFRESH_TTL_S
                )
                break
            except Conflict:
                continue
        else:
            raise TokenError("invalid_grant", "the refresh token is being used concurrently; retry")
        assert family is not None
        await self.store.put(REFRESH, "", digest(refresh), {"family": family_id}, expires_at=now + REFRESH_TTL_S)
        access = f"pma_{secrets.token_urlsafe(32)}"
        await self.store.put(ACCESS, "", digest(access), {"family": family_id}, expires_at=now + ACCESS_TTL_S)
        scope = " ".join(family["scopes"]) or None
        return OAuthToken(
            access_token=access, token_type="Bearer", expires_in=ACCESS_TTL_S, scope=scope, refresh_token=refresh
        )

    async def load_access_token(self, token: str) -> GrantAccessToken | None:
        doc = await self.store.get(ACCESS, "", digest(token))
        if doc is None:
            return None
        family = await self.store.get(FAMILIES, "", doc.value["family"])
        if family is None or family.value["revoked"] or not await self._grant_live(family.value["grant_id"]):
            return None
        return GrantAccessToken(
            token=token,
            client_id=family.value["client_id"],
            scopes=family.value["scopes"],
            expires_at=int(doc.expires_at) if doc.expires_at else None,
            resource=family.value["resource"],
            subject=family.value["grant_id"],
            family=doc.value["family"],
        )

    async def revoke_token(self, token: GrantAccessToken | GrantRefreshToken) -> None:
        """Revoking either token ends the family and its grant: the user disconnected this client."""
        grant_id = await self._end_family(token.family)
        if grant_id is not None:
            await self.revoke_grant(grant_id)

    async def _end_family(self, family_id: str) -> str | None:
        for _ in range(CAS_ATTEMPTS):
            doc = await self.store.get(FAMILIES, "", family_id)
            if doc is None:
                return None
            try:
                await self.store.put(FAMILIES, "", family_id, {**doc.value, "revoked": True}, if_version=doc.version)
                return str(doc.value["grant_id"])
            except Conflict:
                continue
        return None

    async def exchange_identity_assertion(self, client: OAuthClientInformationFull, params: Any) -> OAuthToken:
        """SEP-990's enterprise grant is not offered: users sign in at Pinterest."""
        raise TokenError("unsupported_grant_type", "this server signs users in at Pinterest; use authorization_code")

    # ----- grants ------------------------------------------------------------------------------

    async def grant(self, grant_id: str) -> Grant | None:
        doc = await self.store.get(GRANTS, "", grant_id) if grant_id else None
        return None if doc is None else Grant.from_doc(doc.value)

    async def _grant_live(self, grant_id: str) -> bool:
        grant = await self.grant(grant_id)
        return grant is not None and grant.revoked is None

    async def revoke_grant(self, grant_id: str) -> None:
        """End a grant: every token of it is refused from the next request on, on every replica."""
        for _ in range(CAS_ATTEMPTS):
            doc = await self.store.get(GRANTS, "", grant_id)
            if doc is None or doc.value.get("revoked") is not None:
                break
            try:
                await self.store.put(
                    GRANTS, "", grant_id, {**doc.value, "revoked": self.clock()}, if_version=doc.version
                )
                break
            except Conflict:
                continue
        for listener in self.on_revoke:
            listener(grant_id)
