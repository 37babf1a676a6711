"""Targeting template create and update (``TargetingTemplateCreate`` / ``TargetingTemplateUpdateRequest``).

A template's ``targeting_attributes`` is a ``TargetingSpec``, checked key by key with the spec's
enums (the same vocabulary ad groups use). Update is one ``PATCH`` on the collection naming the
template in its body: UPDATE replaces the targeting, REMOVE marks the template DELETED, after
which no list shows it. Pinterest answers the update with an empty 200.
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.lookup import owned_by
from pinterest_mcp.emulator.http.query import Query
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds import entities
from pinterest_mcp.emulator.kinds.vocab import targeting_types

# The fields a create may set besides its name and targeting.
_OPTIONAL = ("auto_targeting_enabled", "placement_group", "keywords", "tracking_urls")


def _check_keys(targeting: dict[str, Any]) -> None:
    unknown = sorted(set(targeting) - set(targeting_types()))
    if unknown:
        raise invalid(f"Invalid targeting_attributes: unknown targeting type(s) {', '.join(unknown)}.")


def create_targeting_template(context: WriteContext, body: dict[str, Any]) -> Entity:
    """Store the template of a ``TargetingTemplateCreate`` whose targeting has only known types."""
    _check_keys(body["targeting_attributes"])
    given = {k: body[k] for k in _OPTIONAL if k in body}
    template = entities.targeting_template(
        entities.NEW, context.account["id"], body["name"], body["targeting_attributes"], now=context.now, **given
    )
    return context.store.add("targeting_template", template)


def update_targeting_template(context: WriteContext, body: dict[str, Any]) -> None:
    """Apply a ``TargetingTemplateUpdateRequest`` to the template its ``id`` names in the path's ad account."""
    template = owned_by(context.store.targeting_templates, body["id"], context.account, "Targeting template")
    if template["status"] == "DELETED":
        raise invalid(f"Invalid id: targeting template {template['id']} was removed.")
    if body["operation_type"] == "REMOVE":
        template.update(status="DELETED", updated_time=context.now)
        return
    if "targeting_attributes" not in body:
        raise invalid("Missing required field: targeting_attributes (an UPDATE replaces it).")
    _check_keys(body["targeting_attributes"])
    template.update(targeting_attributes=body["targeting_attributes"], updated_time=context.now)


def listed(query: Query, _: Store, __: Entity | None, templates: list[Entity]) -> list[Entity]:
    """The list's ``refine``: live templates only, and with ``search_query`` those whose name contains it."""
    wanted = (query.text("search_query") or "").casefold()
    return [t for t in templates if t["status"] != "DELETED" and wanted in t["name"].casefold()]
