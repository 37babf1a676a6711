"""The analytics vocabulary of our own: dimension columns, metrics we derive, and their aliases.

Pinterest's column names come from the spec (`analytics_columns`, `report_columns`); these are the
names this server adds or orders. The declarations validate `columns` and `sort_by` against them and
the answers (`answers/views.py`) compute and lay out tables with them, so they sit with the
declarations, below both.
"""

from __future__ import annotations

from dataclasses import dataclass

LEADING = (
    "DATE",
    "AD_ACCOUNT_ID",
    "CAMPAIGN_ID",
    "CAMPAIGN_NAME",
    "AD_GROUP_ID",
    "AD_ID",
    "PIN_ID",
    "PRODUCT_GROUP_ID",
    "SPLIT",
    "TARGETING_TYPE",
    "TARGETING_VALUE",
)


@dataclass(frozen=True)
class Derived:
    """A metric computed from two raw columns, the same way on every row and on the totals row."""

    numerator: str
    denominator: str
    scale: float
    money: bool
    label: str


DERIVED: dict[str, Derived] = {
    "CTR": Derived("TOTAL_CLICKTHROUGH", "PAID_IMPRESSION", 100, money=False, label="CTR (%)"),
    "CPC": Derived("SPEND_IN_MICRO_DOLLAR", "TOTAL_CLICKTHROUGH", 1e-6, money=True, label="CPC"),
    "CPM": Derived("SPEND_IN_MICRO_DOLLAR", "PAID_IMPRESSION", 1e-3, money=True, label="CPM"),
    "CPA": Derived("SPEND_IN_MICRO_DOLLAR", "TOTAL_CONVERSIONS", 1e-6, money=True, label="CPA"),
    "ROAS": Derived("TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR", "SPEND_IN_MICRO_DOLLAR", 1, money=False, label="ROAS"),
}
"""CTR = clicks / paid impressions (in %), CPC = spend / clicks, CPM = spend per 1,000 paid impressions,
CPA = spend / conversions, ROAS = checkout value / spend; clicks are TOTAL_CLICKTHROUGH, conversions
TOTAL_CONVERSIONS. Pinterest's own CTR, CPC and CPM columns are not asked for: they are these."""
ALIASES = {"CPC_IN_MICRO_DOLLAR": "CPC", "CPM_IN_MICRO_DOLLAR": "CPM"}
