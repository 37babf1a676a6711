"""`plan_launch`: several dependent creates (board, section, Pins, campaign, ad group, ad) under one confirmation.

The tool is thin: the launch itself (items checked by their create tools' models, one plan, one
token, apply in order, journal, undo) is `writes.launch`. Listed where the bulk ads creates and the
organic edits are (`ads_manage`, `organic_manage`); an item whose create tool this server does not offer
(`--toolsets`, `--tools`, `--writes off`) is refused, so a launch never writes what a single call could not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mcp.types import CallToolResult, InputRequiredResult

from pinterest_mcp.server.calls import rendered
from pinterest_mcp.server.declared import Declaration, DeclaredTool
from pinterest_mcp.server.listing import plan_listing

if TYPE_CHECKING:
    from mcp.server.mcpserver import Context

    from pinterest_mcp.writes.launch import LaunchInput

NAME = "plan_launch"
TOOLSETS = ("ads_manage", "organic_manage")
DESCRIPTION = (
    "Create boards, sections, Pins, campaigns, ad groups and ads with one plan and confirmation. fields: one "
    'item as its create tool takes it; "@ref" names an earlier item.'
)


class LaunchTool(DeclaredTool):
    """The `plan_launch` tool: built on its first call; `DeferredTool` lists it until then."""

    declaration = Declaration(
        name=NAME,
        title="Plan a launch",
        description=DESCRIPTION,
        read_only=False,
        toolset=TOOLSETS[0],
        scopes=("ads:read", "ads:write", "boards:read", "boards:write", "pins:read", "pins:write"),
        body=(),  # the items are checked by their create tools' models: no nulls to offer here
    )

    @classmethod
    def input_model(cls) -> type[LaunchInput]:
        from pinterest_mcp.writes.launch import LaunchInput

        return LaunchInput

    def parse(self, arguments: dict[str, Any]) -> LaunchInput:
        """The arguments, the server's default ad account filled in where ads items need one."""
        args: LaunchInput = super().parse(arguments)
        default = self.runtime.settings.ad_account
        if args.ad_account_id is None and default is not None and "ad_account_id" not in arguments:
            args = args.model_copy(update={"ad_account_id": default})
        return args

    async def answer(self, args: LaunchInput, context: Context[Any, Any]) -> CallToolResult | InputRequiredResult:
        from pinterest_mcp.writes.launch import launch

        self.runtime.check_ad_account(args)
        offered = frozenset(entry.name for entry in plan_listing(self.runtime.settings).offered)
        return rendered(await launch(self.runtime.writes, args, context, offered=offered))
