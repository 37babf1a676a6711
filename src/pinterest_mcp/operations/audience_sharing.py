"""Sharing an audience: four Pinterest operations of one shape, declared from one table.

An ad account (or its business) SHAREs an audience it made with other ad accounts or with
partner businesses, or REVOKEs it. The four operations differ only in who owns the audience (the
path's ad account or business) and who receives it (the body's account or business ids), so each
record is made by `_share` from that pair. A plan names the audience and shows whom it is shared
with before → after, names beside ids (`writes/plans.py`); the shared-accounts reads show it after.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, create_model

from pinterest_mcp.operations.audiences import AUDIENCE
from pinterest_mcp.registry.inputs import AdAccountId, Id, WriteInput
from pinterest_mcp.registry.records import Current, Operation

BusinessId = Annotated[str, Field(pattern=r"^[0-9]+$", min_length=1, max_length=20)]
_OWNERS = {
    "ad_account": ("ad_account_id", AdAccountId, "audiences", "get_audience"),
    "business": ("business_id", BusinessId, "business", "list_business_shared_audiences"),
}
_RECIPIENTS = {
    "accounts": ("recipient_account_ids", "ad accounts"),
    "businesses": ("recipient_business_ids", "businesses"),
}
_IDS = {"accounts": "ad_account", "businesses": "business"}


def _share(owner: str, recipients: str) -> Operation:
    """The sharing write of an audience `owner` ("ad_account"/"business") made, with `recipients`."""
    key, key_type, toolset, read = _OWNERS[owner]
    field, words = _RECIPIENTS[recipients]
    prefix = "" if owner == "ad_account" else "business_"
    name = f"share_{prefix}audience_with_{recipients}"
    model = create_model(  # type: ignore[call-overload]
        "".join(part.capitalize() for part in name.split("_")),
        __base__=WriteInput,
        **{
            key: (key_type, ...),
            "audience_id": (Id, ...),
            "operation_type": (Literal["SHARE", "REVOKE"], ...),
            field: (list[Id], Field(min_length=1, max_length=100)),
        },
    )
    owned = "its" if owner == "ad_account" else "a business's"
    args = ((key, key),) if owner == "business" else ((key, key), ("audience_id", "audience_id"))
    return Operation(
        name=name,
        description=f"Share {owned} audience with {words}, or REVOKE it.",
        operation_id=f"update_{owner}_to_{_IDS[recipients]}_shared_audience",
        input=model,
        toolset=toolset,
        view=AUDIENCE,
        change="update",
        reversible=False,
        current=Current(read=read, args=args, match="audience_id"),
    )


OPERATIONS = tuple(_share(owner, recipients) for owner in _OWNERS for recipients in _RECIPIENTS)
