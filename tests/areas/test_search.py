"""Search tools through a real MCP client against the emulator: your boards and Pins, partner Pins."""

from __future__ import annotations

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.server.build import build_server
from support.tools import call

pytestmark = pytest.mark.anyio


async def test_search_finds_own_boards_and_pins_by_every_word() -> None:
    async with Client(build_server(Settings(demo=True, toolsets=("search",)))) as client:
        boards = await call(client, "search_boards", query="kitchen")
        everything = await call(client, "search_boards", all_pages=True)
        pins = await call(client, "search_pins", query="holiday cookie")
        none = await call(client, "search_pins", query="kitchen zeppelin")
    assert [b["name"] for b in boards["items"]] == ["Kitchen Organization"] and everything["count"] > 1
    assert pins["count"] > 0 and all("holiday" in p["title"].lower() for p in pins["items"])
    assert none["count"] == 0


async def test_partner_pins_page_by_limit_and_bookmark() -> None:
    async with Client(build_server(Settings(demo=True, toolsets=("search",)))) as client:
        first = await call(client, "search_partner_pins", term="fall soup", country_code="US", limit=5)
        second = await call(
            client, "search_partner_pins", term="fall soup", country_code="US", limit=5, bookmark=first["bookmark"]
        )
    ids = [p["id"] for p in first["items"] + second["items"]]
    assert first["count"] == second["count"] == 5 and len(set(ids)) == 10
    assert all(p["link"].startswith("https://") for p in first["items"])
