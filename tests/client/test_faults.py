"""A faulty Pinterest, through a real MCP client: every call succeeds or fails cleanly, in bounded time.

The emulator sits behind `FaultTransport` (emulator/faults.py), which injects faults at a seeded
rate or on demand; the client and the transport share a `VirtualClock`, so slow answers, timeouts
and retry waits pass in simulated time and each call's duration is measured on it, with nothing
slept for real. The emulator's request log is the witness of what Pinterest received.
Run with `-s` to see the figures.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import anyio
import pytest
from mcp import Client
from mcp.types import CallToolResult

from pinterest_mcp.api.client import CALL_BUDGET, MAX_ANSWER_BYTES
from pinterest_mcp.cli.commands import parser
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator.http.faults import (
    FAULT_KINDS,
    LOST_ANSWER,
    PROFILES,
    RETRY_AFTER_VALUES,
    WRONG_SHAPES,
    FaultKind,
    FaultProfile,
    VirtualClock,
)
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.faults import FaultyRuntime, chaos
from support.tools import text_of
from support.world import BOARD_WITH_SECTIONS, OVERSPENDING_GROUP, PIN, SPRING, USD

pytestmark = pytest.mark.anyio

REAL_LIMIT = 10.0
"""Real seconds one call may take here (simulated time runs free): a hang fails instead of waiting."""
TODAY = datetime.now(UTC).date()
WINDOW = {"start_date": str(TODAY - timedelta(days=6)), "end_date": str(TODAY - timedelta(days=1))}
T = TypeVar("T")


@pytest.fixture
async def faulty() -> AsyncIterator[tuple[FaultyRuntime, Client]]:
    """A runtime with faults off (rate 0) until a test turns them on, and its MCP client."""
    runtime = FaultyRuntime(chaos(rate=0.0))
    async with Client(build_server(runtime.settings, runtime)) as client:
        yield runtime, client
    await runtime.aclose()


def now(runtime: FaultyRuntime) -> float:
    return runtime.profile.clock.now()


async def timed(
    runtime: FaultyRuntime, client: Client, tool: str, args: dict[str, Any]
) -> tuple[CallToolResult, float]:
    """The call's result and its duration in simulated seconds, bounded in real time."""
    start = now(runtime)
    with anyio.fail_after(REAL_LIMIT):
        result = await client.call_tool(tool, args)
    return result, now(runtime) - start


def assert_clean(result: CallToolResult) -> None:
    """A success, or a tool error mapped from a Pinterest error: it says what went wrong and what next."""
    text = text_of(result)
    assert "Error executing tool" not in text and "Traceback" not in text, text
    if result.is_error:
        assert "Pinterest" in text and "Next:" in text, text
    else:
        json.loads(text)


READS: list[tuple[str, dict[str, Any]]] = [
    ("get_user_account", {}),
    ("list_ad_accounts", {}),
    ("get_ad_account", {"ad_account_id": USD}),
    ("list_campaigns", {"ad_account_id": USD}),
    ("list_campaigns", {"ad_account_id": USD, "page_size": 2, "max_items": 6}),
    ("get_campaign", {"ad_account_id": USD, "campaign_id": SPRING}),
    ("list_ad_groups", {"ad_account_id": USD, "all_pages": True, "page_size": 3}),
    ("get_ad_group", {"ad_account_id": USD, "ad_group_id": OVERSPENDING_GROUP}),
    ("list_ads", {"ad_account_id": USD, "max_items": 5, "page_size": 2}),
    ("list_audiences", {"ad_account_id": USD}),
    ("list_keywords", {"ad_account_id": USD, "ad_group_id": OVERSPENDING_GROUP}),
    ("list_boards", {"all_pages": True, "page_size": 2}),
    ("get_board", {"board_id": BOARD_WITH_SECTIONS}),
    ("list_board_sections", {"board_id": BOARD_WITH_SECTIONS}),
    ("list_board_pins", {"board_id": BOARD_WITH_SECTIONS, "max_items": 4, "page_size": 1}),
    ("list_pins", {"page_size": 3}),
    ("get_pin", {"pin_id": PIN}),
    ("get_ad_account_analytics", {"ad_account_id": USD, "granularity": "DAY", **WINDOW}),
    ("get_campaign_analytics", {"ad_account_id": USD, "campaign_ids": [SPRING], **WINDOW}),
    ("list_targeting_options", {"targeting_type": "INTEREST"}),
    ("list_followers", {"max_items": 3, "page_size": 1}),
]


async def test_the_read_calls_succeed_without_faults(faulty: tuple[FaultyRuntime, Client]) -> None:
    """The baseline the fault run is measured against: every read in the mix works on a good day."""
    runtime, client = faulty
    for tool, args in READS:
        result, _ = await timed(runtime, client, tool, args)
        assert not result.is_error, (tool, text_of(result))


@pytest.mark.slow
async def test_500_reads_at_30_percent_faults_succeed_or_fail_cleanly_within_the_budget(
    faulty: tuple[FaultyRuntime, Client],
) -> None:
    runtime, client = faulty
    runtime.profile.rate = 0.3
    rng = random.Random(5)
    outcomes: Counter[str] = Counter()
    longest = 0.0
    started = time.perf_counter()
    with anyio.fail_after(120):
        for _ in range(500):
            tool, args = rng.choice(READS)
            result, took = await timed(runtime, client, tool, args)
            assert_clean(result)
            assert took <= CALL_BUDGET, (tool, took, text_of(result))
            longest = max(longest, took)
            outcomes["clean error" if result.is_error else "ok"] += 1
    real = time.perf_counter() - started
    injected = runtime.profile.injected
    print(
        f"\nfault run: 500 calls, {outcomes['ok']} ok, {outcomes['clean error']} clean errors, 0 crashes; "
        f"longest call {longest:.1f} s simulated (budget {CALL_BUDGET:.0f} s); {real:.1f} s real; "
        f"{sum(injected.values())} faults injected: {dict(sorted(injected.items()))}"
    )
    assert set(injected) == set(FAULT_KINDS)  # every kind was met at least once
    assert outcomes["ok"] > outcomes["clean error"]  # retries absorb most faults on reads


def _cycle(items: Sequence[T], n: int) -> T:
    return items[n % len(items)]


def write_case(n: int) -> tuple[str, dict[str, Any], bool]:
    """Round n's write: (tool, arguments, idempotent); creates repeat with fresh names, updates with new values."""
    cases: list[tuple[str, dict[str, Any], bool]] = [
        ("create_board", {"name": f"Fault board {n}", "privacy": "SECRET"}, False),
        ("create_board_section", {"board_id": BOARD_WITH_SECTIONS, "name": f"Fault section {n}"}, False),
        (
            "create_campaigns",
            {"ad_account_id": USD, "campaigns": [{"name": f"Fault campaign {n}", "objective_type": "AWARENESS"}]},
            False,
        ),
        ("update_board", {"board_id": BOARD_WITH_SECTIONS, "description": f"Round {n}"}, True),
        ("update_pin", {"pin_id": PIN, "title": f"Title {n}"}, True),
    ]
    return _cycle(cases, n)


async def test_under_faults_no_write_is_sent_twice_and_none_without_its_confirmation(
    faulty: tuple[FaultyRuntime, Client],
) -> None:
    """Counted at the emulator: a plan sends no write; an apply sends its write at most once, except that
    an idempotent update whose answer was lost (dropped or timed out after Pinterest acted) is sent once
    more, as the retry policy allows; a confirmation applies once."""
    runtime, client = faulty
    runtime.profile.rate = 0.3
    outcomes: Counter[str] = Counter()
    with anyio.fail_after(120):
        for n in range(60):
            tool, args, idempotent = write_case(n)
            await runtime.client()
            log = runtime.emulator.requests
            mark = log.total
            planned, _ = await timed(runtime, client, tool, args)
            assert_clean_write(planned)
            assert [r for r in log.since(mark) if r.method != "GET"] == []  # no confirmation, no write
            plan = json_or_empty(text_of(planned))
            if "confirmation" not in plan:
                outcomes["plan failed cleanly"] += 1
                continue
            mark, faults_before = log.total, len(runtime.profile.recent)
            journaled = len(runtime.writes.journal.entries())
            applied, took = await timed(runtime, client, tool, {**args, "confirmation": plan["confirmation"]})
            assert_clean_write(applied)
            assert took <= CALL_BUDGET
            sent = [r for r in log.since(mark) if r.method != "GET"]
            lost = sum(
                1 for m, _, kind in list(runtime.profile.recent)[faults_before:] if m != "GET" and kind in LOST_ANSWER
            )
            assert len({json.dumps(r.body, sort_keys=True) for r in sent}) <= 1  # one write, never another
            assert len(sent) <= (1 + lost if idempotent else 1), (tool, len(sent), lost)
            status = json_or_empty(text_of(applied)).get("status", "error")
            outcomes[status] += 1
            if status in ("applied", "partial"):
                assert sent, (tool, text_of(applied))  # applied means Pinterest received it
            for _ in range(5):
                if len(runtime.writes.journal.entries()) > journaled:
                    break
                # Stopped before its write was journaled (a fault in the plan's re-read): nothing was sent
                # and the token is unused, so the next apply of it is its first.
                assert [r for r in log.since(mark) if r.method != "GET"] == [], tool
                outcomes["stopped before sending"] += 1
                mark = log.total
                applied, _ = await timed(runtime, client, tool, {**args, "confirmation": plan["confirmation"]})
                assert_clean_write(applied)
                assert len({json.dumps(r.body, sort_keys=True) for r in log.since(mark) if r.method != "GET"}) <= 1
            mark = log.total
            replayed, _ = await timed(runtime, client, tool, {**args, "confirmation": plan["confirmation"]})
            resent = [r for r in log.since(mark) if r.method != "GET"]
            if status == "error" and not sent:
                # The apply failed before sending (its state read got a fault): the confirmation is unused, so
                # the retry its error asks for may apply, once.
                assert len(resent) <= 1
            else:
                assert replayed.is_error and resent == []
    print(f"\nwrites under faults: 60 rounds, outcomes {dict(outcomes)}")
    assert outcomes["applied"] > 0


def json_or_empty(text: str) -> dict[str, Any]:
    """A write reply's data; {} for a tool error that is text (a Pinterest error from a plan's read)."""
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def assert_clean_write(result: CallToolResult) -> None:
    text = text_of(result)
    assert "Error executing tool" not in text and "Traceback" not in text, text


# One fault at a time --------------------------------------------------------------------------

ABSORBED: list[FaultKind] = [
    "rate_limited",
    "server_error",
    "unavailable",
    "html_error",
    "drop_before",
    "drop_after",
    "timeout",
    "slow",
]
REFUSED: list[FaultKind] = ["malformed_json", "html_page", "bad_encoding", "wrong_shape", "huge_body"]


@pytest.mark.parametrize("kind", ABSORBED)
async def test_a_read_retries_through_one_transient_fault(
    faulty: tuple[FaultyRuntime, Client], kind: FaultKind
) -> None:
    runtime, client = faulty
    await runtime.client()
    runtime.profile.force(kind)
    result, took = await timed(runtime, client, "get_ad_account", {"ad_account_id": USD})
    assert not result.is_error, text_of(result)
    injected = runtime.profile.injected
    assert sum(injected.values()) == 1 and set(injected) <= {kind, "timeout"}  # a slow answer may time out
    assert took <= CALL_BUDGET


@pytest.mark.parametrize("kind", REFUSED)
async def test_a_garbled_answer_is_a_clean_pinterest_error(
    faulty: tuple[FaultyRuntime, Client], kind: FaultKind
) -> None:
    runtime, client = faulty
    await runtime.client()
    runtime.profile.force(kind)
    result, _ = await timed(runtime, client, "list_boards", {"max_items": 10})
    assert_clean(result)
    assert result.is_error and "unexpected_response" in text_of(result), text_of(result)


class Variant(FaultProfile):
    """A profile that always picks variant `index` of a fault (which wrong shape, which Retry-After)."""

    index: int = 0

    def pick(self, options: Sequence[T]) -> T:
        return options[self.index % len(options)]


def variant(index: int) -> Variant:
    profile = Variant(rate=0.0, weights={}, clock=VirtualClock())
    profile.index = index
    return profile


@pytest.mark.parametrize("index", range(len(WRONG_SHAPES)))
@pytest.mark.parametrize(
    ("tool", "args"),
    [
        ("list_boards", {"max_items": 10}),
        ("list_boards", {}),
        ("get_board", {"board_id": BOARD_WITH_SECTIONS}),
        ("get_campaign_analytics", {"ad_account_id": USD, "campaign_ids": [SPRING], **WINDOW}),
    ],
)
async def test_every_wrong_shape_is_refused_or_shown_never_a_crash(index: int, tool: str, args: dict[str, Any]) -> None:
    runtime = FaultyRuntime(variant(index))
    async with Client(build_server(runtime.settings, runtime)) as client:
        await runtime.client()
        runtime.profile.force("wrong_shape")
        result, _ = await timed(runtime, client, tool, args)
    await runtime.aclose()
    assert_clean(result)


@pytest.mark.parametrize("value", RETRY_AFTER_VALUES)
async def test_a_hostile_retry_after_never_makes_a_long_wait(value: str) -> None:
    """Every `Retry-After` is either honoured within the 60 s cap, read as no header, or refused with the rule."""
    runtime = FaultyRuntime(variant(RETRY_AFTER_VALUES.index(value)))
    async with Client(build_server(runtime.settings, runtime)) as client:
        await runtime.client()
        runtime.profile.force("rate_limited_retry_after")
        result, took = await timed(runtime, client, "get_ad_account", {"ad_account_id": USD})
    await runtime.aclose()
    assert_clean(result)
    clock = runtime.profile.clock
    assert isinstance(clock, VirtualClock) and all(0 <= wait <= 60 for wait in clock.slept)
    assert took <= 60
    if result.is_error:  # only a wait beyond the cap is refused, and the error states the rule
        assert "waits at most 60 s" in text_of(result), text_of(result)


async def test_a_call_stops_at_its_time_budget_when_every_answer_times_out(
    faulty: tuple[FaultyRuntime, Client],
) -> None:
    runtime, client = faulty
    await runtime.client()
    timeouts: list[FaultKind] = ["timeout"] * 10
    runtime.profile.force(*timeouts)
    result, took = await timed(runtime, client, "get_ad_account", {"ad_account_id": USD})
    assert_clean(result)
    assert result.is_error and took <= CALL_BUDGET
    assert took >= CALL_BUDGET - 10  # it used the budget rather than giving up early
    assert "60 s time budget" in text_of(result), text_of(result)


async def test_a_page_walk_out_of_time_returns_its_pages_and_the_bookmark(faulty: tuple[FaultyRuntime, Client]) -> None:
    """Every answer takes 20 s: three pages fit in the 60 s budget; the walk ends with them, saying why."""
    runtime, client = faulty
    await runtime.client()
    runtime.profile.slow_seconds = (20.0, 20.0)
    slow: list[FaultKind] = ["slow"] * 50
    runtime.profile.force(*slow)
    result, took = await timed(runtime, client, "list_boards", {"all_pages": True, "page_size": 1})
    assert not result.is_error, text_of(result)
    data = json.loads(text_of(result))
    assert data["count"] == 2 and data["bookmark"], data  # the third page's timeout was cut to what was left
    assert "the bookmark resumes" in data["stopped"], data
    assert took <= CALL_BUDGET


async def test_a_huge_answer_is_cut_at_the_size_limit(faulty: tuple[FaultyRuntime, Client]) -> None:
    runtime, client = faulty
    await runtime.client()
    runtime.profile.force("huge_body")
    result, _ = await timed(runtime, client, "get_user_account", {})
    assert result.is_error and f"larger than {MAX_ANSWER_BYTES // 2**20} MB" in text_of(result), text_of(result)


async def test_a_repeated_bookmark_ends_the_walk(faulty: tuple[FaultyRuntime, Client]) -> None:
    runtime, client = faulty
    await runtime.client()
    for fault in ("repeated_bookmark", "repeated_bookmark"):  # an empty first page, then a page that repeats
        runtime.profile.force(fault)
    result, _ = await timed(runtime, client, "list_boards", {"all_pages": True, "page_size": 2})
    data = json.loads(text_of(result))
    assert data["stopped"] == "Pinterest sent an empty page that still carries a bookmark"
    runtime.profile.force("repeated_bookmark")
    result, _ = await timed(
        runtime, client, "list_boards", {"all_pages": True, "page_size": 2, "bookmark": data["bookmark"]}
    )
    assert json.loads(text_of(result))["stopped"] == "Pinterest repeated a bookmark"


# The demo's profiles ---------------------------------------------------------------------------


async def test_demo_faults_puts_the_named_profile_between_client_and_emulator() -> None:
    """`--demo-faults garbage`: some of twenty page walks meet an answer the client refuses."""
    runtime = Runtime(Settings(demo=True, toolsets=("all",), demo_faults="garbage"))
    async with Client(build_server(runtime.settings, runtime)) as client:
        results = [await client.call_tool("list_boards", {"max_items": 10}) for _ in range(20)]
    await runtime.aclose()
    for result in results:
        assert_clean(result)
    assert any("unexpected_response" in text_of(result) for result in results)
    assert any(not result.is_error for result in results)


async def test_an_unknown_demo_fault_profile_names_the_known_ones() -> None:
    runtime = Runtime(Settings(demo=True, demo_faults="sometimes"))
    with pytest.raises(ValueError, match="known: " + ", ".join(PROFILES)):
        await runtime.client()


def test_the_demo_faults_flag_lists_every_profile(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # one line per flag: no name broken at a hyphen
    with pytest.raises(SystemExit):
        parser().parse_args(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    start = text.index("--demo-faults PROFILE ")
    described = text[start : text.index("PINTEREST_MCP_DEMO_FAULTS", start)]
    assert all(name in described for name in PROFILES), described
