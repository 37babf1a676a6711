"""The Conversions API through a real MCP client against the emulator: user data hashed here, never shown or kept."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
USD = "549755856399"
EMAIL, PHONE, CITY, IP = " Ann.Lee@Example.com ", "+1 (555) 010-2000", "New York", "203.0.113.9"
RAW = ("ann.lee", "example.com", "555", "010-2000", "New York", "Lee", IP, "Mozilla/5.0 Test")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _runtime(tmp_path: Path) -> Runtime:
    return Runtime(Settings(demo=True, toolsets=("conversions",), journal=tmp_path / "journal.jsonl"))


def _event(event_id: str, when: int, name: str = "checkout", **user: Any) -> dict[str, Any]:
    user_data = {"em": [EMAIL], "ph": [PHONE], "ct": [CITY], "ln": ["Lee"], **user}
    user_data |= {"client_ip_address": IP, "client_user_agent": "Mozilla/5.0 Test"}
    event = {"event_name": name, "action_source": "web", "event_time": when, "event_id": event_id}
    return {**event, "user_data": user_data}


def _now(_: Runtime) -> int:
    """The emulator's clock: real time in the demo."""
    return int(time.time())


async def test_events_are_hashed_planned_by_counts_and_read_back_in_event_quality(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    now = _now(runtime)
    events = [_event("order-1", now - 7200), _event("order-2", now - 60), _event("lead-1", now - 600, "lead")]
    args = {"ad_account_id": USD, "data": events}
    async with Client(build_server(runtime.settings, runtime)) as client:
        plan = await call(client, "send_conversion_events", **args)
        done = await call(client, "send_conversion_events", **args, confirmation=plan["confirmation"])
        quality = await call(client, "list_conversion_event_quality", ad_account_id=USD, lookback_period="1d")
    (sent,) = [r for r in runtime.emulator.requests if r.method == "POST"]
    user = sent.body["data"][0]["user_data"]
    assert user["em"] == [_sha("ann.lee@example.com")] and user["ph"] == [_sha("15550102000")]
    assert user["ct"] == [_sha("newyork")] and user["ln"] == [_sha("lee")]
    assert user["client_ip_address"] == IP  # Pinterest takes the IP and user agent in the clear
    assert sent.query == []  # not a test: no test parameter at all
    (change,) = plan["changes"]
    assert change["count"] == 3 and change["event_name"] == "checkout 2, lead 1" and change["action_source"] == "web 3"
    assert change["event_time"].count("UTC") == 2 and change["test"] == "no"
    assert "em 3" in change["user_data"] and any("not a test" in w for w in plan["warnings"])
    assert done["status"] == "applied" and done["now"] == [{"num_events_received": 3, "num_events_processed": 3}]
    assert [r["event_id"] for r in done["results"]] == ["order-1", "order-2", "lead-1"]
    shown = json.dumps(plan) + json.dumps(done) + (tmp_path / "journal.jsonl").read_text()
    assert not [raw for raw in RAW if raw in shown] and user["em"][0] not in shown
    (capi,) = [s for s in quality["items"] if s["ingestion_source"] == "CONVERSIONS_API"]
    assert capi["quality_components"]["hashed_email"] == {"checkout": {"coverage": 1.0}, "lead": {"coverage": 1.0}}


async def test_test_mode_is_said_plainly_and_records_nothing(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    args = {"ad_account_id": USD, "test": True, "data": [_event("t-1", _now(runtime) - 60)]}
    async with Client(build_server(runtime.settings, runtime)) as client:
        plan = await call(client, "send_conversion_events", **args)
        done = await call(client, "send_conversion_events", **args, confirmation=plan["confirmation"])
        quality = await call(client, "list_conversion_event_quality", ad_account_id=USD, lookback_period="1d")
    assert plan["request"].endswith("/events?test=true") and plan["changes"][0]["test"].startswith("yes")
    assert "warnings" not in plan
    assert done["results"][0]["ok"] is True
    assert all(s["ingestion_source"] != "CONVERSIONS_API" for s in quality["items"])


async def test_each_event_gets_pinterests_answer_a_repeat_and_a_future_event_are_called_out(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    now = _now(runtime)
    first = {"ad_account_id": USD, "data": [_event("order-9", now - 60)]}
    again = {"ad_account_id": USD, "data": [_event("order-9", now - 60), _event("order-10", now + 86_400)]}
    async with Client(build_server(runtime.settings, runtime)) as client:
        for args in (first, again):
            plan = await call(client, "send_conversion_events", **args)
            result = await client.call_tool("send_conversion_events", {**args, "confirmation": plan["confirmation"]})
    answer = json.loads(text_of(result))
    assert answer["status"] == "partial" and answer["now"][0]["num_events_processed"] == 1
    repeat, future = answer["results"]
    assert repeat["ok"] is True and "received before" in repeat["warning"]
    assert future["ok"] is False and "future" in future["error"]


async def test_bad_user_data_is_refused_by_place_without_echoing_it_and_nothing_is_sent(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    now = _now(runtime)
    async with Client(build_server(runtime.settings, runtime)) as client:
        await call(client, "list_conversion_tags", ad_account_id=USD)
        bad_email = await client.call_tool(
            "send_conversion_events", {"ad_account_id": USD, "data": [_event("e", now, em=["ann.lee at example"])]}
        )
        not_hashed = await client.call_tool(
            "send_conversion_events", {"ad_account_id": USD, "hashed": True, "data": [_event("e", now)]}
        )
        unmatchable = await client.call_tool(
            "send_conversion_events",
            {"ad_account_id": USD, "data": [{**_event("e", now), "user_data": {"ph": [PHONE]}}]},
        )
        too_many = await client.call_tool(
            "send_conversion_events", {"ad_account_id": USD, "data": [_event(str(i), now) for i in range(1001)]}
        )
    assert bad_email.is_error and "data[0].user_data.em[0] is not an email address" in text_of(bad_email)
    assert not_hashed.is_error and "data[0].user_data.em[0] is not a SHA-256 digest" in text_of(not_hashed)
    assert unmatchable.is_error and "needs em, hashed_maids, or client_ip_address" in text_of(unmatchable)
    assert too_many.is_error and "data" in text_of(too_many) and "1000" in text_of(too_many)
    for result in (bad_email, not_hashed, unmatchable):
        assert not [raw for raw in (*RAW, "ann.lee at example", "15550102000") if raw in text_of(result)]
    assert [r for r in runtime.emulator.requests if r.method != "GET"] == []


async def test_digests_the_caller_made_are_sent_as_given(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    digest = _sha("ann.lee@example.com").upper()
    event = {**_event("h-1", _now(runtime) - 60), "user_data": {"em": [digest]}}
    args = {"ad_account_id": USD, "hashed": True, "data": [event]}
    async with Client(build_server(runtime.settings, runtime)) as client:
        plan = await call(client, "send_conversion_events", **args)
        await call(client, "send_conversion_events", **args, confirmation=plan["confirmation"])
    (sent,) = [r for r in runtime.emulator.requests if r.method == "POST"]
    assert sent.body["data"][0]["user_data"] == {"em": [digest.lower()]}
    assert "hashed" not in sent.body


async def test_app_device_and_product_details_reach_pinterest_as_given(tmp_path: Path) -> None:
    """An app event's app and device details and a checkout's products are sent as the spec names them."""
    runtime = _runtime(tmp_path)
    app = {
        "app_id": "429047995",
        "app_name": "Shop",
        "app_version": "7.9",
        "app_info": {"app_package_name": "com.shop.app"},
        "device_brand": "Apple",
        "device_carrier": "T-Mobile",
        "device_model": "iPhone X",
        "device_type": "iPhone",
        "device_info": {"screen_width": 1170},
        "os_version": "17.1",
        "language": "en",
        "wifi": True,
    }
    custom = {
        "currency": "USD",
        "value": "29.98",
        "contents": [{"id": "sku-1", "item_price": "14.99", "quantity": 2}],
        "content_name": "Linen shirt",
        "content_category": "shirts",
        "content_brand": "Shop",
        "search_string": "linen shirt",
        "predicted_ltv": "310.50",
        "opt_out_type": "LDP",
    }
    event = {**_event("app-1", _now(runtime) - 60), "action_source": "app_ios", **app, "custom_data": custom}
    args = {"ad_account_id": USD, "data": [event]}
    async with Client(build_server(runtime.settings, runtime)) as client:
        plan = await call(client, "send_conversion_events", **args)
        done = await call(client, "send_conversion_events", **args, confirmation=plan["confirmation"])
    assert done["status"] == "applied", done
    (sent,) = [r for r in runtime.emulator.requests if r.method == "POST"]
    (body,) = sent.body["data"]
    assert {name: body[name] for name in app} == app and body["custom_data"] == custom


async def test_an_unknown_device_detail_is_refused_by_name_and_nothing_is_sent(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    event = {**_event("app-2", _now(runtime) - 60), "action_source": "app_ios", "device_info": {"colour": "red"}}
    async with Client(build_server(runtime.settings, runtime)) as client:
        refused = await client.call_tool("send_conversion_events", {"ad_account_id": USD, "data": [event]})
    assert refused.is_error and "colour" in text_of(refused) and "screen_width" in text_of(refused)
    assert runtime.emulator is None or not [r for r in runtime.emulator.requests if r.method == "POST"]
