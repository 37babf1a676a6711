"""The consent page's CSP lets the answer to Allow reach the client, and nothing a redirect URI smuggles in.

Browsers check a form's redirects against `form-action` too (the chromium test found the page's
own Allow blocked), so the page names the client's redirect target there, as a bare origin or scheme.
"""

from __future__ import annotations

import pytest

from pinterest_mcp.server.connector.pages import consent_page


def form_action(redirect_uri: str) -> str:
    page = consent_page(
        request_id="r", csrf="c", username="u", client_name="n", redirect_uri=redirect_uri, ad_accounts=[("1", "A")]
    )
    policy = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and policy.startswith("default-src 'none';")
    (directive,) = [d.strip() for d in policy.split(";") if d.strip().startswith("form-action")]
    return directive


@pytest.mark.parametrize(
    ("redirect_uri", "directive"),
    [
        ("https://claude.ai/api/mcp/auth_callback", "form-action 'self' https://claude.ai"),
        ("http://127.0.0.1:33418/callback?x=1", "form-action 'self' http://127.0.0.1:33418"),
        ("cursor://anysphere.cursor-mcp/oauth/callback", "form-action 'self' cursor:"),
        ("https://a.example;script-src *", "form-action 'self'"),
        ("https://user@a.example/cb", "form-action 'self'"),
        ("javascript:alert(1)", "form-action 'self'"),
    ],
)
def test_form_action_allows_only_the_clients_redirect_target(redirect_uri: str, directive: str) -> None:
    assert form_action(redirect_uri) == directive
