"""Sales promotions (`promotions/*`): an ad account's offers (20% off, free shipping, a code) shown on its ads.

Not product group promotions (`shopping.py`), which say which catalog product groups a shopping
ad group promotes. A promotion has a title, a type (a spec enum of 23, checked here and not
published: the schema names a few), an optional code and schedule, and up to two template values
(an amount in a currency, or a percent) that fill the type's wording. Creates and edits take 1 to
30 at once, answered item by item; a delete is for good.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

from pydantic import AfterValidator, Field

from pinterest_mcp.registry.inputs import (
    AdAccountId,
    EntityStatus,
    Id,
    NotNull,
    OperationInput,
    UnixTime,
    Vocabulary,
    WriteInput,
)
from pinterest_mcp.registry.records import Current, Operation, View
from pinterest_mcp.spec.facts import vocabulary

OFFER = View(
    kind="promotion",
    default_fields=("id", "promotion_title", "promotion_type", "promotion_code", "status", "discount_status",
                    "start_time", "end_time", "template_values"),
)  # fmt: skip
TYPES = Vocabulary("promotion_type", frozenset(vocabulary("promotion_types")))
PromotionType = Annotated[str, AfterValidator(TYPES.check), TYPES, Field(description="SITEWIDE, FREE_SHIPPING, ...")]


class TemplateValue(OperationInput):
    amount: Annotated[float | None, NotNull] = Field(default=None, ge=0, description="Currency units")
    currency_code: Annotated[str | None, NotNull] = Field(default=None, pattern=r"^[A-Z]{3}$")
    percent: Annotated[float | None, NotNull] = Field(default=None, ge=0, le=100)
    custom_text: Annotated[str | None, NotNull] = None


class Offer(OperationInput):
    """What a create and an edit set (Pinterest's `PromotionCommon`)."""

    promotion_title: Annotated[str | None, NotNull] = None
    promotion_type: Annotated[PromotionType | None, NotNull] = None
    promotion_code: Annotated[str | None, NotNull] = None
    promotion_custom_id: Annotated[str | None, NotNull] = Field(default=None, max_length=50)
    external_id: Annotated[str | None, NotNull] = Field(default=None, max_length=64)
    start_time: Annotated[UnixTime | None, NotNull] = None
    end_time: Annotated[UnixTime | None, NotNull] = None
    template_values: Annotated[list[TemplateValue] | None, NotNull] = Field(default=None, min_length=0, max_length=2)


class NewOffer(Offer):
    promotion_title: str = Field(min_length=1)
    promotion_type: PromotionType


class OfferChange(Offer):
    id: Id
    status: Annotated[EntityStatus | None, NotNull] = None


class CreatePromotions(WriteInput):
    ad_account_id: AdAccountId
    promotions: list[NewOffer] = Field(min_length=1, max_length=30)


class UpdatePromotions(WriteInput):
    ad_account_id: AdAccountId
    promotions: list[OfferChange] = Field(min_length=1, max_length=30)


class DeletePromotion(WriteInput):
    ad_account_id: AdAccountId
    promotion_id: Id


_op = partial(Operation, toolset="shopping", view=OFFER)
_ACCOUNT = (("ad_account_id", "ad_account_id"),)

OPERATIONS = (
    _op(
        name="list_promotions",
        description="Sales promotions (discounts, codes) of an ad account; not product group promotions.",
        operation_id="promotions/list",
        hints={"order": "Sort by id"},
        lists=True,
    ),
    _op(
        name="get_promotion",
        description="One sales promotion by id.",
        operation_id="promotions/get",
    ),
    _op(
        name="create_promotions",
        description="Create sales promotions: title, type, code, schedule, amount or percent off.",
        operation_id="promotions/create",
        input=CreatePromotions,
        body="promotions",
        change="create",
    ),
    _op(
        name="update_promotions",
        description="Edit sales promotions by id: title, code, schedule, values, status.",
        operation_id="promotions/update",
        input=UpdatePromotions,
        body="promotions",
        change="update",
        current=Current(read="list_promotions", args=_ACCOUNT),
    ),
    _op(
        name="delete_promotion",
        description="Delete a sales promotion for good.",
        operation_id="promotions/delete",
        input=DeletePromotion,
        destructive=True,
        change="delete",
        current=Current(read="get_promotion", args=(*_ACCOUNT, ("promotion_id", "promotion_id"))),
    ),
)
