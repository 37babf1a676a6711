"""Compact results, readable money and the result size cap."""

from __future__ import annotations

import json

import pytest

from pinterest_mcp.answers.views import amount_key, cap, dumps, estimate_tokens, project, sent_columns, table
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.registry.money import format_micro, to_micro
from pinterest_mcp.registry.records import View
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.schema import input_schema
from pinterest_mcp.server.token_cost import count

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


def test_oversized_lists_are_trimmed_by_tokens_with_a_note_and_no_bookmark() -> None:
    """A result never floods the context: trimmed to about `limit` cl100k tokens, saying how to narrow."""
    result = {"items": [{"id": str(i), "text": "x" * 100} for i in range(100)], "count": 100, "bookmark": "b"}
    trimmed = cap(result, limit=500)
    assert count(dumps(trimmed)) <= 500
    assert 0 < trimmed["count"] == len(trimmed["items"]) < 100
    assert "bookmark" not in trimmed and "narrow" in trimmed["truncated"] and "tokens" in trimmed["truncated"]
    small = {"items": [{"id": "1"}], "count": 1}
    assert cap(small, limit=500) is small


def test_token_estimate_is_close_to_cl100k_on_tables_and_text() -> None:
    """The cap's estimate (no tokenizer at run time) stays within a quarter of cl100k on what we answer."""
    rows = [
        [f"11-{d:02d}", "626735136848", 247.27 + d, 21855 * d, 202, 0.92, 1.22, 10, 7, 501.24] for d in range(1, 26)
    ]
    prose = "Soft linen cushions in warm autumn colours for the living room, handmade in Portugal."
    samples = [
        dumps({"columns": ["DATE (2026)", "CAMPAIGN_ID", "SPEND (USD)", "PAID_IMPRESSION"], "rows": rows}),
        dumps({"items": [{"id": "1", "name": "Spring sale, kitchen", "description": prose}] * 20}),
    ]
    for text in samples:
        assert 0.95 * count(text) <= estimate_tokens(text) <= 1.25 * count(text), (count(text), estimate_tokens(text))


ROWS = [
    {"DATE": "2026-11-02", "CAMPAIGN_ID": "2", "SPEND_IN_MICRO_DOLLAR": 3_000_000, "PAID_IMPRESSION": 1000,
     "TOTAL_CLICKTHROUGH": 30, "TOTAL_CONVERSIONS": 3, "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR": 12_000_000},
    {"DATE": "2026-11-01", "CAMPAIGN_ID": "1", "SPEND_IN_MICRO_DOLLAR": 1_500_000, "PAID_IMPRESSION": 500,
     "TOTAL_CLICKTHROUGH": 5, "TOTAL_CONVERSIONS": 0, "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR": 0},
    {"DATE": "2026-11-01", "CAMPAIGN_ID": "3", "SPEND_IN_MICRO_DOLLAR": 0, "PAID_IMPRESSION": 0,
     "TOTAL_CLICKTHROUGH": 0, "TOTAL_CONVERSIONS": 0, "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR": 0},
]  # fmt: skip


def test_money_is_one_column_in_currency_and_derived_metrics_are_computed_one_way() -> None:
    """SPEND (USD) replaces micro-units; CTR, CPC, CPM, CPA and ROAS follow from the raw columns."""
    columns = ["SPEND_IN_MICRO_DOLLAR", "CTR", "CPC_IN_MICRO_DOLLAR", "CPM", "CPA", "ROAS"]
    assert sent_columns(columns) == [
        "SPEND_IN_MICRO_DOLLAR", "TOTAL_CLICKTHROUGH", "PAID_IMPRESSION", "TOTAL_CONVERSIONS",
        "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR",
    ]  # fmt: skip
    shown = table(ROWS, "USD", columns=columns, totals=True)
    assert shown["columns"] == [
        "DATE (2026)", "CAMPAIGN_ID", "SPEND (USD)", "CTR (%)", "CPC (USD)", "CPM (USD)", "CPA (USD)", "ROAS",
    ]  # fmt: skip
    assert shown["rows"] == [["11-01", "1", 1.5, 1, 0.3, 3, None, 0], ["11-02", "2", 3, 3, 0.1, 3, 1, 4]]
    assert shown["omitted_empty_rows"] == 1  # campaign 3 delivered nothing
    # Totals are recomputed from summed inputs, not averaged: CTR 35/1500, CPA 4.5/3, ROAS 12/4.5.
    assert shown["totals"] == ["TOTAL", None, 4.5, 2.33, 0.13, 3, 1.5, 2.67]


def test_sort_by_and_top_rank_rows_and_say_how_many_matched() -> None:
    ranked = table(ROWS, "JPY", columns=["SPEND_IN_MICRO_DOLLAR", "CPA"], sort_by="CPA", top=1)
    assert ranked["columns"][2:] == ["SPEND (JPY)", "CPA (JPY)"]
    assert ranked["rows"] == [["11-02", "2", 3, 1]] and ranked["matched_rows"] == 2
    ascending = table(ROWS, "USD", columns=["SPEND_IN_MICRO_DOLLAR"], sort_by="SPEND_IN_MICRO_DOLLAR:asc")
    assert [row[2] for row in ascending["rows"]] == [1.5, 3]


def test_dates_across_years_stay_whole() -> None:
    rows = [{**ROWS[0], "DATE": "2025-12-31"}, ROWS[0]]
    shown = table(rows, "USD", columns=["SPEND_IN_MICRO_DOLLAR"])
    assert shown["columns"][0] == "DATE" and [r[0] for r in shown["rows"]] == ["2025-12-31", "2026-11-02"]


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
