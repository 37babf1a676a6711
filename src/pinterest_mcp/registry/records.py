"""The record types of the operation registry: each Pinterest operation is declared once, in `operations/`.

An `Operation` record carries everything the rest of the server derives from: the MCP tool (name,
schema, annotations, `_meta`), the HTTP request, pagination, toolset membership and the manifest.
What Pinterest's spec states (method, path, OAuth scopes, rate-limit category) is not restated: the
record names its operationId and takes those from the committed spec facts (`spec/facts.py`). Read or
write follows the scopes, never the HTTP method: several POSTs only read (report creation, audience
sizing).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pinterest_mcp.registry.inputs import OperationInput, Page, Projection
from pinterest_mcp.registry.spec_inputs import FromSpec, Hint, spec_input
from pinterest_mcp.registry.toolsets import Access as Access  # re-exported: an operation's access
from pinterest_mcp.spec.facts import Method as Method  # re-exported: requests are typed with it
from pinterest_mcp.spec.facts import operation_facts, request_parameters

Change = Literal["create", "update", "delete"]

_PLACEHOLDER = re.compile(r"{(\w+)}")


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
    archived campaign is still found). `derive` adds the fields a write names that the read answers in
    another shape (a carousel Pin's `carousel_slots` are its media items), so the plan shows them and an
    undo restores them.
    """

    read: str
    args: tuple[tuple[str, str], ...] = ()
    ids: str | None = None
    match: str | None = None
    fixed: tuple[tuple[str, Any], ...] = ()
    derive: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    each: tuple[str, tuple[str, ...]] | None = None
    """(the read's list argument, the keys): the read is asked for each written item by those keys (items' bids)."""


@dataclass(frozen=True)
class Intent:
    """A tool people say out loud ("pause these ad groups") that drives another write operation.

    `build` turns the intent's validated arguments (and the ad account's currency, for money in
    currency units) into the arguments of the `base` operation, so the intent is planned,
    confirmed, applied and journaled exactly as that operation is.
    """

    base: str
    build: Callable[[Any, str | None], dict[str, Any]]


def _camel(name: str) -> str:
    """A model's class name from its tool's ("list_lead_subscriptions" -> "ListLeadSubscriptions")."""
    return "".join(part.capitalize() for part in name.split("_"))


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
    `bodiless` says the spec describes no request body (a feed's ingestion): a POST then sends none,
    not even `{}`. `key` is the field naming one entity in answers: `id`, else e.g. a website or a `media_id`
    (a create's new entity, the current state a plan reads). `summarised` replaces the item-by-item
    plan with counts per kind and action (the bulk upsert; `writes/bulk_plan.py`). `business_access`
    plans a Business Access write by the members, partners, invites and assets it names, with their
    permissions before → after, and reads its answer in Business Access's shapes (`writes/access_plan.py`).

    `input` left out is derived from the spec's path and query parameters (`registry/spec_inputs.py`)
    on a paged list's `Page` when the spec pages it, else on `Projection` when results have a view,
    else on the bare `OperationInput`; `hints` gives such a field a short description of ours (or a
    whole `Field`: a default for a parameter Pinterest requires).
    """

    name: str
    operation_id: str
    toolset: str
    description: str
    input: type[OperationInput] = FromSpec
    hints: Mapping[str, Hint] = field(default_factory=dict, hash=False)
    title: str = ""
    """Shown to people; by default the name in words ("list_campaigns" -> "List campaigns")."""
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
    summarised: bool = False
    business_access: bool = False
    bodiless: bool = False
    method: Method = field(init=False)
    path: str = field(init=False)
    scopes: tuple[str, ...] = field(init=False)
    rate_limit: str = field(init=False)
    access: Access = field(init=False)
    path_params: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        facts = operation_facts(self.operation_id)
        derived: dict[str, object] = {
            "method": facts.method,
            "path": facts.path,
            "scopes": facts.scopes,
            "rate_limit": facts.rate_limit,
            "access": access_of(facts.scopes),
            "path_params": tuple(_PLACEHOLDER.findall(facts.path)),
        }
        if self.input is FromSpec:
            derived["input"] = spec_input(self.operation_id, self._spec_base(), _camel(self.name), self.hints)
        elif self.hints:
            raise ValueError(f"{self.name}: hints describe derived fields; a hand-written input describes its own")
        if not self.title:
            derived["title"] = self.name.replace("_", " ").capitalize()
        for name, value in derived.items():
            object.__setattr__(self, name, value)
        if (self.access is Access.WRITE) != (self.change is not None):
            raise ValueError(f"{self.name}: a write declares its change (create/update/delete); a read does not")

    def _spec_base(self) -> type[OperationInput]:
        if self.lists and "bookmark" in request_parameters(self.operation_id):
            return Page
        return Projection if self.view is not None else OperationInput

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
