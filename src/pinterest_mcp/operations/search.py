"""Search: your own boards and Pins by text, and Pins of Pinterest's content partners by term.

Searching your own content finds what to promote or reuse without paging through every board;
partner Pins are public Pins from Pinterest's partners, by country and locale.
"""

from __future__ import annotations

from functools import partial

from pydantic import Field

from pinterest_mcp.operations.boards import BOARD
from pinterest_mcp.operations.pins import PIN
from pinterest_mcp.registry.inputs import MAX_BOOKMARK, BusinessAdAccountId, Page, Projection
from pinterest_mcp.registry.records import Operation, View

PARTNER_PIN = View(kind="partner_pin", default_fields=("id", "link", "alt_text"))


class SearchBoards(Page):
    query: str | None = Field(default=None, min_length=1, description="Words in the board's name or description")
    ad_account_id: BusinessAdAccountId


class _Bookmarked(Projection):
    """A search paged by bookmark alone: Pinterest takes no page size here, so no walk over pages either."""

    bookmark: str | None = Field(default=None, max_length=MAX_BOOKMARK, description="From the previous result")


class SearchPins(_Bookmarked):
    query: str = Field(min_length=1)
    ad_account_id: BusinessAdAccountId


class SearchPartnerPins(_Bookmarked):
    term: str = Field(min_length=1)
    country_code: str = Field(pattern=r"^[A-Z]{2}$", description="e.g. US")
    locale: str | None = Field(default=None, description="e.g. en-US")
    limit: int | None = Field(default=None, ge=1, le=50, description="Default 10")


_read = partial(Operation, toolset="search", lists=True)

OPERATIONS = (
    _read(
        name="search_boards",
        description="Your boards matching a query.",
        operation_id="search_user_boards/get",
        input=SearchBoards,
        view=BOARD,
    ),
    _read(
        name="search_pins",
        title="Search Pins",
        description="Your Pins matching a query.",
        operation_id="search_user_pins/list",
        input=SearchPins,
        view=PIN,
    ),
    _read(
        name="search_partner_pins",
        title="Search partner Pins",
        description="Public Pins of Pinterest's content partners for a term (beta).",
        operation_id="search_partner_pins",
        input=SearchPartnerPins,
        view=PARTNER_PIN,
    ),
)
