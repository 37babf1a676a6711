"""The nested objects ads writes carry, checked here as Pinterest checks them, published as bare objects.

A targeting spec, an audience rule, tracking URLs and optimization goals have spec-defined keys
and enums, and a plan must refuse `{"GEOX":["US"]}` or `AGE_BUCKET: ["12-17"]` before the user
approves a change Pinterest would reject. Listing every key and enum in each tool's schema would
cost hundreds of tokens per `tools/list`, so the schema says only "object" (with an example) and
these validators hold the vocabulary: an error names the key and the values it allows. Names,
enums and patterns are the spec's (`TargetingSpec`, `AudienceRule`, `TrackingUrls`,
`OptimizationGoalMetadata`, `CampaignBidOptions`, `QuizPinData`). The enums are read from the committed spec facts
(`spec.facts.vocabulary`) on a value's first check, not restated here and not read at import; the
keys are listed here and the conformance tests compare them with the spec.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, Field, WithJsonSchema

from pinterest_mcp.registry.inputs import Shallow, Vocabulary
from pinterest_mcp.spec.facts import vocabulary

_DIGITS = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Value:
    """One key's value: a list (of `item`s) or a single value of JSON type `kind`, maybe one of the
    spec's enum `vocabulary` (a `spec.facts.vocabulary` name, read when a value is checked)."""

    kind: type | tuple[type, ...]
    many: bool = False
    vocabulary: str | None = None
    pattern: re.Pattern[str] | None = None
    bounds: tuple[int, int] | None = None
    nullable: bool = False
    inner: Callable[[str, Any], Any] | None = None
    """For a nested object: its own validator, given the path."""


def _list(vocabulary: str | None = None, **more: Any) -> Value:
    return Value(str, many=True, vocabulary=vocabulary, nullable=True, **more)


TRACKING_EVENTS = ("audience_verification", "buyable_button", "click", "engagement", "impression")
"""The keys of `TrackingUrls` (its properties, not an enum: the conformance tests compare them)."""


def check_object(what: str, value: Any, keys: dict[str, Value]) -> dict[str, Any]:
    """`value` if it is an object of `keys` with valid values; else a ValueError naming the key and what it allows."""
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be an object")
    for key, given in value.items():
        rule = keys.get(key)
        if rule is None:
            close = difflib.get_close_matches(str(key), list(keys), n=2, cutoff=0.6)
            hint = f" (did you mean {' or '.join(close)}?)" if close else ""
            raise ValueError(f"{what}: unknown key {key!r}{hint}; allowed keys: {', '.join(keys)}")
        _check_value(f"{what}.{key}", given, rule)
    return value


def _check_value(where: str, given: Any, rule: Value) -> None:
    if given is None:
        if not rule.nullable:
            raise ValueError(f"{where} cannot be null")
        return
    if rule.many:
        if not isinstance(given, list):
            raise ValueError(f"{where} must be a list")
        for item in given:
            _check_one(where, item, rule)
        return
    _check_one(where, given, rule)


def _check_one(where: str, item: Any, rule: Value) -> None:
    if rule.inner is not None:
        rule.inner(where, item)
        return
    if not isinstance(item, rule.kind) or (isinstance(item, bool) and rule.kind is not bool):
        kind = rule.kind if isinstance(rule.kind, type) else rule.kind[0]
        raise ValueError(f"{where}: {item!r} is not a {_TYPE_NAMES.get(kind, kind.__name__)}")
    allowed = vocabulary(rule.vocabulary) if rule.vocabulary is not None else None
    if allowed is not None and item not in allowed:
        raise ValueError(f"{where}: {item!r} is not allowed; allowed values: {', '.join(map(str, allowed))}")
    if rule.pattern is not None and not rule.pattern.fullmatch(str(item)):
        raise ValueError(f"{where}: {item!r} must match {rule.pattern.pattern}")
    if rule.bounds is not None and isinstance(item, int | float) and not rule.bounds[0] <= item <= rule.bounds[1]:
        raise ValueError(f"{where}: {item!r} must be from {rule.bounds[0]} to {rule.bounds[1]}")


_TYPE_NAMES = {str: "string", int: "integer", float: "number", bool: "boolean", dict: "object", list: "list"}


def _nested(keys: dict[str, Value]) -> Callable[[str, Any], Any]:
    return lambda where, value: check_object(where, value, keys)


def _multipliers(key: Value) -> Callable[[str, Any], Any]:
    """A bid multiplier map: each key (an app type, an audience id, a placement) to a number 0-10."""

    def check(where: str, value: Any) -> None:
        if not isinstance(value, dict):
            raise ValueError(f"{where} must be an object")
        for name, number in value.items():
            _check_one(f"{where} key", name, key)
            _check_one(f"{where}.{name}", number, Value((int, float), bounds=(0, 10)))

    return check


_ID = Value(str, pattern=_DIGITS)
_IDS = Value(str, many=True, pattern=_DIGITS)

TARGETING_KEYS: dict[str, Value] = {
    "AGE_BUCKET": _list("age_buckets"),
    "APPTYPE": _list("app_types"),
    "AUDIENCE_EXCLUDE": _list(pattern=_DIGITS),
    "AUDIENCE_INCLUDE": _list(pattern=_DIGITS),
    "GENDER": _list("genders"),
    "GEO": _list(),
    "INTEREST": Value(str, many=True),
    "LOCALE": _list(),
    "LOCATION": _list(),
    "MAXIMUM_AGE": Value(str, pattern=re.compile(r"^\d+\+?$")),
    "MINIMUM_AGE": Value(str, pattern=_DIGITS),
    "SHOPPING_RETARGETING": Value(
        dict,
        many=True,
        nullable=True,
        inner=_nested(
            {
                "exclusion_window": Value(int),
                "lookback_window": Value(int),
                "tag_types": Value(int, many=True),
            }
        ),
    ),
    "TARGETING_STRATEGY": _list("targeting_strategies"),
}
TRACKING_KEYS: dict[str, Value] = {event: Value(str, many=True) for event in TRACKING_EVENTS}
GOAL_KEYS: dict[str, Value] = {
    "conversion_tag_v3_goal_metadata": Value(
        dict,
        inner=_nested(
            {
                "attribution_windows": Value(
                    dict,
                    inner=_nested({f"{kind}_window_days": Value(int) for kind in ("click", "engagement", "view")}),
                ),
                "conversion_event": Value(str, vocabulary="conversion_events"),
                "conversion_tag_id": _ID,
                "cpa_goal_value_in_micro_currency": _ID,
                "is_roas_optimized": Value(bool, nullable=True),
                "learning_mode_type": Value(str, vocabulary="learning_modes", nullable=True),
                "reporting_event": Value(str),
            }
        ),
    ),
    "frequency_goal_metadata": Value(
        dict,
        inner=_nested(
            {"frequency": Value(int, bounds=(2, 20)), "timerange": Value(str, vocabulary="frequency_timeranges")}
        ),
    ),
    "scrollup_goal_metadata": Value(
        dict, inner=_nested({"scrollup_goal_value_in_micro_currency": Value(str, pattern=_DIGITS, nullable=True)})
    ),
}
_QUIZ_RESULT = Value(
    dict,
    inner=_nested(
        {
            "result_id": Value((int, float)),
            "organic_pin_id": _ID,
            "destination_url": Value(str),
            "android_deep_link": Value(str),
            "ios_deep_link": Value(str),
        }
    ),
)
QUIZ_KEYS: dict[str, Value] = {
    "questions": Value(
        dict,
        many=True,
        inner=_nested(
            {
                "question_id": Value((int, float)),
                "question_text": Value(str),
                "options": Value(dict, many=True, inner=_nested({"id": Value((int, float)), "text": Value(str)})),
            }
        ),
    ),
    "results": Value(dict, many=True, inner=_QUIZ_RESULT.inner),
    "tie_breaker_type": Value(str, vocabulary="quiz_tie_breakers"),
    "tie_breaker_custom_result": _QUIZ_RESULT,
}
BID_OPTION_KEYS: dict[str, Value] = {
    "app_type_multipliers": Value(dict, inner=_multipliers(Value(str, vocabulary="app_types"))),
    "audience_multipliers": Value(dict, inner=_multipliers(Value(str, pattern=_DIGITS))),
    "placement_multipliers": Value(dict, inner=_multipliers(Value(str, vocabulary="placements"))),
}
BID_OPTION_UPDATE_KEYS: dict[str, Value] = {
    **BID_OPTION_KEYS,
    "update_mask": Value(str, many=True, vocabulary="bid_update_masks"),
}
AUDIENCE_RULE_KEYS: dict[str, Value] = {
    "ad_account_id": _ID,
    "ad_id": _IDS,
    "campaign_id": _IDS,
    "country": Value(str),
    "customer_list_id": _ID,
    "engagement_domain": Value(str, many=True),
    "engagement_type": Value(str),
    "engager_type": Value(int),
    "event": Value(str),
    "event_data": Value(dict),
    "event_source": Value(dict),
    "ingestion_source": Value(dict),
    "objective_type": Value(str, many=True, vocabulary="objective_types"),
    "percentage": Value(int),
    "pin_id": _IDS,
    "prefill": Value(bool),
    "retention_days": Value(int),
    "seed_id": _IDS,
    "url": Value(str, many=True),
    "visitor_source_id": _ID,
}


def checked(what: str, keys: dict[str, Value]) -> AfterValidator:
    """The validator of an argument holding one of these objects (`what` names it in errors)."""
    return AfterValidator(lambda value: check_object(what, value, keys))


def published(example: str | None = None) -> WithJsonSchema:
    """Its published schema: an object, with an example where the shape is not obvious.

    Without an example the schema says only "object": an error names the allowed keys at once.
    """
    return WithJsonSchema({"type": "object"} | ({"description": example} if example else {}))


_TARGETING_EXAMPLE = 'e.g. {"GEO":["US"],"AGE_BUCKET":["25-34"],"GENDER":["female"]}'
_GOAL_EXAMPLE = (
    'WEB_CONVERSION: {"conversion_tag_v3_goal_metadata":{"conversion_tag_id":"1","conversion_event":"LEAD"}}'
)
_QUIZ_EXAMPLE = 'QUIZ ads: {"questions":[{"question_id","question_text","options":[{"id","text"}]}],"results":[...]}'
_RULE_EXAMPLE = 'e.g. {"customer_list_id":"123"} or {"visitor_source_id":"45","retention_days":30}'

TargetingSpec = Annotated[
    dict[str, Any], Shallow, checked("targeting_spec", TARGETING_KEYS), published(_TARGETING_EXAMPLE)
]
TrackingUrls = Annotated[dict[str, Any], Shallow, checked("tracking_urls", TRACKING_KEYS), published()]
OptimizationGoal = Annotated[
    dict[str, Any], Shallow, checked("optimization_goal_metadata", GOAL_KEYS), published(_GOAL_EXAMPLE)
]
BidOptions = Annotated[dict[str, Any], Shallow, checked("bid_options", BID_OPTION_KEYS), published()]
BidOptionsUpdate = Annotated[dict[str, Any], Shallow, checked("bid_options", BID_OPTION_UPDATE_KEYS), published()]
QuizPinData = Annotated[dict[str, Any], Shallow, checked("quiz_pin_data", QUIZ_KEYS), published(_QUIZ_EXAMPLE)]
AudienceRule = Annotated[dict[str, Any], Shallow, checked("rule", AUDIENCE_RULE_KEYS), published(_RULE_EXAMPLE)]


def _cta_type(value: str) -> str:
    return Vocabulary("call to action", frozenset(vocabulary("cta_types"))).check(value)


CtaType = Annotated[str, AfterValidator(_cta_type), Field(description="e.g. SHOP_NOW")]
"""A free string in the schema (29 values would cost every `tools/list`), checked against the spec's enum."""
