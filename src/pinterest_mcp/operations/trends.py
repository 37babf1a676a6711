"""Trends and term ideas: what people search for on Pinterest, to choose keywords before buying them.

Trending keywords are read by region and trend type (both in the path); related and suggested
terms expand a seed term. These need no ad account, so they sit beside the keyword tools.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, Field, WithJsonSchema

from pinterest_mcp.registry.inputs import OperationInput, Vocabulary
from pinterest_mcp.registry.records import Operation
from pinterest_mcp.spec.facts import request_parameters, vocabulary

Region = Literal[
    "US", "CA", "DE", "FR", "ES", "IT", "DE+AT+CH", "GB+IE", "IT+ES+PT+GR+MT", "PL+RO+HU+SK+CZ",
    "SE+DK+FI+NO", "NL+BE+LU", "AR", "BR", "CO", "MX", "MX+AR+CO+CL", "AU+NZ",
]  # fmt: skip
TrendType = Literal["growing", "monthly", "yearly", "seasonal"]
Interest = Literal[
    "animals", "architecture", "art", "beauty", "childrens_fashion", "design", "diy_and_crafts", "education",
    "electronics", "entertainment", "event_planning", "finance", "food_and_drinks", "gardening", "health",
    "home_decor", "mens_fashion", "parenting", "quotes", "sport", "travel", "vehicles", "wedding", "womens_fashion",
]  # fmt: skip
REGIONS = Vocabulary("region", frozenset(get_args(Region)))
INTERESTS = Vocabulary("interest", frozenset(get_args(Interest)))
Gender = Literal["female", "male", "unknown"]
Age = Literal["18-24", "25-34", "35-44", "45-49", "50-54", "55-64", "65+"]
_KEYWORD = request_parameters("trending_keywords/list")["include_keywords"]["schema"]["items"]
Keyword = Annotated[str, Field(min_length=_KEYWORD["minLength"], max_length=_KEYWORD["maxLength"])]
"""One keyword as long as the spec allows: a longer one is refused here, before anything is sent."""


class ListTrendingKeywords(OperationInput):
    region: Annotated[str, AfterValidator(REGIONS.check), REGIONS] = Field(description="US, GB+IE, DE+AT+CH, ...")
    trend_type: TrendType
    interests: Annotated[list[Annotated[str, AfterValidator(INTERESTS.check)]] | None, INTERESTS] = Field(
        default=None, description="Pinterest's top-level interests: food_and_drinks, home_decor, ..."
    )
    genders: list[Gender] | None = None
    ages: list[Age] | None = None
    include_keywords: list[Keyword] | None = Field(default=None, min_length=1, max_length=50, description="Only these")
    normalize_against_group: bool | None = None
    limit: int | None = Field(default=None, ge=1, le=50)
    include_prediction: bool | None = None
    include_demographics: bool | None = None


class ListRelatedTerms(OperationInput):
    terms: list[str] = Field(min_length=1)


class ListSuggestedTerms(OperationInput):
    term: str = Field(min_length=1)
    limit: int | None = Field(default=None, ge=1, le=10, description="Default 4")


MarketRegion = Literal["US", "GB+IE", "CA"]


CATEGORIES = Vocabulary("product category", frozenset(vocabulary("product_categories")))
Lookback = Annotated[Literal[90, 180, 365, 730] | None, WithJsonSchema({"type": "number", "enum": [90, 180, 365, 730]})]


class ListProductCategoryDetails(OperationInput):
    region: MarketRegion
    product_categories: Annotated[list[Annotated[str, AfterValidator(CATEGORIES.check)]], CATEGORIES] = Field(
        min_length=1, max_length=20, description="Pinterest's product categories: BAKEWARE, CANDLES, ..."
    )
    engagement_type: Literal["ENGAGEMENT", "OUTBOUND_CLICK", "SAVE"] | None = None
    lookback_window: Lookback = Field(default=None, description="Days; default 365")


_read = partial(Operation, toolset="keywords")

OPERATIONS = (
    _read(
        name="list_trending_keywords",
        description="Top search trends in a region: growing, monthly, yearly or seasonal.",
        operation_id="trending_keywords/list",
        input=ListTrendingKeywords,
    ),
    _read(
        name="list_related_terms",
        description="Search terms related to each given term.",
        operation_id="terms_related/list",
        input=ListRelatedTerms,
    ),
    _read(
        name="list_suggested_terms",
        description="Popular searches that complete a term.",
        operation_id="terms_suggested/list",
        input=ListSuggestedTerms,
        lists=True,
    ),
    _read(
        name="list_featured_trend_topics",
        description="Pinterest's featured trending topics per interest, with growth and related searches.",
        operation_id="trends_featured_topics/list",
        lists=True,
    ),
    _read(
        name="list_trending_product_categories",
        description="Product categories gaining engagement in a region, month over month.",
        operation_id="trends_product_categories_trending/list",
        lists=True,
    ),
    _read(
        name="list_product_category_trends",
        description="Weekly interest in given product categories in a region, with related searches.",
        operation_id="trends_product_categories_details/list",
        input=ListProductCategoryDetails,
        lists=True,
    ),
)
