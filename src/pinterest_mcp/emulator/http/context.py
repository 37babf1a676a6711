"""What every write's apply function is handed, so writes never reach into the request themselves.

A bulk item and a single-object body get the same ``WriteContext``: the store, the parent the
path names (an ad account, a board; None for top-level kinds), the entity the path names for an
update of one object, and the two clocks: ``now`` (Unix seconds, stamped on what is written) and
``today`` (the date analytics run on, so a status change lands on the day the reports see).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.seed.media import iso


@dataclass(frozen=True)
class WriteContext:
    """The store, the path's parent and target entity, and the time to stamp."""

    store: Store
    parent: Entity | None
    now: int
    today: date
    target: Entity | None = None

    @property
    def owner(self) -> Entity:
        """The parent entity the path names (a board for a section write)."""
        if self.parent is None:
            raise RuntimeError("this write has no parent in its path")
        return self.parent

    @property
    def account(self) -> Entity:
        """The path's ad account, for writes below ``/ad_accounts/{ad_account_id}``."""
        return self.owner

    @property
    def entity(self) -> Entity:
        """The entity the path names, for a single-object update."""
        if self.target is None:
            raise RuntimeError("this write names no entity in its path")
        return self.target

    @property
    def iso_now(self) -> str:
        """``now`` as an organic ``created_at`` (ISO 8601, UTC)."""
        return iso(datetime.fromtimestamp(self.now, UTC))
