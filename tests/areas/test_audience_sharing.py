"""Audience sharing through a real MCP client against the emulator: plans name whom; the shared lists follow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from pinterest_mcp.server.build import build_server
from support.money_examples import discover_sharing
from support.world import USD, World, ok, result_of, world_for

pytestmark = pytest.mark.anyio


@pytest.fixture
def world(tmp_path: Path) -> World:
    return world_for(tmp_path)


async def _apply(client: Client, tool: str, arguments: dict[str, Any]) -> tuple[dict[str, Any], bool, Any]:
    plan = await ok(client, tool, arguments)
    failed, applied = await result_of(client, tool, {**arguments, "confirmation": plan["confirmation"]})
    return plan, failed, applied


async def _shared(client: Client, audience: str, account_type: str = "AD_ACCOUNT") -> list[str]:
    args = {"ad_account_id": USD, "audience_id": audience, "account_type": account_type}
    return [a["account_id"] for a in (await ok(client, "list_audience_shared_accounts", args))["items"]]


async def test_an_audience_is_revoked_from_an_ad_account_and_shared_back(world: World) -> None:
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        ids = await discover_sharing(client, USD)
        audience = (await ok(client, "list_audiences", {"ad_account_id": USD}))["items"][0]
        other = ids["other_account"]
        assert await _shared(client, audience["id"]) == [other]
        revoke = {"ad_account_id": USD, "audience_id": audience["id"], "operation_type": "REVOKE",
                  "recipient_account_ids": [other]}  # fmt: skip
        plan, failed, _ = await _apply(client, "share_audience_with_accounts", revoke)
        (change,) = plan["changes"]
        assert change["name"] == f'"{audience["name"]}"' and change["revoke from"].startswith(f'{other} "')
        assert change["shared with (ad accounts)"].endswith("→ none"), change
        assert not failed and await _shared(client, audience["id"]) == []
        plan, failed, _ = await _apply(client, "share_audience_with_accounts", {**revoke, "operation_type": "SHARE"})
        assert plan["changes"][0]["shared with (ad accounts)"].startswith("none → "), plan
        assert not failed and await _shared(client, audience["id"]) == [other]


async def test_a_business_shares_its_audience_with_its_partner_agency(world: World) -> None:
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        ids = await discover_sharing(client, USD)
        audience = (await ok(client, "list_business_shared_audiences", {"business_id": ids["business"]}))["items"][0]
        assert await _shared(client, audience["id"], "BUSINESS_ACCOUNT") == []
        share = {"business_id": ids["business"], "audience_id": audience["id"], "operation_type": "SHARE",
                 "recipient_business_ids": [ids["partner"]]}  # fmt: skip
        plan, failed, applied = await _apply(client, "share_business_audience_with_businesses", share)
        assert plan["changes"][0]["share with"] == ids["partner"], plan
        assert not failed, applied
        listed = {"business_id": ids["business"], "audience_id": audience["id"], "account_type": "BUSINESS_ACCOUNT"}
        (shared,) = (await ok(client, "list_business_audience_shared_accounts", listed))["items"]
        assert (shared["account_id"], shared["account_name"]) == (ids["partner"], "pinecrestmedia")


async def test_sharing_refuses_strangers_and_audiences_shared_with_the_account(world: World) -> None:
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        received = (await ok(client, "list_audiences", {"ad_account_id": USD, "ownership_type": "RECEIVED"}))["items"]
        base = {"ad_account_id": USD, "operation_type": "SHARE"}
        mine = (await ok(client, "list_audiences", {"ad_account_id": USD}))["items"][0]["id"]
        _, failed, answer = await _apply(client, "share_audience_with_accounts",
                                         {**base, "audience_id": mine, "recipient_account_ids": ["123"]})  # fmt: skip
        assert failed and "recipient_account_ids" in str(answer), answer
        ids = await discover_sharing(client, USD)
        _, failed, answer = await _apply(client, "share_audience_with_accounts", {
            **base, "audience_id": received[0]["id"], "recipient_account_ids": [ids["other_account"]]})  # fmt: skip
        assert failed and "only its maker shares it" in str(answer), answer
