"""Keyword tools through a real MCP client against the emulator."""

from __future__ import annotations

import pytest
from mcp import Client

from pinterest_mcp.server import build_server
from pinterest_mcp.settings import Settings
from test_mcp_tools import call

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


async def test_create_keywords_plans_applies_and_reports_each_refusal() -> None:
    async with Client(build_server(Settings(demo=True, toolsets=("account", "ads", "keywords")))) as client:
        account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
        group = (await call(client, "list_ad_groups", ad_account_id=account))["items"][0]["id"]
        args = {
            "ad_account_id": account,
            "parent_id": group,
            "keywords": [
                {"value": "cast iron skillet", "match_type": "EXACT"},
                {"value": "cast iron skillet", "match_type": "EXACT"},
            ],
        }
        plan = await call(client, "create_keywords", **args)
        assert plan["plan"].startswith("create_keywords: create 2 keywords") and plan["confirmation"]
        done = await call(client, "create_keywords", **args, confirmation=plan["confirmation"])
        listed = await call(client, "list_keywords", ad_account_id=account, ad_group_id=group)
    assert done["status"] == "partial" and [r["ok"] for r in done["results"]] == [True, False]
    assert "already exists" in done["results"][1]["error"]
    assert [k["value"] for k in listed["items"]].count("cast iron skillet") == 1
