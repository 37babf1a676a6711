"""Asynchronous ads reports: ``analytics/create_report``, ``analytics/get_report`` and the download.

A report is computed when it is created (from the same simulation as the sync routes, so its
numbers equal theirs) and kept in a per-emulator ``ReportBook``. Its status moves on two
deterministic clocks, never on real waiting:

- **polls**: the first ``get_report`` after creation answers IN_PROGRESS, the next ones FINISHED
  (``POLLS_TO_FINISH``), unless the emulator's ``clock`` has already moved ``SECONDS_TO_FINISH``
  past creation;
- **time**: ``REPORT_LIFETIME`` (one hour, as Pinterest documents) after creation the report is
  EXPIRED; each FINISHED answer issues a download link valid for ``LINK_LIFETIME`` (five minutes).

Tests advance time by constructing the ``Emulator`` with an injectable ``clock``. The link points
at the emulator itself, outside ``/v5`` (``DOWNLOAD_PREFIX``), and like Pinterest's pre-signed
links needs no bearer token; an expired or unknown link answers 403 or 404 in plain text, as an
object store does. An unknown token, or another ad account's, answers DOES_NOT_EXIST.

The file is JSON by default (an object mapping each entity id to its rows) or CSV with
``report_format: "CSV"`` (a header row, then one line per row; unmodelled columns stay empty).
Filters apply as Pinterest describes them: ids, statuses, objectives, a campaign's BRAND label
(``campaign_brand_label``) and ``metrics_filters`` (an entity is kept when its spend or impressions
over the report's dates are below or above every value given). Levels the emulator has no
delivery for (KEYWORD, PRODUCT_GROUP*, PRODUCT_ITEM*) give an empty report.

The same book holds the other asynchronous reports (``report_templates``, ``mmm_reports``,
``product_reports``); each report keeps the ``kind`` of its create operation, and only that kind's
get operation knows its token (``get_report`` serves ads and template reports).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds.resources import AD_ACCOUNTS
from pinterest_mcp.emulator.sim.analytics import (
    ATTRIBUTION_WINDOWS,
    CONVERSION_REPORT_TIMES,
    GRANULARITIES,
    REPORTING_TIMEZONES,
    ReportQuery,
    Simulator,
    Subject,
    attributes,
    uniforms,
)
from pinterest_mcp.emulator.sim.targeting_analytics import TargetingBreakdown
from pinterest_mcp.spec.facts import vocabulary

DOWNLOAD_PREFIX = "/downloads/reports"
POLLS_TO_FINISH = 2
SECONDS_TO_FINISH = 30
REPORT_LIFETIME = 3600
LINK_LIFETIME = 300
ENTITY_SUMMARY_STATUSES = (
    "RUNNING", "PAUSED", "NOT_STARTED", "COMPLETED", "ADVERTISER_DISABLED", "ARCHIVED", "DRAFT", "DELETED_DRAFT",
)  # fmt: skip
AD_SUMMARY_STATUSES = (
    "APPROVED", "PAUSED", "PENDING", "REJECTED", "ADVERTISER_DISABLED", "ARCHIVED", "DRAFT", "DELETED_DRAFT",
)  # fmt: skip
FORMATS = ("JSON", "CSV")
MAX_IDS = 500
# (days back from today, days of span) per case, from the operation's description.
WINDOWS = {"HOUR": (8, 3), "PRODUCT_ITEM": (92, 31), "DEFAULT": (914, 186)}
# The summary status each of the emulator's stored statuses reports as.
_SUMMARY = {"ACTIVE": "RUNNING", "PAUSED": "PAUSED", "ARCHIVED": "ARCHIVED"}
_ID_KEYS = {
    "ADVERTISER": "ADVERTISER_ID",
    "CAMPAIGN": "CAMPAIGN_ID",
    "AD_GROUP": "AD_GROUP_ID",
    "PIN_PROMOTION": "PIN_PROMOTION_ID",
    "KEYWORD": "KEYWORD_ID",
    "PRODUCT_GROUP": "PRODUCT_GROUP_ID",
    "PRODUCT_ITEM": "PRODUCT_ITEM_ID",
}


@cache
def async_columns() -> frozenset[str]:
    """The spec's ``ReportingColumnAsync`` enum (613 names) as a set, read once from the committed facts."""
    return frozenset(vocabulary("async_columns"))


@dataclass
class Report:
    """One created report: its file (computed at creation), when it was made and how often it was polled."""

    token: str
    ad_account_id: str
    created_at: float
    extension: str
    content: bytes
    kind: str = "ads"
    polls: int = 0
    links: set[int] = field(default_factory=set)

    def status(self, now: float) -> str:
        """Where the report is in its lifecycle at ``now`` (polls counted so far)."""
        if now >= self.created_at + REPORT_LIFETIME:
            return "EXPIRED"
        if self.polls >= POLLS_TO_FINISH or now >= self.created_at + SECONDS_TO_FINISH:
            return "FINISHED"
        return "IN_PROGRESS"


@dataclass
class ReportBook:
    """Every report one emulator has created, by token."""

    reports: dict[str, Report] = field(default_factory=dict)

    def new_token(self, seed: int, ad_account_id: str) -> str:
        """A seed-stable, unguessable-looking token (Pinterest's are opaque strings)."""
        u = uniforms(seed, "report", ad_account_id, len(self.reports))
        return "".join(f"{int(x * 65_536):04x}" for x in u[:8])


def book_of(request: Request) -> ReportBook:
    """The emulator's report book, made on first use."""
    state = request.app.state
    if not hasattr(state, "reports"):
        state.reports = ReportBook()
    book: ReportBook = state.reports
    return book


async def json_body(request: Request) -> dict[str, Any]:
    """A create operation's JSON object body (Pinterest refuses query parameters on these)."""
    if request.query_params:
        raise invalid("Invalid parameters: this endpoint takes a JSON body, not URL query parameters.")
    try:
        body = json.loads(await request.body() or b"null")
    except ValueError:
        raise invalid("Invalid request body: it must be a JSON object.") from None
    if not isinstance(body, dict):
        raise invalid("Invalid request body: it must be a JSON object.")
    return body


def issue(request: Request, account: Entity, content: bytes, extension: str, kind: str = "ads") -> str:
    """File a computed report in the emulator's book and return its new token."""
    book = book_of(request)
    token = book.new_token(lookup.seed_of(request), account["id"])
    book.reports[token] = Report(token, account["id"], float(request.app.state.clock()), extension, content, kind)
    return token


def report_file(request: Request, account: Entity, spec: ReportSpec) -> tuple[bytes, str]:
    """The file of a validated report: its bytes and extension (``json`` or ``csv``)."""
    store, seed, today = lookup.store_of(request), lookup.seed_of(request), lookup.today_of(request)
    rows = report_rows(store, seed, today, account, spec)
    content = csv_file(rows, spec) if spec.report_format == "CSV" else _json(rows, spec)
    return content, spec.report_format.lower()


def poll_answer(request: Request, kind: str) -> dict[str, Any]:
    """What a get operation answers for ``?token=``: the status, and a fresh link once FINISHED.

    A token of another ad account or of another kind of report does not exist for this operation.
    """
    account = AD_ACCOUNTS.locate(request)[1]
    token = str(lookup.query_of(request).text("token"))
    report = book_of(request).reports.get(token)
    if report is None or report.ad_account_id != account["id"] or report.kind != kind:
        return {"report_status": "DOES_NOT_EXIST", "url": None, "size": None}
    now = float(request.app.state.clock())
    report.polls += 1
    status = report.status(now)
    if status != "FINISHED":
        return {"report_status": status, "url": None, "size": None}
    expires = int(now) + LINK_LIFETIME
    report.links.add(expires)
    base = str(request.base_url).rstrip("/")
    link = f"{base}{DOWNLOAD_PREFIX}/{token}.{report.extension}?expires={expires}"
    return {"report_status": "FINISHED", "url": link, "size": len(report.content)}


async def create_report(request: Request) -> JSONResponse:
    """``POST /ad_accounts/{id}/reports``: validate the JSON body, compute the file, answer a token."""
    account = AD_ACCOUNTS.locate(request)[1]
    body = await json_body(request)
    spec = parse(body, lookup.today_of(request))
    token = issue(request, account, *report_file(request, account, spec))
    return JSONResponse({"token": token, "report_status": "IN_PROGRESS", "message": None})


async def get_report(request: Request) -> JSONResponse:
    """``GET /ad_accounts/{id}/reports?token=``: an ads or template report's status and link."""
    return JSONResponse(poll_answer(request, "ads"))


async def download_report(request: Request) -> Response:
    """The file behind a FINISHED report's link, while both the link and the report are live."""
    token, _, extension = request.path_params["name"].partition(".")
    report = book_of(request).reports.get(token)
    if report is None or report.extension != extension:
        return PlainTextResponse("NoSuchKey: the specified key does not exist.", status_code=404)
    now = float(request.app.state.clock())
    raw = request.query_params.get("expires", "")
    expires = int(raw) if raw.isdigit() else -1
    if expires not in report.links or now >= expires or report.status(now) == "EXPIRED":
        return PlainTextResponse("AccessDenied: Request has expired.", status_code=403)
    media_type = "text/csv" if extension == "csv" else "application/json"
    return Response(report.content, media_type=media_type)


@dataclass(frozen=True)
class ReportSpec:
    """A validated create_report body: the sync query plus level, filters and output format."""

    query: ReportQuery
    level: str
    targeting_types: list[str]
    filters: dict[str, list[str]]
    report_format: str
    metrics_filters: tuple[tuple[str, str, tuple[float, ...]], ...] = ()
    brand_label: str | None = None


def parse(body: dict[str, Any], today: date, *, check_dates: bool = True) -> ReportSpec:
    """Validate a create_report body as Pinterest does; ``check_dates=False`` leaves the date limits to the caller.

    Template reports are checked through it too, under the template operation's own date limits.
    """
    for name in ("start_date", "end_date", "granularity", "level", "columns"):
        if name not in body:
            raise invalid(f"Missing required parameter: {name}.")
    start, end = body_date(body, "start_date"), body_date(body, "end_date")
    granularity = body_choice(body, "granularity", GRANULARITIES)
    level = body_choice(body, "level", vocabulary("report_levels"))
    columns = body_list(body, "columns", async_columns(), max_items=len(async_columns()))
    if not columns:
        raise invalid("Invalid columns: at least one column is required.")
    windows = {
        name: body_choice(body, name, ATTRIBUTION_WINDOWS, default)
        for name, default in (("click_window_days", 30), ("engagement_window_days", 30), ("view_window_days", 1))
    }
    body_choice(body, "conversion_report_time", CONVERSION_REPORT_TIMES, "TIME_OF_AD_ACTION")
    body_choice(body, "reporting_timezone", REPORTING_TIMEZONES, "PINTEREST_TIME_ZONE")
    body_choice(body, "primary_sort", ("BY_ID", "BY_DATE"), "BY_ID")
    report_format = str(body_choice(body, "report_format", FORMATS, "JSON"))
    for hour in ("start_hour", "end_hour"):
        if hour in body and (not isinstance(body[hour], int) or not 0 <= body[hour] <= 23):
            raise invalid(f"Invalid {hour}: it must be an integer from 0 to 23.")
    filters: dict[str, list[str]] = {}
    for name in ("campaign_ids", "ad_group_ids", "ad_ids", "product_group_ids", "product_item_ids"):
        filters[name] = body_ids(body, name)
    for name, allowed in (
        ("campaign_statuses", ENTITY_SUMMARY_STATUSES),
        ("ad_group_statuses", ENTITY_SUMMARY_STATUSES),
        ("ad_statuses", AD_SUMMARY_STATUSES),
    ):
        filters[name] = body_list(body, name, allowed, max_items=6)
    filters["campaign_objective_types"] = body_list(
        body, "campaign_objective_types", vocabulary("objective_types"), max_items=7
    )
    targeting_types = body_list(body, "targeting_types", vocabulary("report_targeting_types"), max_items=5)
    if targeting_types and not level.endswith("_TARGETING"):
        raise invalid(f"Invalid targeting_types: they need a *_TARGETING level, not {level}.")
    if level.endswith("_TARGETING") and not targeting_types:
        raise invalid(f"Missing required parameter: targeting_types (level {level} breaks metrics down by them).")
    if level.startswith("PRODUCT_ITEM") and (filters["ad_ids"] or filters["ad_statuses"]):
        raise invalid("Invalid parameters: ad_ids and ad_statuses are not allowed with level PRODUCT_ITEM.")
    if check_dates:
        _window(start, end, granularity, level, today)
    query = ReportQuery(
        start=start,
        end=end,
        granularity=granularity,
        columns=columns,
        click_window_days=int(windows["click_window_days"]),
        view_window_days=int(windows["view_window_days"]),
    )
    metrics = tuple(
        (item["field"], item["operator"], tuple(item["values"])) for item in body.get("metrics_filters") or ()
    )
    return ReportSpec(query, level, targeting_types, filters, report_format, metrics, body.get("campaign_brand_label"))


def _window(start: date, end: date, granularity: str, level: str, today: date) -> None:
    """Pinterest's async windows: 914 days back and 186 long; HOUR 8 and 3; PRODUCT_ITEM 92 and 31."""
    if end < start:
        raise invalid("Invalid end_date: it must not be before start_date.")
    case = "HOUR" if granularity == "HOUR" else "PRODUCT_ITEM" if level.startswith("PRODUCT_ITEM") else "DEFAULT"
    back, span = WINDOWS[case]
    what = f"granularity {granularity}" if case != "PRODUCT_ITEM" else f"level {level}"
    if start < today - timedelta(days=back):
        raise invalid(
            f"Invalid start_date: with {what} it cannot be more than {back} days before today "
            f"({today.isoformat()} UTC)."
        )
    if (end - start).days > span:
        raise invalid(f"Invalid end_date: with {what} it can be at most {span} days after start_date.")


def body_date(body: dict[str, Any], name: str) -> date:
    raw = body[name]
    try:
        if not isinstance(raw, str) or len(raw) != 10:
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise invalid(f"Invalid {name}: {raw!r} must be a date in YYYY-MM-DD format.") from None


def body_choice(body: dict[str, Any], name: str, allowed: tuple[Any, ...], default: Any = None) -> Any:
    value = body.get(name, default)
    if value not in allowed or isinstance(value, bool):
        raise invalid(f"Invalid {name}: {value!r} is not one of {', '.join(map(str, allowed))}.")
    return value


def body_list(
    body: dict[str, Any], name: str, allowed: frozenset[str] | tuple[str, ...], *, max_items: int
) -> list[str]:
    value = body.get(name, [])
    if not isinstance(value, list) or (name in body and not value):
        raise invalid(f"Invalid {name}: it must be a non-empty list.")
    if len(value) > max_items:
        raise invalid(f"Invalid {name}: at most {max_items} values are allowed.")
    for item in value:
        if item not in allowed:
            shown = f"the {len(allowed)} values the API documents" if len(allowed) > 20 else ", ".join(allowed)
            raise invalid(f"Invalid {name}: {item!r} is not one of {shown}.")
    return [str(item) for item in value]


def body_ids(body: dict[str, Any], name: str) -> list[str]:
    value = body.get(name, [])
    if not isinstance(value, list) or (name in body and not value):
        raise invalid(f"Invalid {name}: it must be a non-empty list of ids.")
    if len(value) > MAX_IDS:
        raise invalid(f"Invalid {name}: at most {MAX_IDS} ids are allowed.")
    for item in value:
        if not isinstance(item, str) or not item.isdigit():
            raise invalid(f"Invalid {name}: {item!r} must be a numeric id.")
    return list(value)


def _keep(entity: Entity, ids: list[str], statuses: list[str], status_of: dict[str, str]) -> bool:
    status = status_of.get(entity["status"], entity["status"])
    return (not ids or entity["id"] in ids) and (not statuses or status in statuses)


def _brand_labels(store: Store, campaign_id: str) -> set[str]:
    """The values of a campaign's BRAND labels (``create_labels``)."""
    labels = store.collection("labels").values()
    return {x["value"] for x in labels if x.get("parent_id") == campaign_id and x.get("label_type") == "BRAND"}


_FILTER_COLUMNS = {"SPEND_IN_DOLLAR": "SPEND_IN_DOLLAR", "TOTAL_IMPRESSION": "TOTAL_IMPRESSION"}


def _passes(store: Store, seed: int, today: date, spec: ReportSpec, subject: Subject) -> bool:
    """Whether the subject's totals over the report's dates meet every ``metrics_filters`` condition."""
    query = replace(spec.query, granularity="TOTAL", columns=list(_FILTER_COLUMNS))
    totals: dict[str, Any] = {}
    for row in Simulator(store, seed, today, query).report([subject]):
        totals = row
    for column, operator, values in spec.metrics_filters:
        value = float(totals.get(_FILTER_COLUMNS[column]) or 0)
        if not all(value < v if operator == "LESS_THAN" else value > v for v in values):
            return False
    return True


def report_rows(store: Store, seed: int, today: date, account: Entity, spec: ReportSpec) -> list[dict[str, Any]]:
    """The report's rows: per entity of the level (and targeting value), per date bucket."""
    f = spec.filters
    ads = []
    for ad in store.ads_of(account["id"]):
        campaign, group = store.campaigns[ad["campaign_id"]], store.ad_groups[ad["ad_group_id"]]
        ad_status = {"ACTIVE": "APPROVED"} if ad["review_status"] == "APPROVED" else {"ACTIVE": "PENDING"}
        if (
            _keep(campaign, f["campaign_ids"], f["campaign_statuses"], _SUMMARY)
            and (not f["campaign_objective_types"] or campaign["objective_type"] in f["campaign_objective_types"])
            and _keep(group, f["ad_group_ids"], f["ad_group_statuses"], _SUMMARY)
            and _keep(ad, f["ad_ids"], f["ad_statuses"], ad_status)
            and (spec.brand_label is None or spec.brand_label in _brand_labels(store, campaign["id"]))
        ):
            ads.append(ad)
    base = spec.level.removesuffix("_TARGETING")
    subjects = subjects_of(store, account, base, ads)
    simulator = Simulator(store, seed, today, spec.query)
    if spec.metrics_filters:
        subjects = [s for s in subjects if _passes(store, seed, today, spec, s)]
    if not spec.level.endswith("_TARGETING"):
        return simulator.report(subjects)
    breakdown = TargetingBreakdown(simulator, store, seed)
    return [
        {**row["metrics"], "TARGETING_TYPE": row["targeting_type"], "TARGETING_VALUE": row["targeting_value"]}
        for row in breakdown.rows(subjects, spec.targeting_types)
    ]


def subjects_of(store: Store, account: Entity, level: str, ads: list[Entity]) -> list[Subject]:
    account_id = account["id"]
    if level == "ADVERTISER":
        return [Subject("ADVERTISER_ID", account_id, attributes(store, account_id), ads)] if ads else []
    if level == "CAMPAIGN":
        campaigns = dict.fromkeys(ad["campaign_id"] for ad in ads)
        return [
            Subject(
                "CAMPAIGN_ID",
                campaign_id,
                attributes(store, account_id, store.campaigns[campaign_id]),
                [ad for ad in ads if ad["campaign_id"] == campaign_id],
            )
            for campaign_id in campaigns
        ]
    if level == "AD_GROUP":
        groups = dict.fromkeys(ad["ad_group_id"] for ad in ads)
        return [
            Subject(
                "AD_GROUP_ID",
                group_id,
                attributes(
                    store,
                    account_id,
                    store.campaigns[store.ad_groups[group_id]["campaign_id"]],
                    store.ad_groups[group_id],
                ),
                [ad for ad in ads if ad["ad_group_id"] == group_id],
            )
            for group_id in groups
        ]
    if level == "PIN_PROMOTION":
        return [
            Subject(
                "PIN_PROMOTION_ID",
                ad["id"],
                attributes(
                    store, account_id, store.campaigns[ad["campaign_id"]], store.ad_groups[ad["ad_group_id"]], ad
                ),
                [ad],
            )
            for ad in ads
        ]
    return []  # KEYWORD and PRODUCT_*: the emulator simulates no delivery at those levels


def _header(rows: list[dict[str, Any]], spec: ReportSpec) -> list[str]:
    id_key = _ID_KEYS[spec.level.removesuffix("_TARGETING")]
    header = [id_key]
    if spec.query.granularity != "TOTAL":
        header.append("DATE")
    if spec.query.granularity == "HOUR":
        header.append("HOUR")
    if spec.level.endswith("_TARGETING"):
        header += ["TARGETING_TYPE", "TARGETING_VALUE"]
    return header + [column for column in spec.query.columns if column not in header]


def _json(rows: list[dict[str, Any]], spec: ReportSpec) -> bytes:
    """Pinterest's JSON report: ``{entity id: [row, ...]}``."""
    by_id: dict[str, list[dict[str, Any]]] = {}
    id_key = _ID_KEYS[spec.level.removesuffix("_TARGETING")]
    for row in rows:
        by_id.setdefault(str(row[id_key]), []).append(row)
    return json.dumps(by_id, separators=(",", ":")).encode()


def csv_file(rows: list[dict[str, Any]], spec: ReportSpec) -> bytes:
    """Pinterest's CSV report: a header of the id, date and requested columns, one line per row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_header(rows, spec), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


ROUTES: list[Endpoint] = [
    Endpoint("analytics/create_report", create_report),
    Endpoint("analytics/get_report", get_report),
]
