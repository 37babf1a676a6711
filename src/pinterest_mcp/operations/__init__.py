"""Every declared Pinterest operation, one module per area; the order here is the order of tools/list."""

from __future__ import annotations

from pinterest_mcp.operations import account, ads, analytics, boards, pins
from pinterest_mcp.registry import Operation

OPERATIONS: tuple[Operation, ...] = (
    *account.OPERATIONS,
    *ads.OPERATIONS,
    *analytics.OPERATIONS,
    *boards.OPERATIONS,
    *pins.OPERATIONS,
)
