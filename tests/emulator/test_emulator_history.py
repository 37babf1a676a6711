"""Status history: a status change alters delivery from the day after it, never the days already reported."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from pinterest_mcp.emulator import Emulator

pytestmark = pytest.mark.anyio
BASE_URL = "http://emulator/v5"
AUTH = {"Authorization": "Bearer test-token"}
T0 = 1_780_000_000  # 2026-05-28 20:26:40 UTC
PAUSE_DAY = date(2026, 5, 28)
COLUMNS = "SPEND_IN_MICRO_DOLLAR,PAID_IMPRESSION,CLICKTHROUGH_1"


@dataclass
class Today:
    """The emulator's calendar, moved by hand so a test can look at the days after a change."""

    day: date = PAUSE_DAY

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def today() -> Today:
    return Today()


@pytest.fixture
def emu(today: Today) -> Emulator:
    return Emulator(seed=7, clock=lambda: T0, today=today)


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=emu.app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL, headers=AUTH) as connected:
        yield connected


def usd(emu: Emulator) -> str:
    account_id: str = next(a["id"] for a in emu.state.ad_accounts.values() if a["currency"] == "USD")
    return account_id


def spring(emu: Emulator) -> str:
    campaign_id: str = next(c["id"] for c in emu.state.campaigns.values() if c["name"].startswith("Spring Sale 2026"))
    return campaign_id


async def daily(client: httpx.AsyncClient, path: str, start: date, end: date, **ids: str) -> dict[str, dict[str, Any]]:
    """DAY rows of one report by date; asserts the call succeeded."""
    query = {"start_date": start.isoformat(), "end_date": end.isoformat(), "granularity": "DAY", "columns": COLUMNS}
    response = await client.get(path, params=query | ids)
    assert response.status_code == 200, response.text
    return {row["DATE"]: row for row in response.json()}


async def patch(client: httpx.AsyncClient, path: str, items: list[dict[str, Any]]) -> None:
    response = await client.patch(path, json=items)
    assert response.status_code == 200, response.text
    assert all(not item.get("exceptions") for item in response.json()["items"]), response.text


async def test_pausing_a_campaign_keeps_its_past_delivery(
    emu: Emulator, client: httpx.AsyncClient, today: Today
) -> None:
    account, campaign = usd(emu), spring(emu)
    reports = {
        f"/ad_accounts/{account}/campaigns/analytics": {"campaign_ids": campaign},
        f"/ad_accounts/{account}/analytics": {},
    }
    start = PAUSE_DAY - timedelta(days=45)
    before = {path: await daily(client, path, start, PAUSE_DAY, **ids) for path, ids in reports.items()}
    assert len(before[f"/ad_accounts/{account}/campaigns/analytics"]) == 46  # delivering every day

    await patch(
        client, f"/ad_accounts/{account}/campaigns", [{"id": campaign, "ad_account_id": account, "status": "PAUSED"}]
    )
    for path, ids in reports.items():
        assert await daily(client, path, start, PAUSE_DAY, **ids) == before[path], path

    today.day = PAUSE_DAY + timedelta(days=5)
    later = await daily(client, f"/ad_accounts/{account}/campaigns/analytics", start, today.day, campaign_ids=campaign)
    assert later == before[f"/ad_accounts/{account}/campaigns/analytics"]  # nothing after the pause day

    await patch(
        client, f"/ad_accounts/{account}/campaigns", [{"id": campaign, "ad_account_id": account, "status": "ACTIVE"}]
    )
    today.day = PAUSE_DAY + timedelta(days=8)
    resumed = await daily(
        client, f"/ad_accounts/{account}/campaigns/analytics", start, today.day, campaign_ids=campaign
    )
    gap = {(PAUSE_DAY + timedelta(days=n)).isoformat() for n in range(1, 6)}
    back = {(PAUSE_DAY + timedelta(days=n)).isoformat() for n in range(6, 9)}
    assert not gap & set(resumed) and back <= set(resumed)
    assert {day: row for day, row in resumed.items() if day <= PAUSE_DAY.isoformat()} == later


async def test_pausing_an_ad_keeps_its_siblings_past_shares(emu: Emulator, client: httpx.AsyncClient) -> None:
    """Ads of a group split its delivery; pausing one today must not re-split the days before."""
    account = usd(emu)
    approved = [
        a for a in emu.state.ads.values() if a["campaign_id"] == spring(emu) and a["review_status"] == "APPROVED"
    ]
    group = next(g for g in {a["ad_group_id"] for a in approved} if sum(a["ad_group_id"] == g for a in approved) > 1)
    ads = [a["id"] for a in approved if a["ad_group_id"] == group]
    assert len(ads) >= 2
    path = f"/ad_accounts/{account}/ads/analytics"
    start = PAUSE_DAY - timedelta(days=20)
    before = [await daily(client, path, start, PAUSE_DAY, ad_ids=ad) for ad in ads]
    await patch(client, f"/ad_accounts/{account}/ads", [{"id": ads[0], "status": "PAUSED"}])
    assert [await daily(client, path, start, PAUSE_DAY, ad_ids=ad) for ad in ads] == before
    assert emu.state.status_on(emu.state.ads[ads[0]], PAUSE_DAY) == "ACTIVE"
    assert emu.state.status_on(emu.state.ads[ads[0]], PAUSE_DAY + timedelta(days=1)) == "PAUSED"


async def test_seeded_pauses_stopped_delivery_some_days_ago(emu: Emulator, client: httpx.AsyncClient) -> None:
    """A seeded PAUSED campaign delivered until 7-41 days before today (its ad groups may have stopped earlier)."""
    account = usd(emu)
    paused = next(c for c in emu.state.campaigns_of(account) if c["status"] == "PAUSED")
    (change,) = emu.state.status_changes[("campaign", paused["id"])]
    assert (change.before, change.after) == ("ACTIVE", "PAUSED")
    assert 7 <= (PAUSE_DAY - change.day).days <= 41
    path = f"/ad_accounts/{account}/campaigns/analytics"
    rows = await daily(client, path, PAUSE_DAY - timedelta(days=89), PAUSE_DAY, campaign_ids=paused["id"])
    assert rows and max(rows) <= change.day.isoformat()
