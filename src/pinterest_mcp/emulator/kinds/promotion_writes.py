"""Product group promotion create and update (``ProductGroupPromotionCreateRequest`` / ``...UpdateRequest``).

Both bodies name one ad group and list its promotions under ``product_group_promotion``; the
answer is ``ProductGroupPromotionResponse``, one ``items`` entry per promotion with ``data`` or
``exceptions`` (a list), HTTP 200 even when some fail. The ad group must be one of the path's ad
account, in a CATALOG_SALES campaign, and not archived; a product group is promoted once per ad
group. Promotions keep their ad account in a private field (``PRIVATE``).
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.bulk import MAX_ITEMS, BulkRules
from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import ENTITY_ARCHIVED, ApiError, invalid
from pinterest_mcp.emulator.http.lookup import owned_by
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds import entities

PRIVATE = ("ad_account_id",)
# The fields a promotion item may set (items are checked against the spec's schemas in the bulk loop).
_FIELDS = (
    "status", "bid_in_micro_currency", "included", "tracking_url", "catalog_product_group_name", "creative_type",
    "collections_header_type", "collections_hero_pin_id", "collections_hero_destination_url",
    "slideshow_collections_title", "slideshow_collections_description", "customizable_cta_type",
    "preferred_media_type", "selected_image_tag", "selected_video_tag", "is_generate_background", "is_mdl",
)  # fmt: skip


def _group(context: WriteContext, item: dict[str, Any]) -> Entity:
    group = owned_by(context.store.ad_groups, item["ad_group_id"].removeprefix("AG"), context.account, "Ad group")
    campaign = context.store.campaigns[group["campaign_id"]]
    if campaign["objective_type"] != "CATALOG_SALES":
        raise invalid(f"Invalid ad_group_id: ad group {group['id']} is not in a CATALOG_SALES campaign.")
    if group["status"] == "ARCHIVED":
        raise ApiError(400, ENTITY_ARCHIVED, f"Ad group {group['id']} is ARCHIVED; it takes no promotions.")
    return group


def create_promotion(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Store one promotion of a create body unless its product group is promoted in the ad group already."""
    group = _group(context, item)
    product_group = item["catalog_product_group_id"]
    for other in context.store.product_group_promotions.values():
        if (other["ad_group_id"], other["catalog_product_group_id"]) == (group["id"], product_group):
            raise invalid(f"Invalid catalog_product_group_id: {product_group} is promoted in this ad group already.")
    given = {k: item[k] for k in _FIELDS if k in item}
    promotion = entities.product_group_promotion(entities.NEW, group, product_group, **given)
    return context.store.add("product_group_promotion", promotion)


def update_promotion(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Change the promotion an update item names."""
    group = _group(context, item)
    promotion = owned_by(context.store.product_group_promotions, item["id"], context.account, "Product group promotion")
    if promotion["ad_group_id"] != group["id"]:
        raise invalid(f"Invalid id: promotion {promotion['id']} belongs to ad group {promotion['ad_group_id']}.")
    if promotion["status"] == "ARCHIVED":
        raise ApiError(400, ENTITY_ARCHIVED, f"Product group promotion {promotion['id']} is ARCHIVED.")
    promotion.update({k: item[k] for k in _FIELDS if k in item})
    return promotion


# The envelope is the spec's (``bulk.envelope``): each promotion is told the body's ad group. The
# spec does not bound the promotions of a body; Pinterest takes 1 to 30, as in its other bulk writes.
# The bound is the envelope's rather than a ``body_rules`` fragment so it is refused in the words of
# the other bulk bounds ("N items sent; a request takes 1 to 30"), which the gate keeps for bare arrays.
RULES = BulkRules(items=(1, MAX_ITEMS))
