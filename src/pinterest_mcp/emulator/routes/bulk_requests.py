"""Bulk requests: ``bulk_upsert/create``, ``bulk_download/create`` and ``bulk_request/get``.

An upsert's items are applied when it is submitted, through the same apply functions as the
single bulk writes (``resources``), so what it creates is listed at once by ``list_campaigns`` and
the rest, and ``Emulator.inject_item_exception`` fails its items as it fails theirs. Pinterest
applies them in the background: the answer is only a request id. A download reads the account's
entities at submission too. Either way the result is a file in the report book (``reports``),
served from the same token-free, expiring download links; a request moves RUNNING → SUCCEEDED on
the report clocks (the second poll, or ``SECONDS_TO_FINISH`` after submission), FAILED for an
upsert whose every item was refused.

The result files: an upsert's is JSON keyed by entity type, one entry per item in request order
(``action``, ``status``, the ``id``, the ``error`` of a refused one; ``data`` with
``include_details=true``). A download's is JSON keyed by entity type (its entities as the API
renders them) or CSV (``output_format``), one row per entity with its ``entity_type``. Only
ACTIVE entities are downloaded, as the operation documents; types the emulator does not model
(product groups, labels, schedules) come back empty.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.bodies import check_item
from pinterest_mcp.emulator.http.bulk import Outcome, apply_items
from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.crud import Resource
from pinterest_mcp.emulator.http.errors import invalid, not_found
from pinterest_mcp.emulator.http.lookup import AD_ENTITY_NOT_FOUND, Endpoint
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds.resources import AD_ACCOUNTS, AD_GROUPS, ADS, CAMPAIGNS, KEYWORDS
from pinterest_mcp.emulator.routes import reports

ENTITY_TYPES = ("CAMPAIGN", "AD_GROUP", "PRODUCT_GROUP", "AD", "KEYWORD", "LABEL", "SCHEDULE")
_SUMMARY = {"ACTIVE": "RUNNING", "PAUSED": "PAUSED", "ARCHIVED": "ARCHIVED"}
# Body key -> (entity type in files, resource): the kinds an upsert writes, in the order it applies them.
KINDS: dict[str, tuple[str, Resource]] = {
    "campaigns": ("CAMPAIGN", CAMPAIGNS),
    "ad_groups": ("AD_GROUP", AD_GROUPS),
    "ads": ("AD", ADS),
    "keywords": ("KEYWORD", KEYWORDS),
}
UNMODELLED = ("product_groups", "catalog_product_groups", "labels")
# A create's keywords come in sets of one parent each; the keywords of each set are the items.
KEYWORD_SETS = "create.keywords[].keywords"
# The item lists the body gate leaves to the bulk loop, so one bad item fails alone.
ITEMS = (
    *(f"{action}.{key}" for action in ("create", "update") for key in KINDS if key != "keywords"),
    "update.keywords",
    KEYWORD_SETS,
)


@dataclass
class BulkRequest:
    """One submitted request: whose it is, when it was made, how often polled, and its result files."""

    id: str
    ad_account_id: str
    created_at: float
    files: dict[bool, str]
    failed: bool = False
    polls: int = 0

    def status(self, now: float) -> str:
        if self.polls < reports.POLLS_TO_FINISH and now < self.created_at + reports.SECONDS_TO_FINISH:
            return "RUNNING"
        return "FAILED" if self.failed else "SUCCEEDED"


@dataclass
class BulkBook:
    requests: dict[str, BulkRequest] = field(default_factory=dict)


def book_of(request: Request) -> BulkBook:
    state = request.app.state
    if not hasattr(state, "bulk_requests"):
        state.bulk_requests = BulkBook()
    book: BulkBook = state.bulk_requests
    return book


def _file(request: Request, account: Entity, content: Any, extension: str = "json") -> str:
    data = content if isinstance(content, bytes) else json.dumps(content, separators=(",", ":")).encode()
    return reports.issue(request, account, data, extension, kind="bulk")


def _submit(request: Request, account: Entity, files: dict[bool, str], *, upsert: bool, failed: bool) -> str:
    book, now = book_of(request), lookup.now_of(request)
    number = len(book.requests) + 1
    request_id = f"{account['id']}-{now}-{number:08x}" if upsert else str(2_680_059_600_000 + number)
    book.requests[request_id] = BulkRequest(request_id, account["id"], float(request.app.state.clock()), files, failed)
    return request_id


async def create_upsert(request: Request) -> JSONResponse:
    """``POST .../bulk/upsert``: apply every item now, file the per-item result, answer the request id."""
    account = AD_ACCOUNTS.locate(request)[1]
    body = await reports.json_body(request)
    sections = _sections(body)
    store = lookup.store_of(request)
    context = WriteContext(store, account, lookup.now_of(request), lookup.today_of(request))
    summary: dict[str, list[dict[str, Any]]] = {}
    details: dict[str, list[dict[str, Any]]] = {}
    for action in ("create", "update"):
        for key, (entity_type, resource) in KINDS.items():
            items = sections[action].get(key)
            if items is None:
                continue
            write = resource.create if action == "create" else resource.update
            assert write is not None
            path = f"{action}.{key}"
            if key == "keywords" and action == "create":
                items = [{**kw, "parent_id": s["parent_id"]} for s in items for kw in s["keywords"]]
                path = KEYWORD_SETS

            def check(item: dict[str, Any], path: str = path) -> dict[str, Any]:
                check_item("bulk_upsert/create", item, path)
                return item

            def render(entity: Entity, resource: Resource = resource) -> Entity:
                return resource.view(store, [entity])[0]

            faults = request.app.state.item_faults
            for outcome in apply_items(context, resource.kind, items, write.apply, faults, render, check):
                entry = _entry(action, outcome)
                summary.setdefault(entity_type, []).append(entry)
                details.setdefault(entity_type, []).append(
                    {**entry, "data": outcome.data} if outcome.data is not None else entry
                )
    entries = [e for listed in summary.values() for e in listed]
    failed = all(e["status"] == "FAILED" for e in entries)
    files = {False: _file(request, account, summary), True: _file(request, account, details)}
    return JSONResponse({"request_id": _submit(request, account, files, upsert=True, failed=failed)})


def _sections(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The ``create`` and ``update`` objects, checked down to their item lists (400 names the field)."""
    sections: dict[str, dict[str, Any]] = {}
    for action in ("create", "update"):
        section = body.get(action) or {}
        if not isinstance(section, dict):
            raise invalid(f"Invalid {action}: it must be an object.")
        for key in UNMODELLED:
            if section.get(key):
                raise invalid(f"Invalid {action}.{key}: the emulator does not model {key.replace('_', ' ')}.")
        for key, items in section.items():
            if key in KINDS and (not isinstance(items, list) or not items):
                raise invalid(f"Invalid {action}.{key}: it must be a non-empty array.")
        sections[action] = section
    if not any(key in KINDS for section in sections.values() for key in section):
        raise invalid("Invalid request body: create or update must hold campaigns, ad_groups, ads or keywords.")
    return sections


def _entry(action: str, outcome: Outcome) -> dict[str, Any]:
    item = outcome.item if isinstance(outcome.item, dict) else {}
    entity_id = (outcome.data or {}).get("id") or item.get("id")
    entry: dict[str, Any] = {"action": action.upper(), "status": "FAILED" if outcome.error else "SUCCEEDED"}
    if entity_id:
        entry["id"] = entity_id
    if outcome.error:
        entry["error"] = outcome.error
    return entry


async def create_download(request: Request) -> JSONResponse:
    """``POST .../bulk/download``: the account's ACTIVE entities of the asked types, filed as JSON or CSV."""
    account = AD_ACCOUNTS.locate(request)[1]
    body = await reports.json_body(request)
    entities = _download(request, account, body)
    if body.get("output_format") == "CSV":
        name = _file(request, account, _csv(entities), "csv")
    else:
        name = _file(request, account, entities)
    return JSONResponse(
        {"request_id": _submit(request, account, {False: name, True: name}, upsert=False, failed=False)}
    )


def _download(request: Request, account: Entity, body: dict[str, Any]) -> dict[str, list[Entity]]:
    store = lookup.store_of(request)
    wanted = body.get("entity_types") or list(ENTITY_TYPES)
    ids = set(body.get("entity_ids") or ())
    since = int(body.get("updated_since") or 0)
    campaigns = {c["id"]: c for c in store.campaigns.values() if c["ad_account_id"] == account["id"]}
    allowed = {cid for cid, c in campaigns.items() if _campaign_matches(c, body.get("campaign_filter") or {})}

    def keep(entity: Entity, *lineage: str | None) -> bool:
        live = entity.get("status", "ACTIVE") == "ACTIVE" and not entity.get("archived")
        related = not ids or bool(ids & {entity["id"], *(x for x in lineage if x)})
        return live and related and int(entity.get("updated_time") or since) >= since

    groups = [g for g in store.ad_groups.values() if g["campaign_id"] in allowed]
    out: dict[str, list[Entity]] = {kind: [] for kind in wanted}
    if "CAMPAIGN" in out:
        out["CAMPAIGN"] = [c for cid, c in campaigns.items() if cid in allowed and keep(c)]
    if "AD_GROUP" in out:
        out["AD_GROUP"] = [g for g in groups if keep(g, g["campaign_id"])]
    if "AD" in out:
        ads = [a for a in store.ads.values() if a["campaign_id"] in allowed]
        out["AD"] = [a for a in ads if keep(a, a["campaign_id"], a["ad_group_id"])]
    if "KEYWORD" in out:
        parents = {g["id"]: g["campaign_id"] for g in groups} | {cid: cid for cid in allowed}
        keywords = [k for k in store.keywords.values() if k["parent_id"] in parents]
        out["KEYWORD"] = [k for k in keywords if keep(k, k["parent_id"], parents[k["parent_id"]])]
    for kind, resource in (("CAMPAIGN", CAMPAIGNS), ("AD_GROUP", AD_GROUPS), ("AD", ADS), ("KEYWORD", KEYWORDS)):
        if kind in out:
            out[kind] = resource.view(store, out[kind])
    return out


def _campaign_matches(campaign: Entity, wanted: dict[str, Any]) -> bool:
    status = _SUMMARY.get(campaign["status"], campaign["status"])
    name = str(wanted.get("name") or "").casefold()
    start, end = wanted.get("start_time"), wanted.get("end_time")
    return (
        status in wanted.get("campaign_status", [status])
        and campaign["objective_type"] in wanted.get("objective_type", [campaign["objective_type"]])
        and name in str(campaign.get("name") or "").casefold()
        and (start is None or (campaign.get("start_time") or 0) >= int(start))
        and (end is None or (campaign.get("end_time") or 0) <= int(end))
    )


def _csv(entities: dict[str, list[Entity]]) -> bytes:
    """One row per entity, its type first; nested values as JSON text."""
    rows = [{"entity_type": kind, **entity} for kind, listed in entities.items() for entity in listed]
    names = list(dict.fromkeys(name for row in rows for name in row)) or ["entity_type"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in row.items()})
    return out.getvalue().encode()


async def get_request(request: Request) -> JSONResponse:
    """``GET .../bulk/{bulk_request_id}``: the status, and a fresh link to the result file once done."""
    account = AD_ACCOUNTS.locate(request)[1]
    details = lookup.query_of(request).flag("include_details")
    request_id = request.path_params["bulk_request_id"]
    bulk = book_of(request).requests.get(request_id)
    if bulk is None or bulk.ad_account_id != account["id"]:
        raise not_found(AD_ENTITY_NOT_FOUND, f"Bulk request {request_id} not found in ad account {account['id']}.")
    now = float(request.app.state.clock())
    bulk.polls += 1
    status = bulk.status(now)
    if status == "RUNNING":
        return JSONResponse({"status": status})
    report = reports.book_of(request).reports[bulk.files[details]]
    expires = int(now) + reports.LINK_LIFETIME
    report.links.add(expires)
    base = str(request.base_url).rstrip("/")
    link = f"{base}{reports.DOWNLOAD_PREFIX}/{report.token}.{report.extension}?expires={expires}"
    return JSONResponse({"status": status, "result_url": link})


ROUTES: list[Endpoint] = [
    Endpoint("bulk_upsert/create", create_upsert, ITEMS),
    Endpoint("bulk_download/create", create_download),
    Endpoint("bulk_request/get", get_request),
]
