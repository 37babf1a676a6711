"""Compact results, readable money and the result size cap."""

from __future__ import annotations

import json

import pytest

from pinterest_mcp.money import format_micro, to_micro
from pinterest_mcp.registry import View
from pinterest_mcp.schema import input_schema
from pinterest_mcp.server import build_server
from pinterest_mcp.settings import Settings
from pinterest_mcp.views import amount_key, cap, project

CAMPAIGN = View("campaign", ("id", "name", "daily_spend_cap"), money=("daily_spend_cap",), currency="ad_account")


@pytest.mark.parametrize(
    ("micro", "currency", "shown"),
    [
        (50_000_000, "USD", "50.00 USD"),
        ("12300000", "eur", "12.30 EUR"),
        (1_234_567, "USD", "1.234567 USD"),
        (5_000_000_000, "JPY", "5000 JPY"),
        (0, "GBP", "0.00 GBP"),
        ("n/a", "USD", None),
    ],
)
def test_micro_units_read_as_money(micro: int | str, currency: str, shown: str | None) -> None:
    """Pinterest amounts are millionths of the account currency, whatever its minor unit."""
    assert format_micro(micro, currency) == shown


def test_to_micro_is_exact_and_refuses_impossible_precision() -> None:
    """Decimal, not float: 12.30 is 12,300,000 exactly; 0.001 USD or 1.5 JPY is an error."""
    assert to_micro("12.30", "USD") == 12_300_000
    assert to_micro(1500, "JPY") == 1_500_000_000
    with pytest.raises(ValueError):
        to_micro("0.001", "USD")
    with pytest.raises(ValueError):
        to_micro("1.5", "JPY")


def test_projection_keeps_defaults_requested_fields_and_adds_amounts() -> None:
    item = {"id": "1", "name": "Spring", "daily_spend_cap": 25_000_000, "bid_options": {"x": 1}, "end_time": None}
    assert project(item, CAMPAIGN, None, "USD") == {
        "id": "1",
        "name": "Spring",
        "daily_spend_cap": 25_000_000,
        "daily_spend_cap_amount": "25.00 USD",
    }
    assert "bid_options" in project(item, CAMPAIGN, ["bid_options"], "USD")
    assert set(project(item, CAMPAIGN, ["*"], None)) == {"id", "name", "daily_spend_cap", "bid_options"}
    assert amount_key("budget_in_micro_currency") == "budget_amount"


def test_oversized_lists_are_trimmed_with_a_note_and_no_bookmark() -> None:
    """A result never floods the context: trimmed to the limit, saying how to narrow the call."""
    result = {"items": [{"id": str(i), "text": "x" * 100} for i in range(100)], "count": 100, "bookmark": "b"}
    trimmed = cap(result, limit=2_000)
    assert len(json.dumps(trimmed, separators=(",", ":"))) <= 2_000 + 300
    assert 0 < trimmed["count"] == len(trimmed["items"]) < 100
    assert "bookmark" not in trimmed and "narrow" in trimmed["truncated"]
    small = {"items": [{"id": "1"}], "count": 1}
    assert cap(small, limit=2_000) is small


def test_schemas_drop_titles_and_null_branches() -> None:
    """Optional fields are plain types; pydantic titles and default nulls are gone."""
    from pinterest_mcp.operations.ads import ListCampaigns

    schema = input_schema(ListCampaigns)
    text = json.dumps(schema)
    assert '"title"' not in text and '"null"' not in text and "anyOf" not in text
    assert schema["required"] == ["ad_account_id"]
    assert next(iter(schema["properties"])) == "ad_account_id"


@pytest.mark.anyio
async def test_tools_list_stays_within_its_byte_budget() -> None:
    """tools/list is paid on every turn: under 1,250 bytes a tool, and the default set under 36 KB (~9k tokens).

    Growing past the total means a tool belongs in a non-default toolset, not that the budget should grow.
    """
    for settings, total in ((Settings(demo=True), 36_000), (Settings(demo=True, toolsets=("all",)), None)):
        tools = await build_server(settings).list_tools()
        wire = json.dumps(
            {"tools": [t.model_dump(by_alias=True, exclude_none=True, mode="json") for t in tools]},
            separators=(",", ":"),
        )
        assert len(wire) <= 1_250 * len(tools), len(wire)
        assert total is None or len(wire) <= total, len(wire)
