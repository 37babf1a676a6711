"""Every declared Pinterest operation, one module per area; the order here is the order of tools/list."""

from __future__ import annotations

from pinterest_mcp.operations import (
    account,
    ads,
    ads_writes,
    analytics,
    analytics_breakdowns,
    audiences,
    boards,
    keywords,
    organic_analytics,
    pins,
    targeting,
    user,
)
from pinterest_mcp.registry import Operation

OPERATIONS: tuple[Operation, ...] = (
    *account.OPERATIONS,
    *ads.OPERATIONS,
    *ads_writes.OPERATIONS,
    *audiences.OPERATIONS,
    *keywords.OPERATIONS,
    *keywords.WRITE_OPERATIONS,
    *analytics.OPERATIONS,
    *analytics_breakdowns.OPERATIONS,
    *targeting.OPERATIONS,
    *boards.OPERATIONS,
    *boards.WRITE_OPERATIONS,
    *pins.OPERATIONS,
    *pins.WRITE_OPERATIONS,
    *organic_analytics.OPERATIONS,
    *user.OPERATIONS,
)
