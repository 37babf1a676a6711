"""The consent page and the error page: server-rendered HTML, plain forms, no JavaScript.

A person and a headless client approve the same way: the form as shown is a sensible default (every
ad account ticked, read-only, the default toolsets), so submitting it unchanged approves that.
Every text that came from Pinterest or from the client is HTML-escaped, and the page may not be
framed (`frame-ancestors 'none'`, `X-Frame-Options: DENY`), so another site cannot overlay it to
trick a click. Browsers hold a form's redirects to `form-action` as well, so the consent page also
allows the client's redirect URI there: else the answer to Allow, a 303 to the client, is blocked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from urllib.parse import urlsplit

from starlette.responses import HTMLResponse

from pinterest_mcp.registry.toolsets import TOOLSETS

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
}

# A CSP source made of a redirect URI: an origin, or a bare scheme for an app's own; nothing else passes.
_SOURCE = re.compile(r"(https?://[A-Za-z0-9.\-\[\]:]+|[a-z][a-z0-9+.\-]*:)")
_NEVER = frozenset({"javascript", "data", "blob", "filesystem"})  # schemes that would run or carry content

STYLE = "body{font-family:system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em}fieldset{margin:1em 0}"


def page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width"><style>{STYLE}</style></head>'
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def error_page(message: str, status: int = 400) -> HTMLResponse:
    return page("Cannot connect", f"<p>{escape(message)}</p>", status)


def consent_page(
    *,
    request_id: str,
    csrf: str,
    username: str,
    client_name: str,
    redirect_uri: str,
    ad_accounts: Sequence[tuple[str, str]],
) -> HTMLResponse:
    """The form: who is signed in, which client asks, and the choices with their safe defaults."""
    host = urlsplit(redirect_uri).netloc or redirect_uri
    accounts = "".join(
        f'<label><input type="checkbox" name="ad_account" value="{escape(account_id)}" checked> '
        f"{escape(name)} ({escape(account_id)})</label><br>"
        for account_id, name in ad_accounts
    )
    toolsets = "".join(
        f'<label><input type="checkbox" name="toolset" value="{escape(t.name)}"{" checked" if t.default else ""}> '
        f"{escape(t.name)}: {escape(t.description)}</label><br>"
        for t in TOOLSETS
    )
    body = (
        f"<p>Signed in at Pinterest as <strong>{escape(username)}</strong>.</p>"
        f"<p><strong>{escape(client_name)}</strong> (returning to <code>{escape(host)}</code>) asks to use "
        "your Pinterest account through this server.</p>"
        '<form method="post" action="consent">'
        f'<input type="hidden" name="request" value="{escape(request_id)}">'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
        f"<fieldset><legend>Ad accounts it may use (at least one)</legend>{accounts}</fieldset>"
        "<fieldset><legend>Access</legend>"
        '<label><input type="radio" name="mode" value="read" checked> Read only</label><br>'
        '<label><input type="radio" name="mode" value="write"> Read and write (each write still asks you first)'
        "</label></fieldset>"
        f"<fieldset><legend>Tools</legend>{toolsets}</fieldset>"
        '<button type="submit" name="action" value="approve">Allow</button> '
        '<button type="submit" name="action" value="deny">Deny</button>'
        "</form>"
    )
    response = page("Connect Pinterest", body)
    response.headers["Content-Security-Policy"] = SECURITY_HEADERS["Content-Security-Policy"].replace(
        "form-action 'self'", f"form-action 'self' {_source(redirect_uri)}".rstrip()
    )
    return response


def _source(redirect_uri: str) -> str:
    """Where the consent form's answer redirects, as a CSP source ("" when it cannot be one)."""
    parts = urlsplit(redirect_uri)
    scheme = parts.scheme.lower()
    source = f"{scheme}://{parts.netloc}" if scheme in ("http", "https") else f"{scheme}:"
    return source if _SOURCE.fullmatch(source) and scheme not in _NEVER else ""
