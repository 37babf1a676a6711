"""The user account and ad accounts: where every conversation starts."""

from __future__ import annotations

from pydantic import Field

from pinterest_mcp.registry.inputs import (
    AdAccountId,
    BusinessAdAccountId,
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
        hints={"include_html": "Add the terms' text"},
        toolset="billing",
    ),
    Operation(
        name="list_billing_profiles",
        description="How an ad account pays: card or invoice, and whether it is valid.",
        operation_id="billing_profiles/get",
        hints={"is_active": Field(default=True, description="False: the inactive ones")},
        toolset="billing",
        lists=True,
    ),
    Operation(
        name="list_ads_credit_discounts",
        description="Ads credits and coupons of an ad account: amount, remaining, active.",
        operation_id="ads_credits_discounts/get",
        toolset="billing",
        lists=True,
    ),
    Operation(
        name="list_billing_invoices",
        description="Monthly invoices of an ad account: period, amount billed, due date, status.",
        operation_id="billing_invoices/get",
        hints={"order": "Sort by id"},
        toolset="billing",
        lists=True,
    ),
    Operation(
        name="get_ssio_account",
        title="Get SSIO account",
        description="Whether the ad account can buy with insertion orders (SSIO), and its bill-to details.",
        operation_id="ssio_accounts/get",
        toolset="billing",
    ),
    Operation(
        name="get_billing_invoice_download",
        description="A link to download one invoice as a PDF.",
        operation_id="billing_invoice_download/get",
        hints={"billing_invoice_id": "From list_billing_invoices"},
        toolset="billing",
    ),
)
