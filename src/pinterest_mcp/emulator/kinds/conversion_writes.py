"""Conversion tag create (``ConversionTagCreate``): a new Pinterest tag with its enhanced-match settings.

The body's flags are the tag's ``configs``; whatever the body leaves out keeps Pinterest's default
(off, ``md_frequency`` 1). The answer is the new ``ConversionTag`` with its code snippet (HTTP 201).
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.fields import Spec, check, text
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds import entities

_FLAGS = (
    "aem_enabled",
    "aem_fnln_enabled",
    "aem_ph_enabled",
    "aem_ge_enabled",
    "aem_db_enabled",
    "aem_loc_enabled",
    "aem_external_id_enabled",
)
_FIELDS: dict[str, Spec] = {
    "name": text(min_length=1),
    "md_frequency": Spec("number", nullable=True, minimum=0),
    **{flag: Spec("boolean", nullable=True) for flag in _FLAGS},
}


def create_conversion_tag(context: WriteContext, body: dict[str, Any]) -> Entity:
    """Validate a ``ConversionTagCreate`` and store the tag (its id allocated only once it is valid)."""
    check(body, _FIELDS, required=("name",))
    tag = entities.conversion_tag(entities.NEW, context.account["id"], body["name"])
    tag["configs"].update({k: v for k, v in body.items() if k in _FIELDS and k != "name" and v is not None})
    stored = context.store.add("conversion_tag", tag)
    stored["code_snippet"] = entities.tag_snippet(stored["id"])
    return stored
