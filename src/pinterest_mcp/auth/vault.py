"""Pinterest tokens at rest: sealed with a key only the server holds, rotatable with current + previous.

A remote connector keeps every user's Pinterest tokens in its store (a SQLite file, a PostgreSQL
database a team shares), where a backup, a replica's disk or a database dump could leak them; so
they are stored sealed, never as text. Sealing is Fernet (AES-128-CBC + HMAC-SHA256, from the
`cryptography` package) through `MultiFernet`: the first key seals, every listed key opens, so a
key is rotated by putting the new one first and keeping the old one second until `reseal` has
moved every stored token onto the new key.

Keys come from `PINTEREST_MCP_VAULT_KEYS` (comma-separated, current first) or from the file named
by `PINTEREST_MCP_VAULT_KEYS_FILE` (one key a line), never from a flag: a flag shows in `ps`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from pinterest_mcp.auth.credentials import Credentials
from pinterest_mcp.store.port import Store

KEYS_ENV = "PINTEREST_MCP_VAULT_KEYS"
KEYS_FILE_ENV = "PINTEREST_MCP_VAULT_KEYS_FILE"
NAMESPACE = "pinterest_tokens"
TOKENS_KEY = "tokens"
SEALED_FIELDS = ("access_token", "refresh_token", "access_token_expires_at", "refresh_token_expires_at", "scopes")


class VaultError(Exception):
    """The vault has no usable key, or a sealed value opens with none of its keys."""


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
