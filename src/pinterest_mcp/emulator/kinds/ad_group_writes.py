"""Ad group create and update items (``AdGroupCreateRequest`` / ``AdGroupUpdateRequest``).

An ad group lives in a campaign of the same ad account that is not archived. Its budget is in
micro-currency and at least one currency unit; under campaign budget optimization (CBO) the
campaign holds the budget, so the group's ``budget_type`` is CBO_ADGROUP and it has none of its
own. A LIFETIME budget needs an end. The schedule defaults to the campaign's, else starts now;
when the campaign has both a start and an end, the group's schedule must fit inside it, as the
spec's description says. Audiences in the targeting must be audiences of the account, and its
keys targeting types Pinterest knows. An ad group of a WEB_CONVERSION campaign needs
optimization goals (``optimization_goal_metadata``) naming the conversion tag and event to
optimize for: the spec marks them REQUIRED for that objective.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any

from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import ENTITY_ARCHIVED, ApiError, invalid
from pinterest_mcp.emulator.http.fields import Spec, check, digits, one_of
from pinterest_mcp.emulator.http.lookup import owned_by
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds import entities
from pinterest_mcp.emulator.kinds.ads_rules import (
    changes_of,
    check_schedule,
    commit,
    creatable_status,
    fixed,
    summary_status,
)
from pinterest_mcp.emulator.kinds.vocab import (
    BID_STRATEGIES,
    BILLABLE_EVENTS,
    BUDGET_TYPES,
    ENTITY_STATUSES,
    MICRO,
    NAME,
    PACING_TYPES,
    PLACEMENT_GROUPS,
    PROMOTION_LEVELS,
    TARGETING_SPEC,
    TRACKING_URLS,
    UNIX_TIME,
)

MIN_BUDGET = 1_000_000  # one unit of the account's currency
_CONVERSION_EVENTS = (
    "PAGE_VISIT", "SIGNUP", "CHECKOUT", "CUSTOM", "VIEW_CATEGORY", "SEARCH", "ADD_TO_CART", "WATCH_VIDEO", "LEAD",
    "APP_INSTALL",
)  # fmt: skip
_WINDOWS = Spec(
    "object", properties={f"{kind}_window_days": Spec("integer") for kind in ("click", "engagement", "view")}
)
OPTIMIZATION_GOALS = Spec(
    "object",
    nullable=True,
    properties={
        "conversion_tag_v3_goal_metadata": Spec(
            "object",
            properties={
                "attribution_windows": _WINDOWS,
                "conversion_event": one_of(_CONVERSION_EVENTS),
                "conversion_tag_id": digits(),
                "cpa_goal_value_in_micro_currency": digits(),
                "is_roas_optimized": Spec("boolean", nullable=True),
                "learning_mode_type": one_of(("NOT_ACTIVE", "ACTIVE"), nullable=True),
                "reporting_event": Spec("string"),
            },
        ),
        "frequency_goal_metadata": Spec(
            "object",
            properties={
                "frequency": Spec("integer", minimum=2, maximum=20),
                "timerange": one_of(
                    ("THIRTY_DAY", "DAY", "SEVEN_DAY", "TWENTY_MINUTE", "TEN_MINUTE", "TWENTY_FOUR_HOUR")
                ),
            },
        ),
        "scrollup_goal_metadata": Spec(
            "object", properties={"scrollup_goal_value_in_micro_currency": digits(nullable=True)}
        ),
    },
)
_CONVERSION_GOAL = ("conversion_tag_id", "conversion_event")
_FIELDS: dict[str, Spec] = {
    "campaign_id": Spec("string", pattern=r"^C?\d+$"),
    "name": NAME,
    "status": one_of(ENTITY_STATUSES),
    "billable_event": one_of(BILLABLE_EVENTS),
    "budget_in_micro_currency": MICRO,
    "bid_in_micro_currency": MICRO,
    "bid_strategy_type": one_of(BID_STRATEGIES, nullable=True),
    "budget_type": one_of(BUDGET_TYPES),
    "start_time": UNIX_TIME,
    "end_time": UNIX_TIME,
    "targeting_spec": TARGETING_SPEC,
    "lifetime_frequency_cap": Spec("integer"),
    "tracking_urls": TRACKING_URLS,
    "auto_targeting_enabled": Spec("boolean"),
    "placement_group": one_of(PLACEMENT_GROUPS),
    "pacing_delivery_type": one_of(PACING_TYPES),
    "is_creative_optimization": Spec("boolean", nullable=True),
    "promotion_id": digits(nullable=True),
    "promotion_application_level": one_of(PROMOTION_LEVELS, nullable=True),
    "optimization_goal_metadata": OPTIMIZATION_GOALS,
    "targeting_template_ids": Spec("array", nullable=True, items=digits(), max_items=1),
    "bid_multiplier": Spec("number", minimum=0, maximum=10),
}
_UPDATE_FIELDS: dict[str, Spec] = {
    **_FIELDS,
    "id": digits(),
    "auto_targeting_enabled": Spec("boolean", nullable=True),
    "bid_multiplier": Spec("number", nullable=True, minimum=0, maximum=10),
}
_UPDATABLE = tuple(_FIELDS)
# Create fields taken as sent; the campaign and the name are required, the status checked.
_OPTIONAL = tuple(name for name in _FIELDS if name not in ("campaign_id", "name", "billable_event", "status"))


def create_ad_group(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Validate a create item against its campaign and store the new ad group."""
    check(item, _FIELDS, required=("billable_event", "campaign_id", "name"))
    campaign = _live_campaign(context, item["campaign_id"].removeprefix("C"))
    given = {name: item[name] for name in _OPTIONAL if name in item}
    given["status"] = creatable_status(item, "ad group")
    group = entities.ad_group(entities.NEW, campaign, item["name"], item["billable_event"], now=context.now, **given)
    _check(context, group, campaign, {"start_time", "end_time", "targeting_spec"} | set(item))
    _check_conversion_goal(group, campaign)
    if campaign["objective_type"] == "CATALOG_SALES":
        group["feed_profile_id"] = context.store.new_id("feed_profile")
    return context.store.add("ad_group", group)


def update_ad_group(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Validate an update item and apply only the fields it carries."""
    check(item, _UPDATE_FIELDS, required=("id",))
    group = owned_by(context.store.ad_groups, item["id"], context.account, "Ad group")
    changes = changes_of(group, item, _UPDATABLE, "Ad group")
    if "campaign_id" in changes:
        changes["campaign_id"] = changes["campaign_id"].removeprefix("C")
    fixed(group, changes, "campaign_id", "Ad group")
    updated = {**group, **changes}
    updated["summary_status"] = summary_status(
        updated["status"], updated["start_time"], updated["end_time"], context.now
    )
    campaign = context.store.campaigns[group["campaign_id"]]
    _check(context, updated, campaign, set(changes))
    if "optimization_goal_metadata" in changes:
        _check_conversion_goal(updated, campaign)
    return commit(context, group, updated)


def _live_campaign(context: WriteContext, campaign_id: str) -> Entity:
    campaign = owned_by(context.store.campaigns, campaign_id, context.account, "Campaign")
    if campaign["status"] == "ARCHIVED":
        raise ApiError(400, ENTITY_ARCHIVED, f"Campaign {campaign_id} is ARCHIVED; ad groups cannot be added to it.")
    return campaign


def _check(context: WriteContext, group: dict[str, Any], campaign: Entity, given: AbstractSet[str]) -> None:
    """Invariants of the resulting group; schedule and audiences only when this write sets them."""
    budget, budget_type = group["budget_in_micro_currency"], group["budget_type"]
    if budget is not None and budget < MIN_BUDGET:
        raise invalid(
            f"Invalid budget_in_micro_currency: {budget} is less than one currency unit ({MIN_BUDGET} micro)."
        )
    if campaign["is_campaign_budget_optimization"]:
        if budget_type != "CBO_ADGROUP" or budget is not None:
            raise invalid(
                f"Invalid budget_type: campaign {campaign['id']} uses campaign budget optimization, so its ad groups "
                "have budget_type CBO_ADGROUP and no budget_in_micro_currency of their own."
            )
    elif budget_type == "CBO_ADGROUP":
        raise invalid(f"Invalid budget_type: campaign {campaign['id']} does not use campaign budget optimization.")
    start, end = group["start_time"], group["end_time"]
    if budget_type == "LIFETIME" and end is None:
        raise invalid("Invalid end_time: a LIFETIME budget needs an end_time.")
    check_schedule(start, end, "end_time" in given, context.now)
    first, last = campaign["start_time"], campaign["end_time"]
    if (
        {"start_time", "end_time"} & given
        and first is not None
        and last is not None
        and not ((start is None or first <= start) and end is not None and end <= last)
    ):
        raise invalid(f"Invalid start_time/end_time: the ad group must run within its campaign ({first} to {last}).")
    if "targeting_spec" not in given:
        return
    unknown = sorted(set(group["targeting_spec"]) - set(TARGETING_SPEC.properties or {}))
    if unknown:
        raise invalid(f"Invalid targeting_spec: unknown targeting type {unknown[0]}.")
    for key in ("AUDIENCE_INCLUDE", "AUDIENCE_EXCLUDE"):
        for audience_id in group["targeting_spec"].get(key) or ():
            audience = context.store.audiences.get(audience_id)
            if audience is None or audience["ad_account_id"] != context.account["id"]:
                raise invalid(
                    f"Invalid targeting_spec.{key}: audience {audience_id} is not an audience of this ad account."
                )


def _check_conversion_goal(group: dict[str, Any], campaign: Entity) -> None:
    """A WEB_CONVERSION campaign's ad group optimizes for one conversion event of one tag: both must be named."""
    if campaign["objective_type"] != "WEB_CONVERSION":
        return
    campaign_id = campaign["id"]
    metadata = (group.get("optimization_goal_metadata") or {}).get("conversion_tag_v3_goal_metadata") or {}
    missing = [name for name in _CONVERSION_GOAL if not metadata.get(name)]
    if missing:
        raise invalid(
            f"Invalid optimization_goal_metadata: campaign {campaign_id} is a WEB_CONVERSION campaign, so its ad "
            f"groups need conversion_tag_v3_goal_metadata with {' and '.join(missing)}."
        )
