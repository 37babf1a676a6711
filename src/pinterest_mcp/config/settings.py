"""Server settings: command-line flags over environment variables over `config.toml` over defaults.

Read at start-up only. The file is `config/file.py`'s; the flags are `cli/commands.py`'s; this module holds the
one typed record they all fill, and the environment layer.
"""

from __future__ import annotations

import ipaddress
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pinterest_mcp.config.endpoints import PRODUCTION_URL, SANDBOX_URL, is_loopback

MAX_TTL_SECONDS = 86400.0
"""The longest a confirmation may live (a day): a plan older than that is stale, and the journal carries
used token ids across a rotation for this long (`writes.journal.LEDGER_WINDOW`). Settings refuse a longer
one from every source, and `writes.confirmations` checks it again."""


def split_list(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def check_base_url(url: str, what: str) -> str:
    """`url` if the access token may go there: https, or plain http to this machine only (an emulator).

    The base URL receives the user's access token on every request; over plain http to another host
    anyone on the path could read it. `what` names the setting in the error (a flag, variable or key).
    """
    parts = urlsplit(url.strip())
    try:
        host = parts.hostname or ""
    except ValueError:
        host = ""
    if parts.scheme == "https" and host:
        return url.strip()
    if parts.scheme == "http" and host and is_loopback(host):
        return url.strip()
    raise ValueError(
        f"{what} must be an https URL (plain http only to loopback: 127.0.0.1, ::1, localhost), "
        f"not {url[:200]!r}: it receives your Pinterest access token"
    )


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
    log_level: str = "WARNING"
    media_dir: Path | None = None
    """The one folder `create_video_pin` may read local videos from; None: local files are refused."""
    trusted_proxies: tuple[str, ...] = ()
    """HTTP peers (addresses or networks) whose X-Forwarded-For/-Proto are believed; none: nobody's."""
    rate_budgets: tuple[tuple[str, int], ...] = ()
    """Requests a minute per rate-limit category (`ads_read=500`), over the defaults of `api.budget`."""
    config_file: Path | None = None
    """The config file these settings were read from, when one exists (shown by `serve` and `doctor`)."""

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
    def from_env(cls, env: Mapping[str, str] | None = None, *, base: Settings | None = None) -> Settings:
        """`base` (the defaults, or what the config file set) with the `PINTEREST_*` variables that are set.

        The `PINTEREST_ADS_*` spelling is accepted too. Credentials are not settings:
        `credentials.load_credentials` reads them from the store and the environment when the client opens.
        """
        env = os.environ if env is None else env
        base = cls() if base is None else base

        def get(name: str) -> str | None:
            return env.get(f"PINTEREST_{name}") or env.get(f"PINTEREST_ADS_{name}") or None

        def mcp(name: str) -> str | None:
            return (env.get(f"PINTEREST_MCP_{name}") or "").strip() or None

        changes: dict[str, Any] = {}
        if get("API_BASE_URL"):
            named = "PINTEREST_API_BASE_URL" if env.get("PINTEREST_API_BASE_URL") else "PINTEREST_ADS_API_BASE_URL"
            changes["base_url"] = check_base_url(get("API_BASE_URL") or "", named)
        elif _truthy(get("SANDBOX")):
            changes["base_url"] = SANDBOX_URL
        for name, field in (("TOOLSETS", "toolsets"), ("TOOLS", "tools"), ("AD_ACCOUNTS", "ad_accounts")):
            if mcp(name):
                changes[field] = split_list(mcp(name))
        if mcp("DYNAMIC_TOOLSETS"):
            changes["dynamic_toolsets"] = _truthy(mcp("DYNAMIC_TOOLSETS"))
        if mcp("READ_ONLY"):
            changes["read_only"] = _truthy(mcp("READ_ONLY"))
        if get("DEFAULT_AD_ACCOUNT_ID"):
            changes["default_ad_account"] = get("DEFAULT_AD_ACCOUNT_ID")
        for name, field in (("PROFILE", "profile"), ("DEMO_FAULTS", "demo_faults")):
            if mcp(name):
                changes[field] = mcp(name)
        if mcp("WRITES"):
            changes["writes"] = parse_writes(mcp("WRITES") or "")
        for name, field in (("MAX_BUDGET", "max_budget"), ("MAX_INCREASE", "max_increase")):
            if mcp(name) is not None:
                changes[field] = parse_decimal(mcp(name), f"PINTEREST_MCP_{name}")
        if mcp("CONFIRM_TTL"):
            changes["confirm_ttl"] = parse_ttl(mcp("CONFIRM_TTL"), "PINTEREST_MCP_CONFIRM_TTL")
        if mcp("JOURNAL"):
            changes["journal"] = Path(mcp("JOURNAL") or "")
        if mcp("MEDIA_DIR"):
            changes["media_dir"] = Path(mcp("MEDIA_DIR") or "").expanduser()
        if mcp("RATE_BUDGETS"):
            changes["rate_budgets"] = parse_rate_budgets(mcp("RATE_BUDGETS") or "", "PINTEREST_MCP_RATE_BUDGETS")
        if mcp("LOG_LEVEL"):
            changes["log_level"] = parse_log_level(mcp("LOG_LEVEL") or "", "PINTEREST_MCP_LOG_LEVEL")
        if mcp("TRUSTED_PROXIES"):
            changes["trusted_proxies"] = parse_proxies(mcp("TRUSTED_PROXIES"), "PINTEREST_MCP_TRUSTED_PROXIES")
        return replace(base, **changes)


WritesMode = Literal["off", "confirm", "auto"]
_WRITES_MODES: dict[str, WritesMode] = {"off": "off", "confirm": "confirm", "auto": "auto"}


def parse_writes(value: str) -> WritesMode:
    mode = _WRITES_MODES.get(value.strip().lower())
    if mode is None:
        raise ValueError(f"writes must be off, confirm or auto, not {value!r}")
    return mode


def parse_rate_budgets(value: str, what: str) -> tuple[tuple[str, int], ...]:
    """`category=requests_a_minute` pairs, comma-separated (`ads_read=500,ads_analytics=100`)."""
    budgets: list[tuple[str, int]] = []
    for pair in split_list(value):
        category, _, number = pair.partition("=")
        try:
            per_minute = int(number.strip())
        except ValueError:
            per_minute = -1
        if not category.strip() or per_minute < 1:
            raise ValueError(
                f"{what} takes category=requests_a_minute pairs (e.g. ads_read=500), each at least 1, not {pair!r}"
            )
        budgets.append((category.strip(), per_minute))
    return tuple(budgets)


def parse_log_level(value: str, what: str) -> str:
    level = value.strip().upper()
    if level not in LOG_LEVELS:
        raise ValueError(f"{what} must be one of {', '.join(LOG_LEVELS)}, not {value!r}")
    return level


def parse_proxies(value: Any, what: str) -> tuple[str, ...]:
    """Reverse-proxy addresses from a flag, variable or config value: IPs or networks, comma-separated or a list.

    Only these peers may say, in X-Forwarded-For and X-Forwarded-Proto, who the client is: anyone
    else could write any address there. A name or `*` is refused (uvicorn would read a typo as a
    literal that never matches, or trust every peer); `0.0.0.0/0` says "everyone" on purpose.
    """
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(item, str) for item in items):
        raise ValueError(f"{what} must be IP addresses or networks, such as 127.0.0.1,10.0.0.0/8")
    found: list[str] = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        try:
            found.append(str(ipaddress.ip_network(item, strict=False) if "/" in item else ipaddress.ip_address(item)))
        except ValueError:
            raise ValueError(
                f"{what}: {item[:100]!r} is not an IP address or network; name the reverse proxy's address "
                "as it connects to this server, such as 127.0.0.1 or 10.0.0.0/8"
            ) from None
    return tuple(dict.fromkeys(found))


def parse_ttl(value: Any, what: str) -> float:
    """Seconds a confirmation lives, from a flag, variable or config value: 1 to a day (`MAX_TTL_SECONDS`).

    `inf` or `nan` would make every plan fail to mint its token, and a huge number every token
    fail its expiry check; a day is longer than any plan stays worth applying.
    """
    bounds = f"a number of seconds from 1 to {MAX_TTL_SECONDS:.0f} (a day)"
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"{what} must be {bounds}")
    try:
        seconds = float(value.strip() if isinstance(value, str) else value)
    except (ValueError, OverflowError):
        raise ValueError(f"{what} must be {bounds}, not {value!r}") from None
    if not math.isfinite(seconds) or not 1 <= seconds <= MAX_TTL_SECONDS:
        raise ValueError(f"{what} must be {bounds}, not {value!r}")
    return seconds


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
