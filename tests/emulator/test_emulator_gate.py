"""The emulator's one parameter gate: path and query parameters checked against the spec facts.

Each case is a rule the spec states for a parameter (type, enum, bounds, maxItems, pattern, format,
required) and the 400 the emulator has always answered for it; the handlers behind these routes no
longer parse their parameters, so these answers come from the gate alone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.datastructures import QueryParams

from pinterest_mcp.emulator import Emulator
from pinterest_mcp.emulator.http.query import check_query, enum_of, parameters

pytestmark = pytest.mark.anyio
AUTH = {"Authorization": "Bearer test-token"}


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    emu = Emulator(seed=7)
    transport = httpx.ASGITransport(app=emu.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://emulator/v5", headers=AUTH) as connected:
        yield connected


ACCOUNT = "/ad_accounts/549755885175"
WINDOW = "start_date=2026-03-01&end_date=2026-03-02"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/boards?page_size=0", "Invalid page_size: '0' must be an integer from 1 to 250."),
        ("/boards?privacy=OPEN", "Invalid privacy: 'OPEN' is not one of"),
        ("/pins?pin_metrics=maybe", "Invalid pin_metrics: 'maybe' must be true or false."),
        (f"{ACCOUNT}/campaigns?campaign_ids=12,x", "Invalid campaign_ids: 'x' must be a numeric id."),
        (f"{ACCOUNT}/campaigns?campaign_ids=" + ",".join(["1"] * 251), "Invalid campaign_ids: at most 250 ids"),
        (f"{ACCOUNT}/keywords?match_types=" + ",".join(["BROAD"] * 6), "Invalid match_types: at most 5 values"),
        (f"{ACCOUNT}/analytics?{WINDOW}&columns=SPEND_IN_DOLLAR", "Missing required parameter: granularity."),
        (
            f"{ACCOUNT}/analytics?start_date=2026-3-1&end_date=2026-03-02&granularity=DAY&columns=SPEND_IN_DOLLAR",
            "Invalid start_date: '2026-3-1' must be a date in YYYY-MM-DD format.",
        ),
        ("/ad_accounts/12a/campaigns", "Invalid ad_account_id: '12a' must be a numeric id."),
        ("/trends/keywords/XX/top/growing", "Invalid region: 'XX' is not one of"),
        ("/terms/suggested?term=cake&limit=11", "Invalid limit: '11' must be an integer from 1 to 10."),
        ("/user_account/analytics/top_pins?" + WINDOW, "Missing required parameter: sort_by."),
    ],
)
async def test_the_gate_answers_400_naming_the_parameter(client: httpx.AsyncClient, target: str, message: str) -> None:
    response = await client.get(target)
    assert response.status_code == 400, response.text
    assert response.json()["message"].startswith(message), response.json()


def test_handlers_receive_typed_values_and_the_specs_defaults() -> None:
    query = check_query(
        "campaigns/list",
        QueryParams("campaign_ids=1,2&campaign_ids=3&page_size=5"),
        {"ad_account_id": "549755885175"},
    )
    assert query.texts("campaign_ids") == ["1", "2", "3"]  # repeated keys and commas alike
    assert query.number("page_size") == 5
    assert query.texts("entity_statuses") == ["ACTIVE", "PAUSED"]  # the spec's default
    assert "order" not in query and query.text("bookmark") is None
    assert next(p.location for p in parameters("campaigns/list")) == "path"
    assert "growing" in enum_of("trending_keywords/list", "trend_type")
