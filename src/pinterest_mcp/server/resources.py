"""MCP resources: facts a model would otherwise guess, read when asked, never sent unasked.

- `pinterest://analytics/columns`: every column the synchronous analytics tools accept, grouped by
  unit (micro-currency, currency, ratio, ROAS, count, dimension...), with the suffix conventions.
  A model that reads `CPC_IN_MICRO_DOLLAR` as dollars is off by a million; one that sums `CTR` is wrong.
- `pinterest://toolsets`: this server's toolsets, what each holds and costs, and which are enabled.
- `pinterest://ad-accounts`: the connected ad accounts with currency and country, read through the
  server's runtime at read time (so the emulator with `--demo`, Pinterest otherwise).
- `pinterest://reports/{handle}.csv`: a finished `run_report` as CSV, its owner's only (the answer
  links to it); read through `run_report.report_csv`.
- `pinterest://leads/{ad_account_id}/{leads_export_id}.csv`: a lead export `run_leads_export` saved on
  this machine (the answer links to it; the leads reach a model only if the client reads it).

Nothing here imports an operation module until a resource is read: listing resources costs no models.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from mcp.server.mcpserver.exceptions import ResourceError
from mcp.server.mcpserver.resources import FunctionResource, Resource

from pinterest_mcp.registry.toolsets import TOOLSETS

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

    from pinterest_mcp.runtime import Runtime
    from pinterest_mcp.server.toolsets import Toolsets

COLUMNS_URI = "pinterest://analytics/columns"
TOOLSETS_URI = "pinterest://toolsets"
AD_ACCOUNTS_URI = "pinterest://ad-accounts"
JSON = "application/json"
REPORT_URI = "pinterest://reports/{handle}.csv"
"""A finished `run_report` as CSV, its owner's only: `run_report`'s answer links to it."""
LEADS_URI = "pinterest://leads/{ad_account_id}/{leads_export_id}.csv"
"""A lead export saved here by `run_leads_export`, whose answer links to it."""

UNITS: dict[str, str] = {
    "micro_currency": "integer micro-units of the ad account's currency (1,000,000 = 1.00), whatever the "
    "currency despite the name; the analytics tools' tables show them in currency units as 'NAME (CUR)'",
    "currency": "units of the ad account's currency (a decimal, e.g. 12.34)",
    "cost_per_action": "spend per action in the ad account's currency; the name states no unit, so compare "
    "with SPEND_IN_MICRO_DOLLAR over the same rows before quoting it",
    "ratio": "a fraction, not a percent (0.0123 = 1.23%); recompute it from counts when combining rows, "
    "never sum or average it",
    "roas": "conversion value / spend (2.5 = 2.5 times the spend); recompute from value and spend when combining",
    "average": "an average per user or session; recompute rather than sum",
    "seconds": "seconds",
    "count": "a count of events (impressions, clicks, saves, conversions, views); sums across rows",
    "dimension": "an id, name, status or setting of the entity, not a metric; not summed",
}

SUFFIXES: dict[str, str] = {
    "_1": "paid: from the promoted Pin itself",
    "_2": "earned: organic activity after someone saw the promoted Pin",
    "TOTAL_": "paid + earned",
    "_IN_MICRO_DOLLAR": "micro-currency of the ad account (see units)",
}

_DIMENSIONS = frozenset(
    {
        "CAMPAIGN_OBJECTIVE_TYPE",
        "AD_GROUP_BUDGET_TYPE",
        "AD_GROUP_OPTIMIZATION",
        "CAMPAIGN_BUDGET_OPTIMIZATION",
        "IS_PREMIERE_CAMPAIGN",
        "CAMPAIGN_BRAND_LABEL",
        "AD_GROUP_BID_MULTIPLIER",
        "CAMPAIGN_DAILY_SPEND_CAP",
        "CAMPAIGN_LIFETIME_SPEND_CAP",
        "VIDEO_LENGTH",
    }
)
_RATIOS = frozenset({"CTR", "ECTR", "CTR_2", "OUTBOUND_CTR_1"})
_AVERAGES = frozenset({"TOTAL_IMPRESSION_FREQUENCY", "SHOWCASE_AVERAGE_SUBPAGE_CLOSEUP_PER_SESSION"})


def column_unit(name: str) -> str:
    """The unit of one analytics column, from Pinterest's naming conventions (keys of `UNITS`)."""
    if name.endswith("_IN_MICRO_DOLLAR"):
        return "micro_currency"
    if "_IN_DOLLAR" in name or name.endswith("_IN_LOCAL_CURRENCY"):
        return "currency"
    if name.endswith("_COST_PER_ACTION") or name.startswith("COST_PER_"):
        return "cost_per_action"
    if name in _DIMENSIONS or name.endswith(("_ID", "_NAME", "_STATUS", "_TAG")):
        return "dimension"
    if name in _RATIOS or name.endswith("_RATE"):
        return "ratio"
    if name.endswith("ROAS"):
        return "roas"
    if name in _AVERAGES:
        return "average"
    if name.endswith("_IN_SECOND"):
        return "seconds"
    return "count"


def analytics_columns() -> dict[str, Any]:
    """The column vocabulary, grouped by unit, with the defaults the analytics tools use."""
    from pinterest_mcp.operations.analytics import DEFAULT_COLUMNS
    from pinterest_mcp.spec.facts import vocabulary

    grouped: dict[str, list[str]] = {unit: [] for unit in UNITS}
    for name in vocabulary("sync_columns"):
        grouped[column_unit(name)].append(name)
    return {
        "for": "the columns argument of the ads analytics tools (get_*_analytics)",
        "default_columns": list(DEFAULT_COLUMNS),
        "units": UNITS,
        "suffixes": SUFFIXES,
        "columns": {unit: names for unit, names in grouped.items() if names},
        "definitions": 'Pinterest\'s own wording per metric: enable_toolset(toolsets=["targeting"]), then '
        "list_metric_definitions",
    }


def toolsets_view(toolsets: Toolsets, dynamic: bool) -> dict[str, Any]:
    """What each toolset of this server holds, its token cost, and how to enable it."""
    from pinterest_mcp.server.toolsets import toolset_rows

    defaults = {t.name for t in TOOLSETS if t.default}
    rows = [{**row, "default": row["toolset"] in defaults} for row in toolset_rows(toolsets)]
    how = (
        'enable_toolset(toolsets=["NAME", ...]) adds toolsets for this session; drop=[...] removes them'
        if dynamic
        else "this server's toolsets are fixed at start-up (--toolsets); restart it to change them"
    )
    return {"toolsets": rows, "enable": how}


async def ad_accounts_view(runtime: Runtime) -> dict[str, Any]:
    """The ad accounts the connected user can reach, as the tools see them (allowlist applied)."""
    from pinterest_mcp.api.errors import PinterestError
    from pinterest_mcp.operations import by_name
    from pinterest_mcp.registry.dates import account_timezone

    op = by_name()["list_ad_accounts"]
    try:
        data = await runtime.execute(op, op.input.model_validate({"all_pages": True}))
    except PinterestError as exc:
        raise ResourceError(exc.for_model()) from exc
    accounts = [
        {
            "id": item.get("id"),
            "name": item.get("name"),
            "currency": item.get("currency"),
            "country": item.get("country"),
            "permissions": item.get("permissions"),
            "time_zone": account_timezone(item.get("country")),
        }
        for item in data["items"]
    ]
    return {
        "ad_accounts": accounts,
        "default_ad_account": runtime.settings.ad_account,
        "time_zone": "Pinterest's ad account names a country, not a time zone: time_zone is that country's zone "
        "(UTC for a country of several zones), the one relative date ranges resolve in. Pinterest reports "
        "metric days in its reporting time zone unless reporting_timezone=AD_ACCOUNT_TIME_ZONE.",
        "money": "each account's amounts are in its own currency; micro-units are 1/1,000,000 of it",
    }


def _json(read: Callable[[], Any]) -> Callable[[], Any]:
    """A compact JSON text (the SDK would indent it, costing the model tokens for whitespace)."""

    async def text() -> str:
        from pinterest_mcp.answers.views import dumps  # the answer views load with a read, not at start

        data = read()
        return dumps(await data if inspect.isawaitable(data) else data)

    return text


def build_resources(runtime: Runtime, toolsets: Toolsets, *, dynamic: bool) -> list[Resource]:
    """The server's static resources, each read from `runtime` and `toolsets` when a client asks."""
    specs: tuple[tuple[str, str, str, str, Callable[[], Any]], ...] = (
        (
            COLUMNS_URI,
            "analytics_columns",
            "Analytics columns and their units",
            "Every column of the ads analytics tools by unit: micro-currency, currency, ratio, ROAS, count.",
            analytics_columns,
        ),
        (
            TOOLSETS_URI,
            "toolsets",
            "Toolsets",
            "This server's toolsets: purpose, tools, token cost, enabled or not, how to enable.",
            lambda: toolsets_view(toolsets, dynamic),
        ),
        (
            AD_ACCOUNTS_URI,
            "ad_accounts",
            "Connected ad accounts",
            "The ad accounts you can reach, with currency, country and permissions, read live.",
            lambda: ad_accounts_view(runtime),
        ),
    )
    return [
        FunctionResource(uri=uri, name=name, title=title, description=description, mime_type=JSON, fn=_json(read))
        for uri, name, title, description, read in specs
    ]


def add_report_resource(server: MCPServer[Any], read: Callable[[str], Awaitable[str]]) -> None:
    """Offer each finished `run_report` as CSV (`REPORT_URI`): `read(handle)` is `run_report.report_csv` on
    the server's runtime (its owner's handles only), passed in so listing costs no import of it."""
    server.resource(
        REPORT_URI, name="report_csv", title="Report (CSV)", description="A run_report's rows.", mime_type="text/csv"
    )(read)


def add_leads_resource(server: MCPServer[Any], read: Callable[[str, str], Awaitable[str]]) -> None:
    """Offer each lead export saved here as CSV (`LEADS_URI`): `read` is `leads_export.leads_csv` on the runtime."""
    server.resource(
        LEADS_URI, name="leads_csv", title="Leads (CSV)", description="A run_leads_export file.", mime_type="text/csv"
    )(read)
