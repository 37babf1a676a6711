"""Pinterest tokens at rest: sealed with a key only the server holds, rotatable with current + previous.

A remote connector keeps every user's Pinterest tokens in its store (a SQLite file, a PostgreSQL
database a team shares), where a backup, a replica's disk or a database dump could leak them; so
they are stored sealed, never as text. Sealing is Fernet (AES-128-CBC + HMAC-SHA256, from the
`cryptography` package) through `MultiFernet`: the first key seals, every listed key opens, so a
key is rotated by putting the new one first and keeping the old one second until `reseal` has
moved every stored token onto the new key.

Keys come from `PINTEREST_MCP_VAULT_KEYS` (comma-separated, current first) or from the file named
by `PINTEREST_MCP_VAULT_KEYS_FILE` (one key a line), never from a flag: a flag shows in `ps`.

Pinterest rotates the refresh token on every refresh and the old one dies at once, so two replicas
refreshing one user's tokens together would leave one of them (and then the user) with a dead
token. `TokenVault.renew` refreshes under a store lease per user: the first replica refreshes and
saves, the others wait for the lease, find the new tokens in the vault and use them, so one token
request goes out however many replicas hit the expired token. A refresh Pinterest refuses as an
invalid grant is recorded on the user's tokens: every replica then answers "reconnect" at once,
without asking Pinterest again, until the user signs in again (which saves fresh tokens).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from pinterest_mcp.api.errors import AuthenticationError, PinterestConnectionError
from pinterest_mcp.auth import oauth
from pinterest_mcp.auth.credentials import Credentials
from pinterest_mcp.store.port import Busy, Conflict, Doc, Store, hold

KEYS_ENV = "PINTEREST_MCP_VAULT_KEYS"
KEYS_FILE_ENV = "PINTEREST_MCP_VAULT_KEYS_FILE"
NAMESPACE = "pinterest_tokens"
TOKENS_KEY = "tokens"
SEALED_FIELDS = ("access_token", "refresh_token", "access_token_expires_at", "refresh_token_expires_at", "scopes")

REFRESH_LEASE = "pinterest-refresh"
"""The lease namespace; its key is the Pinterest user id: one refresh at a time per user, across replicas."""
REFRESH_LEASE_TTL_S = 75.0
"""Longer than a token request may take (`oauth.TOKEN_TIMEOUT`), so the lease outlives its refresh."""
REFRESH_WAIT_S = 25.0
"""How long a call waits for another replica's refresh before giving up (well inside a 60 s tool call)."""
FRESH_S = 60.0
"""A token saved by another replica is used as it is when it lives at least this much longer."""
INVALID_GRANT_CODE = 283
"""Pinterest's code for a refresh token that is expired, revoked or already used."""


class VaultError(Exception):
    """The vault has no usable key, or a sealed value opens with none of its keys."""


class ReconnectNeeded(AuthenticationError):
    """Pinterest refused to renew a user's tokens as an invalid grant: only a new sign-in helps."""

    kind = "reconnect"
    advice = (
        "Retrying will not help. The user must reconnect the Pinterest connector: disconnect it in the MCP "
        "client's connector settings, connect it again and sign in to Pinterest."
    )

    def __init__(self) -> None:
        super().__init__(401, INVALID_GRANT_CODE, "refused")

    def _describe(self) -> str:
        return "Pinterest no longer accepts this connector's sign-in for this user (revoked at Pinterest, or expired)."


class RefreshBusy(PinterestConnectionError):
    """Another replica held the user's refresh lease for the whole bounded wait."""

    kind = "refresh_busy"
    advice = "Try the call again in a moment; nothing was changed by this call."


def new_key() -> str:
    """A fresh key, as `PINTEREST_MCP_VAULT_KEYS` takes it."""
    return Fernet.generate_key().decode()


class Vault:
    """Seals and opens bytes with the current key; opens with any listed key."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise VaultError(f"no vault key: set {KEYS_ENV} or {KEYS_FILE_ENV}")
        try:
            self._fernets = [Fernet(key.strip().encode()) for key in keys]
        except ValueError:
            raise VaultError(
                "a vault key is not a Fernet key (32 url-safe base64 bytes); make one with "
                '`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`'
            ) from None
        self._multi = MultiFernet(self._fernets)
        self._current = keys[0].strip().encode()

    def derive(self, label: str) -> bytes:
        """A 32-byte key for `label` from the current key (HMAC-SHA256): the same on every replica."""
        return hmac.new(self._current, label.encode(), hashlib.sha256).digest()

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Vault:
        """The keys from the environment, or from the file it names; `VaultError` with the fix when neither is set."""
        listed = env.get(KEYS_ENV, "")
        if not listed and env.get(KEYS_FILE_ENV):
            listed = Path(env[KEYS_FILE_ENV]).read_text(encoding="utf-8").replace("\n", ",")
        keys = [key.strip() for key in listed.split(",") if key.strip()]
        if not keys:
            raise VaultError(
                f"the connector seals Pinterest tokens with a key: set {KEYS_ENV} to one or more Fernet keys "
                f"(current first) or {KEYS_FILE_ENV} to a file holding them; make one with "
                '`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`'
            )
        return cls(keys)

    def seal(self, data: bytes) -> str:
        return self._multi.encrypt(data).decode("ascii")

    def open(self, sealed: str) -> bytes:
        try:
            return self._multi.decrypt(sealed.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError):
            raise VaultError("a sealed value opens with none of the vault's keys (rotated away, or not ours)") from None

    def reseal(self, sealed: str) -> str:
        """The same value sealed with the current key (what rotation does to each stored value)."""
        try:
            return self._multi.rotate(sealed.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise VaultError("a sealed value opens with none of the vault's keys") from None

    def sealed_with_current(self, sealed: str) -> bool:
        try:
            self._fernets[0].decrypt(sealed.encode("ascii"))
        except InvalidToken:
            return False
        return True


@dataclass(frozen=True)
class PinterestAccount:
    """Who signed in at Pinterest: the tokens are bound to this user id."""

    user_id: str
    username: str


class TokenVault:
    """One Pinterest user's tokens in the store, sealed; the app id and secret are the server's, never stored here."""

    def __init__(self, store: Store, vault: Vault) -> None:
        self.store = store
        self.vault = vault
        self.on_refused: list[Callable[[str], None]] = []
        """Called with a user id when `renew` answers `ReconnectNeeded` (the app drops that user's servers)."""

    async def save(self, account: PinterestAccount, creds: Credentials) -> None:
        plain = {name: getattr(creds, name) for name in SEALED_FIELDS}
        plain["scopes"] = list(creds.scopes)
        value = {
            "username": account.username,
            "sealed": self.vault.seal(json.dumps(plain, separators=(",", ":")).encode()),
        }
        await self.store.put(NAMESPACE, account.user_id, TOKENS_KEY, value)

    async def load(self, user_id: str, *, app_id: str | None, app_secret: str | None) -> Credentials | None:
        """The user's credentials with the server's app id and secret, or None if they never signed in.

        A value sealed with the previous key is resealed with the current one on the way.
        """
        doc = await self.store.get(NAMESPACE, user_id, TOKENS_KEY)
        if doc is None:
            return None
        return await self._opened(user_id, doc, app_id=app_id, app_secret=app_secret)

    async def _opened(self, user_id: str, doc: Doc, *, app_id: str | None, app_secret: str | None) -> Credentials:
        sealed = str(doc.value["sealed"])
        plain: dict[str, Any] = json.loads(self.vault.open(sealed))
        if not self.vault.sealed_with_current(sealed):
            value = {**doc.value, "sealed": self.vault.reseal(sealed)}
            await self.store.put(NAMESPACE, user_id, TOKENS_KEY, value, if_version=doc.version)
        return Credentials(
            app_id=app_id,
            app_secret=app_secret,
            access_token=plain.get("access_token"),
            refresh_token=plain.get("refresh_token"),
            access_token_expires_at=plain.get("access_token_expires_at"),
            refresh_token_expires_at=plain.get("refresh_token_expires_at"),
            scopes=tuple(plain.get("scopes") or ()),
            sources={"access_token": "vault", "refresh_token": "vault"},
        )

    async def renew(
        self,
        account: PinterestAccount,
        current: Credentials,
        *,
        http: httpx.AsyncClient,
        token_url: str,
        clock: Callable[[], float] = time.time,
    ) -> Credentials:
        """The user's renewed credentials, refreshed by at most one replica at a time.

        Under the user's lease the vault is read again: tokens another replica saved meanwhile are
        used without a token request; otherwise the vault's refresh token (the newest, whatever
        `current` holds) is spent and the answer saved before it is returned. `ReconnectNeeded` when
        Pinterest refuses the grant (recorded, so no replica asks again); a connection error when
        another replica's refresh outlasts the bounded wait.
        """
        try:
            return await self._renew(account, current, http=http, token_url=token_url, clock=clock)
        except ReconnectNeeded:
            for listener in self.on_refused:
                listener(account.user_id)
            raise

    async def _renew(
        self,
        account: PinterestAccount,
        current: Credentials,
        *,
        http: httpx.AsyncClient,
        token_url: str,
        clock: Callable[[], float],
    ) -> Credentials:
        user_id = account.user_id
        app_id, app_secret = current.app_id, current.app_secret
        holder = secrets.token_hex(8)
        try:
            async with hold(
                self.store, REFRESH_LEASE, user_id, holder, ttl_s=REFRESH_LEASE_TTL_S, timeout_s=REFRESH_WAIT_S
            ):
                doc = await self.store.get(NAMESPACE, user_id, TOKENS_KEY)
                if doc is None or doc.value.get("refused"):
                    raise ReconnectNeeded()
                stored = await self._opened(user_id, doc, app_id=app_id, app_secret=app_secret)
                expires = stored.access_token_expires_at
                if (
                    stored.access_token
                    and stored.access_token != current.access_token
                    and (expires is None or expires - FRESH_S > clock())
                ):
                    return stored  # another replica renewed it while this one waited
                if not (app_id and app_secret and stored.refresh_token):
                    raise ReconnectNeeded()
                try:
                    answer = await oauth.refresh(http, token_url, app_id, app_secret, stored.refresh_token)
                except oauth.RefreshRejectedError as exc:
                    if not _invalid_grant(exc):
                        raise  # the app's own id or secret, say: a new sign-in would not help
                    await self._refuse(user_id, stored.refresh_token)
                    raise ReconnectNeeded() from None
                renewed = answer.apply_to(stored)
                await self.save(account, renewed)
                return renewed
        except Busy:
            raise RefreshBusy(
                "Another server replica is renewing this user's Pinterest sign-in and has not finished; "
                "nothing was sent."
            ) from None

    async def _refuse(self, user_id: str, refresh_token: str) -> None:
        """Mark the user's tokens refused, unless a new sign-in replaced them since they were read."""
        doc = await self.store.get(NAMESPACE, user_id, TOKENS_KEY)
        if doc is None:
            return
        plain = json.loads(self.vault.open(str(doc.value["sealed"])))
        if plain.get("refresh_token") != refresh_token:
            return
        with contextlib.suppress(Conflict):  # written meanwhile: a new sign-in, which is what refusal asks for
            await self.store.put(NAMESPACE, user_id, TOKENS_KEY, {**doc.value, "refused": True}, if_version=doc.version)


def _invalid_grant(exc: oauth.RefreshRejectedError) -> bool:
    """Pinterest's answer to a dead refresh token (code 283, or OAuth's `invalid_grant`)."""
    return exc.code == INVALID_GRANT_CODE or "invalid_grant" in exc.message.lower()
