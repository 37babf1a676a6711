"""Cases of the user-network, keyword-archive, media, ad account and sandbox writes for test_writes' shared
plan → confirm → apply suite (plans, tokens that fail closed, one use, elicitation, journal), found the
way a model finds them: by listing."""

from __future__ import annotations

import json
from typing import Any

from mcp import Client

from support.tools import text_of

ORGANIC_ID_KEYS = ("follower", "keyword", "keyword_group", "website")
NEW_SITE = "blog.hearthandharvest.example.com"


async def _data(client: Client, tool: str, arguments: dict[str, Any]) -> Any:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, text_of(result)
    return json.loads(text_of(result))


async def discover_organic(client: Client, account: str) -> dict[str, str]:
    """A follower to follow back, an ad group's keyword, a claimed website."""
    follower = (await _data(client, "list_followers", {}))["items"][0]["username"]
    groups = (await _data(client, "list_ad_groups", {"ad_account_id": account, "all_pages": True}))["items"]
    group = next(g["id"] for g in groups if g["name"].endswith("Keywords"))
    keywords = await _data(client, "list_keywords", {"ad_account_id": account, "ad_group_id": group})
    sites = (await _data(client, "list_user_websites", {}))["items"]
    website = next(site["website"] for site in sites if site["status"] == "success")
    return {"follower": follower, "keyword": keywords["items"][0]["id"], "keyword_group": group, "website": website}


def organic_cases(ids: dict[str, str], account: str, pin: str) -> dict[str, dict[str, Any]]:
    return {
        "follow_user": {"username": ids["follower"]},
        "verify_website": {"website": NEW_SITE, "ad_account_id": account},
        "unverify_website": {"website": ids["website"]},
        "update_keywords": {
            "ad_account_id": account,
            "ad_group_id": ids["keyword_group"],
            "keywords": [{"id": ids["keyword"]}],
        },
        "register_media": {},
        "create_ad_account": {"name": "Hearth & Harvest DE", "country": "DE", "currency": "EUR"},
        "create_ad_preview": {"ad_account_id": account, "pin_id": pin},
        "reset_sandbox": {"ad_account_id": account},
    }
