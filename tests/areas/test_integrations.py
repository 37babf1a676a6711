"""Commerce integrations through a real MCP client: partners' tokens masked in every answer, plan, journal, error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
USD = "549755856399"
ACCESS, REFRESH = "shopify-partner-access-7f3a9c", "shopify-partner-refresh-81bd2e"
DEMO_ACCESS = "demo-partner-access-0001"  # the demo shop's token, as the emulator holds it


def _runtime(tmp_path: Path) -> Runtime:
    return Runtime(Settings(demo=True, toolsets=("integrations",), journal=tmp_path / "journal.jsonl"))


async def test_an_integration_is_made_read_changed_and_deleted_and_no_token_is_ever_shown(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    runtime = _runtime(tmp_path)
    new = {"external_business_id": "shop-42", "connected_advertiser_id": USD, "partner_access_token": ACCESS}
    new |= {"partner_refresh_token": REFRESH, "scopes": "ads:read"}
    seen: list[object] = []
    async with Client(build_server(runtime.settings, runtime)) as client:
        listed = await call(client, "list_integrations", fields=["*"])
        plan = await call(client, "create_commerce_integration", **new)
        made = await call(client, "create_commerce_integration", **new, confirmation=plan["confirmation"])
        one = await call(client, "get_integration", id=made["now"][0]["id"], fields=["*"])
        commerce = await call(client, "get_commerce_integration", external_business_id="shop-42")
        change = {"external_business_id": "shop-42", "partner_access_token": ACCESS + "-rotated"}
        plan_change = await call(client, "update_commerce_integration", **change)
        changed = await call(client, "update_commerce_integration", **change, confirmation=plan_change["confirmation"])
        twice = await client.call_tool("create_commerce_integration", new)  # a plan: the conflict comes on apply
        bad = await client.call_tool("create_commerce_integration", {**new, "partner_access_token": [ACCESS]})
        gone = {"external_business_id": "shop-42"}
        plan_delete = await call(client, "delete_commerce_integration", **gone)
        await call(client, "delete_commerce_integration", **gone, confirmation=plan_delete["confirmation"])
        missing = await client.call_tool("get_commerce_integration", gone)
        seen += [listed, plan, made, one, commerce, plan_change, changed, text_of(twice), text_of(bad), plan_delete]
    (sent,) = [r for r in runtime.emulator.requests if r.method == "POST"]
    assert sent.body["partner_access_token"] == ACCESS  # Pinterest gets the token; nothing else does
    assert listed["items"][0]["partner_access_token"] == "***" and one["partner_refresh_token"] == "***"
    assert plan["body"]["partner_access_token"] == "***" and one["external_business_id"] == "shop-42"
    assert commerce["connected_advertiser_id"] == USD and changed["status"] == "applied" and "undo" not in changed
    assert bad.is_error and "partner_access_token" in text_of(bad)
    assert missing.is_error and "shop-42" in text_of(missing)
    shown = json.dumps(seen) + (tmp_path / "journal.jsonl").read_text() + caplog.text
    assert not [token for token in (ACCESS, REFRESH, DEMO_ACCESS) if token in shown]


async def test_integration_logs_are_sent_and_counted(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    logs = [{"client_timestamp": 1_767_225_600_000, "event_type": "APP", "log_level": "WARN", "message": "slow"}] * 3
    async with Client(build_server(runtime.settings, runtime)) as client:
        plan = await call(client, "send_integration_logs", logs=logs)
        done = await call(client, "send_integration_logs", logs=logs, confirmation=plan["confirmation"])
        too_many = await client.call_tool("send_integration_logs", {"logs": logs * 84})
    assert done["status"] == "applied" and done["now"] == [{"message": "3 log(s) received."}]
    assert too_many.is_error and "logs" in text_of(too_many)


async def test_a_logs_versions_ids_error_and_request_reach_pinterest_as_given(tmp_path: Path) -> None:
    """Every detail a log carries (versions, merchant/feed/tag ids, the error's place, the call) is sent as given."""
    runtime = _runtime(tmp_path)
    error = {
        "name": "TimeoutError",
        "message": "feed fetch timed out",
        "message_detail": "after 30 s",
        "cause": "upstream",
        "number": 504,
        "file_name": "feed.js",
        "line_number": 12,
        "column_number": 7,
        "stack_trace": "at fetchFeed (feed.js:12:7)",
    }
    request = {"method": "GET", "host": "shop.example.com", "path": "/feed.xml", "response_status_code": 504}
    ids = {"merchant_id": "m-1", "feed_profile_id": "f-2", "tag_id": "t-3"}
    versions = {"app_version_number": "2.4.1", "platform_version_number": "2026.1"}
    log = {"client_timestamp": 1_767_225_600_000, "event_type": "API", "log_level": "ERROR", **ids, **versions}
    logs = [{**log, "error": error, "request": request}]
    async with Client(build_server(runtime.settings, runtime)) as client:
        plan = await call(client, "send_integration_logs", logs=logs)
        done = await call(client, "send_integration_logs", logs=logs, confirmation=plan["confirmation"])
    assert done["status"] == "applied", done
    (sent,) = [r for r in runtime.emulator.requests if r.method == "POST"]
    assert sent.body["logs"] == logs
