"""Promotions (``promotions/*``): an advertiser's sales offers shown on its ads, not product group promotions.

A promotion (``PromotionResponse``) belongs to an ad account: a title, a type (sitewide, percent
off, free shipping...), an optional code and schedule, and up to two template values (an amount in
a currency, or a percent) that fill the type's wording. Creates and updates take 1 to 30 of them in
a bare array and answer ``{"promotions": [{"data"} | {"exception"}]}`` item by item; a promotion
starts ACTIVE, ends after it starts, and its ``promotion_custom_id`` is unique in the account. A
delete removes it (204).
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.lookup import owned_by
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds.entities import NEW
from pinterest_mcp.emulator.kinds.shaped import shape, shaped

SCHEMA = "PromotionResponse"


def _check(store: Store, promotion: Entity) -> None:
    """What the schemas cannot say: the schedule runs forward, a custom id is the account's once."""
    start, end = promotion.get("start_time"), promotion.get("end_time")
    if start is not None and end is not None and end <= start:
        raise invalid(f"Invalid end_time: {end} is not after start_time {start}.")
    custom = promotion.get("promotion_custom_id")
    for other in store.collection("promotions").values():
        same = other["ad_account_id"] == promotion["ad_account_id"] and other["id"] != promotion["id"]
        if custom is not None and same and other.get("promotion_custom_id") == custom:
            raise invalid(f"Invalid promotion_custom_id: {custom!r} is promotion {other['id']}'s already.")


def create_offer(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Store one promotion of a create body: ACTIVE, in the path's ad account."""
    fields = shape(SCHEMA).fields
    given = {k: v for k, v in item.items() if k in fields and k not in ("id", "ad_account_id", "status")}
    promotion = shaped(SCHEMA, {"id": NEW, "ad_account_id": context.account["id"], "status": "ACTIVE"}, given)
    _check(context.store, promotion)
    return context.store.add("promotion", promotion)


def update_offer(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Set the fields an update item sends on the account's promotion its ``id`` names."""
    promotion = owned_by(context.store.collection("promotions"), item["id"], context.account, "Promotion")
    fields = shape(SCHEMA).fields
    changed = {**promotion, **{k: v for k, v in item.items() if k in fields and k not in ("id", "ad_account_id")}}
    _check(context.store, changed)
    promotion.update(changed)
    return promotion


def delete_offer(store: Store, promotion: Entity) -> None:
    """Remove a promotion; ads that showed it show none."""
    del store.collection("promotions")[promotion["id"]]
