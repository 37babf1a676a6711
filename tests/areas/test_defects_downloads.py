"""Report and bulk downloads under hostile links and files, through a real MCP client against the emulator.

The emulator answers every API request; only its download links are served by the test (a
transport in front of it), so a link can stall, trickle, or carry a gzip bomb. Nothing waits on
a timer: a stalled link is cut by the download deadline the test sets small, and every call is
bounded by `anyio.fail_after`.
"""

from __future__ import annotations

import gzip
import json
import time
import tracemalloc
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client

from pinterest_mcp.answers import report_files
from pinterest_mcp.answers.report_files import REPORT_HOSTS, DownloadPolicy, ReportFileError, check_url, digest_file
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.composite.run_report import Waits, use_waits
from support.tools import text_of

pytestmark = pytest.mark.anyio
USD = "549755856399"
REPORTS = "/ad_accounts/{ad_account_id}/reports"
BULK_POLL = "/ad_accounts/{ad_account_id}/bulk/{bulk_request_id}"
DAYS = {"start_date": "2026-01-05", "end_date": "2026-01-10"}
HEADER = "DATE,CAMPAIGN_ID,CAMPAIGN_NAME,SPEND_IN_MICRO_DOLLAR,PAID_IMPRESSION,TOTAL_CLICKTHROUGH\n"

Serve = Callable[[httpx.Request], httpx.Response]


class Stall(httpx.AsyncByteStream):
    """A body that sends one byte and then nothing more, ever (a link trickling slower than any deadline)."""

    def __init__(self) -> None:
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"D"
        await anyio.sleep_forever()

    async def aclose(self) -> None:
        self.closed = True


class Links(httpx.AsyncBaseTransport):
    """The emulator, except that its download links are answered by `serve` (counted in `hits`)."""

    def __init__(self, emu: Emulator, serve: Serve) -> None:
        self.inner = httpx.ASGITransport(app=emu.app)
        self.serve = serve
        self.hits = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/downloads/"):
            self.hits += 1
            return self.serve(request)
        return await self.inner.handle_async_request(request)


class Still:
    """`run_report`'s sleep and clock: sleeping only moves a number."""

    def __init__(self) -> None:
        self.now = 0.0

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def runtime_for(tmp_path: Path, transport: httpx.AsyncBaseTransport, deadline: float = 30.0) -> Runtime:
    settings = Settings(demo=True, toolsets=("default", "reports"))
    runtime = Runtime(settings, transport=transport, env={"XDG_DATA_HOME": str(tmp_path)})
    still = Still()
    use_waits(runtime, Waits(sleep=still.sleep, clock=lambda: still.now, download_deadline=deadline))
    return runtime


async def call(runtime: Runtime, tool: str, arguments: dict[str, Any]) -> tuple[bool, str]:
    async with Client(build_server(runtime.settings, runtime)) as client:
        with anyio.fail_after(60):
            result = await client.call_tool(tool, arguments)
    text: str = text_of(result)
    return bool(result.is_error), text


def csv_body(rows: int, name: str = "Summer sale") -> bytes:
    line = f"2026-01-05,123456789012,{name},1234567,1000,12\n"
    return (HEADER + line * rows).encode()


# 1. A total deadline on every download.


async def test_a_stalled_report_link_ends_at_the_download_deadline_naming_the_token(tmp_path: Path) -> None:
    stall = Stall()
    links = Links(Emulator(seed=7), lambda _: httpx.Response(200, stream=stall))
    started = time.monotonic()
    failed, text = await call(runtime_for(tmp_path, links, deadline=0.3), "run_report", {"ad_account_id": USD, **DAYS})
    assert failed and "did not finish within 0.3 s" in text
    assert "the download did not finish within" in text and "run_report again with token=" in text
    assert links.hits == 1 and stall.closed and time.monotonic() - started < 30
    assert not list((tmp_path / "pinterest-mcp").rglob("*.part"))  # no partial file stays behind


async def test_a_stalled_bulk_link_ends_at_the_download_deadline_naming_the_request(tmp_path: Path) -> None:
    links = Links(Emulator(seed=7), lambda _: httpx.Response(200, stream=Stall()))
    runtime = runtime_for(tmp_path, links, deadline=0.3)
    failed, text = await call(runtime, "run_bulk_download", {"ad_account_id": USD, "entity_types": ["CAMPAIGN"]})
    assert failed and "the download did not finish within" in text
    assert "run_bulk_download again with request_id=" in text and links.hits == 1


# 2. Streaming, off the event loop, with byte and row caps.


@pytest.mark.slow
async def test_a_gzip_bomb_report_is_streamed_with_bounded_memory(tmp_path: Path) -> None:
    """60 MB of CSV in 0.2 MB of gzip: kept on disk decompressed, never whole in memory."""
    wide = csv_body(600, "x" * 100_000)  # 600 rows of 100 KB
    bomb = gzip.compress(wide, 9)
    assert len(wide) > 57 * 2**20 and len(bomb) < 2**20
    links = Links(Emulator(seed=7), lambda _: httpx.Response(200, content=bomb))
    runtime = runtime_for(tmp_path, links)
    tracemalloc.start()
    try:
        failed, text = await call(runtime, "run_report", {"ad_account_id": USD, "rows": 1, **DAYS})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not failed, text
    answer = json.loads(text)
    assert answer["summary"]["row_count"] == 600 and answer["summary"]["totals"]["impressions"] == 600_000
    assert Path(answer["file"]).stat().st_size == len(wide)
    print(f"peak {peak / 2**20:.1f} MB")
    assert peak < 40 * 2**20, f"peak {peak / 2**20:.0f} MB for a {len(wide) / 2**20:.0f} MB report"


@pytest.mark.slow
async def test_parsing_a_large_report_leaves_the_event_loop_responsive(tmp_path: Path) -> None:
    body = gzip.compress(csv_body(120_000))  # 8 MB, 120,000 rows
    links = Links(Emulator(seed=7), lambda _: httpx.Response(200, content=body))
    runtime = runtime_for(tmp_path, links)
    gaps: list[float] = []
    answer: dict[str, Any] = {}

    async def ticker(done: anyio.Event) -> None:
        last = time.monotonic()
        while not done.is_set():
            await anyio.sleep(0)  # a bare checkpoint: it only waits for the loop to come round
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    async def run(done: anyio.Event) -> None:
        failed, text = await call(runtime, "run_report", {"ad_account_id": USD, "rows": 5, **DAYS})
        assert not failed, text
        answer.update(json.loads(text))
        done.set()

    done = anyio.Event()
    async with anyio.create_task_group() as group:
        group.start_soon(ticker, done)
        group.start_soon(run, done)
    assert answer["summary"]["row_count"] == 120_000 and len(answer["rows"]) == 5
    assert answer["summary"]["totals"]["spend (USD)"] == round(120_000 * 1.234567, 2)
    print(f"longest event-loop gap {max(gaps):.3f} s")
    assert max(gaps) < 0.3, f"the event loop stalled {max(gaps):.2f} s"


async def test_a_report_past_the_decompressed_cap_is_refused_and_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_files, "MAX_FILE_BYTES", 2 * 2**20)
    bomb = gzip.compress(csv_body(60_000), 9)  # 4 MB decompressed
    links = Links(Emulator(seed=7), lambda _: httpx.Response(200, content=bomb))
    failed, text = await call(runtime_for(tmp_path, links), "run_report", {"ad_account_id": USD, **DAYS})
    assert failed and "larger than 2 MB uncompressed" in text and "fewer days" in text
    assert not [p for p in (tmp_path / "pinterest-mcp").rglob("*") if p.is_file()]


def test_the_row_cap_refuses_a_file_with_more_rows(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(csv_body(11))
    assert digest_file(path, 3, max_rows=11).row_count == 11
    with pytest.raises(ReportFileError, match="more than 10 rows"):
        digest_file(path, 3, max_rows=10)


@pytest.mark.slow
def test_streamed_json_reads_values_split_across_reads(tmp_path: Path) -> None:
    """A JSON report read in 1 MB pieces: rows cut at a piece boundary are read whole."""
    rows = {str(i): [{"CAMPAIGN_ID": str(i), "SPEND_IN_MICRO_DOLLAR": i, "PAID_IMPRESSION": 10}] for i in range(40_000)}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(rows))
    assert path.stat().st_size > 2 * 2**20
    digest = digest_file(path, 2)
    assert digest.row_count == 40_000 and digest.sums[""]["SPEND_IN_MICRO_DOLLAR"] == sum(range(40_000))
    with pytest.raises(ReportFileError, match="not valid JSON"):
        path.write_text(json.dumps(rows)[:-5])
        digest_file(path, 2)


# 3. Malformed links are refused before any connect.

MALFORMED = [
    "http://emulator.local:99999/downloads/reports/x.json",
    "http://emulator.local:port/downloads/reports/x.json",
    "http://emulator.local/downloads/reports/x\r\nHost: evil.json",
    "http://emulator.local/downloads/\x00x.json",
    "http://emulator.local/downloads/reports/" + "a" * 100_000,
    "http://[emulator.local/downloads/x.json",
]


@pytest.mark.parametrize("url", MALFORMED, ids=["port-range", "port-text", "crlf", "nul", "100k", "bracket"])
async def test_a_malformed_report_link_is_refused_before_any_connect(tmp_path: Path, url: str) -> None:
    emu = Emulator(seed=7)
    emu.inject_fault("GET", REPORTS, status=200, body={"report_status": "FINISHED", "url": url, "size": 1})
    links = Links(emu, lambda _: httpx.Response(200, content=csv_body(1)))
    failed, text = await call(runtime_for(tmp_path, links), "run_report", {"ad_account_id": USD, **DAYS})
    assert failed and "refused report link" in text and "token" in text, text
    assert links.hits == 0


# 4. Exact report hosts; only globally routable addresses.


async def test_only_pinterest_report_buckets_are_allowed_exactly() -> None:
    async def public(host: str) -> list[str]:
        return ["52.216.0.1", "2600:1f18:4000::1"]

    policy = DownloadPolicy(resolve=public)
    for host in ("pinterest-waterloo.s3.us-east-1.amazonaws.com", "pinterest-anaheim.s3.amazonaws.com"):
        assert host in REPORT_HOSTS
        await policy.check(f"https://{host}/async_reporting_v3/r.csv?X-Amz-Signature=1")
    for url in (
        "https://pinterest-evil.s3.amazonaws.com/r.json",
        "https://pinterestattacker.s3.amazonaws.com/r.json",
        "https://pinterest-waterloo.evil.amazonaws.com/r.json",
        "https://pinterest-waterloo.execute-api.us-east-1.amazonaws.com/r.json",
        "https://x.pinterest-waterloo.s3.amazonaws.com/r.json",
        "https://reports.pinterest.com/r.json",
        "https://pinterest-waterloo.s3.amazonaws.com:8443/r.json",
    ):
        with pytest.raises(ReportFileError, match="refused report link"):
            await policy.check(url)


@pytest.mark.parametrize(
    "address",
    [
        "100.64.0.1",  # carrier-grade NAT
        "192.0.0.9",  # IETF protocol assignments
        "198.18.0.1",  # benchmarking
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of the cloud metadata address
        "::ffff:10.0.0.1",  # IPv4-mapped
        "::ffff:169.254.169.254",
        "fd00::1",
        "fe80::1%eth0",
        "::1",
    ],
)
async def test_a_report_host_on_a_non_global_address_is_refused(address: str) -> None:
    async def resolve(host: str) -> list[str]:
        return ["52.216.0.1", address]

    with pytest.raises(ReportFileError, match="private or loopback"):
        await DownloadPolicy(resolve=resolve).check("https://pinterest-waterloo.s3.amazonaws.com/r.json")


def test_link_checks_name_the_problem() -> None:
    assert check_url("https://pinterest-tolu.s3.amazonaws.com/a?b=c").hostname == "pinterest-tolu.s3.amazonaws.com"
    for url, problem in (
        ("https://h:65536/x", "port"),
        ("https://h/x y", "control characters"),
        ("https://" + "h" * 9000, "characters, more than"),
        ("ftp://h/x", "only https"),
        ("https:///x", "no host"),
        ("https://u:p@h/x", "credentials"),
    ):
        with pytest.raises(ReportFileError, match=problem):
            check_url(url)


# 5. Unexpected status shapes are clean errors.


@pytest.mark.parametrize("status", [{"state": "FINISHED"}, ["FINISHED"], 7, None])
async def test_an_unexpected_report_status_shape_is_a_clean_error(tmp_path: Path, status: Any) -> None:
    emu = Emulator(seed=7)
    emu.inject_fault("GET", REPORTS, status=200, body={"report_status": status, "url": None})
    failed, text = await call(runtime_for(tmp_path, Links(emu, lambda _: httpx.Response(404))), "run_report", DAYS_ACCT)
    assert failed and "unexpected shape" in text and "report_status" in text and "Error executing" not in text


async def test_an_unexpected_create_or_bulk_answer_shape_is_a_clean_error(tmp_path: Path) -> None:
    emu = Emulator(seed=7)
    emu.inject_fault("POST", REPORTS, status=200, body={"report_status": {"x": 1}, "token": {"x": 1}})
    emu.inject_fault("GET", BULK_POLL, status=200, body={"status": {"x": 1}, "result_url": ["x"]})
    runtime = runtime_for(tmp_path, Links(emu, lambda _: httpx.Response(404)))
    failed, text = await call(runtime, "run_report", DAYS_ACCT)
    assert failed and "without a token" in text
    failed, text = await call(runtime, "run_bulk_download", {"ad_account_id": USD, "entity_types": ["CAMPAIGN"]})
    assert failed and "unexpected shape" in text and "request_id=" in text


DAYS_ACCT = {"ad_account_id": USD, **DAYS}
