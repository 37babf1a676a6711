"""A request's JSON body, read once the body gate (``bodies``) has checked it against the spec.

Missing or malformed JSON answers the same 400 (code 1) as a bad parameter, naming what is wrong.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from pinterest_mcp.emulator.http.errors import invalid


async def json_body(request: Request) -> Any:
    """The decoded JSON body; 400 when it is missing or not JSON."""
    raw = await request.body()
    if not raw.strip():
        raise invalid("Missing request body: this operation needs a JSON body.")
    try:
        return json.loads(raw)
    except ValueError:
        raise invalid("Invalid request body: it is not valid JSON.") from None


async def json_object(request: Request) -> dict[str, Any]:
    """The JSON body of a single-object write; 400 unless it is a JSON object."""
    body = await json_body(request)
    if not isinstance(body, dict):
        raise invalid("Invalid request body: it must be a JSON object.")
    return body
