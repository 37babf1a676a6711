"""Catalog reports: ``reports/create``, ``reports/get`` and ``reports/stats`` over the kept catalog state.

A report is computed when it is made, from what ``catalog_state`` keeps: a feed's ingestion issues
(its newest processing result, or the one named), or a catalog's items. The emulator models no
distribution checks, so a DISTRIBUTION_ISSUES report holds its header and no rows, and its stats
are empty. The file is CSV (the spec names no format) and is filed in the ads reports' book under
its own kind, so it finishes on the second poll (or 30 seconds on) and downloads through the same
expiring link. The stats count the same issues by code, without a file.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import ApiError, invalid
from pinterest_mcp.emulator.http.fields import json_object
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.params import paginate
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.routes import catalog_state as state
from pinterest_mcp.emulator.routes.reports import DOWNLOAD_PREFIX, LINK_LIFETIME, Report, book_of

KIND = "catalog"
INVALID_TOKEN = 1104
_ITEM_COLUMNS = ("item_id", "title", "price", "availability", "product_type", "link")


def _issues(store: Store, report: dict[str, Any]) -> tuple[str, list[Entity]]:
    """The catalog and the issues a FEED_INGESTION_ISSUES filter names: the result asked for, else the newest."""
    feed = state.feed(store, str(report["feed_id"]))
    result_id = report.get("processing_result_id")
    if result_id is None:
        results = state.results_of(store, feed["id"])
        return feed["catalog_id"], state.issues_of(store, results[0]["id"]) if results else []
    if not any(r["id"] == result_id for r in state.results_of(store, feed["id"])):
        state.issues_of(store, "")  # 404 as Pinterest answers a processing result of another feed
    return feed["catalog_id"], state.issues_of(store, str(result_id))


def _file(store: Store, report: dict[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    kind = report["report_type"]
    if kind == "FEED_INGESTION_ISSUES":
        writer.writerow(("item_number", "item_id", "severity", "code", "attribute", "provided_value"))
        for issue in _issues(store, report)[1]:
            for severity, side in (("ERROR", "errors"), ("WARN", "warnings")):
                for code, detail in issue[side].items():
                    row = (issue["item_number"], issue["item_id"], severity, code)
                    writer.writerow((*row, detail.get("attribute_name"), detail.get("provided_value")))
    elif kind == "ALL_ITEMS":
        writer.writerow(_ITEM_COLUMNS)
        for item in state.items_of(store, state.catalog(store, report.get("catalog_id"))["id"]):
            writer.writerow([item.get("item_id")] + [item.get("attributes", {}).get(c) for c in _ITEM_COLUMNS[1:]])
    else:  # DISTRIBUTION_ISSUES: none modelled (see the module)
        state.catalog(store, report.get("catalog_id"))
        writer.writerow(("catalog_id", "item_id", "code_label", "ineligible_for_ads", "ineligible_for_organic"))
    return out.getvalue().encode()


async def create_report(request: Request) -> JSONResponse:
    """``POST /catalogs/reports``: compute the file now, file it, answer its token."""
    body = await json_object(request)
    content = _file(lookup.store_of(request), body["report"])
    book = book_of(request)
    token = book.new_token(lookup.seed_of(request), KIND)
    book.reports[token] = Report(token, KIND, float(request.app.state.clock()), "csv", content, KIND)
    return JSONResponse({"token": token})


async def get_report(request: Request) -> JSONResponse:
    """``GET /catalogs/reports?token=``: IN_PROGRESS, then FINISHED with a fresh five-minute link."""
    token = str(lookup.query_of(request).text("token"))
    report = book_of(request).reports.get(token)
    now = float(request.app.state.clock())
    if report is None or report.kind != KIND or report.status(now) == "EXPIRED":
        raise ApiError(400, INVALID_TOKEN, "The token you provided is not valid or has expired.")
    report.polls += 1
    if report.status(now) != "FINISHED":
        return JSONResponse({"report_status": "IN_PROGRESS", "url": None, "size": None})
    expires = int(now) + LINK_LIFETIME
    report.links.add(expires)
    link = f"{str(request.base_url).rstrip('/')}{DOWNLOAD_PREFIX}/{token}.csv?expires={expires}"
    return JSONResponse({"report_status": "FINISHED", "url": link, "size": len(report.content)})


async def report_stats(request: Request) -> JSONResponse:
    """``GET /catalogs/reports/stats``: the issues a report would hold, counted by code and severity."""
    query, store = lookup.query_of(request), lookup.store_of(request)
    report = query["parameters"].get("report")
    if not isinstance(report, dict):
        raise invalid("Missing required parameter: parameters[report].")
    if report["report_type"] == "DISTRIBUTION_ISSUES":
        state.catalog(store, report.get("catalog_id"))
        return JSONResponse(paginate(query, []))
    if "feed_id" not in report:
        raise invalid("Missing required parameter: parameters[report][feed_id].")
    catalog_id, issues = _issues(store, report)
    counts: dict[tuple[str, str], int] = {}
    for issue in issues:
        for severity, side in (("ERROR", "errors"), ("WARN", "warnings")):
            for code in issue[side]:
                counts[severity, code] = counts.get((severity, code), 0) + 1
    items = [
        {"report_type": "FEED_INGESTION_ISSUES", "catalog_id": catalog_id, "code_label": code,
         "severity": severity, "occurrences": n}
        for (severity, code), n in sorted(counts.items())
    ]  # fmt: skip
    return JSONResponse(paginate(query, items))


ROUTES = [
    Endpoint("reports/stats", report_stats),
    Endpoint("reports/create", create_report),
    Endpoint("reports/get", get_report),
]
