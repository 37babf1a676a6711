"""One redaction for every secret this process holds, applied wherever text leaves it.

Upstream text cannot be trusted to be free of our secrets: an API error body may echo the request's
`Authorization: Bearer …` header, and a token endpoint's error may echo its HTTP Basic header, which
is `base64(app_id:app_secret)` and so carries the app secret in a form no plain search for it finds.
So secrets are redacted by value, wherever they turn up: every `Credentials` announces its secrets
here when it is made (`auth.credentials.remember_credentials`), the token endpoint's answers do the same, and the
boundaries pass their text through `redact` / `redact_data`: Pinterest's response bodies as they
arrive (`client`), error messages (`errors`), the write journal, log records (`install_log_redaction`,
which the CLI turns on for every command) and the command line's output.

The registry only grows: a rotated-away token is still a secret worth hiding in a late echo.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

MASK = "***"
MIN_SECRET_LENGTH = 8
"""Shorter values are not treated as secrets: masking them would garble ordinary words and ids."""

_lock = threading.Lock()
_secrets: set[str] = set()
_text_pattern: re.Pattern[str] | None = None
_bytes_pattern: re.Pattern[bytes] | None = None


def basic_credentials(app_id: str, app_secret: str) -> str:
    """The token of an HTTP Basic header for the app, as httpx and Pinterest spell it."""
    return base64.b64encode(f"{app_id}:{app_secret}".encode()).decode("ascii")


def _forms(value: str) -> set[str]:
    """The spellings a secret takes in echoed text: as is, URL-encoded (form bodies), JSON-escaped."""
    return {value, quote(value, safe=""), json.dumps(value)[1:-1]}


def remember(*values: str | None) -> None:
    """Treat each value (and its encoded spellings) as a secret from now on."""
    global _text_pattern, _bytes_pattern
    new = {form for value in values if value and len(value) >= MIN_SECRET_LENGTH for form in _forms(value)}
    with _lock:
        if new <= _secrets:
            return
        _secrets.update(new)
        ordered = sorted(_secrets, key=len, reverse=True)  # a longer spelling wins over its own prefix
        _text_pattern = re.compile("|".join(map(re.escape, ordered)))
        _bytes_pattern = re.compile(b"|".join(re.escape(s.encode()) for s in ordered))


def remember_app(app_id: str | None, app_secret: str | None) -> None:
    """The app secret and the Basic header built from it."""
    remember(app_secret)
    if app_id and app_secret:
        remember(basic_credentials(app_id, app_secret))


def redact(text: str, extra: Iterable[str | None] = ()) -> str:
    """`text` with every known secret, and each of `extra`, replaced by `***`."""
    for value in extra:
        if value:
            text = text.replace(value, MASK)
    pattern = _text_pattern
    return pattern.sub(MASK, text) if pattern is not None else text


def contains_secret(data: bytes) -> bool:
    """Whether raw bytes (a response body) hold a known secret: a fast check before decoding."""
    pattern = _bytes_pattern
    return pattern is not None and pattern.search(data) is not None


SECRET_FIELDS = frozenset({"partner_access_token", "partner_refresh_token", "cryptographic_key"})
"""Fields that hold someone else's secret (a partner's OAuth tokens, a webhook's signing key): masked by name
in every answer, plan, journal line and error, whatever their value, and their values remembered as secrets."""
_SECRET_NAMES = re.compile(b"|".join(re.escape(name.encode()) for name in sorted(SECRET_FIELDS)))


def names_secret(data: bytes) -> bool:
    """Whether raw bytes (a response body) name a secret field: a fast check before decoding."""
    return _SECRET_NAMES.search(data) is not None


def mask_secret_fields(value: Any) -> Any:
    """`value` with each `SECRET_FIELDS` string (at any depth) replaced by `***`, and remembered as a secret."""
    if isinstance(value, list | tuple):
        return [mask_secret_fields(item) for item in value]
    if isinstance(value, dict):
        masked: dict[Any, Any] = {}
        for key, item in value.items():
            if key in SECRET_FIELDS and isinstance(item, str) and item:
                remember(item)
                masked[key] = MASK
            else:
                masked[key] = mask_secret_fields(item)
        return masked
    return value


def redact_data(value: Any) -> Any:
    """A JSON-like value with secret fields masked and every string (keys too) redacted; other values as they are."""
    value = mask_secret_fields(value)
    if _text_pattern is None:
        return value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list | tuple):
        return [redact_data(item) for item in value]
    if isinstance(value, dict):
        return {redact(k) if isinstance(k, str) else k: redact_data(v) for k, v in value.items()}
    return value


def _has_secret(text: str) -> bool:
    pattern = _text_pattern
    return pattern is not None and pattern.search(text) is not None


def _redact_arg(value: Any) -> Any:
    """One log argument, redacted; a non-string is kept as it is unless its text holds a secret."""
    if isinstance(value, str):
        return redact(value)
    try:
        text = str(value)
    except Exception:  # an object that cannot even say what it is: nothing of ours can be in it
        return value
    return redact(text) if _has_secret(text) else value


def _redact_args(args: Any) -> Any:
    """A record's `args` with each value redacted, in the same shape (a tuple or a mapping)."""
    if isinstance(args, Mapping):
        return {key: _redact_arg(value) for key, value in args.items()}
    if isinstance(args, tuple):
        return tuple(_redact_arg(value) for value in args)
    return args


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask secrets in a log record's message, traceback and stack text, before any handler sees it.

    A record without a secret is left exactly as it was made: formatters such as uvicorn's access
    log unpack `record.args` themselves. One with a secret keeps its `args`, each redacted, when they
    still format to a message without it; otherwise it becomes the redacted message with no args.
    Arguments that do not fit the message never raise here (the caller's logging call must not fail):
    the record then carries the message and its arguments as text.

    A traceback is rendered to text here and `exc_info` dropped, so handlers that would render the
    live exception themselves (rich's tracebacks) print the redacted text instead.
    """
    template = str(record.msg)
    try:
        message = record.getMessage()
    except Exception:
        record.msg, record.args = redact(f"{template} (log arguments that do not fit it: {record.args!r})"), None
    else:
        clean = redact(message)
        if clean != message:
            args = _redact_args(record.args)
            try:
                fits = bool(args) and not _has_secret(redact(template) % args)
            except Exception:
                fits = False
            record.msg, record.args = (redact(template), args) if fits else (clean, None)
    if record.exc_info:
        if not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


_installed = False


def install_log_redaction() -> None:
    """Redact every log record of the process as it is made, whichever handler (ours, the SDK's, rich) emits it.

    Idempotent. A record factory rather than a handler filter: the MCP SDK sets up its own handler
    when a server is built, and a filter on ours would not cover it.
    """
    global _installed
    with _lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return scrub_record(previous(*args, **kwargs))

        logging.setLogRecordFactory(factory)
        _installed = True
