"""Store URLs without their secrets: what a log, an error or a repr may show of a DSN.

A PostgreSQL URL may carry a password in its user part or its `password` query parameter; neither
may reach an error message, a repr or a log line, where it would outlive the process.
"""

from __future__ import annotations

from urllib.parse import unquote, unquote_plus, urlsplit, urlunsplit

HIDDEN = "***"


def secrets_of(url: str) -> list[str]:
    """The passwords a URL carries, as written and decoded, longest first so none is left half hidden."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    found: set[str] = set()
    userinfo, at, _host = parts.netloc.rpartition("@")
    if at:
        _user, colon, password = userinfo.partition(":")
        if colon:
            found |= {password, unquote(password)}
    for pair in parts.query.split("&"):
        name, _, value = pair.partition("=")
        if unquote_plus(name) == "password":
            found |= {value, unquote_plus(value)}
    return sorted((value for value in found if value), key=len, reverse=True)


def redact(url: str) -> str:
    """The URL with any password replaced by `***`: safe to show (one without a password is left alone)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # nothing can be told apart in it: show the scheme only
        return f"{url.partition(':')[0]}://{HIDDEN}"
    if not secrets_of(url):
        return url
    netloc = parts.netloc
    userinfo, at, host = netloc.rpartition("@")
    if at:
        user, colon, password = userinfo.partition(":")
        netloc = f"{user}:{HIDDEN}@{host}" if colon and password else netloc
    query = "&".join(
        f"{pair.partition('=')[0]}={HIDDEN}" if unquote_plus(pair.partition("=")[0]) == "password" else pair
        for pair in parts.query.split("&")
    )
    return scrub(urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment)), url)


def scrub(text: str, url: str) -> str:
    """`text` (a driver's error message, say) with every password of `url` replaced by `***`."""
    for secret in secrets_of(url):
        text = text.replace(secret, HIDDEN)
    return text
