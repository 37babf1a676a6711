"""Confirmation tokens: a plan's one-time permission to apply exactly that plan.

A token is a random handle to a record kept in this server process: the tool, a digest of the
exact arguments and a fingerprint of the state the plan was previewed on, with an expiry. The
token itself carries nothing, so it cannot be forged or edited into permission for another change;
redeeming it checks all three and uses it up. Fails closed: anything unexpected is a refusal.

The store is bounded, and only expired records leave it unasked: when it is full a new plan gets
no token (and is told why) rather than a pending plan silently losing the one the user is reading.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

DEFAULT_TTL_SECONDS = 600.0
_MAX_PENDING = 1000


def digest(value: Any) -> str:
    """A stable digest of JSON-able data (key order and spacing do not matter)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class ConfirmationRefused(Exception):
    """The confirmation does not permit this apply; nothing may be written."""


class ConfirmationsFull(Exception):
    """No token can be issued: the store holds as many unexpired plans as it keeps."""


@dataclass(frozen=True)
class Pending:
    tool: str
    arguments: str
    fingerprint: str
    expires_at: float


class Confirmations:
    """Pending plans by token. `clock` is injectable so tests can expire tokens without sleeping."""

    def __init__(self, ttl: float = DEFAULT_TTL_SECONDS, clock: Callable[[], float] | None = None) -> None:
        self.ttl = ttl
        self.clock = clock or time.monotonic
        self._pending: dict[str, Pending] = {}

    def mint(self, tool: str, arguments: str, fingerprint: str) -> str:
        """A new token for this plan; `ConfirmationsFull` when every slot holds an unexpired plan."""
        self._evict()
        if len(self._pending) >= _MAX_PENDING:
            soonest = min(p.expires_at for p in self._pending.values()) - self.clock()
            raise ConfirmationsFull(
                f"this server already holds {_MAX_PENDING} plans awaiting confirmation, the most it keeps; "
                f"apply or abandon some (the oldest expires in {max(0, int(soonest)) + 1} s), then plan again"
            )
        token = "cf_" + secrets.token_urlsafe(18)
        self._pending[token] = Pending(tool, arguments, fingerprint, self.clock() + self.ttl)
        return token

    def redeem(self, token: str, tool: str, arguments: str) -> Pending:
        """Check the token against this call and use it up; the caller still compares the state fingerprint.

        A token presented with other arguments or for another tool stays unused (the model may have
        made a typo); an expired one is dropped.
        """
        pending = self._pending.get(token)
        if pending is None:
            # Expired records are dropped when plans are made, so "unknown" may also mean expired.
            raise ConfirmationRefused(
                f"this confirmation is unknown, was already used, or expired ({int(self.ttl)} s after its plan)"
            )
        if pending.tool != tool:
            raise ConfirmationRefused(f"this confirmation belongs to a plan of {pending.tool}, not {tool}")
        if pending.arguments != arguments:
            raise ConfirmationRefused("this confirmation was issued for different arguments")
        del self._pending[token]
        if self.clock() > pending.expires_at:
            raise ConfirmationRefused(f"this confirmation expired ({int(self.ttl)} s after its plan)")
        return pending

    def _evict(self) -> None:
        """Drop expired records only: an unexpired one may be on the user's screen right now."""
        now = self.clock()
        for token in [t for t, p in self._pending.items() if p.expires_at < now]:
            del self._pending[token]
