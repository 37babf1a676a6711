"""What an applied write's answer says, item by item, and what it cannot say.

Pinterest's bulk writes answer HTTP 200 with one entry per item, each holding `data` (written) or
`exceptions` (refused). Only those two are certain. Anything else (no entry, a null one, no
`items` list, a create answered without an id, a body that is not JSON, a 5xx, a dropped
connection) leaves the write possibly applied: such an item is `unknown`, never `failed`, because
"failed" invites the model to send it again and duplicate it. An unknown outcome says how to check.
"""

from __future__ import annotations

from typing import Any, Literal

from pinterest_mcp.api.errors import PinterestConnectionError, PinterestError, ServerError, UnexpectedResponseError
from pinterest_mcp.writes.access_plan import check as access_check
from pinterest_mcp.writes.access_plan import results as access_results
from pinterest_mcp.writes.journal import check_call
from pinterest_mcp.writes.plans import Plan, entity_id

Status = Literal["applied", "partial", "failed", "unknown"]


def uncertain(exc: Exception) -> bool:
    """Whether Pinterest may have acted although the call raised: a 5xx, a lost answer, an odd 2xx, a crash."""
    if isinstance(exc, ServerError | UnexpectedResponseError):
        return True
    if isinstance(exc, PinterestConnectionError):
        return exc.maybe_sent
    return not isinstance(exc, PinterestError)  # our own crash after the request may have left


def status_of(results: list[dict[str, Any]]) -> Status:
    """`unknown` if any item is; else applied, partial or failed by the items that were written."""
    if any(r["ok"] is None for r in results):
        return "unknown"
    written = sum(1 for r in results if r["ok"])
    return "applied" if written == len(results) else ("partial" if written else "failed")


def how_to_check(plan: Plan) -> str:
    """The read that shows whether the write took effect, named as a tool call."""
    kind = plan.kind
    op, args = plan.target.op, plan.target.args
    if op.business_access:
        return access_check(plan)
    ids = [] if op.change == "create" else [key for item in plan.items if (key := entity_id(op, args, item))]
    return check_call(kind, ids)


def _unknown(index: int | None, the_id: Any, why: str) -> dict[str, Any]:
    result: dict[str, Any] = {} if index is None else {"item": index}
    if the_id:
        result["id"] = str(the_id)
    result.update({"ok": None, "unknown": why})
    return result


def per_item(response: Any, key: str) -> bool:
    """Whether a body listing its objects under `key` is answered like the ads bulk writes, one `items` entry
    per object (product group promotions), rather than under the same key with `errors` (keywords)."""
    return isinstance(response, dict) and isinstance(response.get("items"), list) and key not in response


def results_of(plan: Plan, response: Any) -> list[dict[str, Any]]:
    """One result per written thing: `ok` True (written), False (refused, with the error) or None (unknown)."""
    op = plan.target.op
    if op.business_access:
        return access_results(plan, response)
    if isinstance(response, dict) and isinstance(response.get("events"), list) and "num_events_received" in response:
        return _events(plan, response["events"])
    if op.items is not None and not per_item(response, op.items):
        return _listed(op.items, response, op.key)
    if op.body is None and op.items is None:
        if len(plan.items) > 1:  # ids in a DELETE's query, answered together with one 204
            return [{"item": i, "id": str(item["id"]), "ok": True} for i, item in enumerate(plan.items)]
        return [_single(plan, response)]
    if isinstance(response, list) and len(response) == len(plan.items) and all(isinstance(v, str) for v in response):
        return [{"item": i, "id": v, "ok": True} for i, v in enumerate(response)]  # the new ids, in order
    answers = answered(op.body, response)
    if not isinstance(answers, list):
        why = "Pinterest's answer has no items list, so it does not say what was written"
        return [_unknown(i, item.get("id"), why) for i, item in enumerate(plan.items)]
    return [_bulk_item(i, item, answers[i] if i < len(answers) else None) for i, item in enumerate(plan.items)]


def answered(body: str | None, response: Any) -> Any:
    """The per-item answers of a bulk write: under `items`, or under the body's own name (`promotions`)."""
    if not isinstance(response, dict):
        return None
    return response.get("items") if "items" in response or body is None else response.get(body)


def _single(plan: Plan, response: Any) -> dict[str, Any]:
    """A one-object write: its 2xx is the outcome; a create must also name the new id."""
    op, args = plan.target.op, plan.target.args
    if op.change != "create":
        return {"id": str(entity_id(op, args, plan.items[0])), "ok": True}
    if isinstance(response, dict) and isinstance(response.get("success"), bool):  # an ads credit's redemption
        if response["success"]:
            return {"ok": True}
        return {"ok": False, "error": f"code {response.get('errorCode')}: {response.get('errorMessage')}"}
    created = response.get(op.key) if isinstance(response, dict) else None
    if not created:
        return _unknown(None, None, "Pinterest answered without the new object's id; it may have been created")
    return {"id": str(created), "ok": True}


def _bulk_item(index: int, item: dict[str, Any], answer: Any) -> dict[str, Any]:
    if not isinstance(answer, dict):
        return _unknown(index, item.get("id"), "Pinterest's answer holds no result for this item")
    data = answer.get("data")
    problems = answer.get("exceptions") or answer.get("exception") or []
    if isinstance(problems, dict):  # ads answer one exception object, campaigns and ad groups a list
        problems = [problems]
    the_id = (data.get("id") if isinstance(data, dict) else None) or item.get("id")
    if problems:
        result: dict[str, Any] = {"item": index}
        if the_id:
            result["id"] = str(the_id)
        listed = problems if isinstance(problems, list) else [problems]
        result["ok"] = False
        result["error"] = "; ".join(
            f"code {p.get('code')}: {p.get('message')}" if isinstance(p, dict) else str(p) for p in listed
        )
        return result
    if isinstance(data, dict) and data:
        return {"item": index, **({"id": str(the_id)} if the_id else {}), "ok": True}
    return _unknown(index, the_id, "Pinterest's answer for this item has neither data nor an exception")


def _events(plan: Plan, answers: list[Any]) -> list[dict[str, Any]]:
    """The Conversions API's answer: one status per event sent, in order, `processed` or `failed` with a reason."""
    results: list[dict[str, Any]] = []
    for index, item in enumerate(plan.items):
        answer = answers[index] if index < len(answers) else None
        if not isinstance(answer, dict) or answer.get("status") not in ("processed", "failed"):
            results.append(_unknown(index, None, "Pinterest's answer holds no status for this event"))
            continue
        processed = answer["status"] == "processed"
        result: dict[str, Any] = {"item": index, "event_id": str(item.get("event_id")), "ok": processed}
        if answer.get("error_message"):
            result["error"] = str(answer["error_message"])
        if answer.get("warning_message"):
            result["warning"] = str(answer["warning_message"])
        results.append(result)
    return results


def _listed(key: str, response: Any, id_key: str = "id") -> list[dict[str, Any]]:
    """`{"<key>": [written...], "errors": [{"data", "error_messages"}...]}` (keywords); an entity listed with
    its own `errors` (an item's bids) was refused."""
    answer = response if isinstance(response, dict) else {}
    written_list, errors = answer.get(key), answer.get("errors")
    if not isinstance(written_list, list) and not isinstance(errors, list):
        return [_unknown(None, None, f"Pinterest's answer lists neither the written {key} nor errors")]
    written = [
        {**({"id": str(e[id_key])} if e.get(id_key) else {}), **_own_errors(e)}
        for e in written_list or []
        if isinstance(e, dict)
    ]
    refused = [
        {"ok": False, "item": e.get("data"), "error": "; ".join(e.get("error_messages") or ["refused"])}
        for e in errors or []
        if isinstance(e, dict)
    ]
    return written + refused or [_unknown(None, None, f"Pinterest's answer lists no {key} and no errors")]


def _own_errors(entity: dict[str, Any]) -> dict[str, Any]:
    """Written, unless the entity carries its own errors (`{code, message}`s)."""
    errors = entity.get("errors")
    if not errors or not isinstance(errors, list):
        return {"ok": True}
    shown = "; ".join(f"code {e.get('code')}: {e.get('message')}" if isinstance(e, dict) else str(e) for e in errors)
    return {"ok": False, "error": shown}
