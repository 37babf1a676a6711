"""The store's test helpers: a clock moved by hand, and a worker process that races others on one store.

Expiry is tested by moving the clock, not by waiting. The cross-process tests start `worker`s on
one SQLite file or one PostgreSQL database; each opens the store, says `ready`, and waits for `go`
on its stdin, so all of them start hammering the same claim and the same journal together.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import anyio

import pinterest_mcp
from pinterest_mcp.store import open_store

START = 1_700_000_000.0
RACE_KEY = "the-one-token"
APPENDS_PER_WORKER = 40
INCRS_PER_WORKER = 25


class Clock:
    """Epoch seconds the test moves by hand, so documents, claims and leases expire without sleeping."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


async def work(url: str, name: str) -> dict[str, Any]:
    """One worker's share of the race: one claim of the common key, appends and increments at once."""
    store = await open_store(url)
    try:
        print("ready", flush=True)
        await anyio.to_thread.run_sync(sys.stdin.readline)
        seqs: list[int] = []
        counts: list[int] = []

        async def append(i: int) -> None:
            seqs.append(await store.append("race", "", {"worker": name, "i": i}))

        async def incr() -> None:
            counts.append(await store.incr("race", "", "budget", window_s=3600))

        async with anyio.create_task_group() as group:
            for i in range(APPENDS_PER_WORKER):
                group.start_soon(append, i)
            for _ in range(INCRS_PER_WORKER):
                group.start_soon(incr)
            claimed = await store.claim("race", "", RACE_KEY, expires_at=START * 2)
        return {"claimed": claimed, "seqs": seqs, "counts": counts}
    finally:
        await store.close()


def start_worker(url: str, name: str) -> subprocess.Popen[str]:
    """A worker in its own Python process (importing the project and these helpers like the tests do)."""
    paths = [str(Path(pinterest_mcp.__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    return subprocess.Popen(
        [sys.executable, "-m", "support.stores", url, name],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


if __name__ == "__main__":
    print(json.dumps(anyio.run(work, sys.argv[1], sys.argv[2])), flush=True)
