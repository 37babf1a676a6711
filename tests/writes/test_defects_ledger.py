"""Defects of the journal as the ledger of used confirmations, and of the confirmation settings.

A process that dies mid-append leaves a torn line; the next append must never be glued to it,
or the confirmation it records is lost and the token applies a second time. The cross-process
tests run the real `pinterest-mcp call` against the emulator served on loopback (the fixtures of
`test_durable_confirmations`), and tear the journal the way it happens: a file-size limit
(`ulimit -f`) on the process that writes, or a partial line written by hand.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client

from pinterest_mcp.emulator import Emulator
from pinterest_mcp.server.build import build_server
from pinterest_mcp.writes.journal import Journal
from support.durable import Command, Shared, served
from support.fakes import MemoryKeyring
from support.world import OVERSPENDING_GROUP, SPRING, USD, Clock, World, ok, result_of, world_for

pytestmark = pytest.mark.anyio

CREATE_PAIRS = (f"ad_account_id={USD}", 'campaigns=[{"name": "Ledger", "objective_type": "AWARENESS"}]')
_LIMITED = (
    "import os, resource, sys; n = int(sys.argv[1]); resource.setrlimit(resource.RLIMIT_FSIZE, (n, n)); "
    "os.execv(sys.executable, [sys.executable, '-m', 'pinterest_mcp', *sys.argv[2:]])"
)


async def call_with_file_limit(cli: Command, limit: int, tool: str, *pairs: str) -> tuple[int, str, str]:
    """`pinterest-mcp call` with files capped at `limit` bytes (`ulimit -f`): its journal line is torn."""
    argv = [sys.executable, "-c", _LIMITED, str(limit), "call", tool, "--base-url", cli.base_url]
    argv += ["--journal", str(cli.journal), *pairs]
    with anyio.fail_after(60):
        done = await anyio.run_process(argv, env=cli.env(), check=False)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


@pytest.fixture
async def command(tmp_path: Path) -> AsyncIterator[tuple[Command, Emulator]]:
    """`pinterest-mcp call` processes sharing a journal and a file key store, and the emulator they write to."""
    emulator = Emulator()
    async with served(emulator) as base_url:
        yield Command(base_url, tmp_path, tmp_path / "journal.jsonl"), emulator


def _posts(emulator: Emulator) -> int:
    return sum(r.method == "POST" for r in emulator.requests)


def _created(emulator: Emulator) -> int:
    return sum(c["name"] == "Ledger" for c in emulator.state.campaigns.values())


def _journal_listing(cli: Command, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    from pinterest_mcp.cli.commands import main

    capsys.readouterr()
    assert main(["journal", "--json", "--limit", "0", "--journal", str(cli.journal)]) == 0
    listed: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return listed


# 1. A torn journal line --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
async def test_a_journal_torn_by_a_file_size_limit_never_lets_a_confirmation_apply_twice(
    command: tuple[Command, Emulator], capsys: pytest.CaptureFixture[str]
) -> None:
    cli, emulator = command
    _, out, _ = await cli.call("create_campaigns", *CREATE_PAIRS)
    token = json.loads(out)["confirmation"]

    code, out, err = await call_with_file_limit(cli, 40, "create_campaigns", *CREATE_PAIRS, f"confirmation={token}")
    assert code != 0 and _posts(emulator) == 0, (code, out, err)  # the intent could not be journaled: nothing sent
    assert cli.journal.exists() and not cli.journal.read_bytes().endswith(b"\n"), "the journal's last line is torn"

    code, out, err = await cli.call("create_campaigns", *CREATE_PAIRS, f"confirmation={token}")
    assert code == 0 and json.loads(out)["status"] == "applied", (code, out, err)
    entry = json.loads(out)["journal_entry"]
    code, out, err = await cli.call("create_campaigns", *CREATE_PAIRS, f"confirmation={token}")
    assert code == 1 and "already used" in out, (code, out, err)
    assert _posts(emulator) == 1 and _created(emulator) == 1

    listed = _journal_listing(cli, capsys)
    assert [e["entry"] for e in listed] == [entry] and listed[0]["status"] == "applied", listed


@pytest.mark.slow
async def test_a_partial_line_left_by_a_killed_process_is_fenced_before_the_next_append(
    command: tuple[Command, Emulator], capsys: pytest.CaptureFixture[str]
) -> None:
    cli, emulator = command
    _, out, _ = await cli.call("create_campaigns", *CREATE_PAIRS)
    token = json.loads(out)["confirmation"]
    cli.journal.write_bytes(b'{"entry":"20250101-000000-aaaaaa","phase":"intent","at":"2025-01-01T00:0')

    code, out, err = await cli.call("create_campaigns", *CREATE_PAIRS, f"confirmation={token}")
    assert code == 0 and json.loads(out)["status"] == "applied", (code, out, err)
    entry = json.loads(out)["journal_entry"]
    code, out, err = await cli.call("create_campaigns", *CREATE_PAIRS, f"confirmation={token}")
    assert code == 1 and "already used" in out, (code, out, err)
    assert _posts(emulator) == 1 and _created(emulator) == 1
    assert [e["entry"] for e in _journal_listing(cli, capsys)] == [entry]


def test_a_line_glued_to_a_torn_one_by_an_older_version_still_counts_as_used(tmp_path: Path) -> None:
    """Journals written before the fence may already hold a glued line: its confirmation is not lost."""
    path = tmp_path / "journal.jsonl"
    glued = {"entry": "20250101-000001-bbbbbb", "phase": "intent", "at": "2025-01-01T00:00:01Z", "confirmation": "c1"}
    path.write_bytes(b'{"entry":"20250101-000000-aaaaaa","ph' + json.dumps(glued).encode() + b"\n")
    journal = Journal(path)
    assert journal.used("c1")
    assert [e["entry"] for e in journal.entries()] == ["20250101-000001-bbbbbb"]


async def _budget_change(world: World, client: Client) -> str:
    args = {"ad_account_id": USD, "ad_groups": [{"id": OVERSPENDING_GROUP, "budget_in_micro_currency": 60_000_000}]}
    plan = await ok(client, "update_ad_groups", args)
    done = await ok(client, "update_ad_groups", {**args, "confirmation": plan["confirmation"]})
    entry: str = done["journal_entry"]
    return entry


FOREIGN_LINES = [
    b"\xff\xfe not UTF-8 at all \x80\n",
    b"[1, 2, 3]\n",
    b'{"note": "a line some other tool appended"}\n',
    b'{"entry": 5, "phase": "intent"}\n',
    b'{"entry": "x", "phase": "sideways"}\n',
    b"[" * 100_000 + b"\n",
    b"\n",
]


async def test_foreign_broken_and_non_utf8_lines_break_neither_journal_nor_undo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pinterest_mcp.cli.commands import main

    world = world_for(tmp_path)
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        entry = await _budget_change(world, client)
        with world.journal.open("ab") as handle:
            handle.writelines(FOREIGN_LINES)
        capsys.readouterr()
        assert main(["journal", "--journal", str(world.journal)]) == 0
        assert entry in capsys.readouterr().out
        undo = await ok(client, "undo_change", {"entry": entry})
        assert undo["note"] == f"reverses journal entry {entry}"
        failed, answer = await result_of(client, "undo_change", {"entry": "x"})
        assert failed and "no journal entry" in answer, answer
        done = await ok(client, "undo_change", {"entry": entry, "confirmation": undo["confirmation"]})
        assert done["status"] == "applied", done
    assert world.emulator.state.ad_groups[OVERSPENDING_GROUP]["budget_in_micro_currency"] == 80_000_000


# 2. A bounded journal ----------------------------------------------------------------------------

RECORD: dict[str, Any] = {"tool": "update_campaigns", "operation": "update_campaigns", "note": "x" * 200}


def _fill(journal: Journal, entries: int) -> list[str]:
    ids = []
    for _ in range(entries):
        entry = journal.begin(RECORD)
        journal.finish(entry, {"status": "applied", "results": [{"id": "1", "ok": True}]})
        ids.append(entry)
    return ids


def test_the_journal_rotates_at_its_size_and_keeps_a_bounded_number_of_old_files(tmp_path: Path) -> None:
    path = tmp_path / "journal-default.jsonl"
    journal = Journal(path, rotate_at=4096, keep=2)
    ids = _fill(journal, 60)  # about 30 KB of lines: seven rotations
    older = [tmp_path / "journal-default.1.jsonl", tmp_path / "journal-default.2.jsonl"]
    assert all(p.exists() for p in older) and not (tmp_path / "journal-default.3.jsonl").exists()
    assert all(p.stat().st_size <= 4096 for p in [path, *older])
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in [path, *older])
    kept = [e["entry"] for e in Journal(path).entries()]
    assert kept == ids[-len(kept) :] and 10 < len(kept) < 60, kept  # the newest, in order; the oldest dropped
    fresh = Journal(path, rotate_at=4096, keep=2)
    assert [e["entry"] for e in fresh.newest(3)] == ids[-3:]
    assert all(e["status"] == "applied" for e in fresh.newest(3))
    in_older = next(e for e in kept if e not in [x["entry"] for x in _live(path)])
    found = fresh.get(in_older)
    assert found is not None and found["status"] == "applied" and found["tool"] == "update_campaigns"
    assert fresh.get(ids[0]) is None


def _live(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_confirmation_used_before_rotations_is_still_refused_after_them(tmp_path: Path) -> None:
    from pinterest_mcp.writes.journal import AlreadyUsed

    path = tmp_path / "journal-default.jsonl"
    journal = Journal(path, rotate_at=4096, keep=1)
    journal.finish(journal.begin(RECORD, confirmation="token-before"), {"status": "applied"})
    _fill(journal, 60)  # the file that recorded it is long gone (only one old file is kept)
    assert '"confirmation":"token-before"' not in "".join(p.read_text() for p in tmp_path.glob("journal-default*"))
    for fresh in (Journal(path), journal):  # a new process, and the one that rotated
        assert fresh.used("token-before")
        with pytest.raises(AlreadyUsed):
            fresh.begin(RECORD, confirmation="token-before")
    assert not Journal(path).used("token-never")


def test_rotation_drops_ids_used_longer_ago_than_any_confirmation_lives(tmp_path: Path) -> None:
    from pinterest_mcp.writes.journal import LEDGER_WINDOW

    path = tmp_path / "journal-default.jsonl"
    long_ago = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - LEDGER_WINDOW - 60))
    old = {"entry": "20200101-000000-aaaaaa", "phase": "intent", "at": long_ago, "confirmation": "token-old"}
    path.write_text(json.dumps(old) + "\n")
    journal = Journal(path, rotate_at=4096, keep=1)
    journal.begin(RECORD, confirmation="token-new")
    _fill(journal, 30)
    fresh = Journal(path)
    assert fresh.used("token-new") and not fresh.used("token-old")  # expired anyway: the ledger stays small


async def test_undo_and_the_ledger_work_across_a_rotation_through_the_server(tmp_path: Path) -> None:
    world = world_for(tmp_path)
    world.runtime.writes.journal.rotate_at = 3000
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        args = {"ad_account_id": USD, "ad_groups": [{"id": OVERSPENDING_GROUP, "budget_in_micro_currency": 60_000_000}]}
        plan = await ok(client, "update_ad_groups", args)
        entry = (await ok(client, "update_ad_groups", {**args, "confirmation": plan["confirmation"]}))["journal_entry"]
        _fill(world.runtime.writes.journal, 12)
        assert (tmp_path / "journal.1.jsonl").exists() and entry not in world.journal.read_text()
        world.runtime.writes.journal = Journal(world.journal, rotate_at=3000)  # as a restarted server reads it
        failed, again = await result_of(client, "update_ad_groups", {**args, "confirmation": plan["confirmation"]})
        assert failed and "already used" in again["error"], again
        undo = await ok(client, "undo_change", {"entry": entry})
        done = await ok(client, "undo_change", {"entry": entry, "confirmation": undo["confirmation"]})
        assert done["status"] == "applied", done
    assert world.emulator.state.ad_groups[OVERSPENDING_GROUP]["budget_in_micro_currency"] == 80_000_000


# 3. The confirmation lifetime ----------------------------------------------------------------------

BAD_TTLS = ["inf", "nan", "-inf", "1e80", "0", "-5", "0.5", "86401"]
PAUSE_CALL = ["pause_campaigns", f"ad_account_id={USD}", f'campaign_ids=["{SPRING}"]', "--demo"]


@pytest.mark.usefixtures("scratch_home")
@pytest.mark.parametrize("ttl", BAD_TTLS)
def test_a_bad_confirm_ttl_flag_is_refused_naming_the_flag(ttl: str, capsys: pytest.CaptureFixture[str]) -> None:
    from pinterest_mcp.cli.commands import main

    assert main(["call", *PAUSE_CALL, f"--confirm-ttl={ttl}"]) == 2
    err = capsys.readouterr().err
    assert "--confirm-ttl must be a number of seconds from 1 to 86400" in err, err


@pytest.mark.usefixtures("scratch_home")
@pytest.mark.parametrize("ttl", BAD_TTLS)
def test_a_bad_confirm_ttl_variable_is_refused_naming_it(
    ttl: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pinterest_mcp.cli.commands import main

    monkeypatch.setenv("PINTEREST_MCP_CONFIRM_TTL", ttl)
    assert main(["call", *PAUSE_CALL]) == 2
    assert "PINTEREST_MCP_CONFIRM_TTL must be a number of seconds from 1" in capsys.readouterr().err


@pytest.mark.parametrize("ttl", ["inf", "nan", "-inf", "1e80", "0", "86401", '"inf"', '"soon"', "true"])
def test_a_bad_confirm_ttl_in_the_config_file_is_refused_naming_the_key(scratch_home: Path, ttl: str) -> None:
    from pinterest_mcp.config.file import ConfigError, load_settings

    path = scratch_home / "config" / "pinterest-mcp" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[limits]\nconfirm_ttl = {ttl}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "limits.confirm_ttl must be a number of seconds from 1" in str(caught.value) and str(path) in str(
        caught.value
    )


@pytest.mark.usefixtures("scratch_home")
async def test_a_good_confirm_ttl_from_each_source_sets_the_plans_lifetime(monkeypatch: pytest.MonkeyPatch) -> None:
    from pinterest_mcp.cli.commands import parser, settings_from
    from pinterest_mcp.runtime import Runtime

    assert settings_from(parser().parse_args(["call", "--confirm-ttl", "86400"])).confirm_ttl == 86400
    monkeypatch.setenv("PINTEREST_MCP_CONFIRM_TTL", "90")
    settings = settings_from(parser().parse_args(["serve", "--demo"]))
    assert settings.confirm_ttl == 90
    runtime = Runtime(replace(settings, toolsets=("all",)))
    async with Client(build_server(runtime.settings, runtime)) as client:
        plan = await ok(client, "pause_campaigns", {"ad_account_id": USD, "campaign_ids": [SPRING]})
    assert plan["expires_in_s"] == 90


# 4. The confirmation key ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "says"),
    [(b"\xff\xfe\x00 not text \x80" * 4, "is damaged (not text)"), (b"k", "too short (1 bytes, at least 32)")],
)
async def test_a_damaged_or_short_key_file_refuses_to_issue_and_says_what_to_do(
    tmp_path: Path, key: bytes, says: str
) -> None:
    from pinterest_mcp.auth.credentials import FileStore

    store = FileStore(tmp_path / "config")
    store.directory.mkdir(parents=True, mode=0o700)
    (store.directory / "confirmation-key").write_bytes(key)
    (store.directory / "confirmation-key").chmod(0o600)
    shared = Shared(Emulator(), store, tmp_path / "journal.jsonl", Clock())
    async with Client(build_server(shared.runtime().settings, shared.runtime())) as client:
        failed, plan = await result_of(client, "pause_campaigns", {"ad_account_id": USD, "campaign_ids": [SPRING]})
    assert failed and "confirmation" not in plan, plan
    assert says in plan["error"] and "delete it and plan again" in plan["error"], plan["error"]
    assert shared.writes() == []


def test_a_short_key_in_the_keyring_is_refused_too() -> None:
    from pinterest_mcp.api.errors import CredentialStoreError
    from pinterest_mcp.auth.credentials import KeyringStore, confirmation_key

    backend = MemoryKeyring()
    store = KeyringStore(backend)
    backend.set_password(store.service, "__confirmation-key__", "short")
    with pytest.raises(CredentialStoreError, match=r"too short .*delete it and plan again"):
        confirmation_key(store)
    backend.items.clear()
    assert len(confirmation_key(store)) >= 32  # a new one is made when the old is deleted
