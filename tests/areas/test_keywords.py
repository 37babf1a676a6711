"""Keyword tools through a real MCP client against the emulator."""

from __future__ import annotations

import json

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.server.build import build_server
from support.tools import call, text_of

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


async def test_update_keywords_archives_after_a_plan_that_reads_the_parent() -> None:
    async with Client(build_server(Settings(demo=True, toolsets=("account", "ads", "keywords")))) as client:
        account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
        groups = (await call(client, "list_ad_groups", ad_account_id=account, all_pages=True))["items"]
        group = next(g["id"] for g in groups if g["name"].endswith("Keywords"))
        keyword = (await call(client, "list_keywords", ad_account_id=account, ad_group_id=group))["items"][0]
        args = {"ad_account_id": account, "ad_group_id": group, "keywords": [{"id": keyword["id"]}]}
        plan = await call(client, "update_keywords", **args)
        wrong_parent = await client.call_tool("update_keywords", {**args, "ad_group_id": None})
        done = await call(client, "update_keywords", **args, confirmation=plan["confirmation"])
        left = await call(client, "list_keywords", ad_account_id=account, ad_group_id=group)
    assert plan["changes"][0]["archived"] == "no → yes" and plan["request"].startswith("PATCH ")
    assert "ad_group_id" not in json.dumps(plan["body"])  # plan context only, never sent
    assert wrong_parent.is_error and "was not found" in text_of(wrong_parent)
    assert done["status"] == "applied" and done["now"][0]["archived"] is True and "undo" not in done
    assert keyword["id"] not in {k["id"] for k in left["items"]}


async def test_keyword_metrics_give_a_volume_per_keyword() -> None:
    async with Client(build_server(Settings(demo=True, toolsets=("account", "keywords")))) as client:
        account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
        data = await call(
            client, "get_keyword_metrics", ad_account_id=account, country_code="US", keywords=["sourdough bread", "x"]
        )
    assert [d["keyword"] for d in data["data"]] == ["sourdough bread", "x"]
    assert all(d["metrics"]["keyword_query_volume"] for d in data["data"])
