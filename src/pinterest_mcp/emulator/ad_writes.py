"""Ad create and update items (``AdCreateRequest`` / ``AdUpdateRequest``).

An ad promotes an existing Pin in an ad group of the same ad account that is not archived. Its
``creative_type`` must be the Pin's, and it needs somewhere to send clicks: the Pin's link or a
``destination_url``. A new ad waits in review (``review_status`` PENDING), so it delivers nothing
in the analytics simulation until Pinterest would have approved it, which the emulator never does.
The ad group and the Pin are fixed once the ad exists.
"""

from __future__ import annotations

from typing import Any

from .ads_rules import changes_of, creatable_status, fixed
from .bulk import WriteContext
from .errors import ENTITY_ARCHIVED, PIN_NOT_FOUND, ApiError, invalid, not_found
from .fields import Spec, check, digits, one_of, string_list
from .lookup import owned_by
from .params import CREATIVE_TYPES, ENTITY_STATUSES
from .state import Entity
from .vocab import CTA_TYPES, DISCLOSURE_TYPES, GRID_CLICK_TYPES, TRACKING_URLS

_AD_GROUP_ID = r"^(AG)?\d+$"
_URL = Spec("string", nullable=True)
_FIELDS: dict[str, Spec] = {
    "ad_group_id": Spec("string", pattern=_AD_GROUP_ID),
    "pin_id": digits(),
    "creative_type": one_of(CREATIVE_TYPES),
    "name": Spec("string", nullable=True),
    "status": one_of(ENTITY_STATUSES),
    "destination_url": _URL,
    "android_deep_link": _URL,
    "ios_deep_link": _URL,
    "click_tracking_url": _URL,
    "view_tracking_url": _URL,
    "carousel_destination_urls": string_list(nullable=True),
    "carousel_android_deep_links": string_list(nullable=True),
    "carousel_ios_deep_links": string_list(nullable=True),
    "customizable_cta_type": one_of(CTA_TYPES, nullable=True),
    "grid_click_type": one_of(GRID_CLICK_TYPES, nullable=True),
    "disclosure_type": one_of(DISCLOSURE_TYPES, nullable=True),
    "disclosure_url": _URL,
    "lead_form_id": Spec("string", nullable=True, pattern=_AD_GROUP_ID),
    "quiz_pin_data": Spec("object", nullable=True),
    "tracking_urls": TRACKING_URLS,
    "is_pin_deleted": Spec("boolean"),
    "is_removable": Spec("boolean"),
}
_UPDATE_FIELDS: dict[str, Spec] = {**_FIELDS, "id": digits(), "pin_id": digits(nullable=True)}
# Server-side state a client cannot set.
_UPDATABLE = tuple(name for name in _FIELDS if name not in ("is_pin_deleted", "is_removable"))


def create_ad(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Validate a create item against its ad group and Pin and store the new ad."""
    check(item, _FIELDS, required=("ad_group_id", "pin_id", "creative_type"))
    group = owned_by(context.store.ad_groups, item["ad_group_id"].removeprefix("AG"), context.account, "Ad group")
    if group["status"] == "ARCHIVED":
        raise ApiError(400, ENTITY_ARCHIVED, f"Ad group {group['id']} is ARCHIVED; ads cannot be added to it.")
    pin = context.store.pins.get(item["pin_id"])
    if pin is None:
        raise not_found(PIN_NOT_FOUND, f"Pin {item['pin_id']} not found.")
    if item["creative_type"] != pin["creative_type"]:
        raise invalid(
            f"Invalid creative_type: Pin {pin['id']} is a {pin['creative_type']} Pin, not {item['creative_type']}."
        )
    destination = item.get("destination_url", pin["link"])
    if not destination:
        raise invalid(f"Invalid destination_url: Pin {pin['id']} has no link, so the ad needs a destination_url.")
    status = creatable_status(item, "ad")
    carousel = [slide.get("link") for slide in pin["media"].get("items", [])] or None
    fields = {
        "ad_account_id": context.account["id"],
        "campaign_id": group["campaign_id"],
        "ad_group_id": group["id"],
        "pin_id": pin["id"],
        "name": item.get("name"),
        "status": status,
        "creative_type": pin["creative_type"],
        "destination_url": destination,
        "carousel_destination_urls": item.get("carousel_destination_urls", carousel),
        **{name: item.get(name) for name in _OPTIONAL},
        "grid_click_type": item.get("grid_click_type", "CLOSEUP"),
        "is_pin_deleted": False,
        "is_removable": False,
        "collection_items_destination_url_template": None,
        "review_status": "PENDING",
        "rejected_reasons": [],
        "rejection_labels": [],
        "summary_status": _summary(status, "PENDING"),
        "type": "pinpromotion",
        "created_time": context.now,
        "updated_time": context.now,
    }
    ad = {"id": context.store.new_id("ad"), **fields}
    context.store.ads[ad["id"]] = ad
    return ad


def update_ad(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Validate an update item and apply only the fields it carries."""
    check(item, _UPDATE_FIELDS, required=("id",))
    ad = owned_by(context.store.ads, item["id"], context.account, "Ad")
    changes = changes_of(ad, item, _UPDATABLE, "Ad")
    if "ad_group_id" in changes:
        changes["ad_group_id"] = changes["ad_group_id"].removeprefix("AG")
    for name in ("ad_group_id", "pin_id", "creative_type"):
        fixed(ad, changes, name, "Ad")
    if "destination_url" in changes and not changes["destination_url"]:
        pin = context.store.pins.get(ad["pin_id"])
        if not (pin and pin["link"]):
            raise invalid(f"Invalid destination_url: Pin {ad['pin_id']} has no link, so the ad needs one.")
    ad.update(changes, updated_time=context.now)
    ad["summary_status"] = _summary(ad["status"], ad["review_status"])
    return ad


_OPTIONAL = (
    "carousel_android_deep_links",
    "carousel_ios_deep_links",
    "android_deep_link",
    "ios_deep_link",
    "click_tracking_url",
    "view_tracking_url",
    "tracking_urls",
    "customizable_cta_type",
    "lead_form_id",
    "quiz_pin_data",
    "disclosure_type",
    "disclosure_url",
)


def _summary(status: str, review_status: str) -> str:
    """An ACTIVE ad shows its review state (APPROVED, PENDING, REJECTED); otherwise its status."""
    return review_status if status == "ACTIVE" else status
