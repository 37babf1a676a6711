"""`serve --auth oauth`: what it refuses before serving, and that `--auth` defaults to today's token mode."""

from __future__ import annotations

import pytest

from pinterest_mcp.cli.commands import main, parser
from pinterest_mcp.server.connector.run import check_public_url


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["serve", "--transport", "http", "--auth", "oauth", "--demo"], "--public-url"),
        (
            ["serve", "--transport", "http", "--auth", "oauth", "--demo", "--public-url", "http://mcp.example.com"],
            "https",
        ),
        (["serve", "--auth", "oauth", "--demo", "--public-url", "https://mcp.example.com"], "--transport http"),
        (["serve", "--transport", "http", "--demo", "--public-url", "https://mcp.example.com"], "--auth oauth"),
    ],
)
def test_oauth_refuses_what_it_cannot_serve_and_says_what_to_pass(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) != 0
    assert says in capsys.readouterr().err


def test_auth_defaults_to_the_token_mode() -> None:
    assert parser().parse_args(["serve"]).auth == "token"


def test_public_url_https_or_loopback_http() -> None:
    assert check_public_url("https://mcp.example.com/") == "https://mcp.example.com"
    assert check_public_url("http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    for bad in ("http://10.0.0.1", "https://mcp.example.com/mcp", "ftp://x", "https://h?x=1"):
        with pytest.raises(ValueError):
            check_public_url(bad)
