"""Progress notifications for the composite tools that wait (`run_report`, `run_bulk_download`, `create_video_pin`)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mcp.server.mcpserver import Context


class Progress:
    """Progress notifications whose value only ever grows (the MCP rule), sent when the client asked for them."""

    def __init__(self, context: Context[Any, Any], total: float) -> None:
        self.context = context
        self.total = total
        self.value = 0.0

    async def at(self, value: float, message: str) -> None:
        self.value = max(min(value, self.total), self.value + 0.001)
        with contextlib.suppress(ValueError):  # outside a request (no session): nobody to tell
            await self.context.report_progress(self.value, self.total, message)
