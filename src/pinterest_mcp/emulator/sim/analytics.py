"""Deterministic ads metrics for the synchronous analytics endpoints.

Numbers are simulated per ad per day from hashes of (seed, entity id, date) and then summed
upwards (ad -> ad group -> campaign -> account) and across date buckets, so every level and
granularity agrees with every other and repeating a query repeats its numbers.

Delivery is anchored to the current UTC date ("today"), so the demo always has recent data. An
ad delivers on a day when it is APPROVED and it, its ad group and its campaign were all ACTIVE
that day: each day is judged by the status that held when it began (``Store.status_on``), from
the status history writes record, so pausing something never changes the days already reported.
The seed dates its PAUSED entities' pauses 7-41 days back; ARCHIVED ones and ads not APPROVED
deliver nothing in the reportable window. The storylines
(the "Spring" campaign's conversions halving over the last ten days, the ad group that spends
over $50/day without converting) come from ``Delivery`` settings in the seed.

Each ad-day keeps the funnel ordered (clicks <= impressions, conversions <= clicks, checkouts <=
conversions, outbound clicks and page visits <= clicks), and the ratio columns (CTR, CPC, CPM,
ROAS) are recomputed from the summed counters of each row, never averaged. ``split_counters``
divides counters exactly (hours of a day, targeting values), so the parts always sum to the whole.

Row shape follows the spec: the entity id key, ``DATE`` for time buckets (WEEK rows start on
Monday, MONTH rows on the 1st, both clipped to start_date), then the requested columns that are
modelled and have a value. The spec types ``DATE`` as a plain date, so HOUR rows keep the day in
``DATE`` and add an integer ``HOUR`` (0-23, UTC); they carry no conversion metrics, as on Pinterest.
Buckets without any delivery produce no row.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.state import Entity, Store

GRANULARITIES = ("TOTAL", "DAY", "HOUR", "WEEK", "MONTH")
ATTRIBUTION_WINDOWS = (0, 1, 7, 14, 30, 60)
CONVERSION_REPORT_TIMES = ("TIME_OF_AD_ACTION", "TIME_OF_CONVERSION")
REPORTING_TIMEZONES = ("PINTEREST_TIME_ZONE", "AD_ACCOUNT_TIME_ZONE")

# Share of conversions each attribution window keeps, relative to the 30-day click / 1-day view default.
_CLICK_WINDOW_FACTOR = {0: 0.3, 1: 0.55, 7: 0.82, 14: 0.92, 30: 1.0, 60: 1.04}
_VIEW_WINDOW_FACTOR = {0: 0.88, 1: 1.0, 7: 1.1, 14: 1.14, 30: 1.18, 60: 1.2}
# Relative traffic per UTC hour, used to split a day into HOUR rows.
_DIURNAL = (2, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 6, 6, 5, 5, 5, 6, 7, 8, 9, 9, 8, 6, 4)
_CHECKOUT_SHARE = 0.7
_OUTBOUND_SHARE = 0.78
_PAGE_VISIT_SHARE = 0.62

Counters = dict[str, int]
_COUNTERS = (
    "spend",
    "impression_1",
    "impression_2",
    "clickthrough_1",
    "clickthrough_2",
    "outbound_click_1",
    "engagement_1",
    "engagement_2",
    "page_visit",
    "conversions",
    "checkout",
    "checkout_value",
)
_SHARED = ("spend", "impression_1", "impression_2", "clickthrough_1", "clickthrough_2", "saves", "conversions")


def _ratio(numerator: float, denominator: float, scale: float = 1.0, digits: int = 6) -> float | None:
    return round(numerator * scale / denominator, digits) if denominator else None


_METRICS: dict[str, Callable[[Counters], float | int | None]] = {
    "SPEND_IN_MICRO_DOLLAR": lambda c: c["spend"],
    "SPEND_IN_DOLLAR": lambda c: round(c["spend"] / 1_000_000, 2),
    "PAID_IMPRESSION": lambda c: c["impression_1"],
    "IMPRESSION_1": lambda c: c["impression_1"],
    "IMPRESSION_2": lambda c: c["impression_2"],
    "TOTAL_IMPRESSION": lambda c: c["impression_1"] + c["impression_2"],
    "CLICKTHROUGH_1": lambda c: c["clickthrough_1"],
    "CLICKTHROUGH_2": lambda c: c["clickthrough_2"],
    "TOTAL_CLICKTHROUGH": lambda c: c["clickthrough_1"] + c["clickthrough_2"],
    "OUTBOUND_CLICK_1": lambda c: c["outbound_click_1"],
    "ENGAGEMENT_1": lambda c: c["engagement_1"],
    "ENGAGEMENT_2": lambda c: c["engagement_2"],
    "TOTAL_ENGAGEMENT": lambda c: c["engagement_1"] + c["engagement_2"],
    "ENGAGEMENT_RATE": lambda c: _ratio(c["engagement_1"], c["impression_1"]),
    "CTR": lambda c: _ratio(c["clickthrough_1"], c["impression_1"]),
    "OUTBOUND_CTR_1": lambda c: _ratio(c["outbound_click_1"], c["impression_1"]),
    "CPC_IN_MICRO_DOLLAR": lambda c: _ratio(c["spend"], c["clickthrough_1"], digits=2),
    "CPM_IN_MICRO_DOLLAR": lambda c: _ratio(c["spend"], c["impression_1"], 1000, digits=2),
    "CPM_IN_DOLLAR": lambda c: _ratio(c["spend"], c["impression_1"], 1000 / 1_000_000, digits=4),
    "TOTAL_PAGE_VISIT": lambda c: c["page_visit"],
    "TOTAL_CONVERSIONS": lambda c: c["conversions"],
    "TOTAL_CHECKOUT": lambda c: c["checkout"],
    "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR": lambda c: c["checkout_value"],
    "CHECKOUT_ROAS": lambda c: _ratio(c["checkout_value"], c["spend"], digits=4),
}
# Pinterest reports no conversion metrics at HOUR granularity.
_CONVERSION_METRICS = frozenset(
    {"TOTAL_PAGE_VISIT", "TOTAL_CONVERSIONS", "TOTAL_CHECKOUT", "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR", "CHECKOUT_ROAS"}
)


@dataclass(frozen=True)
class ReportQuery:
    """A validated analytics request."""

    start: date
    end: date
    granularity: str
    columns: list[str]
    click_window_days: int = 30
    view_window_days: int = 1


@dataclass(frozen=True)
class Subject:
    """One entity a report has rows for: its id key, id, descriptive columns and the ads below it."""

    id_key: str
    id: str
    attributes: dict[str, Any]
    ads: list[Entity] = field(default_factory=list)


def check_date_range(start: date, end: date, granularity: str, today: date) -> None:
    """Enforce Pinterest's sync-analytics windows: 90 days back and 90 days long (HOUR: 8 and 3)."""
    if end < start:
        raise invalid("Invalid end_date: it must not be before start_date.")
    back, span = (8, 3) if granularity == "HOUR" else (90, 90)
    if start < today - timedelta(days=back):
        raise invalid(
            f"Invalid start_date: with granularity {granularity} it cannot be more than {back} days "
            f"before today ({today.isoformat()} UTC)."
        )
    if (end - start).days > span:
        raise invalid(
            f"Invalid end_date: with granularity {granularity} it can be at most {span} days after start_date."
        )


def attributes(store: Store, ad_account_id: str, *entities: Entity) -> dict[str, Any]:
    """The ID/name/status columns available for an account and, optionally, a campaign, ad group and ad."""
    values: dict[str, Any] = {"AD_ACCOUNT_ID": ad_account_id, "ADVERTISER_ID": ad_account_id}
    for entity in entities:
        kind = entity["type"]
        if kind == "campaign":
            values |= {
                "CAMPAIGN_ID": entity["id"],
                "CAMPAIGN_NAME": entity["name"],
                "CAMPAIGN_ENTITY_STATUS": entity["status"],
                "CAMPAIGN_OBJECTIVE_TYPE": entity["objective_type"],
            }
        elif kind == "adgroup":
            values |= {
                "AD_GROUP_ID": entity["id"],
                "AD_GROUP_NAME": entity["name"],
                "AD_GROUP_ENTITY_STATUS": entity["status"],
            }
        else:
            values |= {
                "AD_ID": entity["id"],
                "PIN_PROMOTION_ID": entity["id"],
                "AD_NAME": entity["name"],
                "PIN_ID": entity["pin_id"],
            }
    return values


def uniforms(seed: int, *parts: object) -> list[float]:
    """32 stable pseudo-random numbers in [0, 1) for a key; Python's ``hash`` is salted per process."""
    digest = hashlib.blake2b("|".join(map(str, (seed, *parts))).encode(), digest_size=64).digest()
    return [int.from_bytes(digest[i : i + 2], "big") / 65_536 for i in range(0, 64, 2)]


def _stochastic_round(value: float, noise: float) -> int:
    """Round so that totals stay unbiased when many small shares are rounded independently."""
    return math.floor(value + noise)


class Simulator:
    """Computes and caches daily counters for one report request."""

    def __init__(self, store: Store, seed: int, today: date, query: ReportQuery) -> None:
        self.store = store
        self.seed = seed
        self.today = today
        self.query = query
        self.attribution = _CLICK_WINDOW_FACTOR[query.click_window_days] * _VIEW_WINDOW_FACTOR[query.view_window_days]
        self._ads_by_group: dict[str, list[Entity]] = {}
        for ad in store.ads.values():
            self._ads_by_group.setdefault(ad["ad_group_id"], []).append(ad)
        self._weights = {ad["id"]: 0.5 + uniforms(seed, "weight", ad["id"])[0] for ad in store.ads.values()}
        self._group_cache: dict[tuple[str, date], dict[str, float]] = {}
        self._ad_cache: dict[tuple[str, date], Counters | None] = {}

    def report(self, subjects: list[Subject]) -> list[dict[str, Any]]:
        """Rows for each subject and date bucket that had any delivery, columns in the order asked for."""
        return [row for subject in subjects for row in self.rows(subject, self.buckets(subject.ads))]

    def days(self) -> list[date]:
        """The reportable days of the query: start_date to end_date, never past today."""
        last = min(self.query.end, self.today)
        return [self.query.start + timedelta(days=n) for n in range((last - self.query.start).days + 1)]

    def buckets(self, ads: list[Entity]) -> dict[date | None, Counters]:
        """The ads' counters summed per date bucket."""
        buckets: dict[date | None, Counters] = {}
        for day in self.days():
            for ad in ads:
                counters = self.ad_day(ad, day)
                if counters is not None:
                    key = self.bucket(day)
                    buckets[key] = add(buckets[key], counters) if key in buckets else counters
        return buckets

    def rows(self, subject: Subject, buckets: dict[date | None, Counters]) -> list[dict[str, Any]]:
        """One row per bucket (24 per day at HOUR granularity)."""
        rows: list[dict[str, Any]] = []
        for key, counters in buckets.items():
            if self.query.granularity == "HOUR":
                for hour, part in enumerate(split_counters(counters, _DIURNAL)):
                    rows.append(self._row(subject, key, part, hour))
            else:
                rows.append(self._row(subject, key, counters))
        return rows

    def bucket(self, day: date) -> date | None:
        """The date bucket ``day`` falls in (None for TOTAL)."""
        granularity = self.query.granularity
        if granularity == "TOTAL":
            return None
        if granularity == "WEEK":
            return max(self.query.start, day - timedelta(days=day.weekday()))
        if granularity == "MONTH":
            return max(self.query.start, day.replace(day=1))
        return day

    def _row(self, subject: Subject, key: date | None, counters: Counters, hour: int | None = None) -> dict[str, Any]:
        row: dict[str, Any] = {subject.id_key: subject.id}
        if key is not None:
            row["DATE"] = key.isoformat()
        if hour is not None:
            row["HOUR"] = hour
        for column in self.query.columns:
            if column in subject.attributes:
                row[column] = subject.attributes[column]
            elif column in _METRICS and not (hour is not None and column in _CONVERSION_METRICS):
                value = _METRICS[column](counters)
                if value is not None:
                    row[column] = value
        return row

    def _delivers(self, ad: Entity, day: date) -> bool:
        """Whether ``ad`` was approved and live, with its ad group and campaign, on ``day``."""
        if ad["review_status"] != "APPROVED" or day > self.today:
            return False
        chain = (self.store.campaigns[ad["campaign_id"]], self.store.ad_groups[ad["ad_group_id"]], ad)
        return all(self.store.status_on(entity, day) == "ACTIVE" for entity in chain)

    def ad_day(self, ad: Entity, day: date) -> Counters | None:
        """The ad's counters for ``day``, or None when it did not deliver."""
        key = (ad["id"], day)
        if key not in self._ad_cache:
            self._ad_cache[key] = self._compute_ad_day(ad, day) if self._delivers(ad, day) else None
        return self._ad_cache[key]

    def _compute_ad_day(self, ad: Entity, day: date) -> Counters:
        group_id = ad["ad_group_id"]
        live = [sibling["id"] for sibling in self._ads_by_group[group_id] if self._delivers(sibling, day)]
        share = self._weights[ad["id"]] / sum(self._weights[i] for i in live)
        group = self._group_day(group_id, day)
        u = iter(uniforms(self.seed, "ad", ad["id"], day))
        c = {name: _stochastic_round(group[name] * share, next(u)) for name in _SHARED}
        # Rounding tiny shares independently could invert the funnel; keep it ordered.
        c["clickthrough_1"] = min(c["clickthrough_1"], c["impression_1"])
        c["clickthrough_2"] = min(c["clickthrough_2"], c["impression_2"])
        c["conversions"] = min(c["conversions"], c["clickthrough_1"])
        checkout = _stochastic_round(c["conversions"] * _CHECKOUT_SHARE, next(u))
        order_value = self.store.delivery[group_id].order_value * (0.85 + 0.3 * next(u))
        return {
            "spend": c["spend"],
            "impression_1": c["impression_1"],
            "impression_2": c["impression_2"],
            "clickthrough_1": c["clickthrough_1"],
            "clickthrough_2": c["clickthrough_2"],
            "outbound_click_1": _stochastic_round(c["clickthrough_1"] * _OUTBOUND_SHARE, next(u)),
            "engagement_1": c["clickthrough_1"] + c["saves"],
            "engagement_2": c["clickthrough_2"] + _stochastic_round(c["impression_2"] * 0.004, next(u)),
            "page_visit": _stochastic_round(c["clickthrough_1"] * _PAGE_VISIT_SHARE, next(u)),
            "conversions": c["conversions"],
            "checkout": checkout,
            "checkout_value": round(checkout * order_value),
        }

    def _group_day(self, group_id: str, day: date) -> dict[str, float]:
        key = (group_id, day)
        if key not in self._group_cache:
            profile = self.store.delivery[group_id]
            u = uniforms(self.seed, "group", group_id, day)
            weekend = 1.06 if day.weekday() >= 5 else 1.0
            spend = profile.daily_spend * (0.92 + 0.16 * u[0]) * weekend
            impressions = spend / (profile.cpm * (0.9 + 0.2 * u[1])) * 1000
            clicks = impressions * profile.ctr * (0.85 + 0.3 * u[2])
            recent = (self.today - day).days < profile.recent_days
            rate = profile.conversion_rate * (profile.recent_conversion_factor if recent else 1.0)
            self._group_cache[key] = {
                "spend": spend,
                "impression_1": impressions,
                "impression_2": impressions * 0.12 * u[3],
                "clickthrough_1": clicks,
                "clickthrough_2": clicks * 0.15 * u[4],
                "saves": impressions * 0.006 * (0.7 + 0.6 * u[5]),
                "conversions": clicks * rate * (0.8 + 0.4 * u[6]) * self.attribution,
            }
        return self._group_cache[key]


def add(left: Counters, right: Counters) -> Counters:
    """Counters summed name by name."""
    return {name: left[name] + right[name] for name in _COUNTERS}


def split_counters(counters: Counters, weights: Sequence[float]) -> list[Counters]:
    """Split counters in proportion to ``weights`` so the whole-number parts sum exactly to the whole.

    Each part is the step between floors of the cumulative share (the last part takes the rest),
    so every part is within one of its exact share and no part is negative.
    """
    if not weights:
        return []
    total_weight = sum(weights)
    cumulative: list[float] = []
    running = 0.0
    for weight in weights[:-1]:
        running += weight
        cumulative.append(running / total_weight)
    parts: list[Counters] = [{} for _ in weights]
    for name, value in counters.items():
        previous = 0
        for index, share in enumerate(cumulative):
            upto = math.floor(value * share)
            parts[index][name] = upto - previous
            previous = upto
        parts[-1][name] = value - previous
    return parts
