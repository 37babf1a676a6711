"""An ad account's billing and terms: what Pinterest keeps about paying for ads, read only.

Nothing here is stored: each answer is derived from the ad account (an invoice from what its ads
spent that month, as the analytics simulation reports it), so it needs no seed data. The account is
invoiced monthly, which also makes it eligible for insertion orders (SSIO).
"""

from __future__ import annotations

from datetime import date, timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import not_found
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.params import paginate
from pinterest_mcp.emulator.http.query import Query
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds.resources import AD_ACCOUNTS
from pinterest_mcp.emulator.kinds.shaped import shaped
from pinterest_mcp.emulator.routes.insertion_orders import redeemed_credits
from pinterest_mcp.emulator.sim.analytics import ReportQuery, Simulator

INVOICE_HOST = "https://invoices.example.com"  # where the PDFs would be, like the seed's image host; not served
INVOICE_NOT_FOUND = 404


async def terms_of_service(request: Request) -> JSONResponse:
    """``GET .../terms_of_service``: accepted when the account was made; the text only when asked for."""
    _, account = AD_ACCOUNTS.locate(request)
    html = "<p>Pinterest Advertising Guidelines (demo)</p>" if lookup.query_of(request).flag("include_html") else None
    semantic = {"id": str(int(account["id"]) + 1), "ad_account_id": account["id"], "has_accepted": True, "html": html}
    return JSONResponse(shaped("TermsOfService", semantic, {}))


async def billing_profiles(request: Request) -> JSONResponse:
    """``GET .../billing_profiles``: monthly invoicing when ``is_active``, else the card it replaced."""
    _, account = AD_ACCOUNTS.locate(request)
    query = lookup.query_of(request)
    active = query.flag("is_active")
    kind, brand, status = ("INVOICE", "UNKNOWN", "VALID") if active else ("CREDIT_CARD", "VISA", "DELETED")
    semantic = {"id": str(int(account["id"]) + 2 + (not active)), "advertiser_id": account["id"], "status": status}
    payment = {"billing_type": kind, "card_type": brand, "payment_method_brand": brand}
    profile = shaped("BillingProfilesResponse", semantic, payment)
    return JSONResponse(paginate(query, [profile]))


async def ssio_account(request: Request) -> JSONResponse:
    """``GET .../ssio/accounts``: invoiced, so eligible for insertion orders, billed to the account's country."""
    _, account = AD_ACCOUNTS.locate(request)
    address = {"address_id": str(int(account["id"]) + 5), "display": f"{account['name']}, {account['country']}"}
    bill_to = {
        "id": str(int(account["id"]) + 4),
        "io_type": "STANDARD",
        "addresses": [{**address, "purpose": "BILL_TO"}],
    }
    semantic = {"eligible": True, "can_edit": True, "currency": account["currency"], "billto_infos": [bill_to]}
    return JSONResponse(shaped("SSIOAccountResponse", {**semantic, "pmp_names": []}, {}))


async def ads_credits(request: Request) -> JSONResponse:
    """``GET .../ads_credit/discounts``: a welcome credit, spent, a coupon with some of it left, and those redeemed."""
    _, account = AD_ACCOUNTS.locate(request)
    owner = {"advertiser_id": account["id"], "discountCurrency": account["currency"]}
    offers = [("CREDIT_APPLIED", "Welcome credit", 0, False), ("COUPON", "Holiday coupon", 35_000_000, True)]
    credits = [
        {**owner, "discountType": kind, "title": title, "active": active, "discountInMicroCurrency": 100_000_000}
        | {"remainingDiscountInMicroCurrency": left}
        for kind, title, left, active in offers
    ]
    credits += redeemed_credits(lookup.store_of(request), account)
    query = lookup.query_of(request)
    return JSONResponse(paginate(query, [shaped("AdsCreditDiscountsResponse", c, {}) for c in credits]))


async def invoices(request: Request) -> JSONResponse:
    """``GET .../billing_invoices``: one per full month of the last six, billing what the ads analytics spent."""
    _, account = AD_ACCOUNTS.locate(request)
    store, query, today = lookup.store_of(request), lookup.query_of(request), lookup.today_of(request)
    first = invoiced_months(today)[0]
    months = Simulator(store, lookup.seed_of(request), today, ReportQuery(first, today, "MONTH", []))
    spent = months.buckets(store.ads_of(account["id"]))
    found = [_invoice(account, month, counters["spend"], today) for month, counters in spent.items()]
    wanted = [i for i in found if i is not None and _matches(i, query)]
    wanted.sort(key=lambda i: i[_SORT[query.text("sort") or "DUE_DATE"]], reverse=query.text("order") == "DESCENDING")
    return JSONResponse(paginate(query, wanted))


_SORT = {
    "DUE_DATE": "invoice_due_date",
    "BILLING_PERIOD": "billing_period_start_date",
    "DOCUMENT_TYPE": "document_type",
    "TOTAL_AMOUNT": "amount_billed_micro_currency",
    "INVOICE_NUMBER": "id",
}


def _invoice(account: Entity, month: date | None, spend: int, today: date) -> Entity | None:
    """The invoice of a month that has ended (None for the running month): due 30 days after it ends."""
    if month is None or month >= today.replace(day=1):
        return None
    end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    due = end + timedelta(days=30)
    semantic = {
        "id": invoice_id(account["id"], month),
        "ad_account_id": account["id"],
        "ad_account_name": account["name"],
        "amount_billed_micro_currency": spend,
        "amount_net_micro_currency": spend,
        "bill_to_country": account["country"],
        "billing_period_start_date": month.isoformat(),
        "billing_period_end_date": end.isoformat(),
        "currency": account["currency"],
        "document_type": "INVOICE",
        "invoice_due_date": due.isoformat(),
        "payment_terms": "NET_30",
        "status": "OPEN" if due >= today else "CLOSED",
    }
    return shaped("BillingInvoiceResponse", semantic, {})


def invoiced_months(today: date) -> list[date]:
    """The first days of the six full months before ``today``'s, oldest first."""
    months = [today.replace(day=1)]
    for _ in range(6):
        months.insert(0, (months[0] - timedelta(days=1)).replace(day=1))
    return months[:-1]


def invoice_id(account_id: str, month: date) -> str:
    """An invoice's id: its ad account's and its month's (``yymm``)."""
    return f"{account_id}{month:%y%m}"


async def invoice_download(request: Request) -> JSONResponse:
    """``GET .../billing_invoice/{billing_invoice_id}/download``: a link to one of the six invoices' PDF."""
    _, account = AD_ACCOUNTS.locate(request)
    wanted, today = request.path_params["billing_invoice_id"], lookup.today_of(request)
    if wanted not in {invoice_id(account["id"], month) for month in invoiced_months(today)}:
        raise not_found(INVOICE_NOT_FOUND, f"Invoice {wanted} not found in ad account {account['id']}.")
    link = {"id": wanted, "download_url": f"{INVOICE_HOST}/{wanted}.pdf"}
    return JSONResponse(shaped("BillingInvoiceDownloadResponse", link, {}))


def _matches(invoice: Entity, query: Query) -> bool:
    """The status, document type and due-date filters, each only when given."""
    due = invoice["invoice_due_date"]
    checks = [("status", invoice["status"]), ("document_type", invoice["document_type"])]
    if any(query.text(name) not in (None, value) for name, value in checks):
        return False
    return bool((query.text("start_due_date") or due) <= due <= (query.text("end_due_date") or due))


ROUTES = [
    Endpoint("terms_of_service/get", terms_of_service),
    Endpoint("billing_profiles/get", billing_profiles),
    Endpoint("ads_credits_discounts/get", ads_credits),
    Endpoint("billing_invoices/get", invoices),
    Endpoint("ssio_accounts/get", ssio_account),
    Endpoint("billing_invoice_download/get", invoice_download),
]
