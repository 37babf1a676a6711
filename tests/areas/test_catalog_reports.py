"""Catalog report tools through a real MCP client against the emulator: create, poll, download, stats.

The emulator's answers are checked against the spec's response schemas, and the request the stats
tool sends is checked on the emulator's log: its `parameters` object goes as a deepObject.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client

from pinterest_mcp.api.request import prepare
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.operations.catalogs import OPERATIONS, ReportStats
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.emulator import assert_valid, response_schema
from support.tools import call, text_of

pytestmark = pytest.mark.anyio


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=7)


@pytest.fixture
async def client(emu: Emulator, tmp_path: Path) -> AsyncIterator[Client]:
    settings = Settings(demo=True, toolsets=("catalogs",))
    runtime = Runtime(settings, transport=httpx.ASGITransport(app=emu.app), env={"XDG_DATA_HOME": str(tmp_path)})
    async with Client(build_server(runtime.settings, runtime)) as connected:
        yield connected


def valid(spec: dict[str, Any], path: str, method: str, body: Any) -> None:
    schema = response_schema(spec, spec["paths"][path][method], 200)
    assert_valid(spec, schema, {k: v for k, v in body.items() if k != "next"}, f"{method.upper()} {path}")


async def _feed(client: Client) -> tuple[str, str]:
    (feed,) = (await call(client, "list_catalog_feeds"))["items"]
    (result, *_) = (await call(client, "list_feed_processing_results", feed_id=feed["id"]))["items"]
    return feed["id"], result["id"]


async def test_a_feed_issues_report_is_made_polled_until_finished_and_downloaded(
    spec: dict[str, Any], emu: Emulator, client: Client
) -> None:
    feed_id, result_id = await _feed(client)
    issues = (await call(client, "list_catalog_item_issues", processing_result_id=result_id))["items"]
    made = await call(client, "create_catalog_report", report_type="FEED_INGESTION_ISSUES", feed_id=feed_id)
    valid(spec, "/catalogs/reports", "post", made)
    assert emu.requests[-1].body == {
        "catalog_type": "RETAIL",
        "report": {"report_type": "FEED_INGESTION_ISSUES", "feed_id": feed_id},
    }
    polls = [await call(client, "get_catalog_report", token=made["token"]) for _ in range(2)]
    for answer in polls:
        valid(spec, "/catalogs/reports", "get", answer)
    assert polls[0]["report_status"] == "IN_PROGRESS" and made["token"] in polls[0]["next"]
    assert polls[1]["report_status"] == "FINISHED" and "5 minutes" in polls[1]["next"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app)) as http:
        file = await http.get(polls[1]["url"])
    assert file.status_code == 200 and len(file.content) == polls[1]["size"]
    rows = list(csv.DictReader(io.StringIO(file.text)))
    expected = sorted((i["item_id"], c) for i in issues for c in (*i["errors"], *i["warnings"]))
    assert rows and sorted((r["item_id"], r["code"]) for r in rows) == expected


async def test_an_all_items_report_lists_the_catalog_and_a_bad_token_says_so(
    spec: dict[str, Any], emu: Emulator, client: Client
) -> None:
    (catalog,) = (await call(client, "list_catalogs"))["items"]
    made = await call(client, "create_catalog_report", report_type="ALL_ITEMS", catalog_id=catalog["id"])
    while (polled := await call(client, "get_catalog_report", token=made["token"]))["report_status"] != "FINISHED":
        assert polled["report_status"] == "IN_PROGRESS"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app)) as http:
        rows = list(csv.DictReader(io.StringIO((await http.get(polled["url"])).text)))
    assert rows and all(r["item_id"] and r["price"] for r in rows)
    refused = await client.call_tool("get_catalog_report", {"token": "not-a-token"})
    assert refused.is_error and "not valid or has expired" in text_of(refused)


async def test_refused_before_sending_a_feed_report_without_its_feed(emu: Emulator, client: Client) -> None:
    sent = len(emu.requests)
    answer = await client.call_tool("create_catalog_report", {"report_type": "FEED_INGESTION_ISSUES"})
    assert answer.is_error and "feed_id" in text_of(answer) and len(emu.requests) == sent


async def test_stats_count_the_feed_issues_by_code_sent_as_a_deep_object(
    spec: dict[str, Any], emu: Emulator, client: Client
) -> None:
    feed_id, result_id = await _feed(client)
    issues = (await call(client, "list_catalog_item_issues", processing_result_id=result_id))["items"]
    stats = await call(client, "list_catalog_report_stats", report_type="FEED_INGESTION_ISSUES", feed_id=feed_id)
    assert emu.requests[-1].query == [
        ("parameters[catalog_type]", "RETAIL"),
        ("parameters[report][report_type]", "FEED_INGESTION_ISSUES"),
        ("parameters[report][feed_id]", feed_id),
    ]
    counted = {(s["code_label"], s["severity"]): s["occurrences"] for s in stats["items"]}
    expected: dict[tuple[str, str], int] = {}
    for issue in issues:
        for side, severity in (("errors", "ERROR"), ("warnings", "WARN")):
            for code in issue[side]:
                expected[code, severity] = expected.get((code, severity), 0) + 1
    assert counted == expected and counted
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app)) as http:
        raw = await http.get(
            "http://e/v5/catalogs/reports/stats",
            params=tuple(emu.requests[-1].query),
            headers={"Authorization": "Bearer t"},
        )
        valid(spec, "/catalogs/reports/stats", "get", raw.json())
        bad = await http.get(
            "http://e/v5/catalogs/reports/stats",
            params={"parameters[catalog_type]": "PLANE"},
            headers={"Authorization": "Bearer t"},
        )
    assert bad.status_code == 400 and "parameters" in bad.json()["message"]
    distribution = await call(client, "list_catalog_report_stats", report_type="DISTRIBUTION_ISSUES")
    assert distribution["items"] == []


def test_a_deep_object_query_nests_brackets_and_leaves_out_what_is_unset() -> None:
    op = next(o for o in OPERATIONS if o.name == "list_catalog_report_stats")
    args = ReportStats.model_validate({"report_type": "DISTRIBUTION_ISSUES", "catalog_id": "12"})
    assert prepare(op, args).query == [
        ("parameters[catalog_type]", "RETAIL"),
        ("parameters[report][report_type]", "DISTRIBUTION_ISSUES"),
        ("parameters[report][catalog_id]", "12"),
    ]
    assert json.dumps(op.input.model_json_schema()).count("deepObject") == 0
