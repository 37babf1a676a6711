"""`call <analytics tool> --format chart`: the performance chart in the terminal (issue #22, CLI part).

The answers are real ones, from the analytics tools through an MCP client on the demo emulator; the
chart must name its series and carry axis values that match the answer's numbers, fold what is past
the top five when the metric adds up, mark a comparison, and a tool with nothing to draw says what
to do instead.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from mcp import Client

from pinterest_mcp.cli.chart import TOP, ChartError, chart, refusal
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.tools import call
from support.world import USD

pytestmark = pytest.mark.anyio
TICK = re.compile(r"^\s*([\d.,]+)┤")


async def spend_by_day(**extra: Any) -> dict[str, Any]:
    """Spend by day of the US account's ACTIVE and PAUSED campaigns, last 14 days, as the tool answers."""
    runtime = Runtime(Settings(demo=True))
    async with Client(build_server(runtime.settings, runtime)) as client:
        campaigns = (await call(client, "list_campaigns", ad_account_id=USD))["items"]
        ids = [c["id"] for c in campaigns]
        answer: dict[str, Any] = await call(
            client, "get_campaign_analytics", ad_account_id=USD, campaign_ids=ids, date_range="last_14_days", **extra
        )
    await runtime.aclose()
    return answer


def y_ticks(text: str) -> list[float]:
    return [float(m.group(1).replace(",", "")) for line in text.splitlines() if (m := TICK.match(line))]


async def test_a_chart_names_each_campaign_and_its_axes_hold_the_answers_numbers() -> None:
    answer = await spend_by_day(columns=["SPEND_IN_MICRO_DOLLAR"])
    text = chart(answer, "SPEND", width=110, height=24)
    spend = answer["columns"].index("SPEND (USD)")
    values = [row[spend] for row in answer["rows"]]
    names = answer["CAMPAIGN_NAME"]
    delivering = {str(row[answer["columns"].index("CAMPAIGN_ID")]) for row in answer["rows"]}
    assert delivering and len(delivering) <= TOP
    for campaign in delivering:
        assert names[campaign] in text
    assert "SPEND (USD) by day" in text
    ticks = y_ticks(text)
    assert len(ticks) >= 3 and max(ticks) == pytest.approx(max(values), rel=0.01)
    assert min(ticks) == pytest.approx(min(values), rel=0.01)
    first_day = min(str(row[0]) for row in answer["rows"])
    assert first_day in text  # the x axis is labelled with the answer's days
    assert "\x1b[" not in text  # plain text unless colour is asked for


def answer_of(entities: int, metric: str = "SPEND (USD)") -> dict[str, Any]:
    """A day-by-day table of `entities` campaigns over three days (what the tool answers, made small)."""
    days = ["11-01", "11-02", "11-03"]
    rows = [[day, str(100 + e), float(10 * (e + 1) + d)] for e in range(entities) for d, day in enumerate(days)]
    return {
        "columns": ["DATE (2026)", "CAMPAIGN_ID", metric],
        "rows": rows,
        "CAMPAIGN_NAME": {str(100 + e): f"Campaign {e}" for e in range(entities)},
    }


def test_past_the_top_five_spend_is_folded_and_a_ratio_is_left_out_saying_so() -> None:
    spend = chart(answer_of(8), width=100, height=20)
    assert "3 more, folded" in spend
    assert all(f"Campaign {e}" in spend for e in range(3, 8))  # the five largest, by name
    assert "Campaign 0" not in spend
    cpa = chart(answer_of(8, "CPA (USD)"), width=100, height=20)
    assert "folded" not in cpa and "3 more not drawn: a ratio of a group is not the sum of its members" in cpa


def test_a_comparison_in_the_answer_is_drawn_marked_beside_its_entity() -> None:
    now = answer_of(2)
    before = answer_of(2)
    before["rows"] = [[day.replace("11-", "10-"), *rest] for day, *rest in before["rows"]]
    text = chart({**now, "comparison": before}, width=100, height=20)
    assert "Campaign 1 (before)" in text and "Campaign 0 (before)" in text
    assert "· marks the window before (10-01 to 10-03), day by day" in text


def test_a_total_is_a_bar_per_entity_and_a_missing_metric_names_those_there_are() -> None:
    total = answer_of(3)
    total["columns"] = ["CAMPAIGN_ID", "SPEND (USD)"]
    total["rows"] = [[str(100 + e), 5.0 * (e + 1)] for e in range(3)]
    text = chart(total, width=100, height=15)
    assert "one bar per campaign" in text and all(f"Campaign {e}" in text for e in range(3))
    with pytest.raises(ChartError, match=r"no metric 'CPA' in this answer; it has SPEND \(USD\)"):
        chart(total, "CPA")
    with pytest.raises(ChartError, match="not an analytics table"):
        chart({"items": []})


def test_chart_on_a_tool_without_metrics_says_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    from pinterest_mcp.cli.commands import main

    assert refusal("get_campaign_analytics") is None and refusal("run_report") is None
    code = main(["call", "list_campaigns", "--demo", f"ad_account_id={USD}", "--format", "chart"])
    err = capsys.readouterr().err
    assert code == 2
    assert "list_campaigns answers no metrics by day" in err and "--format table" in err
    assert "get_campaign_analytics" in err


def test_call_draws_the_chart_of_an_analytics_tool(capsys: pytest.CaptureFixture[str]) -> None:
    from pinterest_mcp.cli.commands import main

    assert main(["call", "list_campaigns", "--demo", f"ad_account_id={USD}", "--format", "json"]) == 0
    ids = ",".join(c["id"] for c in json.loads(capsys.readouterr().out)["items"])
    argv = ["call", "get_campaign_analytics", "--demo", f"ad_account_id={USD}", f"campaign_ids={ids}"]
    argv += ["date_range=last_30_days", "--format", "chart", "--metric", "CTR"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "CTR (%) by day" in out and "Spring Sale 2026 – Conversions" in out and y_ticks(out)


def test_the_readmes_chart_command_works_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    import shlex
    from pathlib import Path

    from pinterest_mcp.cli.commands import main

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"`(pinterest-mcp call [^`]*--format chart[^`]*)`", readme)
    assert commands, "the README shows a chart command"
    for command in commands:
        assert main(shlex.split(command)[1:]) == 0, command
        out = capsys.readouterr().out
        assert "SPEND (USD) by day" in out and "Spring Sale 2026 – Conversions" in out and y_ticks(out)
