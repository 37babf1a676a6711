"""The OAuth scopes of a route, read from the spec facts of its operation rather than restated."""

from __future__ import annotations

from pinterest_mcp.spec.facts import operation_facts


def scopes_of(operation_id: str) -> tuple[str, ...]:
    """The scopes Pinterest's spec requires of `operation_id`, so a route cannot drift from them."""
    return operation_facts(operation_id).scopes
