"""Pinterest's enums and body shapes for ads writes, as the spec (v5) lists them.

Kept in one place so campaign, ad group and ad writes validate against the same vocabulary. The
enums are the spec's own, read from the committed facts (`facts.vocabulary`), never from the
server's declarations: the emulator is the oracle the tools are checked against, so it must not
share their copy. Module-level because the body tables below are built when the emulator loads.
"""

from __future__ import annotations

from pinterest_mcp.emulator.http.fields import Spec, digits, one_of, string_list
from pinterest_mcp.spec.facts import vocabulary

ENTITY_STATUSES = vocabulary("entity_statuses")
CREATIVE_TYPES = vocabulary("creative_types")
OBJECTIVE_TYPES = vocabulary("objective_types")
BILLABLE_EVENTS = vocabulary("billable_events")
BUDGET_TYPES = vocabulary("budget_types")
BID_STRATEGIES = vocabulary("bid_strategies")
PACING_TYPES = vocabulary("pacing_types")
PLACEMENT_GROUPS = vocabulary("placement_groups")
PROMOTION_LEVELS = vocabulary("promotion_levels")
GRID_CLICK_TYPES = vocabulary("grid_click_types")
DISCLOSURE_TYPES = vocabulary("disclosure_types")
CTA_TYPES = vocabulary("cta_types")
AGE_BUCKETS = vocabulary("age_buckets")
APP_TYPES = vocabulary("app_types")
GENDERS = vocabulary("genders")
TARGETING_STRATEGIES = vocabulary("targeting_strategies")
MATCH_TYPES = vocabulary("match_types")
# Pinterest's rule, not an enum of the spec: the ad account and campaigns take only the excluding match types.
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
