"""A minimal and a rich example argument set for every write tool.

The body guard (each request `prepare` builds validates against the spec's requestBody) and the
published-schema guard (what `tools/list` publishes accepts what the model accepts) read the same
examples; a write without them fails the guards.
"""

from __future__ import annotations

from typing import Any

from support.business_writes import BUSINESS_EXAMPLES
from support.catalog_writes import CATALOG_EXAMPLES
from support.money_examples import MONEY_EXAMPLES
from support.organic_examples import MEDIA, ORGANIC_EXAMPLES

Json = dict[str, Any]
ACCOUNT = "549755885175"
CAMPAIGN = "626736533506"
AD_GROUP = "2680060704746"
AD = "687195134316"
PIN = "394205773611545468"
BOARD = "549755885176"
SECTION = "5195035116725"
AUDIENCE = "2542620639259"
START, END = 1_767_225_600, 1_769_904_000  # 2026-01-01 and 2026-02-01, Unix seconds
TARGETING = {"GEO": ["US"], "AGE_BUCKET": ["25-34"], "GENDER": ["female"]}  # our description's example
IMAGE = "https://i.pinimg.com/originals/ab/cd/ef.jpg"


def _ids(first: str, count: int = 3) -> list[str]:
    return [str(int(first) + n) for n in range(count)]


def _status_intents(kind: str, ids: str, first: str) -> dict[str, dict[str, Json]]:
    examples = {
        "minimal": {"ad_account_id": ACCOUNT, ids: [first]},
        "rich": {"ad_account_id": ACCOUNT, ids: _ids(first)},
    }
    return {f"{verb}_{kind}": examples for verb in ("pause", "activate", "archive")}


CUSTOMER_LIST, LEAD_FORM, TEMPLATE = "549755885321", "1099511627790", "3298534883339"
DIGEST = "a" * 64
QUESTIONS = [
    {"question_type": "EMAIL"},
    {
        "question_type": "CUSTOM",
        "custom_question_field_type": "RADIO_LIST",
        "custom_question_label": "Which class?",
        "custom_question_options": ["Bread", "Pasta"],
    },
]


POLICY_LINK = {"label": "Terms", "link": "https://example.com/terms"}
NEW_FORM = {
    "name": "Sign-up",
    "questions": QUESTIONS[:1],
    "privacy_policy_link": "https://example.com/privacy",
    "has_accepted_terms": True,
    "completion_message": "Thanks",
}


# Customer lists, conversion tags, lead forms and targeting templates (the ad account's assets).
ASSET_EXAMPLES: dict[str, dict[str, Json]] = {
    "create_customer_list": {
        "minimal": {"ad_account_id": ACCOUNT, "name": "Newsletter", "records": "ann@example.com"},
        "rich": {"ad_account_id": ACCOUNT, "name": "Apps", "list_type": "MAID", "records": f"{DIGEST},{DIGEST[:-1]}b",
                 "hashed": True},
    },
    "update_customer_list": {
        "minimal": {"ad_account_id": ACCOUNT, "customer_list_id": CUSTOMER_LIST, "operation_type": "ADD",
                    "records": "ann@example.com"},
        "rich": {"ad_account_id": ACCOUNT, "customer_list_id": CUSTOMER_LIST, "operation_type": "REMOVE",
                 "records": f"{DIGEST}", "hashed": True},
    },
    "create_conversion_tag": {
        "minimal": {"ad_account_id": ACCOUNT, "name": "Shop tag"},
        "rich": {"ad_account_id": ACCOUNT, "name": "Shop tag", "aem_enabled": True},
    },
    "create_lead_forms": {
        "minimal": {"ad_account_id": ACCOUNT, "lead_forms": [NEW_FORM]},
        "rich": {
            "ad_account_id": ACCOUNT,
            "lead_forms": [
                {**NEW_FORM, "questions": QUESTIONS, "status": "ACTIVE", "policy_links": [POLICY_LINK]}
            ],
        },
    },
    "update_lead_forms": {
        "minimal": {"ad_account_id": ACCOUNT, "lead_forms": [{"id": LEAD_FORM}]},
        "rich": {
            "ad_account_id": ACCOUNT,
            "lead_forms": [
                {"id": LEAD_FORM, "name": "Sign-up 2", "questions": QUESTIONS, "privacy_policy_link": "https://e.co/p",
                 "completion_message": "Thank you", "status": "DRAFT", "policy_links": [POLICY_LINK]}
            ],
        },
    },
    "test_lead_form": {
        "minimal": {"ad_account_id": ACCOUNT, "lead_form_id": LEAD_FORM, "answers": ["ann@example.com"]},
        "rich": {"ad_account_id": ACCOUNT, "lead_form_id": LEAD_FORM, "answers": ["ann@example.com", "Bread"]},
    },
    "create_product_group_promotions": {
        "minimal": {"ad_account_id": ACCOUNT, "ad_group_id": AD_GROUP,
                    "product_group_promotion": [{"catalog_product_group_id": "4398046111"}]},
        "rich": {"ad_account_id": ACCOUNT, "ad_group_id": AD_GROUP, "product_group_promotion": [
            {"catalog_product_group_id": "4398046111", "status": "ACTIVE", "bid_in_micro_currency": 900_000,
             "included": False, "tracking_url": "https://example.com/t"},
            {"catalog_product_group_id": "4398046112"},
        ]},
    },
    "update_product_group_promotions": {
        "minimal": {"ad_account_id": ACCOUNT, "ad_group_id": AD_GROUP,
                    "product_group_promotion": [{"id": "2199023046702"}]},
        "rich": {"ad_account_id": ACCOUNT, "ad_group_id": AD_GROUP, "product_group_promotion": [
            {"id": "2199023046702", "status": "ARCHIVED", "bid_in_micro_currency": None, "included": True,
             "tracking_url": None},
        ]},
    },
    "create_targeting_template": {
        "minimal": {"ad_account_id": ACCOUNT, "name": "US 25-34", "targeting_attributes": TARGETING},
        "rich": {
            "ad_account_id": ACCOUNT,
            "name": "US 25-34",
            "targeting_attributes": TARGETING,
            "auto_targeting_enabled": False,
            "placement_group": "SEARCH",
            "keywords": [{"value": "skillet", "match_type": "BROAD"}],
        },
    },
    "update_targeting_template": {
        "minimal": {"ad_account_id": ACCOUNT, "id": TEMPLATE, "targeting_attributes": TARGETING},
        "rich": {"ad_account_id": ACCOUNT, "id": TEMPLATE, "targeting_attributes": {"GEO": ["DE"], "GENDER": ["male"]}},
    },
    "create_labels": {
        "minimal": {"ad_account_id": ACCOUNT, "parent_id": CAMPAIGN, "labels": [{"value": "", "label_type": "CUSTOM"}]},
        "rich": {"ad_account_id": ACCOUNT, "parent_id": CAMPAIGN, "labels": [
            {"value": "Hearth", "label_type": "BRAND"}, {"value": "Summer", "label_type": "CUSTOM"}]},
    },
    "send_conversion_events": {
        "minimal": {"ad_account_id": ACCOUNT, "data": [{
            "event_name": "checkout", "action_source": "web", "event_time": START, "event_id": "order-1",
            "user_data": {"em": ["ann@example.com"]}}]},
        "rich": {"ad_account_id": ACCOUNT, "test": True, "data": [{
            "event_name": "checkout", "action_source": "web", "event_time": START, "event_id": "order-1",
            "event_source_url": "https://shop.example.com/done", "opt_out": False,
            "user_data": {"em": ["ann@example.com"], "ph": ["+1 (555) 010-2000"], "fn": ["Ann"], "ln": ["Lee"],
                          "ge": ["f"], "db": ["1990-04-23"], "ct": ["New York"], "st": ["ny"], "zp": ["10001"],
                          "country": ["us"], "external_id": ["u-1"], "hashed_maids": ["ABCD-1234"],
                          "client_ip_address": "203.0.113.9", "client_user_agent": "Mozilla/5.0",
                          "click_id": "dj0yJnU9"},
            "custom_data": {"currency": "USD", "value": "72.50", "order_id": "order-1", "num_items": 2,
                            "content_ids": ["sku-1"]}},
            {"event_name": "lead", "action_source": "app_ios", "event_time": START, "event_id": "lead-1",
             "user_data": {"client_ip_address": "203.0.113.9", "client_user_agent": "Pinterest/1"}}]},
    },
    "create_lead_subscription": {
        "minimal": {"ad_account_id": ACCOUNT, "webhook_url": "https://crm.example.com/leads"},
        "rich": {"ad_account_id": ACCOUNT, "webhook_url": "https://crm.example.com/leads?src=pin",
                 "lead_form_id": "1099511000001"},
    },
    "delete_lead_subscription": {
        "minimal": {"ad_account_id": ACCOUNT, "subscription_id": "10995110000011"},
        "rich": {"ad_account_id": ACCOUNT, "subscription_id": "10995110000011"},
    },
    "create_commerce_integration": {
        "minimal": {"external_business_id": "shop-42"},
        "rich": {"external_business_id": "shop-42", "connected_advertiser_id": ACCOUNT, "connected_merchant_id": "m-1",
                 "connected_tag_id": "2613100001234", "connected_lba_id": "l-1", "additional_id_1": "x-1",
                 "partner_access_token": "pat-0123456789", "partner_refresh_token": "prt-0123456789",
                 "partner_access_token_expiry": START, "partner_refresh_token_expiry": END,
                 "partner_primary_email": "ops@shop.example.com", "partner_metadata": "{}", "scopes": "ads:read"},
    },
    "update_commerce_integration": {
        "minimal": {"external_business_id": "shop-42"},
        "rich": {"external_business_id": "shop-42", "connected_merchant_id": "m-2",
                 "partner_access_token": "pat-9876543210", "partner_access_token_expiry": END, "scopes": "ads:write"},
    },
    "delete_commerce_integration": {
        "minimal": {"external_business_id": "shop-42"},
        "rich": {"external_business_id": "shop-42"},
    },
    "send_integration_logs": {
        "minimal": {"logs": [{"client_timestamp": 1_767_225_600_000, "event_type": "APP", "log_level": "INFO"}]},
        "rich": {"logs": [{"client_timestamp": 1_767_225_600_000, "event_type": "API", "log_level": "ERROR",
                           "message": "sync failed", "external_business_id": "shop-42", "advertiser_id": ACCOUNT,
                           "error": {"name": "Timeout", "message": "upstream timed out", "line_number": 12},
                           "request": {"method": "GET", "host": "shop.example.com", "path": "/feed.xml",
                                       "response_status_code": 504},
                           "app_version_number": "2.4.1", "merchant_id": "m-1"}]},
    },
    "update_labels": {
        "minimal": {"ad_account_id": ACCOUNT, "labels": [{"id": "1106385000001"}]},
        "rich": {"ad_account_id": ACCOUNT, "labels": [
            {"id": "1106385000001", "value": "Hearth"}, {"id": "1106385000002", "status": "ARCHIVED"}]},
    },
}  # fmt: skip


EXAMPLES: dict[str, dict[str, Json]] = {
    "create_campaigns": {
        "minimal": {"ad_account_id": ACCOUNT, "campaigns": [{"name": "Spring sale", "objective_type": "AWARENESS"}]},
        "rich": {
            "ad_account_id": ACCOUNT,
            "campaigns": [
                {
                    "name": "Spring sale",
                    "objective_type": "WEB_CONVERSION",
                    "status": "ACTIVE",
                    "daily_spend_cap": 50_000_000,
                    "lifetime_spend_cap": 900_000_000,
                    "start_time": START,
                    "end_time": END,
                    "is_campaign_budget_optimization": True,
                    "default_ad_group_budget_in_micro_currency": 10_000_000,
                    "is_flexible_daily_budgets": False,
                    "is_performance_plus": False,
                    "tracking_urls": {
                        "impression": ["https://track.example.com/i"],
                        "click": ["https://track.example.com/c"],
                    },
                },
                {"name": "Autumn", "objective_type": "CONSIDERATION", "ad_account_id": ACCOUNT},
            ],
        },
    },
    "update_campaigns": {
        "minimal": {"ad_account_id": ACCOUNT, "campaigns": [{"id": CAMPAIGN}]},
        "rich": {
            "ad_account_id": ACCOUNT,
            "campaigns": [
                {
                    "id": CAMPAIGN,
                    "name": "Spring sale (ext.)",
                    "status": "PAUSED",
                    "daily_spend_cap": None,  # null removes the cap
                    "lifetime_spend_cap": 1_000_000_000,
                    "start_time": START,
                    "end_time": END,
                    "objective_type": "CONSIDERATION",
                    "default_ad_group_budget_in_micro_currency": 5_000_000,
                    "is_flexible_daily_budgets": True,
                    "is_campaign_budget_optimization": False,
                    "is_performance_plus": True,
                    "tracking_urls": {
                        "impression": ["https://track.example.com/i"],
                        "click": ["https://track.example.com/c"],
                    },
                },
                {"id": _ids(CAMPAIGN)[1], "status": "ARCHIVED"},
            ],
        },
    },
    "create_ad_groups": {
        "minimal": {
            "ad_account_id": ACCOUNT,
            "ad_groups": [{"campaign_id": CAMPAIGN, "name": "US women", "billable_event": "IMPRESSION"}],
        },
        "rich": {
            "ad_account_id": ACCOUNT,
            "ad_groups": [
                {
                    "campaign_id": CAMPAIGN,
                    "name": "US women 25-34",
                    "billable_event": "CLICKTHROUGH",
                    "status": "ACTIVE",
                    "budget_type": "LIFETIME",
                    "budget_in_micro_currency": 300_000_000,
                    "bid_strategy_type": "MAX_BID",
                    "bid_in_micro_currency": 2_000_000,
                    "start_time": START,
                    "end_time": END,
                    "targeting_spec": TARGETING,
                    "auto_targeting_enabled": False,
                    "pacing_delivery_type": "STANDARD",
                    "optimization_goal_metadata": {
                        "conversion_tag_v3_goal_metadata": {"conversion_tag_id": "2613100", "conversion_event": "LEAD"}
                    },
                    "placement_group": "SEARCH",
                    "lifetime_frequency_cap": 8,
                    "tracking_urls": {
                        "impression": ["https://track.example.com/i"],
                        "click": ["https://track.example.com/c"],
                    },
                    "promotion_id": "1234",
                }
            ],
        },
    },
    "update_ad_groups": {
        "minimal": {"ad_account_id": ACCOUNT, "ad_groups": [{"id": AD_GROUP}]},
        "rich": {
            "ad_account_id": ACCOUNT,
            "ad_groups": [
                {
                    "id": AD_GROUP,
                    "name": "US women 25-44",
                    "status": "PAUSED",
                    "budget_in_micro_currency": 80_000_000,
                    "budget_type": "DAILY",
                    "bid_strategy_type": "AUTOMATIC_BID",
                    "bid_in_micro_currency": 1_500_000,
                    "start_time": START,
                    "end_time": None,  # null removes the end
                    "targeting_spec": {**TARGETING, "AGE_BUCKET": ["25-34", "35-44"]},
                    "auto_targeting_enabled": True,
                    "pacing_delivery_type": "ACCELERATED",
                    "placement_group": "ALL",
                    "targeting_template_ids": ["5497558"],
                }
            ],
        },
    },
    "create_ads": {
        "minimal": {
            "ad_account_id": ACCOUNT,
            "ads": [{"ad_group_id": AD_GROUP, "pin_id": PIN, "creative_type": "REGULAR"}],
        },
        "rich": {
            "ad_account_id": ACCOUNT,
            "ads": [
                {
                    "ad_group_id": AD_GROUP,
                    "pin_id": PIN,
                    "creative_type": "VIDEO",
                    "name": "Spring video",
                    "status": "ACTIVE",
                    "destination_url": "https://example.com/spring",
                    "click_tracking_url": "https://track.example.com/click",
                    "view_tracking_url": "https://track.example.com/view",
                    "customizable_cta_type": "SHOP_NOW",
                    "lead_form_id": "1099511356540",
                    "tracking_urls": {
                        "impression": ["https://track.example.com/i"],
                        "click": ["https://track.example.com/c"],
                    },
                    "android_deep_link": "app://spring",
                    "ios_deep_link": "app://spring",
                    "carousel_destination_urls": ["https://example.com/1", "https://example.com/2"],
                    "carousel_android_deep_links": ["app://1", "app://2"],
                    "carousel_ios_deep_links": ["app://1", "app://2"],
                }
            ],
        },
    },
    "update_ads": {
        "minimal": {"ad_account_id": ACCOUNT, "ads": [{"id": AD}]},
        "rich": {
            "ad_account_id": ACCOUNT,
            "ads": [
                {
                    "id": AD,
                    "name": "Spring video v2",
                    "status": "ARCHIVED",
                    "destination_url": "https://example.com/spring-v2",
                    "click_tracking_url": None,  # null clears it
                    "view_tracking_url": "https://track.example.com/view2",
                    "pin_id": PIN,
                    "customizable_cta_type": "LEARN_MORE",
                }
            ],
        },
    },
    **_status_intents("campaigns", "campaign_ids", CAMPAIGN),
    **_status_intents("ad_groups", "ad_group_ids", AD_GROUP),
    **_status_intents("ads", "ad_ids", AD),
    "set_ad_group_budget": {
        "minimal": {"ad_account_id": ACCOUNT, "ad_group_ids": [AD_GROUP], "budget": "75.50"},
        "rich": {"ad_account_id": ACCOUNT, "ad_group_ids": _ids(AD_GROUP), "budget": 120},
    },
    "set_campaign_spend_cap": {
        "minimal": {"ad_account_id": ACCOUNT, "campaign_ids": [CAMPAIGN], "daily_spend_cap": "50"},
        "rich": {
            "ad_account_id": ACCOUNT,
            "campaign_ids": _ids(CAMPAIGN),
            "daily_spend_cap": 49.99,
            "lifetime_spend_cap": None,  # null removes it
        },
    },
    "create_audience": {
        "minimal": {
            "ad_account_id": ACCOUNT,
            "name": "Customers",
            "audience_type": "CUSTOMER_LIST",
            "rule": {"customer_list_id": "5497558859876"},
        },
        "rich": {
            "ad_account_id": ACCOUNT,
            "name": "Checkout visitors",
            "audience_type": "VISITOR",
            # Our RULE_HINT's shape; the spec's prose disagrees (SPEC_CONTRADICTIONS["create_audience:rule"]).
            "rule": {"visitor_source_id": "549755885175", "retention_days": 30, "event": "checkout", "prefill": True},
            "description": "Visited checkout in the last 30 days",
        },
    },
    "update_audience": {
        "minimal": {"ad_account_id": ACCOUNT, "audience_id": AUDIENCE},
        "rich": {
            "ad_account_id": ACCOUNT,
            "audience_id": AUDIENCE,
            "name": "Checkout visitors (60d)",
            "description": "Visited checkout in the last 60 days",
            "rule": {"visitor_source_id": "549755885175", "retention_days": 60},
        },
    },
    "remove_audience": {
        "minimal": {"ad_account_id": ACCOUNT, "audience_id": AUDIENCE},
        "rich": {"ad_account_id": ACCOUNT, "audience_id": AUDIENCE},
    },
    "create_board": {
        "minimal": {"name": "Summer recipes"},
        "rich": {
            "name": "Ads only",
            "description": "For campaigns",
            "privacy": "PROTECTED",
            "is_ads_only": True,
            "ad_account_id": ACCOUNT,
        },
    },
    "update_board": {
        "minimal": {"board_id": BOARD},
        "rich": {
            "board_id": BOARD,
            "name": "Summer salads",
            "description": None,  # null clears it
            "privacy": "SECRET",
            "ad_account_id": ACCOUNT,
        },
    },
    "delete_board": {
        "minimal": {"board_id": BOARD},
        "rich": {"board_id": BOARD, "ad_account_id": ACCOUNT},
    },
    "create_board_section": {
        "minimal": {"board_id": BOARD, "name": "Salads"},
        "rich": {"board_id": BOARD, "name": "S" * 180, "ad_account_id": ACCOUNT},
    },
    "update_board_section": {
        "minimal": {"board_id": BOARD, "section_id": SECTION, "name": "Soups"},
        "rich": {"board_id": BOARD, "section_id": SECTION, "name": "Cold soups", "ad_account_id": ACCOUNT},
    },
    "delete_board_section": {
        "minimal": {"board_id": BOARD, "section_id": SECTION},
        "rich": {"board_id": BOARD, "section_id": SECTION, "ad_account_id": ACCOUNT},
    },
    "create_pin": {
        "minimal": {"board_id": BOARD, "media_source": {"source_type": "image_url", "url": IMAGE}},
        "rich": {
            "board_id": BOARD,
            "media_source": {
                "source_type": "multiple_image_urls",
                "items": [
                    {"url": IMAGE, "title": "Front", "description": "The front", "link": "https://example.com/1"},
                    {"url": IMAGE, "title": "Back"},
                ],
            },
            "title": "Spring look",
            "description": "Light layers for spring",
            "link": "https://example.com/spring",
            "alt_text": "A person in a light jacket",
            "board_section_id": SECTION,
            "ad_account_id": ACCOUNT,
        },
        "base64": {
            "board_id": BOARD,
            "media_source": {"source_type": "image_base64", "content_type": "image/png", "data": "iVBORw0KGgo="},
            "title": None,  # null is sent as null, which PinCreate allows
        },
        "base64_carousel": {
            "board_id": BOARD,
            "media_source": {
                "source_type": "multiple_image_base64",
                "items": [
                    {"content_type": "image/png", "data": "iVBORw0KGgo="},
                    {"content_type": "image/jpeg", "data": "/9j/4AAQ"},
                ],
            },
        },
        "pin_url": {
            "board_id": BOARD,
            "media_source": {"source_type": "pin_url", "is_affiliate_link": True},
            "link": "https://example.com/product/1",
        },
        "video": {
            "board_id": BOARD,
            "media_source": {"source_type": "video_id", "media_id": MEDIA, "cover_image_key_frame_time": 3},
            "title": "Stoneware in motion",
            "parent_pin_id": PIN,
        },
        "video_with_cover": {
            "board_id": BOARD,
            "media_source": {
                "source_type": "video_id",
                "media_id": MEDIA,
                "cover_image_url": "https://i.example.com/cover.jpg",
            },
        },
    },
    "update_pin": {
        "minimal": {"pin_id": PIN},
        "rich": {
            "pin_id": PIN,
            "title": "Spring look",
            "description": "Light layers",
            "link": "https://example.com/spring",
            "alt_text": None,  # null clears it
            "board_id": BOARD,
            "board_section_id": SECTION,
            "carousel_slots": [{"link": "https://example.com/slot-1"}],
            "ad_account_id": ACCOUNT,
        },
    },
    "delete_pin": {
        "minimal": {"pin_id": PIN},
        "rich": {"pin_id": PIN, "ad_account_id": ACCOUNT},
    },
    "bulk_upsert": {
        "minimal": {
            "ad_account_id": ACCOUNT,
            "create": {"campaigns": [{"name": "Bulk", "objective_type": "AWARENESS"}]},
        },
        "rich": {
            "ad_account_id": ACCOUNT,
            "create": {
                "campaigns": [{"name": "Bulk", "objective_type": "CONSIDERATION", "daily_spend_cap": 10_000_000}],
                "ad_groups": [
                    {
                        "campaign_id": CAMPAIGN,
                        "name": "G",
                        "billable_event": "CLICKTHROUGH",
                        "targeting_spec": TARGETING,
                    }
                ],
                "ads": [{"ad_group_id": AD_GROUP, "pin_id": PIN, "creative_type": "REGULAR", "status": "ACTIVE"}],
                "keywords": [{"parent_id": AD_GROUP, "keywords": [{"value": "skillet", "match_type": "BROAD"}]}],
            },
            "update": {
                "campaigns": [{"id": CAMPAIGN, "status": "PAUSED", "lifetime_spend_cap": None}],
                "ad_groups": [{"id": AD_GROUP, "budget_in_micro_currency": 5_000_000, "end_time": END}],
                "ads": [{"id": AD, "name": "Renamed"}],
                "keywords": [{"id": "2886364308355"}],
            },
        },
    },
    "create_keywords": {
        "minimal": {
            "ad_account_id": ACCOUNT,
            "parent_id": AD_GROUP,
            "keywords": [{"value": "skillet", "match_type": "EXACT"}],
        },
        "rich": {
            "ad_account_id": ACCOUNT,
            "parent_id": f"C{CAMPAIGN}",
            "keywords": [
                {"value": "used", "match_type": "EXACT_NEGATIVE"},
                {"value": "free", "match_type": "PHRASE_NEGATIVE"},
            ],
        },
    },
    "save_pin": {
        "minimal": {"pin_id": PIN, "board_id": BOARD},
        "rich": {"pin_id": PIN, "board_id": BOARD, "board_section_id": SECTION, "ad_account_id": ACCOUNT},
    },
    **ASSET_EXAMPLES,
    **ORGANIC_EXAMPLES,
    **BUSINESS_EXAMPLES,
    **MONEY_EXAMPLES,
    **CATALOG_EXAMPLES,
}
