"""Lead form tools through a real MCP client against the emulator: configuration only, no lead export."""

from __future__ import annotations

from pathlib import Path

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.operations import all_operations
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
USD = "549755856399"
FORM = {
    "name": "Class waitlist",
    "questions": [
        {"question_type": "EMAIL"},
        {"question_type": "CUSTOM", "custom_question_field_type": "TEXT_FIELD", "custom_question_label": "Which day?"},
    ],
    "privacy_policy_link": "https://example.com/privacy",
    "has_accepted_terms": True,
    "completion_message": "Thanks",
}


def _runtime(tmp_path: Path) -> Runtime:
    return Runtime(Settings(demo=True, toolsets=("lead_forms",), journal=tmp_path / "journal.jsonl"))


async def test_create_plans_drafts_applies_item_by_item_and_journals(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    refused = {**FORM, "name": "No terms", "has_accepted_terms": False}
    args = {"ad_account_id": USD, "lead_forms": [FORM, refused]}
    async with Client(build_server(runtime.settings, runtime)) as client:
        plan = await call(client, "create_lead_forms", **args)
        done = await call(client, "create_lead_forms", **args, confirmation=plan["confirmation"])
        listed = await call(client, "list_lead_forms", ad_account_id=USD)
        one = await call(client, "get_lead_form", ad_account_id=USD, lead_form_id=done["results"][0]["id"])
    assert plan["plan"].startswith("create_lead_forms: create 2 lead forms")
    assert [change["status"] for change in plan["changes"]] == ["DRAFT", "DRAFT"]  # shown before it is sent
    assert done["status"] == "partial" and [r["ok"] for r in done["results"]] == [True, False]
    assert "terms must be accepted" in done["results"][1]["error"]
    assert one["status"] == "DRAFT" and [q["question_type"] for q in one["questions"]] == ["EMAIL", "CUSTOM"]
    assert "Class waitlist" in {f["name"] for f in listed["items"]} and "No terms" not in {
        f["name"] for f in listed["items"]
    }
    entry = runtime.writes.journal.get(done["journal_entry"])
    assert entry is not None and entry["status"] == "partial" and entry["tool"] == "create_lead_forms"


async def test_unknown_question_types_are_refused_before_sending(tmp_path: Path) -> None:
    async with Client(build_server(Settings(demo=True, toolsets=("lead_forms",)))) as client:
        bad = {**FORM, "questions": [{"question_type": "EMAL"}]}
        result = await client.call_tool("create_lead_forms", {"ad_account_id": USD, "lead_forms": [bad]})
    assert result.is_error and "did you mean EMAIL" in text_of(result)


async def test_a_test_lead_answers_every_question_and_cannot_be_undone(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    async with Client(build_server(runtime.settings, runtime)) as client:
        form = (await call(client, "list_lead_forms", ad_account_id=USD))["items"][0]
        short = {
            "ad_account_id": USD,
            "lead_form_id": form["id"],
            "answers": ["only one"] * (len(form["questions"]) - 1),
        }
        plan = await call(client, "test_lead_form", **short)
        failed = await client.call_tool("test_lead_form", {**short, "confirmation": plan["confirmation"]})
        full = {**short, "answers": ["a@example.com"] * len(form["questions"])}
        plan = await call(client, "test_lead_form", **full)
        done = await call(client, "test_lead_form", **full, confirmation=plan["confirmation"])
        undo = await client.call_tool("undo_change", {"entry": done["journal_entry"]})
    assert failed.is_error and "answer each in order" in text_of(failed)
    assert done["status"] == "applied" and done["now"][0]["id"] == form["id"]
    assert undo.is_error and "cannot be undone" in text_of(undo)


def test_no_tool_exports_submitted_leads() -> None:
    """Configuration only: leads_export/* stays undeclared, so people's contact details never reach a model."""
    assert not [op.name for op in all_operations() if op.operation_id.startswith(("leads_export/", "lead_ads/"))]
