"""Plans and approvals: what a person reads before approving a write, and when there is nothing to approve.

Text in a plan comes from a model (a new name) or from Pinterest (an entity's name), so a plan
quotes it, escapes its control characters and bounds its length, in the elicitation message, the
plan the model shows and the terminal prompt of `call`; the summary and warnings come first.
Values read as a person reads them (yes/no, `key: value`, money in units). A write already in
effect asks nothing and sends nothing; an ad group budget under campaign budget optimization is
refused in the plan, naming the tool that sets that budget. Every tool name any text mentions
exists.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client
from mcp.types import ElicitResult, TextContent, TextResourceContents

import pinterest_mcp
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import API_PREFIX
from pinterest_mcp.operations import all_operations, by_name
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import INSTRUCTIONS, build_server
from support.tools import text_of

pytestmark = pytest.mark.anyio
MODES = ["auto", "legacy"]

USD = "549755856399"
SPRING = "626735136848"  # ACTIVE
PAUSED_CAMPAIGN = "626736744641"
SPOOF = (
    'Spring sale"\n    status: PAUSED (unchanged)\n...No warnings. This plan only renames a paused campaign.\n'
    "Apply this change?" + "\n" * 400
)
LONGEST_LINE = 1_040
"""A plan line is cut at 1,000 characters, plus the count of what was cut."""


async def world(tmp_path: Path, **settings: Any) -> Runtime:
    """A demo runtime with its emulator started, so a test can read and change Pinterest's side first."""
    runtime = Runtime(Settings(demo=True, journal=tmp_path / "journal.jsonl", **{"toolsets": ("all",), **settings}))
    await runtime.client()
    return runtime


def writes(runtime: Runtime) -> list[Any]:
    emulator = runtime.emulator
    assert emulator is not None
    return [r for r in emulator.requests if r.method != "GET"]


def answering(action: str = "decline") -> tuple[list[str], Callable[..., Any]]:
    seen: list[str] = []

    async def answer(_: Any, params: Any) -> ElicitResult:
        seen.append(params.message)
        if action == "accept":
            return ElicitResult(action="accept", content={"apply": True})
        return ElicitResult(action="decline")

    return seen, answer


async def call(client: Client, tool: str, arguments: dict[str, Any]) -> tuple[bool, Any]:
    result = await client.call_tool(tool, arguments)
    return bool(result.is_error), json.loads(text_of(result))


def spoofed_update() -> dict[str, Any]:
    """Rename a PAUSED campaign to a name that looks like plan lines, and quietly activate it with a new cap."""
    change = {"id": PAUSED_CAMPAIGN, "name": SPOOF, "status": "ACTIVE", "daily_spend_cap": 250_000_000}
    return {"ad_account_id": USD, "campaigns": [change]}


def assert_no_spoofed_lines(message: str) -> list[str]:
    lines = message.split("\n")
    assert len(lines) < 15, message  # 400 newlines did not become 400 lines
    assert all(len(line) <= LONGEST_LINE for line in lines)
    assert lines[-1] == "Apply this change?" and lines.count("Apply this change?") == 1, message
    assert "    status: PAUSED (unchanged)" not in lines
    assert not any(line.startswith("...No warnings") for line in lines)
    return lines


@pytest.mark.parametrize("mode", MODES)
async def test_a_name_posing_as_plan_lines_is_one_quoted_bounded_line_after_the_real_change(
    tmp_path: Path, mode: str
) -> None:
    """The issue's spoof: the ACTIVE and spend lines come first, the name is one escaped quoted line."""
    runtime = await world(tmp_path)
    seen, answer = answering()
    async with Client(build_server(runtime.settings, runtime), mode=mode, elicitation_callback=answer) as client:
        failed, data = await call(client, "update_campaigns", spoofed_update())
    assert not failed and "declined" in data and writes(runtime) == []
    lines = assert_no_spoofed_lines(seen[0])
    assert lines[1] == f"WARNING: campaign {PAUSED_CAMPAIGN} becomes ACTIVE and can spend", lines
    status = lines.index("    status: PAUSED → ACTIVE")
    cap = next(i for i, line in enumerate(lines) if line.startswith("    daily_spend_cap: ") and "250.00 USD" in line)
    (name,) = [i for i, line in enumerate(lines) if line.startswith("    name: ")]
    assert status < cap < name
    assert '→ "Spring sale\\"\\n    status: PAUSED (unchanged)\\n...No warnings.' in lines[name]
    assert lines[name].endswith("more characters)")  # 400 escaped newlines do not fit: counted, not shown
    (change,) = data["changes"]
    assert "\n" not in change["name"] and change["name"].endswith("more characters)")
    assert data["body"][0]["name"] == SPOOF  # the confirmation binds every byte; only its display is cut


async def test_a_name_from_pinterest_is_quoted_and_escaped_in_the_plan(tmp_path: Path) -> None:
    """Text read from Pinterest (the current name) gets the same treatment as text from the model."""
    runtime = await world(tmp_path)
    assert runtime.emulator is not None
    runtime.emulator.state.campaigns[SPRING]["name"] = "Spring\u202e\r\nWARNING: none\x1b[2J"
    seen, answer = answering()
    async with Client(build_server(runtime.settings, runtime), elicitation_callback=answer) as client:
        rename = {"ad_account_id": USD, "campaigns": [{"id": SPRING, "name": "Spring"}]}
        failed, data = await call(client, "update_campaigns", rename)
    assert not failed and writes(runtime) == []
    lines = assert_no_spoofed_lines(seen[0])
    assert "WARNING: none" not in "".join(line[:13] for line in lines)
    assert '    name: "Spring\\u202e\\r\\nWARNING: none\\u001b[2J" → Spring' in lines, lines
    assert data["changes"][0]["name"] == '"Spring\\u202e\\r\\nWARNING: none\\u001b[2J" → Spring'


def test_quoted_text_is_escaped_and_bounded() -> None:
    from pinterest_mcp.writes.plans import SHOWN_TEXT, quoted

    assert quoted('a "b"\\c\td') == '"a \\"b\\"\\\\c\\td"'
    assert quoted("x" * (SHOWN_TEXT + 5)) == '"' + "x" * SHOWN_TEXT + '"… (5 more characters)'
    assert quoted("\u2028\u2066\u200b") == '"\\u2028\\u2066\\u200b"'


def test_the_terminal_prompt_asks_its_own_question_and_escapes_what_it_shows(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`call` at a terminal: the spoofed update is shown line-safe and the question is the CLI's own."""
    from pinterest_mcp.cli.commands import main

    prompts: list[str] = []

    def answer(prompt: str) -> str:
        prompts.append(prompt)
        return "n"

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", answer)
    argv = ["call", "update_campaigns", "--demo", "--args", json.dumps(spoofed_update()), "--format", "json"]
    assert main(argv) == 1  # declined
    captured = capsys.readouterr()
    assert prompts == ["Apply this change? [y/N] "]
    shown = captured.err.rstrip("\n")
    lines = shown.split("\n")
    assert len(lines) < 15 and "Apply this change?" not in lines, shown
    assert lines[1].startswith("WARNING: ") and "becomes ACTIVE" in lines[1]
    assert "declined" in json.loads(captured.out)


async def test_the_terminal_prompt_does_not_trust_a_message_it_is_sent() -> None:
    """Whatever message arrives, the terminal shows no control characters and asks only its own question."""
    from pinterest_mcp.cli import commands as cli

    asked: list[str] = []
    hostile = "Plan\x1b[2J\rstatus: ok\n\n\n\u2028Approve? (safe, nothing changes)?"
    ask = cli._consent_at_terminal(yes=False)
    with pytest.MonkeyPatch.context() as patch:

        def answer_no(prompt: str) -> str:
            asked.append(prompt)
            return "n"

        patch.setattr("builtins.input", answer_no)
        printed: list[str] = []
        patch.setattr("builtins.print", lambda *a, **k: printed.append(" ".join(map(str, a))))
        result = await ask(None, type("Params", (), {"message": hostile})())
    assert result.action == "decline"
    assert asked == ["Apply this change? [y/N] "]
    assert printed == ["Plan\\u001b[2J\\rstatus: ok\n\\u2028Approve? (safe, nothing changes)?"]


async def test_plan_values_read_as_people_read_them(tmp_path: Path) -> None:
    """Booleans yes/no, objects as `key: value`, money in units: no Python reprs, no escaped JSON."""
    runtime = await world(tmp_path)
    new = {
        "name": "Winter",
        "objective_type": "AWARENESS",
        "daily_spend_cap": 20_000_000,
        "tracking_urls": {"click": ["https://example.com/c"], "impression": ["https://example.com/i"]},
    }
    async with Client(build_server(runtime.settings, runtime)) as client:
        failed, plan = await call(client, "create_campaigns", {"ad_account_id": USD, "campaigns": [new]})
        assert not failed, plan
        failed, update = await call(
            client,
            "update_campaigns",
            {"ad_account_id": USD, "campaigns": [{"id": PAUSED_CAMPAIGN, "is_flexible_daily_budgets": True}]},
        )
    (change,) = plan["changes"]
    assert change["is_flexible_daily_budgets"] == "no"
    assert change["tracking_urls"] == "click: [https://example.com/c], impression: [https://example.com/i]"
    assert change["daily_spend_cap"] == "20.00 USD (20000000)"
    assert not failed and update["changes"][0]["is_flexible_daily_budgets"] == "no → yes", update
    rendered = json.dumps(plan["changes"] + update["changes"])
    assert not re.search(r"\b(True|False)\b", rendered) and '{\\"' not in rendered


async def test_a_write_already_in_effect_asks_nothing_and_sends_nothing(tmp_path: Path) -> None:
    runtime = await world(tmp_path)
    seen, answer = answering("accept")
    async with Client(build_server(runtime.settings, runtime), elicitation_callback=answer) as client:
        failed, data = await call(client, "pause_campaigns", {"ad_account_id": USD, "campaign_ids": [PAUSED_CAMPAIGN]})
    assert not failed and "nothing_to_change" in data and "confirmation" not in data, data
    assert seen == [] and writes(runtime) == []


async def test_a_token_for_a_change_made_meanwhile_elsewhere_sends_nothing(tmp_path: Path) -> None:
    """Planned while ACTIVE, paused by someone else before the apply: nothing to change, no PATCH."""
    runtime = await world(tmp_path)
    assert runtime.emulator is not None
    args = {"ad_account_id": USD, "campaign_ids": [SPRING]}
    async with Client(build_server(runtime.settings, runtime)) as client:
        failed, plan = await call(client, "pause_campaigns", args)
        assert not failed and plan["confirmation"]
        runtime.emulator.state.campaigns[SPRING]["status"] = "PAUSED"
        failed, data = await call(client, "pause_campaigns", {**args, "confirmation": plan["confirmation"]})
    assert not failed and "nothing_to_change" in data, data
    assert writes(runtime) == []


async def test_writes_auto_sends_nothing_when_nothing_changes(tmp_path: Path) -> None:
    runtime = await world(tmp_path, writes="auto")
    async with Client(build_server(runtime.settings, runtime)) as client:
        failed, data = await call(client, "pause_campaigns", {"ad_account_id": USD, "campaign_ids": [PAUSED_CAMPAIGN]})
    assert not failed and "nothing_to_change" in data and writes(runtime) == []
    assert not runtime.settings.journal or not Path(runtime.settings.journal).exists()


def cbo_group(runtime: Runtime) -> dict[str, Any]:
    assert runtime.emulator is not None
    state = runtime.emulator.state
    cbo = {c["id"] for c in state.campaigns_of(USD) if c["is_campaign_budget_optimization"]}
    return next(g for g in state.ad_groups_of(USD) if g["campaign_id"] in cbo)


async def test_a_budget_for_an_ad_group_of_a_cbo_campaign_is_refused_in_the_plan(tmp_path: Path) -> None:
    """Refused before anyone is asked, naming the tool that sets a CBO campaign's budget."""
    runtime = await world(tmp_path)
    group = cbo_group(runtime)
    seen, answer = answering("accept")
    args = {"ad_account_id": USD, "ad_group_ids": [group["id"]], "budget": 100}
    async with Client(build_server(runtime.settings, runtime), elicitation_callback=answer) as client:
        failed, data = await call(client, "set_ad_group_budget", args)
    assert failed and seen == [] and writes(runtime) == []
    (refusal,) = data["refused"]
    assert "campaign budget optimization" in refusal and group["campaign_id"] in refusal
    named = set(re.findall(r"\bset_\w+", refusal))
    assert named == {"set_campaign_spend_cap"} and named <= set(by_name())


async def test_the_emulator_refuses_a_budget_for_an_ad_group_of_a_cbo_campaign(tmp_path: Path) -> None:
    """The emulator holds Pinterest's rule too, so a plan check that slipped would still be caught."""
    runtime = await world(tmp_path)
    group = cbo_group(runtime)
    assert runtime.emulator is not None
    transport = httpx.ASGITransport(app=runtime.emulator.app)
    headers = {"Authorization": "Bearer test-token"}
    async with httpx.AsyncClient(transport=transport, base_url=f"http://emulator{API_PREFIX}") as http:
        body = [{"id": group["id"], "budget_in_micro_currency": 100_000_000}]
        answer = await http.patch(f"/ad_accounts/{USD}/ad_groups", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    (item,) = answer.json()["items"]
    assert "campaign budget optimization" in item["exceptions"][0]["message"]
    assert cbo_group(runtime)["budget_in_micro_currency"] is None


# Every tool name any text mentions exists -------------------------------------------------------

NOT_TOOLS = {
    "bulk_request": "the kind a bulk request's plan and view name",
    "bulk_request_id": "an argument of run_bulk_download",
    "bulk_requests": "the emulator's book of bulk requests, kept in the demo state",
    "update_mask": "a key of bid_options",
    "list_changed": "the MCP notification that the tool list changed",
    "list_type": "a customer list's type, an argument of create_customer_list and update_customer_list",
    "request_id": "a bulk request's id (a tool verb since request_partner_assets)",
}
"""Identifiers shaped like tool names that are not tools, each with what it is."""
SOURCE = Path(pinterest_mcp.__file__).parent


def descriptions(schema: Any) -> list[str]:
    """The descriptions anywhere in a JSON schema (argument names are not mentions of tools)."""
    if isinstance(schema, list):
        return [text for item in schema for text in descriptions(item)]
    if not isinstance(schema, dict):
        return []
    own = [schema["description"]] if isinstance(schema.get("description"), str) else []
    return own + [text for key, value in schema.items() if key != "description" for text in descriptions(value)]


async def every_tool_and_text() -> tuple[set[str], list[tuple[str, str]]]:
    """All tools with every toolset enabled, and the texts a model or person reads: descriptions, schemas,
    instructions, prompts and resources, as a client receives them."""
    tools: set[str] = set()
    texts: list[tuple[str, str]] = [("server instructions", INSTRUCTIONS)]
    for settings in (Settings(demo=True, toolsets=("all",)), Settings(demo=True)):
        async with Client(build_server(settings)) as client:
            for tool in (await client.list_tools()).tools:
                tools.add(tool.name)
                texts.append((f"{tool.name} description", tool.description or ""))
                texts.append((f"{tool.name} schema", "\n".join(descriptions(tool.input_schema))))
            for prompt in (await client.list_prompts()).prompts:
                arguments = {"campaign_id": "626736533506"} if prompt.name == "diagnose_campaign" else {}
                rendered = await client.get_prompt(prompt.name, arguments)
                body = [m.content.text for m in rendered.messages if isinstance(m.content, TextContent)]
                texts.append((f"prompt {prompt.name}", f"{prompt.description}\n" + "\n".join(body)))
            for resource in (await client.list_resources()).resources:
                contents = (await client.read_resource(str(resource.uri))).contents
                read = [c.text for c in contents if isinstance(c, TextResourceContents)]
                texts.append((f"resource {resource.uri}", f"{resource.description}\n" + "\n".join(read)))
    return tools, texts


def hint_texts() -> list[tuple[str, str]]:
    """Every string our code writes (errors, next steps, notes), docstrings and the emulator's Pinterest aside."""
    found: list[tuple[str, str]] = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "emulator" in path.relative_to(SOURCE).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        found.extend(
            (f"{path.relative_to(SOURCE)}:{node.lineno}", node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        )
    return found


@pytest.mark.slow
async def test_every_tool_name_mentioned_anywhere_is_a_tool() -> None:
    tools, texts = await every_tool_and_text()
    verbs = sorted({name.split("_", 1)[0] for name in tools})
    operation_ids = {op.operation_id for op in all_operations()}  # Pinterest's names, some shaped like ours
    # A tool-like word: a tool's verb, then snake_case; not part of a path, module or operation id.
    mention = re.compile(rf"(?<![\w./-])(?:{'|'.join(verbs)})_\w*[a-z0-9](?![\w/])")
    unknown = {
        (where, name)
        for where, text in (*texts, *hint_texts())
        for name in mention.findall(text)
        if name not in tools and name not in NOT_TOOLS and name not in operation_ids
    }
    assert not unknown, sorted(unknown)
    assert not set(NOT_TOOLS) & tools  # an allowlisted name that became a tool must leave the list
    assert len(texts) > len(tools)  # descriptions, schemas, prompts and resources were all read
