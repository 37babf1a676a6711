"""`config.toml`: the settings a person writes once instead of repeating flags in every client config.

It sits in the user config directory (`paths.config_dir`), or wherever `--config PATH` or
`PINTEREST_MCP_CONFIG` points. Flags win over environment variables, which win over this file,
which wins over the defaults. Credentials never go here: they live in the keyring or the
credentials file (`pinterest-mcp auth`), or in the environment.

    profile = "default"
    ad_account = "549755856399"          # the ad account a call uses when it names none
    ad_accounts = ["549755856399"]       # the only ad accounts any tool may touch
    toolsets = ["ads", "analytics"]
    writes = "confirm"                   # off | confirm | auto
    log_level = "INFO"
    media_dir = "~/Videos/pins"          # the only folder create_video_pin reads local files from
    trusted_proxies = ["127.0.0.1"]      # HTTP: whose X-Forwarded-For/-Proto to believe (none by default)

    [limits]
    max_budget = 500                     # account currency units; "off" for none
    max_increase = 3
    confirm_ttl = 600                    # seconds
    rate_budgets = "ads_read=500"        # requests a minute per Pinterest rate-limit category

A key this module does not know is an error naming the allowed ones: a misspelt `max_budjet`
silently ignored would leave a spending guard off. `tomllib` is imported only when a file exists.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from pinterest_mcp.config.endpoints import SANDBOX_URL
from pinterest_mcp.config.settings import (
    Settings,
    check_base_url,
    parse_decimal,
    parse_log_level,
    parse_proxies,
    parse_rate_budgets,
    parse_ttl,
    parse_writes,
)

CONFIG_ENV = "PINTEREST_MCP_CONFIG"
FILE_NAME = "config.toml"


class ConfigError(ValueError):
    """The config file cannot be read or holds a key or value this version does not accept."""


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key} must be a non-empty string")
    return value.strip()


def _flag(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{key} must be true or false")
    return value


def _id(value: Any, key: str) -> str:
    # TOML integers are 64-bit, so an id written without quotes is still exact.
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not text.isascii() or not text.isdigit() or len(text) > 18:
        raise ValueError(f"{key} must be an id of at most 18 digits, as a string")
    return text


def _names(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{key} must be a list of strings")
    return tuple(item.strip() for item in value if item.strip())


def _ids(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    if not isinstance(value, list):
        raise ValueError(f"{key} must be a list of ids")
    return tuple(_id(item.strip() if isinstance(item, str) else item, key) for item in value)


def _limit(value: Any, key: str) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f'{key} must be a number, or "off"')
    return parse_decimal(str(value), key)


def _writes(value: Any, key: str) -> str:
    return parse_writes(_text(value, key))


def _log_level(value: Any, key: str) -> str:
    return parse_log_level(_text(value, key), key)


def _base_url(value: Any, key: str) -> str:
    return check_base_url(_text(value, key), key)


def _path(value: Any, key: str) -> Path:
    return Path(_text(value, key)).expanduser()


Reader = Callable[[Any, str], Any]
TOP_KEYS: dict[str, tuple[str, Reader]] = {
    "profile": ("profile", _text),
    "base_url": ("base_url", _base_url),
    "sandbox": ("sandbox", _flag),
    "ad_account": ("default_ad_account", _id),
    "ad_accounts": ("ad_accounts", _ids),
    "toolsets": ("toolsets", _names),
    "tools": ("tools", _names),
    "dynamic_toolsets": ("dynamic_toolsets", _flag),
    "read_only": ("read_only", _flag),
    "writes": ("writes", _writes),
    "journal": ("journal", _path),
    "log_level": ("log_level", _log_level),
    "media_dir": ("media_dir", _path),
    "trusted_proxies": ("trusted_proxies", parse_proxies),
}
"""TOML key → (Settings field, reader). `sandbox = true` sets the base URL to Pinterest's sandbox."""
LIMIT_KEYS: dict[str, tuple[str, Reader]] = {
    "max_budget": ("max_budget", _limit),
    "max_increase": ("max_increase", _limit),
    "confirm_ttl": ("confirm_ttl", parse_ttl),
    "rate_budgets": ("rate_budgets", lambda value, key: parse_rate_budgets(_text(value, key), key)),
}
"""Keys of the `[limits]` table."""


def locate(explicit: Path | None = None, env: Mapping[str, str] | None = None) -> tuple[Path, bool]:
    """The config file to read and whether someone named it (then it must exist)."""
    env = os.environ if env is None else env
    if explicit is not None:
        return explicit.expanduser(), True
    named = (env.get(CONFIG_ENV) or "").strip()
    if named:
        return Path(named).expanduser(), True
    from pinterest_mcp.config.paths import config_dir

    return config_dir(env) / FILE_NAME, False


def changes_from(document: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The Settings fields a parsed config document sets; `where` names the file in errors."""
    changes: dict[str, Any] = {}
    for key, value in document.items():
        if key == "limits":
            if not isinstance(value, Mapping):
                raise ConfigError(f"{where}: limits must be a table ([limits])")
            changes.update(_read_table(value, LIMIT_KEYS, where, "limits."))
        elif key in TOP_KEYS:
            changes.update(_read_table({key: value}, TOP_KEYS, where, ""))
        else:
            raise ConfigError(_unknown(where, key, TOP_KEYS, "", extra=("[limits]",)))
    if changes.pop("sandbox", False):
        if "base_url" in changes:
            raise ConfigError(f"{where}: set base_url or sandbox = true, not both")
        changes["base_url"] = SANDBOX_URL
    return changes


def _read_table(
    table: Mapping[str, Any], keys: Mapping[str, tuple[str, Reader]], where: str, prefix: str
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key not in keys:
            raise ConfigError(_unknown(where, f"{prefix}{key}", keys, "in [limits]" if prefix else ""))
        field, reader = keys[key]
        try:
            out[field] = reader(value, f"{prefix}{key}")
        except ValueError as exc:
            raise ConfigError(f"{where}: {exc}") from None
    return out


def _unknown(where: str, key: str, keys: Mapping[str, Any], section: str, extra: tuple[str, ...] = ()) -> str:
    allowed = ", ".join([*keys, *extra])
    return f"{where}: unknown key {key!r}; allowed{' ' + section if section else ''}: {allowed}"


def read(path: Path, *, required: bool) -> dict[str, Any]:
    """The Settings fields the file at `path` sets; a missing file sets none unless it was named."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if required:
            raise ConfigError(f"config file {path} does not exist") from None
        return {}
    except OSError as exc:
        raise ConfigError(f"could not read config file {path}: {exc.strerror}") from None
    import tomllib

    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    return changes_from(document, str(path))


def load_settings(explicit: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Settings from the defaults, then the config file, then the environment (flags come after)."""
    path, required = locate(explicit, env)
    changes = read(path, required=required)
    base = Settings(**changes, config_file=path if changes or path.exists() else None)
    return Settings.from_env(env, base=base)
