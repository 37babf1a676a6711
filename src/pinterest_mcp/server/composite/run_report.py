"""`run_report`: submit an async report, wait for it with progress, download it at once, answer a table.

One call does what the create/get tools do by hand. Ads reports longer than one report may span
are split at granularity-friendly boundaries (WEEK parts start on Mondays, MONTH parts on the 1st),
submitted one after another and merged; a template report or an existing token (an MMM or
conversion product report made with its create tool) takes the same path.

Waiting polls every pending token, then sleeps with capped backoff (`FIRST_POLL` growing by
`BACKOFF` to `MAX_POLL`). A call lasts at most `CALL_DEADLINE` (clients end a tool call after about
60 s): past it the answer is not an error but the run's handle and what is known so far (parts
ready, status), and `run_report(token=handle)` goes on from there. A part already downloaded on
this machine is read from its file, not fetched again, so a later call (or a page of a finished
report, `offset`/`rows`) costs no Pinterest request. Each round sends an MCP progress
notification when the client asked for them (a `progressToken`), its value always increasing.
Cancelling the call cancels the wait: nothing else is sent. A FINISHED report is downloaded
before polling anything else, because its link lives five minutes; a link that expired anyway is
renewed by one more poll.

Sleep and clock are injectable (`use_waits`), so tests never wait. Every request (each submit,
poll and download) gets its own client time budget (`call_budget`). A download has a total deadline
(`DOWNLOAD_DEADLINE`, and never past the call's) however slowly its bytes trickle in; past it the
answer names the token to fetch it again with. The file streams to disk and is read back in a worker
thread (`report_files.FileSink`, `report_files.Digest`), so a huge report never blocks the event
loop other sessions share, nor sits whole in memory.

Every run that submits reports keeps a handle (`answers.report_handles`: per user, in the store for
a connector grant, in memory locally) naming its report tokens: the answer and every "call again"
carry it as `token`, so a run that outlasted its wait, or a report to fetch again, goes on from
any replica and from every part at once. Files stay where they were fetched; another replica
downloads again (Pinterest keeps a report an hour).

Pinterest's answers are checked for shape before use: a status that is not text, or a FINISHED
report without a text link, is a clean error naming the token, never a crash.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

import anyio
import httpx
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from mcp.types import CallToolResult, ResourceLink

from pinterest_mcp.answers.report_handles import POLLED_BY
from pinterest_mcp.runtime import DEMO_BASE_URL, Runtime
from pinterest_mcp.server.calls import answered
from pinterest_mcp.server.declared import Declaration, DeclaredTool
from pinterest_mcp.server.progress import Progress
from pinterest_mcp.store.port import StoreError

if TYPE_CHECKING:
    from mcp.server.mcpserver import Context

    from pinterest_mcp.answers.report_files import Digest, DownloadPolicy
    from pinterest_mcp.operations.reports import RunReport
    from pinterest_mcp.registry.records import Operation

log = logging.getLogger(__name__)

NAME = "run_report"
TOOLSET = "reports"
DESCRIPTION = (
    "Run an ads report (or a template_id; or a token: go on, page with offset) with progress: a table, totals "
    "and a CSV. Longer ranges are split."
)
CALL_DEADLINE = 45.0
"""Seconds one call of `run_report` or `run_bulk_download` works before it answers with its handle and
what is known so far: inside the 60 s after which claude.ai ends a tool call."""
DOWNLOAD_DEADLINE = 45.0
"""Seconds one download (resolving, connecting, every byte) may take in all: inside a call's 60 s budget."""
FIRST_POLL, BACKOFF, MAX_POLL = 2.0, 1.5, 30.0
MAX_ANSWER_TOKENS = 6000
"""The answer's size cap, by estimated tokens; the saved file holds every row."""
POLLS = {token_of: tool for tool, token_of in POLLED_BY.items()}
DONE = "FINISHED"
FINAL = {
    "FAILED": "Pinterest could not build the report; try again, or with fewer columns or days.",
    "CANCELLED": "the report was cancelled.",
    "EXPIRED": "the report expired (Pinterest keeps a report an hour); run it again.",
    "DOES_NOT_EXIST": "no such report for this ad account; check the token and the tool that made it.",
}

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Waits:
    """How `run_report` waits and tells time: real by default, simulated in tests."""

    sleep: Sleep = anyio.sleep
    clock: Callable[[], float] = time.monotonic
    download_deadline: float = DOWNLOAD_DEADLINE
    call_deadline: float = CALL_DEADLINE


_WAITS: weakref.WeakKeyDictionary[Runtime, Waits] = weakref.WeakKeyDictionary()


def use_waits(runtime: Runtime, waits: Waits) -> None:
    """Make `run_report` and `run_bulk_download` on `runtime` sleep and tell time with `waits` (tests)."""
    _WAITS[runtime] = waits


def waits_of(runtime: Runtime) -> Waits:
    """How waits on `runtime` sleep and tell time: what `use_waits` set, else real time."""
    return _WAITS.get(runtime, Waits())


class ReportFailed(ToolError):
    """A report that ended without a file (failed, expired, refused link, waited too long).

    A `ToolError`: its text is the tool error the model reads (`tools.guarded`).
    """


class StillWorking(Exception):
    """The call's time (`Waits.call_deadline`) ran out with reports still pending: answer what is known."""


class DownloadTimedOut(Exception):
    """A download that did not finish within its deadline (a stalled or trickling link)."""

    def __init__(self, deadline: float) -> None:
        super().__init__(f"the download did not finish within {deadline:g} s")
        self.deadline = deadline


STATUSES = frozenset({DONE, "IN_PROGRESS", *FINAL})


def status_of(data: dict[str, Any], what: str) -> str:
    """`report_status` of a report answer, or `ReportFailed` when it is missing or not text."""
    status = data.get("report_status")
    if not isinstance(status, str) or not status:
        shape = "missing" if status is None else f"a {type(status).__name__}, not text"
        raise ReportFailed(
            f"Pinterest answered {what} in an unexpected shape (report_status is {shape}); nothing was downloaded. "
            "Try again in a minute."
        )
    return status


@dataclass
class Part:
    """One report being waited for: its token, the get operation that polls it, and what it became."""

    token: str
    poll: str
    label: str
    digest: Digest | None = None
    path: Path | None = None
    done: bool = False


def split(start: date, end: date, span: int, granularity: str) -> list[tuple[date, date]]:
    """`start`..`end` in parts of at most `span` days after their start, cut where buckets begin."""
    parts: list[tuple[date, date]] = []
    while start <= end:
        last = min(end, start + timedelta(days=span))
        if last < end and granularity == "WEEK":
            last -= timedelta(days=(last.weekday() + 1) % 7)  # the Sunday before the next part's Monday
        elif last < end and granularity == "MONTH" and (last + timedelta(days=1)).day != 1:
            last = last.replace(day=1) - timedelta(days=1)
        last = max(last, start)
        parts.append((start, last))
        start = last + timedelta(days=1)
    return parts


class ReportRun:
    """One `run_report` call over a runtime."""

    def __init__(self, runtime: Runtime, args: RunReport, context: Context[Any, Any], waits: Waits) -> None:
        from pinterest_mcp.operations import by_name

        self.runtime = runtime
        self.args = args
        self.waits = waits
        self.ops = by_name()
        self.progress = Progress(context, 3.0)
        self.polls = 0
        self.parts: list[Part] = []
        self.dates: dict[str, Any] | None = None
        self.handle: str | None = None
        self.asked: dict[str, Any] | None = None
        """What the run asked for, as its handle keeps it (level, granularity, dates; or the template)."""
        self.started = waits.clock()
        self.resuming = False
        """Whether this call goes on from its owner's handle: only then is a file already on this machine reused."""

    def left(self) -> float:
        """Seconds this call may still work before it answers with its handle."""
        return self.waits.call_deadline - (self.waits.clock() - self.started)

    async def send(self, name: str, arguments: dict[str, Any]) -> Any:
        from pinterest_mcp.api.client import call_budget

        op: Operation = self.ops[name]
        with call_budget():
            return await self.runtime.send(op, op.input.model_validate(arguments))

    async def submit(self) -> list[Part]:
        args = self.args
        account = {"ad_account_id": args.ad_account_id}
        if args.token is not None:
            from pinterest_mcp.answers.report_handles import is_handle

            if is_handle(args.token):
                return await self.resumed(args.token)
            # A create tool's token (get_report points here): kept under a handle too, so the answer
            # links the CSV resource and a run that outlasts the call goes on from any replica.
            return await self.kept([Part(args.token, POLLS[args.token_of], "token")])
        self.asked = self.asked_for()
        if args.template_id is not None:
            dates = {k: getattr(args, k) for k in ("start_date", "end_date", "granularity") if getattr(args, k)}
            if "granularity" not in args.model_fields_set:
                dates.pop("granularity", None)
            answer = await self.send("create_template_report", {**account, "template_id": args.template_id, **dates})
            return await self.kept([Part(self._token(answer), "get_report", f"template {args.template_id}")])
        from pinterest_mcp.operations.reports import ReportQuery, report_window

        window, _ = report_window(args.granularity, args.level)
        query = {n: getattr(args, n) for n in ReportQuery.model_fields if getattr(args, n) is not None}
        start, end = date.fromisoformat(args.start_date or ""), date.fromisoformat(args.end_date or "")
        ranges = split(start, end, window.span, args.granularity)
        self.progress.total = 2 * len(ranges) + 1
        parts = []
        for index, (first, last) in enumerate(ranges):
            body = {**account, **query, "start_date": first.isoformat(), "end_date": last.isoformat()}
            answer = await self.send("create_report", body)
            parts.append(Part(self._token(answer), "get_report", f"{first}..{last}"))
            await self.progress.at(index + 1, f"submitted {index + 1} of {len(ranges)} reports")
        return await self.kept(parts)

    def asked_for(self) -> dict[str, Any]:
        """What this run asks for, as its answer (and handle) describe it."""
        args = self.args
        if args.template_id:
            return {"template_id": args.template_id}
        return {
            "level": args.level,
            "granularity": args.granularity,
            "start_date": args.start_date,
            "end_date": args.end_date,
        }

    async def kept(self, parts: list[Part]) -> list[Part]:
        """`parts` once their handle is saved (any replica continues from it); without one if the store fails."""
        run = {
            "ad_account_id": self.args.ad_account_id,
            "parts": [{"token": p.token, "poll": p.poll, "label": p.label} for p in parts],
            "asked": self.asked,
        }
        try:
            self.handle = await self.runtime.report_handles.save(run)
        except StoreError as exc:
            log.warning("run_report: the handle could not be kept (%s); the answer names the tokens", exc)
        return parts

    async def resumed(self, handle: str) -> list[Part]:
        """The parts a handle names, to wait for and download (again) on this replica."""
        try:
            run = await self.runtime.report_handles.load(handle)
        except StoreError:
            raise ReportFailed(f"Handle {handle} could not be read just now; try again in a minute.") from None
        if run is None:
            raise ReportFailed(
                f"No run_report handle {handle} of yours: it expired (Pinterest keeps a report an hour) or was "
                "never made. Run the report again with its dates."
            )
        if run.get("ad_account_id") != self.args.ad_account_id:
            raise ReportFailed(f"Handle {handle} is of ad account {run.get('ad_account_id')}; call with that account.")
        self.handle, self.asked, self.resuming = handle, run.get("asked"), True
        return [Part(str(p["token"]), str(p["poll"]), str(p["label"])) for p in run.get("parts", [])]

    def resume_with(self, part: Part) -> str:
        """What `token=` takes to go on with `part`: the run's handle (every part at once), else its own token."""
        return self.handle or part.token

    @staticmethod
    def _token(answer: Any) -> str:
        data = answer.get("data", answer) if isinstance(answer, dict) else {}
        status = data.get("report_status") if isinstance(data, dict) else None
        if isinstance(status, str) and status in FINAL:
            raise ReportFailed(f"Report not started ({status}): {FINAL[status]}")
        token = data.get("token") if isinstance(data, dict) else None
        if not isinstance(token, str) or not token:
            raise ReportFailed("Pinterest answered the report request without a token; try again.")
        return token

    async def status(self, part: Part) -> dict[str, Any]:
        answer = await self.send(part.poll, {"ad_account_id": self.args.ad_account_id, "token": part.token})
        self.polls += 1
        data = answer.get("data", answer) if isinstance(answer, dict) else {}  # MMM answers wrap it in `data`
        return data if isinstance(data, dict) else {}

    async def wait(self, parts: list[Part]) -> None:
        """Poll until every part is downloaded, with capped backoff; `StillWorking` when the call's time runs out."""
        self.progress.total = 2 * len(parts) + 1
        delay = FIRST_POLL
        while True:
            for part in parts:
                if not part.done:
                    await self.poll_once(part)
            finished = sum(p.done for p in parts)
            if finished == len(parts):
                return
            if delay > self.left():
                raise StillWorking
            waited = self.waits.clock() - self.started
            fraction = 1 - 0.5 ** (self.polls / max(1, len(parts)))
            await self.progress.at(
                len(parts) + finished + fraction * 0.9,
                f"{finished} of {len(parts)} reports ready; next check in {delay:.0f} s ({waited:.0f} s waited)",
            )
            await self.waits.sleep(delay)
            delay = min(delay * BACKOFF, MAX_POLL)

    async def poll_once(self, part: Part) -> None:
        kept = await anyio.to_thread.run_sync(self.saved, part) if self.resuming else None
        if kept is not None:  # downloaded here by an earlier call: read it again, ask Pinterest nothing
            part.path = kept
            part.digest = await self.read(kept)
            part.done = True
            return
        what = f"report {part.label} (token {part.token})"
        data = await self.status(part)
        status = status_of(data, what)
        if status in FINAL:
            raise ReportFailed(f"Report {part.label} (token {part.token}) is {status}: {FINAL[status]}")
        if status != DONE:
            return
        from pinterest_mcp.answers.report_files import ReportFileError

        try:
            try:
                part.path = await self.download(part, data.get("url"))
            except LinkExpired:
                renewed = await self.status(part)  # the report lives an hour; a new link lives five minutes
                state = status_of(renewed, what)
                if state != DONE:
                    raise ReportFailed(
                        f"Report {part.label} (token {part.token}) is {state}: {FINAL.get(state, '')}"
                    ) from None
                part.path = await self.download(part, renewed.get("url"))
        except LinkExpired:
            raise ReportFailed(
                f"The download link of report {part.label} expired twice before it could be fetched (links "
                f"last 5 minutes). Call run_report again with token={self.resume_with(part)} to fetch it while it "
                "is kept."
            ) from None
        except DownloadTimedOut as exc:
            if exc.deadline < self.waits.download_deadline:  # the call's time ran out, not the link's
                raise StillWorking from None
            raise ReportFailed(
                f"Report {part.label}: the download did not finish within {exc.deadline:g} s (the link is slow "
                f"or stalled). Call run_report again with token={self.resume_with(part)} to download it again; "
                "Pinterest keeps a report an hour."
            ) from None
        except ReportFileError as exc:
            raise ReportFailed(f"Report {part.label} (token {part.token}): {exc}.") from None
        part.digest = await self.read(part.path)
        part.done = True
        done = sum(1 for p in self.parts if p.done)
        await self.progress.at(len(self.parts) + done, f"downloaded {part.label}")

    async def download(self, part: Part, url: Any) -> Path:
        """Fetch `part`'s file from `url` (the link a FINISHED answer carried) to the reports folder."""
        from pinterest_mcp.answers.report_files import ReportFileError

        if not isinstance(url, str) or not url:
            raise ReportFileError("the FINISHED report came without a download link")
        deadline = min(self.waits.download_deadline, max(1.0, self.left()))
        return await fetch(self.runtime, url, self.folder(), self.stem(part), self.waits, deadline=deadline)

    def folder(self) -> Path:
        from pinterest_mcp.config.paths import data_dir

        return data_dir(self.runtime.env) / "reports"

    def stem(self, part: Part) -> str:
        from pinterest_mcp.answers.report_files import safe_name

        return safe_name(self.args.ad_account_id, part.label.replace("..", "_"), part.token[:16])

    def saved(self, part: Part) -> Path | None:
        """`part`'s file if this machine downloaded it already (blocking: run it in a worker thread)."""
        for extension in ("json", "csv"):
            path = self.folder() / f"{self.stem(part)}.{extension}"
            if path.is_file():
                return path
        return None

    async def read(self, path: Path) -> Digest:
        """The saved file's digest, read in a worker thread (the event loop serves other sessions meanwhile)."""
        from pinterest_mcp.answers.report_files import ReportFileError, digest_file

        try:
            return await anyio.to_thread.run_sync(digest_file, path, self.args.offset + self.args.rows)
        except ReportFileError as exc:
            raise ReportFailed(f"Report saved at {path}, but {exc}.") from None

    def policy(self) -> DownloadPolicy:
        return policy_of(self.runtime)

    async def run(self) -> dict[str, Any]:
        self.runtime.check_ad_account(self.args)
        if self.args.date_range is not None:  # the account owner's dates, echoed in the answer
            from pinterest_mcp.answers.report_dates import absolute

            self.args, self.dates = await absolute(self.runtime, NAME, self.args)
        try:
            self.parts = await self.submit()
            await self.wait(self.parts)
        except StillWorking:
            return self.pending()
        currency = await self.runtime.currency(self.args.ad_account_id)
        await self.progress.at(self.progress.total, f"{len(self.parts)} report(s) downloaded")
        return await self.named(self.answer(currency))

    def pending(self) -> dict[str, Any]:
        """What a call that ran out of time knows: the handle to go on with, and how far the run got."""
        ready = sum(p.done for p in self.parts)
        token = self.handle or next((p.token for p in self.parts if not p.done), self.args.token)
        about: dict[str, Any] = {"parts": len(self.parts), "ready": ready, **(self.asked or {}), "token": token}
        return {
            "report": about,
            "status": "IN_PROGRESS",
            "next": f"call run_report with token={token} to go on (Pinterest keeps a report an hour)",
        }

    async def named(self, out: dict[str, Any]) -> dict[str, Any]:
        """The answer with its rows' entities named (`answers.names`), fewer rows if names overflow it."""
        from pinterest_mcp.answers.names import named
        from pinterest_mcp.answers.report_files import estimate_tokens

        out = await named(self.runtime, self.args.ad_account_id, out, rows=len(out.get("rows") or ()))
        while estimate_tokens(out) > MAX_ANSWER_TOKENS and out.get("rows"):
            out["rows"] = out["rows"][: len(out["rows"]) // 2]
            out["truncated"] = self.shown(len(out["rows"]), out["summary"]["row_count"])
        return out

    def shown(self, count: int, total: int) -> str:
        """Which rows an answer shows, and how to ask for the next ones."""
        first = self.args.offset
        text = f"rows {first + 1}-{first + count} of {total}" if count else f"no rows from offset {first} of {total}"
        text += " (the saved file has every row)"
        if first + count < total and self.handle:
            text += f"; next: token={self.handle}, offset={first + count}"
        return text

    def answer(self, currency: str | None) -> dict[str, Any]:
        from pinterest_mcp.answers.report_files import Digest, estimate_tokens

        digest = Digest(self.args.offset + self.args.rows)
        for part in self.parts:
            if part.digest is not None:
                digest.merge(part.digest)
        args = self.args
        about: dict[str, Any] = {"parts": len(self.parts)}
        if self.asked is not None:
            about |= self.asked
        elif args.token:
            about["token"] = args.token
        if self.handle:
            about["token"] = self.handle  # run_report(token=...) fetches it again, on any replica
        if self.dates is not None:
            about["dates"] = self.dates
        files = [str(p.path) for p in self.parts if p.path]
        total = digest.row_count
        limit = max(0, min(args.rows, total - args.offset))
        out: dict[str, Any] = {}
        while True:
            shown = digest.table(currency, limit, start=args.offset)
            out = {"report": about, "summary": digest.summary(currency), **shown}
            out["file" if len(files) == 1 else "files"] = files[0] if len(files) == 1 else files
            if args.offset or args.offset + limit < total:
                out["truncated"] = self.shown(limit, total)
            if estimate_tokens(out) <= MAX_ANSWER_TOKENS or limit == 0:
                return out
            limit //= 2


async def fetch(
    runtime: Runtime, url: str, folder: Path, stem: str, waits: Waits | None = None, *, deadline: float | None = None
) -> Path:
    """A report (or bulk result) file from its pre-signed link, streamed to `folder/stem.json|csv`.

    Allowed links only (checked before any connection), gunzipped on the way, bounded in size,
    and within one total deadline (`Waits.download_deadline`): a link trickling a byte every few
    seconds ends in `DownloadTimedOut`, never an endless call. Writing and inflating run in a
    worker thread; a partial file never stays behind.
    """
    from pinterest_mcp.answers.report_files import FileSink, ReportFileError

    if deadline is None:
        deadline = (waits or waits_of(runtime)).download_deadline
    sink: FileSink | None = None
    try:
        with anyio.fail_after(deadline):
            await policy_of(runtime).check(url)
            client = await runtime.client()
            # Pre-signed link: no bearer token (auth=None), and a redirect is never followed.
            async with client.http.stream("GET", url, auth=None, follow_redirects=False) as response:
                if response.status_code in (400, 403):
                    raise LinkExpired(url)
                if response.status_code != 200:
                    raise ReportFileError(f"the report download answered HTTP {response.status_code}")
                sink = await anyio.to_thread.run_sync(FileSink, folder, stem)
                async for chunk in response.aiter_bytes():
                    await anyio.to_thread.run_sync(sink.write, chunk)
            path: Path = await anyio.to_thread.run_sync(sink.close)
            sink = None
            return path
    except TimeoutError:
        raise DownloadTimedOut(deadline) from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise ReportFileError(f"the report download failed ({type(exc).__name__}); try again") from None
    finally:
        if sink is not None:
            with anyio.CancelScope(shield=True):  # a cancelled call leaves no partial file either
                await anyio.to_thread.run_sync(sink.discard)


def policy_of(runtime: Runtime) -> DownloadPolicy:
    """Pinterest's report hosts; in the demo, exactly the emulator's origin as well.

    A demo connector's grants run with `demo` off (they sign in like real users) but their Pinterest
    is the emulator (`Runtime.emulated`): the same origin.
    """
    from pinterest_mcp.answers.report_files import DownloadPolicy

    if not (runtime.settings.demo or runtime.emulated):
        return DownloadPolicy()
    demo = urlsplit(DEMO_BASE_URL)
    return DownloadPolicy(demo_origin=f"{demo.scheme}://{demo.netloc}")


class LinkExpired(Exception):
    """The pre-signed download link answered 400/403: it expired (or was never valid)."""


class RunReportTool(DeclaredTool):
    """The `run_report` tool: built on its first call; `DeferredTool` lists it until then."""

    declaration = Declaration(NAME, "Run a report", DESCRIPTION, read_only=True, toolset=TOOLSET, scopes=("ads:read",))

    @classmethod
    def input_model(cls) -> type[RunReport]:
        from pinterest_mcp.operations.reports import RunReport

        return RunReport

    async def answer(self, args: RunReport, context: Context[Any, Any]) -> CallToolResult:
        run = ReportRun(self.runtime, args, context, waits_of(self.runtime))
        result = answered(await run.run())
        if run.handle and all(p.done for p in run.parts):
            result.content.append(report_link(run.handle))
        return result


def report_link(handle: str) -> ResourceLink:
    """The answer's link to the whole report as CSV (`server.resources` offers it), its owner's only."""
    from pinterest_mcp.server.resources import REPORT_URI

    return ResourceLink(
        type="resource_link",
        uri=REPORT_URI.format(handle=handle),
        name=f"report-{handle}",
        title="Report (CSV)",
        mime_type="text/csv",
    )


class _Unheard:
    """A context for a run no client watches (a resource read): progress goes nowhere."""

    async def report_progress(self, progress: float, total: float | None = None, message: str | None = None) -> None:
        return None


async def report_csv(runtime: Runtime, handle: str) -> str:
    """The whole report a `run_report` handle names, as CSV: the resource `report_link` points to.

    Only the handle's owner finds it (`ReportHandles` is per user), only within their ad accounts;
    a part this machine has not downloaded is fetched through the same allowlisted downloader, within
    the same call deadline. Micro-unit money stays as Pinterest wrote it, as in the saved file.
    """
    from pinterest_mcp.answers.report_handles import is_handle
    from pinterest_mcp.operations.reports import RunReport

    run = await runtime.report_handles.load(handle) if is_handle(handle) else None
    if run is None:
        raise ResourceError(f"No report {handle} of yours: it expired (an hour) or was never made; run it again.")
    args = RunReport.model_validate({"ad_account_id": run.get("ad_account_id"), "token": handle})
    report = ReportRun(runtime, args, cast("Context[Any, Any]", _Unheard()), waits_of(runtime))
    try:
        runtime.check_ad_account(args)
        report.parts = await report.submit()
        await report.wait(report.parts)
    except StillWorking:
        raise ResourceError(f"Report {handle} is still IN_PROGRESS; call run_report with token={handle}.") from None
    except ToolError as exc:
        raise ResourceError(str(exc)) from None
    paths = [p.path for p in report.parts if p.path is not None]
    return await anyio.to_thread.run_sync(_as_csv, paths)


def _as_csv(paths: list[Path]) -> str:
    """Every row of `paths` (report files, JSON or CSV) as one CSV text, columns in first-seen order."""
    import csv
    import io

    from pinterest_mcp.answers.report_files import LEADING, iter_rows

    columns: dict[str, None] = {}
    for path in paths:
        with path.open("rb") as binary:
            for row in iter_rows(binary):
                columns.update(dict.fromkeys(row))
    names = [n for n in LEADING if n in columns] + [n for n in columns if n not in LEADING]
    out = io.StringIO()
    writer = csv.DictWriter(out, names, lineterminator="\n")
    writer.writeheader()
    for path in paths:
        with path.open("rb") as binary:
            writer.writerows(iter_rows(binary))
    return out.getvalue()
