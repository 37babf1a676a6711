#!/usr/bin/env python3
"""Weekly report: last week's spend and results per campaign, against the week before.

Starts `pinterest-mcp serve --demo` (the embedded emulator; `--live` for your own account) and
talks to it over stdio with the MCP Python SDK's client, as Claude Desktop would. Read-only.

    python examples/weekly_report.py [--live] [--end-date YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any

import anyio
from mcp import Client, StdioServerParameters
from mcp.types import TextContent


def server(live: bool) -> StdioServerParameters:
    """The server, from the Python running this script, with this environment (credentials, data directory)."""
    args = ["-m", "pinterest_mcp", "serve", "--log-level", "ERROR", *([] if live else ["--demo"])]
    return StdioServerParameters(command=sys.executable, args=args, env=dict(os.environ))


async def call(client: Client, tool: str, **arguments: Any) -> Any:
    result = await client.call_tool(tool, arguments)
    text = "".join(block.text for block in result.content if isinstance(block, TextContent))
    if result.is_error:
        raise SystemExit(f"{tool} failed: {text}")
    return json.loads(text)


def by_id(table: dict[str, Any], id_column: str) -> dict[str, dict[str, Any]]:
    """An analytics table's rows as {id: {column: value}}."""
    columns = table["columns"]
    return {row[columns.index(id_column)]: dict(zip(columns, row, strict=True)) for row in table["rows"]}


def spend(row: dict[str, Any]) -> float:
    """Spend in currency units, whichever way the table states it (`SPEND (USD)` or micro-units)."""
    for name, value in row.items():
        if name.startswith("SPEND ("):
            return float(value or 0)
    return float(row.get("SPEND_IN_MICRO_DOLLAR") or 0) / 1_000_000


async def report(live: bool, end: date) -> None:
    weeks = {
        "this week": (end - timedelta(days=6), end),
        "week before": (end - timedelta(days=13), end - timedelta(days=7)),
    }
    async with Client(server(live)) as client:
        for account in (await call(client, "list_ad_accounts"))["items"]:
            currency = account["currency"]
            campaigns = (await call(client, "list_campaigns", ad_account_id=account["id"], all_pages=True))["items"]
            if not campaigns:
                continue
            tables = {}
            for label, (start, stop) in weeks.items():
                table = await call(
                    client,
                    "get_campaign_analytics",
                    ad_account_id=account["id"],
                    campaign_ids=[c["id"] for c in campaigns],
                    start_date=str(start),
                    end_date=str(stop),
                    granularity="TOTAL",
                    columns=["SPEND_IN_MICRO_DOLLAR", "TOTAL_CLICKTHROUGH", "TOTAL_CONVERSIONS"],
                )
                tables[label] = by_id(table, "CAMPAIGN_ID")
            now, before = tables["this week"], tables["week before"]
            start, stop = weeks["this week"]
            print(f"\n{account['name']} ({account['id']}, {currency}), {start} to {stop} vs the 7 days before")
            print(f"{'campaign':<44} {'spend':>10} {'change':>8} {'clicks':>7} {'conv':>5} {'CPA':>9}")
            for campaign in sorted(campaigns, key=lambda c: -spend(now.get(c["id"], {}))):
                row, old = now.get(campaign["id"], {}), before.get(campaign["id"], {})
                spent, spent_before = spend(row), spend(old)
                conversions = int(row.get("TOTAL_CONVERSIONS") or 0)
                change = f"{(spent - spent_before) / spent_before:+.0%}" if spent_before else ("new" if spent else "-")
                cpa = f"{spent / conversions:,.2f}" if conversions else "-"
                print(
                    f"{campaign['name'][:44]:<44} {spent:>10,.2f} {change:>8} "
                    f"{int(row.get('TOTAL_CLICKTHROUGH') or 0):>7} {conversions:>5} {cpa:>9}"
                )
            total, total_before = sum(map(spend, now.values())), sum(map(spend, before.values()))
            change = f"{(total - total_before) / total_before:+.0%}" if total_before else ""
            print(f"{'total':<44} {total:>10,.2f} {change:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true", help="your Pinterest account instead of the emulator")
    parser.add_argument("--end-date", type=date.fromisoformat, help="last day (default: yesterday, UTC)")
    args = parser.parse_args()
    anyio.run(report, args.live, args.end_date or datetime.now(UTC).date() - timedelta(days=1))


if __name__ == "__main__":
    main()
