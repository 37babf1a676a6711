"""Bulk requests: many ads entities created or changed, or downloaded, in one asynchronous request.

`bulk_upsert` sends campaigns, ad groups, ads and keywords to create and to change in one body;
Pinterest answers a request id at once and applies the items in the background.
`create_bulk_download` asks for an ad account's entities (by type, ids, a campaign filter, changed
since). `get_bulk_request` polls either: RUNNING, then SUCCEEDED or FAILED with a link to the
result file; `run_bulk_download` (`server/composite/bulk_download.py`) does the whole round trip with progress.

Items take the fields of `create_campaigns`, `update_ad_groups` and the rest, validated with the
same models (the same PAUSED default, the same checks), but their published schema is one line:
the model already has those tools' schemas, and repeating them would cost thousands of tokens.
The plan summarises counts per kind and action rather than showing every object, with the
warnings of the single writes: what is created or set ACTIVE, budgets and caps set or removed,
archiving being permanent; a zero budget or one above `--max-budget` is refused. A bulk update is
not compared with the entities' current values (the plan reads nothing), so the budget increase
limit is checked only by the `update_*` tools, and the plan says so wherever a budget or bid changes.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, Literal, Self

from pydantic import Field, WithJsonSchema, model_validator

from pinterest_mcp.operations.ads_writes import (
    AdChange,
    AdGroupChange,
    CampaignChange,
    NewAd,
    NewAdGroup,
    NewCampaign,
    ObjectiveType,
)
from pinterest_mcp.operations.keywords import ArchivedKeyword, NewKeyword
from pinterest_mcp.operations.reports import Text
from pinterest_mcp.registry.inputs import AdAccountId, Id, NotNull, OperationInput, WriteInput
from pinterest_mcp.registry.records import Operation, View

MAX_ITEMS = 1000
"""Items of one kind per request: our bound (the spec states none); the plan's size limit applies too."""
EntityType = Literal["CAMPAIGN", "AD_GROUP", "PRODUCT_GROUP", "AD", "KEYWORD", "LABEL", "SCHEDULE"]
CampaignStatus = Literal[
    "RUNNING", "PAUSED", "NOT_STARTED", "COMPLETED", "ADVERTISER_DISABLED", "ARCHIVED", "DRAFT", "DELETED_DRAFT"
]
Digits = Annotated[str, Field(pattern=r"^[0-9]+$")]
"""A Unix time as the bulk download body states it: digits in a string."""


def _items(what: str) -> Any:
    return Field(default=None, min_length=1, max_length=MAX_ITEMS, description=what)


class KeywordSet(OperationInput):
    """Keywords for one parent: an ad group, a campaign (C…) or the ad account (negatives only there)."""

    parent_id: str = Field(pattern=r"^((AG)|C)?[0-9]+$")
    keywords: list[NewKeyword] = Field(min_length=1, max_length=MAX_ITEMS)


class UpsertCreate(OperationInput):
    campaigns: Annotated[list[NewCampaign] | None, NotNull] = _items("as create_campaigns")
    ad_groups: Annotated[list[NewAdGroup] | None, NotNull] = _items("as create_ad_groups")
    ads: Annotated[list[NewAd] | None, NotNull] = _items("as create_ads")
    keywords: Annotated[list[KeywordSet] | None, NotNull] = _items("[{parent_id, keywords}]")


class UpsertUpdate(OperationInput):
    campaigns: Annotated[list[CampaignChange] | None, NotNull] = _items("as update_campaigns")
    ad_groups: Annotated[list[AdGroupChange] | None, NotNull] = _items("as update_ad_groups")
    ads: Annotated[list[AdChange] | None, NotNull] = _items("as update_ads")
    keywords: Annotated[list[ArchivedKeyword] | None, NotNull] = _items("[{id}]: archive")


KINDS = (("campaigns", "campaign"), ("ad_groups", "ad_group"), ("ads", "ad"), ("keywords", "keyword"))
_SECTION = "campaigns, ad_groups, ads, keywords"
Creates = Annotated[
    UpsertCreate | None,
    NotNull,
    WithJsonSchema(
        {"type": "object", "description": f"{_SECTION}: fields as create_* (keywords: parent_id, keywords)"}
    ),
]
Updates = Annotated[
    UpsertUpdate | None,
    NotNull,
    WithJsonSchema({"type": "object", "description": f"{_SECTION}: fields as update_* (keywords: id, archived)"}),
]


class BulkUpsert(WriteInput):
    ad_account_id: AdAccountId
    create: Creates = None
    update: Updates = None

    @model_validator(mode="after")
    def _something_to_send(self) -> Self:
        for name in ("create", "update"):
            section = getattr(self, name)
            if section is None:
                continue
            if not any(getattr(section, key) for key, _ in KINDS):
                raise ValueError(f"{name}: give at least one of {_SECTION}")
            for campaign in section.campaigns or ():
                if campaign.ad_account_id not in (None, self.ad_account_id):
                    raise ValueError(f"{name}.campaigns: every item belongs to ad_account_id {self.ad_account_id}")
                campaign.ad_account_id = self.ad_account_id  # Pinterest wants it repeated in each campaign
        if self.create is None and self.update is None:
            raise ValueError("create or update: give at least one")
        return self


class CampaignFilter(OperationInput):
    campaign_status: list[CampaignStatus] | None = Field(default=None, min_length=1)
    objective_type: list[ObjectiveType] | None = Field(default=None, min_length=1)
    name: str | None = None
    start_time: Digits | None = None
    end_time: Digits | None = None


Filter = Annotated[
    CampaignFilter | None,
    NotNull,
    WithJsonSchema({"type": "object", "description": "campaign_status, objective_type (lists), name, *_time"}),
]
"""Checked field by field, published in one line: the statuses and objectives are the spec's enums."""
EntityTypes = Annotated[list[EntityType] | None, Field(default=None, min_length=1, max_length=6)]
EntityIds = Annotated[list[Id] | None, Field(default=None, min_length=1, description="These and their children")]


class BulkDownload(OperationInput):
    """What to download; Pinterest returns data for active entities only, and fewer types are faster."""

    ad_account_id: AdAccountId
    entity_types: EntityTypes
    entity_ids: EntityIds
    campaign_filter: Filter = None
    updated_since: Digits | None = None
    output_format: Literal["JSON", "CSV"] | None = None


class BulkRequest(OperationInput):
    ad_account_id: AdAccountId
    bulk_request_id: Text
    include_details: bool | None = Field(default=None, description="Per-item details in the file")


class RunBulkDownload(OperationInput):
    """`run_bulk_download`: a download by type and ids, or a bulk request already made; then its counts.

    The other download filters stay with `create_bulk_download`, whose request id this waits for.
    """

    ad_account_id: AdAccountId
    entity_types: EntityTypes
    entity_ids: EntityIds
    request_id: Text | None = Field(default=None, description="Wait for this request (download or upsert)")
    rows: int = Field(default=5, ge=0, le=100, description="Rows shown per kind; the file has all")

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        made = {"entity_types", "entity_ids"} & self.model_fields_set
        if self.request_id is not None and made:
            raise ValueError(f"request_id: waits for a request already made; leave out {', '.join(sorted(made))}")
        return self


BULK_REQUEST = View(kind="bulk_request", default_fields=("request_id",))

UPSERT = Operation(
    name="bulk_upsert",
    title="Bulk create and update",
    description="Create and change campaigns, ad groups, ads and keywords in one async request; "
    "run_bulk_download request_id= waits for its result.",
    operation_id="bulk_upsert/create",
    input=BulkUpsert,
    toolset="ads_manage",
    view=BULK_REQUEST,
    change="create",
    key="request_id",
    summarised=True,
)

_report = partial(Operation, toolset="reports")

WRITE_OPERATIONS = (UPSERT,)
OPERATIONS = (
    _report(
        name="create_bulk_download",
        title="Start a bulk download",
        description="Start an async export of campaigns, ad groups, ads, keywords... (active ones); "
        "get_bulk_request polls it.",
        operation_id="bulk_download/create",
        input=BulkDownload,
    ),
    _report(
        name="get_bulk_request",
        title="Bulk request status",
        description="Status of a bulk download or upsert: RUNNING, SUCCEEDED or FAILED, with the result file link.",
        operation_id="bulk_request/get",
        input=BulkRequest,
    ),
)
