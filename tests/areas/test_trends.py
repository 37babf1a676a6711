"""Trending keywords and term ideas through a real MCP client against the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.server.build import build_server
from support.tools import call, text_of

pytestmark = pytest.mark.anyio


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    async with Client(build_server(Settings(demo=True, toolsets=("keywords",)))) as connected:
        yield connected


async def test_trends_rank_by_their_type_and_add_what_is_asked(client: Client) -> None:
    growing = await call(client, "list_trending_keywords", region="GB+IE", trend_type="growing", limit=5)
    decor = await call(
        client,
        "list_trending_keywords",
        region="GB+IE",
        trend_type="yearly",
        interests=["home_decor"],
        include_demographics=True,
        include_prediction=True,
    )
    again = await call(client, "list_trending_keywords", region="GB+IE", trend_type="growing", limit=5)
    wow = [t["pct_growth_wow"] for t in growing["trends"]]
    assert len(wow) == 5 and wow == sorted(wow, reverse=True) and again == growing
    assert all(t["has_prediction"] and t["predicted_time_series"] and t["demographics"] for t in decor["trends"])
    assert "kitchen organization" in {t["keyword"] for t in decor["trends"]}


async def test_an_unknown_region_or_interest_is_refused_before_sending(client: Client) -> None:
    result = await client.call_tool("list_trending_keywords", {"region": "GB", "trend_type": "monthly"})
    text = text_of(result)
    assert result.is_error and "region" in text and "nothing was sent" in text
    result = await client.call_tool(
        "list_trending_keywords", {"region": "US", "trend_type": "monthly", "interests": ["home_deco"]}
    )
    assert result.is_error and "unknown interest 'home_deco'" in text_of(result)


async def test_a_keyword_longer_than_the_spec_allows_is_refused_before_sending(client: Client) -> None:
    """The spec caps each keyword at 100 characters; a longer one never reaches Pinterest."""
    arguments = {"region": "US", "trend_type": "monthly", "include_keywords": ["k" * 101]}
    result = await client.call_tool("list_trending_keywords", arguments)
    text = text_of(result)
    assert result.is_error and "include_keywords" in text and "nothing was sent" in text


async def test_related_and_suggested_terms_expand_a_seed_term(client: Client) -> None:
    related = await call(client, "list_related_terms", terms=["bread", "kitchen"])
    suggested = await call(client, "list_suggested_terms", term="sour", limit=3)
    assert [r["term"] for r in related["related_terms_list"]] == ["bread", "kitchen"]
    assert "sourdough bread" in related["related_terms_list"][0]["related_terms"]
    assert related["related_term_count"] == sum(len(r["related_terms"]) for r in related["related_terms_list"])
    assert suggested["count"] == 3 and suggested["items"][0] == "sourdough bread"
