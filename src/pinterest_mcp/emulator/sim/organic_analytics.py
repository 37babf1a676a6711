"""Organic (non-ads) analytics: per-Pin and user-account metrics, and ``pin_metrics`` on Pin reads.

Every Pin gets deterministic daily counters from hashes of (seed, Pin id, date), from the day it
was created up to today: impressions scaled by a per-Pin popularity, then a funnel of rates so
SAVE, PIN_CLICK, OUTBOUND_CLICK (only Pins with a link) and the video counters of video Pins stay
below impressions. A day's counters are split exactly over the app types (MOBILE, TABLET, WEB),
so ``app_types`` filters and ``split_field=APP_TYPE`` groups add up to ALL. The user-account view
is the sum of the user's Pins, so it agrees with the per-Pin routes (``top_pins`` ranks the same
sums). Rates (SAVE_RATE, ENGAGEMENT_RATE, ...) are recomputed from the summed counters;
VIDEO_AVG_WATCH_TIME is milliseconds of watch time per video start.

The emulator's Pins are all organic content created by the user (``content_type`` PAID,
``source`` OTHER_PINS and the ADS_* / ORGANIC_PRODUCT ``pin_format`` values select nothing);
``from_claimed_content`` CLAIMED selects Pins linking to the user's website domain.
Split keys are the split values (``"MOBILE"``, ``"CLAIMED"``, ``"ORGANIC_VIDEO"``...), ``"all"``
when not split. Days before a Pin existed carry ``data_status`` BEFORE_PIN_CREATED and no metrics.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import PIN_NOT_FOUND, invalid, not_found
from pinterest_mcp.emulator.http.lookup import Endpoint, Handler
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.sim.analytics import split_counters, uniforms

Counters = dict[str, int]
APP_TYPES = ("MOBILE", "TABLET", "WEB")
_APP_WEIGHTS = (0.68, 0.09, 0.23)
PIN_VIDEO_METRICS = (
    "VIDEO_MRC_VIEW", "VIDEO_10S_VIEW", "QUARTILE_95_PERCENT_VIEW", "VIDEO_V50_WATCH_TIME", "VIDEO_START",
    "VIDEO_AVG_WATCH_TIME",
)  # fmt: skip
ACCOUNT_METRICS = (
    "ENGAGEMENT", "ENGAGEMENT_RATE", "IMPRESSION", "OUTBOUND_CLICK", "OUTBOUND_CLICK_RATE", "PIN_CLICK",
    "PIN_CLICK_RATE", "SAVE", "SAVE_RATE",
)  # fmt: skip
TOP_VIDEO_METRICS = (
    "IMPRESSION", "SAVE", "VIDEO_MRC_VIEW", "VIDEO_AVG_WATCH_TIME", "VIDEO_V50_WATCH_TIME", "QUARTILE_95_PERCENT_VIEW",
    "VIDEO_10S_VIEW", "VIDEO_START", "OUTBOUND_CLICK",
)  # fmt: skip
MAX_BACK_DAYS = 90
MAX_SPAN_DAYS = 90

_RATES: dict[str, Callable[[Counters], float]] = {
    "SAVE_RATE": lambda c: _ratio(c["SAVE"], c["IMPRESSION"]),
    "ENGAGEMENT_RATE": lambda c: _ratio(c["ENGAGEMENT"], c["IMPRESSION"]),
    "OUTBOUND_CLICK_RATE": lambda c: _ratio(c["OUTBOUND_CLICK"], c["IMPRESSION"]),
    "PIN_CLICK_RATE": lambda c: _ratio(c["PIN_CLICK"], c["IMPRESSION"]),
    "VIDEO_AVG_WATCH_TIME": lambda c: _ratio(c["VIDEO_V50_WATCH_TIME"], c["VIDEO_START"], digits=1),
}


def _ratio(numerator: int, denominator: int, digits: int = 6) -> float:
    return round(numerator / denominator, digits) if denominator else 0.0


def is_video(pin: Entity) -> bool:
    """Whether the Pin is a video Pin (only those have VIDEO_* metrics)."""
    return bool(pin["media"].get("media_type") == "video")


def created_on(pin: Entity) -> date:
    """The UTC day the Pin was created."""
    return datetime.fromisoformat(str(pin["created_at"]).replace("Z", "+00:00")).astimezone(UTC).date()


# A Pin-day's counters depend only on the seed and what the Pin is, so one emulator shares them.
DayKey = tuple[str, str, bool, bool, date]


class OrganicSimulator:
    """Daily organic counters per Pin and app type; ``cache`` may be shared across requests."""

    def __init__(self, store: Store, seed: int, today: date, cache: dict[DayKey, list[Counters]] | None = None) -> None:
        self.store = store
        self.seed = seed
        self.today = today
        self._cache: dict[DayKey, list[Counters]] = {} if cache is None else cache

    def day(self, pin: Entity, day: date, app_type: str = "ALL") -> Counters | None:
        """The Pin's counters on ``day`` for one app type (or ALL); None before it existed or after today."""
        if day > self.today or day < created_on(pin):
            return None
        key = (pin["id"], str(pin["created_at"]), bool(pin.get("link")), is_video(pin), day)
        if key not in self._cache:
            self._cache[key] = self._compute(pin, day)
        parts = self._cache[key]
        if app_type == "ALL":
            return _sum(parts)
        return parts[APP_TYPES.index(app_type)]

    def total(self, pin: Entity, days: Iterable[date], app_type: str = "ALL") -> Counters:
        """The Pin's counters summed over ``days`` (days it did not exist count zero)."""
        return _sum(c for d in days if (c := self.day(pin, d, app_type)) is not None)

    def _compute(self, pin: Entity, day: date) -> list[Counters]:
        popularity = uniforms(self.seed, "organic-popularity", pin["id"])
        u = uniforms(self.seed, "organic", pin["id"], day)
        age = (day - created_on(pin)).days
        base = 40 + 900 * popularity[0] ** 2
        fresh = 1.0 + 1.5 * math.exp(-age / 10)
        weekend = 1.12 if day.weekday() >= 5 else 1.0
        impressions = math.floor(base * fresh * weekend * (0.75 + 0.5 * u[0]))
        pin_clicks = math.floor(impressions * (0.01 + 0.03 * popularity[1]) * (0.8 + 0.4 * u[1]) + u[2])
        saves = math.floor(impressions * (0.004 + 0.016 * popularity[2]) * (0.8 + 0.4 * u[3]) + u[4])
        outbound = math.floor(pin_clicks * (0.3 + 0.3 * popularity[3]) + u[5]) if pin.get("link") else 0
        comments = math.floor(impressions * 0.0005 + u[6])
        reactions = math.floor(impressions * 0.002 + u[7])
        counters: Counters = {
            "IMPRESSION": impressions,
            "PIN_CLICK": min(pin_clicks, impressions),
            "SAVE": min(saves, impressions),
            "OUTBOUND_CLICK": min(outbound, pin_clicks),
            "TOTAL_COMMENTS": comments,
            "TOTAL_REACTIONS": reactions,
            "USER_FOLLOW": math.floor(saves * 0.05 + u[8]),
            "PROFILE_VISIT": math.floor(pin_clicks * 0.2 + u[9]),
        }
        counters["ENGAGEMENT"] = (
            counters["PIN_CLICK"] + counters["SAVE"] + counters["OUTBOUND_CLICK"] + comments + reactions
        )
        starts = mrc = ten = q95 = watch_ms = 0
        if is_video(pin):
            starts = math.floor(impressions * (0.25 + 0.2 * u[10]))
            mrc = math.floor(starts * (0.6 + 0.2 * u[11]))
            ten = math.floor(mrc * (0.4 + 0.2 * u[12]))
            q95 = math.floor(ten * (0.3 + 0.2 * u[13]))
            watch_ms = math.floor(starts * (2_500 + 6_000 * u[14]))
        counters |= {
            "VIDEO_START": starts,
            "VIDEO_MRC_VIEW": mrc,
            "VIDEO_10S_VIEW": ten,
            "QUARTILE_95_PERCENT_VIEW": q95,
            "VIDEO_V50_WATCH_TIME": watch_ms,
        }
        return split_counters(counters, _APP_WEIGHTS)


def simulator_for(request: Request) -> OrganicSimulator:
    """A simulator sharing the emulator's Pin-day cache (made on first use)."""
    state = request.app.state
    if not hasattr(state, "organic_days"):
        state.organic_days = {}
    cache: dict[DayKey, list[Counters]] = state.organic_days
    return OrganicSimulator(lookup.store_of(request), lookup.seed_of(request), lookup.today_of(request), cache)


def _sum(parts: Iterable[Counters]) -> Counters:
    total: Counters = {}
    for part in parts:
        for name, value in part.items():
            total[name] = total.get(name, 0) + value
    return total


def metrics_of(counters: Counters, names: Iterable[str]) -> dict[str, float]:
    """The requested metrics from summed counters: counts as they are, rates recomputed."""
    out: dict[str, float] = {}
    for name in names:
        if name in _RATES:
            if counters:  # a summed counter set always holds every counter
                out[name] = _RATES[name](counters)
        elif name in counters:
            out[name] = counters[name]
    return out


def _window(request: Request) -> list[date]:
    """The validated start_date..end_date days (90 back, 90 long), clipped to today."""
    query = lookup.query_of(request)
    start, end = query.day("start_date"), query.day("end_date")
    today = lookup.today_of(request)
    if end < start:
        raise invalid("Invalid end_date: it must not be before start_date.")
    if start < today - timedelta(days=MAX_BACK_DAYS):
        raise invalid(
            f"Invalid start_date: it cannot be more than {MAX_BACK_DAYS} days before today ({today.isoformat()} UTC)."
        )
    if (end - start).days > MAX_SPAN_DAYS:
        raise invalid(f"Invalid end_date: it can be at most {MAX_SPAN_DAYS} days after start_date.")
    last = min(end, today)
    return [start + timedelta(days=n) for n in range((last - start).days + 1)]


def _pin_metric_types(request: Request) -> list[str]:
    return list(dict.fromkeys(lookup.query_of(request).texts("metric_types")))


def _applicable(pin: Entity, types: list[str]) -> list[str]:
    return [t for t in types if t not in PIN_VIDEO_METRICS or is_video(pin)]


def _series(
    sim: OrganicSimulator, pins: list[Entity], days: list[date], names: list[str], app_type: str
) -> dict[str, Any]:
    """``{daily_metrics, summary_metrics}`` over ``pins`` (the per-Pin and account shapes alike)."""
    daily: list[dict[str, Any]] = []
    total: Counters = {}
    for day in days:
        parts = [c for pin in pins if (c := sim.day(pin, day, app_type)) is not None]
        if not parts:
            daily.append({"date": day.isoformat(), "data_status": "BEFORE_PIN_CREATED"})
            continue
        counters = _sum(parts)
        total = _sum((total, counters))
        daily.append({"date": day.isoformat(), "data_status": "READY", "metrics": metrics_of(counters, names)})
    return {"daily_metrics": daily, "summary_metrics": metrics_of(total, names) if total else {}}


def _pin_body(sim: OrganicSimulator, pin: Entity, days: list[date], types: list[str], split: str, app: str) -> Any:
    names = _applicable(pin, types)
    groups = {"all": app} if split == "NO_SPLIT" else {a: a for a in APP_TYPES if app in ("ALL", a)}
    body: dict[str, Any] = {}
    lifetime_days = [created_on(pin) + timedelta(days=n) for n in range((sim.today - created_on(pin)).days + 1)]
    for key, app_type in groups.items():
        series = _series(sim, [pin], days, names, app_type)
        lifetime = sim.total(pin, lifetime_days, app_type)
        series["lifetime_metrics"] = {n: v for n, v in metrics_of(lifetime, names).items() if n not in _RATES}
        body[key] = series
    return body


def _owned_pin(store: Store, pin_id: str) -> Entity:
    pin = store.pins.get(pin_id)
    if pin is None:
        raise not_found(PIN_NOT_FOUND, f"Pin {pin_id} not found.")
    return pin


async def pin_analytics(request: Request) -> JSONResponse:
    """``GET /pins/{pin_id}/analytics``."""
    query = lookup.query_of(request)
    pin = _owned_pin(lookup.store_of(request), request.path_params["pin_id"])
    days = _window(request)
    types = _pin_metric_types(request)
    app, split = str(query.text("app_types")), str(query.text("split_field"))
    sim = simulator_for(request)
    return JSONResponse(_pin_body(sim, pin, days, types, split, app))


async def multi_pin_analytics(request: Request) -> JSONResponse:
    """``GET /pins/analytics``: the per-Pin body for up to 100 Pins, keyed by Pin id."""
    query = lookup.query_of(request)
    ids = list(dict.fromkeys(query.texts("pin_ids")))
    store = lookup.store_of(request)
    pins = [_owned_pin(store, pin_id) for pin_id in ids]
    days = _window(request)
    types = _pin_metric_types(request)
    app = str(query.text("app_types"))
    sim = simulator_for(request)
    return JSONResponse({pin["id"]: _pin_body(sim, pin, days, types, "NO_SPLIT", app) for pin in pins})


def _account_pins(request: Request) -> list[Entity]:
    """The user's Pins the account filters select (see the module docstring)."""
    query = lookup.query_of(request)
    claimed, pin_format = query.text("from_claimed_content"), query.text("pin_format")
    content, source = query.text("content_type"), query.text("source")
    store = lookup.store_of(request)
    if content == "PAID" or source == "OTHER_PINS":
        return []
    return [
        pin
        for pin in store.pins.values()
        if pin_format in ("ALL", _format(pin)) and claimed in ("BOTH", _claimed(store, pin))
    ]


def _format(pin: Entity) -> str:
    return "ORGANIC_VIDEO" if is_video(pin) else "ORGANIC_IMAGE"


def _claimed(store: Store, pin: Entity) -> str:
    site = urlparse(str(store.user.get("website_url") or "")).hostname
    link = urlparse(str(pin.get("link") or "")).hostname
    return "CLAIMED" if site and link == site else "OTHER"


async def user_account_analytics(request: Request) -> JSONResponse:
    """``GET /user_account/analytics``: the sum of the selected Pins, optionally split."""
    query = lookup.query_of(request)
    pins = _account_pins(request)
    days = _window(request)
    names = list(dict.fromkeys(query.texts("metric_types") or ACCOUNT_METRICS))
    app, split = str(query.text("app_types")), str(query.text("split_field"))
    store = lookup.store_of(request)
    sim = simulator_for(request)
    if split == "NO_SPLIT":
        return JSONResponse({"all": _series(sim, pins, days, names, app)})
    if split == "APP_TYPE":
        groups = {a: (pins, a) for a in APP_TYPES if app in ("ALL", a)}
    else:
        key: Callable[[Entity], str] = {
            "OWNED_CONTENT": lambda pin: _claimed(store, pin),
            "SOURCE": lambda _pin: "YOUR_PINS",
            "PIN_FORMAT": _format,
        }[split]
        groups = {value: ([p for p in pins if key(p) == value], app) for value in dict.fromkeys(map(key, pins))}
    return JSONResponse({name: _series(sim, group, days, names, a) for name, (group, a) in groups.items()})


def _top(request: Request, metrics: tuple[str, ...], video_only: bool) -> JSONResponse:
    query = lookup.query_of(request)
    pins = [pin for pin in _account_pins(request) if is_video(pin) or not video_only]
    days = _window(request)
    sort_by = str(query.text("sort_by"))
    names = list(dict.fromkeys(query.texts("metric_types") or metrics))
    app = str(query.text("app_types"))
    recent = query.number("created_in_last_n_days")
    today = lookup.today_of(request)
    if recent is not None:
        pins = [pin for pin in pins if created_on(pin) > today - timedelta(days=recent)]
    sim = simulator_for(request)
    ranked = []
    for pin in pins:
        counters = sim.total(pin, days, app)
        if counters:
            ranked.append((metrics_of(counters, (*names, sort_by)), pin["id"]))
    ranked.sort(key=lambda item: (-item[0][sort_by], item[1]))
    last = min(days[-1], today) if days else today
    latest = datetime.combine(last, datetime.max.time(), UTC).timestamp()
    return JSONResponse(
        {
            "date_availability": {"is_realtime": False, "latest_available_timestamp": int(latest) * 1000},
            "pins": [
                {
                    "pin_id": pin_id,
                    "metrics": {n: v for n, v in all_metrics.items() if n in names},
                    "data_status": dict.fromkeys(names, "READY"),
                }
                for all_metrics, pin_id in ranked[: query.number("num_of_pins") or len(ranked)]
            ],
            "sort_by": sort_by,
        }
    )


async def top_pins(request: Request) -> JSONResponse:
    """``GET /user_account/analytics/top_pins``: the user's Pins ranked by ``sort_by`` over the window."""
    return _top(request, ACCOUNT_METRICS, video_only=False)


async def top_video_pins(request: Request) -> JSONResponse:
    """``GET /user_account/analytics/top_video_pins``: the same over video Pins, with video metrics."""
    return _top(request, TOP_VIDEO_METRICS, video_only=True)


def pin_metrics(sim: OrganicSimulator, pin: Entity) -> dict[str, Any]:
    """The Pin object's ``pin_metrics`` (as the spec's example): the last 90 days and lifetime."""
    today = sim.today
    created = created_on(pin)
    recent = [today - timedelta(days=n) for n in range(90)]
    lifetime = [created + timedelta(days=n) for n in range((today - created).days + 1)]

    def shape(counters: Counters, lifetime_extra: bool) -> dict[str, int]:
        out = {
            "pin_click": counters.get("PIN_CLICK", 0),
            "impression": counters.get("IMPRESSION", 0),
            "clickthrough": counters.get("OUTBOUND_CLICK", 0),
        }
        if lifetime_extra:
            out |= {"reaction": counters.get("TOTAL_REACTIONS", 0), "comment": counters.get("TOTAL_COMMENTS", 0)}
        return out

    return {"90d": shape(sim.total(pin, recent), False), "lifetime_metrics": shape(sim.total(pin, lifetime), True)}


def with_pin_metrics(kind: str, endpoint: Endpoint) -> Endpoint:
    """Wrap a Pin read so ``pin_metrics=true`` adds each Pin's ``pin_metrics`` to the body it answered.

    Any other route (another kind, a write) is returned as it is.
    """
    if kind != "pin" or endpoint.method != "GET":
        return endpoint
    inner: Handler = endpoint.handler

    async def handler(request: Request) -> Response:
        response = await inner(request)
        if response.status_code != 200 or not lookup.query_of(request).flag("pin_metrics"):
            return response
        body = json.loads(bytes(response.body))
        store = lookup.store_of(request)
        sim = simulator_for(request)
        for item in body.get("items", [body]):
            pin = store.pins.get(item.get("id"))
            if pin is not None:
                item["pin_metrics"] = pin_metrics(sim, pin)
        return JSONResponse(body)

    return Endpoint(endpoint.operation_id, handler)


# Served before ``/pins/{pin_id}`` so "analytics" is never taken for a Pin id.
ROUTES: list[Endpoint] = [
    Endpoint("multi_pins/analytics", multi_pin_analytics),
    Endpoint("pins/analytics", pin_analytics),
    Endpoint("user_account/analytics", user_account_analytics),
    Endpoint("user_account/analytics/top_pins", top_pins),
    Endpoint("user_account/analytics/top_video_pins", top_video_pins),
]
