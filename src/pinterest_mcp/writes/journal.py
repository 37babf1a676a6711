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

A used id must never be lost, so appends are careful. A process that dies mid-append (killed, a
full disk, `ulimit -f`) leaves a torn last line; the next append, under the OS lock, ends it with
a newline first, so no line is ever glued to a torn one (a glued line hides its confirmation and
the token applies again). Each line goes out in one `write()`; a short write raises, so the
request is not sent. Readers go line by line and skip what is not a journal line (torn, foreign,
not UTF-8), and recover a line an older version glued to a torn one.

The file is bounded: at `ROTATE_BYTES` it becomes `<name>.1.jsonl` (the older ones shift up to
`KEEP_ROTATED`, the oldest is dropped), and the new file starts with a `ledger` line carrying the
ids used within `LEDGER_WINDOW` (longer than any confirmation lives), so a token used before the
rotation is still refused after it. `get` (undo) and `newest` (the `journal` command) read from
the end, so their cost follows how far back the entry is, not the journal's size.

An intent without an outcome is `pending` while its call may still be running, and `unknown` once
it is older than `PENDING_LIMIT_S` (`settle`): its process stopped between the request and the
answer, so Pinterest may have applied it, and the entry says which read shows whether it did. Every
reader of a ledger (this file, the shared store) settles what it returns.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pinterest_mcp.api.redaction import redact_data
from pinterest_mcp.registry.privacy import conceal
from pinterest_mcp.writes.confirmations import MAX_TTL_SECONDS
from pinterest_mcp.writes.file_lock import DEFAULT_WAIT, LockTimeout, exclusive

if TYPE_CHECKING:
    from pinterest_mcp.config.settings import Settings

_LONG = 300
_SHORTENED = re.compile(r"(?s).{80}…\((\d+) characters\)")
KEPT_WHOLE = frozenset({"before"})
"""Record keys never shortened: undo writes these values back to Pinterest."""

ROTATE_BYTES = 10 * 1024 * 1024
"""The size at which the journal is rotated: no read of it (the ledger scan of a fresh process) grows past it."""
KEEP_ROTATED = 3
"""Rotated files kept (`.1` newest): with the live one, at most about 40 MB of history."""
LEDGER_WINDOW = MAX_TTL_SECONDS + 3600
"""Seconds a used confirmation id is carried across a rotation: past any token's expiry, with room for clock skew."""
_PHASES = frozenset({"intent", "outcome"})
_LEDGER = "ledger"
_ENTRY_START = b'{"entry":'
_LEDGER_START = b'{"entry":"ledger-'
_CONFIRMATION = b'"confirmation'  # in every line that can use a token up: intents and ledger lines
_USED = re.compile(rb'"confirmation"\s*:\s*"([A-Za-z0-9_-]{1,64})"')
"""A used token id in a line, found without parsing it (ids are token-safe, `confirmations._PART`)."""
_AT = re.compile(rb'"at"\s*:\s*"([^"\\]{1,40})"')
PENDING_LIMIT_S = 120.0
"""Seconds after its intent a write's call has surely ended: a tool call's requests share one 60 s
budget (`api.client.CALL_BUDGET`), and the intent is journaled under the entity lock, after any wait
for it; twice the budget leaves room for the read-back and the outcome's own write. An intent older
than this without an outcome was cut off (a killed process): its outcome is `unknown`."""
_BLOCK = 1 << 16
_DECODER = json.JSONDecoder()


def default_data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The user data directory (`paths.data_dir`): `$XDG_DATA_HOME/pinterest-mcp` on Linux."""
    from pinterest_mcp.config.paths import data_dir

    return data_dir(env)


def journal_for(settings: Settings, env: Mapping[str, str] | None = None) -> Journal:
    """The profile's journal: `--journal` if named, else the user data directory; the demo's stays in memory."""
    if settings.journal is not None:
        return Journal(settings.journal)
    if settings.demo:
        return Journal(None)
    return Journal(default_data_dir(env) / f"journal-{settings.profile}.jsonl")


def rotated(path: Path, n: int) -> Path:
    """The `n`th rotated file of the journal at `path`: `journal-default.1.jsonl` (newest) and up."""
    if path.suffix:
        return path.with_name(f"{path.stem}.{n}{path.suffix}")
    return path.with_name(f"{path.name}.{n}")


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


def scrub(line: dict[str, Any]) -> dict[str, Any]:
    """A journal record as it may be kept: secrets redacted, people's data concealed, long strings shortened.

    Redacted first, so shortening cannot keep half a secret; `KEPT_WHOLE` values are not shortened.
    Every ledger (this file, the shared store) keeps records through it.
    """
    line = conceal(redact_data(line))
    return {k: v if k in KEPT_WHOLE else _shorten(v) for k, v in line.items()}


def _record(value: Any) -> dict[str, Any] | None:
    """`value` if it is a journal line (an entry id and a known phase), else None: foreign lines are skipped."""
    known = isinstance(value, dict) and isinstance(value.get("entry"), str)
    return value if known and (value.get("phase") in _PHASES or value.get("phase") == _LEDGER) else None


def _records(raw: bytes) -> list[dict[str, Any]]:
    """The journal lines in one line of the file: none for a torn, foreign or non-UTF-8 line.

    An older version could glue a whole line to a torn one; it is recovered from where it starts,
    so the confirmation it used up is not lost.
    """
    raw = raw.strip()
    if not raw:
        return []
    try:
        found = _record(json.loads(raw))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        found = None
    else:
        return [found] if found is not None else []
    out: list[dict[str, Any]] = []
    at = raw.find(_ENTRY_START, 1)
    while at != -1:
        try:
            value, _ = _DECODER.raw_decode(raw[at:].decode("utf-8", errors="replace"))
            found = _record(value)
        except (ValueError, RecursionError):
            found = None
        if found is not None:
            out.append(found)
        at = raw.find(_ENTRY_START, at + 1)
    return out


def _lines_back(path: Path) -> Iterator[bytes]:
    """The file's lines, last first, read in blocks from the end."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    with handle:
        end = handle.seek(0, os.SEEK_END)
        tail = b""
        while end > 0:
            start = max(0, end - _BLOCK)
            handle.seek(start)
            parts = (handle.read(end - start) + tail).split(b"\n")
            end = start
            tail = parts[0]
            yield from reversed(parts[1:])
        yield tail


def _lines_forward(path: Path) -> Iterator[bytes]:
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    with handle:
        yield from handle


def _epoch(at: Any, now: float | None = None) -> float:
    """A line's `at` as Unix seconds; an unreadable one counts as now (kept, never dropped early)."""
    if isinstance(at, int | float) and not isinstance(at, bool):
        return float(at)
    try:
        return datetime.fromisoformat(str(at)).timestamp()
    except ValueError:
        return time.time() if now is None else now


def check_call(kind: str, ids: Iterable[str]) -> str:
    """The read that shows an entity's current state, named as a tool call (`get_<kind>`, else the list)."""
    from pinterest_mcp.operations import by_name  # loaded with the first write or journal read, not at start

    tools, ids = by_name(), list(ids)
    getter, lister = tools.get(f"get_{kind}"), tools.get(f"list_{kind}s")
    if ids and getter is not None:
        return f"call {getter.name} for {', '.join(ids)}"
    if lister is not None:
        return f"call {lister.name}"
    return f"read the {kind.replace('_', ' ')}s back"


def settle(entry: dict[str, Any], now: float) -> dict[str, Any]:
    """`entry` as a reader should see it: `unknown`, saying how to check, once pending past `PENDING_LIMIT_S`.

    Only the reading changes: nothing is written back, so an outcome that does land later still wins.
    """
    if entry.get("status") != "pending" or now - _epoch(entry.get("at"), now) < PENDING_LIMIT_S:
        return entry
    return {
        **entry,
        "status": "unknown",
        "error": "the call that sent this write ended without recording Pinterest's answer (its server stopped); "
        "Pinterest may have applied it",
        "check": f"Do not repeat it yet: {entry_check(entry)} to see whether it took effect.",
    }


def entry_check(entry: dict[str, Any]) -> str:
    """The read that shows whether a journaled write took effect (`check_call` for what it changed)."""
    from pinterest_mcp.operations import by_name

    op = by_name().get(str(entry.get("operation", "")))
    if op is None:
        return "read what it changed"
    ids = sorted(str(key) for key in entry.get("before") or {})
    return check_call(op.view.kind if op.view else op.name.split("_", 1)[1], ids)


def _merge(lines: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Intent and outcome lines (oldest first) merged per entry; `status` is `pending` without an outcome."""
    merged: dict[str, dict[str, Any]] = {}
    for line in lines:
        if line.get("phase") not in _PHASES:
            continue
        entry = merged.setdefault(line["entry"], {"entry": line["entry"], "status": "pending"})
        if line["phase"] == "intent":
            entry.update({k: v for k, v in line.items() if k != "phase"})
        else:
            entry["finished_at"] = line.get("at")
            entry.update({k: v for k, v in line.items() if k not in ("phase", "at", "entry")})
    return merged


class AlreadyUsed(Exception):
    """The confirmation's id is in the journal: it applied (or was sent) once already."""


class LedgerBusy(Exception):
    """The journal's lock could not be taken in time; nothing was sent."""


class JournalWriteFailed(OSError):
    """The line could not be appended whole (a full disk, a file-size limit); nothing was sent."""


@contextmanager
def _bounded(path: Path, wait: float) -> Iterator[None]:
    try:
        with exclusive(path, wait):
            yield
    except LockTimeout as exc:
        raise LedgerBusy(f"the write journal is busy ({exc}); nothing was sent, try again") from None


def _now(at: float | None = None) -> str:
    """Unix time `at` (now if None) as a line's `at`: `2026-12-05T20:37:09Z`."""
    when = datetime.now(UTC) if at is None else datetime.fromtimestamp(at, UTC)
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")


def _dumps(line: dict[str, Any]) -> bytes:
    return (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _append_whole(fd: int, data: bytes) -> None:
    """`data` in one write; a short one raises, leaving a torn line the next append fences off."""
    written = os.write(fd, data)
    if written != len(data):
        raise JournalWriteFailed(
            f"the write journal took {written} of {len(data)} bytes (is the disk full, or a file size limit set?); "
            "nothing was sent, free space and try again"
        )


class Journal:
    """Append-only JSON lines at `path`; None keeps the journal in memory (the demo, tests).

    `lock_wait` bounds how long a write waits for another process holding the ledger lock;
    `rotate_at` and `keep` bound the file (`ROTATE_BYTES`, `KEEP_ROTATED`); `clock` (Unix seconds)
    stamps lines and settles pending entries, so tests move time instead of waiting.
    """

    def __init__(
        self,
        path: Path | None,
        *,
        lock_wait: float = DEFAULT_WAIT,
        rotate_at: int = ROTATE_BYTES,
        keep: int = KEEP_ROTATED,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self.clock = clock
        self.lock_wait = lock_wait
        self.rotate_at = rotate_at
        self.keep = max(1, keep)
        self._memory: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._used: dict[str, float] = {}  # token id → when it was used (Unix seconds)
        self._read_to: tuple[int, int] = (-1, 0)  # (inode, offset) of the ledger scan; memory: (0, lines)

    def begin(self, record: dict[str, Any], *, confirmation: str | None = None) -> str:
        """Record the intent of a write about to be sent; returns the entry id.

        With `confirmation` (a token's id) the intent also uses the token up, or raises
        `AlreadyUsed` when the journal already holds it, whichever process wrote that.
        """
        now = self.clock()
        entry_id = datetime.fromtimestamp(now, UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)
        line = {"entry": entry_id, "phase": "intent", "at": _now(now), **record}
        if confirmation is None:
            with self._lock, self._ledger_lock():
                self._write(line)
            return entry_id
        with self._lock, self._ledger_lock():
            self._scan()
            if confirmation in self._used:
                raise AlreadyUsed("this confirmation was already used")
            self._write({**line, "confirmation": confirmation})
            self._used[confirmation] = time.time()
        return entry_id

    def used(self, confirmation: str) -> bool:
        """Whether a write already used this token id (a read: the claim itself is `begin`'s)."""
        with self._lock:
            self._scan()
            return confirmation in self._used

    def finish(self, entry_id: str, outcome: dict[str, Any]) -> None:
        """Record a write's outcome: the request went out, so a busy lock never keeps it from the journal."""
        line = {"entry": entry_id, "phase": "outcome", "at": _now(self.clock()), **outcome}
        with self._lock:
            try:
                with self._ledger_lock():
                    self._write(line)
                    return
            except LedgerBusy:
                pass
            self._write(line, rotate=False)  # fenced and whole all the same; only rotation needs the lock

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
            if info.st_ino != inode or info.st_size < offset:  # a new, replaced or rotated file: read it all
                self._used.clear()
                offset = 0
            handle.seek(offset)
            for raw in handle:
                if not raw.endswith(b"\n"):
                    break  # a line still being written is read next time
                offset += len(raw)
                if _CONFIRMATION in raw:
                    self._note_raw(raw)
        self._read_to = (info.st_ino, offset)

    def _note_raw(self, raw: bytes) -> None:
        """The ids a line of the file used up, read with a pattern: a fresh process scans up to `ROTATE_BYTES`.

        The pattern finds the id however the line is broken or glued, and anything else that looks
        like one only makes the ledger stricter, never looser.
        """
        if raw.lstrip().startswith(_LEDGER_START):
            for line in _records(raw):
                self._note(line)
            return
        found = _USED.findall(raw)
        if found:
            at = _AT.search(raw)
            when = _epoch(at.group(1).decode()) if at else time.time()
            for token_id in found:
                self._used[token_id.decode()] = when

    def _note(self, line: dict[str, Any]) -> None:
        if line.get("phase") == "intent" and isinstance(line.get("confirmation"), str):
            self._used[line["confirmation"]] = _epoch(line.get("at"))
        elif line.get("phase") == _LEDGER and isinstance(line.get("confirmations"), dict):
            for token_id, at in line["confirmations"].items():
                self._used.setdefault(token_id, _epoch(at))

    def _write(self, line: dict[str, Any], *, rotate: bool = True) -> None:
        """Append one line; the caller holds `_lock`, and the ledger lock unless `rotate` is False."""
        line = scrub(line)
        if self.path is None:
            self._memory.append(line)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = _dumps(line)
        fd = self._open()
        try:
            size = os.fstat(fd).st_size
            if rotate and size and size + len(data) > self.rotate_at:
                os.close(fd)
                fd = -1
                self._rotate()
                fd = self._open()
                size = os.fstat(fd).st_size
            if size:
                os.lseek(fd, size - 1, os.SEEK_SET)
                if os.read(fd, 1) != b"\n":  # a torn line: end it, so this one stands alone
                    data = b"\n" + data
            _append_whole(fd, data)
        finally:
            if fd >= 0:
                os.close(fd)

    def _open(self) -> int:
        assert self.path is not None
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        if os.fstat(fd).st_mode & 0o777 != 0o600:  # a file made by hand or an older version
            os.fchmod(fd, 0o600)
        return fd

    def _rotate(self) -> None:
        """Shift the journal to `.1` (older ones up, the last dropped) and start afresh with the ledger.

        The caller holds both locks. The new file is written whole before it takes the name, and
        its first line carries every id used within `LEDGER_WINDOW`, read from the file it replaces.
        """
        assert self.path is not None
        self._scan()
        cutoff = time.time() - LEDGER_WINDOW
        carried = {token_id: at for token_id, at in self._used.items() if at >= cutoff}
        stamp = {token_id: int(at) for token_id, at in carried.items()}  # Unix seconds: quick to read back
        ledger = {"entry": f"ledger-{_now()}", "phase": _LEDGER, "at": _now(), "confirmations": stamp}
        fresh = self.path.with_name(self.path.name + ".new")
        fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            _append_whole(fd, _dumps(ledger))
            os.fsync(fd)
        finally:
            os.close(fd)
        for n in range(self.keep - 1, 0, -1):
            if rotated(self.path, n).exists():
                os.replace(rotated(self.path, n), rotated(self.path, n + 1))
        os.replace(self.path, rotated(self.path, 1))
        os.replace(fresh, self.path)
        self._used = carried
        self._read_to = (-1, 0)  # the next scan reads the new file (the ledger line and what follows)

    def _files(self) -> list[Path]:
        """The journal's files, newest first: the live one, then `.1`, `.2`, …"""
        assert self.path is not None
        return [self.path, *(rotated(self.path, n) for n in range(1, self.keep + 1))]

    def _back(self, needle: str = "") -> Iterator[dict[str, Any]]:
        """Every journal line, newest first, across the rotated files; with `needle`, only lines holding it."""
        if self.path is None:
            yield from (line for line in reversed(list(self._memory)) if needle in line.get("entry", ""))
            return
        wanted = needle.encode()
        for path in self._files():
            for raw in _lines_back(path):
                if wanted in raw and not raw.startswith(_LEDGER_START):  # only the lines it could be are parsed
                    yield from reversed(_records(raw))

    def lines(self) -> list[dict[str, Any]]:
        """Every intent and outcome line, oldest first, across the rotated files (streamed, line by line)."""
        if self.path is None:
            return [line for line in self._memory if line.get("phase") in _PHASES]
        out: list[dict[str, Any]] = []
        for path in reversed(self._files()):
            for raw in _lines_forward(path):
                out.extend(line for line in _records(raw) if line["phase"] in _PHASES)
        return out

    def entries(self) -> list[dict[str, Any]]:
        """Intent and outcome merged per entry, oldest first; `status` is `pending` without an outcome
        (`unknown` once past `PENDING_LIMIT_S`)."""
        now = self.clock()
        return [settle(entry, now) for entry in _merge(self.lines()).values()]

    def newest(self, limit: int) -> list[dict[str, Any]]:
        """The newest `limit` entries (by intent), oldest first, read from the end; 0 or less: all."""
        if limit <= 0:
            return self.entries()
        found: dict[str, list[dict[str, Any]]] = {}
        complete: list[str] = []
        for line in self._back():
            if line["phase"] not in _PHASES:
                continue
            found.setdefault(line["entry"], []).append(line)
            if line["phase"] == "intent" and line["entry"] not in complete:
                complete.append(line["entry"])
                if len(complete) == limit:
                    break
        now = self.clock()
        return [settle(_merge(reversed(found[entry_id]))[entry_id], now) for entry_id in reversed(complete)]

    def get(self, entry_id: str) -> dict[str, Any] | None:
        """One entry, found from the end: an undo of a recent write reads only the journal's tail."""
        lines: list[dict[str, Any]] = []
        for line in self._back(entry_id):
            if line["entry"] == entry_id and line["phase"] in _PHASES:
                lines.append(line)
                if line["phase"] == "intent":
                    break
        entry = _merge(reversed(lines)).get(entry_id)
        return None if entry is None else settle(entry, self.clock())
