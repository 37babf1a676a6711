"""Advanced auction: a catalog item's own bid (and bid multipliers by app type and placement) in shopping ads.

Both operations are POSTs: `items/get` only reads (its scopes are read scopes, so the tool is
read-only), `items/submit` sets or deletes bid options item by item. A bid is money in
micro-units of the ad account's currency, shown in currency units in plans when the call names
the ad account (Pinterest takes it optionally). An UPSERT changes the options its `update_mask`
names (null: all of them).
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from pinterest_mcp.registry.inputs import AdAccountId, Id, Micro, OperationInput, Vocabulary, WriteInput
from pinterest_mcp.registry.records import Current, Operation, View
from pinterest_mcp.spec.facts import vocabulary

ITEM_BID = View(
    kind="item_bid",
    default_fields=("item_id", "country", "language", "bid_options", "errors"),
    money=("bid_in_micro_currency",),  # nested in bid_options: plans show it in currency units (`writes/plans`)
)
COUNTRIES = Vocabulary("country", frozenset(vocabulary("catalog_countries")))
LANGUAGES = Vocabulary("language", frozenset(vocabulary("item_languages")))
Country = Annotated[str, AfterValidator(COUNTRIES.check), COUNTRIES]  # the error names close values
Language = Annotated[str, AfterValidator(LANGUAGES.check), LANGUAGES]
Mask = Literal["BID", "APP_TYPE_BID_MULTIPLIER_SET", "PLACEMENT_BID_MULTIPLIER_SET"]


class ItemKey(OperationInput):
    item_id: str = Field(min_length=1)
    country: Country
    language: Language


def _keys(name: str, what: str) -> AfterValidator:
    """Multipliers keyed by the spec's values (`vocabulary(name)`), checked here, not listed in the schema."""

    def check(multipliers: dict[str, float] | None) -> dict[str, float] | None:
        allowed = vocabulary(name)
        unknown = sorted(set(multipliers or {}) - set(allowed))
        if unknown:
            raise ValueError(f"unknown {what} {', '.join(unknown)}; use {', '.join(allowed)}")
        return multipliers

    return AfterValidator(check)


class BidOptions(OperationInput):
    bid_in_micro_currency: Micro | None = None
    app_type_multipliers: Annotated[dict[str, float] | None, _keys("app_types", "app type")] = Field(
        default=None, description='e.g. {"iphone": 1.2}'
    )
    placement_multipliers: Annotated[dict[str, float] | None, _keys("placements", "placement")] = Field(
        default=None, description='e.g. {"SEARCH": 1.5}'
    )


class DeleteBids(ItemKey):
    operation: Literal["DELETE"]


class UpsertBids(ItemKey):
    operation: Literal["UPSERT"]
    bid_options: BidOptions
    update_mask: list[Mask] | None = Field(description="null: all")


ItemBid = Annotated[UpsertBids | DeleteBids, Field(discriminator="operation")]


class GetItemBids(OperationInput):
    ad_account_id: AdAccountId | None = Field(default=None, description="For bids in its currency")
    catalog_id: Id = Field(description="From list_catalogs")
    items: list[ItemKey] = Field(min_length=1, max_length=1000)


class SetItemBids(WriteInput):
    ad_account_id: AdAccountId | None = Field(default=None, description="For bids in its currency")
    catalog_id: Id = Field(description="From list_catalogs")
    items: list[ItemBid] = Field(min_length=1, max_length=1000)


_op = partial(Operation, toolset="shopping", view=ITEM_BID, query=("ad_account_id",), key="item_id")

OPERATIONS = (
    _op(
        name="get_item_bids",
        description="Bid options of catalog items (by id, country, language) in shopping ads.",
        operation_id="advanced_auction_items_get/post",
        input=GetItemBids,
        lists=True,
    ),
    _op(
        name="set_item_bids",
        description="Set (UPSERT) or delete catalog items' own bids and bid multipliers.",
        operation_id="advanced_auction_items_submit/post",
        input=SetItemBids,
        items="items",
        change="update",
        reversible=False,  # an UPSERT of null options is no DELETE: the plan shows the options to set back
        current=Current(
            read="get_item_bids",
            args=(("ad_account_id", "ad_account_id"), ("catalog_id", "catalog_id")),
            each=("items", ("item_id", "country", "language")),
        ),
    ),
)
