"""Audience insight tools through a real MCP client against the emulator."""

from __future__ import annotations

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.server.build import build_server
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
USD = "549755856399"


async def test_each_listed_insight_type_describes_its_audience_in_shares() -> None:
    async with Client(build_server(Settings(demo=True, toolsets=("audiences",)))) as client:
        kinds = await call(client, "list_audience_insight_types", ad_account_id=USD)
        insights = [
            await call(client, "get_audience_insights", ad_account_id=USD, audience_insight_type=kind["type"])
            for kind in kinds["items"]
        ]
        again = await call(
            client, "get_audience_insights", ad_account_id=USD, audience_insight_type=kinds["items"][0]["type"]
        )
    assert [i["type"] for i in insights] == [k["type"] for k in kinds["items"]]
    for insight in insights:
        for breakdown in ("ages", "genders", "countries"):
            assert sum(part["ratio"] for part in insight["demographics"][breakdown]) == pytest.approx(1, abs=0.01)
        assert insight["size"] > 0 and insight["categories"]
    assert again == insights[0]  # stable across calls
    assert insights[0]["demographics"]["countries"][0]["key"] == "US"  # the account's home country leads


async def test_the_insight_type_is_required_and_checked_before_sending() -> None:
    async with Client(build_server(Settings(demo=True, toolsets=("audiences",)))) as client:
        missing = await client.call_tool("get_audience_insights", {"ad_account_id": USD})
        wrong = await client.call_tool("get_audience_insights", {"ad_account_id": USD, "audience_insight_type": "ALL"})
    assert missing.is_error and "audience_insight_type: required" in text_of(missing)
    assert wrong.is_error and "YOUR_TOTAL_AUDIENCE" in text_of(wrong)
