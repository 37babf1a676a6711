"""Catalogs: the product feed a shopping advertiser's product groups are cut from, read and managed.

Product groups are what shopping ad groups promote (`list_product_group_promotions` names them by
`catalog_product_group_id`); the reads say what each holds. The writes (`catalogs_manage`) add a
catalog, its feeds (ingested on demand, with processing results and item issues to read), its
items in batches, and product groups cut from its items by filters.

A feed's `credentials` (the basic-auth login Pinterest fetches the file with) are secrets: every
request body and answer shows them as withheld (`registry/privacy.py`), and the values are
registered for redaction the moment they are validated, so no error or log line repeats them.
Bodies take Pinterest's catalog-based (vertical) form, naming the catalog, with `catalog_type`
RETAIL filled in here rather than asked of the model.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from pinterest_mcp.api.redaction import remember
from pinterest_mcp.registry.inputs import (
    MAX_BOOKMARK,
    BusinessAdAccountId,
    CommaSeparated,
    Id,
    NotNull,
    OperationInput,
    Page,
    Vocabulary,
    WriteInput,
)
from pinterest_mcp.registry.records import Current, Operation, View
from pinterest_mcp.spec.facts import vocabulary

COUNTRIES = Vocabulary("country", frozenset(vocabulary("catalog_countries")))
LOCALES = Vocabulary("language", frozenset(vocabulary("catalog_locales")))
CURRENCIES = Vocabulary("currency", frozenset(vocabulary("catalog_currencies")))
ISSUES = Vocabulary("item_validation_issue", frozenset(vocabulary("catalog_item_issues")))
Country = Annotated[Annotated[str, AfterValidator(COUNTRIES.check)], COUNTRIES]
Locale = Annotated[Annotated[str, AfterValidator(LOCALES.check)], LOCALES]
Currency = Annotated[Annotated[str, AfterValidator(CURRENCIES.check)], CURRENCIES]
Retail = SkipJsonSchema[Literal["RETAIL"]]
"""The catalog type of every body here: sent, never asked (hotel and creative-asset catalogs are not offered)."""


class ListFilterValues(OperationInput):
    catalog_id: Id = Field(description="From list_catalogs")
    ad_account_id: BusinessAdAccountId
    feed_id: Id | None = None
    country: Annotated[Country | None, COUNTRIES] = Field(default=None, description="US, DE, ...")
    language: Annotated[Locale | None, LOCALES] = Field(default=None, description="en-US, ...")


_GROUP = {"product_group_id": "A promotion's catalog_product_group_id"}
_FEED = {"feed_id": "From list_catalog_feeds"}
_read = partial(Operation, toolset="catalogs")

FEED = View(kind="catalog_feed", default_fields=("id", "name", "status", "format", "location", "default_country"))
PRODUCT_GROUP = View(kind="catalog_product_group", default_fields=("id", "name", "catalog_id", "filters", "status"))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Criterion(_Strict):
    """One filter's test: strings (product types: lists of levels), or a price for MIN_PRICE/MAX_PRICE."""

    values: list[str] | list[list[str]] | float
    negated: bool | None = None
    inclusion: bool | None = None


class _Filters(_Strict):
    any_of: Annotated[list[dict[str, _Criterion]] | None, NotNull] = Field(default=None, min_length=1)
    all_of: Annotated[list[dict[str, _Criterion]] | None, NotNull] = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one(self) -> _Filters:
        if (self.any_of is None) == (self.all_of is None):
            raise ValueError("give any_of or all_of, not both")
        for criterion in self.any_of or self.all_of or []:
            if len(criterion) != 1:
                raise ValueError('each criterion is one key, e.g. {"BRAND": {"values": ["Acme"]}}')
        return self


def _filters(value: dict[str, Any]) -> dict[str, Any]:
    """Checked in full here, published as a plain object: the 34 filter keys' schema would cost every turn."""
    _Filters.model_validate(value)
    return value


_FILTERS = '{"all_of"|"any_of": [{"PRODUCT_TYPE_0": {"values": [["pans"]]}}, {"MAX_PRICE": {"values": 50}}]}; BRAND...'
Filters = Annotated[dict[str, Any], AfterValidator(_filters), Field(description=_FILTERS)]


class ListItemIssues(Page):
    processing_result_id: Id = Field(description="From list_feed_processing_results")
    item_numbers: list[int] | None = Field(default=None, description="Rows of the file")
    item_validation_issue: Annotated[Annotated[str, AfterValidator(ISSUES.check)] | None, ISSUES] = Field(
        default=None, description="An issue code, e.g. PRICE_MISSING"
    )
    ad_account_id: BusinessAdAccountId


class ItemFilter(_Strict):
    catalog_type: Retail = "RETAIL"
    catalog_id: Id
    item_ids: list[str] = Field(min_length=1, max_length=100)


class GetItems(OperationInput):
    ad_account_id: BusinessAdAccountId
    country: Country
    language: Locale
    filters: ItemFilter


class ProductsByFilter(Page):
    ad_account_id: BusinessAdAccountId
    catalog_type: Retail = "RETAIL"
    catalog_id: Id
    country: Country
    locale: Locale
    filters: Filters
    pin_metrics: bool | None = None


_PAGED_POST = ("ad_account_id", "bookmark", "page_size", "pin_metrics")


class _Subject(OperationInput):
    # What a catalog report is about, asked flat and sent nested as the spec's `report` object.
    LOCAL: ClassVar[frozenset[str]] = frozenset({"report_type", "feed_id", "processing_result_id", "catalog_id"})

    ad_account_id: BusinessAdAccountId
    report_type: str
    feed_id: Id | None = Field(default=None, description="FEED_INGESTION_ISSUES (required)")
    processing_result_id: Id | None = None
    catalog_id: Id | None = None

    def _report(self) -> dict[str, Any]:
        feed = self.report_type == "FEED_INGESTION_ISSUES"
        if feed and self.feed_id is None:
            raise ValueError("feed_id: required with FEED_INGESTION_ISSUES (from list_catalog_feeds)")
        if not feed and (self.feed_id or self.processing_result_id):
            raise ValueError(f"feed_id, processing_result_id: only with FEED_INGESTION_ISSUES, not {self.report_type}")
        if feed and self.catalog_id:
            raise ValueError("catalog_id: not with FEED_INGESTION_ISSUES (the feed names its catalog)")
        named = {"feed_id": self.feed_id, "processing_result_id": self.processing_result_id}
        named["catalog_id"] = self.catalog_id
        return {"report_type": self.report_type} | {k: v for k, v in named.items() if v is not None}


class CreateReport(_Subject):
    report_type: Literal["FEED_INGESTION_ISSUES", "DISTRIBUTION_ISSUES", "ALL_ITEMS"]
    catalog_type: Retail = "RETAIL"
    report: SkipJsonSchema[dict[str, Any] | None] = None

    @model_validator(mode="after")
    def _nested(self) -> CreateReport:
        self.report = self._report()
        return self


class ReportStats(_Subject):
    # Paged by bookmark alone: a feed has a row per issue code, a page or two, so all_pages, max_items and
    # fields (Page's) would cost every turn for nothing.
    FILLED: ClassVar[frozenset[str]] = frozenset({"parameters"})  # built from the flat arguments, always sent

    report_type: Literal["FEED_INGESTION_ISSUES", "DISTRIBUTION_ISSUES"]
    page_size: int | None = Field(default=None, ge=1, le=250)
    bookmark: str | None = Field(default=None, max_length=MAX_BOOKMARK)
    parameters: SkipJsonSchema[dict[str, Any] | None] = None

    @model_validator(mode="after")
    def _nested(self) -> ReportStats:
        self.parameters = {"catalog_type": "RETAIL", "report": self._report()}
        return self


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
    _read(
        name="list_catalog_feeds",
        description="Feeds (product files Pinterest fetches) of the catalogs.",
        operation_id="feeds/list",
        lists=True,
        view=FEED,
    ),
    _read(
        name="get_catalog_feed",
        description="One feed by id.",
        operation_id="feeds/get",
        hints=_FEED,
        view=FEED,
    ),
    _read(
        name="list_feed_processing_results",
        description="A feed's ingestions, newest first: status, items read and ingested, issue counts.",
        operation_id="feed_processing_results/list",
        hints=_FEED,
        lists=True,
    ),
    _read(
        name="list_catalog_item_issues",
        description="Item-level errors and warnings of one feed processing result.",
        operation_id="items_issues/list",
        input=ListItemIssues,
        lists=True,
    ),
    _read(
        name="get_catalog_items",
        description="Catalog items by item id: attributes and Pins; a missing one says so.",
        operation_id="items/post",
        input=GetItems,
        query=("ad_account_id",),
    ),
    _read(
        name="get_catalog_items_batch",
        description="Status of an item batch, item by item.",
        operation_id="items_batch/get",
        hints={"batch_id": "From upsert_catalog_items"},
    ),
    _read(
        name="list_catalog_products_by_filter",
        description="Products that product group filters would select, before making the group.",
        operation_id="products_by_product_group_filter/list",
        input=ProductsByFilter,
        lists=True,
        query=_PAGED_POST,
    ),
    _read(
        name="create_catalog_report",
        title="Create a catalog report",
        description="Start a report of a feed's ingestion issues, distribution issues or all items; "
        "get_catalog_report polls it.",
        operation_id="reports/create",
        input=CreateReport,
        query=("ad_account_id",),
    ),
    _read(
        name="get_catalog_report",
        title="Catalog report status",
        description="Status and download link of a create_catalog_report token.",
        operation_id="reports/get",
        hints={"token": "From create_catalog_report"},
    ),
    _read(
        name="list_catalog_report_stats",
        description="Issue counts by code, as create_catalog_report would list them, without a file.",
        operation_id="reports/stats",
        input=ReportStats,
        lists=True,
    ),
)


# Writes: every one needs catalogs:write.


class CreateCatalog(WriteInput):
    ad_account_id: BusinessAdAccountId
    catalog_type: Retail = "RETAIL"
    name: str = Field(min_length=1)


class Credentials(_Strict):
    username: str = Field(min_length=1)
    password: str = Field(min_length=1)

    @model_validator(mode="after")
    def _secret(self) -> Credentials:
        remember(self.username, self.password)  # masked wherever text leaves the process, from now on
        return self


Format = Literal["TSV", "CSV", "XML"]
Availability = Literal["IN_STOCK", "OUT_OF_STOCK", "PREORDER"]
_LOCATION = r"^(http|https|ftp|sftp)://"


class Schedule(_Strict):
    time: str = Field(pattern=r"^(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$")
    timezone: str = Field(min_length=1)


class CreateFeed(WriteInput):
    ad_account_id: BusinessAdAccountId
    catalog_type: Retail = "RETAIL"
    catalog_id: Id = Field(description="From list_catalogs")
    name: str = Field(min_length=1)
    format: Format
    location: str = Field(pattern=_LOCATION, max_length=2048, description="The file's URL")
    default_country: Country
    default_locale: Locale
    default_currency: Annotated[Currency | None, NotNull] = None
    default_availability: Annotated[Availability | None, NotNull] = None
    credentials: Annotated[Credentials | None, NotNull] = Field(default=None, description="The file's login")
    preferred_processing_schedule: Annotated[Schedule | None, NotNull] = None
    status: Annotated[Literal["ACTIVE", "INACTIVE"] | None, NotNull] = None


class UpdateFeed(WriteInput):
    ad_account_id: BusinessAdAccountId
    feed_id: Id
    name: Annotated[str | None, NotNull] = Field(default=None, min_length=1)
    format: Annotated[Format | None, NotNull] = None
    location: Annotated[str | None, NotNull] = Field(default=None, pattern=_LOCATION, max_length=2048)
    default_currency: Annotated[Currency | None, NotNull] = None
    default_availability: Annotated[Availability | None, NotNull] = None
    credentials: Annotated[Credentials | None, NotNull] = None
    status: Annotated[Literal["ACTIVE", "INACTIVE"] | None, NotNull] = None


class OneFeed(WriteInput):
    ad_account_id: BusinessAdAccountId
    feed_id: Id


class BatchItem(_Strict):
    item_id: str = Field(min_length=1, max_length=127)
    operation: Literal["UPSERT", "CREATE", "UPDATE", "DELETE"] = "UPSERT"
    attributes: Annotated[dict[str, Any] | None, NotNull] = Field(
        default=None, description="title, link, price ('24.99 USD')..."
    )

    @model_validator(mode="after")
    def _attributes(self) -> BatchItem:
        if (self.attributes is None) != (self.operation == "DELETE"):
            raise ValueError("attributes are given with every operation but DELETE, and only then")
        return self


class UpsertItems(WriteInput):
    ad_account_id: BusinessAdAccountId
    catalog_type: Retail = "RETAIL"
    catalog_id: Id
    country: Country
    language: Locale
    items: list[BatchItem] = Field(min_length=1, max_length=1000)


class NewGroup(_Strict):
    catalog_type: Retail = "RETAIL"
    catalog_id: Id
    name: str = Field(min_length=1)
    filters: Filters
    country: Annotated[Country | None, NotNull] = None
    locale: Annotated[Locale | None, NotNull] = None


class CreateGroup(NewGroup, WriteInput):
    ad_account_id: BusinessAdAccountId


class CreateGroups(WriteInput):
    ad_account_id: BusinessAdAccountId
    product_groups: list[NewGroup] = Field(min_length=1, max_length=1000)


def _maybe_filters(value: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if value is None else _filters(value)


class UpdateGroup(WriteInput):
    ad_account_id: BusinessAdAccountId
    product_group_id: Id
    name: Annotated[str | None, NotNull] = Field(default=None, min_length=1)
    filters: Annotated[dict[str, Any] | None, AfterValidator(_maybe_filters), NotNull] = None


class OneGroup(WriteInput):
    ad_account_id: BusinessAdAccountId
    product_group_id: Id


class SomeGroups(WriteInput):
    ad_account_id: BusinessAdAccountId
    id: Annotated[list[Id], CommaSeparated(), Field(min_length=1, max_length=1000)] = Field(description="Group ids")


_write = partial(Operation, toolset="catalogs_manage", query=("ad_account_id",))
_THE_FEED = Current(read="get_catalog_feed", args=(("feed_id", "feed_id"),))
_THE_GROUP = Current(read="get_catalog_product_group", args=(("product_group_id", "product_group_id"),))

WRITE_OPERATIONS = (
    _write(
        name="create_catalog",
        description="Create an empty retail catalog.",
        operation_id="catalogs/create",
        input=CreateCatalog,
        change="create",
    ),
    _write(
        name="create_catalog_feed",
        description="Add a product feed (a CSV, TSV or XML file Pinterest fetches) to a catalog.",
        operation_id="feeds/create",
        input=CreateFeed,
        view=FEED,
        change="create",
    ),
    _write(
        name="update_catalog_feed",
        description="Change a feed: name, file location, format, schedule, status.",
        operation_id="feeds/update",
        input=UpdateFeed,
        view=FEED,
        change="update",
        current=_THE_FEED,
    ),
    _write(
        name="delete_catalog_feed",
        description="Delete a feed with its processing results and the product groups made on it, for good.",
        operation_id="feeds/delete",
        input=OneFeed,
        view=FEED,
        change="delete",
        current=_THE_FEED,
        destructive=True,
    ),
    _write(
        name="ingest_catalog_feed",
        description="Fetch and ingest a feed now; read the outcome with list_feed_processing_results.",
        operation_id="feeds/ingest",
        input=OneFeed,
        view=View(kind="feed_ingestion", default_fields=("id", "feed_id", "status")),
        change="create",
        bodiless=True,
    ),
    _write(
        name="upsert_catalog_items",
        description="Create, update or delete catalog items in one batch; get_catalog_items_batch tells how it went.",
        operation_id="items_batch/post",
        input=UpsertItems,
        change="create",
        key="batch_id",
    ),
    _write(
        name="create_catalog_product_group",
        description="Make a product group of the catalog items its filters select.",
        operation_id="catalogs_product_groups/create",
        input=CreateGroup,
        view=PRODUCT_GROUP,
        change="create",
    ),
    _write(
        name="create_catalog_product_groups",
        description="Make several product groups at once (all or none).",
        operation_id="catalogs_product_groups/create_many",
        input=CreateGroups,
        body="product_groups",
        change="create",
    ),
    _write(
        name="update_catalog_product_group",
        description="Rename a product group or change its filters.",
        operation_id="catalogs_product_groups/update",
        input=UpdateGroup,
        view=PRODUCT_GROUP,
        change="update",
        current=_THE_GROUP,
    ),
    _write(
        name="delete_catalog_product_group",
        description="Delete a product group, for good; its products stay in the catalog. Refused while promoted.",
        operation_id="catalogs_product_groups/delete",
        input=OneGroup,
        view=PRODUCT_GROUP,
        change="delete",
        current=_THE_GROUP,
        destructive=True,
    ),
    _write(
        name="delete_catalog_product_groups",
        description="Delete several product groups, for good (all or none); their products stay.",
        operation_id="catalogs_product_groups/delete_many",
        input=SomeGroups,
        view=PRODUCT_GROUP,
        change="delete",
        current=Current(read="list_catalog_product_groups", ids="id"),
        destructive=True,
    ),
)
