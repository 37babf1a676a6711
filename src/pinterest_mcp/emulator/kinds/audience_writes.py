"""Audience create and update (``operation_type`` UPDATE or REMOVE), the resource table's audience writes.

An audience is OWNED when the user's business made it and RECEIVED when another company shared
it with the ad account (``list_rules.audiences_by_owner``); only OWNED ones can be changed. A new
audience starts INITIALIZING with no size yet, as Pinterest still has to match its people.
REMOVE removes the audience itself ("edit or remove an existing targeting audience", says the
spec): the answer shows it one last time with status REMOVED, then it is gone from list and get.
Rules are checked per ``audience_type`` with the requirements the ``AudienceRule`` schema states.
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds import entities
from pinterest_mcp.emulator.kinds.ads_rules import same_account

# What each type's rule must name, per the AudienceRule descriptions.
_RULE_NEEDS = {
    "CUSTOMER_LIST": ("customer_list_id",),
    "VISITOR": ("visitor_source_id",),
    "ENGAGEMENT": ("engagement_domain",),
    "ACTALIKE": ("seed_id", "country", "percentage"),
    "PERSONA": (),
}


def create_audience(context: WriteContext, body: dict[str, Any]) -> Entity:
    """Store the audience of an ``AudienceCreateRequest`` whose rule names what its type needs."""
    account = context.account
    same_account(body, account)
    store = context.store
    _check_rule(body["audience_type"], body["rule"], account, store.audiences)
    audience = entities.audience(
        entities.NEW,
        account["id"],
        body["name"],
        body["audience_type"],
        body["rule"],
        company=store.user["business_name"],
        now=context.now,
        description=body.get("description"),
    )
    return store.add("audience", audience)


def update_audience(context: WriteContext, body: dict[str, Any]) -> Entity:
    """Apply an ``AudienceUpdateRequest``: rename, describe, change the rule, or REMOVE the audience."""
    audience, account, store = context.entity, context.account, context.store
    same_account(body, account)
    if audience["created_by_company_name"] != store.user["business_name"]:
        raise invalid(f"Invalid audience_id: audience {audience['id']} was shared with this account and is read-only.")
    if body.get("operation_type") == "REMOVE":
        del store.audiences[audience["id"]]
        return {**audience, "status": "REMOVED", "updated_timestamp": context.now}
    if "rule" in body:
        rule = {**audience["rule"], **body["rule"]}
        _check_rule(audience["audience_type"], rule, account, store.audiences)
        audience["rule"] = rule
    changes: dict[str, Any] = {name: body[name] for name in ("name", "description") if name in body}
    audience.update(changes, updated_timestamp=context.now)
    return audience


def _check_rule(audience_type: str, rule: dict[str, Any], account: Entity, audiences: dict[str, Entity]) -> None:
    for name in _RULE_NEEDS[audience_type]:
        if rule.get(name) in (None, [], ""):
            raise invalid(f"Invalid rule: a {audience_type} audience needs rule.{name}.")
    for seed_id in rule.get("seed_id", []) if audience_type == "ACTALIKE" else []:
        seed = audiences.get(seed_id)
        if seed is None or seed["ad_account_id"] != account["id"]:
            raise invalid(f"Invalid rule.seed_id: audience {seed_id} is not an audience of this ad account.")
        if seed["audience_type"] == "ACTALIKE":
            raise invalid(f"Invalid rule.seed_id: audience {seed_id} is itself an actalike; seed with another type.")
