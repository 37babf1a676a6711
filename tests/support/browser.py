"""Debian's chromium, headless, driven over its DevTools pipe: the consent page and the MCP Apps views.

Chromium speaks its DevTools protocol over `--remote-debugging-pipe` (fds 3 and 4, NUL-terminated
JSON), so no Python package is needed. Locally, without chromium, a test using it is skipped; in CI
(CI=1, where `.ci/run` installs it) a missing chromium fails it.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

WAIT = 30.0


def chromium_or_skip() -> str:
    """Debian's chromium; missing, a skip locally and a failure in CI, which must run this test."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        message = "chromium is not installed (Debian: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run the browser tests")
        pytest.skip(message)
    return found


@dataclass
class DevTools:
    """A minimal client of chromium's DevTools protocol over `--remote-debugging-pipe`."""

    to_browser: int
    from_browser: int
    events: list[dict[str, Any]] = field(default_factory=list)
    _buffer: bytes = b""
    _next_id: int = 0

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """Run one command and return its result; an error answer fails the test."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        answer = self._until(lambda m: m.get("id") == self._next_id, f"an answer to {method}")
        assert "error" not in answer, (method, answer["error"])
        result: dict[str, Any] = answer.get("result", {})
        return result

    def event(self, method: str, test: Callable[[dict[str, Any]], bool] = lambda _: True) -> dict[str, Any]:
        """The first event `method` (seen already or still to come) whose params pass `test`."""
        for seen in self.events:
            if seen.get("method") == method and test(seen.get("params", {})):
                return seen
        return self._until(lambda m: m.get("method") == method and test(m.get("params", {})), method)

    def _until(self, wanted: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        deadline = time.monotonic() + WAIT
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message: dict[str, Any] = json.loads(raw)
                if "method" in message:
                    self.events.append(message)
                    entry = message.get("params", {}).get("entry", {})
                    if message["method"] == "Log.entryAdded" and entry.get("source") == "security":
                        raise AssertionError(f"chromium refused something while waiting for {what}: {entry['text']}")
                if wanted(message):
                    return message
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"chromium sent no {what} within {WAIT:.0f} s")
            ready, _, _ = select.select([self.from_browser], [], [], left)  # bounded by the deadline
            if ready:
                chunk = os.read(self.from_browser, 1 << 16)
                if not chunk:
                    raise AssertionError(f"chromium closed its DevTools pipe before {what}")
                self._buffer += chunk


@contextmanager
def chromium(binary: str, profile: Path, *, scripts: bool = False, flags: tuple[str, ...] = ()) -> Iterator[DevTools]:
    """Headless chromium (scripts off unless `scripts`), its DevTools pipe on the child's fds 3 (in) and 4 (out)."""
    commands_r, commands_w = os.pipe()
    events_r, events_w = os.pipe()
    # bash (dash takes one-digit fds only) puts the pipe ends on 3 and 4 and execs chromium: no Python runs
    # in the forked child, which a thread of this process could deadlock.
    wire = f'exec "$0" "$@" 3<&{commands_r} 4>&{events_w} {commands_r}<&- {events_w}>&-'
    argv = [
        shutil.which("bash") or "/bin/bash",
        "-c",
        wire,
        binary,
        "--headless",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--no-first-run",
        "--remote-debugging-pipe",
        *(() if scripts else ("--blink-settings=scriptEnabled=false",)),
        *flags,
        f"--user-data-dir={profile}",
        "about:blank",
    ]
    process = subprocess.Popen(
        argv,
        pass_fds=(commands_r, events_w),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(commands_r)
    os.close(events_w)
    try:
        yield DevTools(commands_w, events_r)
    finally:
        process.kill()
        process.wait(timeout=WAIT)
        os.close(commands_w)
        os.close(events_r)
