"""Toolsets and tool selection: which declared tools a server offers, GitHub-MCP style.

Selection works on anything with a name, a toolset and an access (`Selectable`), so the stored
catalog can be filtered without importing a single input model, and the registry never imports the
declarations it selects from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, TypeVar


class Access(StrEnum):
    """Whether a tool only reads or also writes: what `--read-only` selects on (`records` re-exports it).

    Defined here, not beside `Operation`, so that selecting from the stored catalog at start imports
    no record type, input model or spec fact.
    """

    READ = "read"
    WRITE = "write"


@dataclass(frozen=True)
class Toolset:
    """A group of tools enabled together. `hint`: a few words where the name alone would mislead a model
    choosing one (`enable_toolset`'s description carries only these; `list_toolsets` the descriptions)."""

    name: str
    description: str
    default: bool
    hint: str = ""


TOOLSETS: tuple[Toolset, ...] = (
    Toolset("account", "The user account and the ad accounts it can reach", default=True),
    Toolset("ads", "Campaigns, ad groups and ads: read, pause, activate, set budgets and spend caps", default=True),
    Toolset(
        "ads_manage",
        "Create and edit campaigns, ad groups and ads in bulk; archive them",
        default=False,
        hint="create, edit, archive ads",
    ),
    Toolset("audiences", "Audiences, customer lists (hashed here) and audience insights", default=False),
    Toolset("keywords", "Keyword targeting of campaigns and ad groups; search volumes and trends", default=False),
    Toolset("analytics", "Spend and performance metrics of ad accounts, campaigns, ad groups and ads", default=True),
    Toolset(
        "analytics_breakdowns",
        "Ads metrics per promoted Pin and by targeting (age, country...)",
        default=False,
        hint="per Pin, age, country",
    ),
    Toolset("reports", "Async reports run to a table and a saved file; templates, MMM, product reports", default=False),
    Toolset(
        "targeting",
        "Targeting values and interests, countries, metric definitions, templates",
        default=False,
        hint="interests, metric definitions, data freshness",
    ),
    Toolset("conversions", "Conversion tags and the events they report", default=False),
    Toolset("lead_forms", "Lead forms for lead ads: configure, test, webhooks, export leads to a file", default=False),
    Toolset("shopping", "Product groups promoted by shopping ad groups: status and bids", default=False),
    Toolset("boards", "Organic: boards and board sections, read and create", default=False),
    Toolset("pins", "Organic: Pins (image or video), read, create and save", default=False),
    Toolset(
        "organic_manage",
        "Edit and delete boards, board sections and Pins",
        default=False,
        hint="edit, delete boards, Pins",
    ),
    Toolset("organic_analytics", "Organic: Pin and profile analytics, top Pins", default=False),
    Toolset("user", "Followers, follows, websites, linked businesses", default=False, hint="followers, websites"),
    Toolset("search", "Search your boards and Pins; partner Pins", default=False),
    Toolset("planning", "Audience size and bid floor estimates", default=False, hint="audience size, bid floors"),
    Toolset("business", "Business Access: members, assets, shared audiences", default=False),
    Toolset(
        "business_manage",
        "Business Access: grant and remove asset access, invite and remove members and partners",
        default=False,
    ),
    Toolset("catalogs", "Product catalogs, feeds, items and product groups: read", default=False),
    Toolset("catalogs_manage", "Create catalogs, feeds and product groups; ingest feeds; upsert items", default=False),
    Toolset("billing", "Billing profiles, invoices, ads credits, insertion orders, order lines", default=False),
    Toolset("billing_manage", "Sign and edit insertion orders; redeem ads credits", default=False),
    Toolset("integrations", "Commerce partner integrations and their logs (partner tokens masked)", default=False),
)
TOOLSET_NAMES = tuple(t.name for t in TOOLSETS)


class SelectionError(ValueError):
    """A `--toolsets` / `--tools` value that names nothing we have."""


class Selectable(Protocol):
    """What selection reads of a tool: an `Operation`, or its stored catalog entry (no model import)."""

    @property
    def name(self) -> str: ...
    @property
    def toolset(self) -> str: ...
    @property
    def access(self) -> Access: ...


S = TypeVar("S", bound=Selectable)


def select(
    toolsets: Sequence[str] | None = None,
    tools: Sequence[str] | None = None,
    *,
    read_only: bool = False,
    operations: Iterable[S],
) -> tuple[S, ...]:
    """Choose the operations to expose, GitHub-MCP style.

    Toolsets and individual tools add up; `default` and `all` are toolset aliases; no toolsets and
    no tools means the default toolsets. Read-only beats everything, even an explicitly named write tool.
    `operations` are what to choose from: `operations.all_operations()`, or the stored catalog's entries
    (which spares a start importing every input model); taking them as an argument keeps the registry
    below the declarations.
    """
    ops = tuple(operations)
    known_tools = {op.name for op in ops}
    wanted_sets: set[str] = set()
    for name in toolsets or ():
        if name == "all":
            wanted_sets.update(TOOLSET_NAMES)
        elif name == "default":
            wanted_sets.update(t.name for t in TOOLSETS if t.default)
        elif name in TOOLSET_NAMES:
            wanted_sets.add(name)
        else:
            raise SelectionError(f"unknown toolset {name!r}; choose from: all, default, {', '.join(TOOLSET_NAMES)}")
    unknown = sorted(set(tools or ()) - known_tools)
    if unknown:
        raise SelectionError(f"unknown tool(s): {', '.join(unknown)}; `pinterest-mcp tools` lists them")
    if not toolsets and not tools:
        wanted_sets = {t.name for t in TOOLSETS if t.default}
    wanted_tools = set(tools or ())
    chosen = [op for op in ops if op.toolset in wanted_sets or op.name in wanted_tools]
    if read_only:
        chosen = [op for op in chosen if op.access is Access.READ]
    return tuple(chosen)
