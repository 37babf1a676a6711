"""Targeting template tools through a real MCP client against the emulator."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
USD = "549755856399"
AUTH = {"Authorization": "Bearer test-token"}


async def test_create_then_update_a_template_with_before_and_after(tmp_path: Path) -> None:
    runtime = Runtime(Settings(demo=True, toolsets=("targeting",), journal=tmp_path / "journal.jsonl"))
    new = {"ad_account_id": USD, "name": "Berlin bakers", "targeting_attributes": {"GEO": ["DE"]}}
    async with Client(build_server(runtime.settings, runtime)) as client:
        plan = await call(client, "create_targeting_template", **new)
        created = await call(client, "create_targeting_template", **new, confirmation=plan["confirmation"])
        template = created["now"][0]
        change = {"ad_account_id": USD, "id": template["id"], "targeting_attributes": {"GEO": ["DE", "AT"]}}
        plan = await call(client, "update_targeting_template", **change)
        done = await call(client, "update_targeting_template", **change, confirmation=plan["confirmation"])
        found = await call(client, "list_targeting_templates", ad_account_id=USD, search_query="berlin")
    (sent,) = [r for r in runtime.emulator.requests if r.method == "PATCH"]
    assert sent.body == {
        "id": template["id"],
        "targeting_attributes": {"GEO": ["DE", "AT"]},
        "operation_type": "UPDATE",
    }
    assert plan["changes"][0]["targeting_attributes"] == "GEO: [DE] → GEO: [DE, AT]"
    assert done["status"] == "applied" and done["undo"]
    assert [t["targeting_attributes"] for t in found["items"]] == [{"GEO": ["DE", "AT"]}]


async def test_targeting_pinterest_does_not_know_is_refused_before_any_plan(tmp_path: Path) -> None:
    runtime = Runtime(Settings(demo=True, toolsets=("targeting",), journal=tmp_path / "journal.jsonl"))
    async with Client(build_server(runtime.settings, runtime)) as client:
        template = (await call(client, "list_targeting_templates", ad_account_id=USD))["items"][0]
        change = {"ad_account_id": USD, "id": template["id"]}
        unknown = await client.call_tool(
            "update_targeting_template", {**change, "targeting_attributes": {"GEOX": ["US"]}}
        )
        too_young = await client.call_tool(
            "update_targeting_template", {**change, "targeting_attributes": {"AGE_BUCKET": ["12-17"]}}
        )
        again = (await call(client, "list_targeting_templates", ad_account_id=USD))["items"][0]
    assert unknown.is_error and "GEOX" in text_of(unknown)
    assert too_young.is_error and "12-17" in text_of(too_young)
    assert [r.method for r in runtime.emulator.requests] == ["GET", "GET"]  # the two lists; no plan read, no write
    assert again == template


async def test_the_emulator_refuses_targeting_types_pinterest_does_not_know() -> None:
    """What the tool refuses early, the emulator refuses too (as Pinterest does), for other clients."""
    emulator = Emulator(seed=7)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=emulator.app), base_url="http://emulator/v5", headers=AUTH
    ) as http:
        template = next(iter(emulator.state.targeting_templates.values()))
        path = f"/ad_accounts/{template['ad_account_id']}/targeting_templates"
        body = {"id": template["id"], "operation_type": "UPDATE", "targeting_attributes": {"GEOX": ["US"]}}
        refused = await http.patch(path, json=body)
        removed = await http.patch(path, json={"id": template["id"], "operation_type": "REMOVE"})
        listed = (await http.get(path)).json()["items"]
    assert refused.status_code == 400 and "GEOX" in refused.json()["message"]
    assert removed.status_code == 200 and not removed.content
    assert template["id"] not in {t["id"] for t in listed}
