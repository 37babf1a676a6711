"""`reset_sandbox` runs only against Pinterest's sandbox: it deletes every ads entity of an ad account.

Pinterest serves `sandbox/delete` on its sandbox host alone, but a server pointed anywhere else
must not even try: the refusal names the base URL in use and the one it would need. The demo's
emulator is a sandbox of its own, so there it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mcp.types import CallToolResult, InputRequiredResult

from pinterest_mcp.config.endpoints import SANDBOX_URL
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.server.tools import OperationTool, text_result

if TYPE_CHECKING:
    from mcp.server.mcpserver import Context


def sandbox_refusal(settings: Settings) -> str | None:
    """Why `reset_sandbox` may not run with these settings, or None where it may (sandbox, demo)."""
    if settings.demo or settings.base_url.rstrip("/") == SANDBOX_URL:
        return None
    return (
        f"reset_sandbox deletes all ads data of an ad account, so it runs only against Pinterest's sandbox "
        f"({SANDBOX_URL}, `--sandbox`); this server uses {settings.base_url}. Nothing was sent."
    )


class SandboxOnlyTool(OperationTool):
    """An operation tool refused, before any request, unless the server talks to the sandbox."""

    async def run(
        self, arguments: dict[str, Any], context: Context[Any, Any], convert_result: bool = False
    ) -> CallToolResult | InputRequiredResult:
        refusal = sandbox_refusal(self.runtime.settings)
        if refusal is not None:
            return text_result(refusal, is_error=True)
        return await super().run(arguments, context, convert_result)


TOOL_CLASSES: dict[str, type[OperationTool]] = {"reset_sandbox": SandboxOnlyTool}
"""Operation tools with a guard of their own; every other operation is a plain `OperationTool`."""
