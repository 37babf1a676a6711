"""Write the facts of Pinterest's OpenAPI description that the project builds on: structure, no prose.

The server derives each operation's method, path, scopes and rate-limit category from these facts,
and the tests check every tool and every emulator response against them, so neither needs the
spec itself at run time. Run it again when Pinterest publishes a new version of the spec; a test
(with PINTEREST_OPENAPI_SPEC set) fails while the committed files differ from what it writes.

    python scripts/spec_facts.py [OPENAPI_JSON] [--out DIR]

Four files, split by use so the server's cold start reads only the small one:
- `operations.json`: per operationId, the method, path, OAuth scopes, rate-limit category and
  sandbox flag (what `Operation` records derive from);
- `parameters.json`: per operationId, its path and query parameters with their schemas' `$ref`s
  inlined (what a record's derived input model is built from, when the records are built);
- `vocabularies.json`: the enums the input models and the emulator check values against, by the
  names in `VOCABULARIES` (read on the first check, not at start);
- `schemas.json`: per operationId, the parameters, request body and responses, and the component
  schemas they `$ref` (what the conformance and emulator tests check against).

Only structure is carried over: names, types, enums, limits, required-ness, nullability, formats,
defaults, composition and discriminators. Descriptions, summaries, titles and examples are Pinterest's
prose and stay out; a keyword this script does not know stops it, so a new one is a decision, not
a leak.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pinterest_mcp.spec.facts import resolve

Json = dict[str, Any]

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = REPO.parent / "shared" / "pinterest-openapi" / "openapi.json"
DEFAULT_OUT = REPO / "src" / "pinterest_mcp" / "spec"
METHODS = ("get", "post", "put", "patch", "delete")

# Schema Object keywords whose values are facts, kept as they are.
SCHEMA_FACTS = frozenset(
    {
        "$ref",
        "type",
        "format",
        "enum",
        "default",
        "nullable",
        "readOnly",
        "writeOnly",
        "deprecated",
        "required",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
    }
)
PROSE = frozenset({"description", "summary", "title", "example", "examples", "externalDocs", "tags", "x-codeSamples"})
# Schema Object keywords that hold sub-schemas: walked, their prose dropped in turn.
STRUCTURAL = frozenset(
    {"properties", "items", "not", "additionalProperties", "allOf", "oneOf", "anyOf", "discriminator"}
)
PARAMETER_FACTS = frozenset({"name", "in", "required", "style", "explode", "deprecated", "allowEmptyValue"})

# The enums the project checks values against, by the name the code asks `facts.vocabulary` for.
# Where: a component schema's name, then property names down to the enum ("AdGroupCommon/pacing"),
# or "operationId?parameter" for an enum declared inline on a parameter. Array items are followed.
VOCABULARIES: dict[str, str] = {
    # Report and analytics columns, checked by the input models but too long to publish (~19 KB).
    "sync_columns": "ad_account/analytics?columns",
    "async_columns": "ReportingColumnAsync",
    "mmm_columns": "MMMReportingColumn",
    "conversion_product_columns": "ConversionProductReportingColumn",
    "report_levels": "MetricsReportingLevel",
    "report_targeting_types": "TargetingTypeFilter/targeting_types",
    "advertiser_countries": "TargetingAdvertiserCountry",
    # Sales promotions and catalog items' bids: long enums a schema would pay for on every turn.
    "promotion_types": "PromotionType",
    "item_languages": "Language",
    "mmm_levels": "CreateMMMReportRequest/level",
    "mmm_granularities": "CreateMMMReportRequest/granularity",
    "mmm_targeting_types": "MMMReportingTargetingType",
    "conversion_product_levels": "ConversionProductReportRequest/level",
    "conversion_product_granularities": "ConversionProductReportRequest/granularity",
    "conversion_product_breakdowns": "ConversionProductReportRequest/conversion_product_breakdown",
    "conversion_product_attribution_types": "ConversionProductReportRequest/conversion_product_attribution_type",
    # Ads writes and the targeting spec, as the emulator validates request bodies.
    "objective_types": "ObjectiveType",
    "billable_events": "ActionType",
    "budget_types": "BudgetType",
    "bid_strategies": "AdGroupCommon/bid_strategy_type",
    "pacing_types": "PacingDeliveryType",
    "placement_groups": "PlacementGroupType",
    "promotion_levels": "AdGroupCommon/promotion_application_level",
    "grid_click_types": "GridClickType",
    "disclosure_types": "DisclosureType",
    "cta_types": "CustomizableCTAType",
    "age_buckets": "TargetingSpecAgeBucket",
    "app_types": "TargetingSpecAppType",
    "genders": "TargetingSpecGender",
    "targeting_strategies": "TargetingSpec/TARGETING_STRATEGY",
    "conversion_events": "OptimizationGoalMetadata/conversion_tag_v3_goal_metadata/conversion_event",
    "learning_modes": "OptimizationGoalMetadata/conversion_tag_v3_goal_metadata/learning_mode_type",
    "frequency_timeranges": "OptimizationGoalMetadata/frequency_goal_metadata/timerange",
    "placements": "PlacementMultipliers/PLACEMENT",
    "bid_update_masks": "CampaignBidOptionsUpdate/update_mask",
    "match_types": "MatchType",
    "targeting_option_types": "targeting_options/get?targeting_type",
    "entity_statuses": "EntityStatus",
    "creative_types": "CreativeType",
    "lead_form_question_types": "LeadFormQuestionType",
    "orders": "Pinterest.Lib.PaginationOrder",
    # Trends: Pinterest's product categories (about 300), checked but too long to publish.
    "product_categories": "ProductCategoryEnum",
    # Catalogs: a feed's country and language, checked but too long to publish.
    "catalog_countries": "Country",
    "catalog_locales": "CatalogsLocale",
    # New ad accounts and bid floors: the currencies and countries Pinterest takes.
    "currencies": "Currency",
    "countries": "Country",
    # Quiz ads, and the filters and options of an async ads report.
    "quiz_tie_breakers": "QuizPinData/tie_breaker_type",
    "report_attribution_types": "ConversionReportAttributionType",
    "conversion_report_times": "ConversionReportTimeType",
    "entity_summary_statuses": "CampaignSummaryStatus",
    "ad_summary_statuses": "PinPromotionSummaryStatus",
    "product_group_summary_statuses": "ProductGroupSummaryStatus",
    "metrics_filter_columns": "AdsAnalyticsFilterColumn",
    "metrics_filter_operators": "AdsAnalyticsFilterOperator",
    "reporting_timezones": "ReportingTimeZone",
    "report_sorts": "AdsAnalyticsCreateAsyncRequest/primary_sort",
    "customer_list_types": "UserListType",
    "collection_header_types": "ProductGroupPromotion/collections_header_type",
    "promotion_cta_types": "ProductGroupPromotion/customizable_cta_type",
    "preferred_media_types": "ProductGroupPromotion/preferred_media_type",
    "sizing_creative_types": "AdGroupAudienceSizingRequest/creative_types",
    "custom_event_metrics": "AdsAnalyticsCreateAsyncRequest/custom_conversion_event_metrics/custom_event_metrics_type",
    # Business Access: what a member or partner may do on an asset, checked but not worth publishing per tool.
    "business_permissions": "Permissions",
    "catalog_currencies": "NullableCurrency",
    "catalog_item_issues": "CatalogsItemValidationIssue",
}


class UnknownKeyword(ValueError):
    """The spec uses a keyword this script has not classified as fact or prose."""


def _check_known(node: Json, known: frozenset[str], where: str) -> None:
    unknown = sorted(set(node) - known - PROSE)
    if unknown:
        raise UnknownKeyword(f"{where}: unclassified keyword(s) {unknown}; add each to the facts or to PROSE")


def schema(node: Json, where: str) -> Json:
    """A Schema Object without its prose, its sub-schemas likewise; `$ref`s stay refs."""
    _check_known(node, SCHEMA_FACTS | STRUCTURAL, where)
    out: Json = {key: value for key, value in node.items() if key in SCHEMA_FACTS}
    if "properties" in node:
        out["properties"] = {name: schema(sub, f"{where}.{name}") for name, sub in node["properties"].items()}
    for key in ("items", "not"):
        if key in node:
            out[key] = schema(node[key], f"{where}/{key}")
    extra = node.get("additionalProperties")
    if extra is not None:
        out["additionalProperties"] = extra if isinstance(extra, bool) else schema(extra, f"{where}/additional")
    for key in ("allOf", "oneOf", "anyOf"):
        if key in node:
            out[key] = [schema(sub, f"{where}/{key}[{n}]") for n, sub in enumerate(node[key])]
    if "discriminator" in node:
        _check_known(node["discriminator"], frozenset({"propertyName", "mapping"}), f"{where}/discriminator")
        out["discriminator"] = dict(node["discriminator"])
    return out


def _content(spec: Json, content: Json, where: str) -> Json:
    """Media type → schema (the Media Type Object's only fact here)."""
    out: Json = {}
    for media_type, media in content.items():
        _check_known(media, frozenset({"schema"}), f"{where} {media_type}")
        out[media_type] = schema(media.get("schema", {}), f"{where} {media_type}")
    return out


def _parameters(spec: Json, operation: Json, where: str) -> Json:
    """Parameters by name, `$ref`s to components/parameters resolved (each operation stands alone)."""
    out: Json = {}
    for ref in operation.get("parameters", []):
        param = resolve(spec, ref)
        _check_known(param, PARAMETER_FACTS | {"schema"}, f"{where} parameter")
        name = param["name"]
        if name in out:
            raise ValueError(f"{where}: parameter {name!r} appears twice")
        facts = {key: value for key, value in param.items() if key in PARAMETER_FACTS - {"name"}}
        out[name] = {**facts, "schema": schema(param.get("schema", {}), f"{where} {name}")}
    return out


def _operation(spec: Json, method: str, path: str, operation: Json) -> tuple[Json, Json]:
    """The runtime facts and the structural facts of one operation."""
    where = f"{method.upper()} {path}"
    known = {"operationId", "parameters", "requestBody", "responses", "security", "deprecated"}
    _check_known(operation, frozenset(known | {"x-ratelimit-category", "x-sandbox"}), where)
    sandbox = operation["x-sandbox"]
    if sandbox not in ("enabled", "disabled"):
        raise ValueError(f"{where}: x-sandbox is {sandbox!r}, not enabled/disabled")
    oauth = [req["pinterest_oauth2"] for req in operation["security"] if "pinterest_oauth2" in req]
    runtime: Json = {
        "method": method.upper(),
        "path": path,
        "rate_limit": operation["x-ratelimit-category"],
        "sandbox": sandbox == "enabled",
        "scopes": sorted(oauth[0]) if oauth else [],
    }
    structure: Json = {
        "parameters": _parameters(spec, operation, where),
        "responses": {},
        "security": operation["security"],
    }
    if operation.get("deprecated"):
        structure["deprecated"] = True
    if "requestBody" in operation:
        body = resolve(spec, operation["requestBody"])
        _check_known(body, frozenset({"required", "content"}), f"{where} requestBody")
        structure["request_body"] = {
            "required": body.get("required", False),
            "content": _content(spec, body["content"], f"{where} requestBody"),
        }
    for status, ref in operation["responses"].items():
        response = resolve(spec, ref)
        _check_known(response, frozenset({"content"}), f"{where} {status}")
        structure["responses"][status] = _content(spec, response.get("content", {}), f"{where} {status}")
    return runtime, structure


def _security_schemes(spec: Json) -> Json:
    """The schemes' types and flows; an OAuth flow's scopes by name (their descriptions are prose)."""
    out: Json = {}
    for name, scheme in spec["components"]["securitySchemes"].items():
        _check_known(scheme, frozenset({"type", "scheme", "flows", "in", "bearerFormat"}), f"securityScheme {name}")
        facts = {key: value for key, value in scheme.items() if key not in PROSE | {"flows"}}
        if "flows" in scheme:
            facts["flows"] = {
                flow: {**{k: v for k, v in spec_flow.items() if k != "scopes"}, "scopes": sorted(spec_flow["scopes"])}
                for flow, spec_flow in scheme["flows"].items()
            }
        out[name] = facts
    return out


def _property(spec: Json, node: Json, name: str, where: str) -> Json:
    """A named property of an object schema (or of an array's items), looked for in its `properties` and its
    `allOf` branches."""
    node = resolve(spec, node)
    if "items" in node:
        return _property(spec, node["items"], name, where)
    if name in node.get("properties", {}):
        found: Json = node["properties"][name]
        return found
    for branch in node.get("allOf", []):
        try:
            return _property(spec, branch, name, where)
        except KeyError:
            continue
    raise KeyError(f"{where}: no property {name!r}")


def _enum(spec: Json, node: Json, where: str) -> list[str]:
    """The enum of a schema, of its array items, or of its one `allOf` branch; null is left out (that is `nullable`)."""
    node = resolve(spec, node)
    if "enum" in node:
        return [value for value in node["enum"] if value is not None]
    if "items" in node:
        return _enum(spec, node["items"], where)
    branches = node.get("allOf", [])
    if len(branches) == 1:
        return _enum(spec, branches[0], where)
    raise ValueError(f"{where}: no enum there; point VOCABULARIES at the enum itself")


def vocabulary(spec: Json, where: str) -> list[str]:
    """The values of the enum at `where` (a `VOCABULARIES` locator), in the spec's order."""
    operation_id, _, rest = where.rpartition("?")
    first, *steps = rest.split("/")
    if operation_id:
        (operation,) = [
            item[method]
            for item in spec["paths"].values()
            for method in METHODS
            if method in item and item[method]["operationId"] == operation_id
        ]
        params = [resolve(spec, ref) for ref in operation.get("parameters", [])]
        (node,) = [param["schema"] for param in params if param["name"] == first]
    else:
        node = spec["components"]["schemas"][first]
    for step in steps:
        node = _property(spec, node, step, where)
    values = _enum(spec, node, where)
    if len(set(values)) != len(values):
        raise ValueError(f"{where}: the enum repeats a value")
    return values


def _inline(schemas: Json, node: Any) -> Any:
    """A cleaned schema with every `$ref` to a component replaced by (a copy of) the component."""
    if isinstance(node, list):
        return [_inline(schemas, item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _inline(schemas, schemas[node["$ref"].rpartition("/")[2]])
    return {key: _inline(schemas, value) for key, value in node.items()}


def _request_parameters(structure: Json, schemas: Json) -> Json:
    """Per operationId, its path and query parameters, schemas inlined; operations without any left out."""
    out: Json = {}
    for operation_id, facts in structure.items():
        params = {
            name: {**param, "schema": _inline(schemas, param["schema"])}
            for name, param in facts["parameters"].items()
            if param["in"] in ("path", "query")
        }
        if params:
            out[operation_id] = params
    return out


def generate(spec: Json) -> dict[str, Json]:
    """File name → content: the runtime facts and the structural facts of every operation in the spec."""
    runtime: Json = {}
    structure: Json = {}
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            operation_id = item[method]["operationId"]
            if operation_id in runtime:
                raise ValueError(f"operationId {operation_id!r} is declared twice")
            runtime[operation_id], structure[operation_id] = _operation(spec, method, path, item[method])
    schemas = {name: schema(node, name) for name, node in spec["components"]["schemas"].items()}
    version = spec["info"]["version"]
    return {
        "operations.json": {"spec_version": version, "operations": runtime},
        "parameters.json": {"spec_version": version, "operations": _request_parameters(structure, schemas)},
        "vocabularies.json": {
            "spec_version": version,
            "vocabularies": {
                name: {"from": where, "values": vocabulary(spec, where)} for name, where in VOCABULARIES.items()
            },
        },
        "schemas.json": {
            "spec_version": version,
            "operations": structure,
            "components": {"schemas": schemas, "securitySchemes": _security_schemes(spec)},
        },
    }


def render(document: Json, depth: int) -> str:
    """Deterministic JSON: sorted keys; objects spread one entry a line down to `depth`, compact below.

    One line per operation and per schema keeps diffs of a new spec version readable.
    """

    def compact(value: Any) -> str:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def spread(value: Any, level: int) -> str:
        if level == depth or not isinstance(value, dict) or not value:
            return compact(value)
        pad = " " * (level + 1)
        entries = ",\n".join(f"{pad}{compact(key)}: {spread(value[key], level + 1)}" for key in sorted(value))
        return "{\n" + entries + "\n" + " " * level + "}"

    return spread(document, 0) + "\n"


DEPTHS = {"operations.json": 2, "parameters.json": 2, "vocabularies.json": 2, "schemas.json": 3}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("spec", nargs="?", type=Path, default=DEFAULT_SPEC, help="Pinterest's openapi.json")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="directory for the facts files")
    args = parser.parse_args(argv)
    spec = json.loads(args.spec.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    for name, document in generate(spec).items():
        target = args.out / name
        target.write_text(render(document, DEPTHS[name]), encoding="utf-8")
        print(f"{target}: {target.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
