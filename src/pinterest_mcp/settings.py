"""Server settings: command-line flags over environment variables over defaults. Read at start-up only."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from pinterest_mcp.client import PRODUCTION_URL, SANDBOX_URL


def split_list(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    base_url: str = PRODUCTION_URL
    profile: str = "default"
    demo: bool = False
    seed: int = 7
    toolsets: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    read_only: bool = False
    ad_accounts: tuple[str, ...] = ()
    """When set, the only ad accounts any tool may touch; others are refused before any request."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Settings from `PINTEREST_*` variables (the `PINTEREST_ADS_*` spelling is accepted too).

        Credentials are not settings: `credentials.load_credentials` reads them from the store and the
        environment when the client opens.
        """
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            return env.get(f"PINTEREST_{name}") or env.get(f"PINTEREST_ADS_{name}") or None

        base_url = get("API_BASE_URL") or (SANDBOX_URL if _truthy(get("SANDBOX")) else PRODUCTION_URL)
        return cls(
            base_url=base_url,
            profile=env.get("PINTEREST_MCP_PROFILE") or "default",
            toolsets=split_list(env.get("PINTEREST_MCP_TOOLSETS")),
            tools=split_list(env.get("PINTEREST_MCP_TOOLS")),
            read_only=_truthy(env.get("PINTEREST_MCP_READ_ONLY")),
            ad_accounts=split_list(env.get("PINTEREST_MCP_AD_ACCOUNTS")),
        )
