"""The targeting toolset through a real MCP client against the emulator: options, interests, metric readiness."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta

import httpx
import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.spec.facts import vocabulary
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
TODAY = date(2026, 6, 15)


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(seed=7, today=lambda: TODAY)


@pytest.fixture
async def client(emulator: Emulator) -> AsyncIterator[Client]:
    """Account, ads, audiences and targeting tools over the emulator, whose today is fixed."""
    settings = Settings(demo=True, toolsets=("account", "ads", "audiences", "targeting"))
    runtime = Runtime(settings, transport=httpx.ASGITransport(app=emulator.app))
    async with Client(build_server(settings, runtime)) as connected:
        yield connected


async def test_interest_options_are_the_ids_ad_groups_target_with_their_hierarchy(client: Client) -> None:
    account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
    groups = await call(client, "list_ad_groups", ad_account_id=account, all_pages=True, fields=["targeting_spec"])
    targeted = {i for g in groups["items"] for i in g["targeting_spec"].get("INTEREST") or ()}
    (options,) = (await call(client, "list_targeting_options", targeting_type="INTEREST"))["items"]
    assert targeted and targeted <= set(options)
    parent = await call(client, "get_interest", interest_id=sorted(targeted)[0])
    assert parent["level"] == 1 and parent["name"] == options[parent["id"]] and parent["child_interests"]
    child = await call(client, "get_interest", interest_id=parent["child_interests"][0])
    assert (child["level"], child["child_interests"], child["name"]) == (2, [], options[child["id"]])


async def test_an_unknown_interest_is_a_tool_error(client: Client) -> None:
    result = await client.call_tool("get_interest", {"interest_id": "1"})
    assert result.is_error and "not found" in text_of(result)


async def test_audience_options_are_the_ad_accounts_audiences(client: Client) -> None:
    account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
    owned = (await call(client, "list_audiences", ad_account_id=account, all_pages=True))["items"]
    (options,) = (
        await call(client, "list_targeting_options", targeting_type="AUDIENCE_INCLUDE", ad_account_id=account)
    )["items"]
    assert {a["id"]: a["name"] for a in owned}.items() <= options.items()


async def test_every_ad_accounts_country_and_currency_is_listed(client: Client) -> None:
    accounts = (await call(client, "list_ad_accounts"))["items"]
    countries = await call(client, "list_ad_account_countries")
    by_code = {c["code"]: c for c in countries["items"]}
    assert countries["count"] == len(by_code) > 20
    for account in accounts:
        assert by_code[account["country"]]["currency"] == account["currency"]
    assert set(by_code["US"]) == {"code", "name", "currency"}  # the compact default leaves `index` out


async def test_sync_metric_definitions_name_analytics_columns(client: Client) -> None:
    every = (await call(client, "list_metric_definitions"))["items"]
    sync = (await call(client, "list_metric_definitions", report_type="SYNC"))["items"]
    assert {m["name"] for m in sync} <= set(vocabulary("sync_columns"))
    assert {"SPEND_IN_MICRO_DOLLAR", "CTR"} <= {m["name"] for m in sync}
    assert {m["category"] for m in every} == {"ADS", "ORGANIC"} and len(every) > len(sync)
    assert all(m["definition"] for m in every)


async def test_metrics_are_final_a_day_later_and_conversions_two_days_later(client: Client) -> None:
    async def ready(days_ago: int) -> tuple[bool, bool]:
        state = await call(client, "get_metrics_ready_state", date=str(TODAY - timedelta(days=days_ago)))
        return state["non_conversion_metrics_ready"], state["conversion_metrics_ready"]

    assert [await ready(n) for n in (0, 1, 2)] == [(False, False), (True, False), (True, True)]


async def test_a_malformed_date_is_refused_before_any_request(client: Client, emulator: Emulator) -> None:
    await call(client, "list_lead_form_questions")
    before = len(emulator.requests)
    result = await client.call_tool("get_metrics_ready_state", {"date": "15.06.2026"})
    assert result.is_error and "nothing was sent" in text_of(result) and "date" in text_of(result)
    assert len(emulator.requests) == before


async def test_lead_form_question_types_come_as_a_list(client: Client) -> None:
    questions = await call(client, "list_lead_form_questions")
    assert {"EMAIL", "FULL_NAME", "CUSTOM"} <= set(questions["items"]) and questions["count"] == 14
