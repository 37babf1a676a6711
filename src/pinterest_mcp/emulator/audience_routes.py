"""Audience endpoints: list, get, create and update (``operation_type`` UPDATE or REMOVE).

An audience is OWNED when the user's business made it and RECEIVED when another company shared
it with the ad account; lists show OWNED ones unless ``ownership_type`` says otherwise. A new
audience starts INITIALIZING with no size yet, as Pinterest still has to match its people.
REMOVE removes the audience itself ("edit or remove an existing targeting audience", says the
spec): the answer shows it one last time with status REMOVED, then it is gone from list and get.
Rules are checked per ``audience_type`` with the requirements the ``AudienceRule`` schema states.
"""

from __future__ import annotations

from typing import Any, get_args

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.operations.audiences import AudienceType

from . import lookup
from .errors import invalid, not_found
from .fields import Spec, check, digits, json_object, one_of, string_list, text
from .params import ORDERS, enum_value, paginate, path_id
from .state import Entity
from .vocab import OBJECTIVE_TYPES

AUDIENCE_TYPES: tuple[str, ...] = get_args(AudienceType)
OWNERSHIP_TYPES = ("OWNED", "RECEIVED")
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


async def list_audiences(request: Request) -> JSONResponse:
    account = lookup.ad_account(request)
    query = request.query_params
    order = enum_value(query, "order", ORDERS)
    ownership = enum_value(query, "ownership_type", OWNERSHIP_TYPES, default="OWNED")
    store = lookup.store_of(request)
    brand = store.user["business_name"]
    audiences = [
        a
        for a in store.audiences_of(account["id"])
        if (a["created_by_company_name"] == brand) == (ownership == "OWNED")
    ]
    return JSONResponse(paginate(query, lookup.by_order(audiences, order)))


async def get_audience(request: Request) -> JSONResponse:
    return JSONResponse(_audience(request))


async def create_audience(request: Request) -> JSONResponse:
    account = lookup.ad_account(request)
    body = await json_object(request)
    check(body, _FIELDS, required=("audience_type", "name", "rule"))
    _same_account(body, account)
    store = lookup.store_of(request)
    _check_rule(body["audience_type"], body["rule"], account, store.audiences)
    now = lookup.now_of(request)
    audience = {
        "id": store.new_id("audience"),
        "ad_account_id": account["id"],
        "name": body["name"],
        "audience_type": body["audience_type"],
        "description": body.get("description"),
        "rule": body["rule"],
        "size": None,
        "status": "INITIALIZING",
        "type": "audience",
        "created_by_company_name": store.user["business_name"],
        "created_timestamp": now,
        "updated_timestamp": now,
    }
    store.audiences[audience["id"]] = audience
    return JSONResponse(audience)


async def update_audience(request: Request) -> JSONResponse:
    audience = _audience(request)
    body = await json_object(request)
    check(body, _FIELDS)
    account = lookup.ad_account(request)
    _same_account(body, account)
    store = lookup.store_of(request)
    if audience["created_by_company_name"] != store.user["business_name"]:
        raise invalid(f"Invalid audience_id: audience {audience['id']} was shared with this account and is read-only.")
    now = lookup.now_of(request)
    if body.get("operation_type") == "REMOVE":
        del store.audiences[audience["id"]]
        return JSONResponse({**audience, "status": "REMOVED", "updated_timestamp": now})
    if "rule" in body:
        rule = {**audience["rule"], **body["rule"]}
        _check_rule(audience["audience_type"], rule, account, store.audiences)
        audience["rule"] = rule
    audience.update({name: body[name] for name in ("name", "description") if name in body}, updated_timestamp=now)
    return JSONResponse(audience)


def _audience(request: Request) -> Entity:
    account = lookup.ad_account(request)
    audience_id = path_id(request.path_params["audience_id"], "audience_id")
    audience = lookup.store_of(request).audiences.get(audience_id)
    if audience is None or audience["ad_account_id"] != account["id"]:
        raise not_found(lookup.AD_ENTITY_NOT_FOUND, f"Audience {audience_id} not found in ad account {account['id']}.")
    return audience


def _same_account(body: dict[str, Any], account: Entity) -> None:
    given = body.get("ad_account_id")
    if given is not None and given != account["id"]:
        raise invalid(f"Invalid ad_account_id: {given!r} does not match the ad account in the path ({account['id']}).")


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


ROUTES: list[lookup.RouteSpec] = [
    ("GET", "/ad_accounts/{ad_account_id}/audiences", list_audiences),
    ("POST", "/ad_accounts/{ad_account_id}/audiences", create_audience),
    ("GET", "/ad_accounts/{ad_account_id}/audiences/{audience_id}", get_audience),
    ("PATCH", "/ad_accounts/{ad_account_id}/audiences/{audience_id}", update_audience),
]
