"""Customer list records: people's emails and mobile ad ids, hashed here and never shown or kept.

Pinterest takes a customer list's records as one comma-separated string, plain or hashed; this
server sends only SHA-256 digests, so no address leaves this machine in the clear. Each record is
normalised first (surrounding whitespace trimmed, lowercased: Pinterest wants emails lowercase, and
mobile ids hash the same whatever case they were copied in), so the same person always hashes to
the same digest. Records a caller hashed already are checked to be SHA-256 digests instead.

A plan, a tool result and the journal show records only as a count and a digest of the whole
string (`conceal`): a person approves how many records of which type, and the confirmation still
binds the exact bytes sent.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

RECORD_FIELDS = frozenset({"records"})
"""Body fields that carry people's identifiers: concealed wherever a request is shown or journaled."""
MAX_RECORDS = 10_000
"""Records per call: a list with more is sent in several calls (each one planned and confirmed)."""
SECRET_FIELDS = frozenset({"credentials"})
"""Fields holding a login (a catalog feed's basic auth): each value inside is withheld wherever shown or kept."""
WITHHELD = "<withheld>"
_DIGEST = re.compile(r"[0-9a-f]{64}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def hash_records(raw: str, *, hashed: bool, emails: bool) -> str:
    """The comma-separated SHA-256 digests of `raw`'s records, normalised, duplicates dropped.

    Errors name a record by its position only, never by its value, since the value is personal.
    """
    records = [part.strip().lower() for part in raw.split(",")]
    records = [record for record in records if record]
    if not records:
        raise ValueError("records holds no record")
    if len(records) > MAX_RECORDS:
        raise ValueError(f"{len(records)} records: at most {MAX_RECORDS:,} per call; split the list")
    digests: list[str] = []
    for position, record in enumerate(records, start=1):
        if hashed:
            if not _DIGEST.fullmatch(record):
                raise ValueError(f"record {position} is not a SHA-256 digest (64 hex characters)")
            digests.append(record)
            continue
        if emails and not _EMAIL.fullmatch(record):
            raise ValueError(f"record {position} is not an email address")
        digests.append(hashlib.sha256(record.encode()).hexdigest())
    return ",".join(dict.fromkeys(digests))


def concealed(records: str) -> str:
    """What people see of a records string: how many, and a digest of the whole."""
    count = len([r for r in records.split(",") if r])
    return f"<{count} SHA-256 hashed records, digest {hashlib.sha256(records.encode()).hexdigest()[:16]}>"


def conceal(value: Any) -> Any:
    """`value` with every record field (at any depth) replaced by its count and digest."""
    if isinstance(value, list):
        return [conceal(v) for v in value]
    if isinstance(value, dict):
        return {
            k: concealed(v) if k in RECORD_FIELDS and isinstance(v, str) else conceal(v)
            for k, v in withhold(value).items()
        }
    return value


def withhold(value: Any) -> Any:
    """`value` with each string under a secret field (at any depth) replaced by `<withheld>`; its shape kept.

    The shape stays (an object of the same keys) so an answer still reads as the spec's schema says.
    """
    if isinstance(value, list):
        return [withhold(v) for v in value]
    if isinstance(value, dict):
        return {k: _withheld_secret(v) if k in SECRET_FIELDS else withhold(v) for k, v in value.items()}
    return value


def _withheld_secret(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _withheld_secret(v) for k, v in value.items()}
    return WITHHELD if isinstance(value, str) else value


def withheld(value: Any) -> Any:
    """`value` for an error message: every record field replaced by a placeholder (raw records are personal)."""
    if isinstance(value, list):
        return [withheld(v) for v in value]
    if isinstance(value, dict):
        return {k: "<records withheld>" if k in RECORD_FIELDS else withheld(v) for k, v in withhold(value).items()}
    return value
