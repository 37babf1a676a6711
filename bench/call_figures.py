"""Per-call figures: what the MCP layer adds to one request, throughput over HTTP, memory after many calls.

- Overhead: `get_ad_account` through `pinterest-mcp serve --demo` over stdio (a subprocess, its
  emulator in process) beside the same `GET /v5/ad_accounts/{id}` sent with httpx to the emulator
  served by uvicorn on loopback. Calls are paired and the order inside a pair alternates (A B, B A),
  so load swings hit both sides alike; p50/p95 of each side and of the pair-by-pair difference.
- Throughput: `serve --demo --transport http` as a subprocess, K clients over Streamable HTTP, each
  making M `get_ad_account` calls at once; calls/s over the wall time, p50/p95 latency, errors.
- Memory: the stdio server's resident set right after `initialize` and its peak (`VmHWM`) after N
  tool calls in all (the pairs, then `list_campaigns`/`get_ad_account` alternating). Linux only.

Run alone: `python bench/call_figures.py [--quick] [--json]`; `bench/run.py` prints these with its figures.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx
import uvicorn
from anyio.abc import ByteReceiveStream
from mcp import Client, StdioServerParameters

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cold_start import _base_env

from pinterest_mcp.emulator import Emulator
from pinterest_mcp.emulator.app import API_PREFIX
from pinterest_mcp.runtime import DEMO_TOKEN

FULL = {"pairs": 200, "clients": 4, "calls_per_client": 50, "memory_calls": 500}
QUICK = {"pairs": 20, "clients": 2, "calls_per_client": 10, "memory_calls": 50}
WARMUP = 5  # calls per side before timing: imports done on first use and connection set-up are not per-call costs
START_TIMEOUT_S = 30.0
SERVE = [sys.executable, "-m", "pinterest_mcp", "serve", "--demo"]


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def spread(seconds: list[float]) -> dict[str, float]:
    """p50 and p95 in milliseconds (p95 by the inclusive method, so 20 samples are enough)."""
    ms = [s * 1000 for s in seconds]
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[18]
    return {"p50_ms": round(statistics.median(ms), 3), "p95_ms": round(p95, 3)}


def memory_kb(pid: int | None) -> dict[str, int] | None:
    """`VmRSS` and `VmHWM` (peak resident set) of a process in kB, from /proc; None where there is no /proc."""
    if pid is None:
        return None
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    return {name: int(fields[name].split()[0]) for name in ("VmRSS", "VmHWM") if name in fields}


def child_server_pid() -> int | None:
    """Pid of our own child running `pinterest_mcp serve`: the MCP stdio client does not expose the one it spawned."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    me = os.getpid()
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])  # the name in parentheses may hold spaces
        if ppid == me and b"pinterest_mcp" in cmdline and b"serve" in cmdline:
            return int(entry.name)
    return None


@asynccontextmanager
async def emulator_on_loopback() -> AsyncIterator[str]:
    """`Emulator(seed=7)` served by uvicorn in a thread of its own; yields its /v5 base URL once it accepts."""
    port = free_port()
    config = uvicorn.Config(Emulator(seed=7).app, host="127.0.0.1", port=port, log_level="error", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="emulator", daemon=True)
    thread.start()
    try:
        with anyio.fail_after(START_TIMEOUT_S):
            while not server.started:  # bounded by fail_after
                if not thread.is_alive():
                    raise RuntimeError("the emulator's uvicorn thread stopped before it listened")
                await anyio.sleep(0.01)
        yield f"http://127.0.0.1:{port}{API_PREFIX}"
    finally:
        server.should_exit = True
        await anyio.to_thread.run_sync(thread.join, 10.0)


def _text(result: Any) -> str:
    if result.is_error:
        raise RuntimeError(f"tool error: {result.content[0].text[:200]}")
    text: str = result.content[0].text
    return text


async def overhead_and_memory(pairs: int, memory_calls: int, env: dict[str, str]) -> dict[str, Any]:
    """Paired stdio tool calls and raw HTTP requests, then top-up calls to `memory_calls` and the server's memory."""
    params = StdioServerParameters(command=SERVE[0], args=[*SERVE[1:], "--log-level", "ERROR"], env=env)
    headers = {"Authorization": f"Bearer {DEMO_TOKEN}"}
    async with (
        Client(params) as client,
        emulator_on_loopback() as base,
        httpx.AsyncClient(base_url=base, headers=headers) as http,
    ):
        pid = child_server_pid()
        at_start = memory_kb(pid)
        account = json.loads(_text(await client.call_tool("list_ad_accounts", {})))["items"][0]["id"]
        arguments = {"ad_account_id": account}
        calls = 1

        async def tool() -> float:
            started = time.perf_counter()
            _text(await client.call_tool("get_ad_account", arguments))
            return time.perf_counter() - started

        async def raw() -> float:
            started = time.perf_counter()
            response = await http.get(f"/ad_accounts/{account}")
            elapsed = time.perf_counter() - started
            response.raise_for_status()
            return elapsed

        for _ in range(WARMUP):
            await tool()
            await raw()
        calls += WARMUP
        stdio: list[float] = []
        direct: list[float] = []
        for index in range(pairs):
            if index % 2:
                direct.append(await raw())
                stdio.append(await tool())
            else:
                stdio.append(await tool())
                direct.append(await raw())
        calls += pairs
        listing = {"ad_account_id": account, "page_size": 25}
        while calls < memory_calls:
            name, args = ("list_campaigns", listing) if calls % 2 else ("get_ad_account", arguments)
            _text(await client.call_tool(name, args))
            calls += 1
        after = memory_kb(pid)
    return {
        "overhead": {
            "pairs": pairs,
            "stdio_tool_call": spread(stdio),
            "raw_http": spread(direct),
            "difference": spread([a - b for a, b in zip(stdio, direct, strict=True)]),
        },
        "memory": {
            "calls": calls,
            "rss_at_start_kb": at_start["VmRSS"] if at_start else None,
            "peak_rss_kb": after["VmHWM"] if after else None,
            "rss_after_kb": after["VmRSS"] if after else None,
        },
    }


async def _announced_url(stderr: ByteReceiveStream, found: list[str], ready: anyio.Event) -> None:
    """Read the server's stderr to its end: the "serving on URL;" line sets `ready`; the rest keeps the pipe drained."""
    buffer = b""
    async for chunk in stderr:
        if ready.is_set():
            continue
        buffer += chunk
        for line in buffer.decode(errors="replace").splitlines():
            if "serving on http" in line:
                found.append(line.split("serving on ", 1)[1].split(";", 1)[0].strip())
                ready.set()


async def throughput(clients: int, calls_per_client: int, env: dict[str, str]) -> dict[str, Any]:
    """K Streamable HTTP clients, each `calls_per_client` calls, all started together once every session is open."""
    command = [*SERVE, "--transport", "http", "--port", str(free_port())]
    latencies: list[float] = []
    errors: list[str] = []
    quiet = subprocess.DEVNULL
    async with await anyio.open_process(command, stdin=quiet, stdout=quiet, env=env) as process:
        assert process.stderr is not None
        found: list[str] = []
        ready = anyio.Event()
        async with anyio.create_task_group() as watch:
            watch.start_soon(_announced_url, process.stderr, found, ready)
            try:
                with anyio.fail_after(START_TIMEOUT_S):
                    await ready.wait()
                    url = found[0]
                    async with httpx.AsyncClient() as probe:
                        while True:  # bounded by fail_after: the line may come just before the port is bound
                            try:
                                await probe.get(url)
                                break
                            except httpx.ConnectError:
                                await anyio.sleep(0.05)
                async with Client(url) as first:
                    account = json.loads(_text(await first.call_tool("list_ad_accounts", {})))["items"][0]["id"]
                go = anyio.Event()
                opened: list[int] = []

                async def one_client() -> None:
                    async with Client(url) as client:
                        _text(await client.call_tool("get_ad_account", {"ad_account_id": account}))  # warm-up
                        opened.append(1)
                        await go.wait()
                        for _ in range(calls_per_client):
                            started = time.perf_counter()
                            try:
                                _text(await client.call_tool("get_ad_account", {"ad_account_id": account}))
                            except Exception as error:  # counted: the figure is errors = 0
                                errors.append(repr(error)[:200])
                            latencies.append(time.perf_counter() - started)

                async with anyio.create_task_group() as group:
                    for _ in range(clients):
                        group.start_soon(one_client)
                    with anyio.fail_after(START_TIMEOUT_S):
                        while len(opened) < clients:  # bounded by fail_after: every session open and warm
                            await anyio.sleep(0.01)
                    started = time.perf_counter()
                    go.set()
                wall = time.perf_counter() - started
            finally:
                process.terminate()
                watch.cancel_scope.cancel()
    return {
        "clients": clients,
        "calls_per_client": calls_per_client,
        "calls": len(latencies),
        "wall_s": round(wall, 3),
        "calls_per_s": round(len(latencies) / wall, 1),
        "latency": spread(latencies),
        "errors": len(errors),
        "first_errors": errors[:3],
    }


async def call_figures(quick: bool = False) -> dict[str, Any]:
    counts = QUICK if quick else FULL
    with tempfile.TemporaryDirectory(prefix="call-figures-") as scratch:
        env = _base_env(Path(scratch))
        figures = await overhead_and_memory(counts["pairs"], counts["memory_calls"], env)
        figures["throughput"] = await throughput(counts["clients"], counts["calls_per_client"], env)
    return figures


def _kb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 1024:.1f} MB"


def report(figures: dict[str, Any]) -> list[str]:
    over, mem, tput = figures["overhead"], figures["memory"], figures["throughput"]

    def row(label: str, values: dict[str, float]) -> str:
        return f"  {label:<38} p50 {values['p50_ms']:7.2f} ms  p95 {values['p95_ms']:7.2f} ms"

    return [
        f"per-call overhead, get_ad_account ({over['pairs']} interleaved pairs):",
        row("stdio tool call (serve --demo)", over["stdio_tool_call"]),
        row("raw HTTP to the emulator on loopback", over["raw_http"]),
        row("difference, pair by pair", over["difference"]),
        f"throughput over Streamable HTTP ({tput['clients']} clients x {tput['calls_per_client']} calls):",
        f"  {tput['calls_per_s']:.1f} calls/s over {tput['wall_s']:.2f} s  latency"
        f" p50 {tput['latency']['p50_ms']:.2f} ms  p95 {tput['latency']['p95_ms']:.2f} ms  errors {tput['errors']}",
        f"memory of the stdio server: RSS at start {_kb(mem['rss_at_start_kb'])}, "
        f"peak after {mem['calls']} calls {_kb(mem['peak_rss_kb'])} (RSS then {_kb(mem['rss_after_kb'])})",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small counts: proves the bench runs (CI)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = anyio.run(call_figures, args.quick)
    print(json.dumps(figures, indent=2) if args.json else "\n".join(report(figures)))


if __name__ == "__main__":
    main()
