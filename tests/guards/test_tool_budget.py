"""What `tools/list` costs a model, counted with the cl100k tokenizer on what clients hand it.

Budgets: the default toolsets (with the discovery tools) at most 4,000 tokens; every toolset
together at most 160 tokens per tool on average. `bench/run.py` prints the figures.
"""

from __future__ import annotations

import anyio

from pinterest_mcp.cli import manifest
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.schema import stored_tokens
from pinterest_mcp.server.token_cost import visible_text, visible_tokens

DEFAULT_BUDGET = 4000
PER_TOOL_BUDGET = 160


def _tools(settings: Settings) -> list[object]:
    return list(anyio.run(build_server(settings).list_tools))


def test_default_tools_list_fits_its_budget() -> None:
    tools = _tools(Settings(demo=True))
    total = sum(visible_tokens(t) for t in tools)
    assert total <= DEFAULT_BUDGET, f"default tools/list is {total} cl100k tokens (budget {DEFAULT_BUDGET})"


def test_every_toolset_together_fits_the_per_tool_budget() -> None:
    tools = _tools(Settings(demo=True, toolsets=("all",), dynamic_toolsets=True))
    total = sum(visible_tokens(t) for t in tools)
    assert total / len(tools) <= PER_TOOL_BUDGET, f"{total} tokens over {len(tools)} tools"


def test_model_visible_part_is_name_description_and_schema_only() -> None:
    (tool,) = [t for t in _tools(Settings(demo=True)) if getattr(t, "name", "") == "list_campaigns"]
    text = visible_text(tool)
    assert '"inputSchema"' in text and '"annotations"' not in text and "_meta" not in text


def test_stored_token_counts_are_the_served_ones() -> None:
    """list_toolsets reports costs measured when the schemas were stored; they match what is served."""
    for tool in manifest.served_tools():
        assert stored_tokens(tool["name"]) == visible_tokens(tool), tool["name"]
