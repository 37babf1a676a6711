"""Keyword create and update (``KeywordsRequest`` / ``KeywordUpdateBody``), the resource table's keyword writes.

A keyword belongs to an ad group, a campaign or the ad account itself (``parent_id``; the ``AG``
and ``C`` prefixes the spec's pattern allows say which). The ad account and campaigns take only
excluding match types (``*_NEGATIVE``), as the spec's notes say; ad groups take all five. A value
is 1 to 120 characters and unique per parent and match type among live keywords; an archived
parent takes no new keywords. ``bid`` is deprecated ("input will not be set"), so updates can
only archive a keyword, and archiving is final: an archived keyword is gone from every list.

Both answer ``KeywordsResponse`` with HTTP 200, partial failure like the ads bulk writes: the
stored keywords, and for each refused item an ``errors`` entry with the ``Keyword`` fields the item
fills and the reason. A body without its ``keywords`` array (or, to create, ``parent_id``) is
refused whole with 400. Keywords keep their ad account in a private field (``PRIVATE``).
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.bulk import BulkRules
from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import ENTITY_ARCHIVED, ApiError, invalid, not_found
from pinterest_mcp.emulator.http.lookup import AD_ENTITY_NOT_FOUND, in_account, owned
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds import entities
from pinterest_mcp.emulator.kinds.vocab import NEGATIVE_MATCH_TYPES

PRIVATE = ("ad_account_id",)


def create_keyword(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Check one keyword of a create body against its parent and store it."""
    parent = _parent(context, item["parent_id"])
    value, match_type = item["value"], item["match_type"]
    if parent.get("status") == "ARCHIVED":
        raise ApiError(400, ENTITY_ARCHIVED, f"Keyword parent {parent['id']} is ARCHIVED; it takes no new keywords.")
    if parent.get("type") != "adgroup" and match_type not in NEGATIVE_MATCH_TYPES:
        raise invalid("Advertisers and Campaigns only accept excluded targeting attributes.")
    for other in context.store.keywords.values():
        if (other["parent_id"], other["match_type"], other["archived"]) == (parent["id"], match_type, False) and (
            other["value"].casefold() == value.casefold()
        ):
            raise invalid(f"Invalid value: keyword {value!r} ({match_type}) already exists on {parent['id']}.")
    keyword = entities.keyword(entities.NEW, context.account["id"], parent, value, match_type)
    return context.store.add("keyword", keyword)


def update_keyword(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Archive the keyword an update item names, if asked."""
    keyword = owned(context.store.keywords, item["id"], context.account, "ad_account_id", in_account("Keyword"))
    if keyword["archived"]:
        raise ApiError(400, ENTITY_ARCHIVED, f"Keyword {keyword['id']} is archived; archiving is permanent.")
    keyword["archived"] = item.get("archived", False)
    return keyword


def _parent(context: WriteContext, parent_id: str) -> Entity:
    """The ad account, campaign or ad group ``parent_id`` names, within the path's ad account; else 404."""
    account, store = context.account, context.store
    bare = parent_id.removeprefix("AG").removeprefix("C")
    prefix = parent_id[: len(parent_id) - len(bare)]
    if not prefix and bare == account["id"]:
        return account
    kinds = {"AG": (store.ad_groups,), "C": (store.campaigns,)}.get(prefix, (store.campaigns, store.ad_groups))
    for entities_of_kind in kinds:
        found = entities_of_kind.get(bare)
        if found is not None and found["ad_account_id"] == account["id"]:
            return found
    raise not_found(
        AD_ENTITY_NOT_FOUND,
        f"Keyword parent {parent_id} is not ad account {account['id']} or one of its campaigns or ad groups.",
    )


def _refused(context: WriteContext, item: Any) -> dict[str, Any] | None:
    """The ``Keyword`` a refused item names, if it is one of the path's ad account (else what the item sent)."""
    known = context.store.keywords.get(item.get("id") or "" if isinstance(item, dict) else "")
    if known is not None and known["ad_account_id"] == context.account["id"]:
        return {k: v for k, v in known.items() if k not in PRIVATE}
    return None


# The envelopes are the spec's (``bulk.envelope``: each item is told the body's ``parent_id``) and the
# body gate checks them (``body_rules``: a non-empty ``keywords``); a refused item naming a keyword is answered as it.
RULES = BulkRules(refused=_refused)
