"""`run_bulk_download`: submit a bulk download (or take a bulk request already made), wait, answer its counts.

It waits the way `run_report` does, with that module's pieces: the injectable sleep and clock
(`run_report.use_waits`), progress notifications whose value only grows, capped backoff
(`FIRST_POLL` growing by `BACKOFF` to `MAX_POLL`), the same call deadline (`run_report.CALL_DEADLINE`:
past it the answer is not an error but the request's status and `next`, the request id to call
again with: the id is the handle, kept by Pinterest), cancellation (cancelling the call stops the polling:
nothing else is sent), and the download of the result file from Pinterest's report hosts only
(`run_report.fetch`). A link that expired before it was fetched is renewed by one more poll.

The whole file streams to the user data directory (`bulk/`) within the download deadline and size
cap `run_report.fetch` applies, and is read back as a stream in a worker thread; the answer is
compact: the request's status, the number of rows per entity type and the first few rows of each.
An answer of an unexpected shape (a status or link that is not text) is a clean error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult

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

if TYPE_CHECKING:
    from mcp.server.mcpserver import Context

    from pinterest_mcp.operations.bulk import RunBulkDownload

NAME = "run_bulk_download"
TOOLSET = "reports"
DESCRIPTION = (
    "Export ads entities (or wait for a request_id, e.g. bulk_upsert's) with progress: counts per "
    "type, a few rows, the saved file."
)
FIRST_POLL, BACKOFF, MAX_POLL = 2.0, 1.5, 30.0


class BulkFailed(ToolError):
    """A bulk request that ended without a readable file, or was waited for too long (a tool error)."""


@dataclass
class Kind:
    """One entity type of a bulk file: how many rows it has, and the first few."""

    count: int = 0
    first: list[dict[str, Any]] = field(default_factory=list)


def kinds(path: Path, shown: int, max_rows: int | None = None) -> dict[str, Kind]:
    """Rows per entity type of a saved bulk file, streamed (run it in a worker thread).

    JSON keyed by entity type groups by its keys; otherwise (a list, CSV) by each row's
    `entity_type`. Only `shown` rows per type are kept; more than `max_rows` rows is refused.
    """
    from pinterest_mcp.answers.report_files import MAX_ROWS, ReportFileError, iter_keyed

    limit = MAX_ROWS if max_rows is None else max_rows
    grouped: dict[str, Kind] = {}
    total = 0
    with path.open("rb") as binary:
        for key, row in iter_keyed(binary):
            kind = grouped.setdefault(key if key is not None else str((row or {}).get("entity_type") or "ROWS"), Kind())
            if row is None:
                continue
            total += 1
            if total > limit:
                raise ReportFileError(f"the file has more than {limit:,} rows; export fewer entity types")
            kind.count += 1
            if len(kind.first) < shown:
                kind.first.append(row)
    return grouped


class BulkRun:
    """One `run_bulk_download` call over a runtime."""

    def __init__(self, runtime: Runtime, args: RunBulkDownload, context: Context[Any, Any], waits: Waits) -> None:
        self.runtime = runtime
        self.args = args
        self.waits = waits
        self.progress = Progress(context, 3.0)
        self.started = waits.clock()
        self.status = "IN_PROGRESS"

    def left(self) -> float:
        """Seconds this call may still work before it answers with the request id to go on with."""
        return self.waits.call_deadline - (self.waits.clock() - self.started)

    async def send(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        from pinterest_mcp.api.client import call_budget
        from pinterest_mcp.operations import by_name

        op = by_name()[name]
        with call_budget():
            answer = await self.runtime.send(op, op.input.model_validate(arguments))
        return answer if isinstance(answer, dict) else {}

    async def run(self) -> dict[str, Any]:
        args = self.args
        self.runtime.check_ad_account(args)
        request_id = args.request_id
        if request_id is None:
            body = args.model_dump(include={"ad_account_id", "entity_types", "entity_ids"}, exclude_none=True)
            made = (await self.send("create_bulk_download", body)).get("request_id")
            request_id = made if isinstance(made, str) else ""
            if not request_id:
                raise BulkFailed("Pinterest answered the bulk download without a request id; try again.")
            await self.progress.at(1, f"submitted bulk request {request_id}")
        try:
            status, path = await self.wait(request_id)
        except StillWorking:
            return {
                "request_id": request_id,
                "status": self.status,
                "next": f"call {NAME} with request_id={request_id} to go on",
            }
        rows = await self.read(request_id, path)
        await self.progress.at(3, "downloaded")
        return {"request_id": request_id, "status": status, **self.summary(rows), "file": str(path)}

    async def poll(self, request_id: str) -> dict[str, Any]:
        return await self.send(
            "get_bulk_request", {"ad_account_id": self.args.ad_account_id, "bulk_request_id": request_id}
        )

    async def wait(self, request_id: str) -> tuple[str, Path]:
        """Poll with capped backoff until the request is done, then fetch its file at once."""
        delay, polls = FIRST_POLL, 0
        while True:
            answer = await self.poll(request_id)
            polls += 1
            status = answer.get("status")
            if not isinstance(status, str) or not status:
                raise BulkFailed(
                    f"Pinterest answered bulk request {request_id} in an unexpected shape (no status text); "
                    f"call {NAME} again with request_id={request_id} in a minute."
                )
            self.status = status
            if status in ("SUCCEEDED", "FAILED"):
                return status, await self.download(request_id, answer.get("result_url"))
            if delay > self.left():
                raise StillWorking
            await self.progress.at(1 + (1 - 0.5**polls) * 0.9, f"{status}; next check in {delay:.0f} s")
            await self.waits.sleep(delay)
            delay = min(delay * BACKOFF, MAX_POLL)

    async def download(self, request_id: str, url: Any) -> Path:
        from pinterest_mcp.answers.report_files import ReportFileError

        try:
            try:
                return await self.fetch(request_id, url)
            except LinkExpired:  # the request lives on; a new poll gives a new link
                renewed = (await self.poll(request_id)).get("result_url")
                try:
                    return await self.fetch(request_id, renewed)
                except LinkExpired:
                    raise BulkFailed(
                        f"The result link of bulk request {request_id} expired twice before it could be fetched; "
                        f"call {NAME} again with request_id={request_id}."
                    ) from None
        except DownloadTimedOut as exc:
            if exc.deadline < self.waits.download_deadline:  # the call's time ran out, not the link's
                raise StillWorking from None
            raise BulkFailed(
                f"Bulk request {request_id}: the download did not finish within {exc.deadline:g} s (the link is "
                f"slow or stalled). Call {NAME} again with request_id={request_id} to download it again."
            ) from None
        except ReportFileError as exc:
            raise BulkFailed(f"Bulk request {request_id}: {exc}.") from None

    async def fetch(self, request_id: str, url: Any) -> Path:
        from pinterest_mcp.answers.report_files import ReportFileError, safe_name
        from pinterest_mcp.config.paths import data_dir

        if not isinstance(url, str) or not url:
            raise ReportFileError("the finished request came without a result link")
        stem = safe_name(self.args.ad_account_id, request_id[-24:])
        deadline = min(self.waits.download_deadline, max(1.0, self.left()))
        folder = data_dir(self.runtime.env) / "bulk"
        return await fetch(self.runtime, url, folder, stem, self.waits, deadline=deadline)

    async def read(self, request_id: str, path: Path) -> dict[str, Kind]:
        """The saved file's rows per entity type, read as a stream in a worker thread."""
        from pinterest_mcp.answers.report_files import ReportFileError

        try:
            return await anyio.to_thread.run_sync(kinds, path, self.args.rows)
        except ReportFileError as exc:
            raise BulkFailed(f"Bulk request {request_id}: saved at {path}, but {exc}.") from None

    def summary(self, rows: dict[str, Kind]) -> dict[str, Any]:
        counts = {kind: listed.count for kind, listed in rows.items()}
        samples = {kind: listed.first for kind, listed in rows.items() if listed.first}
        out: dict[str, Any] = {"counts": counts}
        if samples:
            out["rows"] = samples
        return out


class RunBulkDownloadTool(DeclaredTool):
    """The `run_bulk_download` tool: built on its first call; `DeferredTool` lists it until then."""

    declaration = Declaration(
        NAME, "Run a bulk download", DESCRIPTION, read_only=True, toolset=TOOLSET, scopes=("ads:read",)
    )

    @classmethod
    def input_model(cls) -> type[RunBulkDownload]:
        from pinterest_mcp.operations.bulk import RunBulkDownload

        return RunBulkDownload

    async def answer(self, args: RunBulkDownload, context: Context[Any, Any]) -> CallToolResult:
        return answered(await BulkRun(self.runtime, args, context, waits_of(self.runtime)).run())
