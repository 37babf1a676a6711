"""The Dockerfile, read as data (no Docker daemon needed): non-root, volumes, no baked secrets, a working healthcheck.

What the image promises is checked against this project's own code: its CMD is parsed by the
real CLI (and needs the HTTP token, being off loopback), and its HEALTHCHECK command is run
against a real server.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from pathlib import Path

import anyio
import pytest

from pinterest_mcp.cli.commands import parser
from pinterest_mcp.server.transports.http_auth import TOKEN_ENV, check_bind
from support.fakes import free_port, http_server

ROOT = Path(__file__).resolve().parents[2]
SECRETS = ("PINTEREST_ACCESS_TOKEN", "PINTEREST_REFRESH_TOKEN", "PINTEREST_APP_SECRET", TOKEN_ENV)


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the final stage, continuation lines joined, comments dropped."""
    source = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    text = re.sub(r"\\\n", " ", "\n".join(line for line in source if not line.lstrip().startswith("#")))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    parsed = [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]
    last_from = max(i for i, (name, _) in enumerate(parsed) if name == "FROM")
    return parsed[last_from:]


def one(name: str) -> str:
    (found,) = [args for instruction, args in instructions() if instruction == name]
    return found


def env() -> dict[str, str]:
    pairs = shlex.split(" ".join(args for name, args in instructions() if name == "ENV"))
    return dict(pair.split("=", 1) for pair in pairs)


def healthcheck_command() -> list[str]:
    args = one("HEALTHCHECK")
    command: list[str] = json.loads(args[args.index("CMD") + 3 :].strip())
    return command


def test_the_image_is_slim_and_runs_as_a_user_not_root() -> None:
    steps = instructions()
    assert steps[0][1].startswith("python:") and "-slim" in steps[0][1]
    user_at = [i for i, (name, _) in enumerate(steps) if name == "USER"]
    assert user_at and steps[user_at[-1]][1] not in ("root", "0")
    assert all(i < user_at[-1] for i, (name, _) in enumerate(steps) if name == "RUN"), "RUN after USER runs as the user"


def test_config_and_data_are_volumes_the_server_uses() -> None:
    volumes = set(json.loads(one("VOLUME")))
    assert volumes == {"/config", "/data"}
    variables = env()
    assert variables["XDG_CONFIG_HOME"] == "/config" and variables["XDG_DATA_HOME"] == "/data"


def test_no_credential_is_baked_into_the_image() -> None:
    text = " ".join(args for name, args in instructions() if name in ("ENV", "ARG", "LABEL"))
    assert not [secret for secret in SECRETS if secret in text]


def test_the_default_command_serves_http_off_loopback_so_it_needs_the_token() -> None:
    entrypoint, command = json.loads(one("ENTRYPOINT")), json.loads(one("CMD"))
    assert entrypoint == ["pinterest-mcp"]
    args = parser().parse_args(command)
    assert (args.command, args.transport, args.host) == ("serve", "http", "0.0.0.0")
    with pytest.raises(ValueError, match=TOKEN_ENV):
        check_bind(args.host, None)
    assert f":{args.port}/healthz" in env()["PINTEREST_MCP_HEALTH_URL"]
    assert one("EXPOSE") == str(args.port)


async def run_healthcheck(url: str) -> int:
    command = healthcheck_command()
    assert command[0] == "python"
    environment = {**os.environ, "PINTEREST_MCP_HEALTH_URL": url}
    with anyio.fail_after(30):
        result = await anyio.run_process([sys.executable, *command[1:]], check=False, env=environment)
    return result.returncode


@pytest.mark.slow
@pytest.mark.anyio
async def test_the_healthcheck_passes_against_a_serving_server_and_fails_without_one() -> None:
    async with http_server("--http-token", "health-check-token-0123456789") as url:
        assert await run_healthcheck(url.replace("/mcp", "/healthz")) == 0
    assert await run_healthcheck(f"http://127.0.0.1:{free_port()}/healthz") != 0
