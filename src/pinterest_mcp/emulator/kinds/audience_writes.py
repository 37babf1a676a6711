"""Audience create and update (``operation_type`` UPDATE or REMOVE), the resource table's audience writes.

An audience is OWNED when the user's business made it and RECEIVED when another company shared
it with the ad account (``list_rules.audiences_by_owner``); only OWNED ones can be changed. A new
audience starts INITIALIZING with no size yet, as Pinterest still has to match its people.
REMOVE removes the audience itself ("edit or remove an existing targeting audience", says the
spec): the answer shows it one last time with status REMOVED, then it is gone from list and get.
Rules are checked per ``audience_type`` with the requirements the ``AudienceRule`` schema states.
"""

from __future__ import annotations

from typing import Any, get_args

from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.fields import Spec, check, digits, one_of, string_list, text
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds import entities
from pinterest_mcp.emulator.kinds.ads_rules import same_account
from pinterest_mcp.emulator.kinds.vocab import OBJECTIVE_TYPES
from pinterest_mcp.operations.audiences import AudienceType

AUDIENCE_TYPES: tuple[str, ...] = get_args(AudienceType)
_RULE = Spec(
    "object",
    properties={
        "ad_account_id": digits(),
        "ad_id": string_list(digits()),
        "campaign_id": string_list(digits()),
        "country": Spec("string", pattern=r"^[A-Z]{2}$"),
        "customer_list_id": digits(),
        "engagement_domain": string_list(),
        "engagement_type": one_of(("click", "save", "closeup", "comment", "like")),
        "engager_type": Spec("integer", minimum=1, maximum=2),
        "event": text(min_length=1),
        "event_data": Spec("object"),
        "event_source": Spec("object"),
        "ingestion_source": Spec("object"),
        "objective_type": string_list(one_of(OBJECTIVE_TYPES)),
        "percentage": Spec("integer", minimum=1, maximum=10),
        "pin_id": string_list(digits()),
        "prefill": Spec("boolean"),
        "retention_days": Spec("integer", minimum=1, maximum=540),
        "seed_id": string_list(digits()),
        "url": string_list(),
        "visitor_source_id": digits(),
    },
)
# What each type's rule must name, per the AudienceRule descriptions.
_RULE_NEEDS = {
    "CUSTOMER_LIST": ("customer_list_id",),
    "VISITOR": ("visitor_source_id",),
    "ENGAGEMENT": ("engagement_domain",),
    "ACTALIKE": ("seed_id", "country", "percentage"),
    "PERSONA": (),
}
_FIELDS: dict[str, Spec] = {
    "ad_account_id": digits(),
    "name": text(min_length=1),
    "rule": _RULE,
    "description": text(),
    "audience_type": one_of(AUDIENCE_TYPES),
    "operation_type": one_of(("UPDATE", "REMOVE")),
}


def create_audience(context: WriteContext, body: dict[str, Any]) -> Entity:
    """Validate an ``AudienceCreateRequest`` and store the new audience."""
    check(body, _FIELDS, required=("audience_type", "name", "rule"))
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
    check(body, _FIELDS)
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
