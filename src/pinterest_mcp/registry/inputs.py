"""Shared input pieces for the operation declarations.

Inputs are pydantic models whose field names are Pinterest's own parameter names, so a model is
at once the MCP tool's input schema, the validator that runs before any request, and the map
from arguments to path, query and body. A few fields are ours and never sent (see LOCAL_FIELDS).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from pinterest_mcp.spec.facts import vocabulary

# Fields the server consumes itself; they are never sent to Pinterest.
LOCAL_FIELDS = frozenset({"fields", "all_pages", "max_items", "confirmation", "dry_run"})
# The write-control fields: a plan's confirmation binds every argument except these.
WRITE_CONTROL = ("confirmation", "dry_run")


class CommaSeparated:
    """Marks an array query parameter the spec declares with `explode: false` (one comma-joined value)."""

    def __repr__(self) -> str:
        return "CommaSeparated()"


@dataclass(frozen=True)
class Vocabulary:
    """Allowed string values checked by validation but not listed in the published schema.

    For enums too long to pay for in every `tools/list` (175 analytics columns); the error names
    the closest allowed values instead.
    """

    what: str
    values: frozenset[str]

    def check(self, value: str) -> str:
        if value not in self.values:
            close = difflib.get_close_matches(value.upper(), sorted(self.values), n=4, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ValueError(f"unknown {self.what} {value!r}{hint}")
        return value


@dataclass(frozen=True)
class SpecEnum:
    """A string from one of the spec's enums, by its `spec.facts.vocabulary` name: published as that enum and
    checked against it, so a short enum is stated once, in the spec, and read when a schema or value needs it."""

    name: str

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        published = handler(schema)
        published["enum"] = list(vocabulary(self.name))
        return published

    def check(self, value: Any) -> Any:
        allowed = vocabulary(self.name)
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")
        return value


def _encodable(value: Any) -> Any:
    """Refuse text holding a lone surrogate ("\\ud800"), walked without recursion.

    JSON can carry one, but no URL, body or journal line can encode it: the request would fail
    while being built, after validation said yes.
    """
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if not node.isascii():
                try:
                    node.encode("utf-8")
                except UnicodeEncodeError:
                    raise ValueError("text holds a lone surrogate, which is not valid Unicode") from None
        elif isinstance(node, dict):
            stack.extend(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return value


class OperationInput(BaseModel):
    """Base of every tool input: unknown arguments are errors, not silently dropped; text must encode."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _encodable_text(cls, data: Any) -> Any:
        return _encodable(data)

    LOCAL: ClassVar[frozenset[str]] = frozenset()
    """This model's own fields the server consumes (answer shaping), besides LOCAL_FIELDS; never sent."""
    FILLED: ClassVar[frozenset[str]] = frozenset()
    """Parameters Pinterest requires that the server fills when left out (dates from `date_range`)."""


def local_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields of `model` that are never sent to Pinterest."""
    return LOCAL_FIELDS | getattr(model, "LOCAL", frozenset())


_EXACT = 2**53
"""The largest integer every JSON client carries exactly; a JavaScript number loses digits past it."""


def _id_from_number(value: Any) -> Any:
    """An id a client sent as a JSON number (the MCP Inspector does): its digits, if they survived the trip."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _EXACT:
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("ids are digit strings: pass ids as strings (a number this large loses digits in JSON)")
    return value


Id = Annotated[str, StringConstraints(pattern=r"^[0-9]+$", max_length=18), BeforeValidator(_id_from_number)]
"""A Pinterest id: ASCII digits only (a Unicode digit class would admit "١٢٣"), at most 18 of them.

A JSON number up to 2**53 is taken as its digits; a larger one (or a fraction) is refused, because
the client may already have rounded it to another object's id."""

AdAccountId = Id
"""An ad account id (from list_ad_accounts, as the server instructions say once for every tool)."""

BusinessAdAccountId = Annotated[
    str | None,
    Field(
        default=None,
        pattern=r"^[0-9]+$",
        max_length=18,
    ),
    BeforeValidator(_id_from_number),
]

EntityStatus = Literal["ACTIVE", "PAUSED", "ARCHIVED", "DRAFT", "DELETED_DRAFT"]

CreativeType = Literal[
    "REGULAR",
    "VIDEO",
    "SHOPPING",
    "CAROUSEL",
    "MAX_VIDEO",
    "SHOP_THE_PIN",
    "COLLECTION",
    "IDEA",
    "SHOWCASE",
    "QUIZ",
    "COLLAGE",
    "MAX_WIDTH_REGULAR_COLLECTION",
    "MAX_WIDTH_VIDEO_COLLECTION",
]


def id_list() -> Any:
    """A filter of 1–250 ids, sent as repeated query keys (the spec's default `explode: true`); the name says which."""
    return Field(default=None, min_length=1, max_length=250)


IdList = list[Id] | None

EntityStatuses = Annotated[
    list[EntityStatus] | None,
    Field(default=None, min_length=1, description="Default ACTIVE,PAUSED"),
]

Order = Annotated[
    Literal["ASCENDING", "DESCENDING"] | None,
    Field(default=None, description="Sort by id"),
]


class Projection(OperationInput):
    """Adds `fields`: results carry a compact default set of fields; ask for more, or fewer, by name."""

    fields: list[str] | None = Field(
        default=None,
        description='Extra fields; "-x" drops x, "-*" all but id; ["*"] all',
    )


MAX_BOOKMARK = 2048


class Page(Projection):
    """Bookmark pagination shared by every list tool."""

    page_size: int | None = Field(default=None, ge=1, le=250, description="Default 25")
    # Pinterest's bookmarks are a few hundred characters; a 70 kB one would overflow the URL.
    bookmark: str | None = Field(default=None, max_length=MAX_BOOKMARK, description="From the previous result")
    all_pages: bool = Field(default=False, description="Follow bookmarks to the end")
    max_items: int | None = Field(default=None, ge=1, le=5000, description="Stop after this many items")


def _not_null(value: Any) -> Any:
    if value is None:
        raise ValueError("null is not allowed here; leave the field out to keep its value")
    return value


def refuses_null(function: Any) -> bool:
    """Whether a validator function is `NotNull`'s, so the published schema offers no null there."""
    return function is _not_null


NotNull = AfterValidator(_not_null)
"""For optional body fields Pinterest cannot clear: leaving them out is fine, an explicit null is refused.

A null the caller writes is sent (it clears nullable fields such as spend caps), so a field whose
schema forbids null must refuse it here rather than at Pinterest. Defaults are not validated, so
the field stays optional.
"""


class WriteInput(OperationInput):
    """Adds the write controls: without `confirmation` a write call returns a plan and writes nothing."""

    confirmation: str | None = Field(default=None, description="From the plan, to apply it")
    dry_run: bool = Field(default=False, description="Plan only")


MAX_MICRO = 10**15
Micro = Annotated[int, Field(ge=0, le=MAX_MICRO)]
"""A money amount in millionths of the ad account's currency, as Pinterest states every amount.

At most 10**15 micro-units (a billion units of any currency): a larger amount is a mistake, refused
here before it reaches a plan or a request.
"""

MAX_UNIX_TIME = 253_402_300_799
"""9999-12-31T23:59:59Z, the last second a calendar date can name (Pinterest's own examples reach 2150)."""

UnixTime = Annotated[int, Field(ge=0, le=MAX_UNIX_TIME)]
"""Seconds since 1970 (the server instructions say so once for every *_time field)."""

ALL_STATUSES: tuple[str, ...] = ("ACTIVE", "PAUSED", "ARCHIVED", "DRAFT", "DELETED_DRAFT")

MAX_NESTING = 10
"""How deep free-form objects (audience rules, targeting specs) may nest; Pinterest's need 3 or 4 levels."""


def _shallow(value: Any) -> Any:
    """Refuse a value nested deeper than MAX_NESTING objects and arrays, walked without recursion.

    Runs before pydantic's own walk: a 250-deep argument would otherwise exhaust recursion in
    validation, planning or serialization, and the call would get no answer at all.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        if depth > MAX_NESTING:
            raise ValueError(f"nested too deep: at most {MAX_NESTING} levels of objects and arrays")
        stack.extend((child, depth + 1) for child in children)
    return value


Shallow = BeforeValidator(_shallow)
"""For free-form JSON arguments: at most MAX_NESTING levels of objects and arrays."""
