"""Each ad account's tools of the trade: conversion tag, customer lists, lead forms, templates, promotions, a label.

Seeded after everything else (``seed.build_store``), from what the account already has, so every
earlier entity of a seed stays as it was: the conversion tag is the one its visitor audiences and
conversion ad groups already name, and each customer list is the one its own CUSTOMER_LIST audience
names, with counts that fit the audience's size; each shopping ad group promotes two product groups.
Nothing here draws random numbers; new ids come from the store, in a fixed order.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds import entities
from pinterest_mcp.emulator.kinds.children import ACCOUNT_KEY
from pinterest_mcp.emulator.kinds.shaped import shaped

_DAY = 86_400
LEAD_FORMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Newsletter sign-up", "ACTIVE", ("EMAIL", "FIRST_NAME")),
    ("Cooking class waitlist", "DRAFT", ("FULL_NAME", "EMAIL", "CUSTOM")),
)
_CLASS_QUESTION = {
    "question_type": "CUSTOM",
    "custom_question_field_type": "RADIO_LIST",
    "custom_question_label": "Which class?",
    "custom_question_options": ["Bread", "Pasta", "Pastry"],
}


def seed_assets(store: Store, base: datetime) -> None:
    """Add the assets of every ad account; ``base`` is the seed's reference time."""
    start = int(base.timestamp())
    for account in store.ad_accounts.values():
        _conversion_tag(store, account, start)
        _customer_lists(store, account)
        _lead_forms(store, account, start)
        _targeting_templates(store, account, start)
        _promotions(store, account)
        _labels(store, account)
        _offer(store, account, start)


def _conversion_tag(store: Store, account: Entity, start: int) -> None:
    visitors = [a for a in store.audiences_of(account["id"]) if a["audience_type"] == "VISITOR"]
    tag_id = visitors[0]["rule"]["visitor_source_id"]
    store.conversion_tags[tag_id] = entities.conversion_tag(
        tag_id,
        account["id"],
        f"{account['name']} tag",
        last_fired_time_ms=(start - _DAY) * 1000,
        enhanced_match_status="VALIDATION_COMPLETE",
    )


def _customer_lists(store: Store, account: Entity) -> None:
    """The customer list behind each CUSTOMER_LIST audience the user's business made."""
    owned = [
        a
        for a in store.audiences_of(account["id"])
        if a["audience_type"] == "CUSTOMER_LIST" and a["created_by_company_name"] == store.user["business_name"]
    ]
    for audience in owned:
        list_id = audience["rule"]["customer_list_id"]
        matched = audience["size"] or 1_000
        created = audience["created_timestamp"] - _DAY
        store.customer_lists[list_id] = entities.customer_list(
            list_id,
            account["id"],
            audience["name"],
            now=created,
            num_uploaded_user_records=matched * 2,
            status="READY",
            updated_time=audience["updated_timestamp"],
        )


def _lead_forms(store: Store, account: Entity, start: int) -> None:
    for offset, (name, status, kinds) in enumerate(LEAD_FORMS):
        questions: list[dict[str, Any]] = [
            _CLASS_QUESTION if kind == "CUSTOM" else {"question_type": kind} for kind in kinds
        ]
        form = entities.lead_form(
            entities.NEW,
            account["id"],
            name,
            questions,
            now=start - (30 - offset * 10) * _DAY,
            status=status,
            privacy_policy_link="https://hearthandharvest.example/privacy",
            has_accepted_terms=True,
            completion_message="Thanks! We will be in touch.",
        )
        store.add("lead_form", form)


def _targeting_templates(store: Store, account: Entity, start: int) -> None:
    country, interests = account["country"], sorted(store.interest_names)[:2]
    templates = (
        ("Home cooks 25-44", {"GEO": [country], "AGE_BUCKET": ["25-34", "35-44"], "INTEREST": interests}),
        ("Mobile women", {"GEO": [country], "GENDER": ["female"], "APPTYPE": ["iphone", "android_mobile"]}),
    )
    for offset, (name, targeting) in enumerate(templates):
        template = entities.targeting_template(
            entities.NEW, account["id"], name, targeting, now=start - (20 - offset * 5) * _DAY
        )
        store.add("targeting_template", template)


PRODUCT_GROUPS = ("Cookware", "Tableware")


def _promotions(store: Store, account: Entity) -> None:
    """Two catalog product groups per CATALOG_SALES ad group: one bid on its own, one at the ad group's bid."""
    shopping = [
        g
        for g in store.ad_groups_of(account["id"])
        if store.campaigns[g["campaign_id"]]["objective_type"] == "CATALOG_SALES"
    ]
    for group in shopping:
        for offset, name in enumerate(PRODUCT_GROUPS):
            bid = group["bid_in_micro_currency"]
            promotion = entities.product_group_promotion(
                entities.NEW,
                group,
                store.new_id("product_group"),
                catalog_product_group_name=name,
                status=group["status"],
                bid_in_micro_currency=bid + 200_000 if bid and offset == 0 else None,
            )
            store.add("product_group_promotion", promotion)


def _labels(store: Store, account: Entity) -> None:
    """A CUSTOM label, the account's name, on its first campaign (its BRAND label is left for the user to set)."""
    for campaign in store.campaigns_of(account["id"])[:1]:
        where = {"parent_id": campaign["id"], "parent_type": "CAMPAIGN", ACCOUNT_KEY: account["id"]}
        label = {"label_type": "CUSTOM", "value": account["name"][:100], "status": "ACTIVE"}
        store.add("label", shaped(entities.SCHEMAS["label"], {"id": entities.NEW, **where}, label))


def _offer(store: Store, account: Entity, start: int) -> None:
    """A sitewide sale (``promotions/*``): 20% off with a code, for the month ahead."""
    sale = {"promotion_title": "Spring sale", "promotion_type": "SITEWIDE", "promotion_code": "SPRING20",
            "discount_status": "ACTIVE", "start_time": start, "end_time": start + 30 * _DAY,
            "template_values": [{"percent": 20}]}  # fmt: skip
    store.add("promotion", shaped(entities.SCHEMAS["promotion"], {"id": entities.NEW, "ad_account_id": account["id"],
                                                                 "status": "ACTIVE"}, sale))  # fmt: skip
