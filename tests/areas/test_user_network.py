"""The user toolset through a real MCP client against the emulator: followers, follows, websites, businesses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import urlparse

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.server.build import build_server
from support.tools import call, text_of

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
    assert unknown.is_error and "not found" in text_of(unknown)


async def test_an_all_digit_username_is_refused_before_any_request(client: Client) -> None:
    result = await client.call_tool("list_followed_interests", {"username": "12345"})
    assert result.is_error and "nothing was sent" in text_of(result)


async def test_follow_user_plans_then_follows_explicitly(client: Client) -> None:
    followers = {f["username"] for f in (await call(client, "list_followers", all_pages=True))["items"]}
    explicit = {
        u["username"] for u in (await call(client, "list_following", all_pages=True, explicit_following=True))["items"]
    }
    name = sorted(followers - explicit)[0]
    plan = await call(client, "follow_user", username=name)
    assert plan["request"] == f"POST /user_account/following/{name}" and plan["confirmation"]
    done = await call(client, "follow_user", username=name, confirmation=plan["confirmation"])
    now = {
        u["username"] for u in (await call(client, "list_following", all_pages=True, explicit_following=True))["items"]
    }
    assert done["status"] == "applied" and done["results"] == [{"id": name, "ok": True}] and name in now
    unknown = await client.call_tool(
        "follow_user", {"username": "nobody-we-know", "confirmation": plan["confirmation"]}
    )
    assert unknown.is_error


async def test_a_website_is_claimed_with_its_code_and_unclaimed_after_a_plan(client: Client) -> None:
    code = await call(client, "get_website_verification")
    assert code["verification_code"] in code["metatag"] and code["verification_code"] in code["dns_txt_record"]
    site = "blog.hearthandharvest.example.com"
    plan = await call(client, "verify_website", website=site, verification_method="DNSTXT")
    claimed = await call(
        client, "verify_website", website=site, verification_method="DNSTXT", confirmation=plan["confirmation"]
    )
    assert claimed["now"][0]["status"] == "success"
    elsewhere = await call(client, "verify_website", website="not-ours.test")
    refused = await client.call_tool(
        "verify_website", {"website": "not-ours.test", "confirmation": elsewhere["confirmation"]}
    )
    assert refused.is_error and "verification code was not found" in text_of(refused)
    drop = await call(client, "unverify_website", website=site)
    assert drop["changes"] == [{"delete": "website", "website": site}] and "cannot be undone" in drop["warnings"][0]
    gone = await call(client, "unverify_website", website=site, confirmation=drop["confirmation"])
    sites = {w["website"] for w in (await call(client, "list_user_websites"))["items"]}
    assert gone["now"] == [{"deleted": site}] and site not in sites
    missing = await client.call_tool("unverify_website", {"website": site})
    assert missing.is_error and "was not found" in text_of(missing)
