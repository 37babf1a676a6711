"""Ad Pin, targeting and organic analytics through a real MCP client against the emulator.

What is checked is what a person relies on: a targeting breakdown is a table whose rows add up
to the account's totals, organic answers are a table whose TOTAL row is the sum of its days, top
Pins come back best first, and Pinterest's limits are refused before any request is sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.operations import by_name
from pinterest_mcp.operations.organic_analytics import PIN_METRICS
from pinterest_mcp.registry.toolsets import TOOLSETS
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.oracle import resolve, spec_operation
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
TODAY = datetime.now(UTC).date()
WINDOW = {"start_date": str(TODAY - timedelta(days=6)), "end_date": str(TODAY - timedelta(days=1))}


@pytest.fixture
def runtime() -> Runtime:
    return Runtime(Settings(demo=True, toolsets=("default", "analytics_breakdowns", "organic_analytics", "pins")))


@pytest.fixture
async def client(runtime: Runtime) -> AsyncIterator[Client]:
    async with Client(build_server(runtime.settings, runtime)) as connected:
        yield connected


def column(table: dict[str, Any], name: str) -> list[Any]:
    """A column's cells; DATE finds `DATE (2026)` too (dates of one year carry the year in the header)."""
    labels = [label.split(" (")[0] if name == "DATE" else label for label in table["columns"]]
    index = labels.index(name)
    return [row[index] for row in table["rows"]]


async def first_account(client: Client) -> str:
    account: str = (await call(client, "list_ad_accounts"))["items"][0]["id"]
    return account


def test_new_toolsets_are_opt_in() -> None:
    """Breakdowns and organic analytics cost nothing in the default tools/list."""
    defaults = {t.name: t.default for t in TOOLSETS}
    assert defaults["analytics_breakdowns"] is False and defaults["organic_analytics"] is False
    assert by_name()["get_top_pins"].toolset == "organic_analytics"
    assert by_name()["get_ad_group_targeting_analytics"].toolset == "analytics_breakdowns"


async def test_targeting_breakdown_is_a_table_that_adds_up_to_the_account(client: Client) -> None:
    """Gender rows partition the account's traffic: their impressions sum to the account total."""
    account = await first_account(client)
    breakdown = await call(
        client, "get_ad_account_targeting_analytics", ad_account_id=account, targeting_types=["GENDER"], **WINDOW
    )
    assert breakdown["columns"][:3] == ["AD_ACCOUNT_ID", "TARGETING_TYPE", "TARGETING_VALUE"]
    assert set(column(breakdown, "TARGETING_TYPE")) == {"GENDER"}
    values = column(breakdown, "TARGETING_VALUE")
    assert len(values) == len(set(values)) > 1  # TOTAL granularity by default: one row per value
    assert "SPEND (USD)" in breakdown["columns"] and "SPEND_IN_MICRO_DOLLAR" not in breakdown["columns"]
    total = await call(client, "get_ad_account_analytics", ad_account_id=account, granularity="TOTAL", **WINDOW)
    assert sum(column(breakdown, "PAID_IMPRESSION")) == sum(column(total, "PAID_IMPRESSION")) > 0


async def test_ad_group_breakdown_by_day_is_sorted_by_date(client: Client) -> None:
    """A granularity other than TOTAL dates every row; rows come in date order."""
    account = await first_account(client)
    group = (await call(client, "list_ad_groups", ad_account_id=account))["items"][0]["id"]
    daily = await call(
        client,
        "get_ad_group_targeting_analytics",
        ad_account_id=account,
        ad_group_ids=[group],
        targeting_types=["APPTYPE"],
        granularity="DAY",
        **WINDOW,
    )
    dates = column(daily, "DATE")
    assert dates == sorted(dates) and len(set(dates)) > 1
    assert set(column(daily, "AD_GROUP_ID")) == {group}


async def test_ad_pin_analytics_are_rows_of_the_asked_pin(client: Client) -> None:
    account = await first_account(client)
    ad = (await call(client, "list_ads", ad_account_id=account))["items"][0]
    table = await call(
        client,
        "get_ad_pin_analytics",
        ad_account_id=account,
        campaign_id=ad["campaign_id"],
        pin_ids=[ad["pin_id"]],
        **WINDOW,
    )
    assert table["row_count"] > 0 and set(column(table, "PIN_ID")) == {ad["pin_id"]}
    assert "SPEND (USD)" in table["columns"]


async def test_pin_analytics_total_row_is_the_sum_of_its_days(client: Client) -> None:
    """Split by app type: per split, the TOTAL row equals the sum of the dated rows."""
    pin = (await call(client, "list_pins"))["items"][0]["id"]
    table = await call(
        client, "get_pin_analytics", pin_id=pin, metric_types=["IMPRESSION", "SAVE"], split_field="APP_TYPE", **WINDOW
    )
    assert table["columns"][:2] == ["DATE", "SPLIT"]
    rows = [dict(zip(table["columns"], row, strict=True)) for row in table["rows"]]
    for split in ("MOBILE", "TABLET", "WEB"):
        days = [r for r in rows if r["SPLIT"] == split and r["DATE"] not in ("TOTAL", "LIFETIME")]
        (total,) = [r for r in rows if r["SPLIT"] == split and r["DATE"] == "TOTAL"]
        assert total["IMPRESSION"] == sum(r["IMPRESSION"] for r in days) > 0
        assert any(r["SPLIT"] == split and r["DATE"] == "LIFETIME" for r in rows)


async def test_profile_analytics_match_the_pins_that_make_them(client: Client) -> None:
    """The profile's TOTAL is the range's sum over days, and a one-Pin table names its Pin."""
    profile = await call(client, "get_user_account_analytics", metric_types=["IMPRESSION"], **WINDOW)
    rows = dict(zip(column(profile, "DATE"), column(profile, "IMPRESSION"), strict=True))
    total = rows.pop("TOTAL")
    assert total == sum(rows.values()) > 0
    pins = [p["id"] for p in (await call(client, "list_pins"))["items"][:2]]
    several = await call(client, "get_multi_pin_analytics", pin_ids=pins, metric_types=["SAVE"], **WINDOW)
    assert set(column(several, "PIN_ID")) == set(pins)


@pytest.mark.parametrize(("tool", "sort_by"), [("get_top_pins", "SAVE"), ("get_top_video_pins", "VIDEO_START")])
async def test_top_pins_come_best_first(client: Client, tool: str, sort_by: str) -> None:
    """Pinterest's ranking is the answer: the table keeps it, highest sort_by first, num_of_pins long at most."""
    top = await call(client, tool, sort_by=sort_by, num_of_pins=5, **WINDOW)
    assert top["columns"][0] == "PIN_ID"
    ranked = column(top, sort_by)
    assert 0 < len(ranked) <= 5 and ranked == sorted(ranked, reverse=True)
    assert ranked[0] > ranked[-1] or len(ranked) == 1


async def test_limits_and_metric_names_are_refused_before_sending(client: Client, runtime: Runtime) -> None:
    """Organic windows (90 days back, 90 long), hourly ads windows and Pin metric names, all local."""
    pin = (await call(client, "list_pins"))["items"][0]["id"]
    before = len(runtime.emulator.requests)
    old = str(TODAY - timedelta(days=91))
    cases: list[tuple[str, dict[str, Any], str]] = [
        ("get_user_account_analytics", {"start_date": old, "end_date": str(TODAY)}, "90 days"),
        ("get_top_pins", {**WINDOW, "sort_by": "SAVE", "num_of_pins": 51}, "50"),
        ("get_top_pins", {**WINDOW, "sort_by": "SAVE", "metric_types": ["SAVES"]}, "SAVE_RATE"),
        ("get_pin_analytics", {**WINDOW, "pin_id": pin, "metric_types": ["IMPRESIONS"]}, "IMPRESSION"),
        (
            "get_ad_pin_analytics",
            {**WINDOW, "ad_account_id": "1", "campaign_id": "2", "pin_ids": ["3"], "granularity": "HOUR"},
            "3 days",
        ),
        (
            "get_ad_account_targeting_analytics",
            {"ad_account_id": "1", "targeting_types": ["AGE"], **WINDOW},
            "AGE_BUCKET",
        ),
    ]
    for tool, arguments, expected in cases:
        result = await client.call_tool(tool, arguments)
        assert result.is_error and expected in text_of(result), (tool, text_of(result))
    assert len(runtime.emulator.requests) == before


def test_pin_metric_vocabulary_is_the_union_of_the_spec_enums(spec: dict[str, Any]) -> None:
    """The spec gives Pin metrics as two `oneOf` enums (standard, video); we check against both."""
    for name in ("get_pin_analytics", "get_multi_pin_analytics"):
        params = [resolve(spec, p) for p in spec_operation(spec, by_name()[name]).get("parameters", [])]
        (metric_types,) = [p for p in params if p["name"] == "metric_types"]
        items = resolve(spec, resolve(spec, metric_types["schema"])["items"])
        allowed = {value for branch in items["oneOf"] for value in resolve(spec, branch)["enum"]}
        assert allowed == PIN_METRICS.values, name
