"""From a validated analytics call to one table: dates resolved, ids fanned out, answers merged.

The steps, in order: the ad account's facts (currency, time zone; one cached look-up), a relative
`date_range` resolved in that zone and checked against Pinterest's window again, the columns
to ask for (derived metrics become their inputs), one request per batch of ids sent concurrently
(`fanout`), the answers merged, the table shaped (`views`), each row's entity named beside its id
(`names`: only rows that will be shown) and the table capped. The dates are echoed as absolute
dates, so the model states what it read.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from pinterest_mcp.answers.names import named
from pinterest_mcp.answers.port import AnswerPort
from pinterest_mcp.answers.views import RANKED, cap, fitting, rows_of, sent_columns, table
from pinterest_mcp.api.errors import RequestNotSentError
from pinterest_mcp.api.fanout import batched_fields, batches, check_requests
from pinterest_mcp.operations.analytics import Dated, MetricsWindow
from pinterest_mcp.registry.dates import check_window, resolve, today_in
from pinterest_mcp.registry.inputs import OperationInput
from pinterest_mcp.registry.records import Operation


def merged(answers: list[Any]) -> Any:
    """One answer from the batches' answers: rows concatenated, per-Pin maps joined."""
    if len(answers) == 1:
        return answers[0]
    if all(isinstance(a, list) for a in answers):
        return [row for answer in answers for row in answer]
    if all(isinstance(a, dict) for a in answers):
        if all(isinstance(a.get("data"), list) for a in answers):  # targeting analytics
            return {**answers[0], "data": [row for a in answers for row in a["data"]]}
        joined: dict[str, Any] = {}
        for answer in answers:
            joined.update(answer)
        return joined
    return answers[0]


ID_COLUMNS = {
    "campaign_ids": "CAMPAIGN_ID",
    "ad_group_ids": "AD_GROUP_ID",
    "ad_ids": "AD_ID",
    "pin_ids": "PIN_ID",
    "product_group_ids": "PRODUCT_GROUP_ID",
}
"""The row column that names each entity of an id list."""
BETA_TYPES = ("AGE_BUCKET_AND_GENDER", "CREATIVE_ENHANCEMENTS")
"""Targeting types Pinterest calls beta, not yet served to every account."""


def _unanswered(args: OperationInput, rows: list[dict[str, Any]]) -> int:
    """How many of the ids asked for have no row: Pinterest leaves out entities that did not deliver.

    Counted only when one id list names the rows' entities; ads chosen by campaign_ids with
    pin_ids are filters, not the rows' ids, and aggregate_report_rows sums them into one row.
    """
    asked = {name: ids for name in batched_fields(type(args)) if (ids := getattr(args, name, None))}
    if len(asked) != 1 or getattr(args, "aggregate_report_rows", None):  # one row for all: no ids to count
        return 0
    ((name, ids),) = asked.items()
    column = ID_COLUMNS.get(name)
    if column is None:
        return 0
    answered = {str(row.get(column)) for row in rows}
    return len(set(ids) - answered)


def _silent_types(args: OperationInput, rows: list[dict[str, Any]]) -> str | None:
    """Why a targeting type asked for has no row, so an empty breakdown is not read as zero spend."""
    asked: list[str] = list(dict.fromkeys(getattr(args, "targeting_types", None) or ()))
    answered = {row.get("TARGETING_TYPE") for row in rows}
    missing = [kind for kind in asked if kind not in answered]
    if not missing:
        return None
    beta = [kind for kind in missing if kind in BETA_TYPES]
    other = [kind for kind in missing if kind not in BETA_TYPES]
    notes = []
    if beta:
        notes.append(f"no rows for {', '.join(beta)}: a beta type Pinterest does not serve to every account yet")
    if other:
        notes.append(f"no rows for {', '.join(other)}: no delivery Pinterest attributes to it in these dates")
    return "; ".join(notes)


def _dates(runtime: AnswerPort, op: Operation, args: Dated, zone: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The dates to send (an update of `args`) and to echo; a relative range resolved in `zone`.

    Pinterest's window is counted from today in UTC; a zone behind UTC may put the first of its
    last 90 days one day earlier, so that range starts where Pinterest's data does, and says so.
    """
    if args.date_range is None:
        return {}, {"start": str(args.start_date), "end": str(args.end_date)}
    now = datetime.fromtimestamp(runtime.clock(), UTC)
    start, end = resolve(args.date_range, today_in(zone, now))
    window, rule = args.window()
    echo: dict[str, Any] = {"start": str(start), "end": str(end), "range": args.date_range, "timezone": zone}
    earliest = now.date() - timedelta(days=window.back)
    if start < earliest <= end:
        start = earliest
        echo |= {"start": str(start), "note": f"starts {earliest}: Pinterest keeps {window.back} days (UTC)"}
    try:
        check_window(start, end, window, rule=f"{rule} (date_range {args.date_range} in {zone})", today=now.date())
    except ValueError as exc:
        raise RequestNotSentError(f"Invalid arguments for {op.name}: date_range: {exc}.") from exc
    return {"start_date": start, "end_date": end}, echo


async def answer(runtime: AnswerPort, op: Operation, args: OperationInput) -> dict[str, Any]:
    """The table answering a table view's call (`op.view.table`), sized for the model's context."""
    assert op.view is not None and op.view.table
    check_requests(args)  # before the account look-up: a refused call sends nothing
    account: str | None = getattr(args, "ad_account_id", None)
    relative = getattr(args, "date_range", None)
    wanted = op.view.currency == "ad_account" or relative is not None
    facts = await runtime.facts.get(account) if account is not None and wanted else None
    update: dict[str, Any] = {}
    echo: dict[str, Any] | None = None
    if isinstance(args, Dated):
        update, echo = _dates(runtime, op, args, facts.timezone if facts else "UTC")
    shape: dict[str, Any] = {}
    if isinstance(args, MetricsWindow):  # the table arguments are local: never sent
        shape = {"columns": args.columns, "sort_by": args.sort_by, "top": args.top, "totals": args.totals}
        update["columns"] = sent_columns(args.columns)
    parts = batches(args.model_copy(update=update) if update else args)
    answers = await runtime.fanout.run(op.rate_limit, [partial(runtime.send, op, part) for part in parts])
    currency = facts.currency if facts and op.view.currency == "ad_account" else None
    rows = rows_of(op.view.kind, merged(answers))
    shown = table(rows, currency, ranked=op.view.kind in RANKED, unanswered=_unanswered(args, rows), **shape)
    silent = _silent_types(args, rows)
    if silent:
        shown["note"] = silent
    if echo is not None:
        shown["dates"] = echo
    shown = await named(runtime, account, shown, rows=fitting(shown, key="rows"))
    return cap(shown, key="rows")
