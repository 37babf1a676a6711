"""Pinterest's enums and the targeting types for ads writes, as the spec (v5) lists them.

Kept in one place so campaign, ad group and ad writes share one vocabulary. The enums are the
spec's own, read from the committed facts (`facts.vocabulary`, the structural facts), never from
the server's declarations: the emulator is the oracle the tools are checked against, so it must
not share their copy. Request bodies are checked against the spec by the body gate (``bodies``).
"""

from __future__ import annotations

from functools import cache

from pinterest_mcp.emulator.http.shapes import document
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


@cache
def targeting_types() -> tuple[str, ...]:
    """The keys a ``TargetingSpec`` may have (Pinterest refuses others), read on the first write that needs them."""
    return tuple(document()["components"]["schemas"]["TargetingSpec"]["properties"])
