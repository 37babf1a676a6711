"""Servers that share a credential store and a journal, and the emulator served on loopback.

A confirmation must outlive the server that planned it: the durable-confirmation and ledger tests
(writes/) start several servers, and real `pinterest-mcp call` processes, over one shared store,
journal and emulator, whose request log stays the witness of what was written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import httpx
import uvicorn

from pinterest_mcp.auth.credentials import CredentialStore, FileStore
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.runtime import Runtime
from support.fakes import free_port
from support.world import Clock

BASE = "http://emulator.local/v5"
ACCESS = "durable-test-access-token"


@dataclass
class Shared:
    """What several servers share: Pinterest (one emulator), the credential store and the journal."""

    emulator: Emulator
    store: CredentialStore
    journal: Path
    clock: Clock

    def runtime(self, *, transport: httpx.AsyncBaseTransport | None = None, base_url: str = BASE) -> Runtime:
        """A fresh server process, as far as confirmations go: nothing in memory from the others."""
        settings = Settings(base_url=base_url, journal=self.journal, toolsets=("all",))
        if transport is None and base_url == BASE:
            transport = httpx.ASGITransport(app=self.emulator.app)
        env = {"PINTEREST_ACCESS_TOKEN": ACCESS}
        return Runtime(settings, transport=transport, store=self.store, env=env, clock=self.clock)

    def writes(self, method: str = "") -> list[Any]:
        return [r for r in self.emulator.requests if r.method != "GET" and (not method or r.method == method)]


@asynccontextmanager
async def served(emulator: Emulator) -> AsyncIterator[str]:
    """The emulator on a loopback port, served from this process; yields its API base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(emulator.app, host="127.0.0.1", port=port, log_level="warning"))
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(server.serve)
        with anyio.fail_after(30):
            while not server.started:  # bounded by fail_after
                await anyio.sleep(0.02)
        yield f"http://127.0.0.1:{port}/v5"
        server.should_exit = True


@dataclass
class Command:
    base_url: str
    home: Path
    journal: Path

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PINTEREST") or k == "PINTEREST_OPENAPI_SPEC"}
        return {
            **env,
            "PINTEREST_ACCESS_TOKEN": ACCESS,
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",  # the key goes to the file store
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_DATA_HOME": str(self.home / "data"),
        }

    async def call(self, tool: str, *pairs: str) -> tuple[int, str, str]:
        argv = [sys.executable, "-m", "pinterest_mcp", "call", tool, "--base-url", self.base_url]
        argv += ["--journal", str(self.journal), *pairs]
        with anyio.fail_after(60):
            done = await anyio.run_process(argv, env=self.env(), check=False, stdin=subprocess.DEVNULL)
        return done.returncode, done.stdout.decode(), done.stderr.decode()

    def store(self) -> FileStore:
        return FileStore(self.home / "config" / "pinterest-mcp")
