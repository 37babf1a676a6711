"""Pinterest-shaped errors: every failure leaves the emulator as ``{"code": int, "message": str}``.

Codes follow Pinterest where the API documents one (2 auth, 3 missing OAuth scope, 8 rate limit,
29 not permitted, 40 board, 50 pin, 283 invalid OAuth grant, 2031 board section); elsewhere the
code repeats the HTTP status, as Pinterest itself often does.
Ad accounts, campaigns, ad groups, ads and audiences that do not exist answer 404 with code 404
(inside a bulk write: an item exception with code 404).

Codes the spec does not document, chosen by the emulator (clients should match on them only here):
58 a board of that name already exists for the user (409); 409 a section of that name already
exists on the board (409, code and message as the spec's board-section conflict example);
2318 an ARCHIVED campaign, ad group or ad cannot be changed (a bulk item exception).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse

INVALID_PARAMETER = 1
AUTHENTICATION_FAILED = 2
INSUFFICIENT_SCOPE = 3
RATE_LIMITED = 8
NOT_PERMITTED = 29
BOARD_NOT_FOUND = 40
PIN_NOT_FOUND = 50
BOARD_NAME_TAKEN = 58
BOARD_SECTION_CONFLICT = 409
ENTITY_ARCHIVED = 2318
INVALID_GRANT = 283
BOARD_SECTION_NOT_FOUND = 2031

_DEFAULT_BODIES: dict[int, tuple[int, str]] = {
    400: (INVALID_PARAMETER, "Invalid request parameters."),
    401: (AUTHENTICATION_FAILED, "Authentication failed."),
    403: (NOT_PERMITTED, "You are not permitted to access that resource."),
    404: (404, "Resource not found."),
    405: (405, "Method not allowed."),
    429: (RATE_LIMITED, "This request exceeded a rate limit. Wait before retrying."),
    500: (500, "Internal server error."),
    503: (503, "Service unavailable. Try again later."),
}


class ApiError(Exception):
    """Raised by handlers to end a request with a Pinterest error body."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def invalid(message: str) -> ApiError:
    """400 with code 1: the caller sent a parameter Pinterest would reject."""
    return ApiError(400, INVALID_PARAMETER, message)


def not_found(code: int, message: str) -> ApiError:
    """404 for an id that does not exist (or belongs to another parent)."""
    return ApiError(404, code, message)


def conflict(code: int, message: str) -> ApiError:
    """409: the write would duplicate something that must be unique (a board or section name)."""
    return ApiError(409, code, message)


def default_error_body(status: int) -> dict[str, Any]:
    """The body a real Pinterest error of this status would carry, for injected faults."""
    code, message = _DEFAULT_BODIES.get(status, (status, f"HTTP {status}."))
    return {"code": code, "message": message}


def error_response(status: int, code: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """Render an error in Pinterest's ``Error`` schema."""
    return JSONResponse({"code": code, "message": message}, status_code=status, headers=headers)
