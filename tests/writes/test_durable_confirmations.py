"""Confirmations outlive the process: a signed token, and the journal as the ledger of used ones.

A plan made by one server applies from another that shares the credential store (the key) and
the journal; an altered, expired or misapplied token never writes; however many applies race
with one token, inside one process or across several, the emulator's request log counts one
write. The cross-process tests run the real `pinterest-mcp call` command against the emulator
served on loopback by uvicorn in the test process, so its request log stays the witness.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client

from pinterest_mcp.auth.credentials import FileStore, KeyringStore, confirmation_key
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.writes.journal import Journal
from support.durable import Command, Shared, served
from support.fakes import MemoryKeyring
from support.world import PAUSED_CAMPAIGN, SPRING, USD, Clock, ok, result_of

pytestmark = pytest.mark.anyio

PAUSE = {"ad_account_id": USD, "campaign_ids": [SPRING]}
CREATE = {"ad_account_id": USD, "campaigns": [{"name": "Durable", "objective_type": "AWARENESS"}]}


@pytest.fixture
def shared(tmp_path: Path) -> Shared:
    return Shared(Emulator(), KeyringStore(MemoryKeyring()), tmp_path / "journal.jsonl", Clock())


@asynccontextmanager
async def connected(runtime: Runtime) -> AsyncIterator[Client]:
    async with Client(build_server(runtime.settings, runtime)) as client:
        yield client


async def plan_in_a_fresh_server(shared: Shared, tool: str, arguments: dict[str, Any]) -> str:
    async with connected(shared.runtime()) as client:
        plan = await ok(client, tool, arguments)
    token: str = plan["confirmation"]
    assert token.startswith("cf1.") and f".{tool}." in token, token
    return token


async def apply_in_a_fresh_server(shared: Shared, tool: str, arguments: dict[str, Any]) -> tuple[bool, Any]:
    async with connected(shared.runtime()) as client:
        return await result_of(client, tool, arguments)


# One process after another ---------------------------------------------------------------------


async def test_a_plan_made_by_one_server_applies_from_a_fresh_one_and_is_refused_on_a_third(shared: Shared) -> None:
    token = await plan_in_a_fresh_server(shared, "pause_campaigns", PAUSE)
    assert shared.writes() == []
    failed, applied = await apply_in_a_fresh_server(shared, "pause_campaigns", {**PAUSE, "confirmation": token})
    assert not failed and applied["status"] == "applied", applied
    assert shared.emulator.state.campaigns[SPRING]["status"] == "PAUSED"
    failed, again = await apply_in_a_fresh_server(shared, "pause_campaigns", {**PAUSE, "confirmation": token})
    assert failed and "already used" in again["error"], again
    assert len(shared.writes()) == 1
    (intent,) = [line for line in Journal(shared.journal).lines() if line["phase"] == "intent"]
    assert intent["confirmation"] == token.split(".")[1], "the token's id is recorded in the intent line"


async def test_a_create_planned_in_one_server_is_created_once_by_the_next(shared: Shared) -> None:
    token = await plan_in_a_fresh_server(shared, "create_campaigns", CREATE)
    for _ in range(2):
        await apply_in_a_fresh_server(shared, "create_campaigns", {**CREATE, "confirmation": token})
    assert len(shared.writes("POST")) == 1
    assert sum(c["name"] == "Durable" for c in shared.emulator.state.campaigns.values()) == 1


def _altered(token: str, index: int, value: str) -> str:
    parts = token.split(".")
    parts[index] = value
    return ".".join(parts)


async def test_an_altered_token_is_refused_and_nothing_is_written(shared: Shared) -> None:
    token = await plan_in_a_fresh_server(shared, "pause_campaigns", PAUSE)
    parts = token.split(".")
    flipped = ("B" if parts[7][0] == "A" else "A") + parts[7][1:]
    cases = {
        _altered(token, 7, flipped): "signature does not match",  # the MAC itself
        _altered(token, 2, str(int(parts[2]) + 86_400)): "signature does not match",  # a longer life
        _altered(token, 1, "A" * len(parts[1])): "signature does not match",  # another id, to dodge the ledger
        _altered(token, 3, "activate_campaigns"): "belongs to a plan of activate_campaigns",
        token[:-3]: "signature does not match",
        token + ".x": "not a confirmation this server issued",
        "cf_" + parts[1]: "not a confirmation this server issued",  # an in-memory token of older versions
    }
    async with connected(shared.runtime()) as client:
        for forged, why in cases.items():
            failed, answer = await result_of(client, "pause_campaigns", {**PAUSE, "confirmation": forged})
            assert failed and why in answer["error"], (forged, answer)
    assert shared.writes() == []


async def test_an_expired_token_is_refused_in_any_server(shared: Shared) -> None:
    token = await plan_in_a_fresh_server(shared, "pause_campaigns", PAUSE)
    shared.clock.now += 601
    failed, answer = await apply_in_a_fresh_server(shared, "pause_campaigns", {**PAUSE, "confirmation": token})
    assert failed and "expired" in answer["error"], answer
    assert shared.writes() == []


async def test_a_token_applies_only_to_its_own_tool_arguments_and_ad_account(shared: Shared) -> None:
    other_account = next(a for a in shared.emulator.state.ad_accounts if a != USD)
    token = await plan_in_a_fresh_server(shared, "pause_campaigns", PAUSE)
    misuses = [
        ("activate_campaigns", PAUSE, "belongs to a plan of pause_campaigns"),
        ("pause_campaigns", {**PAUSE, "campaign_ids": [PAUSED_CAMPAIGN]}, "different arguments"),
        ("pause_campaigns", {**PAUSE, "ad_account_id": other_account}, f"for ad account {USD}, not {other_account}"),
    ]
    async with connected(shared.runtime()) as client:
        for tool, arguments, why in misuses:
            failed, answer = await result_of(client, tool, {**arguments, "confirmation": token})
            assert failed and why in str(answer), (tool, answer)
    assert shared.writes() == []
    failed, applied = await apply_in_a_fresh_server(shared, "pause_campaigns", {**PAUSE, "confirmation": token})
    assert not failed and applied["status"] == "applied", "the misuses left the token unused"


async def test_a_token_signed_with_another_key_is_refused(shared: Shared) -> None:
    token = await plan_in_a_fresh_server(shared, "pause_campaigns", PAUSE)
    elsewhere = Shared(shared.emulator, KeyringStore(MemoryKeyring()), shared.journal, shared.clock)
    failed, answer = await apply_in_a_fresh_server(elsewhere, "pause_campaigns", {**PAUSE, "confirmation": token})
    assert failed and "another key" in answer["error"], answer
    assert shared.writes() == []


def test_the_key_is_created_once_in_the_file_store_readable_only_by_its_owner(tmp_path: Path) -> None:
    first = confirmation_key(FileStore(tmp_path / "config"))
    assert confirmation_key(FileStore(tmp_path / "config")) == first and len(first) >= 32
    (key_file,) = [p for p in (tmp_path / "config").iterdir() if "confirmation" in p.name]
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    store = KeyringStore(MemoryKeyring())
    assert confirmation_key(store) == confirmation_key(store) != first


# Racing applies --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tool", "arguments", "method"), [("pause_campaigns", PAUSE, "PATCH"), ("create_campaigns", CREATE, "POST")]
)
async def test_ten_concurrent_applies_of_one_confirmation_write_once(
    shared: Shared, tool: str, arguments: dict[str, Any], method: str
) -> None:
    """An update races under its entity lock, a create (no entity to lock) under the ledger lock alone."""
    token = await plan_in_a_fresh_server(shared, tool, arguments)
    answers: list[tuple[bool, Any]] = []

    async def apply(client: Client) -> None:
        answers.append(await result_of(client, tool, {**arguments, "confirmation": token}))

    runtimes = [shared.runtime(), shared.runtime()]  # two servers sharing the journal, five calls each
    async with connected(runtimes[0]) as one, connected(runtimes[1]) as two, anyio.create_task_group() as tasks:
        for i in range(10):
            tasks.start_soon(apply, (one, two)[i % 2])
    assert [failed for failed, _ in answers].count(False) == 1, answers
    assert all("already used" in str(answer) for failed, answer in answers if failed), answers
    assert len(shared.writes(method)) == 1


# Across processes: `pinterest-mcp call` -----------------------------------------------------------


PAUSE_PAIRS = (f"ad_account_id={USD}", f'campaign_ids=["{SPRING}"]')


@pytest.fixture
async def command(tmp_path: Path) -> AsyncIterator[tuple[Command, Emulator]]:
    emulator = Emulator()
    async with served(emulator) as base_url:
        yield Command(base_url, tmp_path, tmp_path / "journal.jsonl"), emulator


def _writes(emulator: Emulator) -> list[Any]:
    return [r for r in emulator.requests if r.method != "GET"]


@pytest.mark.slow
async def test_a_plan_from_one_call_applies_from_a_second_and_is_refused_on_a_third(
    command: tuple[Command, Emulator],
) -> None:
    cli, emulator = command
    code, out, err = await cli.call("pause_campaigns", *PAUSE_PAIRS)
    token = json.loads(out)["confirmation"]
    assert code == 1 and "plan only" in err, (code, err)
    assert _writes(emulator) == []

    code, out, err = await cli.call("pause_campaigns", *PAUSE_PAIRS, f"confirmation={token}")
    assert code == 0 and json.loads(out)["status"] == "applied", (code, out, err)
    assert emulator.state.campaigns[SPRING]["status"] == "PAUSED"

    code, out, err = await cli.call("pause_campaigns", *PAUSE_PAIRS, f"confirmation={token}")
    assert code == 1 and "already used" in out, (code, out, err)
    assert len(_writes(emulator)) == 1


@pytest.mark.slow
async def test_call_without_a_terminal_exits_non_zero_on_a_plan_unless_yes(command: tuple[Command, Emulator]) -> None:
    cli, emulator = command
    code, out, err = await cli.call("pause_campaigns", *PAUSE_PAIRS)
    assert code == 1 and "confirmation" in json.loads(out), (code, out)
    assert "plan only" in err and "--yes" in err and "confirmation=" in err, err
    assert _writes(emulator) == []
    code, out, err = await cli.call("pause_campaigns", *PAUSE_PAIRS, "--yes")
    assert code == 0 and json.loads(out)["status"] == "applied", (code, out, err)
    assert len(_writes(emulator)) == 1


@pytest.mark.slow
async def test_ten_concurrent_applies_across_processes_write_once(command: tuple[Command, Emulator]) -> None:
    """Two `call` processes and eight calls in this process apply one confirmation at once: one PATCH."""
    cli, emulator = command
    _, out, _ = await cli.call("pause_campaigns", *PAUSE_PAIRS)
    token = json.loads(out)["confirmation"]
    codes: list[int] = []
    answers: list[tuple[bool, Any]] = []
    here = Shared(emulator, cli.store(), cli.journal, Clock())
    runtime = here.runtime(base_url=cli.base_url)  # its clock only checks expiry: the token's is far ahead

    async def in_a_process() -> None:
        codes.append((await cli.call("pause_campaigns", *PAUSE_PAIRS, f"confirmation={token}"))[0])

    async def in_this_process(client: Client) -> None:
        answers.append(await result_of(client, "pause_campaigns", {**PAUSE, "confirmation": token}))

    async with connected(runtime) as client, anyio.create_task_group() as tasks:
        for _ in range(2):
            tasks.start_soon(in_a_process)
        for _ in range(8):
            tasks.start_soon(in_this_process, client)
    successes = codes.count(0) + [failed for failed, _ in answers].count(False)
    assert successes == 1, (codes, answers)
    assert len([r for r in _writes(emulator) if r.method == "PATCH"]) == 1
    intents = [line for line in Journal(cli.journal).lines() if line["phase"] == "intent"]
    assert [line["confirmation"] for line in intents] == [token.split(".")[1]]
