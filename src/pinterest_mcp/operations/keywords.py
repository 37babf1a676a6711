"""Keywords: the search terms campaigns and ad groups target (or exclude, for the *_NEGATIVE types)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pinterest_mcp.inputs import AdAccountId, Id, IdList, OperationInput, Page, WriteInput, id_list
from pinterest_mcp.registry import Operation, View

KEYWORD = View(kind="keyword", default_fields=("id", "value", "match_type", "parent_id", "parent_type", "archived"))
MatchType = Literal["BROAD", "PHRASE", "EXACT", "EXACT_NEGATIVE", "PHRASE_NEGATIVE"]


class ListKeywords(Page):
    ad_account_id: AdAccountId
    campaign_id: Id | None = None
    ad_group_id: Id | None = None
    ad_group_ids: IdList = id_list()
    match_types: list[MatchType] | None = Field(default=None, min_length=1, max_length=5)


OPERATIONS = (
    Operation(
        name="list_keywords",
        title="List keywords",
        description="Keywords of a campaign or ad group (without either: the ad account's own negatives).",
        operation_id="keywords/get",
        input=ListKeywords,
        toolset="keywords",
        lists=True,
        view=KEYWORD,
    ),
)


class NewKeyword(OperationInput):
    value: str = Field(min_length=1, max_length=120)
    match_type: MatchType


class CreateKeywords(WriteInput):
    ad_account_id: AdAccountId
    parent_id: str = Field(pattern=r"^((AG)|C)?[0-9]+$", description="Ad group, campaign or ad account id")
    keywords: list[NewKeyword] = Field(min_length=1, max_length=100)


WRITE_OPERATIONS = (
    Operation(
        name="create_keywords",
        title="Create keywords",
        description="Add 1-100 keywords to an ad group; campaigns and the ad account take *_NEGATIVE (excluded) only.",
        operation_id="keywords/create",
        input=CreateKeywords,
        toolset="keywords",
        items="keywords",
        view=KEYWORD,
        change="create",
    ),
)
