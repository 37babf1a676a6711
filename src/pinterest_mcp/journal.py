"""The write journal: an append-only record of every write this server applied.

Each applied write appends two JSON lines: an `intent` line before the request is sent (the tool,
the exact request and the state it changes) and an `outcome` line after (per-item results and
the state read back). A crash between the two leaves an intent without an outcome, which is
exactly what an operator needs to see. Lines hold no credentials (requests carry none) and long
strings such as base64 images are shortened, except in `before`: `undo_change` reads an entry to
plan the reverse and writes those values back, so they are kept whole. The file is made 0600 on
every open, whatever mode an older file had.

The journal is also the ledger of used confirmations: a write applied with a confirmation records
the token's id in its intent line, and an id already there is refused (`AlreadyUsed`). The check
and the append are one step under a thread lock and an OS lock on `<journal>.lock`
(`file_lock`), so neither two tasks nor two processes sharing the journal apply one token twice,
and since the intent line is written before the request goes out, a crash after it never frees
the token for a second send. An in-memory journal (the demo) keeps its ledger in memory too.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pinterest_mcp.file_lock import DEFAULT_WAIT, LockTimeout, exclusive
from pinterest_mcp.records import conceal
from pinterest_mcp.redaction import redact_data

if TYPE_CHECKING:
    from pinterest_mcp.settings import Settings

_LONG = 300
_SHORTENED = re.compile(r"(?s).{80}…\((\d+) characters\)")
KEPT_WHOLE = frozenset({"before"})
"""Record keys never shortened: undo writes these values back to Pinterest."""


def default_data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The user data directory (`paths.data_dir`): `$XDG_DATA_HOME/pinterest-mcp` on Linux."""
    from pinterest_mcp.paths import data_dir

    return data_dir(env)


def journal_for(settings: Settings, env: Mapping[str, str] | None = None) -> Journal:
    """The profile's journal: `--journal` if named, else the user data directory; the demo's stays in memory."""
    if settings.journal is not None:
        return Journal(settings.journal)
    if settings.demo:
        return Journal(None)
    return Journal(default_data_dir(env) / f"journal-{settings.profile}.jsonl")


def is_shortened(value: Any) -> bool:
    """Whether `value` is a string the journal shortened (entries written before `before` was kept whole)."""
    found = _SHORTENED.fullmatch(value) if isinstance(value, str) else None
    return found is not None and int(found.group(1)) > _LONG


def _shorten(value: Any) -> Any:
    if isinstance(value, str) and len(value) > _LONG:
        return value[:80] + f"…({len(value)} characters)"
    if isinstance(value, list):
        return [_shorten(v) for v in value]
    if isinstance(value, dict):
        return {k: _shorten(v) for k, v in value.items()}
    return value


class AlreadyUsed(Exception):
    """The confirmation's id is in the journal: it applied (or was sent) once already."""


class LedgerBusy(Exception):
    """The journal's lock could not be taken in time; nothing was sent."""


@contextmanager
def _bounded(path: Path, wait: float) -> Iterator[None]:
    try:
        with exclusive(path, wait):
            yield
    except LockTimeout as exc:
        raise LedgerBusy(f"the write journal is busy ({exc}); nothing was sent, try again") from None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class Journal:
    """Append-only JSON lines at `path`; None keeps the journal in memory (the demo, tests).

    `lock_wait` bounds how long a confirmed write waits for another process holding the ledger lock.
    """

    def __init__(self, path: Path | None, *, lock_wait: float = DEFAULT_WAIT) -> None:
        self.path = path
        self.lock_wait = lock_wait
        self._memory: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._used: set[str] = set()
        self._read_to: tuple[int, int] = (-1, 0)  # (inode, offset) of the ledger scan; memory: (0, lines)

    def begin(self, record: dict[str, Any], *, confirmation: str | None = None) -> str:
        """Record the intent of a write about to be sent; returns the entry id.

        With `confirmation` (a token's id) the intent also uses the token up, or raises
        `AlreadyUsed` when the journal already holds it, whichever process wrote that.
        """
        entry_id = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)
        line = {"entry": entry_id, "phase": "intent", "at": _now(), **record}
        if confirmation is None:
            with self._lock:
                self._write(line)
            return entry_id
        with self._lock, self._ledger_lock():
            self._scan()
            if confirmation in self._used:
                raise AlreadyUsed("this confirmation was already used")
            self._write({**line, "confirmation": confirmation})
            self._used.add(confirmation)
        return entry_id

    def used(self, confirmation: str) -> bool:
        """Whether a write already used this token id (a read: the claim itself is `begin`'s)."""
        with self._lock:
            self._scan()
            return confirmation in self._used

    def finish(self, entry_id: str, outcome: dict[str, Any]) -> None:
        with self._lock:
            self._write({"entry": entry_id, "phase": "outcome", "at": _now(), **outcome})

    def _ledger_lock(self) -> AbstractContextManager[None]:
        if self.path is None:
            return nullcontext()
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return _bounded(self.path.with_name(self.path.name + ".lock"), self.lock_wait)

    def _scan(self) -> None:
        """Add the token ids of lines appended since the last scan (by anyone) to the ledger."""
        if self.path is None:
            start = self._read_to[1]
            for line in self._memory[start:]:
                self._note(line)
            self._read_to = (0, len(self._memory))
            return
        try:
            handle = self.path.open("rb")
        except FileNotFoundError:
            return
        with handle:
            inode, offset = self._read_to
            info = os.fstat(handle.fileno())
            if info.st_ino != inode or info.st_size < offset:  # a new or replaced file: read it all
                self._used.clear()
                offset = 0
            handle.seek(offset)
            chunk = handle.read()
        whole = chunk[: chunk.rfind(b"\n") + 1]  # a line still being written is read next time
        for text in whole.splitlines():
            try:
                self._note(json.loads(text))
            except ValueError:
                continue
        self._read_to = (info.st_ino, offset + len(whole))

    def _note(self, line: Any) -> None:
        if isinstance(line, dict) and line.get("phase") == "intent" and isinstance(line.get("confirmation"), str):
            self._used.add(line["confirmation"])

    def _write(self, line: dict[str, Any]) -> None:
        """Append one line; the caller holds `_lock`."""
        line = conceal(redact_data(line))  # redacted first, so shortening cannot keep half a secret; no records
        line = {k: v if k in KEPT_WHOLE else _shorten(v) for k, v in line.items()}
        if self.path is None:
            self._memory.append(line)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        if os.fstat(fd).st_mode & 0o777 != 0o600:  # a file made by hand or an older version
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")

    def lines(self) -> list[dict[str, Any]]:
        if self.path is None:
            return list(self._memory)
        if not self.path.exists():
            return []
        out = []
        for text in self.path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(text))
            except ValueError:
                continue  # a torn last line after a crash is skipped, never fatal
        return out

    def entries(self) -> list[dict[str, Any]]:
        """Intent and outcome merged per entry, oldest first; `status` is `pending` without an outcome."""
        merged: dict[str, dict[str, Any]] = {}
        for line in self.lines():
            entry = merged.setdefault(line["entry"], {"entry": line["entry"], "status": "pending"})
            if line["phase"] == "intent":
                entry.update({k: v for k, v in line.items() if k != "phase"})
            else:
                entry["finished_at"] = line.get("at")
                entry.update({k: v for k, v in line.items() if k not in ("phase", "at", "entry")})
        return list(merged.values())

    def get(self, entry_id: str) -> dict[str, Any] | None:
        return next((e for e in self.entries() if e["entry"] == entry_id), None)
