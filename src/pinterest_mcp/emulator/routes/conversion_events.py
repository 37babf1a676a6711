"""The Conversions API: ``POST .../events`` answers each event in order and records the processed ones.

The spec gate has already checked the body against ``ConversionEvents``. Here each event is judged
as Pinterest does the things no schema says: the identifying user_data fields must be SHA-256
digests (Pinterest takes them hashed, never in the clear), an event cannot happen in the future,
and an event_id already recorded for the account is a duplicate that is not counted twice. An
event_name outside the tag's standard events is processed with a warning. ``?test=true`` answers
the same and records nothing.

Recorded events are what the account's event quality read (``conversion_eqs/list``) reports for
the CONVERSIONS_API source: coverage is the share of events carrying each matching field. Only
which fields an event carried is kept, never their values.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.fields import json_object
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds.resources import AD_ACCOUNTS
from pinterest_mcp.spec.facts import vocabulary

EVENTS = "conversion_api_events"  # the store collection of recorded events, by "<ad account>:<event_id>"
HASHED = ("em", "ph", "fn", "ln", "ge", "db", "ct", "st", "zp", "country", "external_id", "hashed_maids")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_CLOCK_SKEW = 300  # seconds an event_time may run ahead of the emulator's clock
# Quality components of the CONVERSIONS_API score, each the user_data (or event) field that feeds it.
COMPONENTS = {
    "hashed_email": "em",
    "ip_address": "client_ip_address",
    "user_agent": "client_user_agent",
    "click_id_epik": "click_id",
    "advertiser_external_id": "external_id",
    "external_event_id": "event_id",
}


def _standard() -> frozenset[str]:
    return frozenset(name.lower() for name in vocabulary("conversion_events"))


def _judged(event: dict[str, Any], now: int, seen: bool) -> dict[str, Any]:
    """One entry of ``ConversionApiResponse.events``: processed (maybe with a warning) or failed with why."""
    user_data: dict[str, Any] = event.get("user_data") or {}
    for name in HASHED:
        if any(not (isinstance(v, str) and _DIGEST.fullmatch(v)) for v in user_data.get(name) or []):
            return {"status": "failed", "error_message": f"user_data.{name} must hold SHA-256 hashes (64 hex)."}
    if int(event["event_time"]) > now + _CLOCK_SKEW:
        return {"status": "failed", "error_message": "event_time is in the future."}
    answer: dict[str, Any] = {"status": "processed", "error_message": None, "warning_message": None}
    if seen:
        answer["warning_message"] = f"event_id {event['event_id']!r} was received before; it is not counted again."
    elif event["event_name"] not in _standard():
        answer["warning_message"] = f"event_name {event['event_name']!r} is not a standard event."
    return answer


async def send_events(request: Request) -> JSONResponse:
    """``POST .../events``: a status per event, in order; processed ones are recorded unless ``?test=true``."""
    _, account = AD_ACCOUNTS.locate(request)
    store, now = lookup.store_of(request), lookup.now_of(request)
    test = lookup.query_of(request).flag("test")
    events: list[dict[str, Any]] = (await json_object(request))["data"]
    recorded = store.collection(EVENTS)
    answers = []
    for event in events:
        key = f"{account['id']}:{event['event_id']}"
        answer = _judged(event, now, key in recorded)
        answers.append(answer)
        if answer["status"] == "processed" and not test and key not in recorded:
            recorded[key] = _kept(account, event, now)
    processed = sum(answer["status"] == "processed" for answer in answers)
    return JSONResponse({"num_events_received": len(events), "num_events_processed": processed, "events": answers})


def _kept(account: Entity, event: dict[str, Any], now: int) -> Entity:
    """What the emulator keeps of an event: its name, source, time and which user_data fields it carried."""
    user_data = event.get("user_data") or {}
    return {
        "ad_account_id": account["id"],
        "event_name": event["event_name"],
        "action_source": event["action_source"],
        "event_time": event["event_time"],
        "received": now,
        "fields": sorted([name for name, value in user_data.items() if value] + ["event_id"]),
    }


def quality_score(store: Store, account: Entity) -> dict[str, Any] | None:
    """The CONVERSIONS_API ``EventQualityScore`` of the account's recorded web events, or None without any."""
    mine = store.collection(EVENTS).values()
    events = [e for e in mine if e["ad_account_id"] == account["id"] and e["action_source"] == "web"]
    if not events:
        return None
    names = sorted({str(e["event_name"]) for e in events})
    components = {
        component: {
            name: {"coverage": round(sum(field in e["fields"] for e in events if e["event_name"] == name) / n, 2)}
            for name in names
            if (n := sum(e["event_name"] == name for e in events))
        }
        for component, field in COMPONENTS.items()
    }
    emails = sum("em" in e["fields"] for e in events) / len(events)
    return {
        "overall_status": "GOOD" if emails >= 0.5 else "FAIR",
        "quality_components": components,
        "ingestion_source": "CONVERSIONS_API",
        "source_platform": "WEB",
    }


ROUTES = [Endpoint("events/create", send_events)]
