"""Lead form bulk create and update (``LeadFormCreateRequest`` / ``LeadFormUpdateRequest``) and test leads.

Both bulk writes answer ``LeadFormArrayResponse``: items with ``data`` or ``exceptions`` (a list),
HTTP 200 even when some fail, like the campaign writes. A form asks 0 to 10 questions; a CUSTOM
question needs its label and field type, and a RADIO_LIST or CHECKBOX one its 1 to 5 options. A
test lead answers every question of the form, in order, and names the subscription it was sent to.
"""

from __future__ import annotations

from typing import Any, get_args

from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.fields import Spec, check, digits, one_of, string_list, text
from pinterest_mcp.emulator.http.lookup import in_account, owned_by
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds import entities
from pinterest_mcp.operations.lead_forms import QuestionType

QUESTION_TYPES: tuple[str, ...] = get_args(QuestionType)
_FIELD_TYPES = ("TEXT_FIELD", "TEXT_AREA", "RADIO_LIST", "CHECKBOX")
_QUESTION = Spec(
    "object",
    properties={
        "question_type": one_of(QUESTION_TYPES),
        "custom_question_field_type": one_of(_FIELD_TYPES, nullable=True),
        "custom_question_label": text(nullable=True),
        "custom_question_options": string_list(nullable=True, max_items=5),
    },
    required=("question_type",),
)
_LINK = Spec("object", properties={"label": text(), "link": text()}, required=("label", "link"))
_FIELDS: dict[str, Spec] = {
    "name": text(nullable=True),
    "status": one_of(("DRAFT", "ACTIVE")),
    "questions": Spec("array", items=_QUESTION, max_items=10),
    "privacy_policy_link": text(nullable=True),
    "has_accepted_terms": Spec("boolean"),
    "completion_message": text(nullable=True),
    "disclosure_language": text(nullable=True),
    "policy_links": Spec("array", items=_LINK, max_items=3),
}
_UPDATE = {**_FIELDS, "id": digits()}
_REQUIRED = ("name", "questions", "privacy_policy_link", "has_accepted_terms", "completion_message")
LEAD_FORM_MISSING = in_account("Lead form")
TEST_ANSWERS: dict[str, Spec] = {"answers": string_list()}


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
    """Validate one item of a create body and store the form."""
    check(item, _FIELDS, required=_REQUIRED)
    if item["has_accepted_terms"] is not True:
        raise invalid("Invalid has_accepted_terms: the lead ad terms must be accepted.")
    _check_questions(item["questions"])
    given = {k: item[k] for k in _FIELDS if k in item and k not in ("name", "questions")}
    form = entities.lead_form(
        entities.NEW, context.account["id"], item["name"], item["questions"], now=context.now, **given
    )
    return context.store.add("lead_form", form)


def update_lead_form(context: WriteContext, item: dict[str, Any]) -> Entity:
    """Validate one item of an update body and change the form it names."""
    check(item, _UPDATE, required=("id",))
    form = owned_by(context.store.lead_forms, item["id"], context.account, "Lead form")
    if "questions" in item:
        _check_questions(item["questions"])
    if item.get("has_accepted_terms") is False:
        raise invalid("Invalid has_accepted_terms: accepted terms cannot be withdrawn.")
    form.update({k: v for k, v in item.items() if k in _FIELDS}, updated_time=context.now)
    return form
