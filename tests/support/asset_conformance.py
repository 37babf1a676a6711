"""The write story through the ad account's asset routes (customer lists, conversions, lead forms, templates).

Kept apart from ``test_emulator_writes`` so that module stays about the campaign tree; ids come
from the store, found by meaning. (Their reads are generated: ``support.conformance``.)
"""

from __future__ import annotations

from typing import Any, Protocol, TypedDict

from pinterest_mcp.emulator.http.state import Store


class AccountParams(TypedDict):
    """The path parameter of an ad account's routes, typed so `**acct` cannot fill `valid_body` or `query`."""

    ad_account_id: str


class Calls(Protocol):
    """What the write story needs of ``test_emulator_writes.Api``: a request checked against the spec both ways."""

    async def call(
        self,
        method: str,
        template: str,
        status: int,
        body: Any = None,
        *,
        valid_body: bool = True,
        query: dict[str, str] | None = None,
        **params: str,
    ) -> Any: ...


async def asset_write_story(api: Calls, store: Store) -> None:
    """One story through every asset write route, successes and refusals, each checked against the spec."""
    usd = next(a["id"] for a in store.ad_accounts.values() if a["currency"] == "USD")
    acct: AccountParams = {"ad_account_id": usd}
    lists, one_list = (
        "/ad_accounts/{ad_account_id}/customer_lists",
        "/ad_accounts/{ad_account_id}/customer_lists/{customer_list_id}",
    )
    created = await api.call("POST", lists, 200, {"name": "VIPs", "records": "a" * 64 + ",b@example.com"}, **acct)
    assert created["num_uploaded_user_records"] == 2 and created["status"] == "PROCESSING"
    removed = await api.call(
        "PATCH",
        one_list,
        200,
        {"operation_type": "REMOVE", "records": "c" * 64},
        customer_list_id=created["id"],
        **acct,
    )
    assert removed["num_removed_user_records"] == 1 and removed["num_batches"] == 2
    await api.call("PATCH", one_list, 404, {"operation_type": "ADD", "records": "x"}, customer_list_id="1", **acct)
    tag = await api.call(
        "POST", "/ad_accounts/{ad_account_id}/conversion_tags", 201, {"name": "Shop", "aem_enabled": True}, **acct
    )
    assert tag["configs"]["aem_enabled"] is True and tag["id"] in tag["code_snippet"]
    forms = "/ad_accounts/{ad_account_id}/lead_forms"
    form: dict[str, Any] = {
        "name": "Waitlist",
        "questions": [{"question_type": "EMAIL"}, {"question_type": "CUSTOM"}],
        "privacy_policy_link": "https://example.com/privacy",
        "has_accepted_terms": True,
        "completion_message": "Thanks",
    }
    good = {**form, "questions": form["questions"][:1]}
    answer = await api.call("POST", forms, 200, [good, form], **acct)
    made, refused = answer["items"]
    assert "needs a label" in refused["exceptions"][0]["message"]
    changed = await api.call("PATCH", forms, 200, [{"id": made["data"]["id"], "status": "ACTIVE"}, {"id": "1"}], **acct)
    assert changed["items"][0]["data"]["status"] == "ACTIVE" and changed["items"][1]["exceptions"]
    test = "/ad_accounts/{ad_account_id}/lead_forms/{lead_form_id}/test"
    lead = await api.call("POST", test, 200, {"answers": ["a@example.com"]}, lead_form_id=made["data"]["id"], **acct)
    assert lead["subscription_id"].isdigit()
    await api.call("POST", test, 400, {"answers": []}, lead_form_id=made["data"]["id"], **acct)
    templates = "/ad_accounts/{ad_account_id}/targeting_templates"
    template = await api.call("POST", templates, 200, {"name": "DE", "targeting_attributes": {"GEO": ["DE"]}}, **acct)
    update = {"id": template["id"], "operation_type": "UPDATE", "targeting_attributes": {"GEO": ["AT"]}}
    assert await api.call("PATCH", templates, 200, update, **acct) is None
    bad = {**update, "targeting_attributes": {"AGE_BUCKET": ["12-17"]}}
    await api.call("PATCH", templates, 400, bad, valid_body=False, **acct)
    shopping = next(p["ad_group_id"] for p in store.product_group_promotions.values() if p["ad_account_id"] == usd)
    promotions = "/ad_accounts/{ad_account_id}/product_group_promotions"
    new = [{"catalog_product_group_id": "4398046111", "status": "PAUSED", "bid_in_micro_currency": 900_000}]
    made = await api.call(
        "POST", promotions, 200, {"ad_group_id": shopping, "product_group_promotion": new * 2}, **acct
    )
    first, again = made["items"]
    assert (
        first["data"]["status"] == "PAUSED" and "promoted in this ad group already" in again["exceptions"][0]["message"]
    )
    change = [{"id": first["data"]["id"], "bid_in_micro_currency": None, "status": "ACTIVE"}]
    changed = await api.call(
        "PATCH", promotions, 200, {"ad_group_id": shopping, "product_group_promotion": change}, **acct
    )
    assert changed["items"][0]["data"]["bid_in_micro_currency"] is None
    await api.call("POST", promotions, 400, {"product_group_promotion": new}, valid_body=False, **acct)
