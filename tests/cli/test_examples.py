"""Every example script runs against the emulator, and every client config snippet resolves to a working command.

Snippets come from the JSON files in examples/, the bundle's manifest.json, and the README's
```json blocks and `claude mcp add` / `docker run` lines. What "resolved" means, per command:

- `uvx [--from SPEC] pinterest-mcp ARGS`: uv runs the console script named like the package, so
  pyproject.toml must name the project and its script `pinterest-mcp`; SPEC, when given, is the
  checkout placeholder `/absolute/path/to/pinterest-mcp`.
- `pinterest-mcp ARGS`: the console script on PATH after `pipx install`.
- `/absolute/path/to/pinterest-mcp/.venv/bin/pinterest-mcp ARGS` or `"$PWD/.venv/bin/pinterest-mcp"`: the
  checkout's venv script.
- `docker run [OPTIONS] pinterest-mcp ARGS`: the image the README builds (`docker build -t
  pinterest-mcp .`), whose ENTRYPOINT is `pinterest-mcp`.
- `uv run --directory ${__dirname} mcpb/server.py ARGS` (the bundle): `pinterest-mcp serve ARGS`.
- An HTTP snippet (`claude mcp add --transport http NAME URL [--header ...]`): the server's `/mcp` path and
  a bearer header (the `--http-token` mode), or no header at all for the connector (`--auth oauth`: the
  client finds the sign-in from the 401), whose origin a README `serve --auth oauth` command serves.

ARGS must parse with the real CLI. Each distinct stdio ARGS is then started with the console script
of the environment running the tests (what every install above provides) and a real MCP client
lists its tools and prompts.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters

from pinterest_mcp.cli.commands import parser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CHECKOUT = "/absolute/path/to/pinterest-mcp"
VENV_SCRIPTS = (f"{CHECKOUT}/.venv/bin/pinterest-mcp", "$PWD/.venv/bin/pinterest-mcp")
IMAGE = "pinterest-mcp"
SCRIPT = Path(sys.executable).with_name("pinterest-mcp")


@dataclass(frozen=True)
class Snippet:
    where: str
    command: str
    args: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    url: str | None = None
    headers: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return f"{self.where}: {self.url or shlex.join([self.command, *self.args])}"


def from_config(where: str, config: dict[str, Any]) -> list[Snippet]:
    """The stdio servers of a client config: `mcpServers` (Claude, Cursor) or `servers` (VS Code)."""
    servers = config.get("mcpServers") or config.get("servers") or {}
    return [
        Snippet(f"{where} [{name}]", s["command"], tuple(s.get("args", ())), tuple(s.get("env", {}).items()))
        for name, s in servers.items()
    ]


def readme_snippets() -> list[Snippet]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found: list[Snippet] = []
    for number, (language, body) in enumerate(re.findall(r"```(\w*)\n(.*?)```", text, flags=re.S)):
        if language == "json" and ('"mcpServers"' in body or '"servers"' in body):
            found += from_config(f"README.md block {number}", json.loads(body))
        if language != "bash":
            continue
        for line in re.sub(r"\\\n\s*", " ", body).splitlines():
            words = shlex.split(line, comments=True)
            if words[:3] == ["claude", "mcp", "add"]:
                found.append(claude_mcp_add(words[3:]))
            elif words[:2] == ["docker", "run"]:
                found.append(Snippet("README.md", "docker", tuple(words[1:])))
    return found


def claude_mcp_add(words: list[str]) -> Snippet:
    """`claude mcp add [-e K=V] [--transport T] [--header H] NAME (URL | -- COMMAND ARGS...)`."""
    env: list[tuple[str, str]] = []
    headers: list[str] = []
    positional: list[str] = []
    transport = "stdio"
    rest = words[words.index("--") + 1 :] if "--" in words else []
    options = words[: words.index("--")] if "--" in words else words
    i = 0
    while i < len(options):
        word = options[i]
        if word in ("-e", "--env"):
            name, _, value = options[i + 1].partition("=")
            env.append((name, value))
            i += 2
        elif word in ("-t", "--transport"):
            transport = options[i + 1]
            i += 2
        elif word in ("-H", "--header"):
            headers.append(options[i + 1])
            i += 2
        elif word in ("-s", "--scope"):
            i += 2
        else:
            positional.append(word)
            i += 1
    if transport != "stdio":
        return Snippet(f"README.md claude mcp add {positional[0]}", "", url=positional[1], headers=tuple(headers))
    return Snippet("README.md claude mcp add", rest[0], tuple(rest[1:]), tuple(env))


def bundle_snippet() -> Snippet:
    config = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))["server"]["mcp_config"]
    return Snippet("manifest.json", config["command"], tuple(config["args"]), tuple(config["env"].items()))


def all_snippets() -> list[Snippet]:
    found = [bundle_snippet(), *readme_snippets()]
    for path in sorted(EXAMPLES.glob("*.json")):
        found += from_config(f"examples/{path.name}", json.loads(path.read_text(encoding="utf-8")))
    return found


def docker_entrypoint_args(words: tuple[str, ...]) -> list[str]:
    """The arguments after the image of `docker run ...`, or the Dockerfile's CMD when there are none."""
    with_value = {"-e", "--env", "-v", "--volume", "-p", "--publish", "--name", "--env-file", "--network"}
    i = 1  # words[0] is "run"
    while words[i].startswith("-"):
        i += 2 if words[i] in with_value else 1
    assert words[i] == IMAGE, f"docker runs {words[i]!r}, not the image the README builds"
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    (entrypoint,) = re.findall(r"^ENTRYPOINT (.+)$", dockerfile, flags=re.M)
    assert json.loads(entrypoint) == ["pinterest-mcp"]
    if words[i + 1 :]:
        return list(words[i + 1 :])
    (cmd,) = re.findall(r"^CMD (.+)$", dockerfile, flags=re.M)
    return list(json.loads(cmd))


def resolve(snippet: Snippet) -> list[str]:
    """The `pinterest-mcp` arguments a snippet runs, after checking its command names this project."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    command, args = snippet.command, list(snippet.args)
    if command == "uvx":
        if args[0] == "--from":
            assert args[1] == CHECKOUT, f"uvx --from {args[1]}: use the checkout placeholder {CHECKOUT}"
            args = args[2:]
        assert args[0] == project["name"] == "pinterest-mcp" and args[0] in project["scripts"]
        return args[1:]
    if command == "pinterest-mcp":
        assert command in project["scripts"]
        return args
    if command in VENV_SCRIPTS:
        return args
    if command == "docker":
        return docker_entrypoint_args(tuple(args))
    if command == "uv":
        assert args[:3] == ["run", "--directory", "${__dirname}"]
        entry = ROOT / args[3]
        assert entry.is_file() and 'main(["serve", *sys.argv[1:]])' in entry.read_text(encoding="utf-8")
        return ["serve", *args[4:]]
    raise AssertionError(f"{snippet}: no known way to resolve {command!r}")


SNIPPETS = all_snippets()


def test_there_is_a_snippet_for_every_client_and_install() -> None:
    commands = {s.command for s in SNIPPETS}
    assert {"uvx", "docker", "uv", *VENV_SCRIPTS} <= commands
    wheres = " ".join(s.where for s in SNIPPETS)
    for name in ("claude_desktop_config", "claude_code.mcp", "cursor.mcp", "vscode.mcp", "claude mcp add"):
        assert name in wheres
    assert any(s.url for s in SNIPPETS), "the README shows an HTTP client for the container"


@pytest.mark.parametrize("snippet", SNIPPETS, ids=str)
def test_a_snippet_resolves_to_pinterest_mcp_arguments_the_cli_accepts(snippet: Snippet) -> None:
    if snippet.url is not None:
        assert snippet.url.endswith("/mcp")
        if not snippet.headers:  # a connector: OAuth, and a server the README starts at that public URL
            assert snippet.url.removesuffix("/mcp") in readme_public_urls(), snippet.url
            return
        assert any(h.startswith("Authorization: Bearer ") for h in snippet.headers)
        return
    args = resolve(snippet)
    parsed = parser().parse_args(args)
    assert parsed.command == "serve"
    assert all(
        not value or value.startswith("${") for name, value in snippet.env if "TOKEN" in name or "SECRET" in name
    )


def readme_public_urls() -> set[str]:
    """The `--public-url` of every `serve --auth oauth` command in the README's bash blocks."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found: set[str] = set()
    for body in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in re.sub(r"\\\n\s*", " ", body).splitlines():
            words = shlex.split(line, comments=True)
            if words[:2] == ["pinterest-mcp", "serve"]:
                args = parser().parse_args(words[1:])
                if args.auth == "oauth":
                    found.add(args.public_url)
    return found


def readme_uvx_commands() -> list[list[str]]:
    """Every `uvx ...` the README shows, in a bash block or inline code, as words."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = re.findall(r"^uvx [^\n]*", text, flags=re.M) + re.findall(r"`(uvx [^`]*)`", text)
    return [shlex.split(line, comments=True) for line in lines]


def test_every_uvx_command_in_the_readme_is_one_the_cli_accepts() -> None:
    commands = readme_uvx_commands()
    assert len(commands) >= 4  # the install table, the checkout variant, sign-in
    for words in commands:
        args = resolve(Snippet("README.md", "uvx", tuple(words[1:])))
        parser().parse_args(args)


def isolated_env(tmp: Path, snippet_env: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    """This environment without credentials, with throwaway config and data directories and no keyring."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINTEREST_")}
    env.update(
        {
            "XDG_CONFIG_HOME": str(tmp / "config"),
            "XDG_DATA_HOME": str(tmp / "data"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
    )
    env.update({name: "" if "${" in value else value for name, value in snippet_env})
    return env


def stdio_commands() -> list[tuple[str, ...]]:
    """The distinct stdio `serve` arguments of the snippets (the container's HTTP default is tested in test_docker)."""
    resolved = {tuple(resolve(s)) for s in SNIPPETS if s.url is None}
    return sorted(args for args in resolved if parser().parse_args(args).transport == "stdio")


@pytest.mark.slow
@pytest.mark.anyio
@pytest.mark.parametrize("args", stdio_commands(), ids=" ".join)
async def test_each_distinct_snippet_command_serves_tools_and_prompts(args: tuple[str, ...], tmp_path: Path) -> None:
    env = isolated_env(tmp_path, next(s.env for s in SNIPPETS if s.url is None and tuple(resolve(s)) == args))
    params = StdioServerParameters(command=str(SCRIPT), args=[*args, "--log-level", "ERROR"], env=env)
    with anyio.fail_after(60):
        async with Client(params) as client:
            tools = (await client.list_tools()).tools
            prompts = (await client.list_prompts()).prompts
    assert "list_ad_accounts" in {t.name for t in tools}
    assert prompts


EXAMPLE_RUNS: dict[str, tuple[list[str], tuple[str, ...]]] = {
    "weekly_report.py": ([], ("vs the 7 days before", "USD", "EUR", "total")),
    "pause_non_converting.py": (["--yes"], ("spent without converting", "plan: pause_ad_groups", "applied")),
    "board_from_images.py": (["--yes"], ("plan: create_board", "plan: create_pin", "now has 3 Pin(s)")),
    "report_to_csv.py": (["--out", "report.csv"], ("wrote", "rows to report.csv")),
}


def test_every_example_script_is_run_below() -> None:
    assert set(EXAMPLE_RUNS) == {p.name for p in EXAMPLES.glob("*.py")}


@pytest.mark.slow
@pytest.mark.anyio
@pytest.mark.parametrize("name", sorted(EXAMPLE_RUNS))
async def test_an_example_runs_against_the_emulator(name: str, tmp_path: Path) -> None:
    args, expected = EXAMPLE_RUNS[name]
    with anyio.fail_after(120):
        result = await anyio.run_process(
            [sys.executable, str(EXAMPLES / name), *args], cwd=tmp_path, env=isolated_env(tmp_path), check=False
        )
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    for fragment in expected:
        assert fragment in out, f"{name}: {fragment!r} not in\n{out}"
    if name == "report_to_csv.py":
        header, *rows = (tmp_path / "report.csv").read_text(encoding="utf-8").splitlines()
        assert header.startswith("DATE,CAMPAIGN_ID") and rows


@pytest.mark.slow
@pytest.mark.anyio
async def test_pausing_without_approval_writes_nothing(tmp_path: Path) -> None:
    """No terminal and no --yes: the script shows what it found and stops before planning any write."""
    with anyio.fail_after(120):
        result = await anyio.run_process(
            [sys.executable, str(EXAMPLES / "pause_non_converting.py")], cwd=tmp_path, env=isolated_env(tmp_path)
        )
    out = result.stdout.decode()
    assert "spent without converting" in out and "pass --yes to approve" in out and "applied" not in out


def test_the_bundle_manifest_matches_the_project() -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert manifest["manifest_version"] == "0.4" and manifest["server"]["type"] == "uv"
    assert (manifest["name"], manifest["version"]) == (project["name"], project["version"])
    assert (ROOT / manifest["server"]["entry_point"]).is_file()
    source = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "pinterest_mcp").rglob("*.py"))
    for variable, value in manifest["server"]["mcp_config"]["env"].items():
        assert variable.removeprefix("PINTEREST_").removeprefix("MCP_") in source, f"nothing reads {variable}"
        (key,) = re.findall(r"\$\{user_config\.(\w+)\}", value)
        assert key in manifest["user_config"]
    for name, option in manifest["user_config"].items():
        assert option["type"] == "string" and option["title"] and option["description"], name
        assert option.get("sensitive", False) == any(w in name for w in ("token", "secret")), name
