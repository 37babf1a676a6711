"""The emulator over HTTP, checked against Pinterest's spec.

Every emulator test module (and the bulk and report tools in areas/) talks to the emulator through
`connect`, finds its seed through `facts`, and validates answers with `assert_valid` against the
spec's response schema, so the spec stays the one judge of what the emulator returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
from jsonschema import FormatChecker
from openapi_schema_validator import OAS30Validator

from pinterest_mcp.emulator import Emulator

BASE_URL = "http://emulator/v5"
AUTH = {"Authorization": "Bearer test-token"}
METRICS = "SPEND_IN_MICRO_DOLLAR,SPEND_IN_DOLLAR,PAID_IMPRESSION,TOTAL_IMPRESSION,TOTAL_CLICKTHROUGH,CLICKTHROUGH_1,CTR"


def connect(emu: Emulator, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=emu.app)
    return httpx.AsyncClient(transport=transport, base_url=BASE_URL, headers=AUTH if headers is None else headers)


@dataclass(frozen=True)
class Facts:
    """Seed ids a test needs, looked up by meaning rather than hard-coded."""

    usd: str
    eur: str
    campaign_by_status: dict[str, str]
    spring: str
    overspending_group: str
    ad_group: str
    ad: str
    pin_of_ad: str
    board: str
    section: str
    pin: str
    audiences: list[str]
    keyword_group: str  # an ad group of usd with keywords
    keyword_campaign: str  # a campaign of usd with (excluded) keywords
    interest: str  # a top-level targeting interest (it has sub-interests)
    media: list[str]  # seeded video uploads


def facts(emu: Emulator) -> Facts:
    state = emu.state
    usd = next(a["id"] for a in state.ad_accounts.values() if a["currency"] == "USD")
    eur = next(a["id"] for a in state.ad_accounts.values() if a["currency"] == "EUR")
    by_status = {c["status"]: c["id"] for c in reversed(state.campaigns_of(usd))}
    spring = next(c["id"] for c in state.campaigns.values() if c["name"].startswith("Spring Sale 2026"))
    overspending = next(g["id"] for g in state.ad_groups.values() if "Expansion" in g["name"])
    group = next(g for g in state.ad_groups.values() if g["campaign_id"] == spring)
    ad = next(a for a in state.ads.values() if a["ad_group_id"] == group["id"])
    board = next(b for b in state.boards.values() if state.sections_on(b["id"]))
    keywords = [k for k in state.keywords.values() if k["ad_account_id"] == usd]
    return Facts(
        usd=usd,
        eur=eur,
        campaign_by_status=by_status,
        spring=spring,
        overspending_group=overspending,
        ad_group=group["id"],
        ad=ad["id"],
        pin_of_ad=ad["pin_id"],
        board=board["id"],
        section=next(iter(state.sections_on(board["id"]))),
        pin=next(iter(state.pins)),
        audiences=[a["id"] for a in state.audiences_of(usd)],
        keyword_group=next(k["parent_id"] for k in keywords if k["parent_type"] == "ad_group"),
        keyword_campaign=next(k["parent_id"] for k in keywords if k["parent_type"] == "campaign"),
        interest=next(iter(state.interest_names)),
        media=list(state.media),
    )


def url(path: str, **query: Any) -> str:
    return f"{path}?{urlencode(query, doseq=True)}" if query else path


def report(path: str, days_back: int = 14, span: int = 14, granularity: str = "DAY", **query: Any) -> str:
    today = datetime.now(UTC).date()
    start = today - timedelta(days=days_back)
    dates = {"start_date": start.isoformat(), "end_date": (start + timedelta(days=span)).isoformat()}
    return url(path, **dates, granularity=granularity, **query)


def response_schema(spec: dict[str, Any], operation: dict[str, Any], status: int) -> dict[str, Any]:
    responses = operation["responses"]
    response = responses.get(str(status), responses["default"])
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    if "content" not in response:  # the spec gives no body schema (lead_form_questions/get): any JSON
        return {}
    schema: dict[str, Any] = response["content"]["application/json"]["schema"]
    return schema


def assert_valid(spec: dict[str, Any], schema: dict[str, Any], body: Any, where: str) -> None:
    """Validate with OpenAPI 3.0 semantics (``nullable``, discriminators) and date/date-time formats."""
    validator = OAS30Validator({**schema, "components": spec["components"]}, format_checker=FormatChecker())
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(body)]
    assert not errors, f"{where} does not match the spec:\n" + "\n".join(errors[:10])
