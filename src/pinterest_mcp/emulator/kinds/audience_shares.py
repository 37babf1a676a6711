"""Who an audience is shared with: the state behind the shared-accounts reads and the four sharing writes.

An audience the user's business made starts shared with the business's other ad accounts (as
Business Access shares it) and with no partner business; an audience another company shared with
the account is shared no further. The first read or write of an audience stores that start
(``audience_shares``, keyed by audience id), and SHARE adds recipients to it, REVOKE removes them,
so the reads answer what the writes did. Each recipient is a ``SharedAudienceAccount``.
"""

from __future__ import annotations

from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds.shaped import shaped

AD_ACCOUNT, BUSINESS = "AD_ACCOUNT", "BUSINESS_ACCOUNT"


def made_here(store: Store, audience: Entity) -> bool:
    """Whether the user's business made the audience (only its maker shares it)."""
    return bool(audience["created_by_company_name"] == store.user["business_name"])


def _recipients(store: Store, audience: Entity) -> dict[str, Entity]:
    """The audience's recipients by id, stored with their start on first use."""
    shares = store.collection("audience_shares")
    if audience["id"] not in shares:
        others = [
            a for a in store.ad_accounts.values() if made_here(store, audience) and a["id"] != audience["ad_account_id"]
        ]
        start = {"account_type": AD_ACCOUNT, "shared_on_timestamp": audience["created_timestamp"]}
        recipients = {a["id"]: {"account_id": a["id"], "account_name": a["name"], **start} for a in others}
        shares[audience["id"]] = {"id": audience["id"], "recipients": recipients}
    held: dict[str, Entity] = shares[audience["id"]]["recipients"]
    return held


def shared_with(store: Store, audience: Entity, account_type: str | None) -> list[Entity]:
    """``SharedAudienceAccount``s of one type (ad accounts by default), in the order they were shared."""
    kind = account_type or AD_ACCOUNT
    held = [r for r in _recipients(store, audience).values() if r["account_type"] == kind]
    return [shaped("SharedAudienceAccount", r, {}) for r in held]


def change(store: Store, audience: Entity, operation: str, recipients: dict[str, str], kind: str, now: int) -> None:
    """SHARE the audience with ``recipients`` (id → name) of one kind, or REVOKE it; refuse what cannot be."""
    if not made_here(store, audience):
        raise invalid(
            f"Invalid audience_id: audience {audience['id']} was shared with this account; only its maker shares it."
        )
    held = _recipients(store, audience)
    field = "recipient_account_ids" if kind == AD_ACCOUNT else "recipient_business_ids"
    if audience["ad_account_id"] in recipients:
        raise invalid(f"Invalid {field}: {audience['ad_account_id']} owns audience {audience['id']}.")
    if operation == "REVOKE":
        missing = [r for r in recipients if r not in held]
        if missing:
            raise invalid(f"Invalid {field}: audience {audience['id']} is not shared with {', '.join(missing)}.")
        for recipient in recipients:
            del held[recipient]
        return
    for recipient, name in recipients.items():
        held.setdefault(recipient, {"account_id": recipient, "account_name": name, "account_type": kind,
                                    "shared_on_timestamp": now})  # fmt: skip
