"""Advanced auction: a catalog item's own bid (and bid multipliers by app type and placement) in shopping ads.

Both operations are POSTs: `items/get` only reads (its scopes are read scopes, so the tool is
read-only), `items/submit` sets or deletes bid options item by item. A bid is money in
micro-units of the ad account's currency, shown in currency units in plans; the ad account is
asked for (Pinterest takes it optionally) so the plan knows that currency. An UPSERT changes the
options it sends: without an `update_mask` the mask is what the item sets.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, model_validator

from pinterest_mcp.registry.inputs import AdAccountId, Id, Micro, OperationInput, Vocabulary, WriteInput
from pinterest_mcp.registry.records import Current, Operation, View
from pinterest_mcp.spec.facts import vocabulary

ITEM_BID = View(
    kind="item_bid",
    default_fields=("item_id", "country", "language", "bid_options", "errors"),
    money=("bid_in_micro_currency",),
    currency="ad_account",
)
COUNTRIES = Vocabulary("country", frozenset(vocabulary("catalog_countries")))
LANGUAGES = Vocabulary("language", frozenset(vocabulary("item_languages")))
Country = Annotated[str, AfterValidator(COUNTRIES.check), COUNTRIES, Field(description="US, DE, ...")]
Language = Annotated[str, AfterValidator(LANGUAGES.check), LANGUAGES, Field(description="EN, DE, ...")]
Mask = Literal["BID", "APP_TYPE_BID_MULTIPLIER_SET", "PLACEMENT_BID_MULTIPLIER_SET"]
_MASKED: dict[str, Mask] = {
    "bid_in_micro_currency": "BID",
    "app_type_multipliers": "APP_TYPE_BID_MULTIPLIER_SET",
    "placement_multipliers": "PLACEMENT_BID_MULTIPLIER_SET",
}


class ItemKey(OperationInput):
    item_id: str = Field(min_length=1)
    country: Country
    language: Language


class BidOptions(OperationInput):
    bid_in_micro_currency: Micro | None = None
    app_type_multipliers: (
        dict[Literal["android_mobile", "android_tablet", "ipad", "iphone", "web", "web_mobile"], float] | None
    ) = None
    placement_multipliers: dict[Literal["SEARCH", "BROWSE", "RELATED_PINS"], float] | None = None


class ItemBid(ItemKey):
    operation: Literal["UPSERT", "DELETE"]
    bid_options: BidOptions | None = None
    update_mask: list[Mask] | None = Field(default=None, description="Default: the options sent")

    @model_validator(mode="after")
    def _upsert_names_its_options(self) -> Self:
        """An UPSERT carries options and the mask Pinterest requires; a DELETE only the item."""
        if self.operation == "DELETE":
            if self.bid_options is not None or self.update_mask is not None:
                raise ValueError("a DELETE item names the item only: leave out bid_options and update_mask")
            return self
        if self.bid_options is None:
            raise ValueError("an UPSERT item needs bid_options")
        if self.update_mask is None:
            self.update_mask = [_MASKED[name] for name in _MASKED if name in self.bid_options.model_fields_set]
        return self


class GetItemBids(OperationInput):
    ad_account_id: AdAccountId
    catalog_id: Id = Field(description="From list_catalogs")
    items: list[ItemKey] = Field(min_length=1, max_length=1000)


class SetItemBids(WriteInput):
    ad_account_id: AdAccountId
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
