"""Insertion orders (SSIO), order lines and ads credits: buying ads on invoice, and the writes that commit money.

The reads (`billing`) show what an account has signed: each insertion order's status, its SSIO
order line with the budget and dates it was made with, and the Ads Manager order lines campaigns
draw on. The writes (`billing_manage`, kept apart so reading billing costs no write schemas) commit
money: an insertion order's budget is in currency units, as Pinterest takes it, and its plan shows
the amount with the account's currency and the dates it runs. Redeeming an ads credit is a create:
never retried blindly, planned with the account's credits as they stand.
"""

from __future__ import annotations

import hashlib
import re
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from pinterest_mcp.registry.inputs import AdAccountId, NotNull, WriteInput
from pinterest_mcp.registry.records import Current, Operation, View

ORDER_LINE = View(
    kind="order_line",
    default_fields=("id", "name", "status", "type", "budget", "paid_budget", "start_time", "end_time", "campaign_ids"),
    money=("budget", "paid_budget"),
    currency="ad_account",
)
Day = Annotated[str, Field(pattern=r"^(\d{4})-(\d{2})-(\d{2})$")]
Amount = Annotated[int | float, Field(gt=0, le=10**9)]
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _hashed(code: Any) -> Any:
    """The SHA-256 Pinterest takes of an offer code: a code as the user has it is hashed here."""
    if isinstance(code, str) and not _SHA256.fullmatch(code):
        return hashlib.sha256(code.encode()).hexdigest()
    return code


class InsertionOrder(WriteInput):
    """What an insertion order sets in both its create and its edit (Pinterest's `SSIOInsertionOrderCommon`)."""

    ad_account_id: AdAccountId
    budget_amount: Annotated[Amount | None, NotNull] = Field(default=None, description="Currency units, not micro")
    start_date: Annotated[Day | None, NotNull] = None
    end_date: Annotated[Day | None, NotNull] = None
    po_number: Annotated[str | None, NotNull] = None
    agency_link: Annotated[str | None, NotNull] = None
    media_contact_firstname: Annotated[str | None, NotNull] = None
    media_contact_lastname: Annotated[str | None, NotNull] = None
    media_contact_email: Annotated[str | None, NotNull] = None
    billing_contact_firstname: Annotated[str | None, NotNull] = None
    billing_contact_lastname: Annotated[str | None, NotNull] = None
    billing_contact_email: Annotated[str | None, NotNull] = None
    user_email: Annotated[str | None, NotNull] = Field(default=None, description="Who submits the order")


class CreateInsertionOrder(InsertionOrder):
    order_name: str = Field(min_length=1)
    order_line_type: Literal["BUDGET", "PERPETUALS"]
    start_date: Day
    po_number: str = Field(min_length=1)
    pmp_id: str = Field(min_length=1)
    currency_info: str = Field(pattern=r"^[A-Z]{3}$")
    media_contact_firstname: str
    media_contact_lastname: str
    media_contact_email: str
    billing_contact_firstname: str
    billing_contact_lastname: str
    billing_contact_email: str
    billto_company_id: str = Field(description="From get_ssio_account")
    billto_business_address_id: str
    billto_billing_address_id: str
    accepted_terms_id: str = Field(description="From get_terms_of_service")
    accepted_terms_time: Annotated[int | None, NotNull] = Field(default=None, description="Unix seconds")
    estimated_monthly_spend: Annotated[Amount | None, NotNull] = None


class EditInsertionOrder(InsertionOrder):
    ads_manager_order_line_id: str = Field(pattern=r"^[0-9]+$", description="From list_ssio_order_lines")


class RedeemAdsCredit(WriteInput):
    ad_account_id: AdAccountId
    offerCodeHash: Annotated[str, BeforeValidator(_hashed)] = Field(  # Pinterest's name: fields are sent as named
        pattern=r"^[a-z0-9]*$", description="SHA-256 (hex) of the offer code; a lowercase code is hashed here"
    )
    validateOnly: bool = Field(default=False, description="Check the code, redeem nothing")


_read = partial(Operation, toolset="billing")
_write = partial(Operation, toolset="billing_manage")

OPERATIONS = (
    _read(
        name="list_insertion_orders",
        description="Insertion orders (SSIO) of an ad account and their approval status.",
        operation_id="ssio_insertion_orders_status/get_by_ad_account",
        lists=True,
    ),
    _read(
        name="get_insertion_order_status",
        description="One insertion order's approval status.",
        operation_id="ssio_insertion_orders_status/get_by_pin_order_id",
        hints={"pin_order_id": "From list_insertion_orders"},
    ),
    _read(
        name="list_ssio_order_lines",
        title="List SSIO order lines",
        description="Insertion orders as signed: budget (currency units), dates, contacts, order line id.",
        operation_id="ssio_order_lines/get_by_ad_account",
        lists=True,
    ),
    _read(
        name="list_order_lines",
        description="Ads Manager order lines: budget, dates, status and the campaigns drawing on each.",
        operation_id="order_lines/list",
        hints={"order": "Sort by id"},
        lists=True,
        view=ORDER_LINE,
    ),
    _read(
        name="get_order_line",
        description="One order line by id.",
        operation_id="order_lines/get",
        view=ORDER_LINE,
    ),
    _write(
        name="create_insertion_order",
        description="Sign an insertion order: commits its budget. Ids from get_ssio_account.",
        operation_id="ssio_insertion_order/create",
        input=CreateInsertionOrder,
        change="create",
        key="pin_order_id",
    ),
    _write(
        name="edit_insertion_order",
        description="Change an insertion order's budget, dates or PO number.",
        operation_id="ssio_insertion_order/edit",
        input=EditInsertionOrder,
        change="update",
        key="ads_manager_order_line_id",
        current=Current(
            read="list_ssio_order_lines", args=(("ad_account_id", "ad_account_id"),), match="ads_manager_order_line_id"
        ),
    ),
    _write(
        name="redeem_ads_credit",
        description="Redeem an ads credit offer code on an ad account.",
        operation_id="ads_credit/redeem",
        input=RedeemAdsCredit,
        change="create",
    ),
)
