"""Targeting breakdowns of the simulated ads metrics (``*_targeting_analytics/get``).

Each ad-day's counters (see ``analytics``) are split over the values of a targeting type with
weights that are stable per ad group and type (``split_counters``), so the parts are whole
numbers that sum exactly to the ad-day. Summing upwards then keeps every level consistent.

The values come from the ad group's ``targeting_spec`` where it narrows them (its GEO countries,
GENDER, age range, app types, interests, audiences), else from Pinterest's vocabulary:

- partitions (the rows of one type add up to the entity's totals for additive columns):
  AGE_BUCKET, GENDER, APPTYPE, PLACEMENT, COUNTRY, GEO, REGION, PINNER_INTEREST, CREATIVE_TYPE,
  and AGE_BUCKET_AND_GENDER (each age bucket's part split over the genders, values `25-34|female`);
- partial breakdowns: KEYWORD (the SEARCH placement's traffic over the ad group's positive
  keywords), LOCATION (US metro areas, for US traffic only), TARGETED_INTEREST and
  AUDIENCE_INCLUDE (only ad groups that target interests or audiences);
- types with no modelled breakdown (AUDIENCE_MULTIPLIER, QUIZ_RESULT and the BETA
  CREATIVE_ENHANCEMENTS) return no rows.

Rows follow the spec's example: ``{"targeting_type", "targeting_value", "metrics": {id key, DATE,
columns...}}`` inside ``{"data": [...]}``; LOCATION values are integer metro ids as there.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds.vocab import APP_TYPES, GENDERS
from pinterest_mcp.emulator.sim.analytics import Counters, Simulator, Subject, add, split_counters, uniforms

# The spec's per-level enums (``AdsAnalytics*TargetingType``).
ACCOUNT_TYPES = (
    "KEYWORD", "APPTYPE", "GENDER", "LOCATION", "PLACEMENT", "COUNTRY", "TARGETED_INTEREST", "PINNER_INTEREST",
    "AUDIENCE_INCLUDE", "GEO", "AGE_BUCKET", "REGION", "AGE_BUCKET_AND_GENDER",
)  # fmt: skip
CAMPAIGN_TYPES = (*ACCOUNT_TYPES, "CREATIVE_TYPE", "AUDIENCE_MULTIPLIER")
AD_GROUP_TYPES = (*ACCOUNT_TYPES, "CREATIVE_ENHANCEMENTS")
AD_TYPES = (*ACCOUNT_TYPES, "QUIZ_RESULT")
MAX_TYPES = {"account": 15, "campaign": 14, "ad_group": 14, "ad": 14}
PARTITIONS = (
    "AGE_BUCKET", "GENDER", "APPTYPE", "PLACEMENT", "COUNTRY", "GEO", "REGION", "PINNER_INTEREST",
    "AGE_BUCKET_AND_GENDER",
)  # fmt: skip
AGE_AND_GENDER = "AGE_BUCKET_AND_GENDER"

_AGE_BUCKETS = (("18-24", 18, 24), ("25-34", 25, 34), ("35-44", 35, 44), ("45-49", 45, 49), ("50-54", 50, 54),
                ("55-64", 55, 64), ("65+", 65, 200))  # fmt: skip
_PLACEMENTS = ("BROWSE", "SEARCH", "OTHER")
_REGIONS = {
    "US": ("US-CA", "US-TX", "US-NY", "US-FL", "US-IL", "US-WA"),
    "CA": ("CA-ON", "CA-QC", "CA-BC", "CA-AB"),
    "GB": ("GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR"),
    "DE": ("DE-BY", "DE-NW", "DE-BE", "DE-HH", "DE-BW"),
    "FR": ("FR-IDF", "FR-ARA", "FR-PAC", "FR-NAQ"),
}
# Nielsen DMA codes of large US metro areas (Pinterest's LOCATION values).
_US_METROS = (501, 803, 602, 623, 511, 807, 618, 504)
_US_METRO_SHARE = 0.45

Values = list[tuple[Any, float]]


class TargetingBreakdown:
    """Splits a ``Simulator``'s ad-days by targeting value, caching each (ad, day, type) split."""

    def __init__(self, simulator: Simulator, store: Store, seed: int) -> None:
        self.simulator = simulator
        self.store = store
        self.seed = seed
        self._splits: dict[tuple[str, date, str], dict[Any, Counters]] = {}
        self._values_cache: dict[tuple[str, str], Values] = {}

    def rows(self, subjects: list[Subject], types: list[str]) -> list[dict[str, Any]]:
        """The ``data`` rows: per subject, type and value, one row per date bucket with delivery."""
        rows: list[dict[str, Any]] = []
        days = self.simulator.days()
        for subject in subjects:
            for kind in dict.fromkeys(types):
                by_value: dict[Any, dict[date | None, Counters]] = {}
                for day in days:
                    key = self.simulator.bucket(day)
                    for ad in subject.ads:
                        counters = self.simulator.ad_day(ad, day)
                        if counters is None:
                            continue
                        for value, piece in self.split(ad, day, kind, counters).items():
                            if any(piece.values()):
                                buckets = by_value.setdefault(value, {})
                                buckets[key] = add(buckets[key], piece) if key in buckets else piece
                for value, buckets in by_value.items():
                    for metrics in self.simulator.rows(subject, buckets):
                        rows.append({"targeting_type": kind, "targeting_value": value, "metrics": metrics})
        return rows

    def split(self, ad: Entity, day: date, kind: str, counters: Counters) -> dict[Any, Counters]:
        """The ad-day's counters by value of ``kind`` (a partial breakdown covers only some traffic)."""
        key = (ad["id"], day, kind)
        if key not in self._splits and kind == AGE_AND_GENDER:
            self._splits[key] = self._crossed(ad, day, counters)
        if key not in self._splits:
            whole = counters
            if kind == "KEYWORD":
                whole = self.split(ad, day, "PLACEMENT", counters)["SEARCH"]
            elif kind == "LOCATION":
                whole = self.split(ad, day, "COUNTRY", counters).get("US", {})
                whole = split_counters(whole, (_US_METRO_SHARE, 1 - _US_METRO_SHARE))[0] if whole else {}
            values = self._values(ad, kind)
            parts = split_counters(whole, [weight for _, weight in values]) if whole and values else []
            self._splits[key] = {value: part for (value, _), part in zip(values, parts, strict=True)}
        return self._splits[key]

    def _crossed(self, ad: Entity, day: date, counters: Counters) -> dict[Any, Counters]:
        """AGE_BUCKET_AND_GENDER: each age bucket's part split over the genders, `age|gender` values."""
        genders = self._values(ad, "GENDER")
        crossed: dict[Any, Counters] = {}
        for age, part in self.split(ad, day, "AGE_BUCKET", counters).items():
            pieces = split_counters(part, [weight for _, weight in genders])
            crossed.update({f"{age}|{gender}": piece for (gender, _), piece in zip(genders, pieces, strict=True)})
        return crossed

    def _values(self, ad: Entity, kind: str) -> Values:
        """The values of ``kind`` the ad's traffic is spread over, with stable weights."""
        key = (ad["id"], kind)
        if key not in self._values_cache:
            self._values_cache[key] = self._weighted(ad, kind)
        return self._values_cache[key]

    def _weighted(self, ad: Entity, kind: str) -> Values:
        group = self.store.ad_groups[ad["ad_group_id"]]
        names = self._names(ad, group, kind)
        u = uniforms(self.seed, "targeting", kind, group["id"])
        return [(name, 0.3 + u[index % len(u)]) for index, name in enumerate(names)]

    def _names(self, ad: Entity, group: Entity, kind: str) -> list[Any]:
        spec: dict[str, Any] = group.get("targeting_spec") or {}
        countries = sorted({code.split("-")[0] for code in spec.get("GEO") or ["US"]})
        if kind == "AGE_BUCKET":
            low, high = _age(spec.get("MINIMUM_AGE"), 18), _age(spec.get("MAXIMUM_AGE"), 200)
            return [name for name, start, end in _AGE_BUCKETS if start >= low and end <= high] or ["18-24"]
        if kind == "GENDER":
            return list(spec.get("GENDER") or GENDERS)
        if kind == "APPTYPE":
            return list(spec.get("APPTYPE") or APP_TYPES)
        if kind == "PLACEMENT":
            return list(_PLACEMENTS)
        if kind == "COUNTRY":
            return countries
        if kind == "GEO":
            return list(spec.get("GEO") or countries)
        if kind == "REGION":
            return [region for country in countries for region in _REGIONS.get(country, (country,))]
        if kind == "LOCATION":
            return list(_US_METROS)
        if kind == "PINNER_INTEREST":
            return sorted(self.store.interest_names.values())
        if kind == "TARGETED_INTEREST":
            return [self.store.interest_names.get(i, i) for i in spec.get("INTEREST") or []]
        if kind == "AUDIENCE_INCLUDE":
            return list(spec.get("AUDIENCE_INCLUDE") or [])
        if kind == "CREATIVE_TYPE":
            pin = self.store.pins.get(ad["pin_id"])
            return [pin["creative_type"] if pin else "REGULAR"]
        if kind == "KEYWORD":
            return [
                keyword["value"]
                for keyword in self.store.keywords.values()
                if keyword.get("parent_id") in (group["id"], group["campaign_id"])
                and not str(keyword.get("match_type", "")).endswith("_NEGATIVE")
            ]
        return []


def _age(raw: object, default: int) -> int:
    """An age bound of ``targeting_spec`` ("25", "65+": no upper bound)."""
    text = str(raw or "")
    if text.endswith("+"):
        return 200
    return int(text) if text.isdigit() else default
