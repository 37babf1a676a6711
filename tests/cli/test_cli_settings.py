"""Settings in one typed place: flags over environment over config.toml over defaults; paths; ids as numbers."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from mcp import Client
from mcp.types import TextContent

from pinterest_mcp.auth.credentials import default_config_dir
from pinterest_mcp.cli.commands import main, parser, settings_from
from pinterest_mcp.config import paths
from pinterest_mcp.config.endpoints import SANDBOX_URL
from pinterest_mcp.config.file import ConfigError, load_settings
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.server.build import build_server
from pinterest_mcp.writes.journal import default_data_dir

USD = "549755856399"
pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("scratch_home")]


def write_config(home: Path, text: str) -> Path:
    path = home / "config" / "pinterest-mcp" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def settings_for(*argv: str) -> Settings:
    return settings_from(parser().parse_args(list(argv)))


CONFIG = """
profile = "shop"
ad_account = 549755856399
ad_accounts = ["549755856399", "549755856400"]
toolsets = ["ads", "analytics"]
writes = "off"
log_level = "info"

[limits]
max_budget = 500
max_increase = "off"
confirm_ttl = 120
"""


def test_the_config_file_sets_every_kind_of_setting(scratch_home: Path) -> None:
    path = write_config(scratch_home, CONFIG)
    settings = settings_for("serve")
    assert settings.config_file == path
    assert (settings.profile, settings.default_ad_account) == ("shop", USD)  # an unquoted id stays exact
    assert settings.ad_accounts == (USD, "549755856400") and settings.toolsets == ("ads", "analytics")
    assert settings.writes == "off" and settings.log_level == "INFO"
    assert settings.max_budget == Decimal(500) and settings.max_increase is None and settings.confirm_ttl == 120


def test_flags_win_over_environment_which_wins_over_the_file(
    scratch_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(scratch_home, CONFIG)
    monkeypatch.setenv("PINTEREST_MCP_WRITES", "confirm")
    monkeypatch.setenv("PINTEREST_MCP_MAX_BUDGET", "50")
    monkeypatch.setenv("PINTEREST_MCP_LOG_LEVEL", "debug")
    from_env = settings_for("serve")
    assert from_env.writes == "confirm" and from_env.max_budget == Decimal(50) and from_env.log_level == "DEBUG"
    assert from_env.toolsets == ("ads", "analytics")  # not in the environment: the file's
    flagged = settings_for("serve", "--writes", "auto", "--max-budget", "5", "--log-level", "error", "--sandbox")
    assert flagged.writes == "auto" and flagged.max_budget == Decimal(5) and flagged.log_level == "ERROR"
    assert flagged.base_url == SANDBOX_URL


def test_an_unknown_key_is_an_error_naming_it_and_the_allowed_ones(
    scratch_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(scratch_home, "[limits]\nmax_budjet = 5\n")
    assert main(["tools"]) == 2
    err = capsys.readouterr().err
    assert "unknown key 'limits.max_budjet'" in err and "max_budget, max_increase, confirm_ttl" in err
    write_config(scratch_home, "tool_sets = ['ads']\n")
    with pytest.raises(ConfigError, match=r"unknown key 'tool_sets'; allowed: profile, .*toolsets.*\[limits\]"):
        load_settings()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('writes = "yes"', "writes must be off, confirm or auto"),
        ('ad_account = "act_12"', "ad_account must be an id"),
        ("read_only = 1", "read_only must be true or false"),
        ('log_level = "LOUD"', "log_level must be one of DEBUG"),
        ("[limits]\nmax_budget = -1", "max_budget must be positive"),
        ('sandbox = true\nbase_url = "https://example.test/v5"', "not both"),
        ("toolsets = [", "not valid TOML"),
    ],
)
def test_a_bad_value_names_the_file_and_the_key(scratch_home: Path, text: str, says: str) -> None:
    path = write_config(scratch_home, text + "\n")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert says in str(caught.value) and str(path) in str(caught.value)


def test_config_flag_and_variable_name_a_file_that_must_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    named = tmp_path / "elsewhere.toml"
    named.write_text('toolsets = ["boards"]\n', encoding="utf-8")
    assert settings_for("tools", "--config", str(named)).toolsets == ("boards",)
    monkeypatch.setenv("PINTEREST_MCP_CONFIG", str(named))
    assert settings_for("doctor").toolsets == ("boards",)
    assert main(["tools", "--config", str(tmp_path / "missing.toml")]) == 2
    assert "missing.toml does not exist" in capsys.readouterr().err
    monkeypatch.delenv("PINTEREST_MCP_CONFIG")
    assert settings_for("tools").config_file is None  # the default file may be absent


def test_paths_follow_xdg_as_before(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_DATA_HOME": str(tmp_path / "d")}
    assert paths.config_dir(env) == default_config_dir(env) == tmp_path / "c" / "pinterest-mcp"
    assert paths.data_dir(env) == default_data_dir(env) == tmp_path / "d" / "pinterest-mcp"
    if sys.platform.startswith("linux"):
        assert paths.config_dir({}) == Path.home() / ".config" / "pinterest-mcp"
        assert paths.data_dir({"XDG_DATA_HOME": "relative/dir"}) == Path.home() / ".local" / "share" / "pinterest-mcp"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is applied by hand on Linux only")
def test_the_linux_rule_is_what_platformdirs_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(variable)
    assert paths.config_dir() == Path(platformdirs.user_config_dir("pinterest-mcp"))
    assert paths.data_dir() == Path(platformdirs.user_data_dir("pinterest-mcp"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert paths.config_dir() == Path(platformdirs.user_config_dir("pinterest-mcp"))


async def test_an_id_sent_as_a_json_number_is_taken_while_exact() -> None:
    """Inspector 2.x sends digit strings as numbers: small ones are exact, an 18-digit one may not be."""
    async with Client(build_server(Settings(demo=True))) as client:
        exact = await client.call_tool("get_ad_account", {"ad_account_id": int(USD)})
        rounded = await client.call_tool("get_ad_account", {"ad_account_id": 2**53 + 1})
    assert not exact.is_error and json.loads(_text(exact))["id"] == USD
    assert rounded.is_error and "pass ids as strings" in _text(rounded)


def _text(result: object) -> str:
    return "".join(b.text for b in getattr(result, "content", []) if isinstance(b, TextContent))
