"""Report files: where a download may come from, fetching it to disk, and the table it becomes.

A FINISHED report's link is pre-signed and short-lived (five minutes), so it is fetched at once,
without our bearer token (it is not Pinterest's API host), without following redirects, and only
from Pinterest's report buckets over https (`REPORT_HOSTS`: the exact S3 hosts of Pinterest's own
buckets; a look-alike bucket or any other subdomain is refused). The link is checked before any
connection (`check_url`): a bounded length, no control characters, a valid port, https. Outside
`--demo` a host must resolve only to globally routable addresses (`_public`), including the IPv4
inside 6to4, Teredo, NAT64 and IPv4-mapped IPv6 addresses, so a link can never reach into the
user's network; the demo allows exactly the embedded emulator's origin.

A download is streamed straight to its file (`FileSink`): gunzipped on the way when it is gzip,
bounded by `MAX_FILE_BYTES` decompressed, and never held whole in memory. Reading it back is
streaming too (`iter_rows`: CSV row by row, JSON one row object at a time), run off the event
loop by the callers, and folded into a `Digest` (counts, totals, the first rows in table order),
so a 100 MB report costs a few MB of memory and never freezes other sessions.

Pinterest serves JSON (an object mapping each entity id, or date, to its rows; or a list of rows)
or CSV with a header row; either may arrive gzip-compressed. Files are kept under the user data
directory (`reports/`, mode 0600), decompressed, and the answer carries a compact table of them.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import heapq
import io
import ipaddress
import itertools
import json
import os
import re
import time
import zlib
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import SplitResult, urlsplit

REPORT_BUCKETS = (
    "pinterest-aberdeen", "pinterest-anaheim", "pinterest-hilo", "pinterest-milwaukee", "pinterest-plymouth",
    "pinterest-poughkeepsie", "pinterest-salvador", "pinterest-tolu", "pinterest-waterloo", "pinterest-yamagata",
    "advertising-delivery-metric-reports",
)  # fmt: skip
"""Pinterest's S3 buckets its pre-signed report and bulk links point into (the spec's bulk example
names `pinterest-waterloo`; Pinterest's own pages list the rest as theirs)."""
S3_ENDPOINTS = ("s3.amazonaws.com", "s3.us-east-1.amazonaws.com")
REPORT_HOSTS = frozenset(f"{bucket}.{endpoint}" for bucket in REPORT_BUCKETS for endpoint in S3_ENDPOINTS)
"""Every host a report link may name, exactly: a virtual-hosted S3 bucket of Pinterest's."""
MAX_URL_LENGTH = 8192
"""The longest link followed; a pre-signed S3 link with a session token is about 1,500 characters."""
MAX_FILE_BYTES = 200 * 1024 * 1024
"""The largest report file kept (after decompression, and on the wire); larger needs a narrower request."""
MAX_ROWS = 2_000_000
"""The most rows a report file is read for; more needs a narrower request (the file is kept)."""
_CHUNK = 1 << 20
"""Bytes decompressed or read at a time: what bounds memory, whatever the file's size."""
_MAX_JSON_ITEM = 8 * 1024 * 1024
"""The largest single JSON row object read; Pinterest's rows are a few KB."""
_GZIP_MAGIC = b"\x1f\x8b"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_SPECIAL = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "198.18.0.0/15",
        "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "2001::/23", "2001:db8::/32", "fc00::/7", "fe80::/10",
    )
)  # fmt: skip
"""Ranges refused even where `is_global` lets them through on some Python versions."""

Resolve = Callable[[str], Awaitable[list[str]]]


class ReportFileError(Exception):
    """A report file that cannot be fetched or read; the message says why and what to do."""


async def resolve_host(host: str) -> list[str]:
    """The IP addresses `host` resolves to (the system resolver, off the event loop)."""
    import anyio

    infos = await anyio.getaddrinfo(host, 443)
    return [str(info[4][0]) for info in infos]


def _public(address: str) -> bool:
    """Whether `address` is globally routable, including any IPv4 address an IPv6 one carries."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and any(ip in net for net in _NAT64):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return _public(str(embedded))
    if any(ip in net for net in _SPECIAL if net.version == ip.version):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_loopback)


def check_url(url: str) -> SplitResult:
    """`url` split, or `ReportFileError` when it is not a well-formed https link (checked before any connect)."""
    if not isinstance(url, str) or not url:
        raise ReportFileError("refused report link: it is empty")
    if len(url) > MAX_URL_LENGTH:
        raise ReportFileError(f"refused report link: it is {len(url)} characters, more than {MAX_URL_LENGTH}")
    if _CONTROL.search(url):
        raise ReportFileError("refused report link: it holds spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ReportFileError("refused report link: it is not a valid URL (host or port)") from None
    if parts.scheme not in ("http", "https"):
        raise ReportFileError(f"refused report link: it is {parts.scheme or 'not'} http(s), and only https is fetched")
    if not parts.hostname:
        raise ReportFileError("refused report link: it names no host")
    if parts.username is not None or parts.password is not None:
        raise ReportFileError("refused report link: it carries credentials")
    if port is not None and not 0 < port < 65536:
        raise ReportFileError("refused report link: its port is not valid")
    return parts


@dataclass(frozen=True)
class DownloadPolicy:
    """Which report links may be fetched: Pinterest's report buckets over https; in the demo, the emulator's origin."""

    demo_origin: str | None = None
    resolve: Resolve = resolve_host

    async def check(self, url: str) -> None:
        """Raise `ReportFileError` unless `url` is a link this server may fetch."""
        parts = check_url(url)
        host = (parts.hostname or "").lower().rstrip(".")
        if self.demo_origin is not None and f"{parts.scheme}://{parts.netloc}" == self.demo_origin:
            return
        if parts.scheme != "https":
            raise ReportFileError(f"refused report link: it is {parts.scheme}, and only https is fetched")
        if parts.port not in (None, 443):
            raise ReportFileError("refused report link: it names an unusual port")
        if host not in REPORT_HOSTS:
            raise ReportFileError(
                f"refused report link to {host}: reports are fetched only from Pinterest's report buckets "
                f"({', '.join(REPORT_BUCKETS[:2])}, …) on {S3_ENDPOINTS[0]}"
            )
        try:
            addresses = await self.resolve(host)
        except OSError as exc:
            raise ReportFileError(f"could not resolve the report host {host}: {exc}") from None
        if not addresses or not all(_public(a) for a in addresses):
            raise ReportFileError(f"refused report link: {host} resolves to a private or loopback address")


class FileSink:
    """A download written to `folder/stem.json|csv` as it arrives: gunzipped when gzip, within `MAX_FILE_BYTES`.

    `write` and `close` do blocking file I/O and CPU-bound inflation: callers run them in a
    worker thread. The file appears under its name only when complete (`close`); `discard`
    removes a partial one.
    """

    def __init__(self, folder: Path, stem: str, limit: int | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        self.folder = folder
        self.stem = stem
        self.limit = MAX_FILE_BYTES if limit is None else limit
        self.size = 0
        self.wire = 0
        self.first = b""
        self._head = b""
        self._inflater: Any = None
        self._gzip: bool | None = None
        self._partial = folder / f"{stem}.part"
        descriptor = os.open(self._partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self._out: IO[bytes] = os.fdopen(descriptor, "wb")

    def write(self, chunk: bytes) -> None:
        """Add the next bytes as received."""
        self.wire += len(chunk)
        if self.wire > self.limit:
            raise self._too_large()
        if self._gzip is None:
            self._head += chunk
            if len(self._head) < len(_GZIP_MAGIC):
                return
            chunk, self._head = self._head, b""
            self._gzip = chunk.startswith(_GZIP_MAGIC)
        if not self._gzip:
            self._emit(chunk)
            return
        self._inflate(chunk)

    def _inflate(self, data: bytes) -> None:
        try:
            while data:
                if self._inflater is None:
                    self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._emit(self._inflater.decompress(data, _CHUNK))
                data = self._inflater.unconsumed_tail
                if self._inflater.eof:  # a next gzip member may follow (concatenated gzip)
                    data = self._inflater.unused_data + data
                    self._inflater = None
        except zlib.error as exc:
            raise ReportFileError(f"the report file is damaged gzip: {exc}") from None

    def _emit(self, data: bytes) -> None:
        if not data:
            return
        self.size += len(data)
        if self.size > self.limit:
            raise self._too_large()
        if len(self.first) < 64:
            self.first = (self.first + data[:64])[:64]
        self._out.write(data)

    def _too_large(self) -> ReportFileError:
        return ReportFileError(
            f"the report is larger than {self.limit // 2**20} MB uncompressed, so it was not kept; "
            "ask for fewer days, a coarser granularity or fewer columns"
        )

    def close(self) -> Path:
        """Finish the file: flush any short head, check the gzip stream ended, name it by its content."""
        if self._head:
            self._gzip = False
            self._emit(self._head)
            self._head = b""
        if self._gzip and self._inflater is not None:
            self.discard()
            raise ReportFileError("the report file is damaged gzip: it ends before its last block")
        self._out.close()
        path = self.folder / f"{self.stem}.{self.extension}"
        os.replace(self._partial, path)
        os.chmod(path, 0o600)
        return path

    def discard(self) -> None:
        """Remove the partial file (a failed or refused download)."""
        self._out.close()
        self._partial.unlink(missing_ok=True)

    @property
    def extension(self) -> str:
        """`json` or `csv`, by the content's first bytes."""
        return "json" if is_json(self.first) else "csv"


def decompressed(content: bytes) -> bytes:
    """The file's bytes, gunzipped when it is a gzip file (bounded by `MAX_FILE_BYTES`)."""
    if not content.startswith(_GZIP_MAGIC):
        return content
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(content)) as unzipped:
            data = unzipped.read(MAX_FILE_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise ReportFileError(f"the report file is damaged gzip: {exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ReportFileError(f"the report is larger than {MAX_FILE_BYTES // 2**20} MB; ask for fewer days or columns")
    return data


def _cell(name: str, value: str) -> Any:
    """A CSV cell as JSON would carry it: numbers as numbers, ids and names as text, empty as null."""
    if value == "":
        return None
    if name.endswith(("_ID", "_NAME")) or not _NUMBER.match(value):
        return value
    number = float(value)
    return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number


class _JsonStream:
    """Incremental reading of one JSON document from text, one value at a time (bounded buffer)."""

    def __init__(self, text: IO[str]) -> None:
        self.text = text
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.decoder = json.JSONDecoder()

    def _fill(self, at_least: int = _CHUNK) -> None:
        if self.pos:
            self.buffer, self.pos = self.buffer[self.pos :], 0
        more = self.text.read(max(at_least, _CHUNK))
        if not more:
            self.eof = True
        self.buffer += more

    def peek(self) -> str:
        """The next non-blank character ('' at the end), left unread."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buffer) or self.eof:
                return self.buffer[self.pos : self.pos + 1]
            self._fill()

    def take(self, expected: str) -> None:
        found = self.peek()
        if found != expected:
            raise ReportFileError(
                f"the report file is not valid JSON: expected {expected!r}, found {found or 'the end'!r}"
            )
        self.pos += 1

    def value(self) -> Any:
        """The next whole JSON value; a value running past the buffer reads more first."""
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof:
                    raise ReportFileError(f"the report file is not valid JSON: {exc.msg}") from None
                value, end = None, -1
            if end != -1 and (end < len(self.buffer) or self.eof):
                self.pos = end
                return value
            if len(self.buffer) - self.pos > _MAX_JSON_ITEM:
                raise ReportFileError(f"the report file has a JSON value over {_MAX_JSON_ITEM // 2**20} MB")
            self._fill(len(self.buffer) - self.pos)

    def items(self) -> Iterator[Any]:
        """The values of the array that starts here."""
        self.take("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.peek() == ",":
                self.pos += 1
                continue
            self.take("]")
            return


Keyed = tuple[str | None, dict[str, Any] | None]
"""A row with the top-level key it was found under (None in a list or CSV); a None row marks a key
whose value is a list (it may be empty), so per-key counts include empty keys."""


def _json_keyed(text: IO[str]) -> Iterator[Keyed]:
    stream = _JsonStream(text)
    if stream.peek() == "[":
        for item in stream.items():
            if isinstance(item, dict):
                yield None, item
    else:
        stream.take("{")
        while stream.peek() != "}":
            key = stream.value()
            if not isinstance(key, str):
                raise ReportFileError("the report file is not valid JSON: an object key is not text")
            stream.take(":")
            if stream.peek() == "[":
                yield key, None
                for item in stream.items():
                    if isinstance(item, dict):
                        yield key, item
            elif isinstance(group := stream.value(), dict):
                yield key, group
            if stream.peek() == ",":
                stream.pos += 1
            elif stream.peek() != "}":
                raise ReportFileError("the report file is not valid JSON: expected ',' or '}'")
        stream.take("}")
    if stream.peek():
        raise ReportFileError("the report file is not valid JSON: extra data after the end")


def is_json(head: bytes) -> bool:
    """Whether a decompressed file starting with `head` is JSON (`{` or `[` first), not CSV."""
    return head.removeprefix(codecs.BOM_UTF8).lstrip()[:1] in (b"{", b"[")


_YIELD_EVERY = 500
"""Rows between explicit GIL hand-overs while digesting in a worker thread. CPython's switch request
alone was measured to leave the event loop waiting up to a second behind this loop on 2 cores;
sleeping 0 s every 500 rows keeps its longest gap in milliseconds at no measurable cost."""


def iter_keyed(binary: IO[bytes]) -> Iterator[Keyed]:
    """Every row of a decompressed report file (seekable), streamed, with the top-level key it sits under."""
    for count, keyed in enumerate(_keyed(binary), 1):
        if not count % _YIELD_EVERY:
            time.sleep(0)  # hand the GIL over: the event loop's thread waits for it (see _YIELD_EVERY)
        yield keyed


def _keyed(binary: IO[bytes]) -> Iterator[Keyed]:
    head = binary.read(4096)
    binary.seek(0)
    if not head.removeprefix(codecs.BOM_UTF8).strip():
        return
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="replace", newline="")
    if is_json(head):
        yield from _json_keyed(text)
        return
    try:
        for row in csv.DictReader(text):
            yield None, {name: _cell(name, value or "") for name, value in row.items() if name}
    except csv.Error as exc:
        raise ReportFileError(f"the report file is not valid CSV: {exc}") from None


def iter_rows(binary: IO[bytes]) -> Iterator[dict[str, Any]]:
    """Rows of a decompressed report file, streamed: JSON keyed by id or date, a JSON list, or CSV."""
    for key, row in iter_keyed(binary):
        if row is None:
            continue
        if key is not None and key not in {str(v) for v in row.values()}:  # the key is not already a column
            row = {("DATE" if _DATE.match(key) else "KEY"): key, **row}
        yield row


def parse_rows(content: bytes) -> list[dict[str, Any]]:
    """Rows of a small report file held in memory (gzip or not), in any shape Pinterest serves."""
    return list(iter_rows(io.BytesIO(decompressed(content))))


def safe_name(*parts: str) -> str:
    """A file name from `parts`, with anything but letters, digits, dot, dash and underscore replaced."""
    return "-".join(re.sub(r"[^A-Za-z0-9._]+", "_", part) for part in parts if part)


_MICRO = "_IN_MICRO_DOLLAR"
LEADING = (
    "DATE", "HOUR", "ADVERTISER_ID", "CAMPAIGN_ID", "CAMPAIGN_NAME", "AD_GROUP_ID", "AD_GROUP_NAME",
    "PIN_PROMOTION_ID", "AD_ID", "KEYWORD_ID", "TARGETING_TYPE", "TARGETING_VALUE",
)  # fmt: skip
TOTALS = {
    "spend": ("SPEND_IN_MICRO_DOLLAR", "SPEND_IN_DOLLAR"),
    "impressions": ("PAID_IMPRESSION", "TOTAL_IMPRESSION", "IMPRESSION_1"),
    "clicks": ("TOTAL_CLICKTHROUGH", "PAID_CLICKTHROUGH", "CLICKTHROUGH_1"),
}
"""Summary totals: the first of each metric's columns the report has."""


def _money(name: str, currency: str | None) -> str:
    return f"{name.removesuffix(_MICRO)} ({currency})" if currency and name.endswith(_MICRO) else name


def _value(name: str, value: Any, currency: str | None) -> Any:
    if currency and name.endswith(_MICRO) and isinstance(value, int | float):
        return round(value / 1_000_000, 2)
    return value


def _order(row: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(row.get(n) or "") for n in LEADING)


@dataclass
class Digest:
    """What an answer needs of a report's rows, read once and streamed: memory bounded by `keep` rows.

    The row count, the span of DATE values, each total column's sum, every column in first-seen
    order, and the first `keep` rows in table order (ids and date first), as sorting every row
    would give them.
    """

    keep: int
    row_count: int = 0
    first_date: str | None = None
    last_date: str | None = None
    columns: dict[str, None] = field(default_factory=dict)
    sums: dict[str, dict[str, int | float]] = field(default_factory=dict)
    """Column sums by targeting type ("" for a report that has none): each type splits the same spend."""
    top: list[dict[str, Any]] = field(default_factory=list)

    def read(self, rows: Iterable[dict[str, Any]], max_rows: int | None = None) -> Digest:
        """Fold `rows` in; more than `max_rows` (`MAX_ROWS`) is a `ReportFileError`: a narrower report is needed."""
        counted = self._counted(rows, MAX_ROWS if max_rows is None else max_rows)
        if self.keep:
            self.top = heapq.nsmallest(self.keep, itertools.chain(self.top, counted), key=_order)
        else:
            for _ in counted:
                pass
        return self

    def _counted(self, rows: Iterable[dict[str, Any]], max_rows: int) -> Iterator[dict[str, Any]]:
        candidates = {c for names in TOTALS.values() for c in names}
        for row in rows:
            self.row_count += 1
            if self.row_count > max_rows:
                raise ReportFileError(
                    f"the report has more than {max_rows:,} rows; ask for fewer days, a coarser granularity or level"
                )
            if len(row) != len(self.columns) or not row.keys() <= self.columns.keys():
                self.columns.update(dict.fromkeys(row))
            day = row.get("DATE")
            if day:
                day = str(day)
                self.first_date = day if self.first_date is None else min(self.first_date, day)
                self.last_date = day if self.last_date is None else max(self.last_date, day)
            sums = self.sums.setdefault(str(row.get("TARGETING_TYPE") or ""), {})
            for name in candidates & row.keys():
                value = row[name]
                if isinstance(value, int | float) and not isinstance(value, bool):
                    sums[name] = sums.get(name, 0) + value
            yield row

    def merge(self, other: Digest) -> Digest:
        """This digest and `other` (the next part of a split report) as one."""
        self.row_count += other.row_count
        dates = [d for d in (self.first_date, self.last_date, other.first_date, other.last_date) if d]
        self.first_date, self.last_date = (min(dates), max(dates)) if dates else (None, None)
        self.columns.update(other.columns)
        for kind, other_sums in other.sums.items():
            sums = self.sums.setdefault(kind, {})
            for name, value in other_sums.items():
                sums[name] = sums.get(name, 0) + value
        self.top = heapq.nsmallest(self.keep, [*self.top, *other.top], key=_order)
        return self

    def table(self, currency: str | None, limit: int, start: int = 0) -> dict[str, Any]:
        """Rows as one table: columns once (ids and date first), rows as arrays, `limit` of them from `start`.

        A page past the first needs a digest that kept `start + limit` rows.

        Micro-unit money columns are shown once, in the account's currency (`SPEND (USD)`); the
        saved file keeps Pinterest's micro-units.
        """
        names = [n for n in LEADING if n in self.columns] + [n for n in self.columns if n not in LEADING]
        shown = [[_value(n, row.get(n), currency) for n in names] for row in self.top[start : start + limit]]
        return {"columns": [_money(n, currency) for n in names], "rows": shown}

    def summary(self, currency: str | None) -> dict[str, Any]:
        """Row count, the span of DATE values, and spend / impressions / clicks totals where present.

        A targeting report's rows split the same spend once per targeting type, so its totals are per type.
        """
        out: dict[str, Any] = {"row_count": self.row_count}
        if self.first_date and self.last_date:
            out["date_span"] = [self.first_date, self.last_date]
        if any(self.sums.keys() - {""}):
            by_type = {kind: _totals(sums, currency) for kind, sums in self.sums.items()}
            if any(by_type.values()):
                out["totals_by_targeting_type"] = by_type
            return out
        totals = _totals(self.sums.get("", {}), currency)
        if totals:
            out["totals"] = totals
        return out


def _totals(sums: Mapping[str, int | float], currency: str | None) -> dict[str, Any]:
    totals: dict[str, Any] = {}
    for metric, candidates in TOTALS.items():
        column = next((c for c in candidates if c in sums), None)
        if column is None:
            continue
        total = sums[column]
        if column.endswith(_MICRO) and currency:
            totals[f"{metric} ({currency})"] = round(total / 1_000_000, 2)
        else:
            totals[metric] = round(total, 2) if isinstance(total, float) else total
    return totals


def summary(rows: Iterable[dict[str, Any]], currency: str | None) -> dict[str, Any]:
    """The summary of rows already in memory (a digest that keeps none of them)."""
    return Digest(0).read(rows).summary(currency)


def digest_file(path: Path, keep: int, max_rows: int | None = None) -> Digest:
    """The digest of a saved (decompressed) report file, read as a stream: run it in a worker thread."""
    with path.open("rb") as binary:
        return Digest(keep).read(iter_rows(binary), max_rows)


def estimate_tokens(data: Mapping[str, Any]) -> int:
    """A cheap estimate of cl100k tokens in compact JSON (about 3.5 characters each for tables)."""
    return int(len(json.dumps(data, separators=(",", ":"), ensure_ascii=False)) / 3.5) + 1
