"""Search trends, featured topics, trending product categories, term ideas and keyword volumes, in the demo's world.

The vocabulary (``TERMS``) is a home-goods brand's: kitchen, baking, hosting, decor, grouped by
Pinterest's top-level interests. Trend figures (growth, weekly series, demographics) and search
volumes are drawn from a random stream keyed by the seed and the keyword, so the same question
always gets the same answer and a keyword's trend does not change with what else is asked.
Weekly series end at the emulator's ``today``.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import invalid, not_found
from pinterest_mcp.emulator.http.lookup import AD_ACCOUNT_MISSING, Endpoint
from pinterest_mcp.emulator.http.query import enum_of
from pinterest_mcp.emulator.kinds.shaped import shaped

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
        ages_of = enum_of("trending_keywords/list", "ages")
        ages = [rng.random() for _ in ages_of]
        genders = [rng.random() for _ in ("female", "male", "unspecified")]
        trend["demographics"] = {
            "age_distribution": {age: round(share / sum(ages), 3) for age, share in zip(ages_of, ages, strict=True)},
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
    query = lookup.query_of(request)
    interests, included = query.texts("interests"), query.texts("include_keywords")
    demographics, prediction = query.flag("include_demographics"), query.flag("include_prediction")
    words = included or [t for i, terms in TERMS.items() if not interests or i in interests for t in terms]
    trends = [_trend(request, word, trend_type, region, demographics, prediction) for word in words]
    trends.sort(key=lambda t: -t["_rank"])
    shown = [{k: v for k, v in t.items() if k != "_rank"} for t in trends[: query.number("limit")]]
    return JSONResponse({"trends": shown})


def _related(term: str) -> list[str]:
    words = set(term.lower().split())
    return [other for other in _vocabulary() if other != term.lower() and words & set(other.split())]


async def related_terms(request: Request) -> JSONResponse:
    """``GET /terms/related?terms=...``: for each term, vocabulary terms sharing a word with it."""
    terms = lookup.query_of(request).texts("terms")
    listed = [{"term": term, "related_terms": _related(term)} for term in terms]
    count = sum(len(entry["related_terms"]) for entry in listed)
    key = str(_rng(request, "related", *terms).getrandbits(60))
    return JSONResponse({"id": key, "related_term_count": count, "related_terms_list": listed})


async def suggested_terms(request: Request) -> JSONResponse:
    """``GET /terms/suggested?term=``: vocabulary completions first, then the term with popular tails."""
    query = lookup.query_of(request)
    term = str(query.text("term")).strip().lower()
    if not term:
        raise invalid("Missing required parameter: term.")
    completions = [t for t in _vocabulary() if t.startswith(term) and t != term]
    completions += [f"{term} {tail}" for tail in SUGGESTION_TAILS]
    return JSONResponse(list(dict.fromkeys(completions))[: query.number("limit")])


async def keyword_metrics(request: Request) -> JSONResponse:
    """``GET /ad_accounts/{ad_account_id}/keywords/metrics``: a monthly search volume bucket per keyword."""
    account_id = request.path_params["ad_account_id"]
    if account_id not in lookup.store_of(request).ad_accounts:
        raise not_found(AD_ACCOUNT_MISSING.code, AD_ACCOUNT_MISSING.message.format(id=account_id))
    query = lookup.query_of(request)
    country, keywords = str(query.text("country_code")), query.texts("keywords")
    data = []
    for keyword in keywords:
        rng = _rng(request, "volume", country, keyword.lower())
        known = keyword.lower() in _vocabulary()
        bucket = VOLUME_BUCKETS[rng.randint(2, 4) if known else rng.randint(0, 2)]
        data.append({"keyword": keyword, "metrics": {"keyword_query_volume": bucket}})
    return JSONResponse({"data": data})


async def featured_topics(request: Request) -> JSONResponse:
    """``GET /trends/topics/featured``: each interest's (or the asked one's) first terms, as topics."""
    query = lookup.query_of(request)
    region, wanted = str(query.text("region")), query.text("interest") or "ALL"
    featured = []
    for interest in (i for i in TERMS if wanted in ("ALL", i.upper()) and i.upper() in enum_of(_FEATURED, "interest")):
        trends = [_trend(request, term, "monthly", region, False, False) for term in TERMS[interest][:3]]
        topics = [
            {"title": t["keyword"], "description": f"Searches for {t['keyword']} are rising."}
            | {"percent_growth_mom": t["pct_growth_mom"], "related_interests": [interest.upper()]}
            | {"related_searches": _related(t["keyword"])[:3], "time_series": t["time_series"], "pins": []}
            for t in trends
        ]
        topics = [shaped("TrendingTopic", topic, {}) for topic in topics]
        featured.append(shaped("FeaturedTrend", {"interest": interest.upper(), "market": region, "trends": topics}, {}))
    return JSONResponse(featured)


async def product_categories(request: Request) -> JSONResponse:
    """``GET /trends/product_categories/trending``: the home-goods categories, figures keyed by every filter."""
    query = lookup.query_of(request)
    engagement = query.text("engagement_type") or "ENGAGEMENT"
    if query.texts("verticals") and "HOME_DECOR" not in query.texts("verticals"):
        return JSONResponse([])
    key = [str(query.text("region")), engagement, *query.texts("ages"), *query.texts("genders")]
    found = []
    for category in HOME_CATEGORIES:
        rng = _rng(request, "category", category, *key)
        figures = {"pct_change_mom": rng.randint(-20, 120), "percent_relative_volume": rng.randint(1, 100)}
        semantic = {"engagement_type": engagement, "product_category": category, **figures, "verticals": ["HOME_DECOR"]}
        found.append(shaped("TrendingProductCategory", semantic, {}))
    return JSONResponse(sorted(found, key=lambda c: -c["pct_change_mom"]))


async def category_details(request: Request) -> JSONResponse:
    """``GET /trends/product_categories/details``: a weekly series per category, from the trend of its name."""
    query = lookup.query_of(request)
    region, engagement = str(query.text("region")), query.text("engagement_type") or "ENGAGEMENT"
    found = []
    for category in dict.fromkeys(query.texts("product_categories")):
        name = category.lower().replace("_", " ")
        trend = _trend(request, f"{engagement}:{name}", "monthly", region, False, False)
        semantic = {"product_category": category, "has_prediction": False, "time_series": trend["time_series"]}
        found.append(shaped("ProductCategoryDetails", {**semantic, "related_searches": _related(name)[:5]}, {}))
    return JSONResponse(found)


_FEATURED = "trends_featured_topics/list"
HOME_CATEGORIES = ("BAKEWARE", "CANDLES", "BLANKETS", "BARWARE", "BASKETS", "CANDLE_HOLDERS")


ROUTES = [
    Endpoint("country_keywords_metrics/get", keyword_metrics),
    Endpoint("trending_keywords/list", trending_keywords),
    Endpoint("terms_related/list", related_terms),
    Endpoint("terms_suggested/list", suggested_terms),
    Endpoint("trends_featured_topics/list", featured_topics),
    Endpoint("trends_product_categories_trending/list", product_categories),
    Endpoint("trends_product_categories_details/list", category_details),
]
