"""`run_leads_export`: export the leads an ad collected to a file on this machine; answer counts, never the leads.

Submitted leads are people's contact details. This tool starts a lead export
(`leads_export/create`) or takes one already started (`leads_export_id`), polls it
(`leads_export/get`) the way `run_bulk_download` polls a bulk request (`run_report`'s waits,
backoff and 45 s call deadline: past it the answer is the export's id and status, to call again
with; Pinterest keeps the export), and downloads the file through `run_report.fetch`, the
allowlisted downloader, into the user data directory (`leads/`, a 0700 folder, the file 0600).

The answer holds how many leads, the file's column names (the form's questions), the file's
place and an MCP resource link to it (`pinterest://leads/{ad_account_id}/{leads_export_id}.csv`):
no lead, no download link. The export's requests are sent from the spec facts directly rather
than through two operation tools, so no tool can hand a lead's link or row to the model.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import anyio
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from mcp.types import CallToolResult, ResourceLink

from pinterest_mcp.api.errors import PinterestError
from pinterest_mcp.api.request import PreparedRequest
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.calls import answered
from pinterest_mcp.server.composite.run_report import (
    DownloadTimedOut,
    LinkExpired,
    StillWorking,
    Waits,
    fetch,
    waits_of,
)
from pinterest_mcp.server.declared import Declaration, DeclaredTool
from pinterest_mcp.server.progress import Progress
from pinterest_mcp.spec.facts import operation_facts

if TYPE_CHECKING:
    from mcp.server.mcpserver import Context

    from pinterest_mcp.operations.lead_forms import RunLeadsExport

NAME = "run_leads_export"
TOOLSET = "lead_forms"
DESCRIPTION = "Export an ad's leads to a file on this machine (or go on with a leads_export_id): counts, file, link."
FIRST_POLL, BACKOFF, MAX_POLL = 2.0, 1.5, 30.0
CREATE, GET = "leads_export/create", "leads_export/get"


def leads_uri(ad_account_id: str, leads_export_id: str) -> str:
    from pinterest_mcp.server.resources import LEADS_URI

    return LEADS_URI.format(ad_account_id=ad_account_id, leads_export_id=leads_export_id)


class ExportFailed(ToolError):
    """An export that ended without a readable file (a tool error)."""


def leads_folder(runtime: Runtime) -> Path:
    """Where exports are saved: per Pinterest user on a connector (its report handles' owner), so a resource
    read finds only its own user's files; one folder on a local server."""
    from pinterest_mcp.answers.report_files import safe_name
    from pinterest_mcp.config.paths import data_dir

    folder = data_dir(runtime.env) / "leads"
    owner = runtime.report_handles.owner
    return folder / safe_name(owner) if owner else folder


def file_of(runtime: Runtime, ad_account_id: str, export_id: str) -> Path:
    from pinterest_mcp.answers.report_files import safe_name

    return leads_folder(runtime) / f"{safe_name('leads', ad_account_id, export_id)}.csv"


def counted(path: Path) -> tuple[int, list[str]]:
    """How many leads a saved export holds, and its columns (the form's questions), streamed."""
    with path.open(encoding="utf-8", newline="") as text:
        reader = csv.reader(text)
        columns = next(reader, [])
        return sum(1 for row in reader if row), columns


class LeadsExport:
    """One `run_leads_export` call over a runtime."""

    def __init__(self, runtime: Runtime, args: RunLeadsExport, context: Context[Any, Any], waits: Waits) -> None:
        self.runtime = runtime
        self.args = args
        self.waits = waits
        self.progress = Progress(context, 3.0)
        self.started = waits.clock()
        self.status = "IN_PROGRESS"

    def left(self) -> float:
        return self.waits.call_deadline - (self.waits.clock() - self.started)

    async def send(self, operation_id: str, body: dict[str, Any] | None, **path: str) -> dict[str, Any]:
        from pinterest_mcp.api.client import call_budget

        facts = operation_facts(operation_id)
        where = facts.path.format(**{name: quote(value, safe="") for name, value in path.items()})
        request = PreparedRequest(method=facts.method, path=where, query=[], body=body)
        client = await self.runtime.client()
        with call_budget():
            answer = await client.send(
                request, idempotent=facts.method == "GET", scopes=facts.scopes, category=facts.rate_limit
            )
        return answer if isinstance(answer, dict) else {}

    async def run(self) -> dict[str, Any]:
        args = self.args
        self.runtime.check_ad_account(args)
        account = args.ad_account_id
        export_id = args.leads_export_id
        if export_id is None:
            body = {"ad_id": args.ad_id, "start_date": args.start_date, "end_date": args.end_date}
            made = (await self.send(CREATE, body, ad_account_id=account)).get("leads_export_id")
            export_id = made if isinstance(made, str) and made.isdigit() else None
            if export_id is None:
                raise ExportFailed("Pinterest answered the lead export without an export id; try again.")
            await self.progress.at(1, f"started lead export {export_id}")
        try:
            path = await self.wait(export_id)
        except StillWorking:
            return {
                "leads_export_id": export_id,
                "status": self.status,
                "next": f"call {NAME} with leads_export_id={export_id} to go on",
            }
        leads, columns = await anyio.to_thread.run_sync(counted, path)
        await self.progress.at(3, "downloaded")
        return {
            "leads_export_id": export_id,
            "status": "FINISHED",
            "leads": leads,
            "columns": columns,
            "file": str(path),
            "resource": leads_uri(ad_account_id=account, leads_export_id=export_id),
            "note": "The leads are people's contact details: they are in the file only, not in this answer.",
        }

    async def poll(self, export_id: str) -> dict[str, Any]:
        return await self.send(GET, None, ad_account_id=self.args.ad_account_id, leads_export_id=export_id)

    async def wait(self, export_id: str) -> Path:
        delay, polls = FIRST_POLL, 0
        while True:
            answer = await self.poll(export_id)
            polls += 1
            status = answer.get("export_status")
            if not isinstance(status, str) or not status:
                raise ExportFailed(f"Pinterest answered lead export {export_id} without a status; try again later.")
            self.status = status
            if status == "FAILED":
                raise ExportFailed(f"Lead export {export_id} FAILED at Pinterest; start a new one.")
            if status == "FINISHED":
                return await self.download(export_id, answer.get("download_url"))
            if delay > self.left():
                raise StillWorking
            await self.progress.at(1 + (1 - 0.5**polls) * 0.9, f"{status}; next check in {delay:.0f} s")
            await self.waits.sleep(delay)
            delay = min(delay * BACKOFF, MAX_POLL)

    async def download(self, export_id: str, url: Any) -> Path:
        from pinterest_mcp.answers.report_files import ReportFileError, safe_name

        if not isinstance(url, str) or not url:
            raise ExportFailed(f"Lead export {export_id} finished without a download link; call {NAME} again.")
        stem = safe_name("leads", self.args.ad_account_id, export_id)
        deadline = min(self.waits.download_deadline, max(1.0, self.left()))
        try:
            path = await fetch(self.runtime, url, leads_folder(self.runtime), stem, self.waits, deadline=deadline)
        except LinkExpired:
            raise ExportFailed(
                f"The link of lead export {export_id} expired before it was fetched; call {NAME} with "
                f"leads_export_id={export_id}."
            ) from None
        except DownloadTimedOut:
            raise StillWorking from None
        except ReportFileError as exc:
            raise ExportFailed(f"Lead export {export_id}: {exc}.") from None
        final = file_of(self.runtime, self.args.ad_account_id, export_id)
        if path != final:
            path.replace(final)
        final.chmod(0o600)
        return final


class LeadsExportTool(DeclaredTool):
    """The `run_leads_export` tool: built on its first call; `DeferredTool` lists it until then."""

    declaration = Declaration(
        NAME, "Run a lead export", DESCRIPTION, read_only=False, toolset=TOOLSET, scopes=("ads:read", "ads:write")
    )

    @classmethod
    def input_model(cls) -> type[RunLeadsExport]:
        from pinterest_mcp.operations.lead_forms import RunLeadsExport

        return RunLeadsExport

    async def answer(self, args: RunLeadsExport, context: Context[Any, Any]) -> CallToolResult:
        answer = await LeadsExport(self.runtime, args, context, waits_of(self.runtime)).run()
        result = answered(answer)
        if "resource" in answer:
            result.content.append(
                ResourceLink(
                    type="resource_link",
                    uri=answer["resource"],
                    name=f"leads-{answer['leads_export_id']}",
                    title="Leads (CSV)",
                    mime_type="text/csv",
                )
            )
        return result


async def leads_csv(runtime: Runtime, ad_account_id: str, leads_export_id: str) -> str:
    """The saved file of a finished export, for the resource `LEADS_URI`: only an ad account this server may use,
    only a file this machine downloaded (`run_leads_export` makes it)."""
    from pinterest_mcp.operations.lead_forms import RunLeadsExport

    try:
        runtime.check_ad_account(RunLeadsExport(ad_account_id=ad_account_id, leads_export_id=leads_export_id))
    except PinterestError as exc:
        raise ResourceError(str(exc)) from None
    path = file_of(runtime, ad_account_id, leads_export_id)
    if not path.is_file():
        raise ResourceError(f"No saved lead export {leads_export_id} here; run {NAME} first.")
    return await anyio.to_thread.run_sync(path.read_text, "utf-8")
