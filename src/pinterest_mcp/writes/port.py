"""What the write flow needs of the running server: a narrow port the runtime satisfies.

`WriteFlow` reads the current state, asks the account's currency, sends and journals through it.
Typing against this `Protocol` rather than `Runtime` keeps the write layer below the composition
root: the runtime builds a `WriteFlow` and hands itself in, and nothing here imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.registry.inputs import OperationInput
from pinterest_mcp.registry.records import Operation

if TYPE_CHECKING:
    from pinterest_mcp.api.client import PinterestClient  # httpx loads with the first call, not with a start


class WritePort(Protocol):
    """The runtime as the write flow sees it."""

    @property
    def settings(self) -> Settings:
        """The server's settings (the journal records the credential profile)."""
        ...

    async def client(self) -> PinterestClient:
        """The shared Pinterest client, opened on first use."""
        ...

    async def send(self, op: Operation, args: OperationInput) -> Any:
        """One request of `op`, as a tool call sends it (a plan's read of the current state)."""
        ...

    async def currency(self, ad_account_id: str) -> str | None:
        """The ad account's currency, for money in plans and intents given in currency units."""
        ...

    def check_ad_account(self, args: OperationInput) -> None:
        """Refuse an ad account outside the allowlist before anything is planned."""
        ...
