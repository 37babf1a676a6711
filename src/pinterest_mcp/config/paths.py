"""Where pinterest-mcp keeps its files: the user config directory and the user data directory.

Config (`config.toml`, the credentials file where there is no OS keyring) and data (the write
journal) follow each platform's convention, as `platformdirs` knows it: the XDG base directories on
Linux and the BSDs (`$XDG_CONFIG_HOME/pinterest-mcp`, else `~/.config/pinterest-mcp`; data under
`$XDG_DATA_HOME`, else `~/.local/share`), `~/Library/Application Support` on macOS and the roaming
AppData folder on Windows.

The XDG rule is applied here rather than by `platformdirs` for two reasons: the server reads its
config file at every start, before the first `tools/list`, and importing the library there would
cost more than the two lines of the rule; and the functions take an environment mapping (tests,
`doctor`) that `platformdirs`, which reads `os.environ`, cannot be given.

Before this module existed every platform used the XDG locations. On macOS and Windows a folder
already there keeps being used, so credentials and journals written by an older version are found.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

APP = "pinterest-mcp"


def _xdg_platform() -> bool:
    return not (sys.platform.startswith("win") or sys.platform == "darwin")


def _xdg(env: Mapping[str, str], variable: str, fallback: tuple[str, ...]) -> Path:
    # An XDG variable must hold an absolute path; a relative one is ignored, as the spec says.
    value = env.get(variable, "").strip()
    base = Path(value) if value and os.path.isabs(value) else Path.home().joinpath(*fallback)
    return base / APP


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    """The user config directory: `config.toml` and, without an OS keyring, the credentials file."""
    env = os.environ if env is None else env
    legacy = _xdg(env, "XDG_CONFIG_HOME", (".config",))
    if _xdg_platform() or legacy.is_dir():
        return legacy
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False, roaming=True))


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The user data directory: the write journal of each profile."""
    env = os.environ if env is None else env
    legacy = _xdg(env, "XDG_DATA_HOME", (".local", "share"))
    if _xdg_platform() or legacy.is_dir():
        return legacy
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False, roaming=True))
