"""The seeded demo world the write tests share: fixed seed ids, a clock moved by hand, and calls.

Write tests in guards/, writes/ and client/ all plan and apply against the same seeded emulator, so
the seed's ids (an active campaign, an over-spending ad group, a board with sections) are named
once here. `result_of` keeps an error answer as data, because many of those tests assert on it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.operations import all_operations
from pinterest_mcp.registry.records import Access
from pinterest_mcp.runtime import Runtime
from support.tools import text_of

USD = "549755856399"
SPRING = "626735136848"  # ACTIVE
PAUSED_CAMPAIGN = "626736744641"
OVERSPENDING_GROUP = "2680060999458"  # budget 80.00 USD
BIDDING_GROUP = "2680059651574"  # bid 5.47 USD
BOARD_WITH_SECTIONS = "877196184766014044"
PIN = "877196253485131671"


class Clock:
    """A monotonic clock the test moves by hand, so tokens expire without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class World:
    runtime: Runtime
    clock: Clock
    journal: Path
    ids: dict[str, str] = field(default_factory=dict)

    @property
    def emulator(self) -> Any:
        return self.runtime.emulator

    def writes(self) -> list[Any]:
        """The requests that may write: neither a GET nor a POST that only reads (an item's bids)."""
        return [r for r in self.emulator.requests if r.method != "GET" and r.template not in read_posts()]


def read_posts() -> frozenset[str]:
    """The path templates of the POSTs that only read (reports, audience sizing, items' bids)."""
    return frozenset(op.path for op in all_operations() if op.access is Access.READ and op.method == "POST")


def world_for(tmp_path: Path, **settings: Any) -> World:
    clock = Clock()
    journal = tmp_path / "journal.jsonl"
    runtime = Runtime(Settings(demo=True, journal=journal, **{"toolsets": ("all",), **settings}), clock=clock)
    return World(runtime, clock, journal)


async def result_of(client: Client, tool: str, arguments: dict[str, Any]) -> tuple[bool, Any]:
    result = await client.call_tool(tool, arguments)
    text = text_of(result)
    try:
        data = json.loads(text)
    except ValueError:
        data = text
    return bool(result.is_error), data


async def ok(client: Client, tool: str, arguments: dict[str, Any]) -> Any:
    failed, data = await result_of(client, tool, arguments)
    assert not failed, data
    return data
