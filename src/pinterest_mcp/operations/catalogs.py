"""Catalogs: the product feed a shopping advertiser's product groups are cut from, read only.

Product groups are what shopping ad groups promote (`list_product_group_promotions` names them by
`catalog_product_group_id`); these reads say what each holds.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

from pydantic import AfterValidator, Field

from pinterest_mcp.registry.inputs import BusinessAdAccountId, Id, OperationInput, Vocabulary
from pinterest_mcp.registry.records import Operation
from pinterest_mcp.spec.facts import vocabulary

COUNTRIES = Vocabulary("country", frozenset(vocabulary("catalog_countries")))
LOCALES = Vocabulary("language", frozenset(vocabulary("catalog_locales")))


class ListFilterValues(OperationInput):
    catalog_id: Id = Field(description="From list_catalogs")
    ad_account_id: BusinessAdAccountId
    feed_id: Id | None = None
    country: Annotated[Annotated[str, AfterValidator(COUNTRIES.check)] | None, COUNTRIES] = Field(
        default=None, description="US, DE, ..."
    )
    language: Annotated[Annotated[str, AfterValidator(LOCALES.check)] | None, LOCALES] = Field(
        default=None, description="en-US, ..."
    )


_GROUP = {"product_group_id": "A promotion's catalog_product_group_id"}
_read = partial(Operation, toolset="catalogs")

OPERATIONS = (
    _read(
        name="list_catalogs",
        description="Product catalogs of the business.",
        operation_id="catalogs/list",
        lists=True,
    ),
    _read(
        name="list_catalog_product_groups",
        description="Product groups of the catalogs: name, filters, status.",
        operation_id="catalogs_product_groups/list",
        lists=True,
    ),
    _read(
        name="get_catalog_product_group",
        description="One product group by id.",
        operation_id="catalogs_product_groups/get",
        hints=_GROUP,
    ),
    _read(
        name="get_catalog_product_group_counts",
        description="How many products a product group holds: in stock, out of stock, preorder.",
        operation_id="catalogs_product_groups/product_counts_get",
        hints=_GROUP,
    ),
    _read(
        name="list_catalog_product_group_products",
        description="Products of a product group: item id, price, availability and its Pin.",
        operation_id="catalogs_product_group_pins/list",
        hints={**_GROUP, "pin_metrics": "Add each Pin's metrics"},
        lists=True,
    ),
    _read(
        name="get_catalog_filter_values",
        description="Values a product group filter can use in a catalog: product types, brands, availability.",
        operation_id="catalogs/available_filter_values",
        input=ListFilterValues,
    ),
)
