"""Conversions: the Pinterest tags on an advertiser's site and the events ad groups can optimise for.

A WEB_CONVERSION ad group names a conversion tag and event in its `optimization_goal_metadata`;
these reads say which exist. Creating a tag returns the code snippet to put on the site.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

from pydantic import Field

from pinterest_mcp.registry.inputs import AdAccountId, Id, NotNull, OperationInput, Order, Page, Projection, WriteInput
from pinterest_mcp.registry.records import Operation, View

TAG = View(
    kind="conversion_tag", default_fields=("id", "name", "status", "last_fired_time_ms", "enhanced_match_status")
)
CREATED = View(kind="conversion_tag", default_fields=(*TAG.default_fields, "code_snippet"))
EVENT = View(kind="conversion_event", default_fields=("conversion_tag_id", "conversion_event", "created_time"))


class ListConversionTags(Projection):
    ad_account_id: AdAccountId
    filter_deleted: Annotated[bool | None, NotNull] = Field(default=None, description="Leave out deleted tags")


class GetConversionTag(Projection):
    ad_account_id: AdAccountId
    conversion_tag_id: Id


class OfAdAccount(OperationInput):
    ad_account_id: AdAccountId


class ListPageVisitEvents(Page):
    ad_account_id: AdAccountId
    order: Order = None


class CreateConversionTag(WriteInput):
    ad_account_id: AdAccountId
    name: str = Field(min_length=1, max_length=255)
    aem_enabled: Annotated[bool | None, NotNull] = Field(
        default=None,
        description="Enhanced match: emails; aem_*: fnln names, ph phone, ge gender, db birthdate, loc location",
    )
    aem_fnln_enabled: Annotated[bool | None, NotNull] = None
    aem_ph_enabled: Annotated[bool | None, NotNull] = None
    aem_ge_enabled: Annotated[bool | None, NotNull] = None
    aem_db_enabled: Annotated[bool | None, NotNull] = None
    aem_loc_enabled: Annotated[bool | None, NotNull] = None
    aem_external_id_enabled: Annotated[bool | None, NotNull] = None
    md_frequency: Annotated[float | None, NotNull] = Field(default=None, ge=0, description="Default 1")


_read = partial(Operation, toolset="conversions")

OPERATIONS = (
    _read(
        name="list_conversion_tags",
        description='Pinterest tags of an ad account; get_conversion_tag with fields=["code_snippet"] for the code.',
        operation_id="conversion_tags/list",
        input=ListConversionTags,
        lists=True,
        view=TAG,
    ),
    _read(
        name="get_conversion_tag",
        description="One conversion tag by id.",
        operation_id="conversion_tags/get",
        input=GetConversionTag,
        view=TAG,
    ),
    _read(
        name="get_ocpm_eligible_conversion_tags",
        title="Get oCPM-eligible conversion tags",
        description="Tag events a WEB_CONVERSION ad group can optimise for, by tag.",
        operation_id="ocpm_eligible_conversion_tags/get",
        input=OfAdAccount,
    ),
    _read(
        name="list_page_visit_conversion_tags",
        description="Page-visit events of the ad account's conversion tags.",
        operation_id="page_visit_conversion_tags/get",
        input=ListPageVisitEvents,
        lists=True,
        view=EVENT,
    ),
    _read(
        name="list_advertiser_defined_events",
        title="List advertiser-defined events",
        description="Custom conversion events and the standard type each maps to.",
        operation_id="advertiser_defined_events/get",
        input=OfAdAccount,
        lists=True,
    ),
    _read(
        name="list_conversion_event_quality",
        description="Event quality score of the conversions Pinterest receives, per source and platform.",
        operation_id="conversion_eqs/list",
        lists=True,
    ),
    _read(
        name="create_conversion_tag",
        description="Create a Pinterest tag; the answer holds its code snippet.",
        operation_id="conversion_tags/create",
        input=CreateConversionTag,
        view=CREATED,
        change="create",
    ),
)
