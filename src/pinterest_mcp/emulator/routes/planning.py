"""Planning reads and the ad account writes around them: audience sizing, bid floors, ad previews,
new ad accounts and the sandbox reset.

Audience size starts from a country's reachable Pinterest users (``REACH``, millions, others
``OTHER_REACH``) and narrows by each targeting dimension given: age buckets and genders by their
share, interests and keywords by a fixed factor each, Pinterest's auto targeting widening it
again. Bid floors are per billable event in USD micro-units (``FLOORS_USD``), converted with a
fixed rate per currency and lowered outside the big markets. An ad preview is a link, nothing is
stored. The sandbox reset deletes the ad account's campaigns, ad groups, ads, keywords and
audiences; the emulator is everyone's sandbox, so it always allows it.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.fields import json_object
from pinterest_mcp.emulator.http.lookup import AD_ACCOUNT_MISSING, Endpoint, owned
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds import entities
from pinterest_mcp.emulator.kinds.vocab import targeting_types

REACH = {"US": 98.0, "CA": 11.0, "GB": 14.0, "DE": 16.0, "FR": 15.0, "AU": 8.0, "MX": 21.0, "BR": 35.0}
OTHER_REACH = 4.0
AGE_SHARE = {"18-24": 0.22, "25-34": 0.27, "35-44": 0.2, "45-49": 0.08, "50-54": 0.07, "55-64": 0.1, "65+": 0.06}
GENDER_SHARE = {"female": 0.6, "male": 0.33, "unknown": 0.07}
FLOORS_USD = {"IMPRESSION": 2_000_000, "CLICKTHROUGH": 100_000, "VIDEO_V_50_MRC": 30_000}
# Units of each currency of the spec's `Currency` enum per USD (fixed, for the simulation), all but its
# "UNK" marker for an unknown currency, in which no account is opened or bid.
RATES = {
    "USD": 1.0, "GBP": 0.79, "CAD": 1.36, "EUR": 0.92, "AUD": 1.52, "NZD": 1.65, "SEK": 10.5, "ILS": 3.7,
    "CHF": 0.88, "HKD": 7.8, "JPY": 150.0, "SGD": 1.34, "KRW": 1330.0, "NOK": 10.6, "DKK": 6.9, "PLN": 4.0,
    "RON": 4.6, "HUF": 360.0, "CZK": 23.0, "BRL": 5.0, "MXN": 17.0, "ARS": 900.0, "CLP": 930.0, "COP": 3900.0,
    "INR": 83.0, "TRY": 32.0,
}  # fmt: skip
BIG_MARKETS = frozenset({"US", "CA", "GB", "DE", "FR", "AU"})


def _account(request: Request) -> Entity:
    account_id = request.path_params["ad_account_id"]
    return owned(lookup.store_of(request).ad_accounts, account_id, None, "", AD_ACCOUNT_MISSING)


def _targeting(spec: Any) -> dict[str, Any]:
    """A ``TargetingSpec`` (typed by the body gate) with known keys only: Pinterest refuses the rest."""
    if spec is None:
        return {}
    unknown = sorted(set(spec) - set(targeting_types()))
    if unknown:
        raise invalid(f"Invalid targeting_spec: unknown targeting type {', '.join(unknown)}.")
    targeting: dict[str, Any] = spec
    return targeting


async def audience_sizing(request: Request) -> JSONResponse:
    """``POST .../ad_groups/audience_sizing``: lower and upper bounds of the reachable audience."""
    _account(request)
    body = await json_object(request)
    targeting = _targeting(body.get("targeting_spec"))
    countries = targeting.get("GEO") or ["US"]
    size = sum(REACH.get(code[:2].upper(), OTHER_REACH) for code in countries) * 1_000_000
    ages = [a for a in targeting.get("AGE_BUCKET") or () if a in AGE_SHARE]
    if ages:
        size *= sum(AGE_SHARE[a] for a in ages)
    genders = targeting.get("GENDER") or ()
    if genders:
        size *= sum(GENDER_SHARE[g] for g in genders)
    for _ in targeting.get("INTEREST") or ():
        size *= 0.35
    positive = [k for k in body.get("keywords") or () if not k.get("match_type", "").endswith("NEGATIVE")]
    if positive:
        size *= min(1.0, 0.05 * len(positive))
    if body.get("auto_targeting_enabled", True):
        size *= 1.3
    size = max(size, 1_000.0)
    return JSONResponse(
        {"audience_size_lower_bound": round(size * 0.8), "audience_size_upper_bound": round(size * 1.2)}
    )


def _floor(spec: dict[str, Any]) -> int:
    currency = spec["currency"]
    if currency not in RATES:
        raise invalid(f"Invalid bid_floor_specs.currency: {currency} is not a currency ad accounts bid in.")
    countries = spec.get("countries") or ["US"]
    market = 1.0 if all(country in BIG_MARKETS for country in countries) else 0.6
    return round(FLOORS_USD[spec["billable_event"]] * RATES[currency] * market)


async def bid_floor(request: Request) -> JSONResponse:
    """``POST .../bid_floor``: one floor per spec, in micro-units of each spec's currency."""
    _account(request)
    body = await json_object(request)
    _targeting(body.get("targeting_spec"))
    return JSONResponse({"bid_floors": [_floor(spec) for spec in body["bid_floor_specs"]], "type": "bidfloor"})


async def ad_preview(request: Request) -> JSONResponse:
    """``POST .../ad_previews``: a preview link for a Pin of the user, or an image with a title."""
    account = _account(request)
    body = await json_object(request)
    store = lookup.store_of(request)
    if "pin_id" in body:
        if set(body) & {"image_url", "title"}:
            raise invalid("Invalid request body: give pin_id, or image_url with title, not both.")
        owned(store.pins, body["pin_id"], None, "", lookup.PIN_MISSING)
        source = f"pin-{body['pin_id']}"
    elif "image_url" in body and "title" in body:
        source = f"image-{store.rng.getrandbits(48):012x}"
    else:
        raise invalid("Invalid request body: give pin_id, or image_url with title.")
    return JSONResponse({"url": f"https://ads.example.com/preview/{account['id']}/{source}"})


def create_ad_account(context: WriteContext, body: dict[str, Any]) -> Entity:
    """``POST /ad_accounts``: an ``AdAccount`` owned by the user (another owner is refused)."""
    store = context.store
    currency = body.get("currency")
    if currency is not None and currency not in RATES:
        raise invalid(f"Invalid currency: {currency!r} is not one of {', '.join(RATES)}.")
    owner = body.get("owner_user_id", store.user["id"])
    if owner != store.user["id"]:
        raise invalid(f"Invalid owner_user_id: {owner} is not you; ad accounts are created for yourself.")
    given = {name: body[name] for name in ("country", "currency") if name in body}
    account = entities.ad_account(entities.NEW, body["name"], store.user, now=context.now, **given)
    return store.add("ad_account", account)


def _reset(store: Store, account_id: str) -> int:
    removed = 0
    for name in ("campaigns", "ad_groups", "ads", "keywords", "audiences"):
        collection = store.collection(name)
        gone = [key for key, entity in collection.items() if entity.get("ad_account_id") == account_id]
        for key in gone:
            del collection[key]
            store.delivery.pop(key, None)
        removed += len(gone)
    return removed


async def delete_sandbox(request: Request) -> JSONResponse:
    """``DELETE .../sandbox``: every ads entity of the account removed; the answer is a message string."""
    account = _account(request)
    removed = _reset(lookup.store_of(request), account["id"])
    return JSONResponse(f"Deleted {removed} ads entities of ad account {account['id']}.")


ROUTES = [
    Endpoint("ad_groups/audience_sizing", audience_sizing),
    Endpoint("ad_groups_bid_floor/get", bid_floor),
    Endpoint("ad_previews/create", ad_preview),
    Endpoint("sandbox/delete", delete_sandbox),
]
