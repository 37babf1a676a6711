"""Example arguments of the writes that commit money (insertion orders, ads credits), promotions, audience sharing.

`MONEY_EXAMPLES` are the body guards' minimal and rich argument sets (any ids); `money_cases` are the
write battery's, on the seed: the USD account's bill-to ids and standing order line, as
`get_ssio_account` and `list_ssio_order_lines` give them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from mcp import Client

from pinterest_mcp.emulator.kinds import audience_shares
from pinterest_mcp.emulator.routes.insertion_orders import bill_to, standing_order_ids
from support.world import ok

Json = dict[str, Any]
ACCOUNT = "549755885175"
CONTACTS = {f"{who}_contact_{k}": v for who in ("media", "billing")
            for k, v in (("firstname", "Ada"), ("lastname", "Lane"), ("email", "ada@example.com"))}  # fmt: skip


def insertion_order(account: str, start: str = "2030-01-01") -> Json:
    """A BUDGET insertion order billed to `account`'s company (ids as the emulator derives them)."""
    ids = bill_to({"id": account})
    return {
        "ad_account_id": account,
        "order_name": "Spring flight",
        "order_line_type": "BUDGET",
        "budget_amount": 5000,
        "start_date": start,
        "end_date": "2030-03-31",
        "po_number": "PO-1",
        "pmp_id": "1",
        "currency_info": "USD",
        **CONTACTS,
        "billto_company_id": ids["company"],
        "billto_business_address_id": ids["address"],
        "billto_billing_address_id": ids["address"],
        "accepted_terms_id": ids["terms"],
    }


MONEY_EXAMPLES: dict[str, dict[str, Json]] = {
    "create_insertion_order": {
        "minimal": {k: v for k, v in insertion_order(ACCOUNT).items() if k not in ("budget_amount", "end_date")},
        "rich": {**insertion_order(ACCOUNT), "estimated_monthly_spend": 1500.5, "agency_link": "https://a.example"},
    },
    "edit_insertion_order": {
        "minimal": {"ad_account_id": ACCOUNT, "ads_manager_order_line_id": "2680059592705"},
        "rich": {"ad_account_id": ACCOUNT, "ads_manager_order_line_id": "2680059592705", "budget_amount": 9000.25,
                 "start_date": "2030-01-02", "end_date": "2030-06-30", "po_number": "PO-2", "agency_link": "x"},
    },
    "redeem_ads_credit": {
        "minimal": {"ad_account_id": ACCOUNT, "offerCodeHash": "welcome50"},
        "rich": {"ad_account_id": ACCOUNT, "offerCodeHash": "a" * 64, "validateOnly": True},
    },
    "create_promotions": {
        "minimal": {"ad_account_id": ACCOUNT, "promotions": [
            {"promotion_title": "Sale", "promotion_type": "SITEWIDE"}]},
        "rich": {"ad_account_id": ACCOUNT, "promotions": [{
            "promotion_title": "Summer", "promotion_type": "X_OFF_Y", "promotion_code": "SUN10", "external_id": "e1",
            "promotion_custom_id": "c1", "start_time": 1_900_000_000, "end_time": 1_900_086_400,
            "template_values": [{"amount": 10, "currency_code": "USD", "custom_text": "off"}, {"percent": 5}]}]},
    },
    "update_promotions": {
        "minimal": {"ad_account_id": ACCOUNT, "promotions": [{"id": "1106385000001", "promotion_code": "NEW"}]},
        "rich": {"ad_account_id": ACCOUNT, "promotions": [{"id": "1106385000001", "status": "PAUSED",
                 "promotion_title": "Later", "promotion_type": "FREE_SHIPPING", "end_time": 1_900_086_400,
                 "template_values": [{"amount": 5, "currency_code": "EUR", "percent": 10, "custom_text": "t"}]}]},
    },
    "delete_promotion": {
        "minimal": {"ad_account_id": ACCOUNT, "promotion_id": "1106385000001"},
        "rich": {"ad_account_id": ACCOUNT, "promotion_id": "1106385000002"},
    },
}  # fmt: skip


def money_cases(account: str, promotion: str) -> dict[str, Json]:
    """The write battery's valid arguments, on `account` of the seed and its sales `promotion`."""
    offer = {"promotion_title": "Autumn sale", "promotion_type": "SITEWIDE", "template_values": [{"percent": 15}]}
    return {
        "create_promotions": {"ad_account_id": account, "promotions": [offer]},
        "update_promotions": {"ad_account_id": account, "promotions": [{"id": promotion, "promotion_code": "FALL15"}]},
        "delete_promotion": {"ad_account_id": account, "promotion_id": promotion},
        "create_insertion_order": insertion_order(account),
        "edit_insertion_order": {
            "ad_account_id": account,
            "ads_manager_order_line_id": standing_order_ids(account)[1],
            "po_number": "PO-2030-02",  # the standing order has no budget, which no edit can restore
        },
        "redeem_ads_credit": {"ad_account_id": account, "offerCodeHash": "welcome50"},
    }


SHARING_ID_KEYS = ("business", "partner", "other_account", "audience", "catalog")
ITEM = {"item_id": "sku-1", "country": "US", "language": "EN"}
MONEY_EXAMPLES["set_item_bids"] = {
    "minimal": {"catalog_id": "1", "items": [{**ITEM, "operation": "DELETE"}]},
    "rich": {
        "ad_account_id": ACCOUNT,
        "catalog_id": "1",
        "items": [
            {
                **ITEM,
                "operation": "UPSERT",
                "bid_options": {
                    "bid_in_micro_currency": 1_500_000,
                    "app_type_multipliers": {"iphone": 1.2},
                    "placement_multipliers": {"SEARCH": 1.5},
                },
                "update_mask": ["BID", "APP_TYPE_BID_MULTIPLIER_SET", "PLACEMENT_BID_MULTIPLIER_SET"],
            }
        ],
    },
}
_SHARED = {"audience_id": "2542620639259", "operation_type": "SHARE"}
for _owner, _key in (("", "ad_account_id"), ("business_", "business_id")):
    MONEY_EXAMPLES[f"share_{_owner}audience_with_accounts"] = {
        "minimal": {_key: ACCOUNT, **_SHARED, "recipient_account_ids": ["549755885176"]},
        "rich": {_key: ACCOUNT, **_SHARED, "operation_type": "REVOKE", "recipient_account_ids": ["1", "2"]},
    }
    MONEY_EXAMPLES[f"share_{_owner}audience_with_businesses"] = {
        "minimal": {_key: ACCOUNT, **_SHARED, "recipient_business_ids": ["877196115044775652"]},
        "rich": {_key: ACCOUNT, **_SHARED, "operation_type": "REVOKE", "recipient_business_ids": ["3", "4"]},
    }


async def discover_sharing(client: Client, account: str) -> dict[str, str]:
    """The business, its partner agency and another ad account, found as a model would."""
    business = (await ok(client, "list_business_employers", {}))["items"][0]["id"]
    partner = (await ok(client, "list_business_partners", {"business_id": business}))["items"][0]["id"]
    accounts = (await ok(client, "list_ad_accounts", {}))["items"]
    other = next(a["id"] for a in accounts if a["id"] != account)
    catalog = (await ok(client, "list_catalogs", {}))["items"][0]["id"]
    return {"business": business, "partner": partner, "other_account": other, "catalog": catalog}


def sharing_cases(account: str, ids: dict[str, str]) -> dict[str, Json]:
    """Revoke the audience from the account it starts shared with; share it with the partner agency."""
    audience = {"audience_id": ids["audience"]}
    revoke = {**audience, "operation_type": "REVOKE", "recipient_account_ids": [ids["other_account"]]}
    share = {**audience, "operation_type": "SHARE", "recipient_business_ids": [ids["partner"]]}
    return {
        "share_audience_with_accounts": {"ad_account_id": account, **revoke},
        "share_audience_with_businesses": {"ad_account_id": account, **share},
        "share_business_audience_with_accounts": {"business_id": ids["business"], **revoke},
        "share_business_audience_with_businesses": {"business_id": ids["business"], **share},
        "set_item_bids": {
            "ad_account_id": account,
            "catalog_id": ids["catalog"],
            "items": [
                {
                    **ITEM,
                    "operation": "UPSERT",
                    "bid_options": {"bid_in_micro_currency": 1_500_000},
                    "update_mask": ["BID"],
                }
            ],
        },
    }


async def money_story(api: Any, store: Any, account: str) -> None:
    """The emulator's write story through the routes of this module's tools, each answer checked by `api`."""
    acct = {"ad_account_id": account}
    start = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    order = {k: v for k, v in insertion_order(account, start).items() if k != "ad_account_id"}
    order["end_date"] = (datetime.now(UTC).date() + timedelta(days=90)).isoformat()
    await api.call("POST", "/ad_accounts/{ad_account_id}/ssio/insertion_orders", 200, order, **acct)
    edit = {"ads_manager_order_line_id": standing_order_ids(account)[1], "po_number": "PO-9"}
    await api.call("PATCH", "/ad_accounts/{ad_account_id}/ssio/insertion_orders", 200, edit, **acct)
    code = {"offerCodeHash": hashlib.sha256(b"welcome50").hexdigest(), "validateOnly": True}
    await api.call("POST", "/ad_accounts/{ad_account_id}/ads_credit/redeem", 200, code, **acct)
    offers = "/ad_accounts/{ad_account_id}/promotions"
    made = await api.call("POST", offers, 200, [{"promotion_title": "Sale", "promotion_type": "SITEWIDE"}], **acct)
    offer = made["promotions"][0]["data"]["id"]
    await api.call("PATCH", offers, 200, [{"id": offer, "promotion_code": "X"}], **acct)
    await api.call("DELETE", offers + "/{promotion_id}", 204, promotion_id=offer, **acct)
    mine = next(a["id"] for a in store.audiences_of(account) if audience_shares.made_here(store, a))
    other = next(a for a in store.ad_accounts if a != account)
    business, partner = str(int(store.user["id"]) + 1), str(int(store.user["id"]) + 3)
    for owner, path in (
        (acct, "/ad_accounts/{ad_account_id}"),
        ({"business_id": business}, "/businesses/{business_id}"),
    ):
        for kind, field, who in (
            ("ad_accounts", "recipient_account_ids", other),
            ("businesses", "recipient_business_ids", partner),
        ):
            for operation in ("SHARE", "REVOKE"):
                body = {"audience_id": mine, "operation_type": operation, field: [who]}
                await api.call("PATCH", f"{path}/audiences/{kind}/shared", 200, body, **owner)
    item = {**ITEM, "operation": "UPSERT", "bid_options": {"bid_in_micro_currency": 1_000_000}, "update_mask": ["BID"]}
    bids = {"catalog_id": str(int(store.user["id"]) + 2), "items": [item]}
    await api.call("POST", "/advanced_auction/items/submit", 200, bids)
    await api.call("POST", "/advanced_auction/items/get", 200, {**bids, "items": [ITEM]})
