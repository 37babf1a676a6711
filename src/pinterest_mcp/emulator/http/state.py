"""The emulator's in-memory store.

Entities are kept as plain dicts shaped like Pinterest's response objects and keyed by id, one
flat collection per kind, so a read is a lookup and a later write is a dict update. The kinds the
seed and the hand-written routes use are fields; any other kind's collection is made on first use
(``Store.collection``) and its ids start at a shared base, so a new kind adds no line here. A child names
its parent in a field (``ad_account_id``, ``board_id``); where the response body does not carry
that field (a section's board, a keyword's ad account) the resource table marks it private and
rendering drops it. Values Pinterest derives (board pin counts, ``has_been_promoted``, ...) are
computed when an object is rendered, in ``views``, so writes never have to keep them in sync.

Status changes are kept as a history per entity (``status_changes``), so the analytics
simulation can judge each past day by the status that held on it, not by today's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

Entity = dict[str, Any]

# Where each kind of id starts; the widths mimic real Pinterest ids (all at most 18 digits).
_ID_BASES: dict[str, int] = {
    "user": 877_196_115_044_212_736,
    "ad_account": 549_755_813_888,
    "campaign": 626_735_000_000,
    "ad_group": 2_680_059_000_000,
    "ad": 687_194_000_000,
    "board": 877_196_184_765_480_960,
    "section": 511_887_034_300_000_000,
    "pin": 877_196_253_484_957_696,
    "interest": 935_249_274_000,
    "conversion_tag": 2_613_100_000_000,
    "feed_profile": 626_736_500_000,
    "audience": 2_542_620_000_000,
    "customer_list": 549_755_885_000,
    "keyword": 2_886_364_000_000,
    "media": 5_016_871_000_000,
    "lead_form": 1_099_511_000_000,
    "targeting_template": 3_298_534_000_000,
    "product_group_promotion": 2_199_023_000_000,
    "product_group": 4_398_046_000_000,
}
# Pinterest's own taxonomy, the same for every user.
_SHARED_KINDS = frozenset({"interest"})
_NEW_KIND_BASE = 1_106_385_000_000  # where the ids of a kind without a base of its own start


@dataclass(frozen=True)
class Delivery:
    """How an ad group performs in the metrics simulation (see ``analytics``).

    Money is in micro-units of the ad account's currency; rates are fractions.
    """

    daily_spend: int
    cpm: int
    ctr: float
    conversion_rate: float
    order_value: int
    recent_days: int = 0
    recent_conversion_factor: float = 1.0


@dataclass(frozen=True)
class StatusChange:
    """One status change: ``day`` on the emulator's calendar (the one analytics use), ``at`` its Unix time."""

    day: date
    before: str
    after: str
    at: int


@dataclass
class Store:
    """All emulator data for one seed.

    ``delivery`` holds the simulation inputs for each ad group. ``audiences`` holds every ad
    account's audiences, owned and shared with it, keyed by id. ``status_changes`` is keyed by
    (entity ``type``, id), since ids of different kinds may coincide.
    """

    rng: random.Random
    user: Entity = field(default_factory=dict)
    ad_accounts: dict[str, Entity] = field(default_factory=dict)
    campaigns: dict[str, Entity] = field(default_factory=dict)
    ad_groups: dict[str, Entity] = field(default_factory=dict)
    ads: dict[str, Entity] = field(default_factory=dict)
    boards: dict[str, Entity] = field(default_factory=dict)
    sections: dict[str, Entity] = field(default_factory=dict)
    pins: dict[str, Entity] = field(default_factory=dict)
    audiences: dict[str, Entity] = field(default_factory=dict)
    keywords: dict[str, Entity] = field(default_factory=dict)
    customer_lists: dict[str, Entity] = field(default_factory=dict)  # these five: see ``account_assets``
    conversion_tags: dict[str, Entity] = field(default_factory=dict)
    lead_forms: dict[str, Entity] = field(default_factory=dict)
    targeting_templates: dict[str, Entity] = field(default_factory=dict)
    product_group_promotions: dict[str, Entity] = field(default_factory=dict)
    others: dict[str, dict[str, Entity]] = field(default_factory=dict)  # collections without a field, by name
    delivery: dict[str, Delivery] = field(default_factory=dict)
    interest_names: dict[str, str] = field(default_factory=dict)
    network: dict[str, list[Entity]] = field(default_factory=dict)  # see ``network``
    media: dict[str, Entity] = field(default_factory=dict)  # video uploads, see ``uploads``
    status_changes: dict[tuple[str, str], list[StatusChange]] = field(default_factory=dict)
    id_shift: int = 0  # added to every id base but the shared taxonomy's: one user's ids, a range of their own
    _last_ids: dict[str, int] = field(default_factory=dict)

    def new_id(self, kind: str) -> str:
        """Allocate the next id of ``kind``: increasing (newer is higher, as on Pinterest) and seed-stable."""
        base = _ID_BASES.get(kind, _NEW_KIND_BASE) + (0 if kind in _SHARED_KINDS else self.id_shift)
        last = self._last_ids.get(kind, base)
        self._last_ids[kind] = last + self.rng.randint(1_000, 900_000)
        return str(self._last_ids[kind])

    def add(self, kind: str, entity: Entity) -> Entity:
        """Give a new, validated entity its id and keep it (each kind's collection is its plural)."""
        entity["id"] = self.new_id(kind)
        self.collection(f"{kind}s")[entity["id"]] = entity
        return entity

    def collection(self, name: str) -> dict[str, Entity]:
        """The entities of one kind by id, named as the resource table names them (``"campaigns"``)."""
        if name in self.__dataclass_fields__:
            entities: dict[str, Entity] = getattr(self, name)
            return entities
        return self.others.setdefault(name, {})

    def campaigns_of(self, ad_account_id: str) -> list[Entity]:
        """The account's campaigns, oldest first."""
        return [c for c in self.campaigns.values() if c["ad_account_id"] == ad_account_id]

    def ad_groups_of(self, ad_account_id: str) -> list[Entity]:
        """The account's ad groups, oldest first."""
        return [g for g in self.ad_groups.values() if g["ad_account_id"] == ad_account_id]

    def ads_of(self, ad_account_id: str) -> list[Entity]:
        """The account's ads, oldest first."""
        return [a for a in self.ads.values() if a["ad_account_id"] == ad_account_id]

    def audiences_of(self, ad_account_id: str) -> list[Entity]:
        """The account's audiences, oldest first."""
        return [a for a in self.audiences.values() if a["ad_account_id"] == ad_account_id]

    def sections_on(self, board_id: str) -> dict[str, Entity]:
        """A board's sections by id, oldest first."""
        return {s["id"]: s for s in self.sections.values() if s["board_id"] == board_id}

    def pins_on(self, board_id: str, section_id: str | None = None) -> list[Entity]:
        """Pins saved to a board (optionally one section), newest first as Pinterest lists them."""
        pins = [
            p
            for p in self.pins.values()
            if p["board_id"] == board_id and (section_id is None or p["board_section_id"] == section_id)
        ]
        return sorted(pins, key=lambda p: int(p["id"]), reverse=True)

    def delete_pins(self, pins: list[Entity]) -> None:
        """Remove Pins; ads that promoted one stay (archiving is their only end) and report ``is_pin_deleted``."""
        gone = {pin["id"] for pin in pins}
        for pin_id in gone:
            del self.pins[pin_id]
        for ad in self.ads.values():
            if ad["pin_id"] in gone:
                ad["is_pin_deleted"] = True

    def delete_pin(self, pin: Entity) -> None:
        """Remove one Pin (see ``delete_pins``)."""
        self.delete_pins([pin])

    def delete_section(self, section: Entity) -> None:
        """Remove a section and the Pins saved in it."""
        self.delete_pins(self.pins_on(section["board_id"], section["id"]))
        del self.sections[section["id"]]

    def delete_board(self, board: Entity) -> None:
        """Remove a board with its sections and Pins."""
        self.delete_pins(self.pins_on(board["id"]))
        for section_id in self.sections_on(board["id"]):
            del self.sections[section_id]
        del self.boards[board["id"]]

    def promoted_pin_ids(self) -> set[str]:
        """Pins that any ad has used."""
        return {ad["pin_id"] for ad in self.ads.values()}

    def record_status(self, entity: Entity, status: str, day: date, at: int) -> None:
        """Note that ``entity`` moves to ``status`` on ``day`` (call before changing it; no-op if unchanged)."""
        if status != entity["status"]:
            change = StatusChange(day=day, before=entity["status"], after=status, at=at)
            self.status_changes.setdefault((entity["type"], entity["id"]), []).append(change)

    def status_on(self, entity: Entity, day: date) -> str:
        """The status ``entity`` had when ``day`` began: a change counts from the day after it happened."""
        changes = self.status_changes.get((entity["type"], entity["id"]))
        if not changes:
            return str(entity["status"])
        held = changes[0].before
        for change in changes:
            if change.day >= day:
                break
            held = change.after
        return held
