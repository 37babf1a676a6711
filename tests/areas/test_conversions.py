"""Conversion tag tools through a real MCP client against the emulator."""

from __future__ import annotations

from pathlib import Path

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
USD = "549755856399"


async def test_the_tag_that_ad_groups_optimise_for_and_its_events() -> None:
    async with Client(build_server(Settings(demo=True, toolsets=("conversions", "ads")))) as client:
        (tag,) = (await call(client, "list_conversion_tags", ad_account_id=USD, filter_deleted=True))["items"]
        snippet = await call(client, "get_conversion_tag", ad_account_id=USD, conversion_tag_id=tag["id"],
                             fields=["code_snippet"])  # fmt: skip
        eligible = await call(client, "get_ocpm_eligible_conversion_tags", ad_account_id=USD)
        visits = await call(client, "list_page_visit_conversion_tags", ad_account_id=USD)
        defined = await call(client, "list_advertiser_defined_events", ad_account_id=USD)
        groups = await call(client, "list_ad_groups", ad_account_id=USD, all_pages=True,
                            fields=["optimization_goal_metadata"])  # fmt: skip
    goals = {
        g["optimization_goal_metadata"]["conversion_tag_v3_goal_metadata"]["conversion_tag_id"]
        for g in groups["items"]
        if g.get("optimization_goal_metadata")
    }
    assert goals == {tag["id"]}  # the seeded conversion ad groups name this very tag
    assert tag["id"] in snippet["code_snippet"]
    assert {e["conversion_event"] for e in eligible[tag["id"]]} >= {"PAGE_VISIT", "CHECKOUT"}
    assert [v["conversion_event"] for v in visits["items"]] == ["PAGE_VISIT"]
    assert {d["mapped_conversion_type"] for d in defined["items"]} >= {"LEAD", "CUSTOM"}


async def test_create_conversion_tag_plans_applies_and_answers_its_snippet(tmp_path: Path) -> None:
    runtime = Runtime(Settings(demo=True, toolsets=("conversions",), journal=tmp_path / "journal.jsonl"))
    args = {"ad_account_id": USD, "name": "Shop tag", "aem_enabled": True}
    async with Client(build_server(runtime.settings, runtime)) as client:
        plan = await call(client, "create_conversion_tag", **args)
        refused = await client.call_tool("create_conversion_tag", {**args, "aem_enabled": None})
        done = await call(client, "create_conversion_tag", **args, confirmation=plan["confirmation"])
        tags = await call(client, "list_conversion_tags", ad_account_id=USD, fields=["configs"])
    assert plan["body"] == {"name": "Shop tag", "aem_enabled": True} and plan["next"].startswith("Nothing was written")
    assert refused.is_error and "null is not allowed" in text_of(refused)
    (created,) = done["now"]
    assert done["status"] == "applied" and created["id"] in created["code_snippet"]
    assert {t["name"]: t["configs"]["aem_enabled"] for t in tags["items"]}["Shop tag"] is True
    entry = runtime.writes.journal.get(done["journal_entry"])
    assert entry is not None and entry["status"] == "applied" and entry["change"] == "create"
