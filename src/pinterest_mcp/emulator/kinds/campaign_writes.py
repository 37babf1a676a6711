"""Campaign create and update items (``CampaignCreateRequest`` / ``CampaignUpdateRequest``).

The spec requires ``name``, ``objective_type`` and ``ad_account_id`` in every create item and
``id`` plus ``ad_account_id`` in every update item. A new campaign is ACTIVE unless it says
otherwise, the spec's documented default. Updates are partial: absent keys keep their value and
``null`` clears a nullable field such as ``lifetime_spend_cap`` or ``end_time``.
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.lookup import owned_by
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds import entities
from pinterest_mcp.emulator.kinds.ads_rules import (
    changes_of,
    check_schedule,
    commit,
    creatable_status,
    same_account,
    summary_status,
)

# The fields an item may set (items are checked against the spec's schemas in the bulk loop).
_UPDATABLE = (
    "name", "status", "objective_type", "daily_spend_cap", "lifetime_spend_cap",
    "default_ad_group_budget_in_micro_currency", "is_campaign_budget_optimization", "is_flexible_daily_budgets",
    "is_automated_campaign", "is_performance_plus", "order_line_id", "tracking_urls", "bid_options", "start_time",
    "end_time",
)  # fmt: skip
# Create fields taken as sent; the rest are required or derived.
_OPTIONAL = tuple(name for name in _UPDATABLE if name not in ("name", "objective_type", "status"))


def create_campaign(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Store the campaign of a create item."""
    same_account(item, context.account)
    given = {name: item[name] for name in _OPTIONAL if name in item}
    given["status"] = creatable_status(item, "campaign")
    given["is_campaign_budget_optimization"] = bool(item.get("is_campaign_budget_optimization"))
    account = context.account["id"]
    campaign = entities.campaign(entities.NEW, account, item["name"], item["objective_type"], now=context.now, **given)
    _check(campaign, "end_time" in item, context.now)
    return context.store.add("campaign", campaign)


def update_campaign(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Apply only the fields an update item carries."""
    same_account(item, context.account)
    campaign = owned_by(context.store.campaigns, item["id"], context.account, "Campaign")
    changes = changes_of(campaign, item, _UPDATABLE, "Campaign")
    if "objective_type" in changes and changes["objective_type"] is None:
        raise invalid("Invalid objective_type: a campaign always has one, so it cannot be cleared.")
    plus = changes.get("is_performance_plus", campaign["is_performance_plus"])
    if plus != campaign["is_performance_plus"] and campaign["status"] != "DRAFT":
        raise invalid("Invalid is_performance_plus: it can only change while the campaign is a DRAFT.")
    updated = {**campaign, **changes}
    updated["summary_status"] = summary_status(
        updated["status"], updated["start_time"], updated["end_time"], context.now
    )
    _check(updated, "end_time" in changes, context.now)
    return commit(context, campaign, updated)


def _check(campaign: dict[str, Any], end_given: bool, now: int) -> None:
    check_schedule(campaign["start_time"], campaign["end_time"], end_given, now)
    caps = campaign["daily_spend_cap"], campaign["lifetime_spend_cap"]
    if campaign["is_campaign_budget_optimization"] and caps == (None, None):
        raise invalid(
            "Invalid is_campaign_budget_optimization: a campaign budget needs daily_spend_cap or lifetime_spend_cap."
        )
