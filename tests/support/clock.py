"""A fake clock for the long-running composite tools (`run_report`, `run_bulk_download`).

Sleeping only moves the clock and is recorded, so a test of a wait that would last minutes runs at
once and can assert each pause the tool chose.
"""

from __future__ import annotations

from pinterest_mcp.server.composite.run_report import Waits


class Sleeps:
    """The sleep and the clock a composite tool waits with: sleeping only moves the clock, and is recorded."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def waits(self) -> Waits:
        """This clock as the `Waits` a runtime is given with `use_waits`."""
        return Waits(sleep=self.sleep, clock=lambda: self.now)
