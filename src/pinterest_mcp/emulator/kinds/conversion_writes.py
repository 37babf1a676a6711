"""Conversion tag create (``ConversionTagCreate``): a new Pinterest tag with its enhanced-match settings.

The body's flags are the tag's ``configs``; whatever the body leaves out keeps Pinterest's default
(off, ``md_frequency`` 1). The answer is the new ``ConversionTag`` with its code snippet (HTTP 201).
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.context import WriteContext
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
# The configs a create may set besides the name.
_CONFIGS = ("md_frequency", *_FLAGS)


def create_conversion_tag(context: WriteContext, body: dict[str, Any]) -> Entity:
    """Store the tag of a ``ConversionTagCreate``."""
    tag = entities.conversion_tag(entities.NEW, context.account["id"], body["name"])
    tag["configs"].update({k: v for k, v in body.items() if k in _CONFIGS and v is not None})
    stored = context.store.add("conversion_tag", tag)
    stored["code_snippet"] = entities.tag_snippet(stored["id"])
    return stored
