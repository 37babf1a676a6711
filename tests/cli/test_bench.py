"""The bench times what it names: every timed call answers, and each timed figure names its floor.

These run the bench's own functions with tiny counts (well under a second of timing each), so
they prove the wiring, not the figures: a call that answers with an error (a tool whose toolset
is not enabled, as `list_pins` once was) must stop the run instead of being timed, and each
record carries the floor it was measured beside in the same run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from mcp.types import CallToolResult, TextContent

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import analytics_figures
import call_figures
import cold_start
import figures
from checks import BenchCallFailed, checked, failed_call

pytestmark = pytest.mark.anyio

TINY = {"pairs": 3, "memory_calls": 12, "clients": 1, "seconds": 0.1, "rounds": 2}
"""Two rounds, so each side has at least two latencies for its p95 even if one call takes the whole round."""


def result(text: str, *, is_error: bool = False) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)], is_error=is_error)


def test_checked_refuses_an_error_answer_and_a_wrong_one() -> None:
    with pytest.raises(BenchCallFailed, match="list_pins answered with an error"):
        checked(result("list_pins is in the pins toolset", is_error=True), "list_pins", bool, "items")
    with pytest.raises(BenchCallFailed, match="without the account"):
        checked(result('{"id": "2"}'), "get_ad_account", lambda text: '"1"' in text, "the account")
    with pytest.raises(BenchCallFailed, match="without items"):
        checked(result("not json"), "list_pins", lambda text: json.loads(text)["items"], "items")
    assert checked(result('{"id": "1"}'), "get_ad_account", lambda text: '"1"' in text, "the account") == '{"id": "1"}'


async def test_answers_are_measured_on_a_server_that_serves_them() -> None:
    answers = await figures.in_memory(1)
    assert answers["answer items: list_pins {}"] >= 1
    assert answers['answer items: list_pins {"fields": ["*"]}'] >= 1
    assert answers["answer chars: list_pins {}"] > 0


async def test_a_refused_call_stops_the_answers_instead_of_being_measured() -> None:
    with pytest.raises(BaseException) as raised:  # the MCP client's task group may wrap it in a group
        await figures.in_memory(1, toolsets=("default",))
    failed = failed_call(raised.value)
    assert failed is not None, raised.value
    assert "list_pins answered with an error" in str(failed)


@pytest.mark.slow
async def test_call_figures_time_successful_calls_beside_their_floors() -> None:
    got = await call_figures.call_figures(counts=TINY)
    over, tput, memory = got["overhead"], got["throughput"], got["memory"]
    for record in (over, tput, memory):
        assert record["floor"] and record["measured"], record
    assert "GET /v5/ad_accounts" in over["floor"]
    assert "token mode" in over["measured"] and "token mode" in tput["measured"]
    for name in ("server_tool_call", "floor_raw_http", "difference", "demo_tool_call"):
        assert set(over[name]) == {"p50_ms", "p95_ms"}
    assert over["server_tool_call"]["p50_ms"] > 0 and over["floor_raw_http"]["p50_ms"] > 0
    assert "floor_server.py --http" in tput["floor"]
    assert tput["calls"] >= TINY["rounds"] and tput["floor_calls"] >= TINY["rounds"]
    assert tput["calls_per_s"]["median"] > 0 and tput["floor_calls_per_s"]["median"] > 0
    assert tput["ratio"]["min"] <= tput["ratio"]["median"] <= tput["ratio"]["max"]
    assert memory["calls"] == TINY["memory_calls"]


@pytest.mark.slow
async def test_a_failing_call_over_http_stops_the_throughput_run(tmp_path: Path) -> None:
    env = cold_start._base_env(tmp_path)
    port = call_figures.free_port()
    command = [call_figures.PYTHON, "-m", "pinterest_mcp", "serve", "--demo", "--log-level", "ERROR"]
    command += ["--transport", "http", "--port", str(port)]
    async with call_figures.served((command, port, env, tmp_path / "serve.log")) as (root,):
        with pytest.raises(BenchCallFailed, match="list_pins"):
            await call_figures.burst(f"{root}/mcp", "list_pins", {}, bool, 1, 0.1)


@pytest.mark.slow
async def test_analytics_records_name_their_floor() -> None:
    got: dict[str, Any] = await analytics_figures.analytics_figures()
    assert got["floor"] == "Pinterest's raw JSON for the same rows"
    assert got["raw_json_tokens"] > got["answer_tokens"] > 0
    fanout = got["fanout_1000"]
    assert fanout["floor_s"] == analytics_figures.DELAY_S <= fanout["wall_s"]
