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
from pinterest_mcp.emulator.http.fields import Spec, check, digits, one_of, text
from pinterest_mcp.emulator.http.lookup import owned_by
from pinterest_mcp.emulator.http.query import Query
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds import entities
from pinterest_mcp.emulator.kinds.vocab import MATCH_TYPES, PLACEMENT_GROUPS

_SPEC = Spec(
    "object",
    properties={
        "AGE_BUCKET": Spec(
            "array",
            items=one_of(("18-24", "19+", "20+", "21+", "25-34", "35-44", "45-49", "50-54", "55-64", "65+")),
            nullable=True,
        ),
        "APPTYPE": Spec(
            "array",
            items=one_of(("android_mobile", "android_tablet", "ipad", "iphone", "web", "web_mobile")),
            nullable=True,
        ),
        "AUDIENCE_EXCLUDE": Spec("array", items=digits(), nullable=True),
        "AUDIENCE_INCLUDE": Spec("array", items=digits(), nullable=True),
        "GENDER": Spec("array", items=one_of(("unknown", "male", "female")), nullable=True),
        "GEO": Spec("array", items=text(), nullable=True),
        "INTEREST": Spec("array", items=text()),
        "LOCALE": Spec("array", items=text(), nullable=True),
        "LOCATION": Spec("array", items=text(), nullable=True),
        "MAXIMUM_AGE": Spec("string", pattern=r"^\d+\+?$"),
        "MINIMUM_AGE": Spec("string", pattern=r"^\d+$"),
        "SHOPPING_RETARGETING": Spec("array", items=Spec("object"), nullable=True),
        "TARGETING_STRATEGY": Spec(
            "array", items=one_of(("CHOOSE_YOUR_OWN", "FIND_NEW_CUSTOMERS", "RECONNECT_WITH_USERS")), nullable=True
        ),
    },
)
_KEYWORD = Spec("object", properties={"value": text(120, min_length=1), "match_type": one_of(MATCH_TYPES)})
_CREATE: dict[str, Spec] = {
    "name": text(min_length=1),
    "targeting_attributes": _SPEC,
    "auto_targeting_enabled": Spec("boolean"),
    "placement_group": one_of(PLACEMENT_GROUPS),
    "keywords": Spec("array", items=_KEYWORD),
    "tracking_urls": Spec("object", nullable=True),
}
_UPDATE: dict[str, Spec] = {
    "id": digits(),
    "operation_type": one_of(("UPDATE", "REMOVE")),
    "targeting_attributes": _SPEC,
}


def _check_keys(targeting: dict[str, Any]) -> None:
    unknown = sorted(set(targeting) - set(_SPEC.properties or {}))
    if unknown:
        raise invalid(f"Invalid targeting_attributes: unknown targeting type(s) {', '.join(unknown)}.")


def create_targeting_template(context: WriteContext, body: dict[str, Any]) -> Entity:
    """Validate a ``TargetingTemplateCreate`` and store the template."""
    check(body, _CREATE, required=("name", "targeting_attributes"))
    _check_keys(body["targeting_attributes"])
    given = {k: body[k] for k in _CREATE if k in body and k not in ("name", "targeting_attributes")}
    template = entities.targeting_template(
        entities.NEW, context.account["id"], body["name"], body["targeting_attributes"], now=context.now, **given
    )
    return context.store.add("targeting_template", template)


def update_targeting_template(context: WriteContext, body: dict[str, Any]) -> None:
    """Apply a ``TargetingTemplateUpdateRequest`` to the template its ``id`` names in the path's ad account."""
    check(body, _UPDATE, required=("operation_type", "id"))
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
