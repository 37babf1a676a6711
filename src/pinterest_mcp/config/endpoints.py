"""Where Pinterest's API lives, and which hosts are this machine. A module of its own so settings,
OAuth and the CLI can name the URLs without importing the HTTP client (and httpx with it) before a
request is due; `is_loopback` is here because settings (a plain-http base URL) and OAuth (which token
endpoint gets the app secret) decide by it, below the HTTP serving that also uses it."""

from __future__ import annotations

import ipaddress

PRODUCTION_URL = "https://api.pinterest.com/v5"
SANDBOX_URL = "https://api-sandbox.pinterest.com/v5"


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: reachable from this machine only."""
    bare = host.strip("[]")
    if bare == "localhost":
        return True
    try:
        return ipaddress.ip_address(bare).is_loopback
    except ValueError:
        return False  # a host name: it may resolve anywhere
