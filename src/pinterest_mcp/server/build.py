"""Build the MCP server: the selected operations as tools, over one shared runtime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.tools import Tool
from mcp.types import CallToolResult, ToolAnnotations

from pinterest_mcp import __version__
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.composite.sandbox import GUARDS
from pinterest_mcp.server.listing import plan_listing
from pinterest_mcp.server.sdk import publish_output_schema
from pinterest_mcp.server.tools import DeferredTool, MadeOnCallTool, OperationTool
from pinterest_mcp.server.toolsets import NO_ARGUMENTS, ToolsetServer, toolset_tools

INSTRUCTIONS = """\
Pinterest ads and organic content. Start with list_ad_accounts (ads). enable_toolset adds more tools: \
boards and pins (organic content, then list_boards), audiences, keywords, targeting, the user's network, \
bulk edits, analytics breakdowns and organic analytics.
Arguments shared by every tool:
- Ids are digit strings; ad_account_id comes from list_ad_accounts. *_time fields are Unix seconds. \
On organic tools ad_account_id is optional: act for that account's owner (Business Access).
- Lists: page_size 1-250 (default 25); pass the answer's bookmark back for the next page; all_pages=true \
or max_items (<=5000) follow bookmarks for you. fields adds fields to the compact default ("*" all; \
"-x" drops x, "-*" all but id).
- Analytics: start_date/end_date YYYY-MM-DD (UTC), at most 90 days ago and 90 apart (HOUR: 8, 3), or \
date_range (yesterday, last_7_days, last_14_days, last_30_days, last_90_days: all end yesterday; this_month: \
to today; last_month) in the account's time zone, echoed as dates. columns: Pinterest metric names (default \
spend, impressions, clicks, CTR, CPC, conversions, checkouts), also CPM, CPA, ROAS; CTR, CPC, CPM, CPA, ROAS \
are computed from spend, TOTAL_CLICKTHROUGH, PAID_IMPRESSION, TOTAL_CONVERSIONS, TOTAL_CHECKOUT_VALUE. \
sort_by a column (descending; NAME:asc), top N rows, totals=true; rows without delivery are omitted and \
counted. Id lists: up to 5000. reporting_timezone PINTEREST_TIME_ZONE|AD_ACCOUNT_TIME_ZONE; conversion_report_time \
TIME_OF_AD_ACTION|TIME_OF_CONVERSION; *_window_days 0, 1, 7, 14, 30 or 60 (default 30/1/1).
- Money: *_micro_currency, *_spend_cap and *_in_micro_dollar fields are integer micro-units of the ad \
account currency (1 USD = 1,000,000), each shown with a readable *_amount; analytics tables show money \
once, in currency units (SPEND (USD)); budget and cap tools take currency units.
- Writes: a call without confirmation returns a plan and writes nothing. Show it to the user; apply only \
with their approval by calling again with the same arguments plus the plan's confirmation. dry_run=true \
always only plans.\
"""

DEFERRED = {
    "undo_change": "pinterest_mcp.server.declared:UndoTool",
    "run_report": "pinterest_mcp.server.composite.run_report:RunReportTool",
    "run_bulk_download": "pinterest_mcp.server.composite.bulk_download:RunBulkDownloadTool",
    "create_video_pin": "pinterest_mcp.server.composite.video_pins:VideoPinTool",
    "plan_launch": "pinterest_mcp.server.composite.launch:LaunchTool",
    "run_leads_export": "pinterest_mcp.server.composite.leads_export:LeadsExportTool",
}
"""The server's own tools (undo and the composite tools), imported on their first call (`module:class`)."""


CHECK_RESULT = {
    "type": "object",
    "properties": {"checks": {"type": "array", "items": {"type": "object"}}},
    "required": ["checks"],
}
"""`check_connection`'s structured answer: one object per check (name, status, detail)."""


def build_server(settings: Settings, runtime: Runtime | None = None) -> MCPServer[Any]:
    """An `MCPServer` exposing the operations `settings` selects; raises `SelectionError` on bad names.

    What is offered and enabled is `listing.plan_listing`'s; every offered tool is built at start.
    """
    runtime = runtime or Runtime(settings)
    listing = plan_listing(settings)
    toolsets = listing.toolsets
    tools: list[Tool] = [OperationTool.build(op, runtime, GUARDS.get(op.name)) for op in listing.offered]
    for name in listing.own:
        if name == "check_connection":
            tools.append(MadeOnCallTool.build(name, partial(_check_connection, runtime)))
        else:
            tools.append(DeferredTool.build(name, DEFERRED[name], runtime))
    if settings.dynamic:
        tools = toolset_tools(toolsets) + tools

    @asynccontextmanager
    async def lifespan(_: MCPServer[Any]) -> AsyncIterator[Runtime]:
        try:
            yield runtime
        finally:
            await runtime.aclose()

    from pinterest_mcp.server.prompts import build_prompts
    from pinterest_mcp.server.resources import add_leads_resource, add_report_resource, build_resources
    from pinterest_mcp.server.ui import add_views, apps_extension

    server = ToolsetServer(
        "pinterest",
        title="Pinterest",
        version=__version__,
        instructions=INSTRUCTIONS,
        tools=tools,
        resources=build_resources(runtime, toolsets, dynamic=settings.dynamic),
        lifespan=lifespan,
        log_level="WARNING",
        toolsets=toolsets,
        extensions=[apps_extension()],
    )
    add_views(server)
    for prompt in build_prompts(settings.ad_account):
        server.add_prompt(prompt)

    async def report(handle: str) -> str:
        from pinterest_mcp.server.composite.run_report import report_csv

        return await report_csv(runtime, handle)

    add_report_resource(server, report)

    async def leads(ad_account_id: str, leads_export_id: str) -> str:
        from pinterest_mcp.server.composite.leads_export import leads_csv

        return await leads_csv(runtime, ad_account_id, leads_export_id)

    add_leads_resource(server, leads)
    return server


def _check_connection(runtime: Runtime) -> Tool:
    """`doctor --api` as a tool, so the model can tell the user why calls fail and what to do."""

    async def check_connection() -> CallToolResult:
        from pinterest_mcp.server.calls import text_result
        from pinterest_mcp.server.doctor import as_dicts, diagnose, render

        checks = await diagnose(runtime, api=True)
        failed = any(c.status == "fail" for c in checks)
        return text_result(render(checks), structured={"checks": as_dicts(checks)}, is_error=failed)

    tool = Tool.from_function(
        check_connection,
        title="Check connection",
        description="Diagnose access to Pinterest: credentials, token expiry, scopes, reachable ad accounts.",
        # Not idempotent: a check may refresh the access token, and Pinterest rotates the refresh token.
        annotations=ToolAnnotations(
            title="Check connection",
            read_only_hint=True,
            destructive_hint=False,
            idempotent_hint=False,
            open_world_hint=True,
        ),
        structured_output=False,
    )
    tool.parameters = dict(NO_ARGUMENTS)
    return publish_output_schema(tool, CHECK_RESULT)
