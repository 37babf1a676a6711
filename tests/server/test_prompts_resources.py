"""Prompts and resources through a real MCP client (in memory, both protocol eras) against the emulator.

The prompts name tools for the model to call: every name that looks like a tool must be one this
server has (in some toolset), and a tool outside the default toolsets must come with the
`enable_toolset` call that adds it, or a model following the prompt calls a tool it cannot see.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from mcp import Client, MCPError
from mcp.types import TextContent, TextResourceContents

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.registry.toolsets import TOOLSETS
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.prompts import budget_pacing_check
from pinterest_mcp.server.resources import UNITS, column_unit
from pinterest_mcp.spec.facts import vocabulary
from support.tools import text_of

pytestmark = pytest.mark.anyio
MODES = ["auto", "legacy"]

PROMPTS = {
    "weekly_performance_review": {},
    "diagnose_campaign": {"campaign_id": "626736533506"},
    "budget_pacing_check": {},
    "pause_underperformers": {"min_spend": "50"},
    "organic_content_audit": {},
}
RESOURCES = {"pinterest://analytics/columns", "pinterest://toolsets", "pinterest://ad-accounts"}
TOOL_LIKE = re.compile(r"\b(?:list|get|create|update|delete|pause|activate|archive|set|save|enable|undo|check|run)_\w+")
DEFAULT_TOOLSETS = {t.name for t in TOOLSETS if t.default}
ENABLE_CALL = re.compile(r"enable_toolset\(toolsets=\[([^\]]*)\]\)")
"""An `enable_toolset` call as a prompt writes it; the group is its quoted toolset names."""


@pytest.fixture(params=MODES)
async def client(request: pytest.FixtureRequest) -> AsyncIterator[Client]:
    async with Client(build_server(Settings(demo=True)), mode=request.param) as connected:
        yield connected


async def tool_toolsets() -> dict[str, str]:
    """Every tool a server can offer, with its toolset ("server" for the server's own), as a client lists them."""
    found: dict[str, str] = {}
    for settings in (Settings(demo=True, toolsets=("all",)), Settings(demo=True)):
        async with Client(build_server(settings)) as connected:
            for tool in (await connected.list_tools()).tools:
                found[tool.name] = (tool.meta or {}).get("pinterest/toolset", "server")
    return found


def prompt_text(result: Any) -> str:
    texts = [m.content.text for m in result.messages if isinstance(m.content, TextContent)]
    assert texts and all(m.role == "user" for m in result.messages)
    return "\n".join(texts)


async def read_json(client: Client, uri: str) -> Any:
    result = await client.read_resource(uri)
    (content,) = result.contents
    assert isinstance(content, TextResourceContents)
    assert content.mime_type == "application/json"
    return json.loads(content.text)


async def test_a_client_lists_the_five_prompts_with_their_arguments(client: Client) -> None:
    prompts = {p.name: p for p in (await client.list_prompts()).prompts}
    assert set(prompts) == set(PROMPTS)
    for prompt in prompts.values():
        assert prompt.title and prompt.description
        assert all(a.description for a in prompt.arguments or ())
    required = {p.name: [a.name for a in p.arguments or () if a.required] for p in prompts.values()}
    assert required == {name: list(args) if name == "diagnose_campaign" else [] for name, args in PROMPTS.items()}
    optional = {a.name for a in prompts["weekly_performance_review"].arguments or ()}
    assert optional == {"ad_account_id", "end_date"}


async def test_every_tool_a_prompt_names_exists_and_non_default_ones_are_enabled_first(client: Client) -> None:
    toolsets = await tool_toolsets()
    for name, arguments in PROMPTS.items():
        text = prompt_text(await client.get_prompt(name, arguments))
        named = set(TOOL_LIKE.findall(text))
        assert named, f"{name} names no tool"
        assert named <= set(toolsets), f"{name} names tools that do not exist: {sorted(named - set(toolsets))}"
        for tool in named:
            toolset = toolsets[tool]
            if toolset not in DEFAULT_TOOLSETS | {"server"}:
                enables = ENABLE_CALL.findall(text)
                assert any(f'"{toolset}"' in names for names in enables), f"{name}: {tool} needs its {toolset} toolset"


async def test_a_write_prompt_plans_before_it_applies(client: Client) -> None:
    text = prompt_text(await client.get_prompt("pause_underperformers", {}))
    assert text.index("Show the user the list first") < text.index("`pause_ad_groups`")
    assert "confirmation" in text and "activate_ad_groups" in text


async def test_prompt_dates_follow_the_end_date_argument(client: Client) -> None:
    text = prompt_text(await client.get_prompt("weekly_performance_review", {"end_date": "2026-11-30"}))
    assert "2026-11-24 to 2026-11-30, against 2026-11-17 to 2026-11-23" in text
    text = prompt_text(
        await client.get_prompt("diagnose_campaign", {"campaign_id": "5", "end_date": "2026-11-30", "days": "3"})
    )
    assert "2026-11-28..2026-11-30 (recent) with 2026-11-25..2026-11-27 (before)" in text


async def test_a_named_ad_account_is_used_instead_of_asking(client: Client) -> None:
    text = prompt_text(await client.get_prompt("budget_pacing_check", {"ad_account_id": "549755856399"}))
    assert "Use ad account 549755856399" in text
    assert "list_ad_accounts" not in text


async def test_the_servers_default_ad_account_is_the_prompts_default() -> None:
    async with Client(build_server(Settings(demo=True, default_ad_account="549756002702"))) as connected:
        text = prompt_text(await connected.get_prompt("weekly_performance_review", {}))
    assert "Use ad account 549756002702" in text


@pytest.mark.parametrize(
    ("name", "arguments", "said"),
    [
        ("diagnose_campaign", {}, "needs campaign_id"),
        ("diagnose_campaign", {"campaign_id": "5", "days": "many"}, "days must be a whole number"),
        ("weekly_performance_review", {"end_date": "30/11/2026"}, "end_date must be YYYY-MM-DD"),
        ("organic_content_audit", {"days": "400"}, "days must be between 1 and 90"),
        ("budget_pacing_check", {"month": "11"}, "takes no month"),
    ],
)
async def test_a_bad_prompt_argument_is_refused_with_the_reason(
    client: Client, name: str, arguments: dict[str, str], said: str
) -> None:
    with pytest.raises(MCPError) as raised:
        await client.get_prompt(name, arguments)
    assert said in raised.value.error.message


def test_budget_pacing_on_the_first_of_a_month_reviews_the_month_just_ended() -> None:
    first = budget_pacing_check(lambda: date(2026, 3, 1), None)
    assert "2026-02-01 to 2026-02-28 is 28 of the month's 28 days" in first
    middle = budget_pacing_check(lambda: date(2026, 3, 15), None)
    assert "2026-03-01 to 2026-03-14 is 14 of the month's 31 days" in middle


async def test_a_client_lists_and_reads_every_resource(client: Client) -> None:
    listed = {str(r.uri): r for r in (await client.list_resources()).resources}
    assert set(listed) == RESOURCES
    for uri, resource in listed.items():
        assert resource.title and resource.description and resource.mime_type == "application/json"
        assert await read_json(client, uri)


async def test_the_columns_resource_gives_every_analytics_column_one_unit(client: Client) -> None:
    data = await read_json(client, "pinterest://analytics/columns")
    grouped = data["columns"]
    listed = [name for names in grouped.values() for name in names]
    assert sorted(listed) == sorted(vocabulary("sync_columns"))
    assert set(grouped) <= set(data["units"]) == set(UNITS)
    expected = {
        "SPEND_IN_MICRO_DOLLAR": "micro_currency",
        "CPC_IN_MICRO_DOLLAR": "micro_currency",
        "SPEND_IN_DOLLAR": "currency",
        "CTR": "ratio",
        "TOTAL_CHECKOUT_CONVERSION_RATE": "ratio",
        "CHECKOUT_ROAS": "roas",
        "PAID_IMPRESSION": "count",
        "TOTAL_CONVERSIONS": "count",
        "CAMPAIGN_ID": "dimension",
        "TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND": "seconds",
    }
    assert {name: column_unit(name) for name in expected} == expected
    assert all(name in grouped[unit] for name, unit in expected.items())
    assert set(data["default_columns"]) <= set(vocabulary("sync_columns"))


async def test_the_ad_accounts_resource_is_what_list_ad_accounts_returns(client: Client) -> None:
    data = await read_json(client, "pinterest://ad-accounts")
    listed = json.loads(text_of(await client.call_tool("list_ad_accounts", {})))["items"]
    assert [(a["id"], a["currency"], a["country"]) for a in data["ad_accounts"]] == [
        (a["id"], a["currency"], a["country"]) for a in listed
    ]
    assert {a["currency"] for a in data["ad_accounts"]} == {"USD", "EUR"}
    assert [a["time_zone"] for a in data["ad_accounts"]] == ["UTC", "Europe/Berlin"]  # US: several zones


async def test_the_ad_accounts_resource_honours_the_allowlist() -> None:
    settings = Settings(demo=True, ad_accounts=("549756002702",))
    async with Client(build_server(settings)) as connected:
        data = await read_json(connected, "pinterest://ad-accounts")
    assert [a["id"] for a in data["ad_accounts"]] == ["549756002702"]
    assert data["default_ad_account"] == "549756002702"


async def test_the_toolsets_resource_is_read_when_asked_so_it_shows_what_was_enabled(client: Client) -> None:
    before = {row["toolset"]: row for row in (await read_json(client, "pinterest://toolsets"))["toolsets"]}
    assert {name for name, row in before.items() if row["enabled"]} == DEFAULT_TOOLSETS
    assert all(row["default"] == (name in DEFAULT_TOOLSETS) for name, row in before.items())
    assert "list_boards" in before["boards"]["tools"]
    assert not (await client.call_tool("enable_toolset", {"toolsets": ["boards"]})).is_error
    after = {row["toolset"]: row for row in (await read_json(client, "pinterest://toolsets"))["toolsets"]}
    assert after["boards"]["enabled"]


async def test_a_fixed_toolset_server_says_its_toolsets_cannot_be_enabled() -> None:
    async with Client(build_server(Settings(demo=True, toolsets=("ads",)))) as connected:
        data = await read_json(connected, "pinterest://toolsets")
    assert [row["toolset"] for row in data["toolsets"]] == ["ads"]
    assert "fixed" in data["enable"]
