"""Audience insights: an ad account's audience described as shares of ages, genders, countries and interests.

Insights are made up per (seed, ad account, insight type) from their own random stream, so they
stay the same across calls and runs and never disturb the seed's entities. Ratios in each
breakdown sum to 1 (to rounding); the interest categories are the emulator's targeting interests.
"""

from __future__ import annotations

import random
from typing import Any

from pinterest_mcp.emulator.http.state import Entity, Store

INSIGHT_TYPES = ("YOUR_TOTAL_AUDIENCE", "YOUR_ENGAGED_AUDIENCE", "PINTEREST_TOTAL_AUDIENCE")
_AGES = ("18-24", "25-34", "35-44", "45-49", "50-54", "55-64", "65+")
_GENDERS = (("female", "Female"), ("male", "Male"), ("unknown", "Unspecified"))
_DEVICES = (("iphone", "iPhone"), ("android_mobile", "Android mobile"), ("web", "Web"), ("ipad", "iPad"))
_COUNTRIES = {"US": "United States", "DE": "Germany", "FR": "France", "GB": "United Kingdom", "CA": "Canada"}
_METROS = (("501", "New York"), ("803", "Los Angeles"), ("602", "Chicago"))
_SIZES = {"YOUR_TOTAL_AUDIENCE": 180_000, "YOUR_ENGAGED_AUDIENCE": 42_000, "PINTEREST_TOTAL_AUDIENCE": 498_000_000}


def _shares(rng: random.Random, pairs: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
    weights = [rng.uniform(1, 10) for _ in pairs]
    total = sum(weights)
    return [
        {"key": key, "name": name, "ratio": round(w / total, 4)} for (key, name), w in zip(pairs, weights, strict=True)
    ]


def insights(store: Store, seed: int, account: Entity, insight_type: str, day: str) -> dict[str, Any]:
    """``AudienceInsightsResponse`` for one ad account and insight type."""
    rng = random.Random(f"{seed}:{account['id']}:{insight_type}")
    home = str(account["country"])
    countries: tuple[tuple[str, str], ...] = (
        (home, _COUNTRIES.get(home) or home),
        *((k, v) for k, v in _COUNTRIES.items() if k != home),
    )
    interests = sorted(store.interest_names.items())[:6]
    categories = []
    for category_id, name in interests:
        ratio = round(rng.uniform(0.05, 0.6), 4)
        categories.append(
            {"id": category_id, "key": name.lower().replace(" ", "_"), "name": name, "ratio": ratio,
             "index": round(rng.uniform(0.6, 2.4), 2), "subcategories": []}
        )  # fmt: skip
    return {
        "type": insight_type,
        "date": day,
        "size": int(_SIZES[insight_type] * rng.uniform(0.8, 1.2)),
        "size_is_upper_bound": insight_type == "PINTEREST_TOTAL_AUDIENCE",
        "categories": categories,
        "demographics": {
            "ages": _shares(rng, tuple((age, age) for age in _AGES)),
            "genders": _shares(rng, _GENDERS),
            "devices": _shares(rng, _DEVICES),
            "countries": _shares(rng, countries),
            "metros": _shares(rng, _METROS) if home == "US" else [],
        },
    }


def definitions(day: str) -> list[dict[str, Any]]:
    """``AudienceDefinition`` items: which insights exist and what each describes."""
    return [
        {"type": kind, "scope": "PINTEREST" if kind.startswith("PINTEREST") else "ADVERTISER", "date": day}
        for kind in INSIGHT_TYPES
    ]
