"""What the analytics and report answers need of the running server: a narrow port the runtime satisfies.

The answers read the account's facts (currency, time zone), the entities' names, the clock that resolves relative dates,
and send requests in batches through the fan-out. Typing against this `Protocol` rather than
`Runtime` keeps the answers below the composition root, which calls them and hands itself in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from pinterest_mcp.answers.account_facts import AccountFactsCache
from pinterest_mcp.answers.names import NameCache
from pinterest_mcp.api.fanout import FanOut
from pinterest_mcp.registry.inputs import OperationInput
from pinterest_mcp.registry.records import Operation


class AnswerPort(Protocol):
    """The runtime as the answers see it."""

    @property
    def facts(self) -> AccountFactsCache:
        """Each ad account's currency and time zone, fetched once and shared."""
        ...

    @property
    def names(self) -> NameCache:
        """Names of campaigns, ad groups, ads and Pins by id, kept briefly and shared."""
        ...

    @property
    def fanout(self) -> FanOut:
        """Concurrency and rate-limit pacing for batches of requests."""
        ...

    @property
    def clock(self) -> Callable[[], float]:
        """Unix seconds now (injected in tests), for relative date ranges."""
        ...

    async def send(self, op: Operation, args: OperationInput) -> Any:
        """One request of `op`."""
        ...
