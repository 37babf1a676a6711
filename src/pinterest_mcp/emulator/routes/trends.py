"""Search trends, term ideas and keyword volumes: what people search for, in the demo's world.

The vocabulary (``TERMS``) is a home-goods brand's: kitchen, baking, hosting, decor, grouped by
Pinterest's top-level interests. Trend figures (growth, weekly series, demographics) and search
volumes are drawn from a random stream keyed by the seed and the keyword, so the same question
always gets the same answer and a keyword's trend does not change with what else is asked.
Weekly series end at the emulator's ``today``.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any, get_args

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import invalid, not_found
from pinterest_mcp.emulator.http.lookup import AD_ACCOUNT_MISSING, Endpoint
from pinterest_mcp.emulator.http.params import boolean, enum_list, path_id, values
from pinterest_mcp.operations.trends import Age, Gender, Interest, Region, TrendType

REGIONS: tuple[str, ...] = get_args(Region)
TREND_TYPES: tuple[str, ...] = get_args(TrendType)
INTERESTS: tuple[str, ...] = get_args(Interest)
GENDERS: tuple[str, ...] = get_args(Gender)
AGES: tuple[str, ...] = get_args(Age)
WEEKS = 12
VOLUME_BUCKETS = ("0-1k", "1k-10k", "10k-100k", "100k-1M", "1M-10M")
SUGGESTION_TAILS = ("ideas", "recipes", "decor", "aesthetic", "diy", "for beginners", "easy", "gift")
TERMS: dict[str, tuple[str, ...]] = {
    "food_and_drinks": (
        "sourdough bread", "cast iron skillet recipes", "one pot pasta", "fall soup recipes", "sheet pan dinners",
        "christmas cookies", "pumpkin bread", "charcuterie board", "meal prep ideas", "apple crumble",
        "homemade pizza dough", "holiday baking",
    ),
    "home_decor": (
        "kitchen organization", "open shelving kitchen", "cozy living room", "fall table setting",
        "christmas mantel decor", "farmhouse kitchen", "small kitchen ideas", "dried flower arrangements",
    ),
    "event_planning": ("thanksgiving table", "dinner party ideas", "friendsgiving menu", "holiday brunch"),
    "diy_and_crafts": ("diy candles", "pressed flower art", "homemade gifts", "wreath diy"),
    "gardening": ("herb garden indoor", "fall planters", "vegetable garden layout"),
    "design": ("warm minimalism", "japandi kitchen", "terracotta tiles"),
}  # fmt: skip


def _rng(request: Request, *key: str) -> random.Random:
    return random.Random(":".join((str(lookup.seed_of(request)), *key)))


def _vocabulary() -> list[str]:
    return [term for terms in TERMS.values() for term in terms]


def _trend(request: Request, keyword: str, trend_type: str, region: str, demographics: bool, prediction: bool) -> Any:
    rng = _rng(request, "trend", region, keyword)
    today = lookup.today_of(request)
    level = rng.randint(20, 80)
    series = {}
    for week in range(WEEKS):
        level = max(1, min(100, level + rng.randint(-6, 9)))
        series[(today - timedelta(weeks=WEEKS - 1 - week)).isoformat()] = level
    trend: dict[str, Any] = {
        "keyword": keyword,
        "pct_growth_wow": rng.randint(-20, 60),
        "pct_growth_mom": rng.randint(-30, 150),
        "pct_growth_yoy": rng.randint(-40, 400),
        "time_series": series,
        "has_prediction": prediction,
    }
    if prediction:
        trend["predicted_time_series"] = {
            (today + timedelta(weeks=week)).isoformat(): max(1, level + rng.randint(-5, 12)) for week in range(1, 5)
        }
    if demographics:
        ages = [rng.random() for _ in AGES]
        genders = [rng.random() for _ in ("female", "male", "unspecified")]
        trend["demographics"] = {
            "age_distribution": {age: round(share / sum(ages), 3) for age, share in zip(AGES, ages, strict=True)},
            "gender_distribution": {
                g: round(share / sum(genders), 3)
                for g, share in zip(("female", "male", "unspecified"), genders, strict=True)
            },
        }
    score = {"growing": "pct_growth_wow", "monthly": "pct_growth_mom", "yearly": "pct_growth_yoy"}.get(trend_type)
    trend["_rank"] = trend[score] if score else rng.randint(0, 1000)  # seasonal: a seed-stable season score
    return trend


async def trending_keywords(request: Request) -> JSONResponse:
    """``GET /trends/keywords/{region}/top/{trend_type}``: top trends, optionally of given interests or keywords."""
    region, trend_type = request.path_params["region"], request.path_params["trend_type"]
    if region not in REGIONS:
        raise invalid(f"Invalid region: {region!r} is not one of {', '.join(REGIONS)}.")
    if trend_type not in TREND_TYPES:
        raise invalid(f"Invalid trend_type: {trend_type!r} is not one of {', '.join(TREND_TYPES)}.")
    query = request.query_params
    interests = enum_list(query, "interests", INTERESTS)
    enum_list(query, "genders", GENDERS)
    enum_list(query, "ages", AGES)
    included = values(query, "include_keywords")
    if len(included) > 50 or any(not 1 <= len(word) <= 100 for word in included):
        raise invalid("Invalid include_keywords: 1 to 50 keywords of 1 to 100 characters.")
    raw_limit = query.get("limit", "50")
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 50:
        raise invalid(f"Invalid limit: {raw_limit!r} must be an integer from 1 to 50.")
    boolean(query, "normalize_against_group")
    demographics, prediction = boolean(query, "include_demographics"), boolean(query, "include_prediction")
    words = included or [t for i, terms in TERMS.items() if not interests or i in interests for t in terms]
    trends = [_trend(request, word, trend_type, region, demographics, prediction) for word in words]
    trends.sort(key=lambda t: -t["_rank"])
    shown = [{k: v for k, v in t.items() if k != "_rank"} for t in trends[: int(raw_limit)]]
    return JSONResponse({"trends": shown})


def _related(term: str) -> list[str]:
    words = set(term.lower().split())
    return [other for other in _vocabulary() if other != term.lower() and words & set(other.split())]


async def related_terms(request: Request) -> JSONResponse:
    """``GET /terms/related?terms=...``: for each term, vocabulary terms sharing a word with it."""
    terms = values(request.query_params, "terms")
    if not terms:
        raise invalid("Missing required parameter: terms.")
    listed = [{"term": term, "related_terms": _related(term)} for term in terms]
    count = sum(len(entry["related_terms"]) for entry in listed)
    key = str(_rng(request, "related", *terms).getrandbits(60))
    return JSONResponse({"id": key, "related_term_count": count, "related_terms_list": listed})


async def suggested_terms(request: Request) -> JSONResponse:
    """``GET /terms/suggested?term=``: vocabulary completions first, then the term with popular tails."""
    query = request.query_params
    term = (query.get("term") or "").strip().lower()
    if not term:
        raise invalid("Missing required parameter: term.")
    raw_limit = query.get("limit", "4")
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 10:
        raise invalid(f"Invalid limit: {raw_limit!r} must be an integer from 1 to 10.")
    completions = [t for t in _vocabulary() if t.startswith(term) and t != term]
    completions += [f"{term} {tail}" for tail in SUGGESTION_TAILS]
    return JSONResponse(list(dict.fromkeys(completions))[: int(raw_limit)])


async def keyword_metrics(request: Request) -> JSONResponse:
    """``GET /ad_accounts/{ad_account_id}/keywords/metrics``: a monthly search volume bucket per keyword."""
    account_id = path_id(request.path_params["ad_account_id"], "ad_account_id")
    if account_id not in lookup.store_of(request).ad_accounts:
        raise not_found(AD_ACCOUNT_MISSING.code, AD_ACCOUNT_MISSING.message.format(id=account_id))
    query = request.query_params
    country = query.get("country_code")
    if not country:
        raise invalid("Missing required parameter: country_code.")
    raw = query.get("keywords") or ""
    keywords = [k for k in raw.split(",") if k]
    if not 1 <= len(keywords) <= 2000:
        raise invalid("Invalid keywords: 1 to 2000 comma-separated keywords.")
    data = []
    for keyword in keywords:
        rng = _rng(request, "volume", country, keyword.lower())
        known = keyword.lower() in _vocabulary()
        bucket = VOLUME_BUCKETS[rng.randint(2, 4) if known else rng.randint(0, 2)]
        data.append({"keyword": keyword, "metrics": {"keyword_query_volume": bucket}})
    return JSONResponse({"data": data})


ROUTES = [
    Endpoint("country_keywords_metrics/get", keyword_metrics),
    Endpoint("trending_keywords/list", trending_keywords),
    Endpoint("terms_related/list", related_terms),
    Endpoint("terms_suggested/list", suggested_terms),
]
