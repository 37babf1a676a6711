"""The install commands the README documents work as written, from a fresh wheel, in a scratch directory.

No release is on the package index, so the README installs from the checkout: `uvx --from CHECKOUT`
and `pipx install PATH`. These tests build the wheel the way a release would (`pip wheel . --no-deps`),
start the server through each documented command with every uv/pipx directory in a temporary folder,
and complete an MCP `initialize` + `tools/list` over stdio. uv and pipx come with the `test` extra,
so CI (which installs `.[test]`) always runs them; a developer venv without them skips.

The dependencies are resolved through the package registry as this machine configures it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import anyio
import pytest
from mcp import Client, StdioServerParameters

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHECKOUT = "/absolute/path/to/pinterest-mcp"
WAIT = 90  # seconds for one install and start: a cold uv cache downloads the dependencies


def tool(name: str) -> Path:
    """uv's or pipx's script beside this Python; missing only outside CI (the test extra installs both)."""
    path = BIN / name
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed beside {sys.executable}: the `test` extra must list it")
        pytest.skip(f"{name} not installed (pip install '.[test]')")
    return path


def scratch_env(tmp: Path) -> dict[str, str]:
    """This environment with no credentials, and uv's, pipx's, config and data directories under tmp."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PINTEREST_", "UV_", "PIPX_", "VIRTUAL_ENV"))}
    env.update(
        {
            "XDG_CONFIG_HOME": str(tmp / "config"),
            "XDG_DATA_HOME": str(tmp / "data"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "UV_CACHE_DIR": str(tmp / "uv-cache"),
            "UV_TOOL_DIR": str(tmp / "uv-tools"),
            "UV_TOOL_BIN_DIR": str(tmp / "uv-bin"),
            "PIPX_HOME": str(tmp / "pipx"),
            "PIPX_BIN_DIR": str(tmp / "pipx-bin"),
            "PIPX_MAN_DIR": str(tmp / "pipx-man"),
        }
    )
    return env


def build_wheel(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--quiet", "-w", str(out)],
        check=True,
        timeout=WAIT,
        cwd=out,
    )
    (wheel,) = out.glob("pinterest_mcp-*.whl")
    return wheel


async def list_tools_over_stdio(command: Path, args: list[str], env: dict[str, str], cwd: Path) -> set[str]:
    """Start the server as a client config would and return the names tools/list gives."""
    params = StdioServerParameters(command=str(command), args=[*args, "--log-level", "ERROR"], env=env, cwd=cwd)
    with anyio.fail_after(WAIT):
        async with Client(params) as client:
            return {t.name for t in (await client.list_tools()).tools}


@pytest.mark.slow
@pytest.mark.anyio
async def test_uvx_from_the_checkout_serves_the_demo(tmp_path: Path) -> None:
    """`uvx --from CHECKOUT pinterest-mcp serve --demo`, the README's first install, with an empty uv cache."""
    uvx = tool("uvx")
    names = await list_tools_over_stdio(
        uvx, ["--from", str(ROOT), "pinterest-mcp", "serve", "--demo"], scratch_env(tmp_path), tmp_path
    )
    assert "list_ad_accounts" in names


@pytest.mark.slow
@pytest.mark.anyio
async def test_uvx_from_the_built_wheel_serves_the_demo(tmp_path: Path) -> None:
    """The wheel a release would upload carries the package, its data files and the console script."""
    uvx = tool("uvx")
    wheel = build_wheel(tmp_path / "dist")
    names = await list_tools_over_stdio(
        uvx, ["--from", str(wheel), "pinterest-mcp", "serve", "--demo"], scratch_env(tmp_path), tmp_path
    )
    assert "list_ad_accounts" in names


@pytest.mark.slow
@pytest.mark.anyio
async def test_pipx_install_of_the_wheel_puts_a_working_command_on_the_path(tmp_path: Path) -> None:
    pipx = tool("pipx")
    env = scratch_env(tmp_path)
    wheel = build_wheel(tmp_path / "dist")
    with anyio.fail_after(WAIT):
        installed = await anyio.run_process([str(pipx), "install", str(wheel)], env=env, cwd=tmp_path, check=False)
    assert installed.returncode == 0, installed.stderr.decode()[-3000:]
    script = Path(env["PIPX_BIN_DIR"]) / "pinterest-mcp"
    assert script.is_file()
    names = await list_tools_over_stdio(script, ["serve", "--demo"], env, tmp_path)
    assert "list_ad_accounts" in names


def documented_text() -> str:
    files = [ROOT / "README.md", *sorted(p for p in (ROOT / "examples").rglob("*") if p.is_file())]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def test_no_snippet_installs_by_the_bare_index_name_before_a_release() -> None:
    """Until a release is published, `uvx pinterest-mcp` and `pipx install pinterest-mcp` fail as written."""
    text = documented_text()
    bare = re.findall(r'uvx pinterest-mcp|pipx install pinterest-mcp\b|"uvx",\s*"args":\s*\["pinterest-mcp"', text)
    assert not bare, f"snippets name the package index, where no release is: {bare}"
    assert f"uvx --from {CHECKOUT} pinterest-mcp serve" in text
    assert f"pipx install {CHECKOUT}" in text
    assert "Not on the package index yet" in text
