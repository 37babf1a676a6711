"""Server settings: command-line flags over environment variables over defaults. Read at start-up only."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal

from pinterest_mcp.endpoints import PRODUCTION_URL, SANDBOX_URL


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
    dynamic_toolsets: bool | None = None
    """list_toolsets/enable_toolset on top of the default; None: on unless --toolsets/--tools fix the set."""
    read_only: bool = False
    ad_accounts: tuple[str, ...] = ()
    """When set, the only ad accounts any tool may touch; others are refused before any request."""
    default_ad_account: str | None = None
    """The ad account a tool uses when the call names none; with one allowed account, that one."""
    demo_faults: str | None = None
    """A fault-injection profile for the demo emulator (429s, 5xx, slow or malformed answers)."""
    writes: Literal["off", "confirm", "auto"] = "confirm"
    """off: no write tools; confirm: a plan, then the user's consent; auto: apply at once (trusted automation)."""
    max_budget: Decimal | None = None
    """The largest budget or spend cap one change may set, in the ad account's currency units."""
    max_increase: Decimal | None = Decimal(3)
    """The largest factor a budget or cap may grow by in one change."""
    confirm_ttl: float = 600.0
    journal: Path | None = None
    """Where applied writes are journaled; None: the user data directory (in memory for the demo)."""

    @property
    def dynamic(self) -> bool:
        if self.dynamic_toolsets is not None:
            return self.dynamic_toolsets
        return not self.toolsets and not self.tools

    @property
    def ad_account(self) -> str | None:
        """The default ad account: the configured one, else the only allowed one, else none."""
        if self.default_ad_account:
            return self.default_ad_account
        return self.ad_accounts[0] if len(self.ad_accounts) == 1 else None

    @property
    def writes_enabled(self) -> bool:
        return not self.read_only and self.writes != "off"

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
            dynamic_toolsets=_truthy(env["PINTEREST_MCP_DYNAMIC_TOOLSETS"])
            if env.get("PINTEREST_MCP_DYNAMIC_TOOLSETS")
            else None,
            read_only=_truthy(env.get("PINTEREST_MCP_READ_ONLY")),
            ad_accounts=split_list(env.get("PINTEREST_MCP_AD_ACCOUNTS")),
            default_ad_account=get("DEFAULT_AD_ACCOUNT_ID"),
            demo_faults=env.get("PINTEREST_MCP_DEMO_FAULTS") or None,
            writes=parse_writes(env.get("PINTEREST_MCP_WRITES") or "confirm"),
            max_budget=parse_decimal(env.get("PINTEREST_MCP_MAX_BUDGET"), "PINTEREST_MCP_MAX_BUDGET"),
            max_increase=parse_decimal(env.get("PINTEREST_MCP_MAX_INCREASE") or "3", "PINTEREST_MCP_MAX_INCREASE"),
            journal=Path(env["PINTEREST_MCP_JOURNAL"]) if env.get("PINTEREST_MCP_JOURNAL") else None,
            confirm_ttl=float(parse_decimal(env.get("PINTEREST_MCP_CONFIRM_TTL"), "PINTEREST_MCP_CONFIRM_TTL") or 600),
        )


WritesMode = Literal["off", "confirm", "auto"]
_WRITES_MODES: dict[str, WritesMode] = {"off": "off", "confirm": "confirm", "auto": "auto"}


def parse_writes(value: str) -> WritesMode:
    mode = _WRITES_MODES.get(value.strip().lower())
    if mode is None:
        raise ValueError(f"writes must be off, confirm or auto, not {value!r}")
    return mode


def parse_decimal(value: str | None, what: str) -> Decimal | None:
    """A positive decimal from a flag or variable; empty, "none" or "off" means no limit."""
    if value is None or value.strip().lower() in ("", "none", "off"):
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation as exc:
        raise ValueError(f"{what} must be a number, not {value!r}") from exc
    if number <= 0:
        raise ValueError(f"{what} must be positive")
    return number
