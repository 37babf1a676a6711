"""Customer lists through a real MCP client against the emulator: records are hashed here and never shown or kept."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.registry.privacy import concealed, hash_records
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
USD = "549755856399"
EMAILS = " Ann@Example.com ,bo@example.com,ann@example.com"  # messy case and spacing, one duplicate


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _runtime(tmp_path: Path) -> Runtime:
    return Runtime(Settings(demo=True, toolsets=("account", "audiences"), journal=tmp_path / "journal.jsonl"))


async def test_lists_and_gets_the_customer_lists_behind_customer_list_audiences(tmp_path: Path) -> None:
    async with Client(build_server(Settings(demo=True, toolsets=("audiences",)))) as client:
        lists = await call(client, "list_customer_lists", ad_account_id=USD)
        audiences = await call(client, "list_audiences", ad_account_id=USD, fields=["rule"])
        one = await call(client, "get_customer_list", ad_account_id=USD, customer_list_id=lists["items"][0]["id"])
    assert lists["count"] >= 1 and one == lists["items"][0]
    behind = {a["rule"].get("customer_list_id") for a in audiences["items"] if a["audience_type"] == "CUSTOMER_LIST"}
    assert {item["id"] for item in lists["items"]} <= behind


async def test_create_hashes_normalised_emails_and_shows_only_their_count(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    args = {"ad_account_id": USD, "name": "Past buyers", "records": EMAILS}
    async with Client(build_server(runtime.settings, runtime)) as client:
        plan = await call(client, "create_customer_list", **args)
        done = await call(client, "create_customer_list", **args, confirmation=plan["confirmation"])
    digests = f"{_sha('ann@example.com')},{_sha('bo@example.com')}"
    (sent,) = [r for r in runtime.emulator.requests if r.method == "POST"]
    assert sent.body["records"] == digests and sent.body["list_type"] == "EMAIL"
    shown = json.dumps(plan) + json.dumps(done)
    assert plan["body"]["records"] == concealed(digests) and "<2 SHA-256 hashed records" in shown
    assert "example.com" not in shown and _sha("ann@example.com") not in shown
    assert done["status"] == "applied" and done["now"][0]["num_uploaded_user_records"] == 2
    journal = (tmp_path / "journal.jsonl").read_text()
    assert "example.com" not in journal and _sha("bo@example.com") not in journal
    assert concealed(digests) in journal  # the count and a digest of the whole, nothing more


async def test_records_that_are_not_what_they_claim_are_refused_by_position_and_nothing_is_sent(
    tmp_path: Path,
) -> None:
    runtime = _runtime(tmp_path)
    async with Client(build_server(runtime.settings, runtime)) as client:
        await call(client, "list_customer_lists", ad_account_id=USD)
        bad_email = await client.call_tool(
            "create_customer_list", {"ad_account_id": USD, "name": "x", "records": "ann@example.com,not-an-email"}
        )
        bad_digest = await client.call_tool(
            "create_customer_list",
            {"ad_account_id": USD, "name": "x", "records": "ann@example.com", "hashed": True, "list_type": "MAID"},
        )
    assert bad_email.is_error and "record 2 is not an email address" in text_of(bad_email)
    assert bad_digest.is_error and "record 1 is not a SHA-256 digest" in text_of(bad_digest)
    assert "not-an-email" not in text_of(bad_email)
    assert "ann@example.com" not in text_of(bad_digest)
    assert [r for r in runtime.emulator.requests if r.method != "GET"] == []


async def test_update_adds_hashed_records_and_cannot_be_undone(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path)
    mobile_id = "  6D92078A-8246-4BA4-AE5B-76104861E7DC "
    async with Client(build_server(runtime.settings, runtime)) as client:
        target = (await call(client, "list_customer_lists", ad_account_id=USD))["items"][0]
        args = {"ad_account_id": USD, "customer_list_id": target["id"], "operation_type": "ADD", "records": mobile_id}
        plan = await call(client, "update_customer_list", **args)
        done = await call(client, "update_customer_list", **args, confirmation=plan["confirmation"])
        undo = await client.call_tool("undo_change", {"entry": done["journal_entry"]})
    (sent,) = [r for r in runtime.emulator.requests if r.method == "PATCH"]
    assert sent.body == {"operation_type": "ADD", "records": _sha(mobile_id.strip().lower())}
    assert plan["changes"][0]["records"].startswith("none → <1 SHA-256 hashed records")
    assert done["now"][0]["num_uploaded_user_records"] == target["num_uploaded_user_records"] + 1
    assert "undo" not in done
    assert undo.is_error and "cannot be undone" in text_of(undo)


def test_hashing_is_idempotent_once_flagged() -> None:
    """Validating the hashed arguments again (a journal entry, a retry) never hashes twice."""
    from pinterest_mcp.operations.customer_lists import CreateCustomerList

    first = CreateCustomerList.model_validate({"ad_account_id": USD, "name": "n", "records": "A@b.co"})
    again = CreateCustomerList.model_validate(first.model_dump())
    assert again.records == first.records == hash_records("a@b.co", hashed=False, emails=True) == _sha("a@b.co")
