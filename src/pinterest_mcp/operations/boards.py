"""Boards and board sections, and the Pins on them."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal

from pydantic import Field

from pinterest_mcp.operations.pins import PIN
from pinterest_mcp.registry.inputs import (
    BusinessAdAccountId,
    CreativeType,
    Id,
    NotNull,
    Page,
    Projection,
    WriteInput,
)
from pinterest_mcp.registry.records import Current, Operation, View

BOARD = View(
    kind="board",
    default_fields=("id", "name", "description", "privacy", "pin_count", "follower_count", "is_ads_only"),
)

BOARD_SECTION = View(kind="board_section", default_fields=("id", "name"))


BoardPrivacy = Literal["PUBLIC", "PROTECTED", "SECRET"]
BoardPrivacyFilter = Literal["ALL", "PUBLIC", "PROTECTED", "SECRET", "PUBLIC_AND_SECRET"]


class ListBoards(Page):
    ad_account_id: BusinessAdAccountId
    privacy: BoardPrivacyFilter | None = Field(
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


class ListSectionPins(Page):
    board_id: Id
    section_id: Id
    ad_account_id: BusinessAdAccountId


_read = partial(Operation, toolset="boards")

OPERATIONS = (
    _read(
        name="list_boards",
        description="Your boards with privacy and Pin counts.",
        operation_id="boards/list",
        input=ListBoards,
        lists=True,
        view=BOARD,
    ),
    _read(
        name="get_board",
        description="One board by id.",
        operation_id="boards/get",
        input=GetBoard,
        view=BOARD,
    ),
    _read(
        name="list_board_sections",
        description="Sections of a board.",
        operation_id="board_sections/list",
        input=ListBoardSections,
        lists=True,
        view=BOARD_SECTION,
    ),
    _read(
        name="list_board_pins",
        title="List board Pins",
        description="Pins saved to a board.",
        operation_id="boards/list_pins",
        input=ListBoardPins,
        lists=True,
        view=PIN,
    ),
    _read(
        name="list_board_section_pins",
        title="List section Pins",
        description="Pins in one section of a board (list_board_sections first).",
        operation_id="board_sections/list_pins",
        input=ListSectionPins,
        lists=True,
        view=PIN,
    ),
)


# Writes. Pinterest wants boards:read and boards:write for each.


class CreateBoard(WriteInput):
    name: str = Field(min_length=1, max_length=180)
    description: str | None = Field(default=None, max_length=500)
    privacy: BoardPrivacy = Field(default="PUBLIC", description="PROTECTED: ads-only")
    is_ads_only: Annotated[bool | None, NotNull] = None
    ad_account_id: BusinessAdAccountId


class UpdateBoard(WriteInput):
    board_id: Id
    name: Annotated[str | None, NotNull] = Field(default=None, min_length=1, max_length=180)
    description: str | None = Field(default=None, max_length=500)
    privacy: Annotated[Literal["PUBLIC", "SECRET"] | None, NotNull] = None
    ad_account_id: BusinessAdAccountId


class DeleteBoard(WriteInput):
    board_id: Id
    ad_account_id: BusinessAdAccountId


class CreateBoardSection(WriteInput):
    board_id: Id
    name: str = Field(min_length=1, max_length=180)
    ad_account_id: BusinessAdAccountId


class UpdateBoardSection(WriteInput):
    board_id: Id
    section_id: Id
    name: str = Field(min_length=1, max_length=180)
    ad_account_id: BusinessAdAccountId


class DeleteBoardSection(WriteInput):
    board_id: Id
    section_id: Id
    ad_account_id: BusinessAdAccountId


_write = partial(Operation, toolset="boards", query=("ad_account_id",))
_THE_BOARD = Current(read="get_board", args=(("board_id", "board_id"),))
_THE_SECTION = Current(read="list_board_sections", args=(("board_id", "board_id"),), match="section_id")

WRITE_OPERATIONS = (
    _write(
        name="create_board",
        description="Create a board (PUBLIC, SECRET, or PROTECTED for ads only).",
        operation_id="boards/create",
        input=CreateBoard,
        view=BOARD,
        change="create",
    ),
    _write(
        name="update_board",
        toolset="organic_manage",
        description="Rename a board, change its description or privacy.",
        operation_id="boards/update",
        input=UpdateBoard,
        view=BOARD,
        change="update",
        current=_THE_BOARD,
    ),
    _write(
        name="delete_board",
        toolset="organic_manage",
        description="Delete a board with all its Pins and sections, for good.",
        operation_id="boards/delete",
        input=DeleteBoard,
        view=BOARD,
        change="delete",
        current=_THE_BOARD,
        destructive=True,
    ),
    _write(
        name="create_board_section",
        description="Add a section to a board.",
        operation_id="board_sections/create",
        input=CreateBoardSection,
        view=BOARD_SECTION,
        change="create",
    ),
    _write(
        name="update_board_section",
        toolset="organic_manage",
        title="Rename board section",
        description="Rename a board section.",
        operation_id="board_sections/update",
        input=UpdateBoardSection,
        view=BOARD_SECTION,
        change="update",
        current=_THE_SECTION,
    ),
    _write(
        name="delete_board_section",
        toolset="organic_manage",
        description="Delete a board section and its Pins, for good.",
        operation_id="board_sections/delete",
        input=DeleteBoardSection,
        view=BOARD_SECTION,
        change="delete",
        current=_THE_SECTION,
        destructive=True,
    ),
)
