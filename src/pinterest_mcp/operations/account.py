"""The user account and ad accounts: where every conversation starts."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from pinterest_mcp.registry.inputs import (
    AdAccountId,
    BusinessAdAccountId,
    Id,
    OperationInput,
    Order,
    Page,
    Projection,
)
from pinterest_mcp.registry.records import Operation, View

USER_ACCOUNT = View(
    kind="user_account",
    default_fields=(
        "username",
        "account_type",
        "business_name",
        "website_url",
        "board_count",
        "pin_count",
        "follower_count",
        "monthly_views",
    ),
)

AD_ACCOUNT = View(
    kind="ad_account",
    default_fields=("id", "name", "currency", "country", "owner", "permissions"),
    currency="item",
)


class GetUserAccount(Projection):
    ad_account_id: BusinessAdAccountId


class ListAdAccounts(Page):
    include_shared_accounts: bool | None = Field(
        default=None, description="Include accounts shared with you through Business Access (default true)"
    )


class GetAdAccount(Projection):
    ad_account_id: AdAccountId


class GetTermsOfService(OperationInput):
    ad_account_id: AdAccountId
    include_html: bool | None = Field(default=None, description="Add the terms' text")
    tos_type: str | None = None


class ListBillingProfiles(Page):
    ad_account_id: AdAccountId
    is_active: bool = Field(default=True, description="False: the inactive ones")


class ListAdsCreditDiscounts(Page):
    ad_account_id: AdAccountId


DueDate = Annotated[str | None, Field(default=None, pattern=r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")]


class ListBillingInvoices(Page):
    ad_account_id: AdAccountId
    status: Literal["OPEN", "CLOSED"] | None = None
    document_type: Literal["INVOICE", "CREDIT_MEMO"] | None = None
    start_due_date: DueDate = None
    end_due_date: DueDate = None
    sort: Literal["DUE_DATE", "BILLING_PERIOD", "DOCUMENT_TYPE", "TOTAL_AMOUNT", "INVOICE_NUMBER"] | None = None
    order: Order = None


class GetSsioAccount(OperationInput):
    ad_account_id: AdAccountId


class GetInvoiceDownload(OperationInput):
    ad_account_id: AdAccountId
    billing_invoice_id: Id = Field(description="From list_billing_invoices")


OPERATIONS = (
    Operation(
        name="get_user_account",
        description="The connected Pinterest account: username, type, counts of boards, pins, followers.",
        operation_id="user_account/get",
        input=GetUserAccount,
        toolset="account",
        view=USER_ACCOUNT,
    ),
    Operation(
        name="list_ad_accounts",
        description="Ad accounts you can use, with currency. Call first: ads tools need an ad_account_id.",
        operation_id="ad_accounts/list",
        input=ListAdAccounts,
        toolset="account",
        lists=True,
        view=AD_ACCOUNT,
    ),
    Operation(
        name="get_ad_account",
        description="One ad account: name, currency, country, owner, your permissions.",
        operation_id="ad_accounts/get",
        input=GetAdAccount,
        toolset="account",
        view=AD_ACCOUNT,
    ),
    Operation(
        name="get_terms_of_service",
        description="Whether the ad account has accepted Pinterest's advertising terms.",
        operation_id="terms_of_service/get",
        input=GetTermsOfService,
        toolset="billing",
    ),
    Operation(
        name="list_billing_profiles",
        description="How an ad account pays: card or invoice, and whether it is valid.",
        operation_id="billing_profiles/get",
        input=ListBillingProfiles,
        toolset="billing",
        lists=True,
    ),
    Operation(
        name="list_ads_credit_discounts",
        description="Ads credits and coupons of an ad account: amount, remaining, active.",
        operation_id="ads_credits_discounts/get",
        input=ListAdsCreditDiscounts,
        toolset="billing",
        lists=True,
    ),
    Operation(
        name="list_billing_invoices",
        description="Monthly invoices of an ad account: period, amount billed, due date, status.",
        operation_id="billing_invoices/get",
        input=ListBillingInvoices,
        toolset="billing",
        lists=True,
    ),
    Operation(
        name="get_ssio_account",
        title="Get SSIO account",
        description="Whether the ad account can buy with insertion orders (SSIO), and its bill-to details.",
        operation_id="ssio_accounts/get",
        input=GetSsioAccount,
        toolset="billing",
    ),
    Operation(
        name="get_billing_invoice_download",
        description="A link to download one invoice as a PDF.",
        operation_id="billing_invoice_download/get",
        input=GetInvoiceDownload,
        toolset="billing",
    ),
)
