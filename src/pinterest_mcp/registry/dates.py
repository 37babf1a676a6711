"""Analytics dates: Pinterest's windows per granularity (one rule table) and relative ranges.

The spec states the synchronous limits on `start_date`/`end_date`: at most 90 days back from
today (UTC) and at most 90 days long. Hourly data is kept 8 days and answered 3 days at a time
(Pinterest's analytics guide; the spec does not say). Organic analytics keep the same 90/90.

Relative ranges follow the usual ads-console reading: `yesterday` and `last_N_days` end
yesterday (today is still arriving, so it never counts); `this_month` is the month to date,
today included; `last_month` is the whole previous calendar month. They are resolved in the ad
account's time zone (`account_timezone`), so "yesterday" is the account owner's yesterday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal, get_args

DateRange = Literal[
    "yesterday", "last_7_days", "last_14_days", "last_30_days", "last_90_days", "this_month", "last_month"
]  # fmt: skip
DATE_RANGES: tuple[str, ...] = get_args(DateRange)


@dataclass(frozen=True)
class Window:
    """How far back a window may start (`back` days before today) and how long it may be (`span`)."""

    back: int
    span: int


ADS_WINDOWS: dict[str, Window] = {"HOUR": Window(back=8, span=3)}
"""Synchronous ads analytics by granularity; any granularity not listed has `ADS_WINDOW`."""
ADS_WINDOW = Window(back=90, span=90)
ORGANIC_WINDOW = Window(back=90, span=90)


def ads_window(granularity: str) -> Window:
    return ADS_WINDOWS.get(granularity, ADS_WINDOW)


def utc_today() -> date:
    return datetime.now(UTC).date()


def check_window(start: date, end: date, window: Window, *, rule: str, today: date | None = None) -> None:
    """Refuse dates outside `window`, naming the field and the rule (`rule` says whose: "granularity HOUR")."""
    today = today or utc_today()
    if end < start:
        raise ValueError(f"end_date {end} is before start_date {start}")
    if start < today - timedelta(days=window.back):
        raise ValueError(
            f"start_date {start} is more than {window.back} days before today ({today}, UTC): "
            f"Pinterest keeps {window.back} days for {rule}"
        )
    if (end - start).days > window.span:
        raise ValueError(
            f"end_date may be at most {window.span} days after start_date for {rule} "
            f"(got {(end - start).days}); split the range into several calls"
        )


def resolve(name: str, today: date) -> tuple[date, date]:
    """The absolute (start, end) of relative range `name`, with `today` the account's date."""
    yesterday = today - timedelta(days=1)
    if name == "yesterday":
        return yesterday, yesterday
    if name.startswith("last_") and name.endswith("_days"):
        days = int(name.removeprefix("last_").removesuffix("_days"))
        return today - timedelta(days=days), yesterday
    first = today.replace(day=1)
    if name == "this_month":
        return first, today
    if name == "last_month":
        end = first - timedelta(days=1)
        return end.replace(day=1), end
    raise ValueError(f"date_range must be one of {', '.join(DATE_RANGES)}, not {name!r}")


COUNTRY_ZONES: dict[str, str] = {
    "AR": "America/Argentina/Buenos_Aires", "AT": "Europe/Vienna", "BE": "Europe/Brussels",
    "CH": "Europe/Zurich", "CO": "America/Bogota", "CY": "Asia/Nicosia", "CZ": "Europe/Prague",
    "DE": "Europe/Berlin", "DK": "Europe/Copenhagen", "ES": "Europe/Madrid", "FI": "Europe/Helsinki",
    "FR": "Europe/Paris", "GB": "Europe/London", "GR": "Europe/Athens", "HU": "Europe/Budapest",
    "IE": "Europe/Dublin", "IL": "Asia/Jerusalem", "IN": "Asia/Kolkata", "IT": "Europe/Rome",
    "JP": "Asia/Tokyo", "KR": "Asia/Seoul", "LU": "Europe/Luxembourg", "MT": "Europe/Malta",
    "NL": "Europe/Amsterdam", "NO": "Europe/Oslo", "NZ": "Pacific/Auckland", "PL": "Europe/Warsaw",
    "PT": "Europe/Lisbon", "RO": "Europe/Bucharest", "SE": "Europe/Stockholm", "SG": "Asia/Singapore",
    "SK": "Europe/Bratislava", "ZA": "Africa/Johannesburg",
}  # fmt: skip
"""Ad-account countries whose (mainland) time is one zone. Pinterest's `AdAccount` names a country
but no time zone, so an account in a country of several zones (US, CA, AU, BR, MX...) reads in UTC."""


def account_timezone(country: str | None) -> str:
    """The IANA zone relative dates are resolved in for an account of `country`; UTC when it is not one zone."""
    return COUNTRY_ZONES.get((country or "").upper(), "UTC")


def today_in(zone: str, now: datetime | None = None) -> date:
    """Today's date in `zone`; UTC when this machine has no time-zone database for it."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    now = now or datetime.now(UTC)
    try:
        return now.astimezone(ZoneInfo(zone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return now.astimezone(UTC).date()
