"""The body fields of an async ads report the tools could not set, through an MCP client against the emulator.

`create_report` takes every field of the spec's request body (`run_report` waits on its token):
status, objective, brand, product and metric filters, the engagement window, attribution types,
conversion time, hours of an HOUR report, sort, time zone and custom event metrics. Values the spec
refuses are refused before any request; the emulator applies the filters it can model.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.composite.run_report import use_waits
from support.clock import Sleeps
from support.tools import call, text_of

pytestmark = pytest.mark.anyio

TODAY = datetime.now(UTC).date()  # the server checks windows against the real UTC date


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=7, today=lambda: TODAY)


@pytest.fixture
async def client(emu: Emulator, tmp_path: Path) -> AsyncIterator[Client]:
    settings = Settings(demo=True, toolsets=("default", "reports", "ads_manage"))
    runtime = Runtime(settings, transport=httpx.ASGITransport(app=emu.app), env={"XDG_DATA_HOME": str(tmp_path)})
    use_waits(runtime, Sleeps().waits())
    async with Client(build_server(runtime.settings, runtime)) as connected:
        yield connected


def account(emu: Emulator) -> str:
    account_id: str = next(a["id"] for a in emu.state.ad_accounts.values() if a["currency"] == "USD")
    return account_id


def days(back: int, span: int) -> dict[str, str]:
    start = TODAY - timedelta(days=back)
    return {"start_date": start.isoformat(), "end_date": (start + timedelta(days=span)).isoformat()}


EVERY_FIELD: dict[str, Any] = {
    "granularity": "HOUR",
    "start_hour": 6,
    "end_hour": 20,
    "engagement_window_days": 7,
    "conversion_report_time": "TIME_OF_CONVERSION",
    "attribution_types": ["INDIVIDUAL", "HOUSEHOLD"],
    "campaign_statuses": ["RUNNING", "PAUSED"],
    "campaign_objective_types": ["AWARENESS", "WEB_CONVERSION"],
    "campaign_brand_label": "Hearth",
    "ad_group_statuses": ["RUNNING"],
    "ad_statuses": ["APPROVED"],
    "product_group_ids": ["123"],
    "product_group_statuses": ["RUNNING"],
    "product_item_ids": ["456"],
    "metrics_filters": [{"field": "SPEND_IN_DOLLAR", "operator": "GREATER_THAN", "values": [1.5]}],
    "combine_targeting_types": False,
    "custom_conversion_event_metrics": [{"custom_event_metrics_type": "ADE_ROAS", "custom_event_name": "quiz"}],
    "primary_sort": "BY_DATE",
    "reporting_timezone": "AD_ACCOUNT_TIME_ZONE",
}


async def test_create_report_sends_every_field_of_the_specs_body(emu: Emulator, client: Client) -> None:
    await call(client, "create_report", ad_account_id=account(emu), **days(2, 1), **EVERY_FIELD)
    body = emu.requests[-1].body
    assert {name: body.get(name) for name in EVERY_FIELD} == EVERY_FIELD


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"granularity": "DAY"}, "start_hour: only with granularity HOUR"),
        ({"campaign_statuses": ["RUNING"]}, "did you mean RUNNING"),
        ({"ad_statuses": ["RUNNING"]}, "unknown ad status 'RUNNING'"),
        ({"metrics_filters": [{"field": "SPEND", "operator": "LESS_THAN", "values": [1]}]}, "SPEND_IN_DOLLAR"),
        ({"product_group_statuses": ["RUNNING"] * 7}, "at most 6"),
        ({"end_hour": 24}, "less than or equal to 23"),
        ({"primary_sort": "BY_NAME"}, "BY_ID, BY_DATE"),
        ({"level": "PRODUCT_ITEM"}, "ad_statuses: not allowed"),
    ],
)
async def test_report_values_the_spec_refuses_are_refused_unsent(
    emu: Emulator, client: Client, change: dict[str, Any], named: str
) -> None:
    before = len(emu.requests)
    arguments = {"ad_account_id": account(emu), **days(2, 1), **EVERY_FIELD, **change}
    result = await client.call_tool("create_report", arguments)
    assert result.is_error and named in text_of(result), text_of(result)
    assert len(emu.requests) == before


async def rows(client: Client, emu: Emulator, **filters: Any) -> int:
    """Rows of a filtered report: made by create_report, waited on by run_report through its token."""
    acct = account(emu)
    created = await call(client, "create_report", ad_account_id=acct, granularity="TOTAL", **days(20, 10), **filters)
    answer = await call(client, "run_report", ad_account_id=acct, token=created["token"])
    count: int = answer["summary"]["row_count"]
    return count


async def test_the_emulator_keeps_the_entities_metric_filters_allow(emu: Emulator, client: Client) -> None:
    everything = await rows(client, emu)
    assert everything > 0
    above = [{"field": "TOTAL_IMPRESSION", "operator": "GREATER_THAN", "values": [10**12]}]
    below = [{"field": "SPEND_IN_DOLLAR", "operator": "LESS_THAN", "values": [10**12]}]
    assert await rows(client, emu, metrics_filters=above) == 0
    assert await rows(client, emu, metrics_filters=below) == everything


async def test_the_emulator_keeps_the_campaigns_of_a_brand_label(emu: Emulator, client: Client) -> None:
    acct = account(emu)
    assert await rows(client, emu, campaign_brand_label="Hearth") == 0
    campaign = next(c["id"] for c in emu.state.campaigns.values() if c["ad_account_id"] == acct)
    label = {"ad_account_id": acct, "parent_id": campaign, "labels": [{"value": "Hearth", "label_type": "BRAND"}]}
    plan = await call(client, "create_labels", **label)
    await call(client, "create_labels", **label, confirmation=plan["confirmation"])
    assert await rows(client, emu, campaign_brand_label="Hearth") == 1
