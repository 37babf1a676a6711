"""Directory-ready tools: what connector directories check of every tool, over `--toolsets all`.

Each tool has a name of at most 64 characters, a title for people, all four hints set (each derived
from the operation's declaration, or chosen for the server's own tools), and an `outputSchema` its
structured answers conform to. The hints matter: a client asks the user before a tool that is not
read-only, and warns before a destructive one. Confirmation never depends on elicitation (claude.ai,
Claude Desktop and ChatGPT declare none): a client without it plans, confirms with the signed
token and applies. Every test runs through a real MCP client, which also validates each structured
answer against the tool's `outputSchema`.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from mcp import Client
from mcp.types import Tool

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.operations import by_name
from pinterest_mcp.registry.records import Access
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.token_cost import visible_text
from support.world import SPRING, USD, ok, world_for

pytestmark = pytest.mark.anyio
MODES = ["auto", "legacy"]
NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

OWN_HINTS = {
    # (readOnly, destructive, idempotent, openWorld), chosen for each of the server's own tools
    "list_toolsets": (True, False, True, False),  # reads this server's own state
    "enable_toolset": (True, False, True, False),  # changes only what this server lists
    "check_connection": (True, False, False, True),  # a check may refresh (rotate) the token
    "undo_change": (False, True, False, True),  # planned and confirmed; a launch's undo deletes what it made
    "run_report": (True, False, False, True),  # each call starts another report at Pinterest
    "run_bulk_download": (True, False, False, True),
    "create_video_pin": (False, False, False, True),  # a create: repeating it makes another Pin
    "plan_launch": (False, False, False, True),  # creates only: repeating it makes more
    "run_leads_export": (False, False, False, True),  # starts an export (ads:write) and writes a file here
}


@pytest.fixture(params=MODES)
async def client(request: pytest.FixtureRequest) -> AsyncIterator[Client]:
    """Every toolset offered and enabled, as `--toolsets all` with discovery."""
    settings = Settings(demo=True, toolsets=("all",), dynamic_toolsets=True)
    async with Client(build_server(settings), mode=request.param) as connected:
        yield connected


async def _tools(client: Client) -> list[Tool]:
    return list((await client.list_tools()).tools)


def _hints(tool: Tool) -> tuple[bool | None, ...]:
    hints = tool.annotations
    assert hints is not None, tool.name
    return (hints.read_only_hint, hints.destructive_hint, hints.idempotent_hint, hints.open_world_hint)


async def test_every_tool_has_a_short_name_a_title_and_all_four_hints(client: Client) -> None:
    """The title also in the annotations, where directory reviews look for it."""
    tools = await _tools(client)
    assert len(tools) > 100  # every toolset, not the default few
    for tool in tools:
        assert NAME.match(tool.name), tool.name
        assert tool.title and tool.title != tool.name, tool.name
        assert tool.annotations is not None and tool.annotations.title == tool.title, tool.name
        assert None not in _hints(tool), (tool.name, _hints(tool))


async def test_hints_follow_each_operations_declaration(client: Client) -> None:
    """Read-only from the scopes, destructive for a write that loses data (every delete, archiving),
    idempotent from the method (a POST only where declared), open world: Pinterest is outside."""
    operations = by_name()
    for tool in await _tools(client):
        op = operations.get(tool.name)
        if op is None:
            assert _hints(tool) == OWN_HINTS[tool.name], tool.name
            continue
        read = op.access is Access.READ
        destructive = not read and (op.change == "delete" or op.destructive)
        assert _hints(tool) == (read, destructive, op.is_idempotent, True), tool.name
        if op.change == "delete" or op.name.startswith("archive_"):
            assert destructive, f"{op.name} loses data but is not marked destructive"
        if op.change == "create":
            assert not op.is_idempotent, f"{op.name}: repeating a create makes another entity"


async def test_every_tool_publishes_an_output_schema_outside_the_model_visible_part(client: Client) -> None:
    """The outputSchema goes to the client (which validates answers with it), not into the budget."""
    for tool in await _tools(client):
        schema = tool.output_schema
        assert schema is not None and schema["type"] == "object", tool.name
        Draft202012Validator.check_schema(schema)
        assert "outputSchema" not in visible_text(tool), tool.name


async def test_structured_answers_conform_to_their_output_schema(client: Client) -> None:
    """A list, a table, an entity, a write's plan and a discovery answer, each checked against its schema
    (the client checks too: a non-conforming answer would fail the call)."""
    schemas = {tool.name: tool.output_schema for tool in await _tools(client)}
    campaign = {"ad_account_id": USD, "campaign_ids": [SPRING]}
    calls: list[tuple[str, dict[str, Any]]] = [
        ("list_campaigns", {"ad_account_id": USD, "page_size": 2}),
        ("get_campaign_analytics", {**campaign, "date_range": "last_7_days"}),
        ("get_user_account", {}),
        ("pause_campaigns", campaign),
        ("list_toolsets", {}),
        ("enable_toolset", {"toolsets": ["pins"]}),
    ]
    for name, arguments in calls:
        result = await client.call_tool(name, arguments)
        assert not result.is_error, (name, result.content)
        schema = schemas[name]
        assert schema is not None
        errors = list(Draft202012Validator(schema).iter_errors(result.structured_content))
        assert not errors, (name, errors)
        assert set(schema.get("required", ())) <= set(result.structured_content or {}), name


@pytest.mark.parametrize("mode", MODES)
async def test_a_client_without_elicitation_plans_confirms_with_the_token_and_applies(
    tmp_path: Path, mode: str
) -> None:
    """The signed token is the primary path. This client declares no elicitation (no callback), so a
    server that asked would fail the call; instead the plan carries a confirmation that applies it."""
    world = world_for(tmp_path)
    arguments = {"ad_account_id": USD, "campaign_ids": [SPRING]}
    async with Client(build_server(world.runtime.settings, world.runtime), mode=mode) as client:
        plan = await ok(client, "pause_campaigns", arguments)
        assert plan["confirmation"].startswith("cf1.") and world.writes() == []
        applied = await ok(client, "pause_campaigns", {**arguments, "confirmation": plan["confirmation"]})
    assert applied["status"] == "applied", applied
    assert len(world.writes()) == 1
    assert world.emulator.state.campaigns[SPRING]["status"] == "PAUSED"
