"""The user toolset through a real MCP client against the emulator: followers, follows, websites, businesses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import urlparse

import pytest
from mcp import Client

from pinterest_mcp.server import build_server
from pinterest_mcp.settings import Settings
from test_mcp_tools import call

pytestmark = pytest.mark.anyio


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    async with Client(build_server(Settings(demo=True, toolsets=("account", "targeting", "user")))) as connected:
        yield connected


async def test_followers_page_with_bookmarks_and_all_pages_gets_each_once(client: Client) -> None:
    first = await call(client, "list_followers")
    second = await call(client, "list_followers", bookmark=first["bookmark"])
    everyone = await call(client, "list_followers", all_pages=True)
    names = [f["username"] for f in everyone["items"]]
    assert first["count"] == 25 and first["bookmark"]
    assert [f["username"] for f in first["items"] + second["items"]] == names[:50]
    assert len(names) == len(set(names)) == everyone["count"] > 50
    assert set(first["items"][0]) == {"username"}  # `type` is always "user": not in the compact default


async def test_explicit_following_leaves_out_owners_of_followed_boards(client: Client) -> None:
    every = {u["username"] for u in (await call(client, "list_following", all_pages=True))["items"]}
    explicit = {u["username"] for u in (await call(client, "list_following", explicit_following=True))["items"]}
    creators = {u["username"] for u in (await call(client, "list_following", feed_type="CREATOR_ONLY"))["items"]}
    boards = (await call(client, "list_followed_boards", all_pages=True))["items"]
    owners = {b["owner"]["username"] for b in boards}
    assert explicit < every and every == explicit | owners
    assert creators and creators < every


async def test_followed_boards_are_other_users_boards(client: Client) -> None:
    me = (await call(client, "get_user_account"))["username"]
    every = (await call(client, "list_followed_boards"))["items"]
    explicit = (await call(client, "list_followed_boards", explicit_following=True))["items"]
    assert {b["id"] for b in explicit} < {b["id"] for b in every}
    assert all(b["owner"]["username"] != me and b["pin_count"] > 0 for b in every)


async def test_the_profile_website_is_among_the_verified_ones(client: Client) -> None:
    site = urlparse((await call(client, "get_user_account"))["website_url"]).hostname
    websites = (await call(client, "list_user_websites"))["items"]
    verified = {w["website"] for w in websites if w["status"] == "success" and w.get("verified_at")}
    assert site in verified and len(websites) > len(verified)


async def test_linked_businesses_come_from_a_bare_array(client: Client) -> None:
    businesses = await call(client, "list_linked_businesses")
    assert businesses["count"] == len(businesses["items"]) == 2
    assert all(set(b) == {"username", "image_medium_url"} for b in businesses["items"])


async def test_followed_interests_are_targeting_interests(client: Client) -> None:
    me = (await call(client, "get_user_account"))["username"]
    followed = (await call(client, "list_followed_interests", username=me))["items"]
    (options,) = (await call(client, "list_targeting_options", targeting_type="INTEREST"))["items"]
    assert followed and all(options[i["id"]] == i["name"] for i in followed)
    unknown = await client.call_tool("list_followed_interests", {"username": "someoneelse"})
    assert unknown.is_error and "not found" in unknown.content[0].text


async def test_an_all_digit_username_is_refused_before_any_request(client: Client) -> None:
    result = await client.call_tool("list_followed_interests", {"username": "12345"})
    assert result.is_error and "nothing was sent" in result.content[0].text
