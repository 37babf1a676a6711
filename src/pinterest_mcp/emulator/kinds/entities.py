"""Pinterest's entities as the API returns them, built in one place for the seed and for the writes.

Each factory takes what an entity cannot exist without, fills every other field with Pinterest's
default or with what its parent implies (an ad group inherits its campaign's schedule, an ad its
Pin's creative type and link), and lets keyword arguments override any field by name. Keys come
out in one fixed order, so a created entity renders exactly like a seeded one. ``now`` is the Unix
time stamped as created and updated time unless given; derived fields (``summary_status``) are
computed last, from the final values. Factories never draw random numbers or allocate ids, so
the seed keeps full control of its random stream and a write allocates an id (``Store.add``)
only once the entity passed validation.
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds.ads_rules import ad_summary_status, summary_status

DEFAULT_PIN_COLOR = "#e9e2d6"
NEW = ""  # the id of an entity built before validation; ``Store.add`` allocates the real one


def _with(defaults: dict[str, Any], given: dict[str, Any]) -> Entity:
    """``defaults`` overridden by ``given``, in the defaults' key order; an unknown field is a bug."""
    unknown = set(given) - set(defaults)
    if unknown:
        raise TypeError(f"unknown field(s): {', '.join(sorted(unknown))}")
    return {**defaults, **given}


def ad_account(entity_id: str, name: str, owner: Entity, *, now: int, **given: Any) -> Entity:
    """``AdAccount`` owned by the user ``owner``."""
    defaults = {
        "id": entity_id,
        "name": name,
        "owner": {"id": owner["id"], "username": owner["username"]},
        "country": "US",
        "currency": "USD",
        "permissions": ["OWNER"],
        "created_time": now,
        "updated_time": now,
    }
    return _with(defaults, given)


def campaign(entity_id: str, account_id: str, name: str, objective_type: str, *, now: int, **given: Any) -> Entity:
    """``CampaignResponse``: ACTIVE, no caps, no schedule unless given."""
    defaults = {
        "id": entity_id,
        "ad_account_id": account_id,
        "name": name,
        "status": "ACTIVE",
        "objective_type": objective_type,
        "daily_spend_cap": None,
        "lifetime_spend_cap": None,
        "default_ad_group_budget_in_micro_currency": None,
        "is_campaign_budget_optimization": False,
        "is_flexible_daily_budgets": False,
        "is_automated_campaign": False,
        "is_performance_plus": False,
        "order_line_id": None,
        "tracking_urls": None,
        "bid_options": None,
        "start_time": None,
        "end_time": None,
        "created_time": now,
        "updated_time": now,
        "summary_status": None,
        "type": "campaign",
    }
    entity = _with(defaults, given)
    entity["summary_status"] = summary_status(entity["status"], entity["start_time"], entity["end_time"], now)
    return entity


def ad_group(entity_id: str, campaign: Entity, name: str, billable_event: str, *, now: int, **given: Any) -> Entity:
    """``AdGroupResponse`` in ``campaign``: its schedule, its default budget (none under CBO), automatic bids.

    ``optimization_goal_metadata`` is added only when given and not null, since the response
    schema cannot carry null there.
    """
    cbo = campaign["is_campaign_budget_optimization"]
    goal = given.pop("optimization_goal_metadata", None)
    bid = given.get("bid_in_micro_currency")
    defaults = {
        "id": entity_id,
        "ad_account_id": campaign["ad_account_id"],
        "campaign_id": campaign["id"],
        "name": name,
        "status": "ACTIVE",
        "budget_in_micro_currency": None if cbo else campaign["default_ad_group_budget_in_micro_currency"],
        "bid_in_micro_currency": None,
        "budget_type": "CBO_ADGROUP" if cbo else "DAILY",
        "start_time": campaign["start_time"] or now,
        "end_time": campaign["end_time"],
        "targeting_spec": {},
        "lifetime_frequency_cap": -1,
        "tracking_urls": None,
        "auto_targeting_enabled": True,
        "placement_group": "ALL",
        "pacing_delivery_type": "STANDARD",
        "conversion_learning_mode_type": "NOT_ACTIVE" if campaign["objective_type"] == "WEB_CONVERSION" else None,
        "summary_status": None,
        "feed_profile_id": "0",
        "billable_event": billable_event,
        "bid_strategy_type": "MAX_BID" if bid else "AUTOMATIC_BID",
        "bid_multiplier": None,
        "targeting_template_ids": None,
        "is_creative_optimization": False,
        "promotion_id": None,
        "promotion_application_level": None,
        "type": "adgroup",
        "created_time": now,
        "updated_time": now,
    }
    entity = _with(defaults, given)
    entity["summary_status"] = summary_status(entity["status"], entity["start_time"], entity["end_time"], now)
    if goal is not None:
        entity["optimization_goal_metadata"] = goal
    return entity


def ad(entity_id: str, group: Entity, pin: Entity, *, now: int, **given: Any) -> Entity:
    """``AdResponse`` promoting ``pin`` in ``group``: waiting in review, clicks going to the Pin's link."""
    slides = [slide.get("link") for slide in pin["media"].get("items", [])]
    defaults = {
        "id": entity_id,
        "ad_account_id": group["ad_account_id"],
        "campaign_id": group["campaign_id"],
        "ad_group_id": group["id"],
        "pin_id": pin["id"],
        "name": None,
        "status": "ACTIVE",
        "creative_type": pin["creative_type"],
        "destination_url": pin["link"],
        "carousel_destination_urls": slides or None,
        "carousel_android_deep_links": None,
        "carousel_ios_deep_links": None,
        "android_deep_link": None,
        "ios_deep_link": None,
        "click_tracking_url": None,
        "view_tracking_url": None,
        "tracking_urls": None,
        "customizable_cta_type": None,
        "grid_click_type": "CLOSEUP",
        "lead_form_id": None,
        "quiz_pin_data": None,
        "disclosure_type": None,
        "disclosure_url": None,
        "is_pin_deleted": False,
        "is_removable": False,
        "collection_items_destination_url_template": None,
        "review_status": "PENDING",
        "rejected_reasons": [],
        "rejection_labels": [],
        "summary_status": None,
        "type": "pinpromotion",
        "created_time": now,
        "updated_time": now,
    }
    entity = _with(defaults, given)
    entity["summary_status"] = ad_summary_status(entity["status"], entity["review_status"])
    return entity


def audience(
    entity_id: str,
    account_id: str,
    name: str,
    audience_type: str,
    rule: dict[str, Any],
    *,
    company: str,
    now: int,
    **given: Any,
) -> Entity:
    """``Audience`` made by ``company``: INITIALIZING with no size yet, as Pinterest still has to match it."""
    defaults = {
        "id": entity_id,
        "ad_account_id": account_id,
        "name": name,
        "audience_type": audience_type,
        "description": None,
        "rule": rule,
        "size": None,
        "status": "INITIALIZING",
        "type": "audience",
        "created_by_company_name": company,
        "created_timestamp": now,
        "updated_timestamp": now,
    }
    return _with(defaults, given)


def customer_list(entity_id: str, account_id: str, name: str, *, now: int, **given: Any) -> Entity:
    """``CustomerList``: PROCESSING its first batch; Pinterest keeps only counts of the records it matched."""
    defaults = {
        "ad_account_id": account_id,
        "created_time": now,
        "exceptions": {},
        "id": entity_id,
        "name": name,
        "num_batches": 1,
        "num_removed_user_records": 0,
        "num_uploaded_user_records": 0,
        "status": "PROCESSING",
        "type": "customerlist",
        "updated_time": now,
    }
    return _with(defaults, given)


def tag_snippet(tag_id: str) -> str:
    """The site code that loads conversion tag ``tag_id`` (a shortened form of Pinterest's)."""
    return f"<script>pintrk('load', '{tag_id}'); pintrk('page');</script>"


def conversion_tag(entity_id: str, account_id: str, name: str, **given: Any) -> Entity:
    """``ConversionTag``: ACTIVE, never fired, enhanced match off, with the snippet that loads it."""
    defaults = {
        "ad_account_id": account_id,
        "code_snippet": tag_snippet(entity_id),
        "configs": {
            "aem_enabled": False,
            "aem_fnln_enabled": False,
            "aem_ph_enabled": False,
            "aem_ge_enabled": False,
            "aem_db_enabled": False,
            "aem_loc_enabled": False,
            "aem_external_id_enabled": False,
            "md_frequency": 1,
            "no_code_capi_domains": [],
        },
        "enhanced_match_status": "NOT_VALIDATED",
        "id": entity_id,
        "last_fired_time_ms": None,
        "name": name,
        "status": "ACTIVE",
        "version": "3",
    }
    return _with(defaults, given)


def lead_form(entity_id: str, account_id: str, name: str, questions: list[Any], *, now: int, **given: Any) -> Entity:
    """``LeadFormResponse``: a DRAFT asking ``questions``."""
    defaults = {
        "id": entity_id,
        "ad_account_id": account_id,
        "name": name,
        "status": "DRAFT",
        "questions": questions,
        "privacy_policy_link": None,
        "has_accepted_terms": False,
        "completion_message": None,
        "disclosure_language": None,
        "policy_links": [],
        "created_time": now,
        "updated_time": now,
    }
    return _with(defaults, given)


def targeting_template(
    entity_id: str, account_id: str, name: str, targeting: dict[str, Any], *, now: int, **given: Any
) -> Entity:
    """``TargetingTemplateGetResponseData``: ACTIVE, all placements, auto targeting on, no sizing asked for."""
    defaults = {
        "id": entity_id,
        "ad_account_id": account_id,
        "name": name,
        "status": "ACTIVE",
        "targeting_attributes": targeting,
        "auto_targeting_enabled": True,
        "placement_group": "ALL",
        "keywords": [],
        "tracking_urls": None,
        "sizing": None,
        "valid": True,
        "created_time": now,
        "updated_time": now,
    }
    return _with(defaults, given)


def product_group_promotion(entity_id: str, group: Entity, product_group_id: str, **given: Any) -> Entity:
    """``ProductGroupPromotion`` of catalog product group ``product_group_id`` in the shopping ad group ``group``."""
    defaults = {
        "id": entity_id,
        "ad_group_id": group["id"],
        "catalog_product_group_id": product_group_id,
        "catalog_product_group_name": None,
        "status": "ACTIVE",
        "bid_in_micro_currency": None,
        "included": True,
        "definition": None,
        "relative_definition": None,
        "parent_id": None,
        "creative_type": "REGULAR",
        "tracking_url": None,
        "collections_header_type": None,
        "collections_hero_pin_id": None,
        "collections_hero_destination_url": None,
        "customizable_cta_type": None,
        "grid_click_type": "CLOSEUP",
        "is_mdl": None,
        "preferred_media_type": None,
        "selected_image_tag": None,
        "selected_video_tag": None,
        "slideshow_collections_title": None,
        "slideshow_collections_description": None,
        "is_generate_background": None,
        "ad_account_id": group["ad_account_id"],
    }
    return _with(defaults, given)


def keyword(entity_id: str, account_id: str, parent: Entity, value: str, match_type: str) -> Entity:
    """``Keyword`` on ``parent`` (the ad account, a campaign or an ad group); ``bid`` is deprecated, always null.

    ``ad_account_id`` is private: the resource table drops it from responses.
    """
    parent_type = {"campaign": "campaign", "adgroup": "ad_group"}.get(parent.get("type", ""), "advertiser")
    return {
        "id": entity_id,
        "archived": False,
        "parent_id": parent["id"],
        "parent_type": parent_type,
        "type": "keyword",
        "value": value,
        "match_type": match_type,
        "bid": None,
        "ad_account_id": account_id,
    }


def board(entity_id: str, name: str, owner: Entity, *, created_at: str, **given: Any) -> Entity:
    """``Board`` of the user ``owner``: PUBLIC, no followers or collaborators yet."""
    defaults = {
        "id": entity_id,
        "created_at": created_at,
        "name": name,
        "description": None,
        "privacy": "PUBLIC",
        "is_ads_only": False,
        "collaborator_count": 0,
        "follower_count": 0,
        "owner": {"username": owner["username"]},
    }
    return _with(defaults, given)


def section(entity_id: str, board_id: str, name: str) -> Entity:
    """``BoardSection``; ``board_id`` is private (the response body does not name the board)."""
    return {"id": entity_id, "name": name, "board_id": board_id}


def pin(
    entity_id: str, board_id: str, media: dict[str, Any], owner: Entity, *, created_at: str, **given: Any
) -> Entity:
    """``Pin`` the user ``owner`` saved to a board; ``has_been_promoted`` is derived when rendered."""
    defaults = {
        "id": entity_id,
        "created_at": created_at,
        "link": None,
        "title": None,
        "description": None,
        "dominant_color": DEFAULT_PIN_COLOR,
        "alt_text": None,
        "creative_type": "REGULAR",
        "board_id": board_id,
        "board_section_id": None,
        "board_owner": {"username": owner["username"]},
        "is_owner": True,
        "media": media,
        "parent_pin_id": None,
        "is_standard": True,
    }
    return _with(defaults, given)
