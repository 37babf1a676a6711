"""Keywords: the search terms campaigns and ad groups target (or exclude, for the *_NEGATIVE types)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pinterest_mcp.inputs import AdAccountId, Id, IdList, Page, id_list
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
        paginated=True,
        view=KEYWORD,
    ),
)
