"""Targeting templates: saved targeting an ad group takes whole, by `targeting_template_ids`.

Pinterest changes and removes a template with one operation (`operation_type` UPDATE or REMOVE).
Only UPDATE is a tool: a removal is a delete, and one operation record cannot be planned as both
an update and a delete, so templates are removed in Ads Manager.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema

from pinterest_mcp.operations.keywords import MatchType
from pinterest_mcp.operations.write_shapes import TARGETING_KEYS, TrackingUrls, check_object
from pinterest_mcp.registry.inputs import AdAccountId, Id, NotNull, OperationInput, Order, Page, Shallow, WriteInput
from pinterest_mcp.registry.records import Current, Operation, View

TEMPLATE = View(
    kind="targeting_template",
    default_fields=("id", "name", "status", "targeting_attributes", "placement_group", "auto_targeting_enabled"),
)
Attributes = Annotated[
    dict[str, Any],
    Shallow,
    AfterValidator(lambda value: check_object("targeting_attributes", value, TARGETING_KEYS)),
    WithJsonSchema({"type": "object", "description": 'e.g. {"GEO":["US"],"AGE_BUCKET":["25-34"]}'}),
]
"""Checked key by key with the spec's enums before any plan, as ad groups' targeting_spec is (`write_shapes`)."""


def _update(given: Any) -> Any:
    return "UPDATE" if given is None else given


# The body's `operation_type`, never an argument: always UPDATE (a null, as undo_change reads it, too).
UpdateOnly = Annotated[SkipJsonSchema[Literal["UPDATE"]], BeforeValidator(_update)]


class ListTargetingTemplates(Page):
    ad_account_id: AdAccountId
    order: Order = None
    search_query: Annotated[str | None, NotNull] = Field(default=None, description="Only names containing it")
    include_sizing: Annotated[bool | None, NotNull] = Field(default=None, description="Add the reach estimate")


class TemplateKeyword(OperationInput):
    value: str
    match_type: MatchType


class CreateTargetingTemplate(WriteInput):
    ad_account_id: AdAccountId
    name: str
    targeting_attributes: Attributes
    auto_targeting_enabled: Annotated[bool | None, NotNull] = None
    placement_group: Annotated[Literal["ALL", "SEARCH", "BROWSE", "OTHER"] | None, NotNull] = None
    keywords: Annotated[list[TemplateKeyword] | None, NotNull] = Field(default=None, max_length=100)
    tracking_urls: Annotated[TrackingUrls | None, NotNull] = None


class UpdateTargetingTemplate(WriteInput):
    ad_account_id: AdAccountId
    id: Id
    targeting_attributes: Attributes
    operation_type: UpdateOnly = "UPDATE"


_op = partial(Operation, toolset="targeting", view=TEMPLATE)

OPERATIONS = (
    _op(
        name="list_targeting_templates",
        description="Saved targeting templates of an ad account.",
        operation_id="targeting_template/list",
        input=ListTargetingTemplates,
        lists=True,
    ),
    _op(
        name="create_targeting_template",
        description="Save targeting (and keywords) as a template ad groups can use.",
        operation_id="targeting_template/create",
        input=CreateTargetingTemplate,
        change="create",
    ),
    _op(
        name="update_targeting_template",
        description="Replace a template's targeting_attributes.",
        operation_id="targeting_template/update",
        input=UpdateTargetingTemplate,
        change="update",
        current=Current(read="list_targeting_templates", args=(("ad_account_id", "ad_account_id"),)),
    ),
)
