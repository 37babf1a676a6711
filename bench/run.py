"""Every figure the budgets name, in one run: tools/list tokens and cold start beside the floor server.

- Model-visible cl100k tokens of `tools/list` (name, description and inputSchema of each tool, what
  clients hand a model) and of the whole wire form, for the default (what a client connected with
  no flags sees) and for every toolset enabled; tokens per tool; the 10 largest tools.
- Cold start, spawn → first `tools/list` over stdio, as a ratio to an empty `mcp` server started
  the same way, interleaved (`bench/cold_start.py`).
- Analytics (`bench/analytics_figures.py`): tokens of a 25-row × 10-column answer beside Pinterest's
  raw JSON for the same rows; 1,000 campaigns with the emulator 100 ms a request: requests, most in
  flight, wall time.
- Per call (`bench/call_figures.py`), on the real path (token mode, real HTTP to the emulator served
  on loopback by a process of its own): a stdio tool call beside the same raw HTTP request
  (interleaved, p50/p95 of each and of the difference; `--demo` beside them for reference);
  Streamable HTTP throughput of K clients over a few seconds, repeated, beside the floor server
  serving a trivial tool the same way (median, min–max, ratio); the stdio server's memory at start
  and its peak after N calls, beside the floor server's.
- Agent workload (`bench/agent_workload.py`): twelve everyday requests through an MCP client, each
  answer checked against the emulator; calls and result tokens per task beside issue #20's baseline
  and budget (≤ 60 calls, ≤ 15,000 tokens).
- With `--answers`, the typical answer sizes and in-memory latencies of `bench/figures.py`.
- With `--connector-load`, the remote connector under load (`bench/connector_load.py`: 200 users,
  60 s, three replicas behind haproxy); never part of `--quick`.

Each timed figure's record names its floor (`floor`), measured in the same run. Every timed call
is checked (`bench/checks.py`): one that answers with an error stops the run with `BenchCallFailed`
instead of timing the refusal.

Run: `python bench/run.py [--runs 15] [--json] [--quick]` (budgets: default ≤ 4,000 tokens, all ≤ 160
a tool, cold start ≤ 1.10×). `--quick` is a proof that it works (3 cold-start rounds, small call counts, short
throughput rounds), for CI; its figures are not to be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parent))

from agent_workload import figures as workload_figures
from agent_workload import report as workload_report
from agent_workload import workload
from analytics_figures import analytics_figures
from analytics_figures import report as analytics_report
from call_figures import call_figures
from call_figures import report as call_report
from checks import failed_call
from cold_start import measure

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.token_cost import visible_tokens, wire_tokens

BUDGETS = {"default_tokens": 4000, "all_tokens_per_tool": 160, "cold_start_ratio": 1.10}
COLD_START_FLOOR = "bench/floor_server.py over stdio: an empty MCPServer, started the same way"


async def tool_tokens() -> dict[str, Any]:
    from pinterest_mcp.server.build import INSTRUCTIONS
    from pinterest_mcp.server.token_cost import count

    figures: dict[str, Any] = {"instructions_tokens": count(INSTRUCTIONS)}
    for label, settings in (
        ("default", Settings(demo=True)),
        ("all", Settings(demo=True, toolsets=("all",), dynamic_toolsets=True)),
    ):
        tools = await build_server(settings).list_tools()
        visible = {t.name: visible_tokens(t) for t in tools}
        figures[f"{label}_tools"] = len(tools)
        figures[f"{label}_tokens"] = sum(visible.values())
        figures[f"{label}_wire_tokens"] = sum(wire_tokens(t) for t in tools)
        figures[f"{label}_tokens_per_tool"] = round(sum(visible.values()) / len(tools), 1)
        if label == "all":
            figures["largest"] = sorted(visible.items(), key=lambda kv: -kv[1])[:10]
    return figures


async def run(runs: int, answers: bool, quick: bool = False) -> dict[str, Any]:
    figures = await tool_tokens()
    figures["cold_start"] = {"floor": COLD_START_FLOOR, **await measure(runs)}
    figures["analytics"] = await analytics_figures()
    figures["calls"] = await call_figures(quick)
    figures["workload"] = workload_figures(await workload())
    if answers:
        from figures import in_memory

        figures["answers"] = await in_memory(max(1, runs // 3))
    return figures


def report(figures: dict[str, Any]) -> str:
    cold = figures["cold_start"]
    lines = [
        "tools/list, model-visible cl100k tokens (name + description + inputSchema; whole wire form beside):",
        f"  default  {figures['default_tools']:3d} tools  {figures['default_tokens']:6d} tokens "
        f"({figures['default_tokens_per_tool']}/tool; wire {figures['default_wire_tokens']})  "
        f"budget {BUDGETS['default_tokens']}",
        f"  all      {figures['all_tools']:3d} tools  {figures['all_tokens']:6d} tokens "
        f"({figures['all_tokens_per_tool']}/tool; wire {figures['all_wire_tokens']})  "
        f"budget {BUDGETS['all_tokens_per_tool']}/tool",
        "  largest: " + ", ".join(f"{name} {tokens}" for name, tokens in figures["largest"]),
        f"  server instructions (shared argument vocabulary, sent once per session): "
        f"{figures['instructions_tokens']} tokens",
        "cold start, spawn → tools/list over stdio (median of interleaved pairs):",
        f"  floor (empty mcp MCPServer)  {cold['floor_s'] * 1000:6.0f} ms",
    ]
    for name in ("demo", "token"):
        lines.append(
            f"  serve ({name:<5})  {cold[f'{name}_s'] * 1000:6.0f} ms  ratio {cold[f'{name}_ratio']:.3f}x  "
            f"budget {BUDGETS['cold_start_ratio']}x"
        )
    lines += analytics_report(figures["analytics"])
    lines += call_report(figures["calls"])
    lines += workload_report(figures["workload"])
    for name, value in figures.get("answers", {}).items():
        lines.append(f"  {name}: {value}")
    if "connector_load" in figures:
        from connector_load import report as load_report

        lines += load_report(figures["connector_load"])
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="cold-start rounds after a warm-up (default 15)")
    parser.add_argument("--quick", action="store_true", help="3 rounds, small call counts: proves the bench runs (CI)")
    parser.add_argument("--answers", action="store_true", help="also answer sizes and in-memory latencies")
    parser.add_argument(
        "--connector-load",
        action="store_true",
        help="also bench/connector_load.py (200 users, 60 s, three replicas behind haproxy); never with --quick",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.connector_load and args.quick:
        parser.error("--connector-load is a full run of a minute or more; run it without --quick")
    try:
        figures = anyio.run(run, 3 if args.quick else args.runs, args.answers, args.quick)
        if args.connector_load:
            from connector_load import connector_load

            figures["connector_load"] = anyio.run(connector_load)
    except BaseException as error:
        failed = failed_call(error)
        if failed is None:
            raise
        sys.exit(f"bench failed: a timed call did not answer, so no figure is printed.\n{failed}")
    print(json.dumps(figures, indent=2) if args.json else report(figures))


if __name__ == "__main__":
    main()
