"""Connector load: many users, each with their own grant, calling through haproxy to three replicas.

The fleet is `bench/fleet.py`'s: three `serve --auth oauth` processes on one PostgreSQL (a throwaway
cluster), the emulator in its own process as Pinterest, haproxy round-robin in front.

- Users: the emulator's two Pinterest users each sign in once through the proxy (the whole browser
  flow); the other grants are minted in the store by the server's own provider (`fleet.mint_grants`),
  copies of those two (same Pinterest user, accounts and mode), each with its own access token.
  Hundreds of browser sign-ins would time the sign-in, not the calls. Users alternate between the
  two Pinterest users.
- Load: every user an MCP SDK client with its bearer token; after an untimed warm-up (`WARM_UP_CALLS`
  each, timed as a whole), calling `list_ad_accounts` in a loop for the duration: calls/s, p50/p95
  latency, errors (an error answer or a failed call), cross-user
  answers (an answer that misses the user's own ad account or names the other user's), each
  replica's resident memory after the run.
- `seconds` runs until the last call in flight at the deadline has answered. At saturation latency is
  queueing: by Little's law about users ÷ calls/s, so p50/p95 under load read as the fleet's capacity on
  this machine, and the unloaded pairs below as what the proxy, OAuth and store add to one call.
- `--balance grant` hashes the bearer token in haproxy (each grant on one replica) beside round-robin,
  where every replica builds and caches a server for every grant (an LRU of `DEFAULT_MAX_SERVERS`).
- Added latency: one client, calls interleaved one by one between the fleet (proxy, OAuth, store)
  and one `serve --transport http` without auth on the same emulator (Pinterest token from the
  emulator's client credentials): p50/p95 of each and of the difference, unloaded.

Run: `python bench/connector_load.py [--users 200] [--seconds 60] [--balance grant] [--quick] [--json]`; `bench/run.py
--connector-load` runs it after its own figures. `--quick` (6 users, 3 s, 20 pairs) proves it runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fleet import (
    BALANCES,
    PINTEREST_USERS,
    PYTHON,
    START_TIMEOUT_S,
    Fleet,
    fleet,
    free_port,
    grant_of,
    mint_grants,
    pinterest_token,
    sign_in,
    start_process,
    throwaway_postgres,
    wait_ready,
)

FULL = {"users": 200, "seconds": 60.0, "pairs": 200}
QUICK = {"users": 6, "seconds": 3.0, "pairs": 20}
TOOL = "list_ad_accounts"
WARM_UP_CALLS = 3
LOAD_BUDGETS = "ads_read=1000000"
"""The replicas' per-Pinterest-user rate budget for the load (`PINTEREST_MCP_RATE_BUDGETS`): 200 users share
two Pinterest users, whose real budget (800 ads_read calls a minute each) would refuse most calls past
about 27 calls/s, so the bench would measure the budget, not the connector. The budget has its own tests."""
"""Untimed calls per user first: round-robin reaches each replica once, so each builds the grant's server
(and the SDK client lists tools before its first call); the timed part is the steady state."""


def spread(ms: list[float]) -> dict[str, float]:
    """p50 and p95 in ms (p95 inclusive, so a short run still has one)."""
    if len(ms) < 2:
        return {"p50_ms": round(ms[0], 1) if ms else 0.0, "p95_ms": round(ms[0], 1) if ms else 0.0}
    return {
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(statistics.quantiles(ms, n=20, method="inclusive")[18], 1),
    }


@asynccontextmanager
async def mcp_client(url: str, token: str | None) -> AsyncIterator[Client]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    http = httpx2.AsyncClient(headers=headers, timeout=60.0)
    async with http, Client(streamable_http_client(url, http_client=http)) as client:
        yield client


def leaf(exc: BaseException) -> str:
    """The first innermost exception of a (nested) group, named with its message: what actually failed."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return f"{type(exc).__name__}: {exc}"[:300]


def accounts_in(text: str) -> set[str]:
    return {str(item["id"]) for item in json.loads(text).get("items", [])}


async def call(client: Client, why: list[str] | None = None) -> tuple[float, str | None]:
    """One timed call: (ms, the answer's text), or (ms, None) when it failed or answered an error (why in `why`)."""
    start = time.perf_counter()
    try:
        result = await client.call_tool(TOOL, {})
    except Exception as exc:
        if why is not None:
            why.append(f"{TOOL} failed: {leaf(exc)}")
        return (time.perf_counter() - start) * 1000, None
    ms = (time.perf_counter() - start) * 1000
    text = getattr(result.content[0], "text", None) if result.content else None
    if result.is_error or text is None:
        if why is not None:
            why.append(f"{TOOL} answered an error: {str(text)[:100]}")
        return ms, None
    return ms, str(text)


@asynccontextmanager
async def unauthenticated_replica(found: Fleet, scratch: Path) -> AsyncIterator[str]:
    """`serve --transport http` (no OAuth, no token) on the same emulator, with an app token of its first user."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PINTEREST_API", "PINTEREST_ADS"))}
    data = scratch / "plain"
    data.mkdir(parents=True, exist_ok=True)
    env |= {
        "PINTEREST_API_BASE_URL": f"{found.emulator_url}/v5",
        "PINTEREST_ACCESS_TOKEN": await pinterest_token(found),
        "XDG_DATA_HOME": str(data),
        "XDG_CONFIG_HOME": str(data),
    }
    command = [PYTHON, "-m", "pinterest_mcp", "serve", "--transport", "http", "--port", str(port)]
    async with AsyncExitStack() as stack:
        log = data / "serve.log"
        process = await start_process(stack, command, env, log)
        with anyio.fail_after(START_TIMEOUT_S):
            await wait_ready(found.http, f"http://127.0.0.1:{port}/healthz", process, log)
        yield f"http://127.0.0.1:{port}/mcp"


async def users_of(found: Fleet, count: int) -> list[tuple[str, str]]:
    """`count` (access token, Pinterest user) pairs, alternating the two users; two real sign-ins, the rest minted."""
    per_user = [(count + 1 - i) // 2 for i in range(len(PINTEREST_USERS))]
    tokens: list[list[str]] = []
    for pinterest_user, wanted in zip(PINTEREST_USERS, per_user, strict=True):
        first = await sign_in(found, pinterest_user)
        grant = await grant_of(found.store_url, found.public_url, first)
        tokens.append([first, *await mint_grants(found.store_url, found.public_url, grant, max(0, wanted - 1))])
    users = []
    for i in range(count):
        which = i % len(PINTEREST_USERS)
        users.append((tokens[which][i // len(PINTEREST_USERS)], PINTEREST_USERS[which]))
    return users


async def added_latency(found: Fleet, token: str, plain_url: str, pairs: int) -> dict[str, Any]:
    """Interleaved one-by-one calls: through the proxy with OAuth vs. one replica without auth."""
    ours: list[float] = []
    floor: list[float] = []
    async with mcp_client(found.mcp_url, token) as fleet_client, mcp_client(plain_url, None) as plain:
        for _ in range(3):  # warm-up: first-use imports and connections are not per-call costs
            await call(fleet_client)
            await call(plain)
        for _ in range(pairs):
            for client, into in ((fleet_client, ours), (plain, floor)):
                ms, text = await call(client)
                if text is None:
                    raise RuntimeError(f"{TOOL} failed while timing added latency")
                into.append(ms)
    return {
        "fleet": spread(ours),
        "one_replica_without_auth": spread(floor),
        "added": spread([a - b for a, b in zip(ours, floor, strict=True)]),
        "pairs": pairs,
    }


async def load(found: Fleet, users: list[tuple[str, str]], seconds: float) -> dict[str, Any]:
    """Every user calling in a loop for `seconds`; what each answer says is checked against its user."""
    own: dict[str, set[str]] = {}
    for token, pinterest_user in users:
        if pinterest_user not in own:
            async with mcp_client(found.mcp_url, token) as client:
                _, text = await call(client)
            if text is None:
                raise RuntimeError(f"{TOOL} failed for {pinterest_user or 'the first user'} before the load")
            own[pinterest_user] = accounts_in(text)
    if len({frozenset(a) for a in own.values()}) != len(own) or any(not a for a in own.values()):
        raise RuntimeError(f"the two Pinterest users must each have their own ad accounts: {own}")
    latencies: list[float] = []
    failures: list[str] = []
    crossed = 0
    opened = 0
    go = anyio.Event()
    warming = time.perf_counter()
    started = deadline = 0.0

    def one_more_ready() -> None:
        nonlocal opened, started, deadline
        opened += 1
        if opened == len(users):  # every client is open: the clock starts for all at once
            started = time.perf_counter()
            deadline = started + seconds
            go.set()

    async def user_loop(token: str, pinterest_user: str) -> None:
        nonlocal crossed
        others = set().union(*(a for u, a in own.items() if u != pinterest_user))
        counted = False
        try:
            async with mcp_client(found.mcp_url, token) as client:
                for _ in range(WARM_UP_CALLS):  # the grant's server on each replica, the client's tool list
                    if (await call(client))[1] is None:
                        failures.append(f"{TOOL} failed while warming up")
                counted = True
                one_more_ready()
                await go.wait()
                while time.perf_counter() < deadline:
                    ms, text = await call(client, failures)
                    if text is None:
                        continue
                    seen = accounts_in(text)
                    if not own[pinterest_user] <= seen or seen & others:
                        crossed += 1
                    latencies.append(ms)
        except Exception as exc:  # a client that could not open or whose session broke: an error, not a stop
            failures.append(leaf(exc))
            if not counted:
                one_more_ready()

    async with anyio.create_task_group() as group:
        for token, pinterest_user in users:
            group.start_soon(user_loop, token, pinterest_user)
    elapsed = time.perf_counter() - started
    errors = len(failures)
    warm_up_s = round(started - warming, 1)
    return {
        "users": len(users),
        "seconds": round(elapsed, 1),
        "warm_up_s": warm_up_s,
        "calls": len(latencies) + errors,
        "calls_per_s": round((len(latencies) + errors) / elapsed, 1),
        "latency": spread(latencies),
        "errors": errors,
        "cross_user_answers": crossed,
        "error_samples": sorted(set(failures))[:5],
    }


async def connector_load(
    quick: bool = False, counts: dict[str, Any] | None = None, balance: str = "roundrobin"
) -> dict[str, Any]:
    counts = counts or (QUICK if quick else FULL)
    os.environ.setdefault("PINTEREST_MCP_RATE_BUDGETS", LOAD_BUDGETS)  # the replicas' environment is this one's
    with throwaway_postgres() as dsn, tempfile.TemporaryDirectory(prefix="pmcp-fleet-") as folder:
        scratch = Path(folder)
        async with fleet(dsn, scratch, balance=balance) as found, unauthenticated_replica(found, scratch) as plain:
            users = await users_of(found, int(counts["users"]))
            latency = await added_latency(found, users[0][0], plain, int(counts["pairs"]))
            figures = await load(found, users, float(counts["seconds"]))
            figures["rss_mb_per_replica"] = found.rss_mb()
            figures["added_latency_unloaded"] = latency
            figures["balance"] = balance
            figures["measured"] = (
                f"{TOOL} through haproxy ({balance}) to {len(found.replicas)} serve --auth oauth replicas on "
                "PostgreSQL, the emulator as Pinterest (each its own process); rate budgets "
                f"{os.environ['PINTEREST_MCP_RATE_BUDGETS']} a minute per Pinterest user"
            )
            figures["floor"] = "the same tool on one serve --transport http without auth, same emulator"
            return figures


def report(figures: dict[str, Any]) -> list[str]:
    added = figures["added_latency_unloaded"]
    rss = ", ".join(f"{name} {mb:.0f} MB" for name, mb in figures["rss_mb_per_replica"].items())
    return [
        f"connector load: {figures['users']} users, {figures['seconds']} s after a {figures['warm_up_s']} s "
        f"warm-up ({WARM_UP_CALLS} calls a user), 3 replicas behind haproxy ({figures['balance']}):",
        f"  {figures['calls_per_s']} calls/s ({figures['calls']} calls), latency p50 {figures['latency']['p50_ms']} ms "
        f"p95 {figures['latency']['p95_ms']} ms",
        f"  errors {figures['errors']}, cross-user answers {figures['cross_user_answers']}; RSS {rss}",
        f"  added latency, unloaded ({added['pairs']} interleaved pairs): p50 {added['added']['p50_ms']} ms "
        f"p95 {added['added']['p95_ms']} ms (fleet p50 {added['fleet']['p50_ms']} ms, one replica without auth "
        f"p50 {added['one_replica_without_auth']['p50_ms']} ms)",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=FULL["users"])
    parser.add_argument("--seconds", type=float, default=FULL["seconds"])
    parser.add_argument("--pairs", type=int, default=FULL["pairs"], help="interleaved pairs for added latency")
    parser.add_argument(
        "--balance",
        choices=sorted(BALANCES),
        default="roundrobin",
        help="haproxy: round-robin (default), or grant: each bearer token always to one replica",
    )
    parser.add_argument("--quick", action="store_true", help="6 users for 3 s: proves it runs")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    counts = QUICK if args.quick else {"users": args.users, "seconds": args.seconds, "pairs": args.pairs}
    figures = anyio.run(connector_load, args.quick, counts, args.balance)
    print(json.dumps(figures, indent=2) if args.json else "\n".join(report(figures)))


if __name__ == "__main__":
    main()
