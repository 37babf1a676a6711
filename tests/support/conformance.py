"""Conformance requests generated from the spec: each served read operation's URLs, built from its parameters,
and a body for a write operation, built from its request schema (``generated_body``).

A hand-written table per route cost every new read operation a few test lines and still tried
only the values someone thought of. The spec already says what a route takes (which parameters,
their types, enums, bounds, which are required) and the seed says which ids exist, so the
requests are derived: path and id parameters from the seeded store by name, along one chain of
parents (an account with campaigns, ad groups, ads, keywords and assets), required query
parameters from their schemas, and variants that also set every optional parameter, walking
each small enum value by value. What no spec can give (a report token, a bulk request id, a
second account, a combination of filters that means something) stays in a short hand list in
``test_emulator``; ``unfilled`` names the parameter that sends a route there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from pinterest_mcp.emulator.http.bodies import Shape, body_schema, body_shape
from pinterest_mcp.emulator.http.query import Parameter, enum_of, parameters
from pinterest_mcp.emulator.http.state import Store
from pinterest_mcp.emulator.routes.asset_routes import subscription_id
from pinterest_mcp.emulator.routes.billing import invoice_id, invoiced_months
from pinterest_mcp.emulator.routes.business import business_id, partner_id
from pinterest_mcp.emulator.routes.catalog_state import BATCHES, FEEDS, RESULTS
from pinterest_mcp.emulator.routes.catalogs import catalog_id
from pinterest_mcp.emulator.routes.insertion_orders import standing_order_ids
from pinterest_mcp.spec.facts import operation_facts

# A scalar enum (or integer bounds) with at most this many values gets a variant per value; a
# larger one takes as many of its values as there are variants, except a path enum (a targeting
# type, a region), which names different resources and gets a variant for each. A list enum
# (report columns) is cut into one slice per variant, so its values are all sent.
SMALL = 6
# Values for free-text parameters, which have no enum and no seeded entity to name them.
FREE_TEXT: dict[str, str] = {
    "country_code": "US",
    "include_keywords": "sourdough",
    "keywords": "sourdough bread",
    "locale": "en-US",
    "query": "kitchen",
    "search_query": "home",
    "term": "sour",
    "terms": "bread",
}
# Body fields whose pattern no generated text meets (a catalog feed's file location).
BODY_TEXT: dict[str, str] = {"location": "https://example.com/products.csv"}
# Parameters a route needs though the spec marks them optional: its prose asks for one of a set.
PROSE_REQUIRED: dict[str, tuple[str, ...]] = {"ads/analytics": ("ad_ids",)}
_DATE_PATTERN = r"^(\d{4})-(\d{2})-(\d{2})$"
_DATE: Any = object()  # a placeholder: the window depends on the granularity the request picks
_FIRST_VALUES = 3  # how many of a required list's enum values the plain request sends


def seeded_ids(store: Store) -> dict[str, str]:
    """An id for each path or id-filter parameter name, one chain of parents down from the USD account.

    The USD account is the story's: it has campaigns, ad groups with ads and keywords, audiences
    and every asset kind, so a filter set to these ids selects something rather than nothing.
    """
    account = next(a["id"] for a in store.ad_accounts.values() if a["currency"] == "USD")
    with_ads = {ad["ad_group_id"] for ad in store.ads_of(account)}
    with_keywords = {k["parent_id"] for k in store.keywords.values() if k["ad_account_id"] == account}
    group = next(g for g in store.ad_groups_of(account) if g["id"] in with_ads & with_keywords)
    ad = next(a for a in store.ads_of(account) if a["ad_group_id"] == group["id"])
    board, section = next(
        (board_id, section_id)
        for board_id in store.boards
        for section_id in store.sections_on(board_id)
        if store.pins_on(board_id, section_id)
    )
    promotion = next(p for p in store.product_group_promotions.values() if p["ad_account_id"] == account)

    def first_of(kind: dict[str, dict[str, Any]]) -> str:
        return next(str(entity["id"]) for entity in kind.values() if entity["ad_account_id"] == account)

    return {
        "ad_account_id": account,
        "campaign_id": group["campaign_id"],
        "ad_group_id": group["id"],
        "ad_id": ad["id"],
        "pin_id": ad["pin_id"],
        "audience_id": store.audiences_of(account)[0]["id"],
        "customer_list_id": first_of(store.customer_lists),
        "conversion_tag_id": first_of(store.conversion_tags),
        "lead_form_id": first_of(store.lead_forms),
        "product_group_promotion_id": promotion["id"],
        "product_group_id": promotion["catalog_product_group_id"],
        "board_id": board,
        "section_id": section,
        "media_id": next(iter(store.media)),
        "interest_id": next(iter(store.interest_names)),
        "username": store.user["username"],
        "business_id": business_id(store),
        "member_id": store.user["id"],
        "partner_id": partner_id(store),
        "catalog_id": catalog_id(store),
        "feed_id": next(iter(store.collection(FEEDS))),
        "processing_result_id": next(iter(store.collection(RESULTS))),
        "batch_id": next(iter(store.collection(BATCHES))),
        "subscription_id": subscription_id(first_of(store.lead_forms)),
        "billing_invoice_id": invoice_id(account, invoiced_months(datetime.now(UTC).date())[-1]),
        "asset_id": account,
        "pin_order_id": standing_order_ids(account)[0],
        "order_line_id": standing_order_ids(account)[1],
        "promotion_id": first_of(store.collection("promotions")),
    }


def unfilled(operation_id: str, ids: Mapping[str, str]) -> str | None:
    """The first required parameter no spec fact, seeded id or free-text value can fill, if any."""
    for parameter in parameters(operation_id):
        if _required(operation_id, parameter) and not _choices(operation_id, parameter, ids):
            return parameter.name
    return None


def generated_requests(operation_id: str, ids: Mapping[str, str]) -> list[str]:
    """The plain request (required parameters only), then the variants that set every parameter they can.

    Variant ``i`` takes value ``i`` of each scalar's choices (wrapping), slice ``i`` of a list's
    enum, and sets a one-valued optional parameter (an id filter, a switch) only when ``i`` is
    odd, so the even variants list everything. Empty when a required parameter cannot be filled
    (``unfilled`` names it).
    """
    if unfilled(operation_id, ids) is not None:
        return []
    count = _variants(operation_id, ids)
    built = [_request(operation_id, ids, 0, 1, everything=False)]
    built += [_request(operation_id, ids, i, count, everything=True) for i in range(count)]
    return list(dict.fromkeys(built))


def _variants(operation_id: str, ids: Mapping[str, str]) -> int:
    """Enough variants to try each value of every small enum and every path enum, and each switch on and off."""
    sizes = [1]
    for parameter in parameters(operation_id):
        choices = _choices(operation_id, parameter, ids)
        if parameter.location == "path" or (parameter.schema.get("type") != "array" and len(choices) <= SMALL):
            sizes.append(len(choices))
        if len(choices) == 1 and not _required(operation_id, parameter):
            sizes.append(2)
    return max(sizes)


def _request(operation_id: str, ids: Mapping[str, str], index: int, count: int, *, everything: bool) -> str:
    """Variant ``index`` of ``count`` as a URL below /v5: required parameters only, or ``everything`` it can fill."""
    values: dict[str, Any] = {}
    for parameter in parameters(operation_id):
        choices = _choices(operation_id, parameter, ids)
        required = _required(operation_id, parameter)
        if not choices or not (required or everything) or (len(choices) == 1 and not required and index % 2 == 0):
            continue
        if parameter.schema.get("type") == "array" and parameter.name not in ids and len(choices) > 1:
            values[parameter.name] = _slice(parameter, choices, index, count, everything=everything)
        else:
            values[parameter.name] = choices[index % len(choices)]
    start, end = _window(values.get("granularity"))
    for name, value in values.items():
        if value is _DATE:
            values[name] = (end if name == "end_date" else start).isoformat()
    path = operation_facts(operation_id).path
    query: dict[str, Any] = {}
    for parameter in parameters(operation_id):
        if parameter.name not in values:
            continue
        value = values[parameter.name]
        if parameter.location == "path":
            path = path.replace("{" + parameter.name + "}", quote(_text(value), safe=""))
        else:
            query[parameter.name] = [_text(item) for item in value] if isinstance(value, list) else _text(value)
    return f"{path}?{urlencode(query, doseq=True)}" if query else path


def _required(operation_id: str, parameter: Parameter) -> bool:
    return parameter.required or parameter.name in PROSE_REQUIRED.get(operation_id, ())


def _choices(operation_id: str, parameter: Parameter, ids: Mapping[str, str]) -> list[Any]:
    """The values worth trying for a parameter: a seeded id, a free text, its enum, both booleans, integer bounds.

    A list parameter's choices are its items' (a seeded id for an id list, named by its singular).
    """
    name, schema = parameter.name, parameter.schema
    listed = schema.get("type") == "array"
    singular = name.removesuffix("s") if listed else name
    if singular in ids:
        return [[ids[singular]] if listed else ids[singular]]
    if name in FREE_TEXT:
        return [[FREE_TEXT[name]] if listed else FREE_TEXT[name]]
    if schema.get("format") == "date" or schema.get("pattern") == _DATE_PATTERN:
        return [_DATE]
    if schema.get("type") == "boolean":
        return [True, False]
    if schema.get("type") == "integer" and "enum" not in schema:
        bounds = [schema.get("minimum"), schema.get("maximum"), schema.get("default")]
        return list(dict.fromkeys(bound for bound in bounds if bound is not None))
    return list(enum_of(operation_id, name))


def _slice(parameter: Parameter, choices: list[Any], index: int, count: int, *, everything: bool) -> list[Any]:
    """A list of enum values: the first few for the plain request, else slice ``index`` of ``count`` covering all."""
    limit = min(parameter.schema.get("maxItems", len(choices)), len(choices))
    if not everything:
        return choices[: min(_FIRST_VALUES, limit)]
    size = min(limit, -(-len(choices) // count))
    return choices[index * size : index * size + size] or choices[:size]


def _window(granularity: Any) -> tuple[date, date]:
    """A date range every analytics route accepts at this granularity (HOUR: a few recent days)."""
    today = datetime.now(UTC).date()
    if granularity == "HOUR":
        return today - timedelta(days=3), today - timedelta(days=1)
    return today - timedelta(days=14), today


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def generated_body(operation_id: str, ids: Mapping[str, str]) -> Any:
    """A body for a write ``operation_id`` that its request schema (narrowed by the emulator's rules) accepts.

    Required fields only, each from the schema: a seeded id where the field names one (``parent_id``
    names a campaign), else the first enum value, the lower bound, a word of the allowed length, one
    item of an array. None when the operation takes no JSON body. A field whose pattern none of these
    meet raises ``ValueError``: such a route needs a hand request in the write story.
    """
    if body_schema(operation_id) is None:
        return None
    return _value(body_shape(operation_id), "", {**ids, "parent_id": ids["campaign_id"], **BODY_TEXT})


def _value(shape: Shape, name: str, ids: Mapping[str, str]) -> Any:
    """A value ``shape`` accepts for a field called ``name`` (see ``generated_body``)."""
    if shape.branches:
        return _value(shape.branches[0], name, ids)
    kind = shape.types[0] if shape.types else "object"
    if shape.enum:
        return shape.enum[0]
    if kind == "object":
        return {field: _value(shape.properties[field], field, ids) for field in shape.required}
    if kind == "array":
        return [_value(shape.items or Shape(), name.removesuffix("s"), ids)] * max(shape.min_items or 1, 1)
    if kind in ("integer", "number"):
        return shape.minimum if shape.minimum is not None else 1
    if kind == "boolean":
        return True
    if shape.pattern == _DATE_PATTERN and name not in ids:  # a body date (an insertion order's): a month ahead
        return (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    text = ids.get(name) or "Conformance"[: shape.max_length or None].ljust(shape.min_length or 0, "x")
    if shape.pattern is not None and not re.search(shape.pattern, text):
        raise ValueError(f"nothing generated fits {name}'s pattern {shape.pattern}")
    return text


def path_ids(template: str, ids: Mapping[str, str]) -> dict[str, str]:
    """The values of ``template``'s path parameters, from ``ids`` (KeyError for one no seeded id names)."""
    return {name: ids[name] for name in re.findall(r"{(\w+)}", template)}


def created_id(answer: Any) -> str | None:
    """The id of the first entity in a write's answer (a bulk answer's first item), if it holds one."""
    if isinstance(answer, dict):
        if isinstance(answer.get("id"), str):
            return str(answer["id"])
        answer = list(answer.values())
    if isinstance(answer, list):
        return next((found for value in answer if (found := created_id(value)) is not None), None)
    return None
