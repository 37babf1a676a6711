"""The operation registry: each Pinterest operation is declared once, here or in `operations/`.

An `Operation` record carries everything the rest of the server derives from: the MCP tool (name,
schema, annotations, `_meta`), the HTTP request, pagination, toolset membership and the manifest.
What Pinterest's spec states (method, path, OAuth scopes, rate-limit category) is not restated: the
record names its operationId and takes those from the committed spec facts (`facts.py`). Read or
write follows the scopes, never the HTTP method: several POSTs only read (report creation, audience
sizing).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal, Protocol, TypeVar, overload

from pinterest_mcp.registry.inputs import OperationInput
from pinterest_mcp.spec.facts import Method as Method  # re-exported: requests are typed with it
from pinterest_mcp.spec.facts import operation_facts

Change = Literal["create", "update", "delete"]

_PLACEHOLDER = re.compile(r"{(\w+)}")


class Access(StrEnum):
    READ = "read"
    WRITE = "write"


@dataclass(frozen=True)
class View:
    """How results of one entity kind are shown: a compact default field set and its money fields.

    `money` lists micro-currency fields that get a readable `<name>_amount` beside them.
    `currency` says where the currency comes from: a field of the item itself, or the ad account
    named by the call's `ad_account_id` (Pinterest does not repeat it on campaigns or ad groups).
    `table` renders a list of metric rows as one compact table (analytics).
    """

    kind: str
    default_fields: tuple[str, ...]
    money: tuple[str, ...] = ()
    currency: Literal["item", "ad_account", "none"] = "none"
    table: bool = False


@dataclass(frozen=True)
class Current:
    """Where a write's plan reads the state it would change, so the preview shows before → after.

    `read` names a read operation. `args` maps that read's arguments to this operation's input
    fields. `ids` names the read's id-list argument, filled with the `id` of every body item (bulk
    updates). `match` names an input field whose value picks one item by `id` from a list result
    (board sections have no get). `fixed` adds constant arguments (every entity status, so an
    archived campaign is still found).
    """

    read: str
    args: tuple[tuple[str, str], ...] = ()
    ids: str | None = None
    match: str | None = None
    fixed: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Intent:
    """A tool people say out loud ("pause these ad groups") that drives another write operation.

    `build` turns the intent's validated arguments (and the ad account's currency, for money in
    currency units) into the arguments of the `base` operation, so the intent is planned,
    confirmed, applied and journaled exactly as that operation is.
    """

    base: str
    build: Callable[[Any, str | None], dict[str, Any]]


def access_of(scopes: Iterable[str]) -> Access:
    """WRITE when any scope grants writing (`<area>:write`, `<area>:write_secret`), else READ."""
    writes = any(scope.partition(":")[2].startswith("write") for scope in scopes)
    return Access.WRITE if writes else Access.READ


@dataclass(frozen=True)
class Operation:
    """One Pinterest API operation, declared once.

    `method`, `path`, `scopes` and `rate_limit` come from the spec facts of `operation_id`; `access`
    is WRITE exactly when a scope is a write scope (`ads:write`, `boards:write_secret`, ...).
    `body` names the input field sent as the JSON body (Pinterest's bulk writes take a bare array);
    without it a POST/PATCH sends the remaining non-path fields as a JSON object. `query` lists
    fields that go to the query string even on a POST/PATCH. `lists` says the answer is a list of
    entities (shown as items and a count); whether it is paged follows from the input
    (`paginated`). `items` names the list a body object carries around the written objects
    (keywords: `keywords`, beside `parent_id`); Pinterest answers the written ones under the same
    key and the refused ones under `errors`. `reversible` False says `undo_change` cannot reverse
    an update (the journal keeps no customer list records, a test lead has no opposite).
    `key` is the field naming one entity in answers: `id`, else e.g. a website or a `media_id`
    (a create's new entity, the current state a plan reads). `describe(plan, limits)` replaces the
    item-by-item plan with the operation's own (the bulk upsert: counts per kind and action).
    """

    name: str
    operation_id: str
    input: type[OperationInput]
    toolset: str
    description: str
    title: str
    lists: bool = False
    view: View | None = None
    body: str | None = None
    query: tuple[str, ...] = ()
    items: str | None = None
    destructive: bool = False
    idempotent: bool | None = None
    change: Change | None = None
    current: Current | None = None
    intent: Intent | None = None
    reversible: bool = True
    key: str = "id"
    describe: Callable[[Any, Any], None] | None = None
    method: Method = field(init=False)
    path: str = field(init=False)
    scopes: tuple[str, ...] = field(init=False)
    rate_limit: str = field(init=False)
    access: Access = field(init=False)
    path_params: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        facts = operation_facts(self.operation_id)
        derived = {
            "method": facts.method,
            "path": facts.path,
            "scopes": facts.scopes,
            "rate_limit": facts.rate_limit,
            "access": access_of(facts.scopes),
            "path_params": tuple(_PLACEHOLDER.findall(facts.path)),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)
        if (self.access is Access.WRITE) != (self.change is not None):
            raise ValueError(f"{self.name}: a write declares its change (create/update/delete); a read does not")

    @property
    def paginated(self) -> bool:
        """A list Pinterest pages with bookmarks: derived from the input, whose parameters are the spec's."""
        return self.lists and "bookmark" in self.input.model_fields

    @property
    def is_idempotent(self) -> bool:
        """Whether repeating the request is harmless, so a lost response may be retried.

        Reads are; PATCH and DELETE are by HTTP semantics; a POST only when declared (creates never).
        """
        if self.idempotent is not None:
            return self.idempotent
        return self.access is Access.READ or self.method in ("PATCH", "DELETE")


@dataclass(frozen=True)
class Toolset:
    name: str
    description: str
    default: bool


TOOLSETS: tuple[Toolset, ...] = (
    Toolset("account", "The user account and the ad accounts it can reach", default=True),
    Toolset("ads", "Campaigns, ad groups and ads: read, pause, activate, set budgets and spend caps", default=True),
    Toolset("ads_manage", "Create and edit campaigns, ad groups and ads in bulk; archive them", default=False),
    Toolset("audiences", "Audiences, customer lists (hashed here) and audience insights", default=False),
    Toolset("keywords", "Keyword targeting of campaigns and ad groups; search volumes and trends", default=False),
    Toolset("analytics", "Spend and performance metrics of ad accounts, campaigns, ad groups and ads", default=True),
    Toolset("analytics_breakdowns", "Ads metrics per promoted Pin and by targeting (age, country...)", default=False),
    Toolset("reports", "Async reports run to a table and a saved file; templates, MMM, product reports", default=False),
    Toolset("targeting", "Targeting values and interests, countries, metric definitions, templates", default=False),
    Toolset("conversions", "Conversion tags and the events they report", default=False),
    Toolset("lead_forms", "Lead forms for lead ads: configure and test (no lead export)", default=False),
    Toolset("shopping", "Product groups promoted by shopping ad groups: status and bids", default=False),
    Toolset("boards", "Organic: boards and board sections, read and create", default=False),
    Toolset("pins", "Organic: Pins (image or video), read, create and save", default=False),
    Toolset("organic_manage", "Edit and delete boards, board sections and Pins", default=False),
    Toolset("organic_analytics", "Organic: Pin and profile analytics, top Pins", default=False),
    Toolset("user", "Followers, follows, websites, linked businesses", default=False),
    Toolset("search", "Search your boards and Pins; partner Pins", default=False),
    Toolset("planning", "Audience size and bid floor estimates", default=False),
)
TOOLSET_NAMES = tuple(t.name for t in TOOLSETS)


def all_operations() -> tuple[Operation, ...]:
    """Every declared operation, in a stable order (the order of `tools/list`)."""
    from pinterest_mcp.operations import OPERATIONS

    return OPERATIONS


def by_name() -> dict[str, Operation]:
    return {op.name: op for op in all_operations()}


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


@overload
def select(
    toolsets: Sequence[str] | None = None,
    tools: Sequence[str] | None = None,
    *,
    read_only: bool = False,
    operations: None = None,
) -> tuple[Operation, ...]: ...
@overload
def select(
    toolsets: Sequence[str] | None = None,
    tools: Sequence[str] | None = None,
    *,
    read_only: bool = False,
    operations: Iterable[S],
) -> tuple[S, ...]: ...
def select(
    toolsets: Sequence[str] | None = None,
    tools: Sequence[str] | None = None,
    *,
    read_only: bool = False,
    operations: Iterable[Any] | None = None,
) -> tuple[Any, ...]:
    """Choose the operations to expose, GitHub-MCP style.

    Toolsets and individual tools add up; `default` and `all` are toolset aliases; no toolsets and
    no tools means the default toolsets. Read-only beats everything, even an explicitly named write tool.
    """
    ops = tuple(operations if operations is not None else all_operations())
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


def intent_of(
    name: str,
    *,
    base: Operation,
    input: type[OperationInput],
    build: Callable[[Any, str | None], dict[str, Any]],
    title: str,
    description: str,
    toolset: str | None = None,
) -> Operation:
    """An intent tool: the operation and change of `base`, with its own name and input."""
    return Operation(
        name=name,
        operation_id=base.operation_id,
        input=input,
        toolset=toolset or base.toolset,
        description=description,
        title=title,
        view=base.view,
        destructive=base.destructive,
        change=base.change,
        intent=Intent(base=base.name, build=build),
    )
