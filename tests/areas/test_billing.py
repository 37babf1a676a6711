"""Billing reads through a real MCP client against the emulator: what an invoice bills is what was spent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.tools import call

pytestmark = [pytest.mark.anyio, pytest.mark.slow]  # each invoice list runs six months of delivery


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    runtime = Runtime(Settings(demo=True, toolsets=("default", "billing")))
    async with Client(build_server(runtime.settings, runtime)) as connected:
        yield connected


async def test_each_invoice_bills_the_months_spend_in_the_accounts_analytics(client: Client) -> None:
    """An invoice and a spend report of its billing period agree, in every ad account and its currency.

    Analytics reach back 90 days, so the months compared are the invoices' recent ones.
    """
    reach = datetime.now(UTC).date() - timedelta(days=89)
    compared = 0
    for account in (await call(client, "list_ad_accounts"))["items"]:
        invoices = (await call(client, "list_billing_invoices", ad_account_id=account["id"]))["items"]
        assert len(invoices) == 6
        for invoice in (i for i in invoices if date.fromisoformat(i["billing_period_start_date"]) >= reach):
            compared += 1
            period = {
                "start_date": invoice["billing_period_start_date"],
                "end_date": invoice["billing_period_end_date"],
            }
            spend = await call(
                client, "get_ad_account_analytics", ad_account_id=account["id"], granularity="TOTAL", **period
            )
            (row,) = spend["rows"]
            assert spend["columns"][1] == f"SPEND ({account['currency']})" == f"SPEND ({invoice['currency']})"
            assert row[1] == round(invoice["amount_billed_micro_currency"] / 1_000_000, 2) > 0
    assert compared >= 4  # two months of each account at least


async def test_only_the_last_months_invoice_is_still_open(client: Client) -> None:
    """Invoices are due 30 days after their month: the latest is OPEN, the five before it CLOSED."""
    account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
    newest_first = await call(client, "list_billing_invoices", ad_account_id=account, order="DESCENDING")
    assert [i["status"] for i in newest_first["items"]] == ["OPEN"] + ["CLOSED"] * 5
    (only,) = (await call(client, "list_billing_invoices", ad_account_id=account, status="OPEN"))["items"]
    assert only == newest_first["items"][0]
