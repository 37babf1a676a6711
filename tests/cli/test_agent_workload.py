"""The agent workload (issue #20): twelve everyday requests, every answer right, within the call and token budgets.

`bench/agent_workload.py` scripts each request as an agent makes it through an MCP client on the demo
emulator and checks each answer against the emulator itself. Here the whole workload runs once (a few
seconds in memory, so it is marked slow) and its totals are held to the issue's budget; a write that
does not land must make its task wrong, so the checks are known to bite.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import agent_workload
from agent_workload import Agent

pytestmark = pytest.mark.anyio


@pytest.mark.slow
async def test_every_answer_is_right_within_sixty_calls_and_fifteen_thousand_tokens() -> None:
    outcomes = await agent_workload.workload()
    got = agent_workload.figures(outcomes)
    assert [o.task for o in outcomes] == [name for name, _ in agent_workload.TASKS]
    assert len(outcomes) == 12
    wrong = {o.task: o.problems for o in outcomes if not o.correct}
    assert not wrong, wrong
    assert got["calls"] <= agent_workload.BUDGET["calls"] == 60, got["calls"]
    assert got["result_tokens"] <= agent_workload.BUDGET["result_tokens"] == 15_000, got["result_tokens"]
    assert all(o.calls >= 1 and o.result_tokens > 0 for o in outcomes)
    launch = [o for o in outcomes if o.task in agent_workload.LAUNCH_TASKS]
    assert len(launch) == 2 and got["launch_calls"] == sum(o.calls for o in launch)
    assert got["tools_list_tokens_max"] > 0


class PlansOnly(Agent):
    """An agent that shows the plan but never applies it: every write task must come out wrong."""

    async def write(self, tool: str, **arguments: Any) -> Any:
        plan = await self.call(tool, **arguments)
        return {"status": "applied", "now": [{"id": "0"}], "journal_entry": "none", "plan": plan}


async def test_a_write_that_never_lands_makes_the_task_wrong(tmp_path: Path) -> None:
    outcome = await agent_workload.run_task(
        "pause", agent_workload.pause_non_converting, tmp_path, agent_type=PlansOnly
    )
    assert not outcome.correct
    assert any("is not PAUSED" in problem for problem in outcome.problems), outcome.problems
    customer = await agent_workload.run_task(
        "customer list", agent_workload.customer_list, tmp_path, agent_type=PlansOnly
    )
    assert not customer.correct and "is not stored" in customer.problems[0], customer.problems


class LeavesOut(Agent):
    """An agent that confirms a launch but leaves its last item out: a launch short of an item must come out wrong."""

    async def write(self, tool: str, **arguments: Any) -> Any:
        if tool != "plan_launch":
            return await super().write(tool, **arguments)
        plan = await self.call(tool, **arguments)
        last = arguments["items"][-1]["ref"]
        return await self.call(tool, **arguments, confirmation=plan["confirmation"], leave_out=[last])


async def test_a_launch_short_of_an_item_makes_the_task_wrong(tmp_path: Path) -> None:
    board = await agent_workload.run_task("board", agent_workload.board_task, tmp_path, agent_type=LeavesOut)
    assert not board.correct and "the board holds" in board.problems[0], board.problems
    assert [c.tool for c in board.by_call].count("plan_launch") == 2
    launch = await agent_workload.run_task("launch", agent_workload.launch_task, tmp_path, agent_type=LeavesOut)
    assert not launch.correct and launch.problems == ["KeyError: 'ad'"], launch.problems


def test_a_result_costs_its_text_once_and_its_link_by_name() -> None:
    """The same JSON as text and as structured content is shown to a model once; a link by its URI and name."""
    from mcp.types import CallToolResult, ResourceLink, TextContent

    from pinterest_mcp.server.token_cost import count, result_text, result_tokens

    text = '{"rows": [[1, 2]], "count": 1}'
    link = ResourceLink(type="resource_link", uri="pinterest://reports/run-1.csv", name="report-run-1")
    both = CallToolResult(content=[TextContent(type="text", text=text), link], structured_content={"count": 1})
    shown = result_text(both)
    assert shown.startswith(text) and "pinterest://reports/run-1.csv" in shown and shown.count("count") == 1
    assert result_tokens(both) == count(shown)
    structured = CallToolResult(content=[], structured_content={"count": 1})
    assert result_text(structured) == '{"count":1}'
