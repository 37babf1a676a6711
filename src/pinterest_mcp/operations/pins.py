"""Pins: the organic content ads are built from."""

from __future__ import annotations

from functools import partial
from typing import Literal

from pydantic import Field

from pinterest_mcp.inputs import (
    BOARDS_READ,
    PINS_READ,
    BusinessAdAccountId,
    CreativeType,
    Id,
    Page,
    Projection,
)
from pinterest_mcp.registry import Access, Operation, View

PIN = View(
    kind="pin",
    default_fields=(
        "id",
        "title",
        "description",
        "link",
        "board_id",
        "board_section_id",
        "creative_type",
        "created_at",
    ),
)


class ListPins(Page):
    pin_filter: Literal["exclude_native", "exclude_repins", "has_been_promoted"] | None = None
    include_protected_pins: bool | None = Field(default=None, description="Include Pins on ads-only boards")
    pin_type: Literal["PRIVATE"] | None = Field(default=None, description="PRIVATE: only Pins on secret boards")
    creative_types: list[CreativeType] | None = Field(default=None, min_length=1, description="Only these Pin types")
    ad_account_id: BusinessAdAccountId
    pin_metrics: bool | None = Field(default=None, description="Add 90-day and lifetime Pin metrics")


class GetPin(Projection):
    pin_id: Id
    ad_account_id: BusinessAdAccountId
    pin_metrics: bool | None = Field(default=None, description="Add 90-day and lifetime Pin metrics")


_read = partial(
    Operation, access=Access.READ, scopes=(BOARDS_READ, PINS_READ), rate_limit="org_read", toolset="pins", view=PIN
)

OPERATIONS = (
    _read(
        name="list_pins",
        title="List Pins",
        description="Pins you own, newest first.",
        operation_id="pins/list",
        method="GET",
        path="/pins",
        input=ListPins,
        paginated=True,
    ),
    _read(
        name="get_pin",
        title="Get Pin",
        description="One Pin by id, with media and link.",
        operation_id="pins/get",
        method="GET",
        path="/pins/{pin_id}",
        input=GetPin,
    ),
)
