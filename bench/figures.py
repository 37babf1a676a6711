"""Print the figures we track: cold start, tools/list size, typical answer sizes, call latency.

Run: `python bench/figures.py [--runs 5]`. Everything runs against the embedded emulator, so the
numbers measure this server, not Pinterest.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from typing import Any

import anyio
from mcp import Client, StdioServerParameters

from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server import build_server
from pinterest_mcp.settings import Settings


def wire_size(tools: list[Any]) -> int:
    dumped = [t.model_dump(by_alias=True, exclude_none=True, mode="json") for t in tools]
    return len(json.dumps({"tools": dumped}, separators=(",", ":")))


async def cold_start(runs: int) -> list[float]:
    """Spawn `pinterest-mcp serve --demo` over stdio until the first tools/list answer."""
    times = []
    for _ in range(runs):
        params = StdioServerParameters(
            command=sys.executable, args=["-m", "pinterest_mcp", "serve", "--demo", "--log-level", "ERROR"]
        )
        started = time.perf_counter()
        async with Client(params) as client:
            await client.list_tools()
            times.append(time.perf_counter() - started)
    return times


async def in_memory(runs: int) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for label, toolsets, read_only in (
        ("default", (), False),
        ("default, --read-only", (), True),
        ("all", ("all",), False),
    ):
        server = build_server(Settings(demo=True, toolsets=toolsets, read_only=read_only))
        tools = await server.list_tools()
        figures[f"tools/list bytes ({label}, {len(tools)} tools)"] = wire_size(tools)
    runtime = Runtime(Settings(demo=True))
    async with Client(build_server(runtime.settings, runtime)) as client:
        accounts = json.loads((await client.call_tool("list_ad_accounts", {})).content[0].text)["items"]
        account = accounts[0]["id"]
        for tool, args in (
            ("list_campaigns", {"ad_account_id": account}),
            ("list_ad_groups", {"ad_account_id": account}),
            ("list_pins", {}),
            ("list_pins", {"fields": ["*"]}),
        ):
            text = (await client.call_tool(tool, args)).content[0].text
            shown = f"{tool} {json.dumps(args)}"
            figures[f"answer chars: {shown}"] = len(text)
        latencies = []
        for _ in range(runs * 20):
            started = time.perf_counter()
            await client.call_tool("list_campaigns", {"ad_account_id": account})
            latencies.append((time.perf_counter() - started) * 1000)
        figures["list_campaigns in-memory median ms"] = round(statistics.median(latencies), 2)
        figures.update(await _writes(client, account, runs))
    return figures


async def _writes(client: Client, account: str, runs: int) -> dict[str, Any]:
    """The plan of a budget change (size a model pays), and plan / apply latency in memory."""
    groups = json.loads((await client.call_tool("list_ad_groups", {"ad_account_id": account})).content[0].text)
    group = groups["items"][0]
    args = {"ad_account_id": account, "ad_group_ids": [group["id"]], "budget": "55"}
    figures: dict[str, Any] = {}
    plan_ms, apply_ms = [], []
    for i in range(runs * 4):
        amount = {**args, "budget": str(55 + i % 2)}
        started = time.perf_counter()
        plan = await client.call_tool("set_ad_group_budget", amount)
        plan_ms.append((time.perf_counter() - started) * 1000)
        token = json.loads(plan.content[0].text)["confirmation"]
        started = time.perf_counter()
        await client.call_tool("set_ad_group_budget", {**amount, "confirmation": token})
        apply_ms.append((time.perf_counter() - started) * 1000)
        if i == 0:
            figures["answer chars: set_ad_group_budget plan"] = len(plan.content[0].text)
    figures["set_ad_group_budget plan in-memory median ms"] = round(statistics.median(plan_ms), 2)
    figures["set_ad_group_budget apply (write + read back + journal) median ms"] = round(statistics.median(apply_ms), 2)
    return figures


async def main(runs: int) -> None:
    starts = await cold_start(runs)
    print(
        f"cold start spawn→tools/list: median {statistics.median(starts):.2f} s, "
        f"min {min(starts):.2f} s, max {max(starts):.2f} s over {runs} runs"
    )
    for name, value in (await in_memory(runs)).items():
        extra = f" (~{value // 4} tokens)" if "bytes" in name or "chars" in name else ""
        print(f"{name}: {value}{extra}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    anyio.run(main, parser.parse_args().runs)
