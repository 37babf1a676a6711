"""Boards and board sections, and the Pins on them."""

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
from pinterest_mcp.operations.pins import PIN
from pinterest_mcp.registry import Access, Operation, View

BOARD = View(
    kind="board",
    default_fields=("id", "name", "description", "privacy", "pin_count", "follower_count", "is_ads_only"),
)

BOARD_SECTION = View(kind="board_section", default_fields=("id", "name"))


class ListBoards(Page):
    ad_account_id: BusinessAdAccountId
    privacy: Literal["ALL", "PUBLIC", "PROTECTED", "SECRET", "PUBLIC_AND_SECRET"] | None = Field(
        default=None, description="Which boards by privacy (default: public and secret)"
    )


class GetBoard(Projection):
    board_id: Id
    ad_account_id: BusinessAdAccountId


class ListBoardSections(Page):
    board_id: Id
    ad_account_id: BusinessAdAccountId


class ListBoardPins(Page):
    board_id: Id
    creative_types: list[CreativeType] | None = Field(default=None, min_length=1, description="Only these Pin types")
    ad_account_id: BusinessAdAccountId
    pin_metrics: bool | None = Field(default=None, description="Add 90-day and lifetime Pin metrics")


_read = partial(Operation, access=Access.READ, rate_limit="org_read", toolset="boards")

OPERATIONS = (
    _read(
        name="list_boards",
        title="List boards",
        description="Your boards with privacy and Pin counts.",
        operation_id="boards/list",
        method="GET",
        path="/boards",
        input=ListBoards,
        scopes=(BOARDS_READ,),
        paginated=True,
        view=BOARD,
    ),
    _read(
        name="get_board",
        title="Get board",
        description="One board by id.",
        operation_id="boards/get",
        method="GET",
        path="/boards/{board_id}",
        input=GetBoard,
        scopes=(BOARDS_READ,),
        view=BOARD,
    ),
    _read(
        name="list_board_sections",
        title="List board sections",
        description="Sections of a board.",
        operation_id="board_sections/list",
        method="GET",
        path="/boards/{board_id}/sections",
        input=ListBoardSections,
        scopes=(BOARDS_READ,),
        paginated=True,
        view=BOARD_SECTION,
    ),
    _read(
        name="list_board_pins",
        title="List board Pins",
        description="Pins saved to a board.",
        operation_id="boards/list_pins",
        method="GET",
        path="/boards/{board_id}/pins",
        input=ListBoardPins,
        scopes=(BOARDS_READ, PINS_READ),
        paginated=True,
        view=PIN,
    ),
)
