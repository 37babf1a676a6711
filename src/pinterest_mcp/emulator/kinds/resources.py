"""The resource table: one row per entity kind the emulator serves, from which its routes are made.

Each row names the store collection, the spec operations that serve the kind (their paths and
OAuth scopes come from the spec facts), the parent found in the path, the list filters and the
writes; ``crud`` turns the rows into list/get/create/update/delete handlers and ``routes``
collects them with the few hand-written routes. Behaviour that is
particular to one kind is a small hook named on its row: a list refinement (``list_rules``), a
renderer (``views``), an apply function (``*_writes``), a cascade (``Store.delete_*``).

To serve a new read operation, add a row (and seed data); a new write is an apply function on it.
A kind made under a parent its items name (labels under campaigns) is a ``children.Child`` row
whose ``create`` and ``update`` are those apply functions.
"""

from __future__ import annotations

from pinterest_mcp.emulator.http.bulk import BULK
from pinterest_mcp.emulator.http.crud import Filter, Removal, Resource, Write
from pinterest_mcp.emulator.http.lookup import (
    AD_ACCOUNT_MISSING,
    BOARD_MISSING,
    PIN_MISSING,
    SECTION_MISSING,
    in_account,
)
from pinterest_mcp.emulator.http.state import Store
from pinterest_mcp.emulator.kinds import (
    ad_group_writes,
    ad_writes,
    audience_writes,
    board_writes,
    campaign_writes,
    conversion_writes,
    customer_list_writes,
    keyword_writes,
    lead_form_writes,
    offer_writes,
    pin_writes,
    promotion_writes,
    targeting_template_writes,
)
from pinterest_mcp.emulator.kinds.children import ACCOUNT_KEY, Child, Parent, spec_filters
from pinterest_mcp.emulator.kinds.list_rules import (
    audiences_by_owner,
    boards_by_privacy,
    interest_names,
    keywords_by_parent,
    user_pins,
)
from pinterest_mcp.emulator.kinds.render import board_views, pin_views
from pinterest_mcp.emulator.routes import planning

STATUSES = Filter("entity_statuses", "status")
CREATIVE = Filter("creative_types", "creative_type")

AD_ACCOUNTS = Resource(
    "ad_account", "ad_accounts", "ad_accounts/list", AD_ACCOUNT_MISSING, get_op="ad_accounts/get",
    create=Write("ad_accounts/create", planning.create_ad_account, status=201),
)  # fmt: skip
CAMPAIGNS = Resource(
    "campaign", "campaigns", "campaigns/list", in_account("Campaign"), get_op="campaigns/get",
    parent=AD_ACCOUNTS, parent_key="ad_account_id",
    filters=(Filter("campaign_ids", "id"), STATUSES),
    create=Write("campaigns/create", campaign_writes.create_campaign, BULK),
    update=Write("campaigns/update", campaign_writes.update_campaign, BULK),
)  # fmt: skip
AD_GROUPS = Resource(
    "ad_group", "ad_groups", "ad_groups/list", in_account("Ad group"), get_op="ad_groups/get",
    parent=AD_ACCOUNTS, parent_key="ad_account_id",
    filters=(Filter("campaign_ids", "campaign_id"), Filter("ad_group_ids", "id"), STATUSES), refine=interest_names,
    create=Write("ad_groups/create", ad_group_writes.create_ad_group, BULK),
    update=Write("ad_groups/update", ad_group_writes.update_ad_group, BULK),
)  # fmt: skip
ADS = Resource(
    "ad", "ads", "ads/list", in_account("Ad"), get_op="ads/get", parent=AD_ACCOUNTS, parent_key="ad_account_id",
    filters=(Filter("campaign_ids", "campaign_id"), Filter("ad_group_ids", "ad_group_id"), Filter("ad_ids", "id"),
             STATUSES),
    create=Write("ads/create", ad_writes.create_ad, BULK),
    update=Write("ads/update", ad_writes.update_ad, BULK),
)  # fmt: skip
AUDIENCES = Resource(
    "audience", "audiences", "audiences/list", in_account("Audience"), get_op="audiences/get",
    parent=AD_ACCOUNTS, parent_key="ad_account_id", refine=audiences_by_owner,
    create=Write("audiences/create", audience_writes.create_audience),
    update=Write("audiences/update", audience_writes.update_audience),
)  # fmt: skip
KEYWORDS = Resource(
    "keyword", "keywords", "keywords/get", in_account("Keyword"),
    parent=AD_ACCOUNTS, parent_key="ad_account_id", private=keyword_writes.PRIVATE, refine=keywords_by_parent,
    filters=(Filter("match_types", "match_type"),),
    create=Write("keywords/create", keyword_writes.create_keyword, keyword_writes.RULES),
    update=Write("keywords/update", keyword_writes.update_keyword, keyword_writes.RULES),
)  # fmt: skip
LABEL = Child(
    "label", Parent("parent_id", "campaigns", "Campaign", prefix="C"), unique=("label_type", "value"),
    caps=("label_type", {"BRAND": 1, "CUSTOM": 30}), start={"parent_type": "CAMPAIGN", "status": "ACTIVE"},
)  # fmt: skip
LABELS = Resource(
    "label", "labels", "labels/list", in_account("Label"), parent=AD_ACCOUNTS, parent_key=ACCOUNT_KEY,
    filters=spec_filters("labels/list", "label", campaign_ids="parent_id"), private=(ACCOUNT_KEY,),
    create=Write("labels/create", LABEL.create, BULK), update=Write("labels/update", LABEL.update, BULK),
)  # fmt: skip
CUSTOMER_LISTS = Resource(
    "customer_list", "customer_lists", "customer_lists/list", in_account("Customer list"),
    get_op="customer_lists/get", parent=AD_ACCOUNTS, parent_key="ad_account_id",
    create=Write("customer_lists/create", customer_list_writes.create_customer_list),
    update=Write("customer_lists/update", customer_list_writes.update_customer_list),
)  # fmt: skip
CONVERSION_TAGS = Resource(
    "conversion_tag", "conversion_tags", "conversion_tags/list", in_account("Conversion tag"),
    get_op="conversion_tags/get", parent=AD_ACCOUNTS, parent_key="ad_account_id",
    create=Write("conversion_tags/create", conversion_writes.create_conversion_tag, status=201),
)  # fmt: skip
LEAD_FORMS = Resource(
    "lead_form", "lead_forms", "lead_forms/list", in_account("Lead form"), get_op="lead_form/get",
    parent=AD_ACCOUNTS, parent_key="ad_account_id",
    create=Write("lead_forms/create", lead_form_writes.create_lead_form, BULK),
    update=Write("lead_forms/update", lead_form_writes.update_lead_form, BULK),
)  # fmt: skip
TARGETING_TEMPLATES = Resource(
    "targeting_template", "targeting_templates", "targeting_template/list", in_account("Targeting template"),
    parent=AD_ACCOUNTS, parent_key="ad_account_id", refine=targeting_template_writes.listed,
    create=Write("targeting_template/create", targeting_template_writes.create_targeting_template),
)  # fmt: skip
PROMOTIONS = Resource(
    "product_group_promotion", "product_group_promotions", "product_group_promotions/list",
    in_account("Product group promotion"), get_op="product_group_promotions/get", parent=AD_ACCOUNTS,
    parent_key="ad_account_id", private=promotion_writes.PRIVATE,
    filters=(Filter("product_group_promotion_ids", "id"), Filter("ad_group_id", "ad_group_id"), STATUSES),
    create=Write("product_group_promotions/create", promotion_writes.create_promotion, promotion_writes.RULES),
    update=Write("product_group_promotions/update", promotion_writes.update_promotion, promotion_writes.RULES),
)  # fmt: skip
OFFERS = Resource(
    "promotion", "promotions", "promotions/list", in_account("Promotion"), get_op="promotions/get",
    parent=AD_ACCOUNTS, parent_key="ad_account_id",
    create=Write("promotions/create", offer_writes.create_offer, BULK),
    update=Write("promotions/update", offer_writes.update_offer, BULK),
    delete=Removal("promotions/delete", offer_writes.delete_offer),
)  # fmt: skip
BOARDS = Resource(
    "board", "boards", "boards/list", BOARD_MISSING, get_op="boards/get",
    refine=boards_by_privacy, render=board_views,
    create=Write("boards/create", board_writes.create_board, status=201),
    update=Write("boards/update", board_writes.update_board), delete=Removal("boards/delete", Store.delete_board),
)  # fmt: skip
SECTIONS = Resource(
    "section", "sections", "board_sections/list", SECTION_MISSING, parent=BOARDS,
    parent_key="board_id", private=("board_id",),
    create=Write("board_sections/create", board_writes.create_section, status=201),
    update=Write("board_sections/update", board_writes.update_section),
    delete=Removal("board_sections/delete", Store.delete_section),
)  # fmt: skip
PINS = Resource(
    "pin", "pins", "pins/list", PIN_MISSING, get_op="pins/get",
    filters=(CREATIVE,), refine=user_pins, newest_first=True, render=pin_views,
    create=Write("pins/create", pin_writes.create_pin, status=201), update=Write("pins/update", pin_writes.update_pin),
    delete=Removal("pins/delete", Store.delete_pin),
)  # fmt: skip
BOARD_PINS = Resource(
    "pin", "pins", "boards/list_pins", PIN_MISSING, parent=BOARDS, parent_key="board_id",
    filters=(CREATIVE,), newest_first=True, render=pin_views,
)  # fmt: skip
SECTION_PINS = Resource(
    "pin", "pins", "board_sections/list_pins", PIN_MISSING, parent=SECTIONS,
    parent_key="board_section_id", filters=(CREATIVE,),
    newest_first=True, render=pin_views,
)  # fmt: skip

RESOURCES = (
    AD_ACCOUNTS,
    CAMPAIGNS,
    AD_GROUPS,
    ADS,
    AUDIENCES,
    KEYWORDS,
    LABELS,
    CUSTOMER_LISTS,
    CONVERSION_TAGS,
    LEAD_FORMS,
    TARGETING_TEMPLATES,
    PROMOTIONS,
    OFFERS,
    BOARDS,
    SECTIONS,
    PINS,
    BOARD_PINS,
    SECTION_PINS,
)
# Kinds written in bulk, which ``Emulator.inject_item_exception`` can fail item by item.
BULK_KINDS = tuple(r.kind for r in RESOURCES if r.create is not None and r.create.bulk is not None)
