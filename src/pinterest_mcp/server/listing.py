"""What a server built from some settings lists: the operations it offers, its own tools, and the toolsets.

`build_server` turns this into tools; `doctor` (and the `check_connection` tool) counts what a client
lists at start from it, without building a server, so the checks never import the module that builds them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.registry.toolsets import select
from pinterest_mcp.server.catalog import ToolEntry, tool_entries
from pinterest_mcp.server.toolsets import DISCOVERY_TOOLS, Toolsets

CHECK_CONNECTION_TOOLSET = "account"
REPORT_TOOLS = ("run_report", "run_bulk_download")
LAUNCH_TOOL = "plan_launch"
LAUNCH_TOOLSETS = ("ads_manage", "organic_manage")
LAUNCHED = frozenset(
    {"create_board", "create_board_section", "create_pin", "create_campaigns", "create_ad_groups", "create_ads"}
)
"""The creates `plan_launch` drives; a launch may use only those the server offers."""


@dataclass(frozen=True)
class Listing:
    """The operations offered, the server's own tools in listing order, and which toolsets list what."""

    offered: tuple[ToolEntry, ...]
    own: tuple[str, ...]
    toolsets: Toolsets
    dynamic: bool

    def listed_at_start(self) -> list[str]:
        """The tool names a client's first `tools/list` shows."""
        names = [*(op.name for op in self.offered), *self.own]
        listed = [name for name in names if self.toolsets.is_enabled(name)]
        return [*DISCOVERY_TOOLS, *listed] if self.dynamic else listed


def plan_listing(settings: Settings) -> Listing:
    """What `settings` select; raises `SelectionError` on bad names.

    With dynamic toolsets (the default when no `--toolsets`/`--tools` are given) every operation
    the writes mode allows is offered, the selection is what is enabled at first, and
    `enable_toolset` enables more. Otherwise the selection is all there is.
    """
    read_only = not settings.writes_enabled
    entries = tool_entries()
    chosen = select(settings.toolsets, settings.tools, read_only=read_only, operations=entries)  # checks names
    if settings.dynamic:
        offered = select(["all"], read_only=read_only, operations=entries)
        enabled = {op.toolset for op in chosen if op.name not in settings.tools or op.toolset in settings.toolsets}
        if not settings.toolsets and not settings.tools:
            enabled = {op.toolset for op in select(read_only=read_only, operations=entries)}
    else:
        offered = chosen
        enabled = {op.toolset for op in chosen}
    enabled |= {f"tool:{name}" for name in settings.tools}

    own: list[str] = []
    primary = {op.name: op.toolset for op in offered}
    needs = {op.name: frozenset({op.toolset, f"tool:{op.name}"}) for op in offered}
    updates = [op for op in offered if op.change == "update"]
    if updates:
        own.append("undo_change")
        needs["undo_change"] = frozenset({op.toolset for op in updates} | {f"tool:{op.name}" for op in updates})
    if any(op.toolset == CHECK_CONNECTION_TOOLSET for op in offered):
        own.append("check_connection")
        needs["check_connection"] = frozenset({CHECK_CONNECTION_TOOLSET})
    if any(op.toolset == "reports" for op in offered):
        for name in REPORT_TOOLS:
            own.append(name)
            primary[name], needs[name] = "reports", frozenset({"reports"})
    if any(op.name == "create_pin" for op in offered):  # a write: offered where create_pin is
        own.append("create_video_pin")
        primary["create_video_pin"], needs["create_video_pin"] = primary["create_pin"], needs["create_pin"]
    if LAUNCHED & set(primary):  # a write driving these creates: offered where any is (it refuses the others)
        own.append(LAUNCH_TOOL)
        primary[LAUNCH_TOOL] = LAUNCH_TOOLSETS[0]
        needs[LAUNCH_TOOL] = frozenset(LAUNCH_TOOLSETS) | {f"tool:{LAUNCH_TOOL}"}
    if any(op.name == "create_lead_subscription" for op in offered):  # needs ads:write: offered where lead writes are
        own.append("run_leads_export")
        primary["run_leads_export"], needs["run_leads_export"] = "lead_forms", frozenset({"lead_forms"})
    return Listing(offered, tuple(own), Toolsets(primary, needs, enabled), settings.dynamic)
