"""Errors from talking to Pinterest, typed so tools can tell the model what to do next.

    CredentialStoreError                a credential store could not be read or written (not Pinterest's fault)

    PinterestError
    ├── AdAccountNotAllowedError        refused locally: the ad account is outside --ad-accounts
    ├── RequestNotSentError             the request could not be built; nothing was sent
    ├── RateBudgetError                 refused locally: the user's rate budget is spent or Pinterest said wait
    ├── PinterestConnectionError        network failure or timeout; nothing usable came back
    │   └── CallBudgetError             the tool call's total time budget ran out first
    └── PinterestAPIError               Pinterest answered with an error status and {code, message}
        ├── InvalidRequestError         400 / 422: fix the arguments
        ├── AuthenticationError         401: token missing, expired or revoked
        ├── PermissionDeniedError       403
        │   ├── MissingScopeError       401/403 code 3: token lacks an OAuth scope
        │   └── TrialAccessError        403 code 29: app on Trial access
        ├── NotFoundError               404
        ├── ConflictError               409
        ├── RateLimitError              429 (code 8); `retry_after` when known
        ├── ServerError                 5xx
        └── UnexpectedResponseError     2xx with a body of the wrong shape

Messages never contain tokens or secrets: they are built from Pinterest's code and message and
our own advice, never from request headers or URLs with credentials, and Pinterest's message is
redacted by value as the error is made (an error body may echo the Authorization header we sent).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from pinterest_mcp.api.redaction import redact


class CredentialStoreError(Exception):
    """A store could not be read or written. The message says what to do and never holds a secret.

    Defined here, with the other errors the CLI reports, so catching it imports no credential code.
    """


class PinterestError(Exception):
    """Base of everything the Pinterest client raises."""

    kind: ClassVar[str] = "error"
    advice: ClassVar[str] = ""

    def for_model(self) -> str:
        """One paragraph for the model: what happened and what to do next (redacted: it leaves the server)."""
        text = str(self)
        return redact(f"{text} Next: {self.advice}" if self.advice else text)


class AdAccountNotAllowedError(PinterestError):
    kind = "ad_account_not_allowed"
    advice = (
        "This server was started with --ad-accounts and that account is not on the list; use one of the "
        "accounts list_ad_accounts shows, or ask the user to restart the server with the account allowed."
    )


class PinterestConnectionError(PinterestError):
    """No answer from Pinterest; `maybe_sent` when the request may have arrived (a read timeout)."""

    kind = "connection"
    advice = "Pinterest could not be reached; try again in a moment. Nothing was changed by this call."

    def __init__(self, message: str, *, maybe_sent: bool = False) -> None:
        super().__init__(message)
        self.maybe_sent = maybe_sent

    def for_model(self) -> str:
        if self.maybe_sent:
            return f"{self} Next: the request may have reached Pinterest; check the current state before trying again."
        return super().for_model()


class CallBudgetError(PinterestConnectionError):
    """The call's time budget (retry waits included) was spent before the next request; it was not sent."""

    kind = "time_budget"
    advice = "Pinterest is slow or failing right now; try again in a minute, asking for less (fewer pages or ids)."

    def __init__(self, message: str, *, budget: float) -> None:
        super().__init__(message, maybe_sent=False)
        self.budget = budget


class RequestNotSentError(PinterestError):
    """Refused locally: the arguments make a request that cannot be sent (e.g. not a valid URL)."""

    kind = "not_sent"
    advice = "Nothing was sent to Pinterest; correct the arguments (ids are digits) and call again."


class RateBudgetError(PinterestError):
    """Refused before sending: this user's budget for a rate-limit category is spent, or a 429 blocks it.

    `retry_after` is when the budget's window turns or Pinterest's block ends; nothing was sent.
    """

    kind = "rate_budget"

    def __init__(self, message: str, *, category: str, retry_after: float) -> None:
        super().__init__(message)
        self.category = category
        self.retry_after = retry_after

    def for_model(self) -> str:
        return (
            f"{self} Nothing was sent. Next: call again in about {math.ceil(self.retry_after)} s, "
            "or ask for less (fewer pages or ids) so the budget lasts."
        )


class PinterestAPIError(PinterestError):
    kind = "api_error"

    def __init__(
        self,
        status: int,
        code: int | None,
        message: str,
        *,
        request_id: str | None = None,
        retry_after: float | None = None,
        scopes: tuple[str, ...] = (),
    ) -> None:
        self.status = status
        self.code = code
        self.message = redact(message)
        self.request_id = request_id
        self.retry_after = retry_after
        self.scopes = scopes
        super().__init__(self._describe())

    def _describe(self) -> str:
        code = f", code {self.code}" if self.code is not None else ""
        rid = f" (request id {self.request_id})" if self.request_id else ""
        # Pinterest's message is often a sentence already: one full stop, never "found.." or ". (request id".
        said = self.message.rstrip()
        said = said.rstrip(".") + rid if rid else said
        end = "" if said.endswith((".", "!", "?")) else "."
        return f"Pinterest {self.kind} (HTTP {self.status}{code}): {said}{end}"


class InvalidRequestError(PinterestAPIError):
    kind = "invalid_request"
    advice = "Pinterest rejected the arguments; correct the field its message names and call again."


class AuthenticationError(PinterestAPIError):
    kind = "authentication"
    advice = (
        "The access token is missing, expired or revoked. The user should run `pinterest-mcp auth login` "
        "(or set PINTEREST_ACCESS_TOKEN) and restart the server; retrying will not help."
    )


class PermissionDeniedError(PinterestAPIError):
    kind = "permission_denied"
    advice = "This account may not access that object; check the id belongs to an account you can use."


class MissingScopeError(PermissionDeniedError):
    kind = "missing_scope"

    def for_model(self) -> str:
        needs = f" This call needs: {', '.join(self.scopes)}." if self.scopes else ""
        return (
            f"{self}{needs} Next: the token was granted without that OAuth scope; the user should run "
            "`pinterest-mcp auth login` to re-authorize with the scopes the enabled tools need."
        )


class TrialAccessError(PermissionDeniedError):
    kind = "trial_access"
    advice = (
        "The Pinterest app is on Trial access (about 1,000 requests a day, some endpoints closed). Apply for "
        "Standard access in the Pinterest developer portal, or point the server at the Pinterest sandbox "
        "(--base-url https://api-sandbox.pinterest.com/v5) for testing."
    )


class NotFoundError(PinterestAPIError):
    kind = "not_found"
    advice = "Check the id: list the parent collection first (e.g. list_campaigns, list_boards) to get valid ids."


class ConflictError(PinterestAPIError):
    kind = "conflict"
    advice = "The object changed or is locked by another operation; read it again, then retry."


class RateLimitError(PinterestAPIError):
    kind = "rate_limited"

    def for_model(self) -> str:
        when = f"in about {self.retry_after:.0f} s" if self.retry_after else "in a minute"
        return f"{self} Next: Pinterest's rate limit was hit after our retries; call again {when}, with fewer pages."


class ServerError(PinterestAPIError):
    kind = "server_error"
    advice = "Pinterest had an internal error; try again shortly. Writes were not retried automatically."


class UnexpectedResponseError(PinterestAPIError):
    """A success status whose body is not what the operation answers (not JSON, no `items`, empty)."""

    kind = "unexpected_response"
    advice = (
        "Pinterest answered with an unexpected shape, so this result cannot be trusted; try again shortly. "
        "After a write, check the current state before repeating it."
    )


def error_for(
    status: int,
    body: Any,
    *,
    request_id: str | None = None,
    retry_after: float | None = None,
    scopes: tuple[str, ...] = (),
) -> PinterestAPIError:
    """Map an HTTP error response to the most specific error class."""
    code: int | None = None
    message = ""
    if isinstance(body, dict):
        raw_code = body.get("code")
        code = raw_code if isinstance(raw_code, int) else None
        message = str(body.get("message") or "")
        detail = body.get("message_detail")
        if detail and str(detail) not in message:
            # Pinterest tells a spam block from a plain rate limit only here.
            message = f"{message} ({detail})" if message else str(detail)
    # Redacted before it is cut short, so no leading piece of a secret survives the cut.
    message = redact(message) or "no error message"
    cls: type[PinterestAPIError]
    if status == 401:
        # Pinterest answers a missing scope with 401 code 3 on live calls, though the spec files it under 403.
        cls = MissingScopeError if code == 3 else AuthenticationError
    elif status == 403:
        cls = {3: MissingScopeError, 29: TrialAccessError}.get(code or 0, PermissionDeniedError)
    elif status == 404:
        cls = NotFoundError
    elif status == 409:
        cls = ConflictError
    elif status == 429:
        cls = RateLimitError
    elif status >= 500:
        cls = ServerError
    else:
        cls = InvalidRequestError
    return cls(status, code, message[:500], request_id=request_id, retry_after=retry_after, scopes=scopes)
