"""Shopping: product group promotions (the catalog product groups a shopping ad group promotes) and their metrics.

A promotion belongs to one ad group of a CATALOG_SALES campaign. Writes carry the ad group beside
a list of promotions (1-30 here), answered item by item like the ads bulk writes, and creates
default to PAUSED, so a new product group does not start spending unasked.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from pinterest_mcp.api.fanout import MAX_IDS, Batched
from pinterest_mcp.operations.analytics import METRICS, MetricsQuery
from pinterest_mcp.registry.inputs import (
    ALL_STATUSES,
    AdAccountId,
    EntityStatuses,
    Id,
    IdList,
    Micro,
    NotNull,
    OperationInput,
    Order,
    Page,
    Projection,
    SpecEnum,
    Vocabulary,
    WriteInput,
    id_list,
)
from pinterest_mcp.registry.records import Current, Operation, View
from pinterest_mcp.spec.facts import vocabulary

PROMOTION = View(
    kind="product_group_promotion",
    default_fields=(
        "id", "ad_group_id", "catalog_product_group_id", "catalog_product_group_name", "status",
        "bid_in_micro_currency", "included",
    ),
    money=("bid_in_micro_currency",),
    currency="ad_account",
)  # fmt: skip
ShoppingStatus = Literal["ACTIVE", "PAUSED", "ARCHIVED"]


# How the promoted products show: creative type, collection header and hero, slideshow text, media. The
# longer enums are checked, not published (each costs every `tools/list`); an error names the closest values.
CREATIVE_TYPES = Vocabulary("creative type", frozenset(vocabulary("creative_types")))
HEADERS = Vocabulary("collections header type", frozenset(vocabulary("collection_header_types")))
PROMOTION_CTAS = Vocabulary("call to action", frozenset(vocabulary("promotion_cta_types")))


class _Creative(OperationInput):
    creative_type: Annotated[Annotated[str, AfterValidator(CREATIVE_TYPES.check), CREATIVE_TYPES] | None, NotNull] = (
        None
    )
    collections_header_type: Annotated[str, AfterValidator(HEADERS.check), HEADERS] | None = None
    collections_hero_pin_id: Id | None = None
    collections_hero_destination_url: str | None = None
    slideshow_collections_title: str | None = None
    slideshow_collections_description: str | None = None
    customizable_cta_type: Annotated[str, AfterValidator(PROMOTION_CTAS.check), PROMOTION_CTAS] | None = None
    preferred_media_type: Annotated[str, SpecEnum("preferred_media_types")] | None = None
    selected_image_tag: str | None = None
    selected_video_tag: str | None = None
    is_generate_background: bool | None = None
    is_mdl: bool | None = None


class NewPromotion(_Creative):
    catalog_product_group_id: Id
    status: Literal["ACTIVE", "PAUSED"] = "PAUSED"
    bid_in_micro_currency: Annotated[Micro | None, NotNull] = None
    included: Annotated[bool | None, NotNull] = Field(default=None, description="false excludes the group")
    tracking_url: Annotated[str | None, NotNull] = None


class PromotionChange(_Creative):
    id: Id
    status: Annotated[ShoppingStatus | None, NotNull] = None
    bid_in_micro_currency: Micro | None = Field(default=None, description="null: the ad group's bid")
    included: Annotated[bool | None, NotNull] = None
    tracking_url: str | None = None


def _bulk(what: str) -> Any:
    return Field(min_length=1, max_length=30, description=f"1-30 {what}")


class ListPromotions(Page):
    ad_account_id: AdAccountId
    ad_group_id: Id | None = None
    product_group_promotion_ids: IdList = id_list()
    entity_statuses: EntityStatuses
    order: Order = None


class GetPromotion(Projection):
    ad_account_id: AdAccountId
    product_group_promotion_id: Id


class CreatePromotions(WriteInput):
    ad_account_id: AdAccountId
    ad_group_id: Id = Field(description="A CATALOG_SALES ad group")
    product_group_promotion: list[NewPromotion] = _bulk("product groups")


class UpdatePromotions(WriteInput):
    ad_account_id: AdAccountId
    ad_group_id: Id
    product_group_promotion: list[PromotionChange] = _bulk("promotions: id and what changes")


class ProductGroupMetrics(MetricsQuery):
    ad_account_id: AdAccountId
    product_group_ids: Annotated[list[Id], Batched(250), Field(min_length=1, max_length=MAX_IDS)] = Field(
        description="From list_product_group_promotions"
    )


_op = partial(Operation, toolset="shopping", view=PROMOTION)

OPERATIONS = (
    _op(
        name="list_product_group_promotions",
        description="Product groups that shopping ad groups promote.",
        operation_id="product_group_promotions/list",
        input=ListPromotions,
        lists=True,
    ),
    _op(
        name="get_product_group_promotion",
        description="One product group promotion by id.",
        operation_id="product_group_promotions/get",
        input=GetPromotion,
    ),
    _op(
        name="create_product_group_promotions",
        description="Promote 1-30 catalog product groups in a shopping ad group (PAUSED unless set).",
        operation_id="product_group_promotions/create",
        input=CreatePromotions,
        items="product_group_promotion",
        change="create",
    ),
    _op(
        name="update_product_group_promotions",
        description="Change 1-30 promotions of an ad group: status, bid, included.",
        operation_id="product_group_promotions/update",
        input=UpdatePromotions,
        items="product_group_promotion",
        change="update",
        current=Current(
            read="list_product_group_promotions",
            args=(("ad_account_id", "ad_account_id"),),
            ids="product_group_promotion_ids",
            fixed=(("entity_statuses", list(ALL_STATUSES)),),
        ),
    ),
)

ANALYTICS = (
    Operation(
        name="get_product_group_analytics",
        title="Product group analytics",
        description="Spend and performance per promoted catalog product group, as a table.",
        operation_id="product_groups/analytics",
        input=ProductGroupMetrics,
        toolset="analytics_breakdowns",
        view=METRICS,
    ),
)
