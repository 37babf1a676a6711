"""Customer list create and update (``CustomerListRequest`` / ``CustomerListUpdateRequest``).

``records`` is one comma-separated string of emails or mobile ids, plain or hashed (SHA-256, SHA-1
or MD5). Like Pinterest, the emulator keeps no record: it counts them into the list's
``num_uploaded_user_records`` (ADD) or ``num_removed_user_records`` (REMOVE), starts a new batch
and marks the list PROCESSING while it "matches" them.
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds import entities


def _count(records: str) -> int:
    count = len([r for r in records.split(",") if r.strip()])
    if not count:
        raise invalid("Invalid records: no record given.")
    return count


def create_customer_list(context: WriteContext, body: dict[str, Any]) -> Entity:
    """Store the list of a ``CustomerListRequest`` with its record count."""
    created = entities.customer_list(
        entities.NEW,
        context.account["id"],
        body["name"],
        now=context.now,
        num_uploaded_user_records=_count(body["records"]),
    )
    return context.store.add("customer_list", created)


def update_customer_list(context: WriteContext, body: dict[str, Any]) -> Entity:
    """Apply a ``CustomerListUpdateRequest``: one more batch of records added or removed."""
    customer_list = context.entity
    count = _count(body["records"])
    key = "num_uploaded_user_records" if body["operation_type"] == "ADD" else "num_removed_user_records"
    customer_list[key] += count
    customer_list["num_batches"] += 1
    customer_list.update(status="PROCESSING", updated_time=context.now)
    return customer_list
