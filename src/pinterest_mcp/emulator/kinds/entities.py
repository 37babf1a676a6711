"""Pinterest's entities as the API returns them, built in one place for the seed and for the writes.

Each factory names the response schema its kind is answered in and states only what is semantic:
what an entity cannot exist without (ids, names, its parent), what its parent implies (an ad group
inherits its campaign's schedule, an ad its Pin's creative type and link), the statuses and flags
Pinterest starts it with, and its times. Every other field is what the schema implies
(``shaped``: the spec's default, else null where the schema allows it), and keyword arguments
override any field by name. Keys come out in schema order, so a created entity renders exactly
like a seeded one. ``now`` is the Unix time stamped as created and updated time unless given;
derived fields (``summary_status``) are computed last, from the final values. Factories never draw
random numbers or allocate ids, so the seed keeps full control of its random stream and a write
allocates an id (``Store.add``) only once the entity passed validation.
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds.ads_rules import ad_summary_status, summary_status
from pinterest_mcp.emulator.kinds.shaped import ABSENT, shape, shaped

DEFAULT_PIN_COLOR = "#e9e2d6"
NEW = ""  # the id of an entity built before validation; ``Store.add`` allocates the real one
# The response schema each kind is answered in (a get's or a list item's), which its factory fills.
SCHEMAS = {
    "ad_account": "AdAccount",
    "campaign": "CampaignCreateResponseData",  # CampaignResponse plus default_ad_group_budget_in_micro_currency
    "ad_group": "AdGroupResponse",
    "ad": "AdResponse",
    "audience": "Audience",
    "customer_list": "CustomerList",
    "conversion_tag": "ConversionTag",
    "lead_form": "LeadFormResponse",
    "targeting_template": "TargetingTemplateGetResponseData",
    "product_group_promotion": "ProductGroupPromotion",
    "keyword": "Keyword",
    "label": "Label",
    "promotion": "PromotionResponse",
    "board": "Board",
    "section": "BoardSection",
    "pin": "Pin",
}


def ad_account(entity_id: str, name: str, owner: Entity, *, now: int, **given: Any) -> Entity:
    """``AdAccount`` owned by the user ``owner``."""
    semantic = {
        "id": entity_id,
        "name": name,
        "owner": {"id": owner["id"], "username": owner["username"]},
        "country": "US",
        "currency": "USD",
        "permissions": ["OWNER"],
        "created_time": now,
        "updated_time": now,
    }
    return shaped(SCHEMAS["ad_account"], semantic, given)


def campaign(entity_id: str, account_id: str, name: str, objective_type: str, *, now: int, **given: Any) -> Entity:
    """A campaign: ACTIVE, no caps, no schedule unless given (the schema's nulls), every budget option off."""
    semantic = {
        "id": entity_id,
        "ad_account_id": account_id,
        "name": name,
        "status": "ACTIVE",
        "objective_type": objective_type,
        "is_campaign_budget_optimization": False,
        "is_flexible_daily_budgets": False,
        "is_automated_campaign": False,
        "is_performance_plus": False,
        "created_time": now,
        "updated_time": now,
        "summary_status": None,  # derived below, from the final values
        "type": "campaign",
    }
    entity = shaped(SCHEMAS["campaign"], semantic, given)
    entity["summary_status"] = summary_status(entity["status"], entity["start_time"], entity["end_time"], now)
    return entity


def ad_group(entity_id: str, campaign: Entity, name: str, billable_event: str, *, now: int, **given: Any) -> Entity:
    """``AdGroupResponse`` in ``campaign``: its schedule, its default budget (none under CBO), automatic bids.

    ``optimization_goal_metadata`` is left out unless given and not null, since the response
    schema cannot carry null there. ``promotion_id`` is null, not the spec's default "0".
    """
    cbo = campaign["is_campaign_budget_optimization"]
    if given.get("optimization_goal_metadata", ABSENT) is None:
        given["optimization_goal_metadata"] = ABSENT
    semantic = {
        "id": entity_id,
        "ad_account_id": campaign["ad_account_id"],
        "campaign_id": campaign["id"],
        "name": name,
        "status": "ACTIVE",
        "budget_in_micro_currency": None if cbo else campaign["default_ad_group_budget_in_micro_currency"],
        "budget_type": "CBO_ADGROUP" if cbo else "DAILY",
        "start_time": campaign["start_time"] or now,
        "end_time": campaign["end_time"],
        "targeting_spec": {},
        "lifetime_frequency_cap": -1,
        "auto_targeting_enabled": True,
        "placement_group": "ALL",
        "pacing_delivery_type": "STANDARD",
        "conversion_learning_mode_type": "NOT_ACTIVE" if campaign["objective_type"] == "WEB_CONVERSION" else None,
        "summary_status": None,  # derived below, from the final values
        "feed_profile_id": "0",
        "billable_event": billable_event,
        "bid_strategy_type": "MAX_BID" if given.get("bid_in_micro_currency") else "AUTOMATIC_BID",
        "is_creative_optimization": False,
        "promotion_id": None,
        "created_time": now,
        "updated_time": now,
    }
    entity = shaped(SCHEMAS["ad_group"], semantic, given)
    entity["summary_status"] = summary_status(entity["status"], entity["start_time"], entity["end_time"], now)
    return entity


def ad(entity_id: str, group: Entity, pin: Entity, *, now: int, **given: Any) -> Entity:
    """``AdResponse`` promoting ``pin`` in ``group``: waiting in review, clicks going to the Pin's link."""
    slides = [slide.get("link") for slide in pin["media"].get("items", [])]
    semantic = {
        "id": entity_id,
        "ad_account_id": group["ad_account_id"],
        "campaign_id": group["campaign_id"],
        "ad_group_id": group["id"],
        "pin_id": pin["id"],
        "status": "ACTIVE",
        "creative_type": pin["creative_type"],
        "destination_url": pin["link"],
        "carousel_destination_urls": slides or None,
        "grid_click_type": "CLOSEUP",
        "is_pin_deleted": False,
        "is_removable": False,
        "review_status": "PENDING",
        "rejected_reasons": [],
        "rejection_labels": [],
        "summary_status": None,  # derived below, from the final values
        "type": "pinpromotion",
        "created_time": now,
        "updated_time": now,
    }
    entity = shaped(SCHEMAS["ad"], semantic, given)
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
    semantic = {
        "id": entity_id,
        "ad_account_id": account_id,
        "name": name,
        "audience_type": audience_type,
        "rule": rule,
        "status": "INITIALIZING",
        "type": "audience",
        "created_by_company_name": company,
        "created_timestamp": now,
        "updated_timestamp": now,
    }
    return shaped(SCHEMAS["audience"], semantic, given)


def customer_list(entity_id: str, account_id: str, name: str, *, now: int, **given: Any) -> Entity:
    """``CustomerList``: PROCESSING its first batch; Pinterest keeps only counts of the records it matched."""
    semantic = {
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
    return shaped(SCHEMAS["customer_list"], semantic, given)


def tag_snippet(tag_id: str) -> str:
    """The site code that loads conversion tag ``tag_id`` (a shortened form of Pinterest's)."""
    return f"<script>pintrk('load', '{tag_id}'); pintrk('page');</script>"


def conversion_tag(entity_id: str, account_id: str, name: str, **given: Any) -> Entity:
    """``ConversionTag``: ACTIVE, never fired, every enhanced match option off, with the snippet that loads it."""
    enhanced_match = {option: False for option in shape("ConversionTagConfigs").fields if option.startswith("aem_")}
    configs = shaped("ConversionTagConfigs", {**enhanced_match, "no_code_capi_domains": []}, {})
    semantic = {
        "ad_account_id": account_id,
        "code_snippet": tag_snippet(entity_id),
        "configs": configs,
        "enhanced_match_status": "NOT_VALIDATED",
        "id": entity_id,
        "name": name,
        "status": "ACTIVE",
        "version": "3",
    }
    return shaped(SCHEMAS["conversion_tag"], semantic, given)


def lead_form(entity_id: str, account_id: str, name: str, questions: list[Any], *, now: int, **given: Any) -> Entity:
    """``LeadFormResponse``: a DRAFT asking ``questions``, terms not yet accepted."""
    semantic = {
        "id": entity_id,
        "ad_account_id": account_id,
        "name": name,
        "status": "DRAFT",
        "questions": questions,
        "has_accepted_terms": False,
        "policy_links": [],
        "created_time": now,
        "updated_time": now,
    }
    return shaped(SCHEMAS["lead_form"], semantic, given)


def targeting_template(
    entity_id: str, account_id: str, name: str, targeting: dict[str, Any], *, now: int, **given: Any
) -> Entity:
    """``TargetingTemplateGetResponseData``: ACTIVE and valid, no keywords, no sizing asked for."""
    semantic = {
        "id": entity_id,
        "ad_account_id": account_id,
        "name": name,
        "status": "ACTIVE",
        "targeting_attributes": targeting,
        "keywords": [],
        "valid": True,
        "created_time": now,
        "updated_time": now,
    }
    return shaped(SCHEMAS["targeting_template"], semantic, given)


def product_group_promotion(entity_id: str, group: Entity, product_group_id: str, **given: Any) -> Entity:
    """``ProductGroupPromotion`` of catalog product group ``product_group_id`` in the shopping ad group ``group``.

    ``ad_account_id`` is private (the schema has no such field): the resource table drops it from responses.
    """
    semantic = {
        "id": entity_id,
        "ad_group_id": group["id"],
        "catalog_product_group_id": product_group_id,
        "status": "ACTIVE",
        "included": True,
        "creative_type": "REGULAR",
        "grid_click_type": "CLOSEUP",
        "ad_account_id": group["ad_account_id"],
    }
    return shaped(SCHEMAS["product_group_promotion"], semantic, given)


def keyword(entity_id: str, account_id: str, parent: Entity, value: str, match_type: str) -> Entity:
    """``Keyword`` on ``parent`` (the ad account, a campaign or an ad group); ``bid`` is deprecated, always null.

    ``ad_account_id`` is private (the schema has no such field): the resource table drops it from responses.
    """
    parent_type = {"campaign": "campaign", "adgroup": "ad_group"}.get(parent.get("type", ""), "advertiser")
    semantic = {
        "id": entity_id,
        "archived": False,
        "parent_id": parent["id"],
        "parent_type": parent_type,
        "type": "keyword",
        "value": value,
        "match_type": match_type,
        "ad_account_id": account_id,
    }
    return shaped(SCHEMAS["keyword"], semantic, {})


def board(entity_id: str, name: str, owner: Entity, *, created_at: str, **given: Any) -> Entity:
    """``Board`` of the user ``owner``: no followers or collaborators yet; its Pin count and cover are rendered."""
    semantic = {
        "id": entity_id,
        "created_at": created_at,
        "name": name,
        "is_ads_only": False,
        "collaborator_count": 0,
        "follower_count": 0,
        "owner": {"username": owner["username"]},
    }
    return shaped(SCHEMAS["board"], semantic, given)


def section(entity_id: str, board_id: str, name: str) -> Entity:
    """``BoardSection``; ``board_id`` is private (the response body does not name the board)."""
    return shaped(SCHEMAS["section"], {"id": entity_id, "name": name, "board_id": board_id}, {})


def pin(
    entity_id: str, board_id: str, media: dict[str, Any], owner: Entity, *, created_at: str, **given: Any
) -> Entity:
    """``Pin`` the user ``owner`` saved to a board; ``has_been_promoted`` is derived when rendered, and
    ``pin_metrics`` is left out: Pinterest adds it only when the read asks for it."""
    semantic = {
        "id": entity_id,
        "created_at": created_at,
        "dominant_color": DEFAULT_PIN_COLOR,
        "creative_type": "REGULAR",
        "board_id": board_id,
        "board_owner": {"username": owner["username"]},
        "is_owner": True,
        "media": media,
        "is_standard": True,
        "pin_metrics": ABSENT,
    }
    return shaped(SCHEMAS["pin"], semantic, given)
