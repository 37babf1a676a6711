"""Every field of a request body the spec describes can be set through the tool that sends it.

`test_spec_bodies.py` checks the other direction (what we send, Pinterest accepts). This file walks
the spec's requestBody schema of every operation a tool sends a body to (writes, and the POSTs that
only read: reports, bid floors, audience sizing) beside the tool's input model, into nested objects,
list items and each variant of a discriminated union, and lists every property the tool offers no
way to set. A free-form object of ours (a dict) reaches everything under it.

Such a field is on purpose, in EXCLUDED with the reason a user would accept (deprecated, read-only,
set by Pinterest, the catalog or the call, fixed at creation); every other unreachable field fails,
and an exclusion for a field since offered fails too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pinterest_mcp.operations import all_operations
from pinterest_mcp.registry.inputs import local_fields
from pinterest_mcp.registry.records import Operation
from support.oracle import resolve, spec_operation

Json = dict[str, Any]

_FROM_CALL = "Filled from the call's ad_account_id (the path names the account already)."
_BID_DEPRECATED = "Deprecated in the spec: Pinterest ignores the input and returns null."
_GRID_CLICK = "The spec's GridClickType says the field is read-only and values given are ignored."
_SERVER_SET = "Read-only in practice: set by Pinterest and returned in reads; the spec's update body repeats it."

# Fields we do not offer on purpose, "operation:path" → why.
EXCLUDED: dict[str, str] = {
    "create_campaigns:campaigns[].ad_account_id": _FROM_CALL,
    "update_campaigns:campaigns[].ad_account_id": _FROM_CALL,
    "create_audience:ad_account_id": _FROM_CALL,
    "update_audience:ad_account_id": _FROM_CALL,
    "create_campaigns:campaigns[].is_automated_campaign": (
        "Pinterest's automated (Performance+) campaigns are made by is_performance_plus; this flag is their "
        "read-only mark, and the spec's update body omits it."
    ),
    "update_campaigns:campaigns[].is_automated_campaign": "Not in the spec's update schema's own part; read-only.",
    "create_keywords:keywords[].bid": _BID_DEPRECATED,
    "update_keywords:keywords[].bid": _BID_DEPRECATED,
    "create_ads:ads[].grid_click_type": _GRID_CLICK,
    "update_ads:ads[].grid_click_type": _GRID_CLICK,
    "create_ads:ads[].is_pin_deleted": _SERVER_SET,
    "update_ads:ads[].is_pin_deleted": _SERVER_SET,
    "create_ads:ads[].is_removable": _SERVER_SET,
    "update_ads:ads[].is_removable": _SERVER_SET,
    "update_ads:ads[].ad_group_id": "An ad cannot move to another ad group; the spec repeats the create field.",
    "update_ads:ads[].creative_type": "An ad's creative type follows its Pin and cannot change after creation.",
    "update_ad_groups:ad_groups[].campaign_id": "An ad group cannot move to another campaign.",
    "update_ad_groups:ad_groups[].billable_event": "Fixed at creation: Pinterest refuses to change how it bills.",
    "update_audience:operation_type": "Sent by remove_audience (REMOVE) and update_audience (UPDATE) themselves.",
    "update_targeting_template:operation_type": "Sent by update_targeting_template itself (the only change: REMOVE).",
    "create_pin:dominant_color": "Pinterest computes a Pin's dominant color from its image.",
    "create_product_group_promotions:product_group_promotion[].id": "Pinterest assigns a new promotion's id.",
    **{
        f"{op}_product_group_promotions:product_group_promotion[].{name}": why
        for op in ("create", "update")
        for name, why in (
            ("ad_group_id", "Sent once, as the body's ad_group_id, which Pinterest applies to every promotion."),
            ("catalog_product_group_name", "The name of the catalog's product group, which the catalog sets."),
            ("definition", "The product group's filter, defined in the catalog, not by its promotion."),
            ("relative_definition", "The product group's filter, defined in the catalog, not by its promotion."),
            ("parent_id", "The product group's parent in the catalog's tree, set by the catalog."),
            ("grid_click_type", _GRID_CLICK),
        )
    },
    "update_product_group_promotions:product_group_promotion[].catalog_product_group_id": (
        "A promotion promotes one product group for good; promote another with create_product_group_promotions."
    ),
    "update_lead_forms:lead_forms[].has_accepted_terms": (
        "Accepted once, at creation, where the spec requires it; a live form cannot withdraw the terms it runs under."
    ),
    "create_catalog:catalog_type": (
        "Only retail catalogs are offered: the tool sends RETAIL itself (hotel and creative-asset catalogs need "
        "other item schemas no tool offers)."
    ),
    **{
        f"edit_insertion_order:{name}": (
            "Pinterest's own sales-system ids (Oracle, Salesforce) for the order line, kept by Pinterest's sales "
            "team; an advertiser has none to give."
        )
        for name in ("oracle_line_id", "salesforce_order_id", "salesforce_order_line_id")
    },
    **{
        f"create_lead_subscription:{name}": (
            "A partner's OAuth credentials (or their notes) for relaying leads: typing them in would put the "
            "partner's secret in the conversation; partners subscribe from their own integration."
        )
        for name in ("partner_access_token", "partner_refresh_token", "partner_metadata")
    },
    **{
        f"{op}_promotions:promotions[].{name}": why
        for op in ("create", "update")
        for name, why in (
            ("discount_status", "Pinterest derives it from the promotion's start and end times."),
            (
                "platform_type",
                "The commerce platform (e.g. SHOPIFY) whose integration made the promotion; one made here is DEFAULT.",
            ),
        )
    },
    **{
        f"set_item_bids:items[]{{operation={op}}}.errors": "Answer-only: Pinterest reports an item's errors there."
        for op in ("UPSERT", "DELETE")
    },
    "send_conversion_events:data[].partner_name": (
        "Names the third-party partner relaying events for the advertiser; an advertiser sending its own is none."
    ),
    "send_conversion_events:data[].custom_data.np": "Pinterest-internal (the spec: use only when Pinterest guides).",
    **{
        f"send_conversion_events:data[].custom_data.{name}": (
            "For a measurement study Pinterest sets up with the advertiser (the spec: use only when instructed)."
        )
        for name in ("external_measurement_id", "external_measurement_vendor_id")
    },
    **{
        f"send_integration_logs:logs[].request.{name}": (
            "HTTP headers carry credentials (Authorization, cookies); a log sent from the conversation keeps the "
            "method, host, path and status only."
        )
        for name in ("request_headers", "response_headers")
    },
}


def _merged(spec: Json, node: Json) -> Json:
    """One flat schema for `node` and its allOf parts (properties of every part; the first keeps a name)."""
    node = resolve(spec, node)
    out: Json = {}
    for part in (node, *(_merged(spec, sub) for sub in node.get("allOf", []))):
        for key, value in part.items():
            if key == "allOf":
                continue
            if key == "properties":
                props = out.setdefault("properties", {})
                for name, sub in value.items():
                    props.setdefault(name, sub)
            else:
                out.setdefault(key, value)
    return out


def _ours(defs: Json, schema: Json) -> Json:
    """Our JSON Schema at a node, $ref followed and the null branch of an optional field dropped."""
    if "anyOf" in schema:
        rest = [s for s in schema["anyOf"] if s.get("type") != "null"]
        schema = rest[0] if len(rest) == 1 else {"anyOf": rest}
    if "$ref" in schema:
        schema = defs[schema["$ref"].removeprefix("#/$defs/")]
    return schema


def _our_variant(defs: Json, ours: Json, key: str, value: str) -> Json | None:
    """Our union member whose discriminator `key` is `value`, or None when we have no such variant."""
    mapping = ours.get("discriminator", {}).get("mapping", {})
    if value in mapping:
        return _ours(defs, {"$ref": mapping[value]})
    members: list[Json] = ours.get("oneOf") or ours.get("anyOf") or []
    for written in members:
        member = _ours(defs, written)
        prop = member.get("properties", {}).get(key, {})
        if prop.get("const") == value or prop.get("enum") == [value]:
            return member
    return None


def _unreachable(spec: Json, where: str, theirs: Json, ours: Json, defs: Json) -> Iterator[str]:
    """Paths under `where` the spec describes and `ours` cannot fill."""
    theirs, ours = _merged(spec, theirs), _ours(defs, ours)
    if ours.get("type") == "object" and "properties" not in ours and "oneOf" not in ours:
        return  # a free-form object of ours takes whatever the spec describes
    if "items" in theirs:
        if "items" in ours:
            yield from _unreachable(spec, f"{where}[]", theirs["items"], ours["items"], defs)
        return
    discriminator = theirs.get("discriminator", {})
    if discriminator.get("mapping"):
        key = discriminator["propertyName"]
        for value, ref in discriminator["mapping"].items():
            mine = _our_variant(defs, ours, key, value)
            if mine is not None:
                yield from _unreachable(spec, f"{where}{{{key}={value}}}", {"$ref": ref}, mine, defs)
        return
    if "properties" not in theirs:
        return
    offered = ours.get("properties", {})
    for name, sub in theirs["properties"].items():
        path = f"{where}.{name}" if where else name
        if _merged(spec, sub).get("readOnly"):
            continue
        if name in offered:
            yield from _unreachable(spec, path, sub, offered[name], defs)
        else:
            yield path


def _body_schema(spec: Json, op: Operation) -> Json | None:
    body = spec_operation(spec, op).get("requestBody")
    if body is None:
        return None
    content = resolve(spec, body)["content"]
    schema: Json | None = content.get("application/json", {}).get("schema")
    return schema


def _sends_body(op: Operation) -> bool:
    return op.intent is None and op.method in ("POST", "PATCH")


BODY_OPERATIONS = tuple(op for op in all_operations() if _sends_body(op))


def unreachable(spec: Json) -> list[str]:
    """Every "operation:path" the spec's request bodies describe that no tool lets a caller set."""
    found: list[str] = []
    for op in BODY_OPERATIONS:
        schema = _body_schema(spec, op)
        if schema is None:
            continue
        full = op.input.model_json_schema()
        defs: Json = full.get("$defs", {})
        if op.body is not None:
            paths = _unreachable(spec, op.body, schema, full["properties"][op.body], defs)
        else:
            skip = {*local_fields(op.input), *op.path_params, *op.query}
            fields = {name: s for name, s in full.get("properties", {}).items() if name not in skip}
            paths = _unreachable(spec, "", schema, {**full, "properties": fields}, defs)
        found += [f"{op.name}:{path}" for path in dict.fromkeys(paths)]
    return found


@pytest.fixture(scope="module")
def missing(spec: Json) -> list[str]:
    return unreachable(spec)


def test_every_spec_body_field_is_offered_or_excluded_for_a_reason(missing: list[str]) -> None:
    """A body field no tool can set is excluded with the reason a user would accept."""
    unexplained = sorted(set(missing) - set(EXCLUDED))
    assert not unexplained, "the spec describes these body fields and no tool sets them:\n  " + "\n  ".join(unexplained)


def test_exclusions_name_unreachable_fields(missing: list[str]) -> None:
    """An exclusion for a field since offered (or gone from the spec) would silently hide nothing."""
    stale = sorted(set(EXCLUDED) - set(missing))
    assert not stale, f"these are offered now, or gone from the spec; drop them from EXCLUDED: {stale}"
