"""Two Pinterest users on one connector at once: neither sees the other's ad accounts, nor is bound by their choices.

Both sign in through the whole flow (the SDK's OAuth client, Pinterest sign-in on the demo emulator,
the consent form), one as the story's user and one as the emulator's second user.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import pytest

from pinterest_mcp.emulator.seed import story
from pinterest_mcp.store import Store
from support.connector import SdkUser, served
from support.tools import text_of

pytestmark = pytest.mark.anyio

US, EU = "549755856399", "549756002702"
SECOND = story.NORTHWIND.username
WRITE_TOOLS = {"pause_campaigns", "update_campaigns"}


def shown(text: str, ids: set[str]) -> set[str]:
    """Which of `ids` an answer names."""
    return {i for i in ids if i in text}


async def test_each_user_lists_only_their_own_and_the_others_ad_account_is_refused(
    store: Store, tmp_path: Path
) -> None:
    with anyio.fail_after(60):
        async with served(store, tmp_path) as s:
            theirs = s.emulator.store_for(SECOND)
            (north,) = theirs.ad_accounts
            north_campaigns = {c["id"] for c in theirs.campaigns_of(north)}
            hearth_campaigns = {c["id"] for c in s.emulator.state.campaigns_of(US)}
            first, second = SdkUser(s.app), SdkUser(s.app, pinterest_user=SECOND)
            async with first.client() as a, second.client() as b:
                a_accounts = text_of(await a.call_tool("list_ad_accounts", {}))
                b_accounts = text_of(await b.call_tool("list_ad_accounts", {}))
                a_campaigns = text_of(await a.call_tool("list_campaigns", {"ad_account_id": US}))
                b_campaigns = text_of(await b.call_tool("list_campaigns", {"ad_account_id": north}))
                sent = len(s.emulator.requests)
                b_reads_us = await b.call_tool("list_campaigns", {"ad_account_id": US})
                b_gets_eu = await b.call_tool("get_ad_account", {"ad_account_id": EU})
                a_reads_north = await a.call_tool("list_campaigns", {"ad_account_id": north})
                refused_sent = len(s.emulator.requests) - sent

    assert "hearthandharvest" in first.browser.pages[0] and SECOND in second.browser.pages[0]
    assert "hearthandharvest" not in second.browser.pages[0] and US not in second.browser.pages[0]
    assert US in a_accounts and EU in a_accounts and north not in a_accounts
    assert north in b_accounts and US not in b_accounts and EU not in b_accounts
    assert shown(a_campaigns, hearth_campaigns) and not shown(a_campaigns, north_campaigns)
    assert shown(b_campaigns, north_campaigns) and not shown(b_campaigns, hearth_campaigns)
    for refused, account in ((b_reads_us, US), (b_gets_eu, EU), (a_reads_north, north)):
        assert refused.is_error and "not among the accounts" in text_of(refused) and account in text_of(refused)
    assert refused_sent == 0  # refused before anything went to Pinterest


async def test_one_users_consent_choices_never_affect_the_other(store: Store, tmp_path: Path) -> None:
    with anyio.fail_after(60):
        async with served(store, tmp_path) as s:
            (north,) = s.emulator.store_for(SECOND).ad_accounts
            # The first user unticks EU and stays read-only; the second then grants write on everything.
            first = SdkUser(s.app, change={"ad_account": [US]})
            second = SdkUser(s.app, change={"mode": ["write"]}, pinterest_user=SECOND)
            async with first.client() as a:
                a_before = {t.name for t in (await a.list_tools()).tools}
                async with second.client() as b:
                    b_names = {t.name for t in (await b.list_tools()).tools}
                    b_accounts = text_of(await b.call_tool("list_ad_accounts", {}))
                    a_after = {t.name for t in (await a.list_tools()).tools}
                    a_accounts = text_of(await a.call_tool("list_ad_accounts", {}))
                    a_eu = await a.call_tool("list_campaigns", {"ad_account_id": EU})
                    b_north = await b.call_tool("list_campaigns", {"ad_account_id": north})

    assert not a_before & WRITE_TOOLS and a_after == a_before
    assert b_names & WRITE_TOOLS
    assert north in b_accounts and not b_north.is_error
    assert US in a_accounts and EU not in a_accounts and north not in a_accounts
    assert a_eu.is_error and "not among the accounts" in text_of(a_eu)


async def test_one_users_change_is_not_in_the_others_journal(store: Store, tmp_path: Path) -> None:
    with anyio.fail_after(60):
        async with served(store, tmp_path) as s:
            theirs = s.emulator.store_for(SECOND)
            (north,) = theirs.ad_accounts
            active = next(c["id"] for c in theirs.campaigns_of(north) if c["status"] == "ACTIVE")
            first = SdkUser(s.app, change={"mode": ["write"]})
            second = SdkUser(s.app, change={"mode": ["write"]}, pinterest_user=SECOND)
            async with first.client() as a, second.client() as b:
                args = {"ad_account_id": north, "campaign_ids": [active]}
                plan = json.loads(text_of(await b.call_tool("pause_campaigns", args)))
                applied = json.loads(text_of(await b.call_tool("pause_campaigns", {**args, **plan_token(plan)})))
                entry = applied["journal_entry"]
                a_undo = await a.call_tool("undo_change", {"entry": entry})
                b_undo = await b.call_tool("undo_change", {"entry": entry})

    assert theirs.campaigns[active]["status"] == "PAUSED"
    assert a_undo.is_error and entry in text_of(a_undo)
    assert not b_undo.is_error and json.loads(text_of(b_undo))["confirmation"]


def plan_token(plan: dict[str, Any]) -> dict[str, str]:
    """The apply's extra argument: the plan's confirmation token."""
    assert plan.get("confirmation"), plan
    return {"confirmation": str(plan["confirmation"])}
