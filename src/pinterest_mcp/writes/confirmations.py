"""Confirmation tokens: a plan's signed, one-time permission to apply exactly that plan.

A token carries everything needed to check it, so it outlives the process that issued it: a
second `pinterest-mcp call`, a restarted server or another replica sharing the key and the journal
can apply it. It reads

    cf1.<id>.<expires>.<tool>.<account>.<request>.<state>.<mac>

`id` is random (the journal records it when the token is used, which makes it one-time: see
`journal`), `expires` a Unix time, `request`/`state` short prefixes of the request digest and of
the state fingerprint (only to say which of the two no longer matches), and `mac` an HMAC-SHA256
over the version, id, expiry, tool, ad account, profile and the *full* request digest and state
fingerprint. Editing any part, or presenting the token for another request, state, tool, account
or profile, fails the MAC. Fails closed: anything unexpected is a refusal.

The key lives in the credential store (created on first use, never shown); the demo and tests use
a key held in memory, so their tokens die with the process as the emulator's state does.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pinterest_mcp.auth.credentials import MIN_KEY_BYTES
from pinterest_mcp.config.settings import MAX_TTL_SECONDS as MAX_TTL_SECONDS  # the bound settings check

if TYPE_CHECKING:
    from pinterest_mcp.auth.credentials import CredentialStore

DEFAULT_TTL_SECONDS = 600.0
_VERSION = "cf1"
_PREFIX = 8
"""Characters of the request digest and state fingerprint a token shows, to name what changed."""
_MAC_BYTES = 16
_MAX_TOKEN = 300
_PART = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_NO_ACCOUNT = "-"


def digest(value: Any) -> str:
    """A stable digest of JSON-able data (key order and spacing do not matter)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class ConfirmationRefused(Exception):
    """The confirmation does not permit this apply; nothing may be written."""


class StateChanged(ConfirmationRefused):
    """The token is for this request, but the state it previewed is gone; the caller names what changed."""


class ConfirmationsUnavailable(Exception):
    """No token can be issued or checked: the signing key could not be read or created."""


@dataclass(frozen=True)
class Ticket:
    """A token taken apart; nothing in it is trusted until `Confirmations.verify` passes."""

    id: str
    expires: int
    tool: str
    account: str
    request: str
    state: str
    mac: str

    def head(self) -> list[str]:
        return [_VERSION, self.id, str(self.expires), self.tool, self.account]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _account(account: str | None) -> str:
    """The account as the token shows it: the id itself, or a digest of anything that is not token-safe."""
    if not account:
        return _NO_ACCOUNT
    return account if _PART.fullmatch(account) else "h" + digest(account)[:16]


class Confirmations:
    """Issues and checks tokens; holds no record of them. `clock` (Unix seconds) is injectable for tests.

    `store` returns the credential store that keeps the key; None keeps a random key in memory.
    """

    def __init__(
        self,
        ttl: float = DEFAULT_TTL_SECONDS,
        clock: Callable[[], float] | None = None,
        *,
        store: Callable[[], CredentialStore] | None = None,
        profile: str = "default",
    ) -> None:
        if not math.isfinite(ttl) or not 0 < ttl <= MAX_TTL_SECONDS:  # settings.parse_ttl refused it already
            raise ValueError(f"a confirmation's lifetime must be 1 to {MAX_TTL_SECONDS:.0f} seconds, not {ttl!r}")
        self.ttl = ttl
        self.clock = clock or time.time
        self.profile = profile
        self._store = store
        self._key: bytes | None = None if store is not None else secrets.token_bytes(MIN_KEY_BYTES)

    def use_key(self, key: bytes) -> None:
        """Sign and check with `key` from now on: the demo keeps one between `call` processes."""
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(f"a confirmation key must be at least {MIN_KEY_BYTES} bytes")
        self._key = key

    def key(self) -> bytes:
        if self._key is None:
            assert self._store is not None
            from pinterest_mcp.api.errors import CredentialStoreError
            from pinterest_mcp.auth.credentials import confirmation_key

            try:
                self._key = confirmation_key(self._store())
            except CredentialStoreError as exc:
                raise ConfirmationsUnavailable(f"the key that signs confirmations is unavailable: {exc}") from None
        return self._key

    def mint(self, tool: str, account: str | None, request: str, fingerprint: str) -> str:
        """A token for this plan: this tool and ad account, this exact request, this previewed state."""
        ticket = Ticket(
            id=_b64(secrets.token_bytes(12)),
            expires=int(self.clock() + self.ttl),
            tool=tool,
            account=_account(account),
            request=request[:_PREFIX],
            state=fingerprint[:_PREFIX],
            mac="",
        )
        return ".".join([*ticket.head(), ticket.request, ticket.state, self._mac(ticket, request, fingerprint)])

    def open(self, token: str) -> Ticket:
        """The token's parts, or a refusal when it is not shaped like a token this server issues."""
        parts = token.split(".") if len(token) <= _MAX_TOKEN else []
        if len(parts) != 8 or parts[0] != _VERSION or not all(_PART.fullmatch(p) for p in parts[1:]):
            raise ConfirmationRefused("this is not a confirmation this server issued (copy it whole from the plan)")
        _, token_id, expires, tool, account, request, state, mac = parts
        if not expires.isdigit():
            raise ConfirmationRefused("this is not a confirmation this server issued (copy it whole from the plan)")
        return Ticket(token_id, int(expires), tool, account, request, state, mac)

    def verify(self, ticket: Ticket, tool: str, account: str | None, request: str, fingerprint: str) -> None:
        """Pass only for the very plan the token was issued for, unexpired; otherwise say what differs."""
        if ticket.tool != tool:
            raise ConfirmationRefused(f"this confirmation belongs to a plan of {ticket.tool}, not {tool}")
        if ticket.account != _account(account):
            raise ConfirmationRefused(f"this confirmation is for ad account {ticket.account}, not {account or 'none'}")
        if not hmac.compare_digest(ticket.mac, self._mac(ticket, request, fingerprint)):
            if ticket.request != request[:_PREFIX]:
                raise ConfirmationRefused("this confirmation was issued for different arguments")
            if ticket.state != fingerprint[:_PREFIX]:
                raise StateChanged("the state changed since the plan")
            raise ConfirmationRefused(
                "this confirmation's signature does not match: it was altered, or issued with another key "
                "or for another profile"
            )
        if self.clock() > ticket.expires:
            raise ConfirmationRefused(f"this confirmation expired ({int(self.ttl)} s after its plan)")

    def _mac(self, ticket: Ticket, request: str, fingerprint: str) -> str:
        message = "\0".join([*ticket.head(), self.profile, request, fingerprint]).encode()
        return _b64(hmac.new(self.key(), message, hashlib.sha256).digest()[:_MAC_BYTES])
