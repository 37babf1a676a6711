"""Lead webhook subscriptions made and deleted through a real MCP client: https only, the signing key never shown."""

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
HOOK = "https://crm.example.com/pinterest/spring-leads"


async def test_a_webhook_is_made_for_one_form_listed_and_deleted_and_its_key_stays_out(tmp_path: Path) -> None:
    runtime = Runtime(Settings(demo=True, toolsets=("lead_forms",), journal=tmp_path / "journal.jsonl"))
    async with Client(build_server(runtime.settings, runtime)) as client:
        form = (await call(client, "list_lead_forms", ad_account_id=USD))["items"][0]
        args = {"ad_account_id": USD, "webhook_url": HOOK, "lead_form_id": form["id"]}
        plan = await call(client, "create_lead_subscription", **args)
        made = await call(client, "create_lead_subscription", **args, confirmation=plan["confirmation"])
        (hook,) = made["now"]
        secret = runtime.emulator.state.collection("lead_subscriptions")[hook["id"]]["cryptographic_key"]
        listed = await call(client, "list_lead_subscriptions", ad_account_id=USD)
        gone = {"ad_account_id": USD, "subscription_id": hook["id"]}
        plan_delete = await call(client, "delete_lead_subscription", **gone)
        await call(client, "delete_lead_subscription", **gone, confirmation=plan_delete["confirmation"])
        after = await call(client, "list_lead_subscriptions", ad_account_id=USD)
        missing = await client.call_tool("get_lead_subscription", gone)
    assert runtime.emulator.state.collection("lead_subscriptions") == {}
    assert HOOK in json.dumps(plan["changes"]) and len(secret) == 64
    assert secret not in json.dumps(made) + (tmp_path / "journal.jsonl").read_text()
    assert hook["webhook_url"] == HOOK and hook["lead_form_id"] == form["id"] and hook["cryptographic_key"] == "***"
    assert hook["id"] in {s["id"] for s in listed["items"]} and hook["id"] not in {s["id"] for s in after["items"]}
    assert any("delete" in w for w in plan_delete["warnings"])
    assert missing.is_error and "not found" in text_of(missing).lower()
    (sent,) = [r for r in runtime.emulator.requests if r.method == "POST"]
    assert sent.body == {"webhook_url": HOOK, "lead_form_id": form["id"]}


async def test_a_webhook_that_is_not_https_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    runtime = Runtime(Settings(demo=True, toolsets=("lead_forms",), journal=tmp_path / "journal.jsonl"))
    async with Client(build_server(runtime.settings, runtime)) as client:
        await call(client, "list_lead_subscriptions", ad_account_id=USD)
        plain = await client.call_tool(
            "create_lead_subscription", {"ad_account_id": USD, "webhook_url": "http://crm.example.com/leads"}
        )
    assert plain.is_error and "webhook_url" in text_of(plain)
    assert [r for r in runtime.emulator.requests if r.method != "GET"] == []
