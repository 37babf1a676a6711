"""Pinterest's enums and body shapes for ads writes, as the spec (v5) lists them.

Kept in one place so campaign, ad group and ad writes validate against the same vocabulary;
entity statuses and creative types come from ``params``, and the enums the server's write inputs
declare in full come from those inputs, so there is one copy (the spec-conformance tests check it).
"""

from __future__ import annotations

from typing import get_args

from pinterest_mcp.emulator.http.fields import Spec, digits, one_of, string_list
from pinterest_mcp.operations.ads_writes import BidStrategy, BillableEvent, BudgetType, ObjectiveType, Pacing

OBJECTIVE_TYPES: tuple[str, ...] = get_args(ObjectiveType)
BILLABLE_EVENTS: tuple[str, ...] = get_args(BillableEvent)
BUDGET_TYPES: tuple[str, ...] = get_args(BudgetType)
BID_STRATEGIES: tuple[str, ...] = get_args(BidStrategy)
PACING_TYPES: tuple[str, ...] = get_args(Pacing)
PLACEMENT_GROUPS = ("ALL", "SEARCH", "BROWSE", "OTHER")
PROMOTION_LEVELS = ("NONE", "ITEM", "AD_GROUP")
GRID_CLICK_TYPES = ("CLOSEUP", "DIRECT_TO_DESTINATION")
DISCLOSURE_TYPES = (
    "NO_DISCLOSURE",
    "PRESCRIBING_INFORMATION",
    "PRESCRIBING_INFORMATION_BOX_WARNING",
    "IMPORTANT_SAFETY_INFO",
    "MED_GUIDE",
    "PATIENT_INFORMATION",
)
CTA_TYPES = (
    "GET_OFFER",
    "LEARN_MORE",
    "ORDER_NOW",
    "SHOP_NOW",
    "SIGN_UP",
    "SUBSCRIBE",
    "BUY_NOW",
    "CONTACT_US",
    "GET_QUOTE",
    "VISIT_SITE",
    "APPLY_NOW",
    "BOOK_NOW",
    "REQUEST_DEMO",
    "REGISTER_NOW",
    "FIND_A_DEALER",
    "ADD_TO_CART",
    "WATCH_NOW",
    "READ_MORE",
    "BUY_TICKETS",
    "DONATE_NOW",
    "DOWNLOAD",
    "EXPLORE_MORE",
    "FIND_A_LOCATION",
    "GET_DEAL",
    "GET_RECIPE",
    "GET_SHOWTIMES",
    "ON_SALE",
    "PLAY_GAME",
    "TRY_IT",
)
AGE_BUCKETS = ("18-24", "19+", "20+", "21+", "25-34", "35-44", "45-49", "50-54", "55-64", "65+")
APP_TYPES = ("android_mobile", "android_tablet", "ipad", "iphone", "web", "web_mobile")
GENDERS = ("unknown", "male", "female")
TARGETING_STRATEGIES = ("CHOOSE_YOUR_OWN", "FIND_NEW_CUSTOMERS", "RECONNECT_WITH_USERS")
# Keyword match types; the ad account and campaigns take only the excluding (negative) ones.
MATCH_TYPES = ("BROAD", "PHRASE", "EXACT", "EXACT_NEGATIVE", "PHRASE_NEGATIVE")
NEGATIVE_MATCH_TYPES = ("EXACT_NEGATIVE", "PHRASE_NEGATIVE")

# Money is micro-currency; Pinterest refuses negative amounts.
MICRO = Spec("integer", nullable=True, minimum=0)
UNIX_TIME = Spec("integer", nullable=True, minimum=0)
NAME = Spec("string", min_length=1)
TRACKING_URLS = Spec(
    "object",
    nullable=True,
    properties={
        kind: string_list() for kind in ("impression", "click", "engagement", "buyable_button", "audience_verification")
    },
)
TARGETING_SPEC = Spec(
    "object",
    properties={
        "AGE_BUCKET": string_list(one_of(AGE_BUCKETS), nullable=True),
        "APPTYPE": string_list(one_of(APP_TYPES), nullable=True),
        "AUDIENCE_EXCLUDE": string_list(digits(), nullable=True),
        "AUDIENCE_INCLUDE": string_list(digits(), nullable=True),
        "GENDER": string_list(one_of(GENDERS), nullable=True),
        "GEO": string_list(nullable=True),
        "INTEREST": string_list(),
        "LOCALE": string_list(nullable=True),
        "LOCATION": string_list(nullable=True),
        "MAXIMUM_AGE": Spec("string", pattern=r"^\d+\+?$"),
        "MINIMUM_AGE": Spec("string", pattern=r"^\d+$"),
        "SHOPPING_RETARGETING": Spec("array", nullable=True, items=Spec("object")),
        "TARGETING_STRATEGY": string_list(one_of(TARGETING_STRATEGIES), nullable=True),
    },
)
