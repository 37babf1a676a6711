"""Lead exports: ``POST .../leads_export`` files the leads an ad collected, ``GET .../leads_export/{id}`` links them.

The leads are the demo's: made up, deterministic per ad and day (zero to two a day), each answering
the questions of the account's first lead form (a name, an email at ``example.org``, a phone in the
555-01xx range no one has). The file is CSV, one lead a row, served from the same token-free,
expiring download links as reports; an export is IN_PROGRESS until polled twice or half a minute
has passed (as a report), then FINISHED with a fresh link on each read.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import invalid, not_found
from pinterest_mcp.emulator.http.fields import json_object
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds.resources import AD_ACCOUNTS
from pinterest_mcp.emulator.routes import reports

EXPORT_NOT_FOUND = 404
_FIRST = ("Ann", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal")
_LAST = ("Lee", "Moss", "Ng", "Ortiz", "Park", "Quinn")


@dataclass
class Export:
    id: str
    ad_account_id: str
    created_at: float
    token: str
    polls: int = 0

    def status(self, now: float) -> str:
        if self.polls < reports.POLLS_TO_FINISH and now < self.created_at + reports.SECONDS_TO_FINISH:
            return "IN_PROGRESS"
        return "FINISHED"


@dataclass
class ExportBook:
    exports: dict[str, Export] = field(default_factory=dict)


def book_of(request: Request) -> ExportBook:
    state = request.app.state
    if not hasattr(state, "leads_exports"):
        state.leads_exports = ExportBook()
    book: ExportBook = state.leads_exports
    return book


def leads(store: Store, account: Entity, ad: Entity, start: date, end: date) -> list[dict[str, str]]:
    """The made-up leads ``ad`` collected from ``start`` to ``end`` (UTC days), answering the account's first form."""
    forms = [f for f in store.lead_forms.values() if f["ad_account_id"] == account["id"]]
    questions = [q.get("custom_question_label") or q["question_type"] for q in (forms[0]["questions"] if forms else [])]
    rows: list[dict[str, str]] = []
    day = start
    while day <= end:
        digest = hashlib.sha256(f"{ad['id']}:{day.isoformat()}".encode()).digest()
        for n in range(digest[0] % 3):
            first, last = _FIRST[digest[1 + n] % len(_FIRST)], _LAST[digest[3 + n] % len(_LAST)]
            person = {"FULL_NAME": f"{first} {last}", "FIRST_NAME": first, "LAST_NAME": last}
            person |= {"EMAIL": f"{first.lower()}.{last.lower()}{digest[5 + n]}@example.org"}
            person |= {"PHONE_NUMBER": f"+1-202-555-01{digest[7 + n] % 100:02d}", "ZIP_CODE": "20500"}
            when = datetime(day.year, day.month, day.day, 9 + n * 5, tzinfo=UTC)
            row = {"lead_id": str(int.from_bytes(digest[9 + n * 4 : 13 + n * 4])), "created_time": when.isoformat()}
            row |= {"ad_id": ad["id"], **{q: person.get(q, "yes") for q in questions}}
            rows.append(row)
        day += timedelta(days=1)
    return rows


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    names = list(dict.fromkeys(name for row in rows for name in row)) or ["lead_id", "created_time", "ad_id"]
    writer = csv.DictWriter(out, names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


async def create_export(request: Request) -> JSONResponse:
    """``POST .../leads_export``: the leads of one of the account's ads over a date range, filed as CSV."""
    _, account = AD_ACCOUNTS.locate(request)
    store, body = lookup.store_of(request), await json_object(request)
    ad = lookup.owned_by(store.ads, str(body["ad_id"]), account, "Ad")
    start, end = date.fromisoformat(body["start_date"]), date.fromisoformat(body["end_date"])
    if end < start:
        raise invalid("Invalid end_date: it is before start_date.")
    end = min(end, lookup.today_of(request))
    token = reports.issue(request, account, _csv(leads(store, account, ad, start, end)), "csv", kind="leads")
    book, now = book_of(request), float(request.app.state.clock())
    export_id = str(3_848_290_000_000 + len(book.exports) + 1)
    book.exports[export_id] = Export(export_id, account["id"], now, token)
    return JSONResponse({"leads_export_id": export_id})


async def get_export(request: Request) -> JSONResponse:
    """``GET .../leads_export/{id}``: IN_PROGRESS, then FINISHED with a fresh download link; 404 for another's."""
    _, account = AD_ACCOUNTS.locate(request)
    wanted = request.path_params["leads_export_id"]
    export = book_of(request).exports.get(wanted)
    if export is None or export.ad_account_id != account["id"]:
        raise not_found(EXPORT_NOT_FOUND, f"Invalid leads export id parameter: {wanted}.")
    now = float(request.app.state.clock())
    export.polls += 1
    if export.status(now) == "IN_PROGRESS":
        return JSONResponse({"export_status": "IN_PROGRESS", "download_url": None})
    report = reports.book_of(request).reports[export.token]
    expires = int(now) + reports.LINK_LIFETIME
    report.links.add(expires)
    base = str(request.base_url).rstrip("/")
    link = f"{base}{reports.DOWNLOAD_PREFIX}/{report.token}.{report.extension}?expires={expires}"
    return JSONResponse({"export_status": "FINISHED", "download_url": link})


ROUTES = [Endpoint("leads_export/create", create_export), Endpoint("leads_export/get", get_export)]
