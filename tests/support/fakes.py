"""Test doubles shared by several test modules."""

from __future__ import annotations

import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import httpx
import keyring.errors
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """A keyring in a dict. Its priority is below keyring's `fail` backend, so it is never picked on its own."""

    priority = -10

    def __init__(self) -> None:
        KeyringBackend.__init__(self)  # named, not super(): mypy's untyped_calls_exclude sees only named calls
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.items:
            raise keyring.errors.PasswordDeleteError("not found")
        del self.items[(service, username)]


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@asynccontextmanager
async def http_server(*flags: str) -> AsyncIterator[str]:
    """`serve --demo --transport http` in a subprocess on loopback; yields its /mcp URL once it accepts."""
    port = free_port()
    command = [sys.executable, "-m", "pinterest_mcp", "serve", "--demo", "--transport", "http", "--port", str(port)]
    url = f"http://127.0.0.1:{port}/mcp"
    async with await anyio.open_process([*command, *flags]) as process:
        try:
            with anyio.fail_after(30):
                async with httpx.AsyncClient() as http:
                    while True:  # bounded by fail_after: until the port accepts connections
                        try:
                            await http.get(url)
                            break
                        except httpx.ConnectError:
                            await anyio.sleep(0.05)
            yield url
        finally:
            process.terminate()
