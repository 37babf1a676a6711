"""`reset_sandbox` runs only against Pinterest's sandbox: it deletes every ads entity of an ad account.

Pinterest serves `sandbox/delete` on its sandbox host alone, but a server pointed anywhere else
must not even try: the refusal names the base URL in use and the one it would need. The demo's
emulator is a sandbox of its own, so there it runs.
"""

from __future__ import annotations

from collections.abc import Callable

from pinterest_mcp.config.endpoints import SANDBOX_URL
from pinterest_mcp.config.settings import Settings


def sandbox_refusal(settings: Settings) -> str | None:
    """Why `reset_sandbox` may not run with these settings, or None where it may (sandbox, demo)."""
    if settings.demo or settings.base_url.rstrip("/") == SANDBOX_URL:
        return None
    return (
        f"reset_sandbox deletes all ads data of an ad account, so it runs only against Pinterest's sandbox "
        f"({SANDBOX_URL}, `--sandbox`); this server uses {settings.base_url}. Nothing was sent."
    )


GUARDS: dict[str, Callable[[Settings], str | None]] = {"reset_sandbox": sandbox_refusal}
"""Operation tools refused, before any request or validation, when their guard gives a reason
(`OperationTool.guard`); every other operation runs unguarded."""
