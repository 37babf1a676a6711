"""The list semantics that are particular to one kind: the resource table's ``refine`` hooks.

Each takes the query (checked against the operation's spec parameters, defaults filled in), the
store, the path's parent (or None) and the entities the row's generic filters kept, and returns
what the list shows, before sorting and paging.
"""

from __future__ import annotations

from pinterest_mcp.emulator.http.query import Query
from pinterest_mcp.emulator.http.state import Entity, Store

_PRIVACIES = {"ALL": ("PUBLIC", "PROTECTED", "SECRET"), "PUBLIC_AND_SECRET": ("PUBLIC", "SECRET")}
_KEYWORD_PARENTS = ("campaign_id", "ad_group_id", "ad_group_ids")


def boards_by_privacy(query: Query, _: Store, __: Entity | None, boards: list[Entity]) -> list[Entity]:
    """``privacy``: one privacy, or ALL (the default) or PUBLIC_AND_SECRET."""
    privacy = query.text("privacy") or "ALL"
    allowed = _PRIVACIES.get(privacy, (privacy,))
    return [board for board in boards if board["privacy"] in allowed]


def user_pins(query: Query, store: Store, _: Entity | None, pins: list[Entity]) -> list[Entity]:
    """``pin_filter``, ``include_protected_pins`` (ads-only boards) and ``pin_type`` PRIVATE (secret boards)."""
    pin_filter = query.text("pin_filter")
    include_protected = query.flag("include_protected_pins")
    private_only = query.text("pin_type") == "PRIVATE"
    promoted = store.promoted_pin_ids()

    def keep(pin: Entity) -> bool:
        privacy = store.boards[pin["board_id"]]["privacy"]
        return (
            (include_protected or privacy != "PROTECTED")
            and (not private_only or privacy == "SECRET")
            and (pin_filter != "exclude_native" or pin["parent_pin_id"] is not None)
            and (pin_filter != "exclude_repins" or pin["parent_pin_id"] is None)
            and (pin_filter != "has_been_promoted" or pin["id"] in promoted)
        )

    return [pin for pin in pins if keep(pin)]


def interest_names(query: Query, store: Store, _: Entity | None, groups: list[Entity]) -> list[Entity]:
    """``translate_interests_to_names``: copies whose INTEREST targeting lists names instead of ids."""
    if not query.flag("translate_interests_to_names"):
        return groups
    names = store.interest_names

    def named(group: Entity) -> Entity:
        spec = group["targeting_spec"]
        if "INTEREST" not in spec:
            return group
        return {**group, "targeting_spec": {**spec, "INTEREST": [names.get(i, i) for i in spec["INTEREST"]]}}

    return [named(group) for group in groups]


def audiences_by_owner(query: Query, store: Store, _: Entity | None, audiences: list[Entity]) -> list[Entity]:
    """``ownership_type``: OWNED (made by the user's business, the default) or RECEIVED (shared with the account)."""
    owned = query.text("ownership_type") == "OWNED"
    brand = store.user["business_name"]
    return [a for a in audiences if (a["created_by_company_name"] == brand) == owned]


def keywords_by_parent(query: Query, _: Store, account: Entity | None, keywords: list[Entity]) -> list[Entity]:
    """Keywords whose parent is one the query names (campaign_id, ad_group_id, ad_group_ids), else the account's own.

    Archived keywords are gone from every list, as the spec says archiving effectively deletes them.
    """
    named = {parent for name in _KEYWORD_PARENTS for parent in query.texts(name)}
    wanted = named or ({account["id"]} if account is not None else set())
    return [k for k in keywords if k["parent_id"] in wanted and not k["archived"]]
