"""Print the figures we track: cold start, tools/list size, typical answer sizes, call latency.

Run: `python bench/figures.py [--runs 5]`. Everything runs against the embedded emulator, so the
numbers measure this server, not Pinterest. The answers come from a server with the toolsets their
tools belong to enabled (`ANSWER_TOOLSETS`), and each is checked (`bench/checks.py`): a refusal
stops the run rather than be measured as an answer.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from typing import Any

import anyio
from checks import checked
from mcp import Client, StdioServerParameters

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server

ANSWER_TOOLSETS = ("default", "pins")
"""What the measured answers need: list_pins is in `pins`, which the default does not enable."""


def has_items(text: str) -> bool:
    return bool(json.loads(text)["items"])


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


async def in_memory(runs: int, toolsets: tuple[str, ...] = ANSWER_TOOLSETS) -> dict[str, Any]:
    """tools/list sizes, answer sizes and in-memory latencies; `toolsets`: what the answering server enables."""
    figures: dict[str, Any] = {}
    for label, enabled, read_only in (
        ("default", (), False),
        ("default, --read-only", (), True),
        ("all", ("all",), False),
    ):
        server = build_server(Settings(demo=True, toolsets=enabled, read_only=read_only))
        tools = await server.list_tools()
        figures[f"tools/list bytes ({label}, {len(tools)} tools)"] = wire_size(tools)
    runtime = Runtime(Settings(demo=True, toolsets=toolsets))
    async with Client(build_server(runtime.settings, runtime)) as client:
        listed = checked(await client.call_tool("list_ad_accounts", {}), "list_ad_accounts", has_items, "items")
        account = json.loads(listed)["items"][0]["id"]
        for tool, args in (
            ("list_campaigns", {"ad_account_id": account}),
            ("list_ad_groups", {"ad_account_id": account}),
            ("list_pins", {}),
            ("list_pins", {"fields": ["*"]}),
        ):
            text = checked(await client.call_tool(tool, args), tool, has_items, "items")
            shown = f"{tool} {json.dumps(args)}"
            figures[f"answer chars: {shown}"] = len(text)
            figures[f"answer items: {shown}"] = len(json.loads(text)["items"])
        latencies = []
        listing = {"ad_account_id": account}
        for _ in range(runs * 20):
            started = time.perf_counter()
            result = await client.call_tool("list_campaigns", listing)
            latencies.append((time.perf_counter() - started) * 1000)
            checked(result, "list_campaigns", has_items, "campaigns")
        figures["list_campaigns in-memory median ms"] = round(statistics.median(latencies), 2)
        figures.update(await _writes(client, account, runs))
    return figures


async def _writes(client: Client, account: str, runs: int) -> dict[str, Any]:
    """The plan of a budget change (size a model pays), and plan / apply latency in memory."""
    listed = checked(
        await client.call_tool("list_ad_groups", {"ad_account_id": account}), "list_ad_groups", has_items, "items"
    )
    group = json.loads(listed)["items"][0]
    args = {"ad_account_id": account, "ad_group_ids": [group["id"]], "budget": "55"}
    figures: dict[str, Any] = {}
    plan_ms, apply_ms = [], []
    for i in range(runs * 4):
        amount = {**args, "budget": str(55 + i % 2)}
        started = time.perf_counter()
        result = await client.call_tool("set_ad_group_budget", amount)
        plan_ms.append((time.perf_counter() - started) * 1000)
        plan = checked(result, "set_ad_group_budget", lambda text: json.loads(text)["confirmation"], "a confirmation")
        confirmed = {**amount, "confirmation": json.loads(plan)["confirmation"]}
        started = time.perf_counter()
        result = await client.call_tool("set_ad_group_budget", confirmed)
        apply_ms.append((time.perf_counter() - started) * 1000)
        checked(result, "set_ad_group_budget", lambda text: json.loads(text)["status"] == "applied", "status applied")
        if i == 0:
            figures["answer chars: set_ad_group_budget plan"] = len(plan)
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
