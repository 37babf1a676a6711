"""Per-call figures, each beside its floor measured in the same run, on the path a real user takes.

The emulator stands in for Pinterest: `python -m pinterest_mcp.emulator` on a loopback port, a
process of its own. Our server runs in token mode (a dummy `PINTEREST_ACCESS_TOKEN`) with
`--base-url` pointing there, so every tool call sends real HTTP, as it does against Pinterest.

- Overhead (`overhead`): `get_ad_account` through `pinterest-mcp serve` over stdio beside its floor,
  the same `GET /v5/ad_accounts/{id}` sent with httpx to the same emulator. The calls go in rounds,
  one of each side, the order cycling through every permutation so load swings hit each side alike;
  p50/p95 of each side and of the round-by-round difference (tool call − raw request: what the MCP
  layer, our client and stdio add). `serve --demo` (emulator in process, no HTTP) is timed in the
  same rounds and labelled so: it is not the real path and is not compared with the floor.
- Throughput (`throughput`): K Streamable HTTP clients, each calling back to back for S seconds (the
  clock bounds the calls; a timeout bounds the run): `serve --transport http` calling
  `get_ad_account`, beside its floor, `bench/floor_server.py --http` (the SDK's empty server, one
  trivial tool, same uvicorn) driven the same way. R rounds, floor and ours alternating (A B, B A);
  median and min–max of calls/s for each and of the round-by-round ratio ours/floor. Ours shares the
  machine's cores with the emulator process, as a server on a busy host shares them with others.
- Memory (`memory`): resident set of the token-mode stdio server right after `initialize` and its
  peak (`VmHWM`) after N tool calls in all; its floor is the empty stdio server's resident set
  after `initialize`. Linux only (read from /proc).

Every timed call is checked (`bench/checks.py`): an error answer, or one without the account asked
for, stops the run instead of being timed.

Run alone: `python bench/call_figures.py [--quick] [--json]`; `bench/run.py` prints these with its figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx
from anyio.abc import Process
from mcp import Client, StdioServerParameters

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checks import BenchCallFailed, checked
from cold_start import DUMMY_TOKEN, FLOOR, _base_env

from pinterest_mcp.emulator.app import API_PREFIX

FULL = {"pairs": 200, "memory_calls": 500, "clients": 4, "seconds": 3.0, "rounds": 3}
QUICK = {"pairs": 20, "memory_calls": 50, "clients": 2, "seconds": 0.3, "rounds": 3}
WARMUP = 5  # calls per side before timing: imports done on first use and connection set-up are not per-call costs
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
PYTHON = sys.executable
TOOL = "get_ad_account"
FLOOR_TOOL, FLOOR_ANSWER = "ping", "pong"  # bench/floor_server.py --http


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


def middle(values: list[float], digits: int = 1) -> dict[str, float]:
    """Median and min–max of a few repeated runs."""
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
    }


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


def child_pid(*marks: bytes) -> int | None:
    """Pid of our child whose command line holds every one of `marks` (the stdio client hides the one it spawned)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    me = str(os.getpid())
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = stat.rsplit(")", 1)[1].split()[1]  # the name in parentheses may hold spaces
        if ppid == me and all(any(mark in part for part in cmdline) for mark in marks):
            return int(entry.name)
    return None


Served = tuple[list[str], int, dict[str, str], Path]
"""A server to start: its command, the loopback port it listens on, its environment, its log file."""


async def _stop(process: Process) -> None:
    process.terminate()
    with anyio.move_on_after(STOP_TIMEOUT_S) as waiting:
        await process.wait()
    if waiting.cancelled_caught:
        process.kill()
        await process.wait()
    await process.aclose()


@asynccontextmanager
async def served(*servers: Served) -> AsyncIterator[list[str]]:
    """Start every server at once (their start-ups overlap) and stop them when the block ends.

    Yields their base URLs once each accepts connections. Output goes to each one's log, quoted
    if it stops before listening.
    """
    async with AsyncExitStack() as stack:
        running: list[tuple[list[str], int, Process, Path]] = []
        for command, port, env, log in servers:
            sink = stack.enter_context(log.open("wb"))
            process = await anyio.open_process(command, stdin=subprocess.DEVNULL, stdout=sink, stderr=sink, env=env)
            stack.push_async_callback(_stop, process)
            running.append((command, port, process, log))
        with anyio.fail_after(START_TIMEOUT_S):
            for command, port, process, log in running:
                while True:  # bounded by fail_after
                    try:
                        await (await anyio.connect_tcp("127.0.0.1", port)).aclose()
                        break
                    except OSError:
                        if process.returncode is not None:
                            tail = log.read_text(errors="replace")[-1000:]
                            raise RuntimeError(f"{' '.join(command[:4])} stopped before it listened:\n{tail}") from None
                        await anyio.sleep(0.02)
        yield [f"http://127.0.0.1:{port}" for _, port, _, _ in running]


@asynccontextmanager
async def loopback_emulator(env: dict[str, str], scratch: Path) -> AsyncIterator[str]:
    """`python -m pinterest_mcp.emulator` (seed 7) on a free loopback port; yields its /v5 base URL."""
    port = free_port()
    command = [PYTHON, "-m", "pinterest_mcp.emulator", "--seed", "7", "--port", str(port)]
    async with served((command, port, env, scratch / "emulator.log")) as (url,):
        yield f"{url}{API_PREFIX}"


def token_env(env: dict[str, str]) -> dict[str, str]:
    """`env` with the dummy token: `serve` in token mode, as against Pinterest (the emulator takes any token)."""
    return {**env, "PINTEREST_ACCESS_TOKEN": DUMMY_TOKEN}


def is_account(account: str) -> Callable[[str], bool]:
    return lambda text: json.loads(text)["id"] == account


async def first_account(client: Client) -> str:
    """The first ad account the server lists (the emulator's seed decides which)."""
    text = checked(
        await client.call_tool("list_ad_accounts", {}), "list_ad_accounts", lambda t: json.loads(t)["items"], "items"
    )
    account: str = json.loads(text)["items"][0]["id"]
    return account


async def floor_memory(env: dict[str, str]) -> dict[str, int] | None:
    """Resident set of the empty stdio floor server right after `initialize`."""
    async with Client(StdioServerParameters(command=PYTHON, args=[str(FLOOR)], env=env)) as client:
        await client.list_tools()
        return memory_kb(child_pid(FLOOR.name.encode()))


async def overhead_and_memory(pairs: int, memory_calls: int, env: dict[str, str], base: str) -> dict[str, Any]:
    """Rounds of a token-mode stdio tool call, the raw HTTP request and a --demo tool call; then memory."""
    floor_at_start = await floor_memory(env)
    serve = [PYTHON, "-m", "pinterest_mcp", "serve", "--log-level", "ERROR"]
    real = StdioServerParameters(command=serve[0], args=[*serve[1:], "--base-url", base], env=token_env(env))
    demo = StdioServerParameters(command=serve[0], args=[*serve[1:], "--demo"], env=env)
    async with (
        Client(real) as server,
        Client(demo) as in_process,
        httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {DUMMY_TOKEN}"}) as http,
    ):
        pid = child_pid(b"serve", b"--base-url")
        at_start = memory_kb(pid)
        account = await first_account(server)
        arguments = {"ad_account_id": account}
        expect = is_account(account)

        def tool_call(client: Client) -> Callable[[], Awaitable[float]]:
            async def timed() -> float:
                started = time.perf_counter()
                result = await client.call_tool(TOOL, arguments)
                elapsed = time.perf_counter() - started
                checked(result, TOOL, expect, f"ad account {account}")
                return elapsed

            return timed

        async def raw() -> float:
            started = time.perf_counter()
            response = await http.get(f"/ad_accounts/{account}")
            elapsed = time.perf_counter() - started
            if response.status_code != 200 or not expect(response.text):
                raise BenchCallFailed(
                    f"GET /ad_accounts/{account} answered {response.status_code}: {response.text[:300]}"
                )
            return elapsed

        sides = {"server": tool_call(server), "raw": raw, "demo": tool_call(in_process)}
        for _ in range(WARMUP):
            for timed in sides.values():
                await timed()
        times: dict[str, list[float]] = {name: [] for name in sides}
        orders = list(itertools.permutations(sides))
        for index in range(pairs):
            for name in orders[index % len(orders)]:
                times[name].append(await sides[name]())
        calls = 1 + WARMUP + pairs
        listing = {"ad_account_id": account, "page_size": 25}
        while calls < memory_calls:
            if calls % 2:
                result = await server.call_tool("list_campaigns", listing)
                checked(result, "list_campaigns", lambda text: json.loads(text)["items"], "campaigns")
            else:
                await sides["server"]()
            calls += 1
        after = memory_kb(pid)
    return {
        "overhead": {
            "tool": TOOL,
            "rounds": pairs,
            "measured": "pinterest-mcp serve (token mode) over stdio, real HTTP to the emulator on loopback",
            "floor": "the same GET /v5/ad_accounts/{id} sent with httpx to the same emulator",
            "server_tool_call": spread(times["server"]),
            "floor_raw_http": spread(times["raw"]),
            "difference": spread([a - b for a, b in zip(times["server"], times["raw"], strict=True)]),
            "demo_tool_call": spread(times["demo"]),
            "demo_is": "serve --demo: emulator in process, no HTTP; not the real path, not set against the floor",
        },
        "memory": {
            "measured": "pinterest-mcp serve (token mode) over stdio",
            "floor": "bench/floor_server.py over stdio (empty MCPServer), after initialize",
            "calls": calls,
            "floor_rss_kb": floor_at_start["VmRSS"] if floor_at_start else None,
            "rss_at_start_kb": at_start["VmRSS"] if at_start else None,
            "peak_rss_kb": after["VmHWM"] if after else None,
            "rss_after_kb": after["VmRSS"] if after else None,
        },
    }


async def burst(
    url: str, tool: str, arguments: dict[str, Any], expect: Callable[[str], object], clients: int, seconds: float
) -> tuple[float, list[float]]:
    """`clients` sessions opened and warmed, then each calls `tool` back to back for `seconds`.

    Returns the wall time from the start signal to the last answer, and every call's latency. Any
    failed call (an error answer, a wrong one, a dropped session) raises `BenchCallFailed` after
    the burst, with the count and the first failure.
    """
    latencies: list[float] = []
    failures: list[BaseException] = []
    finished: list[float] = []
    opened: list[int] = []
    go = anyio.Event()
    deadline = [0.0]

    async def one_client() -> None:
        try:
            async with Client(url) as client:
                checked(await client.call_tool(tool, arguments), tool, expect, "the expected answer")  # warm-up
                opened.append(1)
                await go.wait()
                while time.perf_counter() < deadline[0]:
                    started = time.perf_counter()
                    result = await client.call_tool(tool, arguments)
                    latencies.append(time.perf_counter() - started)
                    checked(result, tool, expect, "the expected answer")
                finished.append(time.perf_counter())
        except Exception as error:  # every failure is reported after the burst; none is timed as a call
            failures.append(error)

    with anyio.fail_after(seconds + 2 * START_TIMEOUT_S):  # the run is bounded even if a call hangs
        async with anyio.create_task_group() as group:
            for _ in range(clients):
                group.start_soon(one_client)
            while len(opened) + len(failures) < clients:  # bounded by fail_after: every session open and warm
                await anyio.sleep(0.01)
            started = time.perf_counter()
            deadline[0] = started + seconds
            go.set()
    if failures:
        raise BenchCallFailed(
            f"{len(failures)} of {clients} clients calling {tool} over Streamable HTTP failed; first: {failures[0]!r}"
        ) from failures[0]
    return max(finished) - started, latencies


async def throughput(
    clients: int, seconds: float, rounds: int, env: dict[str, str], base: str, scratch: Path
) -> dict[str, Any]:
    """Rounds of a burst on the floor server and on ours over Streamable HTTP, alternating which goes first."""
    ours_port, floor_port = free_port(), free_port()
    ours = [PYTHON, "-m", "pinterest_mcp", "serve", "--base-url", base, "--log-level", "ERROR"]
    ours += ["--transport", "http", "--port", str(ours_port)]
    floor = [PYTHON, str(FLOOR), "--http", str(floor_port)]
    async with served(
        (ours, ours_port, token_env(env), scratch / "serve-http.log"),
        (floor, floor_port, env, scratch / "floor-http.log"),
    ) as (ours_root, floor_root):
        ours_url, floor_url = f"{ours_root}/mcp", f"{floor_root}/mcp"
        async with Client(ours_url) as first:
            account = await first_account(first)
        sides = {
            "ours": (ours_url, TOOL, {"ad_account_id": account}, is_account(account)),
            "floor": (floor_url, FLOOR_TOOL, {}, lambda text: text == FLOOR_ANSWER),
        }
        rate: dict[str, list[float]] = {"ours": [], "floor": []}
        latencies: dict[str, list[float]] = {"ours": [], "floor": []}
        for index in range(rounds):
            for side in ("floor", "ours") if index % 2 == 0 else ("ours", "floor"):
                wall, times = await burst(*sides[side], clients, seconds)
                rate[side].append(len(times) / wall)
                latencies[side] += times
    return {
        "measured": f"pinterest-mcp serve --transport http (token mode), {TOOL} → the emulator on loopback",
        "floor": f"bench/floor_server.py --http: the SDK's empty server, one trivial tool ({FLOOR_TOOL}), same uvicorn",
        "clients": clients,
        "seconds": seconds,
        "rounds": rounds,
        "calls": len(latencies["ours"]),
        "floor_calls": len(latencies["floor"]),
        "calls_per_s": middle(rate["ours"]),
        "floor_calls_per_s": middle(rate["floor"]),
        "ratio": middle([a / b for a, b in zip(rate["ours"], rate["floor"], strict=True)], 3),
        "latency": spread(latencies["ours"]),
        "floor_latency": spread(latencies["floor"]),
    }


async def call_figures(quick: bool = False, counts: dict[str, Any] | None = None) -> dict[str, Any]:
    """Overhead, memory and throughput; `counts` (keys of `FULL`) overrides the quick or full ones."""
    counts = {**(QUICK if quick else FULL), **(counts or {})}
    with tempfile.TemporaryDirectory(prefix="call-figures-") as scratch_dir:
        scratch = Path(scratch_dir)
        env = _base_env(scratch)
        async with loopback_emulator(env, scratch) as base:
            figures = await overhead_and_memory(counts["pairs"], counts["memory_calls"], env, base)
            figures["throughput"] = await throughput(
                counts["clients"], counts["seconds"], counts["rounds"], env, base, scratch
            )
    return figures


def _kb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 1024:.1f} MB"


def report(figures: dict[str, Any]) -> list[str]:
    over, mem, tput = figures["overhead"], figures["memory"], figures["throughput"]

    def row(label: str, values: dict[str, float]) -> str:
        return f"  {label:<46} p50 {values['p50_ms']:7.2f} ms  p95 {values['p95_ms']:7.2f} ms"

    def rate(values: dict[str, float]) -> str:
        return f"{values['median']:8.1f} calls/s (min {values['min']:.1f}, max {values['max']:.1f})"

    ratio = tput["ratio"]
    return [
        f"per-call overhead, {over['tool']} ({over['rounds']} interleaved rounds, token mode, real HTTP):",
        row("stdio tool call (serve, emulator over HTTP)", over["server_tool_call"]),
        row("floor: raw HTTP to the same emulator", over["floor_raw_http"]),
        row("difference, round by round", over["difference"]),
        row("for reference: serve --demo (no HTTP)", over["demo_tool_call"]),
        f"throughput over Streamable HTTP ({tput['clients']} clients, {tput['seconds']} s a round, "
        f"{tput['rounds']} rounds, floor and ours alternating):",
        f"  serve (token mode, {TOOL})  {rate(tput['calls_per_s'])}  latency p50 "
        f"{tput['latency']['p50_ms']:.2f} ms  p95 {tput['latency']['p95_ms']:.2f} ms",
        f"  floor (empty MCPServer, {FLOOR_TOOL})      {rate(tput['floor_calls_per_s'])}  latency p50 "
        f"{tput['floor_latency']['p50_ms']:.2f} ms  p95 {tput['floor_latency']['p95_ms']:.2f} ms",
        f"  ratio ours/floor, round by round: median {ratio['median']:.3f} "
        f"(min {ratio['min']:.3f}, max {ratio['max']:.3f})",
        f"memory of the stdio server (token mode): RSS at start {_kb(mem['rss_at_start_kb'])}, "
        f"peak after {mem['calls']} calls {_kb(mem['peak_rss_kb'])} (RSS then {_kb(mem['rss_after_kb'])}); "
        f"floor (empty MCPServer) {_kb(mem['floor_rss_kb'])}",
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
