"""Insertion orders (SSIO), their order lines, and redeeming an ads credit: the writes that commit money.

An insertion order is kept once, in the ``insertion_orders`` collection keyed by its Salesforce
``pin_order_id``, and read three ways: its status (``SSIOInsertionOrderStatus``), its SSIO order
line (``SSIOOrderLine``, every field it was made with) and its Ads Manager order line
(``OrderLine``, with the campaigns that draw on it). Every ad account has one standing order, signed
when the account was made, so the reads answer before anything is created; it is stored on first
use with ids derived from the account's (``standing_order_ids``).

A create must name what ``get_ssio_account`` and ``get_terms_of_service`` gave: the bill-to company
and its address, the accepted terms, the account's currency; dates run forward. An edit names the
order line (``ads_manager_order_line_id``) and changes the fields it sends. A new order is pending
until Pinterest's sales team approves it.

An ads credit is redeemed by the SHA-256 of its offer code; the emulator knows one code per demo
(``OFFER_CODES``), redeemable once per account, after which ``ads_credit/discounts`` lists it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import ApiError, invalid, not_found
from pinterest_mcp.emulator.http.fields import json_object
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.params import paginate
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds.resources import AD_ACCOUNTS
from pinterest_mcp.emulator.kinds.shaped import shaped

ORDER_NOT_FOUND = 404
REDEEM_FAILED = 15  # the spec's example code for an offer code that cannot be redeemed
OFFER_CODES = {hashlib.sha256(b"welcome50").hexdigest(): ("Welcome offer", 50_000_000)}
"""SHA-256 of an offer code → (title, credit in micro-units of the account's currency)."""
_COMMON = (
    "agency_link",
    "billing_contact_email",
    "billing_contact_firstname",
    "billing_contact_lastname",
    "budget_amount",
    "end_date",
    "media_contact_email",
    "media_contact_firstname",
    "media_contact_lastname",
    "po_number",
    "start_date",
)
_MADE_WITH = ("accepted_terms_id", "currency_info", "estimated_monthly_spend", "order_name", "order_line_type")


def standing_order_ids(account_id: str) -> tuple[str, str]:
    """(pin_order_id, order line id) of an account's standing insertion order: its id plus 8 and 9."""
    return str(int(account_id) + 8), str(int(account_id) + 9)


def bill_to(account: Entity) -> dict[str, str]:
    """The bill-to ids ``get_ssio_account`` answers (its company, its one address) and the terms' id."""
    base = int(account["id"])
    return {"company": str(base + 4), "address": str(base + 5), "terms": str(base + 1)}


def _iso(at: int) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _orders(store: Store, account: Entity) -> list[Entity]:
    """The account's insertion orders, oldest first, its standing one stored on first use."""
    orders = store.collection("insertion_orders")
    pin_order_id, line_id = standing_order_ids(account["id"])
    if pin_order_id not in orders:
        made = int(account["created_time"])
        start = datetime.fromtimestamp(made, UTC).date()
        orders[pin_order_id] = {
            "id": pin_order_id,
            "ad_account_id": account["id"],
            "order_line_id": line_id,
            "status": "Approved",
            "created": made,
            "modified": made,
            "order_name": f"{account['name']} always-on",
            "order_line_type": "PERPETUALS",
            "po_number": f"PO-{account['id'][-4:]}",
            "currency_info": account["currency"],
            "start_date": start.isoformat(),
            "end_date": None,
            "budget_amount": None,
            "accepted_terms_id": bill_to(account)["terms"],
        }
    return sorted((o for o in orders.values() if o["ad_account_id"] == account["id"]), key=lambda o: o["created"])


def _status(order: Entity) -> Entity:
    semantic = {"pin_order_id": order["id"], "status": order["status"], "creation_time": _iso(order["created"])}
    return shaped("SSIOInsertionOrderStatus", semantic, {})


def _ssio_line(account: Entity, order: Entity) -> Entity:
    fields = {name: order.get(name) for name in _COMMON + _MADE_WITH if name in order}
    semantic = {
        **fields,
        "pin_order_id": order["id"],
        "ads_manager_order_line_id": order["order_line_id"],
        "bill_to_company_name": account["name"],
        "accepted_terms_time": _iso(order["created"]),
        "last_modified_date_time": _iso(order["modified"]),
    }
    return shaped("SSIOOrderLine", semantic, {})


def _epoch(day: str | None, end: bool = False) -> int | None:
    if day is None:
        return None
    return int(datetime.combine(date.fromisoformat(day), time.max if end else time.min, UTC).timestamp())


def _order_line(store: Store, order: Entity) -> Entity:
    budget = order.get("budget_amount")
    micro = None if budget is None else int(budget * 1_000_000)
    semantic = {
        "id": order["order_line_id"],
        "ad_account_id": order["ad_account_id"],
        "name": order.get("order_name"),
        "budget": micro,
        "paid_budget": micro,
        "paid_type": "PAID",
        "purchase_order_id": order.get("po_number"),
        "start_time": _epoch(order["start_date"]),
        "end_time": _epoch(order.get("end_date"), end=True),
        "status": "ACTIVE" if order["status"] == "Approved" else "PAUSED",
        "type": order["order_line_type"],
        "campaign_ids": [c["id"] for c in store.campaigns_of(order["ad_account_id"])
                         if c.get("order_line_id") == order["order_line_id"]],
    }  # fmt: skip
    return shaped("OrderLine", semantic, {})


def _check_dates(order: dict[str, Any], today: date) -> None:
    start, end = order.get("start_date"), order.get("end_date")
    if start is not None and date.fromisoformat(start) < today and order.get("fresh"):
        raise invalid(f"Invalid start_date: {start} is in the past; an insertion order starts today or later.")
    if start is not None and end is not None and end < start:
        raise invalid(f"Invalid end_date: {end} is before start_date {start}.")
    if order.get("order_line_type") == "BUDGET" and not order.get("budget_amount"):
        raise invalid("Invalid budget_amount: a BUDGET insertion order needs an amount above 0.")


async def create_order(request: Request) -> JSONResponse:
    """``POST .../ssio/insertion_orders``: a pending order billed as ``get_ssio_account`` says."""
    _, account = AD_ACCOUNTS.locate(request)
    store, body = lookup.store_of(request), await json_object(request)
    known = bill_to(account)
    wanted = {
        "billto_company_id": known["company"],
        "billto_business_address_id": known["address"],
        "billto_billing_address_id": known["address"],
        "accepted_terms_id": known["terms"],
        "currency_info": account["currency"],
    }
    for name, value in wanted.items():
        if body[name] != value:
            raise invalid(f"Invalid {name}: {body[name]!r} is not this ad account's ({value}); see get_ssio_account.")
    _orders(store, account)
    _check_dates({**body, "fresh": True}, lookup.today_of(request))
    now = lookup.now_of(request)
    order = {k: body[k] for k in _COMMON + _MADE_WITH if k in body}
    order.update(ad_account_id=account["id"], status="Pending", created=now, modified=now)
    order.setdefault("end_date", None)
    order["id"] = f"0Q0{store.new_id('insertion_order')}"
    order["order_line_id"] = store.new_id("order_line")
    store.collection("insertion_orders")[order["id"]] = order
    return JSONResponse(shaped("SSIOCreateInsertionOrderResponse", {"pin_order_id": order["id"]}, {}))


async def edit_order(request: Request) -> JSONResponse:
    """``PATCH .../ssio/insertion_orders``: change the order whose Ads Manager order line the body names."""
    _, account = AD_ACCOUNTS.locate(request)
    store, body = lookup.store_of(request), await json_object(request)
    line = body.get("ads_manager_order_line_id")
    if line is None:
        raise invalid("Invalid ads_manager_order_line_id: name the order line to edit (list_ssio_order_lines).")
    found = [o for o in _orders(store, account) if o["order_line_id"] == line]
    if not found:
        raise not_found(ORDER_NOT_FOUND, f"Order line {line} not found in ad account {account['id']}.")
    order = found[0]
    changed = {**order, **{k: body[k] for k in _COMMON if k in body}}
    _check_dates(changed, lookup.today_of(request))
    order.update(changed, modified=lookup.now_of(request))
    return JSONResponse(shaped("SSIOEditInsertionOrderResponse", {"pin_order_id": order["id"]}, {}))


async def statuses(request: Request) -> JSONResponse:
    """``GET .../ssio/insertion_orders/status``: each order's status, oldest first."""
    _, account = AD_ACCOUNTS.locate(request)
    orders = _orders(lookup.store_of(request), account)
    return JSONResponse(paginate(lookup.query_of(request), [_status(o) for o in orders]))


async def status(request: Request) -> JSONResponse:
    """``GET .../ssio/insertion_orders/{pin_order_id}/status``: one order's, else 404."""
    _, account = AD_ACCOUNTS.locate(request)
    return JSONResponse(_status(_order(request, account, request.path_params["pin_order_id"])))


def _order(request: Request, account: Entity, pin_order_id: str) -> Entity:
    found = [o for o in _orders(lookup.store_of(request), account) if o["id"] == pin_order_id]
    if not found:
        raise not_found(ORDER_NOT_FOUND, f"Insertion order {pin_order_id} not found in ad account {account['id']}.")
    return found[0]


async def ssio_lines(request: Request) -> JSONResponse:
    """``GET .../ssio/order_lines``: the orders' SSIO order lines, of one order with ``pin_order_id``."""
    _, account = AD_ACCOUNTS.locate(request)
    query = lookup.query_of(request)
    orders = _orders(lookup.store_of(request), account)
    wanted = query.text("pin_order_id")
    lines = [_ssio_line(account, o) for o in orders if wanted in (None, o["id"])]
    return JSONResponse(paginate(query, lines))


async def order_lines(request: Request) -> JSONResponse:
    """``GET .../order_lines``: the Ads Manager order lines, by id (``order``)."""
    _, account = AD_ACCOUNTS.locate(request)
    store, query = lookup.store_of(request), lookup.query_of(request)
    lines = [_order_line(store, o) for o in _orders(store, account)]
    lines.sort(key=lambda line: int(line["id"]), reverse=query.text("order") == "DESCENDING")
    return JSONResponse(paginate(query, lines))


async def order_line(request: Request) -> JSONResponse:
    """``GET .../order_lines/{order_line_id}``: one of them, else 404."""
    _, account = AD_ACCOUNTS.locate(request)
    store, wanted = lookup.store_of(request), request.path_params["order_line_id"]
    found = [o for o in _orders(store, account) if o["order_line_id"] == wanted]
    if not found:
        raise not_found(ORDER_NOT_FOUND, f"Order line {wanted} not found in ad account {account['id']}.")
    return JSONResponse(_order_line(store, found[0]))


def redeemed_credits(store: Store, account: Entity) -> list[Entity]:
    """The ``AdsCreditDiscountsResponse``s of the offer codes the account redeemed, in order."""
    return [c for c in store.collection("ads_credits").values() if c["advertiser_id"] == account["id"]]


async def redeem(request: Request) -> JSONResponse:
    """``POST .../ads_credit/redeem``: a known code once per account; ``validateOnly`` changes nothing."""
    _, account = AD_ACCOUNTS.locate(request)
    store, body = lookup.store_of(request), await json_object(request)
    offer = OFFER_CODES.get(body["offerCodeHash"])
    if offer is None:
        raise ApiError(400, REDEEM_FAILED, "Unable to redeem offer code. Check the code and try again.")
    key = f"{account['id']}:{body['offerCodeHash']}"
    credits = store.collection("ads_credits")
    if key in credits:
        answer = {"success": False, "errorCode": REDEEM_FAILED, "errorMessage": "Offer code already redeemed."}
        return JSONResponse(shaped("AdsCreditRedeemResponse", answer, {}))
    if not body["validateOnly"]:
        title, amount = offer
        credits[key] = {
            "advertiser_id": account["id"],
            "discountCurrency": account["currency"],
            "discountType": "CREDIT",
            "title": title,
            "active": True,
            "discountInMicroCurrency": amount,
            "remainingDiscountInMicroCurrency": amount,
        }
    return JSONResponse(
        shaped("AdsCreditRedeemResponse", {"success": True, "errorCode": None, "errorMessage": None}, {})
    )


ROUTES = [  # the status of all orders before "{pin_order_id}/status"
    Endpoint("ssio_insertion_orders_status/get_by_ad_account", statuses),
    Endpoint("ssio_insertion_orders_status/get_by_pin_order_id", status),
    Endpoint("ssio_insertion_order/create", create_order),
    Endpoint("ssio_insertion_order/edit", edit_order),
    Endpoint("ssio_order_lines/get_by_ad_account", ssio_lines),
    Endpoint("order_lines/list", order_lines),
    Endpoint("order_lines/get", order_line),
    Endpoint("ads_credit/redeem", redeem),
]
