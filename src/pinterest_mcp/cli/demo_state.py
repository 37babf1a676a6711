"""The demo's memory between `pinterest-mcp call --demo` processes.

Each `call` is a new process, and each used to start a fresh emulator with a fresh in-memory
confirmation key and journal. The follow-ups the CLI prints after a write (apply this plan with
`confirmation=...`, reverse it with `undo_change(entry=...)`) could then never work: the next
process had neither the plan's key, nor the journal entry, nor the entity the write changed.

So `call --demo` keeps, in `demo/` under the user data directory: the emulator's data (one file per
seed: its store and its report and bulk-request books), the demo journal, and the key that signs
demo confirmations. `call --demo --demo-reset` (or deleting the folder) starts from the seed again.
`serve --demo` and `pinterest-mcp demo` keep nothing: a client session is one process anyway.

The data file is a pickle the same user wrote (the folder is 0700, files 0600); a file that cannot
be read (another version, a partial write) is set aside and the demo starts from its seed.
"""

from __future__ import annotations

import logging
import os
import pickle
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pinterest_mcp.auth.credentials import MIN_KEY_BYTES

log = logging.getLogger(__name__)

FORMAT = 1
"""Bumped whenever what `save` writes changes shape; an older file is set aside, not loaded."""
_BOOKS = ("reports", "bulk_requests")  # the emulator's books, made on first use on `app.state`


def demo_dir(env: Mapping[str, str] | None = None) -> Path:
    """`demo/` in the user data directory (`paths.data_dir`)."""
    from pinterest_mcp.config.paths import data_dir

    return data_dir(env) / "demo"


class DemoState:
    """The files of one demo folder: `emulator-seed<N>.pickle`, `journal.jsonl` and `confirmation.key`."""

    def __init__(self, folder: Path, seed: int) -> None:
        self.folder = folder
        self.seed = seed
        self.data = folder / f"emulator-seed{seed}.pickle"
        self.journal = folder / "journal.jsonl"
        self._key = folder / "confirmation.key"

    def reset(self) -> None:
        """Forget every seed's data, the journal and the key: the next call starts from the seed."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def _ensure_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    def key(self) -> bytes:
        """The key that signs demo confirmations, made on first use and kept 0600."""
        self._ensure_folder()
        try:
            raw = self._key.read_bytes()
            if len(raw) >= MIN_KEY_BYTES:
                return raw
        except FileNotFoundError:
            pass
        raw = secrets.token_bytes(MIN_KEY_BYTES)
        self._write(self._key, raw)
        return raw

    def restore(self, emulator: Any) -> bool:
        """Put the saved data into a freshly built emulator of this seed; False when there is none to load."""
        try:
            with self.data.open("rb") as file:
                saved = pickle.load(file)
            if not (isinstance(saved, dict) and saved.get("format") == FORMAT and saved.get("seed") == self.seed):
                raise ValueError("another format or seed")
        except FileNotFoundError:
            return False
        except Exception as exc:  # unreadable for any reason: keep it aside, start from the seed
            aside = self.data.with_suffix(".unreadable")
            os.replace(self.data, aside)
            log.warning(
                "demo data %s could not be read (%s); starting from the seed, the old file is %s", self.data, exc, aside
            )
            return False
        emulator.state = saved["store"]
        emulator.app.state.store = saved["store"]
        for name, book in saved["books"].items():
            setattr(emulator.app.state, name, book)
        return True

    def save(self, emulator: Any) -> None:
        """Write the emulator's data for the next `call --demo` (atomically: a reader sees old or new)."""
        self._ensure_folder()
        books = {name: getattr(emulator.app.state, name) for name in _BOOKS if hasattr(emulator.app.state, name)}
        saved = {"format": FORMAT, "seed": self.seed, "store": emulator.state, "books": books}
        self._write(self.data, pickle.dumps(saved, protocol=pickle.HIGHEST_PROTOCOL))

    @staticmethod
    def _write(path: Path, raw: bytes) -> None:
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(raw)
        os.replace(temporary, path)
