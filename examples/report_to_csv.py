#!/usr/bin/env python3
"""An async ads report to CSV: `run_report` submits it, polls until Pinterest finishes, downloads it.

Reports are outside the default toolsets, so the script calls `enable_toolset` first, as a model
would. `run_report` reports its progress (MCP progress notifications, printed here on stderr) and
answers with the table; this script writes it to a CSV file. The server also keeps the complete
download in its data directory (`file` in the answer).

    python examples/report_to_csv.py [--live] [--days 7] [--level CAMPAIGN] [--out report.csv]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
from mcp import Client, StdioServerParameters
from mcp.types import TextContent


def server(live: bool) -> StdioServerParameters:
    """The server, from the Python running this script, with this environment (credentials, data directory)."""
    args = ["-m", "pinterest_mcp", "serve", "--log-level", "ERROR", *([] if live else ["--demo"])]
    return StdioServerParameters(command=sys.executable, args=args, env=dict(os.environ))


async def call(client: Client, tool: str, **arguments: Any) -> Any:
    async def report_progress(progress: float, total: float | None, message: str | None) -> None:
        done = f"{progress:g}/{total:g}" if total else f"{progress:g}"
        print(f"  {tool}: {done} {message or ''}", file=sys.stderr)

    result = await client.call_tool(tool, arguments, progress_callback=report_progress)
    text = "".join(block.text for block in result.content if isinstance(block, TextContent))
    if result.is_error:
        raise SystemExit(f"{tool} failed: {text}")
    return json.loads(text)


async def run(live: bool, days: int, level: str, out: Path) -> None:
    end = datetime.now(UTC).date() - timedelta(days=1)
    start = end - timedelta(days=days - 1)
    async with Client(server(live)) as client:
        account = (await call(client, "list_ad_accounts"))["items"][0]
        await call(client, "enable_toolset", toolsets=["reports"])
        print(f"{account['name']} ({account['currency']}): {level} report, {start} to {end}", file=sys.stderr)
        report = await call(
            client,
            "run_report",
            ad_account_id=account["id"],
            level=level,
            granularity="DAY",
            start_date=str(start),
            end_date=str(end),
            rows=1000,
        )
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(report["columns"])
        writer.writerows(report["rows"])
    print(f"wrote {len(report['rows'])} rows to {out}")
    if report.get("truncated"):
        print(f"{report['truncated']}; the complete report: {report.get('file')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true", help="your Pinterest account instead of the emulator")
    parser.add_argument("--days", type=int, default=7, help="full days, ending yesterday (default 7)")
    parser.add_argument("--level", default="CAMPAIGN", help="CAMPAIGN (default), AD_GROUP, PIN_PROMOTION...")
    parser.add_argument("--out", type=Path, default=Path("pinterest-report.csv"), help="the CSV file to write")
    args = parser.parse_args()
    anyio.run(run, args.live, args.days, args.level, args.out)


if __name__ == "__main__":
    main()
