"""The write journal: an append-only record of every write this server applied.

Each applied write appends two JSON lines: an `intent` line before the request is sent (the tool,
the exact request and the state it changes) and an `outcome` line after (per-item results and
the state read back). A crash between the two leaves an intent without an outcome, which is
exactly what an operator needs to see. Lines hold no credentials (requests carry none) and long
strings such as base64 images are shortened, except in `before`: `undo_change` reads an entry to
plan the reverse and writes those values back, so they are kept whole. The file is made 0600 on
every open, whatever mode an older file had.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pinterest_mcp.redaction import redact_data

if TYPE_CHECKING:
    from pinterest_mcp.settings import Settings

_LONG = 300
_SHORTENED = re.compile(r"(?s).{80}…\((\d+) characters\)")
KEPT_WHOLE = frozenset({"before"})
"""Record keys never shortened: undo writes these values back to Pinterest."""


def default_data_dir(env: Mapping[str, str] | None = None) -> Path:
    """`$XDG_DATA_HOME/pinterest-mcp`, else `~/.local/share/pinterest-mcp`."""
    env = os.environ if env is None else env
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "pinterest-mcp"


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class Journal:
    """Append-only JSON lines at `path`; None keeps the journal in memory (the demo, tests)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._memory: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def begin(self, record: dict[str, Any]) -> str:
        """Record the intent of a write about to be sent; returns the entry id."""
        entry_id = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)
        self._append({"entry": entry_id, "phase": "intent", "at": _now(), **record})
        return entry_id

    def finish(self, entry_id: str, outcome: dict[str, Any]) -> None:
        self._append({"entry": entry_id, "phase": "outcome", "at": _now(), **outcome})

    def _append(self, line: dict[str, Any]) -> None:
        line = redact_data(line)  # redacted first, so shortening cannot keep half a secret
        line = {k: v if k in KEPT_WHOLE else _shorten(v) for k, v in line.items()}
        with self._lock:
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
