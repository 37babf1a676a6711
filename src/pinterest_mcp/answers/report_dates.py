"""A report call's relative `date_range`, resolved in the ad account's time zone when the call runs.

The input models check the range against UTC's today (no look-up before validation); here the
account's facts (one cached `get_ad_account`, shared with the currency) give its zone, the range
becomes the account owner's dates, the report's limits are checked again with them, and the
answer echoes them (`start`, `end`, `range`, `timezone`), as the sync analytics tables do.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from pinterest_mcp.answers.port import AnswerPort
from pinterest_mcp.api.errors import RequestNotSentError
from pinterest_mcp.registry.dates import resolve, today_in

if TYPE_CHECKING:
    from pinterest_mcp.operations.reports import CreateReport, RunReport
    from pinterest_mcp.registry.inputs import OperationInput

Dated = TypeVar("Dated", "CreateReport", "RunReport")


async def absolute(runtime: AnswerPort, tool: str, args: Dated) -> tuple[Dated, dict[str, Any]]:
    """`args` with `start_date`/`end_date` for its `date_range`, and the dates to echo in the answer."""
    assert args.date_range is not None
    zone = (await runtime.facts.get(args.ad_account_id)).timezone
    now = datetime.fromtimestamp(runtime.clock(), UTC)
    start, end = resolve(args.date_range, today_in(zone, now))
    try:
        args.check_dates(start, end, today=now.date())
    except ValueError as exc:
        raise RequestNotSentError(f"Invalid arguments for {tool}: date_range: {exc} (in {zone}).") from exc
    echo = {"start": str(start), "end": str(end), "range": args.date_range, "timezone": zone}
    return args.model_copy(update={"start_date": str(start), "end_date": str(end)}), echo


async def filled(runtime: AnswerPort, tool: str, args: OperationInput) -> tuple[OperationInput, dict[str, Any] | None]:
    """For a report tool's call: `create_report`'s `date_range` made dates and the echo; else `args` as they are.

    (`run_report` resolves its own, before splitting the range.)
    """
    from pinterest_mcp.operations.reports import CreateReport

    if isinstance(args, CreateReport) and args.date_range is not None:
        return await absolute(runtime, tool, args)
    return args, None
