"""`fields` narrows a list as well as widening it, through a real MCP client against the emulator.

A list of 500 campaigns costs every default field of each; "ids and names only" should cost ids and
names. `-x` drops a default field, `-*` drops them all, names asked for are added; the id is kept
whatever is asked, since without it no tool can act on a row.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from mcp import Client

from pinterest_mcp.answers.views import estimate_tokens
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.operations.ads import CAMPAIGN
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.tools import call, text_of

pytestmark = pytest.mark.anyio


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    runtime = Runtime(Settings(demo=True))
    async with Client(build_server(runtime.settings, runtime)) as connected:
        yield connected


async def account_of(client: Client) -> str:
    account: str = (await call(client, "list_ad_accounts"))["items"][0]["id"]
    return account


async def test_minus_star_keeps_only_the_id_and_the_fields_asked_for(client: Client) -> None:
    account = await account_of(client)
    arguments = {"ad_account_id": account, "fields": ["-*", "name"]}
    narrow = await call(client, "list_campaigns", **arguments)
    assert narrow["items"] and all(set(item) == {"id", "name"} for item in narrow["items"])
    full = await client.call_tool("list_campaigns", {"ad_account_id": account})
    narrowed = await client.call_tool("list_campaigns", arguments)
    assert estimate_tokens(text_of(narrowed)) * 3 < estimate_tokens(
        text_of(full)
    )  # the point: fewer tokens for the same rows


async def test_minus_a_field_drops_it_from_the_defaults(client: Client) -> None:
    account = await account_of(client)
    items = (await call(client, "list_campaigns", ad_account_id=account, fields=["-status", "-start_time"]))["items"]
    assert items and all("status" not in item and "start_time" not in item for item in items)
    assert all({"id", "name", "summary_status", "objective_type"} <= set(item) for item in items)
    assert "status" in CAMPAIGN.default_fields  # so the test can fail: status is shown by default


async def test_the_id_is_kept_even_when_dropped(client: Client) -> None:
    account = await account_of(client)
    items = (await call(client, "list_campaigns", ad_account_id=account, fields=["-*", "-id"]))["items"]
    assert items and all(set(item) == {"id"} for item in items)


async def test_fields_still_adds_and_star_still_shows_everything(client: Client) -> None:
    account = await account_of(client)
    added = (await call(client, "list_campaigns", ad_account_id=account, fields=["created_time"]))["items"]
    assert all({"created_time", "name", "status"} <= set(item) for item in added)
    everything = (await call(client, "list_campaigns", ad_account_id=account, fields=["*"]))["items"]
    assert all(len(item) > len(CAMPAIGN.default_fields) for item in everything)
