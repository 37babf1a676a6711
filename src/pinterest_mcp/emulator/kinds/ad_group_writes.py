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
from pinterest_mcp.emulator.kinds.vocab import targeting_types

MIN_BUDGET = 1_000_000  # one unit of the account's currency
_CONVERSION_GOAL = ("conversion_tag_id", "conversion_event")
# The fields an item may set (items are checked against the spec's schemas in the bulk loop).
_UPDATABLE = (
    "campaign_id", "name", "status", "billable_event", "budget_in_micro_currency", "bid_in_micro_currency",
    "bid_strategy_type", "budget_type", "start_time", "end_time", "targeting_spec", "lifetime_frequency_cap",
    "tracking_urls", "auto_targeting_enabled", "placement_group", "pacing_delivery_type", "is_creative_optimization",
    "promotion_id", "promotion_application_level", "optimization_goal_metadata", "targeting_template_ids",
    "bid_multiplier",
)  # fmt: skip
# Create fields taken as sent; the campaign and the name are required, the status checked.
_OPTIONAL = tuple(name for name in _UPDATABLE if name not in ("campaign_id", "name", "billable_event", "status"))


def create_ad_group(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Check a create item against its campaign and store the new ad group."""
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
    """Apply only the fields an update item carries."""
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
    unknown = sorted(set(group["targeting_spec"]) - set(targeting_types()))
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
