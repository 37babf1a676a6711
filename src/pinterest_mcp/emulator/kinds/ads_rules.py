"""Rules every campaign, ad group and ad write obeys: ownership, archiving, status moves, schedules.

Archiving is how Pinterest deletes ads entities (there is no DELETE), so an ARCHIVED entity is
frozen: any change to it is refused. ``summary_status`` is derived again on every write, so a
created or changed entity renders exactly like a seeded one. Updates land through ``commit``, which
records a status change in the store's history before applying it, so analytics keep past days.
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import ENTITY_ARCHIVED, ApiError, invalid
from pinterest_mcp.emulator.http.state import Entity

# A new entity may start live, paused or as a draft; ARCHIVED and DELETED_DRAFT are only reached by updates.
CREATABLE_STATUSES = ("ACTIVE", "PAUSED", "DRAFT")
DRAFTS = ("DRAFT", "DELETED_DRAFT")


def same_account(item: dict[str, Any], account: Entity) -> None:
    """An item's own ``ad_account_id`` (which the spec requires for campaigns) must be the path's."""
    given = item.get("ad_account_id")
    if given is not None and given != account["id"]:
        raise invalid(f"Invalid ad_account_id: {given!r} does not match the ad account in the path ({account['id']}).")


def creatable_status(item: dict[str, Any], label: str) -> str:
    """The status of a new entity: ACTIVE unless the item says otherwise (the spec's default)."""
    status: str = item.get("status", "ACTIVE")
    if status not in CREATABLE_STATUSES:
        raise invalid(f"Invalid status: a new {label} can be {', '.join(CREATABLE_STATUSES)}, not {status}.")
    return status


def changes_of(entity: Entity, item: dict[str, Any], updatable: tuple[str, ...], label: str) -> dict[str, Any]:
    """The fields an update item sets; refused when the entity is archived or a draft status is misused."""
    changes = {name: item[name] for name in updatable if name in item}
    if entity["status"] == "ARCHIVED" and changes:
        raise ApiError(
            400,
            ENTITY_ARCHIVED,
            f"{label} {entity['id']} is ARCHIVED and cannot be changed any more (archiving is permanent).",
        )
    status = changes.get("status")
    if status in DRAFTS and entity["status"] not in DRAFTS:
        raise invalid(f"Invalid status: a {entity['status']} {label.lower()} cannot become {status}.")
    return changes


def fixed(entity: Entity, changes: dict[str, Any], name: str, label: str) -> None:
    """Refuse a change to a field Pinterest does not let an update move (a parent, the promoted Pin)."""
    if name in changes and changes.pop(name) != entity[name]:
        raise invalid(f"Invalid {name}: a {label.lower()}'s {name} cannot be changed; create a new one instead.")


def check_schedule(start: int | None, end: int | None, end_given: bool, now: int) -> None:
    """``end_time`` after ``start_time``, and a newly set end not already past."""
    if start is not None and end is not None and end <= start:
        raise invalid(f"Invalid end_time: {end} must be after start_time ({start}).")
    if end_given and end is not None and end <= now:
        raise invalid(f"Invalid end_time: {end} is in the past; it must be later than now ({now}).")


def summary_status(status: str, start: int | None, end: int | None, now: int) -> str:
    """What Ads Manager shows: an ACTIVE entity is RUNNING, NOT_STARTED or COMPLETED by its schedule."""
    if status != "ACTIVE":
        return status
    if start is not None and start > now:
        return "NOT_STARTED"
    if end is not None and end <= now:
        return "COMPLETED"
    return "RUNNING"


def ad_summary_status(status: str, review_status: str) -> str:
    """An ACTIVE ad shows its review state (APPROVED, PENDING, REJECTED); otherwise its status."""
    return review_status if status == "ACTIVE" else status


def commit(context: WriteContext, entity: Entity, updated: dict[str, Any]) -> Entity:
    """Apply a validated update: a status change goes into the history first, then every field lands."""
    status = updated["status"] if "status" in updated else entity["status"]
    context.store.record_status(entity, status, context.today, context.now)
    entity.update(updated, updated_time=context.now)
    return entity
