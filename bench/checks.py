"""Every timed call must have answered what it names: a tool error ends the bench run.

A figure timed over error answers measures how fast the server refuses (a toolset not enabled,
a bad argument), not the call it is labelled with. So each timed answer goes through `checked`,
which raises `BenchCallFailed` when the result is an error or lacks the content the call is for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mcp.types import TextContent


class BenchCallFailed(RuntimeError):
    """A timed call did not answer what its figure names; the run stops rather than print that figure."""


def checked(result: Any, tool: str, expect: Callable[[str], object], what: str) -> str:
    """The answer's text, once it is no error and `expect(text)` holds; else `BenchCallFailed` naming `tool`.

    `what` says what the answer should hold, for the message. `expect` may raise (a JSON key
    missing, say): that is a wrong answer too.
    """
    content = getattr(result, "content", None) or []
    text = content[0].text if isinstance(content[0] if content else None, TextContent) else ""
    if getattr(result, "is_error", False):
        raise BenchCallFailed(f"{tool} answered with an error, so its timing would measure the refusal: {text[:300]}")
    try:
        holds = bool(expect(text))
    except Exception as error:  # a malformed answer is a failed call, whatever broke on reading it
        raise BenchCallFailed(f"{tool} answered without {what} ({error!r}): {text[:300]}") from error
    if not holds:
        raise BenchCallFailed(f"{tool} answered without {what}: {text[:300]}")
    return text


def failed_call(error: BaseException) -> BenchCallFailed | None:
    """The `BenchCallFailed` behind `error`, which the MCP client's task groups may have wrapped in groups."""
    if isinstance(error, BenchCallFailed):
        return error
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            found = failed_call(inner)
            if found is not None:
                return found
    return None
