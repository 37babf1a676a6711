"""Keyword tools through a real MCP client against the emulator."""

from __future__ import annotations

import pytest
from mcp import Client
from test_mcp_tools import call

from pinterest_mcp.server import build_server
from pinterest_mcp.settings import Settings

pytestmark = pytest.mark.anyio


async def test_list_keywords_of_an_ad_group_by_match_type() -> None:
    async with Client(build_server(Settings(demo=True, toolsets=("account", "ads", "keywords")))) as client:
        account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
        groups = (await call(client, "list_ad_groups", ad_account_id=account, all_pages=True))["items"]
        group = next(g["id"] for g in groups if g["name"].endswith("Keywords"))
        own = await call(client, "list_keywords", ad_account_id=account, ad_group_id=group)
        exact = await call(client, "list_keywords", ad_account_id=account, ad_group_id=group, match_types=["EXACT"])
    assert own["count"] > exact["count"] > 0
    assert {k["parent_id"] for k in own["items"]} == {group}
    assert {k["match_type"] for k in exact["items"]} == {"EXACT"}
