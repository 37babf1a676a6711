"""`pinterest-mcp demo`: the main job end to end, for a newcomer, with no Pinterest account.

It starts `pinterest-mcp serve --demo` as a subprocess, connects a real MCP client over stdio (as
Claude Desktop would) and walks through what an agent does first: discover tools, read the
account, its ad accounts and campaigns, and a board's Pins; then a write the safe way: a plan that
writes nothing, applied with its one-time confirmation, and undone from the journal.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from mcp import Client, StdioServerParameters
from mcp.types import TextContent

from pinterest_mcp.operations import all_operations


async def _spend_last_week(client: Client, account: dict[str, Any], ids: list[str], today: date) -> dict[str, float]:
    """Total spend per campaign over the last seven days, in the account currency."""
    if not ids:
        return {}
    table = await _call(
        client,
        "get_campaign_analytics",
        {
            "ad_account_id": account["id"],
            "campaign_ids": ids,
            "start_date": str(today - timedelta(days=7)),
            "end_date": str(today - timedelta(days=1)),
            "granularity": "TOTAL",
            "columns": ["SPEND_IN_MICRO_DOLLAR"],
        },
    )
    id_col = table["columns"].index("CAMPAIGN_ID")
    spend_col = table["columns"].index(f"SPEND ({account['currency']})")
    return {row[id_col]: row[spend_col] or 0.0 for row in table["rows"]}


async def _spend_chart(client: Client, account: dict[str, Any], ids: list[str]) -> None:
    """Spend by day over the last two weeks, one line per campaign: what `call ... --format chart` draws."""
    from pinterest_mcp.cli.chart import chart

    if not ids:
        return
    arguments = {"ad_account_id": account["id"], "campaign_ids": ids, "date_range": "last_14_days"}
    table = await _call(client, "get_campaign_analytics", {**arguments, "columns": ["SPEND_IN_MICRO_DOLLAR"]})
    _print(chart(table, "SPEND", width=100, height=20, color=sys.stdout.isatty()))


def _print(text: str = "") -> None:
    print(text, flush=True)


async def _call(client: Client, tool: str, arguments: dict[str, Any]) -> Any:
    shown = " ".join(
        f"{k}={v}" if not isinstance(v, list) or len(v) < 3 else f"{k}=[{len(v)} ids]" for k, v in arguments.items()
    )
    _print(f"\n→ {tool} {shown}".rstrip())
    result = await client.call_tool(tool, arguments)
    text = "".join(block.text for block in result.content if isinstance(block, TextContent))
    if result.is_error:
        raise RuntimeError(f"{tool} failed: {text}")
    _print(f"  ({len(text):,} characters of result)")
    return json.loads(text)


async def _write_safely(client: Client, account: dict[str, Any]) -> None:
    """Halve the biggest ad group budget: plan (nothing written), apply with the token, then undo."""
    groups = (await _call(client, "list_ad_groups", {"ad_account_id": account["id"]}))["items"]
    group = max(groups, key=lambda g: g.get("budget_in_micro_currency") or 0)
    budget = (group.get("budget_in_micro_currency") or 0) / 2_000_000
    arguments = {"ad_account_id": account["id"], "ad_group_ids": [group["id"]], "budget": f"{budget:.2f}"}
    plan = await _call(client, "set_ad_group_budget", arguments)
    for change in plan["changes"]:
        _print(f"  plan: {change['name']}: budget {change.get('budget_in_micro_currency')}")
    _print(f"  {plan['next']}")
    applied = await _call(client, "set_ad_group_budget", {**arguments, "confirmation": plan["confirmation"]})
    now = applied["now"][0]
    _print(f"  {applied['status']}: {now['name']} now {now.get('budget_amount')}; journal {applied['journal_entry']}")
    undo = await _call(client, "undo_change", {"entry": applied["journal_entry"]})
    done = await _call(client, "undo_change", {"entry": applied["journal_entry"], "confirmation": undo["confirmation"]})
    _print(f"  undone: {done['now'][0]['name']} back to {done['now'][0].get('budget_amount')}")


async def run_demo(seed: int = 7) -> int:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "pinterest_mcp", "serve", "--demo", "--seed", str(seed), "--log-level", "ERROR"],
    )
    _print("pinterest-mcp demo: a real MCP client talking to `pinterest-mcp serve --demo` over stdio.")
    _print("The embedded emulator stands in for Pinterest; nothing leaves this machine.")
    started = time.perf_counter()
    async with Client(params) as client:
        listed = await client.list_tools()
        elapsed = time.perf_counter() - started
        wire = json.dumps(
            {"tools": [t.model_dump(by_alias=True, exclude_none=True, mode="json") for t in listed.tools]},
            separators=(",", ":"),
        )
        _print(f"\nConnected and listed tools in {elapsed:.2f} s: {len(listed.tools)} tools, {len(wire):,} bytes")
        toolset_of = {op.name: op.toolset for op in all_operations()}
        by_set: dict[str, list[str]] = {}
        for tool in listed.tools:
            by_set.setdefault(toolset_of.get(tool.name, "other"), []).append(tool.name)
        for toolset, names in by_set.items():
            _print(f"  {toolset:<10} {', '.join(names)}")

        user = await _call(client, "get_user_account", {})
        _print(
            f"  @{user.get('username')} ({user.get('account_type')}): {user.get('board_count')} boards, "
            f"{user.get('pin_count')} Pins, {user.get('follower_count'):,} followers"
        )

        accounts = (await _call(client, "list_ad_accounts", {}))["items"]
        for account in accounts:
            _print(f"  {account['id']}  {account['name']}  ({account['currency']}, {account.get('country')})")

        today = datetime.now(UTC).date()
        charted: list[str] = []
        for number, account in enumerate(accounts):
            campaigns = (await _call(client, "list_campaigns", {"ad_account_id": account["id"]}))["items"]
            spend = await _spend_last_week(client, account, [c["id"] for c in campaigns], today)
            currency = account["currency"]
            _print(f"  {'status':<8} {'campaign':<42} {'daily cap':>14} {'spend, last 7 days':>20}")
            for c in campaigns:
                cap = c.get("daily_spend_cap_amount") or "none"
                spent = f"{spend.get(c['id'], 0):,.2f} {currency}"
                _print(f"  {c['status']:<8} {c['name'][:42]:<42} {cap:>14} {spent:>20}")
            if number == 0:
                charted = [c["id"] for c in campaigns if c["status"] == "ACTIVE"]
                await _spend_chart(client, account, charted)

        enabled = await _call(client, "enable_toolset", {"toolsets": ["boards"]})
        _print(f"  enable_toolset boards: +{len(enabled['enabled'])} tools, {enabled['tokens']} tokens of tools/list")
        boards = (await _call(client, "list_boards", {"page_size": 5}))["items"]
        for board in boards:
            _print(f"  {board['id']}  {board['name']:<32} {board.get('privacy', '')}  {board.get('pin_count', 0)} Pins")
        if boards:
            board = max(boards, key=lambda b: b.get("pin_count") or 0)
            pins = (await _call(client, "list_board_pins", {"board_id": board["id"], "max_items": 5}))["items"]
            for pin in pins:
                _print(f"  {pin['id']}  {pin.get('title') or '(untitled)'}")

        if accounts:
            await _write_safely(client, accounts[0])

    first = accounts[0]["id"] if accounts else "AD_ACCOUNT_ID"
    command = _command()
    _print("\nTry a tool yourself (a table at a terminal; --format csv or json for scripts):")
    _print(f"  {command} call list_ad_groups --demo ad_account_id={first}")
    _print(f"  {command} call list_ad_groups --help")
    if charted:
        ids = ",".join(charted)
        _print(
            f"  {command} call get_campaign_analytics --demo ad_account_id={first} campaign_ids={ids} "
            "date_range=last_30_days --format chart"
        )
    _print("Connect Claude Code to the demo:")
    _print(f"  claude mcp add pinterest-demo -- {command} serve --demo")
    return 0


def _command() -> str:
    """The command as a client must spell it: the venv's own script by absolute path (a venv is not on PATH)."""
    script = Path(sys.executable).with_name("pinterest-mcp")
    return f'"{script}"' if script.exists() else f'"{sys.executable}" -m pinterest_mcp'
