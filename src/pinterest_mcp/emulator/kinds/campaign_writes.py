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
from pinterest_mcp.emulator.http.fields import Spec, check, digits, one_of
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
from pinterest_mcp.emulator.kinds.vocab import ENTITY_STATUSES, MICRO, NAME, OBJECTIVE_TYPES, TRACKING_URLS, UNIX_TIME

_FIELDS: dict[str, Spec] = {
    "ad_account_id": digits(),
    "name": NAME,
    "status": one_of(ENTITY_STATUSES),
    "objective_type": one_of(OBJECTIVE_TYPES),
    "daily_spend_cap": MICRO,
    "lifetime_spend_cap": MICRO,
    "default_ad_group_budget_in_micro_currency": MICRO,
    "is_campaign_budget_optimization": Spec("boolean", nullable=True),
    "is_flexible_daily_budgets": Spec("boolean"),
    "is_automated_campaign": Spec("boolean"),
    "is_performance_plus": Spec("boolean"),
    "order_line_id": digits(nullable=True),
    "tracking_urls": TRACKING_URLS,
    "bid_options": Spec("object", nullable=True),
    "start_time": UNIX_TIME,
    "end_time": UNIX_TIME,
}
_UPDATE_FIELDS: dict[str, Spec] = {
    **_FIELDS,
    "id": digits(),
    "objective_type": one_of(OBJECTIVE_TYPES, nullable=True),
    "is_flexible_daily_budgets": Spec("boolean", nullable=True),
    "is_automated_campaign": Spec("boolean", nullable=True),
}
_UPDATABLE = tuple(name for name in _FIELDS if name != "ad_account_id")
# Create fields taken as sent; the rest are required or derived.
_OPTIONAL = tuple(name for name in _UPDATABLE if name not in ("name", "objective_type", "status"))


def create_campaign(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Validate a create item and store the new campaign."""
    check(item, _FIELDS, required=("name", "objective_type", "ad_account_id"))
    same_account(item, context.account)
    given = {name: item[name] for name in _OPTIONAL if name in item}
    given["status"] = creatable_status(item, "campaign")
    given["is_campaign_budget_optimization"] = bool(item.get("is_campaign_budget_optimization"))
    account = context.account["id"]
    campaign = entities.campaign(entities.NEW, account, item["name"], item["objective_type"], now=context.now, **given)
    _check(campaign, "end_time" in item, context.now)
    return context.store.add("campaign", campaign)


def update_campaign(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Validate an update item and apply only the fields it carries."""
    check(item, _UPDATE_FIELDS, required=("id", "ad_account_id"))
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
