"""`PINTEREST_AUTHORIZE_URL`: where a non-demo connector sends users to sign in, refused unless https or loopback.

The fleet tests point real replicas at an emulator on this machine with it; anywhere else plain http
would carry every user's authorization code in clear, so it is refused before the server starts.
"""

from __future__ import annotations

import pytest

from pinterest_mcp.auth import oauth
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.server.connector.run import AUTHORIZE_URL_ENV, connector_config

APP = {"PINTEREST_APP_ID": "1234567", "PINTEREST_APP_SECRET": "emulator-secret"}
PUBLIC = "https://mcp.example.com"


def test_without_it_users_sign_in_at_pinterest() -> None:
    assert connector_config(Settings(), PUBLIC, APP).pinterest_authorize_url == oauth.AUTHORIZE_URL


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765/oauth/", "https://login.example.com/oauth/"])
def test_https_or_loopback_is_where_users_sign_in(url: str) -> None:
    config = connector_config(Settings(), PUBLIC, {**APP, AUTHORIZE_URL_ENV: url})
    assert config.pinterest_authorize_url == url


@pytest.mark.parametrize("url", ["http://login.example.com/oauth/", "ftp://127.0.0.1/", "not a url"])
def test_plain_http_off_this_machine_is_refused_naming_the_variable(url: str) -> None:
    with pytest.raises(ValueError, match=AUTHORIZE_URL_ENV):
        connector_config(Settings(), PUBLIC, {**APP, AUTHORIZE_URL_ENV: url})
