"""Lead form bulk create and update (``LeadFormCreateRequest`` / ``LeadFormUpdateRequest``) and test leads.

Both bulk writes answer ``LeadFormArrayResponse``: items with ``data`` or ``exceptions`` (a list),
HTTP 200 even when some fail, like the campaign writes. A form asks 0 to 10 questions; a CUSTOM
question needs its label and field type, and a RADIO_LIST or CHECKBOX one its 1 to 5 options. A
test lead answers every question of the form, in order, and names the subscription it was sent to.
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.lookup import in_account, owned_by
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds import entities

# The fields a form item may set (items are checked against the spec's schemas in the bulk loop).
_FIELDS = (
    "name", "status", "questions", "privacy_policy_link", "has_accepted_terms", "completion_message",
    "disclosure_language", "policy_links",
)  # fmt: skip
LEAD_FORM_MISSING = in_account("Lead form")


def _check_questions(questions: list[dict[str, Any]]) -> None:
    for index, question in enumerate(questions):
        if question["question_type"] != "CUSTOM":
            continue
        if not question.get("custom_question_label") or not question.get("custom_question_field_type"):
            raise invalid(f"Invalid questions[{index}]: a CUSTOM question needs a label and a field type.")
        options = question.get("custom_question_options") or []
        if question["custom_question_field_type"] in ("RADIO_LIST", "CHECKBOX") and not options:
            raise invalid(f"Invalid questions[{index}]: a {question['custom_question_field_type']} needs options.")


def create_lead_form(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Store the form of one create item, whose terms must be accepted and whose CUSTOM questions complete."""
    if item["has_accepted_terms"] is not True:
        raise invalid("Invalid has_accepted_terms: the lead ad terms must be accepted.")
    _check_questions(item["questions"])
    given = {k: item[k] for k in _FIELDS if k in item and k not in ("name", "questions")}
    form = entities.lead_form(
        entities.NEW, context.account["id"], item["name"], item["questions"], now=context.now, **given
    )
    return context.store.add("lead_form", form)


def update_lead_form(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Change the form an update item names."""
    form = owned_by(context.store.lead_forms, item["id"], context.account, "Lead form")
    if "questions" in item:
        _check_questions(item["questions"])
    if item.get("has_accepted_terms") is False:
        raise invalid("Invalid has_accepted_terms: accepted terms cannot be withdrawn.")
    form.update({k: v for k, v in item.items() if k in _FIELDS}, updated_time=context.now)
    return form
