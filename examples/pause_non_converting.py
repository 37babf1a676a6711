#!/usr/bin/env python3
"""Pause ad groups that spend without converting: find them, plan the pause, confirm, apply.

Every write on this server is two calls. The first returns a plan (what would change, before →
after) and a one-time `confirmation`, and writes nothing; the second, with the same arguments
plus that confirmation, applies exactly what was planned. This script shows the plan and asks at
the terminal; `--yes` approves without asking (for CI). Against `--demo` (the default) nothing
leaves this machine.

    python examples/pause_non_converting.py [--live] [--days 14] [--min-spend 100] [--yes]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime, timedelta
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


def spend(row: dict[str, Any]) -> float:
    """Spend in currency units, whichever way the table states it (`SPEND (USD)` or micro-units)."""
    for name, value in row.items():
        if name.startswith("SPEND ("):
            return float(value or 0)
    return float(row.get("SPEND_IN_MICRO_DOLLAR") or 0) / 1_000_000


def approved(question: str, yes: bool) -> bool:
    if yes:
        print(f"{question} yes (--yes)")
        return True
    if not sys.stdin.isatty():
        print(f"{question} no (no terminal to ask; pass --yes to approve)")
        return False
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


async def non_converting(client: Client, account: dict[str, Any], days: int, min_spend: float) -> list[dict[str, Any]]:
    """Active ad groups that spent at least `min_spend` over the last `days` full days with no conversion."""
    groups = (
        await call(client, "list_ad_groups", ad_account_id=account["id"], entity_statuses=["ACTIVE"], all_pages=True)
    )["items"]
    if not groups:
        return []
    end = datetime.now(UTC).date() - timedelta(days=1)
    table = await call(
        client,
        "get_ad_group_analytics",
        ad_account_id=account["id"],
        ad_group_ids=[g["id"] for g in groups],
        start_date=str(end - timedelta(days=days - 1)),
        end_date=str(end),
        granularity="TOTAL",
        columns=["SPEND_IN_MICRO_DOLLAR", "TOTAL_CLICKTHROUGH", "TOTAL_CONVERSIONS"],
    )
    columns = table["columns"]
    rows = {row[columns.index("AD_GROUP_ID")]: dict(zip(columns, row, strict=True)) for row in table["rows"]}
    found = []
    for group in groups:
        row = rows.get(group["id"], {})
        if spend(row) >= min_spend and not row.get("TOTAL_CONVERSIONS"):
            found.append({**group, "spend": spend(row), "clicks": int(row.get("TOTAL_CLICKTHROUGH") or 0)})
    return found


async def run(live: bool, days: int, min_spend: float, yes: bool) -> None:
    async with Client(server(live)) as client:
        for account in (await call(client, "list_ad_accounts"))["items"]:
            found = await non_converting(client, account, days, min_spend)
            print(f"\n{account['name']} ({account['currency']}): {len(found)} ad group(s) spent without converting")
            for group in found:
                print(
                    f"  {group['id']}  {group['name']}: {group['spend']:,.2f} spent, {group['clicks']} clicks, 0 conv"
                )
            if not found or not approved("Plan pausing them?", yes):
                continue
            arguments = {"ad_account_id": account["id"], "ad_group_ids": [g["id"] for g in found]}
            plan = await call(client, "pause_ad_groups", **arguments)  # writes nothing
            print(f"  plan: {plan['plan']}")
            for change in plan["changes"]:
                print(f"    {change['name']}: status {change.get('status')}")
            for warning in plan.get("warnings", []):
                print(f"    warning: {warning}")
            if not approved("Apply this plan?", yes):
                print("  nothing was written")
                continue
            applied = await call(client, "pause_ad_groups", **arguments, confirmation=plan["confirmation"])
            print(
                f"  {applied['status']}: journal entry {applied.get('journal_entry')}; activate_ad_groups reverses it"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true", help="your Pinterest account instead of the emulator")
    parser.add_argument("--days", type=int, default=14, help="full days to look back (default 14)")
    parser.add_argument("--min-spend", type=float, default=100.0, help="least spend to judge, account currency")
    parser.add_argument("--yes", action="store_true", help="approve the plan without asking")
    args = parser.parse_args()
    anyio.run(run, args.live, args.days, args.min_spend, args.yes)


if __name__ == "__main__":
    main()
