"""Report files: where a download may come from, reading one, saving it, and the table it becomes.

A FINISHED report's link is pre-signed and short-lived (five minutes), so it is fetched at once,
without our bearer token (it is not Pinterest's API host), without following redirects, and only
from Pinterest's report hosts over https (`REPORT_HOSTS`: Pinterest's own domains and its
`pinterest-*` S3 buckets). Outside `--demo` a host that resolves to a private, loopback or
link-local address is refused too, so a link can never reach into the user's network; the demo
allows exactly the embedded emulator's origin.

Pinterest serves JSON (an object mapping each entity id, or date, to its rows; or a list of rows)
or CSV with a header row; either may arrive gzip-compressed. Files are kept byte for byte under the
user data directory (`reports/`, mode 0600) and the answer carries a compact table of them.
"""

from __future__ import annotations

import csv
import gzip
import io
import ipaddress
import json
import os
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPORT_HOSTS = (".pinterest.com", ".pinimg.com", ".amazonaws.com")
"""Host suffixes a report link may name; an `amazonaws.com` host must be a `pinterest-*` bucket."""
S3_BUCKET_PREFIX = "pinterest"
MAX_FILE_BYTES = 100 * 1024 * 1024
"""The largest report file read (after decompression); larger reports need a narrower request."""
_GZIP_MAGIC = b"\x1f\x8b"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Resolve = Callable[[str], Awaitable[list[str]]]


class ReportFileError(Exception):
    """A report file that cannot be fetched or read; the message says why and what to do."""


async def resolve_host(host: str) -> list[str]:
    """The IP addresses `host` resolves to (the system resolver, off the event loop)."""
    import anyio

    infos = await anyio.getaddrinfo(host, 443)
    return [str(info[4][0]) for info in infos]


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified
    )


@dataclass(frozen=True)
class DownloadPolicy:
    """Which report links may be fetched: Pinterest's hosts over https; in the demo, the emulator's origin."""

    demo_origin: str | None = None
    resolve: Resolve = resolve_host

    async def check(self, url: str) -> None:
        """Raise `ReportFileError` unless `url` is a link this server may fetch."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        if self.demo_origin is not None and f"{parts.scheme}://{parts.netloc}" == self.demo_origin:
            return
        if parts.scheme != "https":
            raise ReportFileError(
                f"refused report link: it is {parts.scheme or 'not'} http(s), and only https is fetched"
            )
        if parts.username or parts.password or parts.port not in (None, 443):
            raise ReportFileError("refused report link: it carries credentials or an unusual port")
        if not _allowed_host(host):
            raise ReportFileError(
                f"refused report link to {host or 'no host'}: reports are fetched only from Pinterest's hosts "
                f"({', '.join(REPORT_HOSTS)}, S3 buckets {S3_BUCKET_PREFIX}-*)"
            )
        try:
            addresses = await self.resolve(host)
        except OSError as exc:
            raise ReportFileError(f"could not resolve the report host {host}: {exc}") from None
        if not addresses or not all(_public(a) for a in addresses):
            raise ReportFileError(f"refused report link: {host} resolves to a private or loopback address")


def _allowed_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return False  # an address literal is never one of Pinterest's hosts
    except ValueError:
        pass
    suffix = next((s for s in REPORT_HOSTS if host.endswith(s) and len(host) > len(s)), None)
    if suffix == ".amazonaws.com":
        return host.split(".", 1)[0].startswith(S3_BUCKET_PREFIX)
    return suffix is not None


def decompressed(content: bytes) -> bytes:
    """The file's bytes, gunzipped when it is a gzip file (bounded by `MAX_FILE_BYTES`)."""
    if not content.startswith(_GZIP_MAGIC):
        return content
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(content)) as unzipped:
            data = unzipped.read(MAX_FILE_BYTES + 1)
    except (OSError, EOFError) as exc:
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


def parse_rows(content: bytes) -> list[dict[str, Any]]:
    """Rows of a report file in any shape Pinterest serves (JSON keyed by id or date, a JSON list, CSV)."""
    data = decompressed(content)
    text = data.decode("utf-8-sig", errors="replace")
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            parsed = json.loads(stripped)
        except ValueError as exc:
            raise ReportFileError(f"the report file is not valid JSON: {exc}") from None
        return _json_rows(parsed)
    if not stripped:
        return []
    reader = csv.DictReader(io.StringIO(text))
    return [{name: _cell(name, value or "") for name, value in row.items() if name} for row in reader]


def _json_rows(parsed: Any) -> list[dict[str, Any]]:
    if isinstance(parsed, list):
        return [row for row in parsed if isinstance(row, dict)]
    if not isinstance(parsed, dict):
        raise ReportFileError("the report file is JSON but neither rows nor rows keyed by id")
    rows: list[dict[str, Any]] = []
    for key, group in parsed.items():
        for row in group if isinstance(group, list) else [group]:
            if not isinstance(row, dict):
                continue
            if str(key) not in {str(v) for v in row.values()}:  # the key is not already a column of the row
                row = {("DATE" if _DATE.match(str(key)) else "KEY"): key, **row}
            rows.append(row)
    return rows


def save(folder: Path, name: str, content: bytes) -> Path:
    """Write `content` to `folder/name` readable by the user only; the folder is made 0700."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    path = folder / name
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(content)
    os.chmod(path, 0o600)
    return path


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


def table(rows: list[dict[str, Any]], currency: str | None, limit: int) -> dict[str, Any]:
    """Rows as one table: columns once (ids and date first), rows as arrays, at most `limit` of them.

    Micro-unit money columns are shown once, in the account's currency (`SPEND (USD)`); the saved
    file keeps Pinterest's micro-units.
    """
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    names = [n for n in LEADING if n in seen] + [n for n in seen if n not in LEADING]
    ordered = sorted(rows, key=lambda r: tuple(str(r.get(n) or "") for n in LEADING))
    shown = [[_value(n, row.get(n), currency) for n in names] for row in ordered[:limit]]
    return {"columns": [_money(n, currency) for n in names], "rows": shown}


def summary(rows: Iterable[dict[str, Any]], currency: str | None) -> dict[str, Any]:
    """Row count, the span of DATE values, and spend / impressions / clicks totals where present.

    A targeting report's rows split the same spend once per targeting type, so its totals are per type.
    """
    rows = list(rows)
    out: dict[str, Any] = {"row_count": len(rows)}
    dates = sorted({str(r["DATE"]) for r in rows if r.get("DATE")})
    if dates:
        out["date_span"] = [dates[0], dates[-1]]
    if any(r.get("TARGETING_TYPE") for r in rows):  # each type splits the same spend: total them apart
        kinds = dict.fromkeys(str(r.get("TARGETING_TYPE")) for r in rows)
        by_type = {kind: _totals([r for r in rows if str(r.get("TARGETING_TYPE")) == kind], currency) for kind in kinds}
        if any(by_type.values()):
            out["totals_by_targeting_type"] = by_type
        return out
    totals = _totals(rows, currency)
    if totals:
        out["totals"] = totals
    return out


def _totals(rows: list[dict[str, Any]], currency: str | None) -> dict[str, Any]:
    totals: dict[str, Any] = {}
    for metric, candidates in TOTALS.items():
        column = next((c for c in candidates if any(isinstance(r.get(c), int | float) for r in rows)), None)
        if column is None:
            continue
        total = sum(r[column] for r in rows if isinstance(r.get(column), int | float))
        if column.endswith(_MICRO) and currency:
            totals[f"{metric} ({currency})"] = round(total / 1_000_000, 2)
        else:
            totals[metric] = round(total, 2) if isinstance(total, float) else total
    return totals


def estimate_tokens(data: Mapping[str, Any]) -> int:
    """A cheap estimate of cl100k tokens in compact JSON (about 3.5 characters each for tables)."""
    return int(len(json.dumps(data, separators=(",", ":"), ensure_ascii=False)) / 3.5) + 1
