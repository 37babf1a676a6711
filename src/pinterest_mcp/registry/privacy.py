"""People's data a write carries: customer list records and Conversions API user data, hashed here, never shown or kept.

Pinterest takes a customer list's records as one comma-separated string, plain or hashed; this
server sends only SHA-256 digests, so no address leaves this machine in the clear. Each record is
normalised first (surrounding whitespace trimmed, lowercased: Pinterest wants emails lowercase, and
mobile ids hash the same whatever case they were copied in), so the same person always hashes to
the same digest. Records a caller hashed already are checked to be SHA-256 digests instead. Partner and
Pinterest ids (LiveRamp's `LR_ID`, Datalogix's `DLX_ID`, `HASHED_PINNER_ID`) are pseudonymous already and
only match as the partner issued them, so they are sent as given (`AS_GIVEN`): trimmed, never re-hashed
nor lowercased, and checked to be single tokens.

A plan, a tool result and the journal show records only as a count and a digest of the whole
string (`conceal`): a person approves how many records of which type, and the confirmation still
binds the exact bytes sent.

A conversion event's `user_data` is the same kind of thing: its identifying fields (`HASHED_USER_DATA`:
email, phone, names, birth date, address parts, external and mobile ids) are normalised the way
Pinterest's spec asks for each and hashed by the same `sha256_of`; the fields Pinterest needs in
the clear (IP address, user agent, click and partner ids) are sent as given. Wherever a request is
shown or kept, the whole `user_data` object is replaced by which fields it holds and how many values.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

RECORD_FIELDS = frozenset({"records"})
"""Body fields that carry people's identifiers as one string: concealed wherever a request is shown or journaled."""
USER_DATA = "user_data"
"""The body object of a conversion event that describes the person: concealed whole, wherever shown or kept."""
PERSONAL_FIELDS = RECORD_FIELDS | {USER_DATA}
"""Every body field holding people's data: never echoed in an error."""
MAX_RECORDS = 10_000
"""Records per call: a list with more is sent in several calls (each one planned and confirmed)."""
AS_GIVEN = frozenset({"LR_ID", "DLX_ID", "HASHED_PINNER_ID"})
"""List types whose records are ids issued by a partner or Pinterest, sent as given."""
SECRET_FIELDS = frozenset({"credentials"})
"""Fields holding a login (a catalog feed's basic auth): each value inside is withheld wherever shown or kept."""
WITHHELD = "<withheld>"
_DIGEST = re.compile(r"[0-9a-f]{64}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_TOKEN = re.compile(r"[A-Za-z0-9_\-+/=.:]+")


def hash_records(raw: str, *, hashed: bool, emails: bool, as_given: bool = False) -> str:
    """The comma-separated SHA-256 digests of `raw`'s records, normalised, duplicates dropped; with
    `as_given`, the records themselves (partner ids: trimmed, checked, never hashed).

    Errors name a record by its position only, never by its value, since the value is personal.
    """
    records = [part.strip() if as_given else part.strip().lower() for part in raw.split(",")]
    records = [record for record in records if record]
    if not records:
        raise ValueError("records holds no record")
    if len(records) > MAX_RECORDS:
        raise ValueError(f"{len(records)} records: at most {MAX_RECORDS:,} per call; split the list")
    digests: list[str] = []
    for position, record in enumerate(records, start=1):
        if as_given:
            if not _TOKEN.fullmatch(record):
                raise ValueError(f"record {position} is not one id (letters, digits and _-+/=.: only)")
            digests.append(record)
            continue
        if emails and not hashed and not _EMAIL.fullmatch(record):
            raise ValueError(f"record {position} is not an email address")
        digests.append(sha256_of(record, hashed=hashed, where=f"record {position}"))
    return ",".join(dict.fromkeys(digests))


def sha256_of(normalised: str, *, hashed: bool, where: str) -> str:
    """The SHA-256 hex digest of a normalised value, or the value itself checked to be one when `hashed`.

    `where` names the value in an error by its place (never by the value, which is personal).
    """
    if hashed:
        if not _DIGEST.fullmatch(normalised.lower()):
            raise ValueError(f"{where} is not a SHA-256 digest (64 hex characters)")
        return normalised.lower()
    return hashlib.sha256(normalised.encode()).hexdigest()


def _lower(value: str) -> str:
    return value.strip().lower()


def _letters(value: str) -> str:
    """Lowercase without spaces or punctuation (a city, as the spec asks)."""
    return "".join(ch for ch in value.lower() if ch.isalnum())


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _phone(value: str) -> str:
    """Digits only (country code, area code, number), leading zeros dropped, as the spec asks."""
    return _digits(value).lstrip("0")


def _email(value: str) -> str:
    email = _lower(value)
    if not _EMAIL.fullmatch(email):
        raise ValueError("is not an email address")
    return email


def _birth_date(value: str) -> str:
    """Year, month and day as YYYYMMDD, from any separators ("1990-04-23")."""
    digits = _digits(value)
    if len(digits) != 8:
        raise ValueError("is not a date of birth as year, month, day (YYYYMMDD)")
    return digits


def _gender(value: str) -> str:
    gender = _lower(value)[:1]
    if gender not in ("f", "m", "n"):
        raise ValueError("is not a gender: f, m or n")
    return gender


HASHED_USER_DATA: dict[str, Callable[[str], str]] = {
    "em": _email,
    "ph": _phone,
    "fn": _lower,
    "ln": _lower,
    "ge": _gender,
    "db": _birth_date,
    "ct": _letters,
    "st": _lower,
    "zp": _digits,
    "country": _lower,
    "external_id": str.strip,
    "hashed_maids": _lower,
}
"""A conversion event's user_data fields that Pinterest takes as SHA-256 digests, each with its normalisation."""


def hash_user_data(user_data: dict[str, Any], *, hashed: bool, where: str) -> dict[str, Any]:
    """`user_data` with every identifying value normalised and hashed (or checked to be a digest when `hashed`).

    Duplicates within a field are dropped; an error names the field and position, never the value.
    """
    out = dict(user_data)
    for name, normalise in HASHED_USER_DATA.items():
        values = user_data.get(name)
        if not values:
            continue
        digests: list[str] = []
        for position, value in enumerate(values):
            at = f"{where}.{name}[{position}]"
            if hashed:
                digests.append(sha256_of(value.strip(), hashed=True, where=at))
                continue
            try:
                normalised = normalise(value)
            except ValueError as exc:
                raise ValueError(f"{at} {exc}") from None
            if not normalised:
                raise ValueError(f"{at} is empty once normalised")
            digests.append(sha256_of(normalised, hashed=False, where=at))
        out[name] = list(dict.fromkeys(digests))
    return out


def concealed_user_data(user_data: dict[str, Any]) -> str:
    """What people see of a user_data object: its fields and how many values each holds, never a value."""
    parts = [f"{k} x{len(v)}" if isinstance(v, list) else k for k, v in sorted(user_data.items()) if v]
    return f"<user data withheld: {', '.join(parts) or 'empty'}>"


def concealed(records: str) -> str:
    """What people see of a records string: how many, and a digest of the whole."""
    parts = [r for r in records.split(",") if r]
    kind = "SHA-256 hashed records" if all(_DIGEST.fullmatch(r) for r in parts) else "partner id records"
    return f"<{len(parts)} {kind}, digest {hashlib.sha256(records.encode()).hexdigest()[:16]}>"


def concealed_field(name: str, value: Any) -> str | None:
    """How a body field holding people's data is shown (records, user data); None for any other field."""
    if name in RECORD_FIELDS and isinstance(value, str):
        return concealed(value)
    if name == USER_DATA and isinstance(value, dict):
        return concealed_user_data(value)
    return None


def conceal(value: Any) -> Any:
    """`value` with every record field and user_data object (at any depth) replaced by what people may see of it,
    and every secret field withheld."""
    return _concealed(withhold(value))  # withheld once, at the top: per level it would cost depth² on deep input


def _concealed(value: Any) -> Any:
    if isinstance(value, list):
        return [_concealed(v) for v in value]
    if isinstance(value, dict):
        return {k: shown if (shown := concealed_field(k, v)) is not None else _concealed(v) for k, v in value.items()}
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
    """`value` for an error message: every field of people's data replaced by a placeholder, secrets withheld."""
    return _placeheld(withhold(value))  # withheld once, at the top: per level it would cost depth² on deep input


def _placeheld(value: Any) -> Any:
    if isinstance(value, list):
        return [_placeheld(v) for v in value]
    if isinstance(value, dict):
        return {k: f"<{k} withheld>" if k in PERSONAL_FIELDS else _placeheld(v) for k, v in value.items()}
    return value
