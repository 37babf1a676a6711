"""Async report tools through a real MCP client against the emulator: create, poll, run_report end to end.

Time never passes for real: the emulator's clock is a number the test moves, and `run_report`
sleeps on a simulated clock (`use_waits`). Pinterest's limits are refused before any request
(asserted on the emulator's request log); report files are parsed in the shapes Pinterest serves.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client

from pinterest_mcp.answers.report_files import DownloadPolicy, ReportFileError, parse_rows
from pinterest_mcp.auth.credentials import KeyringStore
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.emulator.routes.reports import LINK_LIFETIME, REPORT_LIFETIME
from pinterest_mcp.registry.toolsets import TOOLSETS
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.composite.run_report import CALL_DEADLINE, Waits, split, use_waits
from pinterest_mcp.spec.facts import vocabulary
from support.clock import Sleeps
from support.emulator import assert_valid, response_schema
from support.fakes import MemoryKeyring
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
TODAY = datetime.now(UTC).date()  # the server checks windows against the real UTC date
START = 1_781_500_000.0
REPORTS = "/ad_accounts/{ad_account_id}/reports"


class Clock:
    """A Unix time the test (or a fake sleep) moves; `step` is added on every reading."""

    def __init__(self, now: float = START, step: float = 0.0) -> None:
        self.now = now
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def emu_clock() -> Clock:
    return Clock()


@pytest.fixture
def emu(emu_clock: Clock) -> Emulator:
    return Emulator(seed=7, today=lambda: TODAY, clock=emu_clock)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def demo_runtime(emu: Emulator, tmp_path: Path, sleeps: Sleeps) -> Runtime:
    settings = Settings(demo=True, toolsets=("default", "reports"))
    runtime = Runtime(settings, transport=httpx.ASGITransport(app=emu.app), env={"XDG_DATA_HOME": str(tmp_path)})
    use_waits(runtime, sleeps.waits())
    return runtime


@pytest.fixture
async def client(emu: Emulator, tmp_path: Path, sleeps: Sleeps) -> AsyncIterator[Client]:
    runtime = demo_runtime(emu, tmp_path, sleeps)
    async with Client(build_server(runtime.settings, runtime)) as connected:
        yield connected


def account(emu: Emulator) -> str:
    account_id: str = next(a["id"] for a in emu.state.ad_accounts.values() if a["currency"] == "USD")
    return account_id


def days(back: int, span: int) -> dict[str, str]:
    start = TODAY - timedelta(days=back)
    return {"start_date": start.isoformat(), "end_date": (start + timedelta(days=span)).isoformat()}


async def refused(client: Client, tool: str, **arguments: Any) -> str:
    result = await client.call_tool(tool, arguments)
    assert result.is_error
    text: str = text_of(result)
    return text


def valid(spec: dict[str, Any], path: str, method: str, body: Any) -> None:
    assert_valid(spec, response_schema(spec, spec["paths"][path][method], 200), body, f"{method} {path}")


def test_reports_are_an_opt_in_toolset() -> None:
    assert {t.name: t.default for t in TOOLSETS}["reports"] is False


def report_bodies(emu: Emulator) -> list[tuple[str, str, dict[str, Any], str]]:
    """Per report kind: its tool, its emulator path, the body apart from `columns`, and its column vocabulary."""
    acct = account(emu)
    mmm = {"report_name": "r", "level": "CAMPAIGN_TARGETING", "granularity": "WEEK", "targeting_types": ["GENDER"]}
    product = {"report_name": "r", "level": "ADVERTISER", "granularity": "TOTAL"}
    ads = {"level": "CAMPAIGN", "granularity": "DAY"}
    return [
        ("create_report", f"/ad_accounts/{acct}/reports", {**days(10, 5), **ads}, "async_columns"),
        ("create_mmm_report", f"/ad_accounts/{acct}/mmm_reports", {**days(40, 27), **mmm}, "mmm_columns"),
        (
            "create_conversion_product_report",
            f"/ad_accounts/{acct}/reports/brand_category_sku",
            {**days(60, 30), **product},
            "conversion_product_columns",
        ),
    ]


async def test_report_tools_take_the_specs_columns_and_name_the_closest_for_others(
    emu: Emulator, client: Client
) -> None:
    """A column of the spec's enum is sent; a misspelt one is refused before any request, the right one named."""
    for tool, _, body, name in report_bodies(emu):
        allowed = vocabulary(name)
        for column in (allowed[0], allowed[-1]):
            mark = emu.requests.total
            await call(client, tool, ad_account_id=account(emu), **body, columns=[column])
            assert emu.requests.since(mark)[-1].body["columns"] == [column], (tool, column)
        mark = emu.requests.total
        text = await refused(client, tool, ad_account_id=account(emu), **body, columns=[allowed[-1] + "S"])
        assert "did you mean" in text and allowed[-1] in text and "nothing was sent" in text, (tool, text)
        assert emu.requests.since(mark) == []


async def test_the_emulator_checks_report_columns_against_the_specs_enums(emu: Emulator) -> None:
    """Pinterest's side: each report kind takes its own enum's columns and answers 400 for another kind's."""
    transport = httpx.ASGITransport(app=emu.app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://e/v5", headers={"Authorization": "Bearer t"}
    ) as http:
        for _, path, body, name in report_bodies(emu):
            allowed = vocabulary(name)
            accepted = await http.post(path, json={**body, "columns": [allowed[-1]]})
            assert accepted.status_code == 200, (path, accepted.text)
            foreign = next(c for c in vocabulary("async_columns") + vocabulary("mmm_columns") if c not in allowed)
            refused_ = await http.post(path, json={**body, "columns": [foreign]})
            assert refused_.status_code == 400 and "columns" in refused_.json()["message"], (path, refused_.text)
        sync = vocabulary("sync_columns")
        query = {**days(10, 5), "granularity": "DAY"}
        analytics = f"/ad_accounts/{account(emu)}/analytics"
        assert (await http.get(analytics, params={**query, "columns": sync[-1]})).status_code == 200
        outside = next(c for c in vocabulary("async_columns") if c not in sync)
        answer = await http.get(analytics, params={**query, "columns": outside})
        assert answer.status_code == 400 and outside in answer.json()["message"], answer.text


async def test_create_and_get_report_round_trip_as_the_spec_says(
    spec: dict[str, Any], emu: Emulator, client: Client
) -> None:
    acct = account(emu)
    created = await call(client, "create_report", ad_account_id=acct, level="AD_GROUP", **days(30, 29))
    valid(spec, REPORTS, "post", created)
    body = emu.requests[-1].body
    assert body["level"] == "AD_GROUP" and body["start_date"] == days(30, 29)["start_date"]
    first = await call(client, "get_report", ad_account_id=acct, token=created["token"])
    second = await call(client, "get_report", ad_account_id=acct, token=created["token"])
    for answer in (first, second):
        valid(spec, REPORTS, "get", answer)
    assert first["report_status"] == "IN_PROGRESS" and second["report_status"] == "FINISHED" and second["url"]


async def test_templates_mmm_and_product_reports_round_trip(
    spec: dict[str, Any], emu: Emulator, client: Client
) -> None:
    acct = account(emu)
    templates = await call(client, "list_report_templates", ad_account_id=acct, order="DESCENDING")
    assert templates["count"] == 3 and {"id", "name", "report_level"} <= set(templates["items"][0])
    raw = await httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app)).get(
        f"http://e/v5/ad_accounts/{acct}/templates", headers={"Authorization": "Bearer t"}
    )
    valid(spec, "/ad_accounts/{ad_account_id}/templates", "get", raw.json())
    template = templates["items"][0]["id"]
    made = await call(client, "create_template_report", ad_account_id=acct, template_id=template, **days(60, 59))
    valid(spec, "/ad_accounts/{ad_account_id}/templates/{template_id}/reports", "post", made)
    assert emu.requests[-1].query == [
        ("start_date", days(60, 59)["start_date"]),
        ("end_date", days(60, 59)["end_date"]),
    ]
    assert (await call(client, "get_report", ad_account_id=acct, token=made["token"]))["report_status"]

    mmm = await call(
        client,
        "create_mmm_report",
        ad_account_id=acct,
        report_name="Q2 mix",
        level="CAMPAIGN_TARGETING",
        granularity="WEEK",
        targeting_types=["GENDER", "APPTYPE"],
        columns=["SPEND_IN_DOLLAR", "IMPRESSION_1", "CAMPAIGN_NAME"],
        **days(40, 27),
    )
    valid(spec, "/ad_accounts/{ad_account_id}/mmm_reports", "post", mmm)
    mmm_status = await call(client, "get_mmm_report", ad_account_id=acct, token=mmm["data"]["token"])
    valid(spec, "/ad_accounts/{ad_account_id}/mmm_reports", "get", mmm_status)
    # An MMM token is not an ads report's.
    other = await call(client, "get_report", ad_account_id=acct, token=mmm["data"]["token"])
    assert other["report_status"] == "DOES_NOT_EXIST"

    product = await call(
        client,
        "create_conversion_product_report",
        ad_account_id=acct,
        report_name="Brands",
        level="CAMPAIGN",
        granularity="TOTAL",
        columns=["CAMPAIGN_ID", "TOTAL_CONVERSION_PRODUCT_QUANTITY", "TOTAL_CHECKOUT_CONVERSION_PRODUCT_VALUE"],
        conversion_product_breakdown="PRODUCT_BRAND",
        **days(30, 20),
    )
    path = "/ad_accounts/{ad_account_id}/reports/brand_category_sku"
    valid(spec, path, "post", product)
    valid(
        spec,
        path,
        "get",
        await call(client, "get_conversion_product_report", ad_account_id=acct, token=product["token"]),
    )


async def test_limits_are_refused_naming_the_rule_before_any_request(emu: Emulator, client: Client) -> None:
    acct = account(emu)
    cases: list[tuple[str, dict[str, Any], str]] = [
        ("create_report", days(915, 10), "914 days"),
        ("create_report", days(300, 187), "186 days"),
        ("create_report", {**days(9, 1), "granularity": "HOUR"}, "8 days"),
        ("create_report", {**days(60, 32), "level": "PRODUCT_ITEM"}, "31 days"),
        ("create_report", {**days(10, 5), "level": "CAMPAIGN_TARGETING"}, "targeting_types"),
        ("create_report", {**days(10, 5), "columns": ["SPEND_IN_MICRO_DOLAR"]}, "did you mean"),
        ("create_template_report", {"template_id": "1", **days(914, 10)}, "913 days"),
        ("run_report", {**days(300, 200), "granularity": "TOTAL"}, "granularity TOTAL"),
        ("run_report", days(915, 10), "914 days"),
    ]
    mark = emu.requests.total
    for tool, arguments, rule in cases:
        text = await refused(client, tool, ad_account_id=acct, **arguments)
        assert rule in text and "nothing was sent" in text, (tool, text)
    product = {"report_name": "r", "level": "ADVERTISER", "granularity": "TOTAL", "columns": ["ADVERTISER_ID"]}
    early = {"start_date": "2024-03-16", "end_date": "2024-04-30"}
    assert "after 2024-03-16" in await refused(
        client, "create_conversion_product_report", ad_account_id=acct, **product, **early
    )
    short = days(30, 5)
    assert "at least 7 days" in await refused(
        client, "create_conversion_product_report", ad_account_id=acct, **product, **short
    )
    assert emu.requests.since(mark) == []


async def test_run_report_splits_long_ranges_and_merges_with_progress(
    emu: Emulator, client: Client, sleeps: Sleeps, tmp_path: Path
) -> None:
    """400 days by MONTH are three reports (186 days each at most), cut on month starts, merged."""
    acct = account(emu)
    seen: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total, message))

    mark = emu.requests.total
    result = await client.call_tool(
        "run_report",
        {"ad_account_id": acct, "granularity": "MONTH", "rows": 1000, **days(400, 399)},
        progress_callback=on_progress,
    )
    assert not result.is_error, text_of(result)
    answer = json.loads(text_of(result))
    sent = emu.requests.since(mark)
    creates = [r.body for r in sent if r.method == "POST" and r.template == REPORTS]
    assert len(creates) == answer["report"]["parts"] == 3
    assert all(date.fromisoformat(b["start_date"]).day == 1 for b in creates[1:])
    assert (
        creates[0]["start_date"] == days(400, 0)["start_date"] and creates[-1]["end_date"] == days(400, 399)["end_date"]
    )
    assert sum(1 for r in sent if r.path.startswith("/downloads/")) == 3
    assert answer["columns"][:2] == ["DATE", "CAMPAIGN_ID"] and "SPEND (USD)" in answer["columns"]
    assert answer["summary"]["row_count"] == len(answer["rows"]) > 0
    assert set(answer["summary"]["totals"]) == {"spend (USD)", "impressions", "clicks"}
    assert all(Path(f).is_relative_to(tmp_path) and Path(f).stat().st_mode & 0o077 == 0 for f in answer["files"])
    values = [p for p, _, _ in seen]
    assert values == sorted(values) and len(set(values)) == len(values) and seen[-1][0] == seen[-1][1] == 7
    assert sleeps.slept == [2.0]  # one wait: the emulator finishes a report on its second poll


TOKYO_EVENING = datetime.combine(TODAY, dt_time(20), UTC).timestamp()
"""20:00 UTC: already tomorrow morning in Tokyo, so Tokyo's `yesterday` is UTC's today."""


@pytest.fixture
async def tokyo(emu: Emulator, tmp_path: Path, sleeps: Sleeps) -> AsyncIterator[tuple[Client, str]]:
    """A client whose runtime reads the time as `TOKYO_EVENING`, and a USD account in Japan."""
    settings = Settings(demo=True, toolsets=("default", "reports"))
    transport = httpx.ASGITransport(app=emu.app)
    runtime = Runtime(settings, transport=transport, env={"XDG_DATA_HOME": str(tmp_path)}, clock=lambda: TOKYO_EVENING)
    use_waits(runtime, sleeps.waits())
    acct = account(emu)
    emu.state.ad_accounts[acct]["country"] = "JP"  # before anything looks the account up
    async with Client(build_server(runtime.settings, runtime)) as connected:
        yield connected, acct


async def test_create_report_resolves_a_date_range_in_the_account_zone_and_echoes_it(
    emu: Emulator, tokyo: tuple[Client, str]
) -> None:
    client, acct = tokyo
    created = await call(client, "create_report", ad_account_id=acct, date_range="last_7_days", level="AD_GROUP")
    start, end = TODAY - timedelta(days=6), TODAY  # Tokyo's last 7 days, ending Tokyo's yesterday
    assert created["dates"] == {"start": str(start), "end": str(end), "range": "last_7_days", "timezone": "Asia/Tokyo"}
    assert created["token"] and created["report_status"] == "IN_PROGRESS"
    body = emu.requests[-1].body
    assert (body["start_date"], body["end_date"]) == (str(start), str(end)) and "date_range" not in body
    explicit = await call(client, "create_report", ad_account_id=acct, start_date=str(start), end_date=str(end))
    assert "dates" not in explicit  # absolute dates are echoed only when the server chose them


async def test_run_report_resolves_a_date_range_before_splitting(emu: Emulator, tokyo: tuple[Client, str]) -> None:
    """HOUR reports span 3 days: Tokyo's last 7 days are split into parts that cover them exactly."""
    client, acct = tokyo
    mark = emu.requests.total
    answer = await call(client, "run_report", ad_account_id=acct, date_range="last_7_days", granularity="HOUR")
    creates = [r.body for r in emu.requests.since(mark) if r.method == "POST" and r.template == REPORTS]
    start, end = TODAY - timedelta(days=6), TODAY
    assert (creates[0]["start_date"], creates[-1]["end_date"]) == (str(start), str(end))
    assert len(creates) == answer["report"]["parts"] == 2
    report = answer["report"]
    assert (report["start_date"], report["end_date"]) == (str(start), str(end))
    assert report["dates"] == {"start": str(start), "end": str(end), "range": "last_7_days", "timezone": "Asia/Tokyo"}
    templates = (await call(client, "list_report_templates", ad_account_id=acct))["items"]
    mark = emu.requests.total
    ran = await call(client, "run_report", ad_account_id=acct, template_id=templates[0]["id"], date_range="yesterday")
    made = next(r for r in emu.requests.since(mark) if r.method == "POST")
    assert made.query == [("start_date", str(TODAY)), ("end_date", str(TODAY))]
    assert ran["report"]["dates"]["range"] == "yesterday" and ran["report"]["template_id"] == templates[0]["id"]


async def test_a_date_range_breaking_a_report_limit_is_refused_before_any_request(
    emu: Emulator, client: Client
) -> None:
    acct = account(emu)
    cases: list[tuple[str, dict[str, Any], list[str]]] = [
        ("create_report", {"date_range": "last_7_days", "granularity": "HOUR"}, ["3 days", "date_range last_7_days"]),
        ("create_report", {"date_range": "last_90_days", "level": "PRODUCT_ITEM"}, ["31 days", "PRODUCT_ITEM"]),
        ("create_report", {"date_range": "last_7_days", **days(8, 1)}, ["not both"]),
        ("create_report", {"date_range": "last_week"}, ["date_range", "last_7_days"]),
        ("create_report", {}, ["start_date", "date_range"]),
        ("run_report", {"date_range": "last_14_days", "granularity": "HOUR"}, ["8 days"]),
        ("run_report", {"date_range": "last_7_days", "token": "abc"}, ["leave out date_range"]),
    ]
    mark = emu.requests.total
    for tool, arguments, rules in cases:
        text = await refused(client, tool, ad_account_id=acct, **arguments)
        assert all(rule in text for rule in rules) and "nothing was sent" in text.lower(), (tool, text)
    assert emu.requests.since(mark) == []


async def test_run_report_waits_with_capped_backoff_and_answers_its_handle_at_the_call_deadline(
    emu: Emulator, client: Client, sleeps: Sleeps
) -> None:
    acct = account(emu)
    emu.inject_fault(
        "GET", REPORTS, status=200, body={"report_status": "IN_PROGRESS", "url": None, "size": None}, times=10_000
    )
    result = await client.call_tool("run_report", {"ad_account_id": acct, **days(10, 5)})
    assert not result.is_error and '"status":"IN_PROGRESS"' in text_of(result) and "token=run-" in text_of(result)
    assert sleeps.slept == [2.0, 3.0, 4.5, 6.75, 10.125, 15.1875]  # the next, 22.8 s, would pass the deadline
    assert sum(sleeps.slept) <= CALL_DEADLINE


async def test_cancelling_run_report_stops_polling(emu: Emulator, tmp_path: Path) -> None:
    acct = account(emu)
    emu.inject_fault(
        "GET", REPORTS, status=200, body={"report_status": "IN_PROGRESS", "url": None, "size": None}, times=10_000
    )
    asleep, cancelled = anyio.Event(), anyio.Event()

    async def sleep(_: float) -> None:
        asleep.set()
        try:
            await anyio.sleep_forever()
        finally:
            cancelled.set()

    runtime = demo_runtime(emu, tmp_path, Sleeps())
    use_waits(runtime, Waits(sleep=sleep, clock=lambda: 0.0))
    async with Client(build_server(runtime.settings, runtime)) as client:
        with anyio.fail_after(10):
            async with anyio.create_task_group() as group:
                group.start_soon(client.call_tool, "run_report", {"ad_account_id": acct, **days(10, 5)})
                await asleep.wait()
                polls = emu.requests.count("GET", REPORTS)
                group.cancel_scope.cancel()
            await cancelled.wait()
    assert polls == 1 and emu.requests.count("GET", REPORTS) == 1


async def test_an_expired_link_is_renewed_once_then_a_clear_error(
    emu: Emulator, emu_clock: Clock, client: Client
) -> None:
    acct = account(emu)
    emu_clock.step = LINK_LIFETIME + 1  # every request ages the link past its five minutes
    text = await refused(client, "run_report", ad_account_id=acct, **days(10, 5))
    assert ("expired twice" in text and "token=" in text) or "EXPIRED" in text
    assert sum(1 for r in emu.requests if r.path.startswith("/downloads/")) >= 1
    emu_clock.step, emu_clock.now = 0.0, START + REPORT_LIFETIME * 2
    created = await call(client, "create_report", ad_account_id=acct, **days(10, 5))
    emu_clock.now += REPORT_LIFETIME
    gone = await refused(client, "run_report", ad_account_id=acct, token=created["token"])
    assert "EXPIRED" in gone and "an hour" in gone


async def test_run_report_waits_for_template_mmm_and_product_tokens(emu: Emulator, client: Client) -> None:
    acct = account(emu)
    template = (await call(client, "list_report_templates", ad_account_id=acct))["items"]
    csv_template = next(t["id"] for t in template if t["report_format"] == "CSV")
    by_template = await call(client, "run_report", ad_account_id=acct, template_id=csv_template)
    assert by_template["file"].endswith(".csv") and "AD_GROUP_NAME" in by_template["columns"]
    mmm = await call(
        client,
        "create_mmm_report",
        ad_account_id=acct,
        report_name="mix",
        level="AD_GROUP_TARGETING",
        granularity="DAY",
        targeting_types=["GENDER"],
        columns=["SPEND_IN_MICRO_DOLLAR", "AD_GROUP_ID"],
        **days(14, 13),
    )
    waited = await call(client, "run_report", ad_account_id=acct, token=mmm["data"]["token"], token_of="mmm")
    assert {"TARGETING_TYPE", "TARGETING_VALUE", "SPEND (USD)"} <= set(waited["columns"])
    product = await call(
        client,
        "create_conversion_product_report",
        ad_account_id=acct,
        report_name="skus",
        level="ADVERTISER",
        granularity="WEEK",
        conversion_product_breakdown="PRODUCT_SKU",
        columns=["TOTAL_CONVERSION_PRODUCT_QUANTITY"],
        **days(30, 27),
    )
    rows = await call(client, "run_report", ad_account_id=acct, token=product["token"], token_of="conversion_product")
    assert "CONVERSION_PRODUCT_ID" in rows["columns"] and rows["summary"]["row_count"] > 0


async def test_csv_and_json_reports_give_the_same_totals(emu: Emulator, client: Client) -> None:
    acct = account(emu)
    as_json = await call(client, "run_report", ad_account_id=acct, **days(20, 10))
    as_csv = await call(client, "run_report", ad_account_id=acct, report_format="CSV", **days(20, 10))
    assert as_json["file"].endswith(".json") and as_csv["file"].endswith(".csv")
    assert as_json["summary"] == as_csv["summary"] and as_json["summary"]["row_count"] > 0


async def test_answers_are_capped_and_the_file_keeps_every_row(emu: Emulator, client: Client) -> None:
    acct = account(emu)
    answer = await call(client, "run_report", ad_account_id=acct, level="AD_GROUP", rows=5, **days(20, 10))
    assert len(answer["rows"]) == 5 < answer["summary"]["row_count"] and "saved file" in answer["truncated"]
    assert len(parse_rows(Path(answer["file"]).read_bytes())) == answer["summary"]["row_count"]


async def test_outside_the_demo_a_non_https_report_link_is_refused_unfetched(emu: Emulator, tmp_path: Path) -> None:
    acct = account(emu)
    env = {"PINTEREST_ACCESS_TOKEN": "pina_test_token", "XDG_DATA_HOME": str(tmp_path)}
    runtime = Runtime(
        Settings(base_url="http://emulator.local/v5", toolsets=("reports",)),
        transport=httpx.ASGITransport(app=emu.app),
        store=KeyringStore(MemoryKeyring()),
        env=env,
    )
    use_waits(runtime, Sleeps().waits())
    async with Client(build_server(runtime.settings, runtime)) as client:
        text = await refused(client, "run_report", ad_account_id=acct, **days(10, 5))
    assert "refused report link" in text and "https" in text
    assert not any(r.path.startswith("/downloads/") for r in emu.requests)


async def test_download_policy_allows_only_pinterest_hosts_on_public_addresses() -> None:
    async def public(host: str) -> list[str]:
        return ["52.216.0.1"]

    async def private(host: str) -> list[str]:
        return ["10.0.0.7"]

    policy = DownloadPolicy(resolve=public)
    await policy.check("https://pinterest-anaheim.s3.amazonaws.com/async/r.json?X-Amz-Signature=1")
    await policy.check("https://pinterest-waterloo.s3.us-east-1.amazonaws.com/bulk_framework/r.csv")
    for url in (
        "http://pinterest-anaheim.s3.amazonaws.com/r.json",
        "https://evil.s3.amazonaws.com/r.json",
        "https://ads.pinterest.com.evil.example/r.json",
        "https://127.0.0.1/r.json",
        "https://user:pw@pinterest-anaheim.s3.amazonaws.com/r.json",
        "https://emulator.local/downloads/reports/x.json",
    ):
        with pytest.raises(ReportFileError):
            await policy.check(url)
    with pytest.raises(ReportFileError, match="private or loopback"):
        await DownloadPolicy(resolve=private).check("https://pinterest-anaheim.s3.amazonaws.com/r.json")
    await DownloadPolicy(demo_origin="http://emulator.local").check("http://emulator.local/downloads/reports/x.json")


def test_report_files_parse_in_every_shape_pinterest_serves() -> None:
    by_id = {"123": [{"CAMPAIGN_ID": "123", "DATE": "2026-06-01", "SPEND_IN_MICRO_DOLLAR": 5}]}
    by_date = {"2026-06-01": [{"CAMPAIGN_ID": "9", "PAID_IMPRESSION": 10}]}
    csv_text = b"CAMPAIGN_ID,DATE,SPEND_IN_MICRO_DOLLAR,CTR,CAMPAIGN_NAME\n0123,2026-06-01,5,0.25,\n"
    assert parse_rows(json.dumps(by_id).encode()) == by_id["123"]
    assert parse_rows(json.dumps(by_date).encode()) == [
        {"DATE": "2026-06-01", "CAMPAIGN_ID": "9", "PAID_IMPRESSION": 10}
    ]
    rows = [
        {"CAMPAIGN_ID": "0123", "DATE": "2026-06-01", "SPEND_IN_MICRO_DOLLAR": 5, "CTR": 0.25, "CAMPAIGN_NAME": None}
    ]
    assert parse_rows(csv_text) == rows
    assert parse_rows(gzip.compress(csv_text)) == rows
    assert parse_rows(b"\xef\xbb\xbf" + csv_text) == rows  # a byte-order mark is not part of the header
    assert parse_rows(b"") == [] and parse_rows(b"[]") == []
    with pytest.raises(ReportFileError):
        parse_rows(b"\x1f\x8bnot gzip")


def test_split_cuts_where_buckets_start() -> None:
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    months = split(start, end, 186, "MONTH")
    assert months == [(start, date(2025, 6, 30)), (date(2025, 7, 1), end)]
    weeks = split(date(2025, 1, 6), end, 186, "WEEK")
    assert all(p[0].weekday() == 0 for p in weeks) and all((b - a).days <= 186 for a, b in weeks)
    assert split(start, start, 3, "HOUR") == [(start, start)]


async def test_get_report_leads_to_run_report_which_reads_its_link_into_rows_and_a_csv(
    emu: Emulator, client: Client
) -> None:
    """Issue #20: get_report's link is read by no tool; its answer names the run_report call that reads it."""
    import csv
    import io

    from mcp.types import ResourceLink, TextResourceContents

    acct = account(emu)
    created = await call(client, "create_report", ad_account_id=acct, level="CAMPAIGN", **days(10, 5))
    waiting = await call(client, "get_report", ad_account_id=acct, token=created["token"])
    finished = await call(client, "get_report", ad_account_id=acct, token=created["token"])
    said = f'run_report(ad_account_id="{acct}", token="{created["token"]}")'
    assert waiting["report_status"] == "IN_PROGRESS" and said in waiting["next"]
    assert finished["report_status"] == "FINISHED" and finished["url"] and said in finished["next"]
    assert "No tool reads the url" in finished["next"]

    result = await client.call_tool("run_report", {"ad_account_id": acct, "token": created["token"]})
    assert not result.is_error, text_of(result)
    table = json.loads(text_of(result))
    handle = table["report"]["token"]
    assert handle.startswith("run-") and table["rows"] and table["summary"]["row_count"] == len(table["rows"])
    links = [c for c in result.content if isinstance(c, ResourceLink)]
    assert [str(link.uri) for link in links] == [f"pinterest://reports/{handle}.csv"]
    (content,) = (await client.read_resource(str(links[0].uri))).contents
    assert isinstance(content, TextResourceContents)
    rows = list(csv.DictReader(io.StringIO(content.text)))
    assert len(rows) == table["summary"]["row_count"] and {r["CAMPAIGN_ID"] for r in rows} == {
        str(r[table["columns"].index("CAMPAIGN_ID")]) for r in table["rows"]
    }
    again = json.loads(text_of(await client.call_tool("run_report", {"ad_account_id": acct, "token": handle})))
    assert again["rows"] == table["rows"]  # the handle goes on from the same report


async def test_an_mmm_status_names_run_report_with_its_token_kind(emu: Emulator, client: Client) -> None:
    acct = account(emu)
    mmm = await call(
        client,
        "create_mmm_report",
        ad_account_id=acct,
        report_name="Q2 mix",
        level="CAMPAIGN_TARGETING",
        granularity="WEEK",
        targeting_types=["GENDER"],
        columns=["SPEND_IN_DOLLAR", "IMPRESSION_1"],
        **days(40, 27),
    )
    token = mmm["data"]["token"]
    status = await call(client, "get_mmm_report", ad_account_id=acct, token=token)
    assert f'token="{token}", token_of="mmm")' in status["next"], status
    missing = await call(client, "get_report", ad_account_id=acct, token=token)  # not an ads report's token
    assert missing["report_status"] == "DOES_NOT_EXIST" and "next" not in missing
