"""Report handles: what a `run_report` submitted, kept so a later call on any replica carries on.

A run may submit several reports (a long range is split) and wait longer than a call may last; the
model gets one handle for them all. The handle names the Pinterest report tokens, how each is
polled, and what the run asked for; never a file: a downloaded file stays on the replica that
fetched it, and a call elsewhere downloads it again from Pinterest (which keeps a report an hour).

Handles are per user: a connector grant keeps them in the store under the Pinterest user (any
replica, any of their grants finds them; another user's handle is not found), a local server in
memory. They expire when Pinterest's reports do (`HANDLE_TTL`).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pinterest_mcp.store.port import Documents

NAMESPACE = "report-handles"
PREFIX = "run-"
"""What starts a handle, so `run_report(token=...)` tells one from a Pinterest report token."""
HANDLE_TTL = 3600.0
"""Seconds a handle lives: Pinterest keeps a report an hour after it is made."""


POLLED_BY = {"get_report": "report", "get_mmm_report": "mmm", "get_conversion_product_report": "conversion_product"}
"""Each tool that polls a report token, and the `token_of` that `run_report` takes for its tokens."""


def is_handle(token: str) -> bool:
    return token.startswith(PREFIX)


def toward_run_report(tool: str, ad_account_id: str, token: str, answer: Any) -> Any:
    """A poll tool's answer (`POLLED_BY`) with the call that turns its report into rows and a CSV.

    Pinterest's `url` is a pre-signed link that lives five minutes and that no tool reads: a model
    cannot open it. `run_report` with the same token waits for it, fetches it through the
    allowlisted downloader and answers a table, totals and the CSV resource; the answer says so.
    """
    data = answer.get("data", answer) if isinstance(answer, dict) else None  # MMM answers wrap it in `data`
    status = data.get("report_status") if isinstance(data, dict) else None
    if status not in ("FINISHED", "IN_PROGRESS"):
        return answer
    which = "" if POLLED_BY[tool] == "report" else f', token_of="{POLLED_BY[tool]}"'
    call = f'run_report(ad_account_id="{ad_account_id}", token="{token}"{which})'
    done = "No tool reads the url (it lasts 5 minutes)" if status == "FINISHED" else "It is not ready yet"
    return {**answer, "next": f"{done}: call {call} for its rows, totals and a CSV resource."}


def toward_catalog_report(token: str, answer: Any) -> Any:
    """`get_catalog_report`'s answer with what to do next: poll again, or fetch the link while it lasts.

    No tool reads a catalog report's file (run_report reads ads reports only): the link is the result.
    """
    status = answer.get("report_status") if isinstance(answer, dict) else None
    if status == "IN_PROGRESS":
        return {**answer, "next": f'Not ready: call get_catalog_report(token="{token}") again in a few seconds.'}
    if status == "FINISHED":
        return {**answer, "next": "Done: the url is a CSV file that lasts 5 minutes; get_catalog_report renews it."}
    return answer


@dataclass
class ReportHandles:
    """One user's handles (`owner`: their Pinterest user id; "" on a local server) on `documents`."""

    documents: Documents
    owner: str = ""
    clock: Callable[[], float] = time.time

    async def save(self, run: dict[str, Any]) -> str:
        """Keep `run` (JSON: its account, parts and what was asked) and return its new handle."""
        handle = PREFIX + secrets.token_hex(8)
        await self.documents.put(NAMESPACE, self.owner, handle, run, expires_at=self.clock() + HANDLE_TTL)
        return handle

    async def load(self, handle: str) -> dict[str, Any] | None:
        """The run `handle` names, or None: expired, never made, or another user's."""
        doc = await self.documents.get(NAMESPACE, self.owner, handle)
        return doc.value if doc is not None and isinstance(doc.value, dict) else None
