"""Lead forms: the forms lead ads open, configured here; submitted leads go to a file, never to the model.

Forms are written in bulk (1-30 per call, partial failure as the ads writes) and start as DRAFT
here unless `status` says ACTIVE. Leads are people's contact details: `run_leads_export`
(`server/composite/leads_export.py`) exports them to a 0600 file on the user's machine and answers
only counts, the column names and where the file is; `RunLeadsExport` is its input.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, Field, model_validator

from pinterest_mcp.registry.inputs import AdAccountId, Id, NotNull, OperationInput, Order, Page, Vocabulary, WriteInput
from pinterest_mcp.registry.records import Current, Operation, View

LEAD_FORM = View(kind="lead_form", default_fields=("id", "name", "status", "questions", "privacy_policy_link"))

QuestionType = Literal[
    "CUSTOM",
    "FULL_NAME",
    "FIRST_NAME",
    "LAST_NAME",
    "EMAIL",
    "PHONE_NUMBER",
    "ZIP_CODE",
    "GENDER",
    "CITY",
    "COUNTRY",
    "STATE_PROVINCE",
    "ADDRESS",
    "DATE_OF_BIRTH",
    "AGE",
]


QUESTION_TYPES = Vocabulary("question type", frozenset(get_args(QuestionType)))


class Question(OperationInput):
    question_type: Annotated[str, AfterValidator(QUESTION_TYPES.check), QUESTION_TYPES] = Field(
        description="e.g. EMAIL, FULL_NAME; CUSTOM needs a label and field type"
    )
    custom_question_field_type: Annotated[
        Literal["TEXT_FIELD", "TEXT_AREA", "RADIO_LIST", "CHECKBOX"] | None, NotNull
    ] = None
    custom_question_label: Annotated[str | None, NotNull] = None
    custom_question_options: Annotated[list[str] | None, NotNull] = Field(default=None, min_length=0, max_length=5)


Questions = Annotated[list[Question], Field(min_length=0, max_length=10)]
Status = Literal["DRAFT", "ACTIVE"]


class PolicyLink(OperationInput):
    label: str = Field(min_length=1)
    link: str = Field(min_length=1)


PolicyLinks = Annotated[Annotated[list[PolicyLink], Field(min_length=0, max_length=3)] | None, NotNull]


class NewLeadForm(OperationInput):
    name: str
    questions: Questions
    privacy_policy_link: str
    has_accepted_terms: bool = Field(description="Pinterest's lead ad terms accepted")
    completion_message: str
    status: Status = "DRAFT"
    disclosure_language: str | None = None
    policy_links: PolicyLinks = None


class LeadFormChange(OperationInput):
    id: Id
    name: Annotated[str | None, NotNull] = None
    questions: Annotated[Questions | None, NotNull] = None
    privacy_policy_link: Annotated[str | None, NotNull] = None
    completion_message: Annotated[str | None, NotNull] = None
    status: Annotated[Status | None, NotNull] = None
    disclosure_language: str | None = None
    policy_links: PolicyLinks = None


def _bulk(what: str) -> Any:
    return Field(min_length=1, max_length=30, description=f"1-30 {what}")


class ListLeadForms(Page):
    ad_account_id: AdAccountId
    order: Order = None


class GetLeadForm(OperationInput):
    ad_account_id: AdAccountId
    lead_form_id: Id


class CreateLeadForms(WriteInput):
    ad_account_id: AdAccountId
    lead_forms: list[NewLeadForm] = _bulk("lead forms")


class UpdateLeadForms(WriteInput):
    ad_account_id: AdAccountId
    lead_forms: list[LeadFormChange] = _bulk("lead forms: id and what changes")


class CreateLeadSubscription(WriteInput):
    ad_account_id: AdAccountId
    webhook_url: str = Field(pattern=r"^https://[^\s/?#]+\S*$", max_length=2048, description="https only")
    lead_form_id: Annotated[Id | None, NotNull] = Field(default=None, description="Only this form's leads")


class DeleteLeadSubscription(WriteInput):
    ad_account_id: AdAccountId
    subscription_id: Id


Day = Annotated[str | None, NotNull, Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="UTC day")]


class RunLeadsExport(OperationInput):
    """`run_leads_export`: an ad's leads over UTC days, or an export already started (`leads_export_id`)."""

    ad_account_id: AdAccountId
    ad_id: Annotated[Id | None, NotNull] = Field(default=None, description="The lead ad")
    start_date: Day = None
    end_date: Day = None
    leads_export_id: Annotated[Id | None, NotNull] = Field(default=None, description="Go on with this export")

    @model_validator(mode="after")
    def _one_source(self) -> RunLeadsExport:
        new = {"ad_id", "start_date", "end_date"}
        if self.leads_export_id is None and new - self.model_fields_set:
            raise ValueError("give ad_id, start_date and end_date, or the leads_export_id of an export to go on with")
        if self.leads_export_id is not None and new & self.model_fields_set:
            raise ValueError("leads_export_id goes on with an export already made; leave out ad_id and the dates")
        return self


class SendTestLead(WriteInput):
    ad_account_id: AdAccountId
    lead_form_id: Id
    answers: list[str] = Field(min_length=1, max_length=10, description="One per question, in order")


_op = partial(Operation, toolset="lead_forms", view=LEAD_FORM)

OPERATIONS = (
    _op(
        name="list_lead_forms",
        description="Lead forms of an ad account.",
        operation_id="lead_forms/list",
        input=ListLeadForms,
        lists=True,
    ),
    _op(
        name="get_lead_form",
        description="One lead form with its questions.",
        operation_id="lead_form/get",
        input=GetLeadForm,
    ),
    _op(
        name="list_lead_subscriptions",
        description="Webhooks that receive an ad account's new leads (the leads stay out of this server).",
        operation_id="ad_accounts_subscriptions/get_list",
        lists=True,
        view=None,
    ),
    _op(
        name="get_lead_subscription",
        description="One lead webhook subscription by id.",
        operation_id="ad_accounts_subscriptions/get_by_id",
        view=None,
    ),
    _op(
        name="create_lead_subscription",
        description="Send an ad account's new leads (or one form's) to an https webhook; its signing key is withheld.",
        operation_id="ad_accounts_subscriptions/post",
        input=CreateLeadSubscription,
        view=None,
        change="create",
    ),
    _op(
        name="delete_lead_subscription",
        description="Stop a lead webhook subscription.",
        operation_id="ad_accounts_subscriptions/del_by_id",
        input=DeleteLeadSubscription,
        view=None,
        change="delete",
        destructive=True,
        current=Current(
            read="get_lead_subscription",
            args=(("ad_account_id", "ad_account_id"), ("subscription_id", "subscription_id")),
        ),
    ),
    _op(
        name="create_lead_forms",
        description="Create 1-30 lead forms (DRAFT unless status is set).",
        operation_id="lead_forms/create",
        input=CreateLeadForms,
        body="lead_forms",
        change="create",
    ),
    _op(
        name="update_lead_forms",
        description="Change 1-30 lead forms: name, questions, status, texts.",
        operation_id="lead_forms/update",
        input=UpdateLeadForms,
        body="lead_forms",
        change="update",
        current=Current(read="list_lead_forms", args=(("ad_account_id", "ad_account_id"),)),
    ),
    _op(
        name="test_lead_form",
        description="Send a test lead with these answers to the form's integrations.",
        operation_id="lead_form_test/create",
        input=SendTestLead,
        change="update",
        current=Current(
            read="get_lead_form", args=(("ad_account_id", "ad_account_id"), ("lead_form_id", "lead_form_id"))
        ),
        reversible=False,
    ),
)
