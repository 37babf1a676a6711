"""Keywords: the search terms campaigns and ad groups target (or exclude, for the *_NEGATIVE types).

Pinterest has no read of one keyword by id, only lists per parent, so archiving (the one change
`keywords/update` still makes: bids are deprecated) takes the keywords' parent as plan context:
the plan reads that parent's keywords to show what goes, and the parent is never sent.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from pinterest_mcp.registry.inputs import (
    AdAccountId,
    CommaSeparated,
    Id,
    IdList,
    OperationInput,
    Page,
    WriteInput,
    id_list,
)
from pinterest_mcp.registry.records import Current, Operation, View

KEYWORD = View(kind="keyword", default_fields=("id", "value", "match_type", "parent_id", "parent_type", "archived"))
MatchType = Literal["BROAD", "PHRASE", "EXACT", "EXACT_NEGATIVE", "PHRASE_NEGATIVE"]


class ListKeywords(Page):
    ad_account_id: AdAccountId
    campaign_id: Id | None = None
    ad_group_id: Id | None = None
    ad_group_ids: IdList = id_list()
    match_types: list[MatchType] | None = Field(default=None, min_length=1, max_length=5)


class GetKeywordMetrics(OperationInput):
    ad_account_id: AdAccountId
    country_code: str = Field(pattern=r"^[A-Z]{2}$", description="e.g. US")
    keywords: Annotated[list[str], CommaSeparated(), Field(min_length=1, max_length=2000)]


OPERATIONS = (
    Operation(
        name="list_keywords",
        description="Keywords of a campaign or ad group (without either: the ad account's own negatives).",
        operation_id="keywords/get",
        input=ListKeywords,
        toolset="keywords",
        lists=True,
        view=KEYWORD,
    ),
    Operation(
        name="get_keyword_metrics",
        description="Monthly search volume of keywords in one country.",
        operation_id="country_keywords_metrics/get",
        input=GetKeywordMetrics,
        toolset="keywords",
    ),
)


class NewKeyword(OperationInput):
    value: str = Field(min_length=1, max_length=120)
    match_type: MatchType


class CreateKeywords(WriteInput):
    ad_account_id: AdAccountId
    parent_id: str = Field(pattern=r"^((AG)|C)?[0-9]+$", description="Ad group, campaign or ad account id")
    keywords: list[NewKeyword] = Field(min_length=1, max_length=100)


class ArchivedKeyword(OperationInput):
    id: Id
    archived: Literal[True] = True


class UpdateKeywords(WriteInput):
    LOCAL: ClassVar[frozenset[str]] = frozenset({"campaign_id", "ad_group_id"})

    ad_account_id: AdAccountId
    ad_group_id: Id | None = Field(default=None, description="The keywords' parent (neither: the ad account)")
    campaign_id: Id | None = None
    keywords: list[ArchivedKeyword] = Field(min_length=1, max_length=100)


WRITE_OPERATIONS = (
    Operation(
        name="create_keywords",
        description="Add 1-100 keywords to an ad group; campaigns and the ad account take *_NEGATIVE (excluded) only.",
        operation_id="keywords/create",
        input=CreateKeywords,
        toolset="keywords",
        items="keywords",
        view=KEYWORD,
        change="create",
    ),
    Operation(
        name="update_keywords",
        title="Archive keywords",
        description="Archive keywords of one ad group, campaign or the ad account.",
        operation_id="keywords/update",
        input=UpdateKeywords,
        toolset="keywords",
        items="keywords",
        view=KEYWORD,
        change="update",
        reversible=False,  # archiving is permanent
        current=Current(
            read="list_keywords",
            args=(("ad_account_id", "ad_account_id"), ("ad_group_id", "ad_group_id"), ("campaign_id", "campaign_id")),
        ),
    ),
)
