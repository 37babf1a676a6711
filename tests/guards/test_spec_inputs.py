"""Input models derived from the spec's parameters: the facts arrive, nothing is restated, nothing extra is sent."""

from __future__ import annotations

import pytest
from pydantic import Field, ValidationError

from pinterest_mcp.api.request import prepare
from pinterest_mcp.operations import by_name
from pinterest_mcp.registry.inputs import OperationInput, Page
from pinterest_mcp.registry.records import Operation
from pinterest_mcp.registry.spec_inputs import spec_input
from pinterest_mcp.server.schema import published_schema

USD = "549755856399"


def test_a_derived_list_carries_the_spec_facts_and_keeps_the_page_fields_of_its_base() -> None:
    """get/invites: enum items, the array's limit, a required path id, and Page's own page_size."""
    model = spec_input("get/invites", Page, "ListInvites")
    schema = published_schema(model, None)
    props = schema["properties"]
    assert props["invite_status"]["items"]["enum"] == ["PENDING", "EXPIRED"]
    assert props["invite_status"]["maxItems"] == 2  # the spec's maxLength on an array
    assert props["is_member"]["default"] is True  # named, not sent
    assert schema["required"] == ["business_id"]
    assert repr(model.model_fields["page_size"]) == repr(Page.model_fields["page_size"])
    with pytest.raises(ValidationError, match="invite_status"):
        model.model_validate({"business_id": "1", "invite_status": ["GONE"]})


def test_ids_take_json_numbers_and_patterns_take_ascii_digits_only() -> None:
    """An id sent as a number is its digits; the spec's `\\d` would otherwise admit Arabic-Indic digits."""
    model = spec_input("billing_invoices/get", Page, "ListBillingInvoices")
    assert model.model_validate({"ad_account_id": 549755856399}).model_dump()["ad_account_id"] == USD
    with pytest.raises(ValidationError, match="start_due_date"):
        model.model_validate({"ad_account_id": USD, "start_due_date": "٢٠٢٦-01-01"})
    with pytest.raises(ValidationError, match="ad_account_id"):
        model.model_validate({"ad_account_id": "١٢٣"})


def test_a_parameter_left_out_is_not_sent_even_where_the_spec_names_a_default() -> None:
    """Pinterest applies its own default (sort DUE_DATE); the request carries only what the caller gave."""
    op = by_name()["list_billing_invoices"]
    assert published_schema(op.input, None)["properties"]["sort"]["default"] == "DUE_DATE"
    request = prepare(op, op.input.model_validate({"ad_account_id": USD, "status": "OPEN"}))
    assert request.query == [("status", "OPEN")]


def test_a_hint_may_describe_a_field_or_give_it_a_default_pinterest_requires() -> None:
    """list_billing_profiles: the spec requires is_active; our Field makes it optional, true by default."""
    op = by_name()["list_billing_profiles"]
    schema = published_schema(op.input, None)
    assert schema["required"] == ["ad_account_id"] and schema["properties"]["is_active"]["default"] is True
    assert prepare(op, op.input.model_validate({"ad_account_id": USD})).query == [("is_active", "true")]
    described = by_name()["get_billing_invoice_download"].input
    assert published_schema(described, None)["properties"]["billing_invoice_id"]["description"]


def test_a_hint_for_a_parameter_the_operation_lacks_or_for_a_hand_written_input_is_refused() -> None:
    """A misspelt hint would silently describe nothing; a hand-written input describes its own fields."""
    with pytest.raises(ValueError, match=r"hints name \['bussiness_id'\]"):
        Operation(
            name="list_business_members",
            operation_id="get/business_members",
            toolset="business",
            description="x",
            lists=True,
            hints={"bussiness_id": "typo"},
        )
    with pytest.raises(ValueError, match="hand-written input"):
        Operation(
            name="get_ssio_account",
            operation_id="ssio_accounts/get",
            toolset="billing",
            description="x",
            input=OperationInput,
            hints={"ad_account_id": Field(default=None)},
        )


def test_the_base_follows_the_spec_and_the_view() -> None:
    """Page where the spec pages the list; no `fields` where results have no view to pick from."""
    ops = by_name()
    assert issubclass(ops["list_lead_subscriptions"].input, Page) and ops["list_lead_subscriptions"].paginated
    assert "fields" not in ops["get_lead_subscription"].input.model_fields
    assert "bookmark" not in ops["list_conversion_event_quality"].input.model_fields


def test_an_empty_path_parameter_is_refused_before_it_reaches_another_route() -> None:
    """`get_integration(id="")` once sent `GET /integrations/` (the list), found by the fuzzer."""
    model = by_name()["get_integration"].input
    with pytest.raises(ValidationError, match="at least 1 character"):
        model.model_validate({"id": ""})
    assert model.model_validate({"id": "7"}).model_dump(exclude_none=True)["id"] == "7"
