"""Ad create and update items (``AdCreateRequest`` / ``AdUpdateRequest``).

An ad promotes an existing Pin in an ad group of the same ad account that is not archived. Its
``creative_type`` must be the Pin's, and it needs somewhere to send clicks: the Pin's link or a
``destination_url``. A QUIZ ad is the exception: it is built on an image (REGULAR) Pin from its
``quiz_pin_data``, whose every result names an existing organic Pin. A new ad waits in review
(``review_status`` PENDING), so it delivers nothing in the analytics simulation until Pinterest
would have approved it, which the emulator never does. The ad group and the Pin are fixed once the ad exists.
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import ENTITY_ARCHIVED, PIN_NOT_FOUND, ApiError, invalid, not_found
from pinterest_mcp.emulator.http.lookup import owned_by
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds import entities
from pinterest_mcp.emulator.kinds.ads_rules import ad_summary_status, changes_of, commit, creatable_status, fixed

# The fields an item may set (items are checked against the spec's schemas in the bulk loop); the
# schema's ``is_pin_deleted`` and ``is_removable`` are server-side state a client cannot set.
_UPDATABLE = (
    "ad_group_id", "pin_id", "creative_type", "name", "status", "destination_url", "android_deep_link",
    "ios_deep_link", "click_tracking_url", "view_tracking_url", "carousel_destination_urls",
    "carousel_android_deep_links", "carousel_ios_deep_links", "customizable_cta_type", "grid_click_type",
    "disclosure_type", "disclosure_url", "lead_form_id", "quiz_pin_data", "tracking_urls",
)  # fmt: skip
# Create fields taken as sent; the parents and the Pin's creative type are checked above.
_OPTIONAL = tuple(name for name in _UPDATABLE if name not in ("ad_group_id", "pin_id", "creative_type", "status"))


def create_ad(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Check a create item against its ad group and Pin and store the new ad."""
    group = owned_by(context.store.ad_groups, item["ad_group_id"].removeprefix("AG"), context.account, "Ad group")
    if group["status"] == "ARCHIVED":
        raise ApiError(400, ENTITY_ARCHIVED, f"Ad group {group['id']} is ARCHIVED; ads cannot be added to it.")
    pin = context.store.pins.get(item["pin_id"])
    if pin is None:
        raise not_found(PIN_NOT_FOUND, f"Pin {item['pin_id']} not found.")
    if item["creative_type"] == "QUIZ":
        _check_quiz(context, pin, item.get("quiz_pin_data"))
    elif item.get("quiz_pin_data") is not None:
        raise invalid("Invalid quiz_pin_data: only a QUIZ ad carries quiz questions and results.")
    elif item["creative_type"] != pin["creative_type"]:
        raise invalid(
            f"Invalid creative_type: Pin {pin['id']} is a {pin['creative_type']} Pin, not {item['creative_type']}."
        )
    if not item.get("destination_url", pin["link"]):
        raise invalid(f"Invalid destination_url: Pin {pin['id']} has no link, so the ad needs a destination_url.")
    given = {name: item[name] for name in _OPTIONAL if name in item}
    given["status"] = creatable_status(item, "ad")
    if item["creative_type"] == "QUIZ":
        given["creative_type"] = "QUIZ"
    return context.store.add("ad", entities.ad(entities.NEW, group, pin, now=context.now, **given))


def _check_quiz(context: WriteContext, pin: Entity, quiz: Any) -> None:
    """A quiz ad needs an image Pin, questions and results, and an organic Pin behind every result."""
    if pin["creative_type"] != "REGULAR":
        raise invalid(f"Invalid creative_type: a QUIZ ad is built on an image Pin; Pin {pin['id']} is not one.")
    if not isinstance(quiz, dict) or not quiz.get("questions") or not quiz.get("results"):
        raise invalid("Invalid quiz_pin_data: a QUIZ ad needs questions and results.")
    custom = [quiz["tie_breaker_custom_result"]] if "tie_breaker_custom_result" in quiz else []
    for result in [*quiz["results"], *custom]:
        organic = result.get("organic_pin_id")
        if organic is None or organic not in context.store.pins:
            raise not_found(PIN_NOT_FOUND, f"Invalid quiz_pin_data: result Pin {organic} not found.")


def update_ad(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Apply only the fields an update item carries."""
    ad = owned_by(context.store.ads, item["id"], context.account, "Ad")
    changes = changes_of(ad, item, _UPDATABLE, "Ad")
    if "ad_group_id" in changes:
        changes["ad_group_id"] = changes["ad_group_id"].removeprefix("AG")
    if "pin_id" in changes and ad["status"] == "DRAFT":  # the spec: only a draft ad's Pin may change
        pin = context.store.pins.get(changes["pin_id"])
        if pin is None:
            raise not_found(PIN_NOT_FOUND, f"Pin {changes['pin_id']} not found.")
        if pin["creative_type"] != ad["creative_type"]:
            kinds = f"Pin {pin['id']} is {pin['creative_type']}, the ad {ad['creative_type']}"
            raise invalid(f"Invalid pin_id: {kinds}.")
    for name in ("ad_group_id", "pin_id", "creative_type"):
        if name != "pin_id" or ad["status"] != "DRAFT":
            fixed(ad, changes, name, "Ad")
    if "destination_url" in changes and not changes["destination_url"]:
        pin = context.store.pins.get(ad["pin_id"])
        if not (pin and pin["link"]):
            raise invalid(f"Invalid destination_url: Pin {ad['pin_id']} has no link, so the ad needs one.")
    status = changes["status"] if "status" in changes else ad["status"]
    return commit(context, ad, {**changes, "summary_status": ad_summary_status(status, ad["review_status"])})
