"""The README's "Run it for your team": its commands work as written, and `examples/team` is consistent.

There is no Docker daemon or Compose here, so the compose file is read as data and checked against
the CLI that its replicas run (their `serve` command parses, their variables are the ones the code
reads, the proxy they trust is the proxy the file starts, the port haproxy balances over is theirs);
`docker compose config` and `haproxy -c` run too wherever they are installed. The README's commands
that can run here do: the vault-key line, the `.env` block, the SQLite `serve` and the `--demo` one
(each started for real, asked for its OAuth metadata, then stopped).
"""

from __future__ import annotations

import ipaddress
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import anyio
import httpx
import pytest
import yaml

from pinterest_mcp.auth.vault import KEYS_ENV, KEYS_FILE_ENV, Vault
from pinterest_mcp.cli.commands import parser
from pinterest_mcp.config.settings import Settings, parse_proxies
from pinterest_mcp.server.connector.run import APP_ID_ENV, APP_SECRET_ENV, check_public_url, connector_config
from support.connector import MAX_REDIRECTS, REDIRECT_URI, exchange, pkce, read_form, register
from support.fakes import free_port

ROOT = Path(__file__).resolve().parents[2]
TEAM = ROOT / "examples" / "team"
BIN = Path(sys.executable).parent
VARIABLE = re.compile(r"\$\{(\w+)(?::?[?-][^}]*)?\}")
EXAMPLE_ENV = {
    "PUBLIC_URL": "https://mcp.example.com",
    "PINTEREST_APP_ID": "your-app-id",
    "PINTEREST_APP_SECRET": "your-app-secret",
    "PINTEREST_MCP_VAULT_KEYS": "k",
    "POSTGRES_PASSWORD": "p",
}
SPOOFED = "203.0.113.7"


def team_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Run it for your team")
    return text[start : text.index("\n## ", start + 1)]


def bash_blocks() -> list[list[str]]:
    """The section's bash blocks, as lines with continuations joined."""
    blocks = re.findall(r"```bash\n(.*?)```", team_section(), flags=re.S)
    return [re.sub(r"\\\n\s*", " ", block).strip().splitlines() for block in blocks]


def block_with(fragment: str) -> list[str]:
    (block,) = [b for b in bash_blocks() if any(fragment in line for line in b)]
    return block


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((TEAM / "compose.yaml").read_text(encoding="utf-8"))
    return loaded


def interpolate(value: str, env: dict[str, str]) -> str:
    return VARIABLE.sub(lambda m: env[m.group(1)], value)


def required_variables() -> set[str]:
    return set(VARIABLE.findall((TEAM / "compose.yaml").read_text(encoding="utf-8")))


def connector_args(env: dict[str, str] = EXAMPLE_ENV) -> Any:
    command = [interpolate(str(word), env) for word in compose()["services"]["connector"]["command"]]
    return parser().parse_args(command)


def haproxy_lines() -> list[str]:
    text = (TEAM / "haproxy.cfg").read_text(encoding="utf-8")
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def test_the_compose_file_runs_postgres_two_replicas_of_the_image_and_one_proxy() -> None:
    services = compose()["services"]
    assert set(services) == {"postgres", "connector", "proxy"}
    connector = services["connector"]
    assert connector["deploy"]["replicas"] >= 2
    assert (TEAM / connector["build"]).resolve() == ROOT and (ROOT / "Dockerfile").is_file()
    assert connector["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "healthcheck" in services["postgres"]
    # Only the proxy is reachable from outside, and on loopback until a TLS terminator is put in front.
    assert [name for name, s in services.items() if "ports" in s] == ["proxy"]
    (published,) = services["proxy"]["ports"]
    assert published.startswith("127.0.0.1:")
    mount = next(v for v in services["proxy"]["volumes"] if "haproxy.cfg" in v)
    assert (TEAM / mount.split(":")[0]).resolve() == TEAM / "haproxy.cfg"


def test_each_replica_runs_a_connector_on_postgres_that_trusts_only_the_proxy() -> None:
    file = compose()
    services, args = file["services"], connector_args()
    assert (args.command, args.transport, args.auth, args.host) == ("serve", "http", "oauth", "0.0.0.0")
    assert check_public_url(args.public_url) == EXAMPLE_ENV["PUBLIC_URL"]

    proxy_address = services["proxy"]["networks"]["team"]["ipv4_address"]
    (subnet,) = [c["subnet"] for c in file["networks"]["team"]["ipam"]["config"]]
    assert parse_proxies(args.trusted_proxies, "--trusted-proxies") == (proxy_address,)
    assert ipaddress.ip_address(proxy_address) in ipaddress.ip_network(subnet)

    store = urlsplit(args.store)
    postgres = services["postgres"]["environment"]
    assert (store.scheme, store.hostname, store.port) == ("postgresql", "postgres", 5432)
    assert store.username == postgres["POSTGRES_USER"] and store.path == f"/{postgres['POSTGRES_DB']}"
    assert store.password is None  # not in `ps`: libpq reads PGPASSWORD
    environment = services["connector"]["environment"]
    assert VARIABLE.findall(environment["PGPASSWORD"]) == VARIABLE.findall(postgres["POSTGRES_PASSWORD"])

    # The variables are the ones the code reads, and with them the connector's settings are complete.
    assert {APP_ID_ENV, APP_SECRET_ENV, KEYS_ENV} <= set(environment)
    values = {name: interpolate(str(value), EXAMPLE_ENV) for name, value in environment.items()}
    config = connector_config(Settings(), args.public_url, values)
    assert config.pinterest_app_id == "your-app-id"


def test_haproxy_balances_over_the_replicas_port_checks_health_and_sets_the_forwarded_headers() -> None:
    lines, args = haproxy_lines(), connector_args()
    (published,) = compose()["services"]["proxy"]["ports"]
    assert f"bind :{published.rsplit(':', 1)[1]}" in lines
    (template,) = [line.split() for line in lines if line.startswith("server-template")]
    assert template[3] == f"connector:{args.port}"
    assert "balance roundrobin" in lines and "option httpchk GET /healthz" in lines
    assert "http-request set-header X-Forwarded-For %[src]" in lines  # a client's own header is replaced


def test_haproxy_accepts_the_config() -> None:
    haproxy = shutil.which("haproxy")
    if haproxy is None:
        if os.environ.get("CI"):
            pytest.fail("haproxy is not installed (.ci/run installs it)")
        pytest.skip("haproxy is not installed")
    checked = subprocess.run(
        [haproxy, "-c", "-f", str(TEAM / "haproxy.cfg")], capture_output=True, text=True, timeout=30, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def isolated_env(tmp: Path) -> dict[str, str]:
    """This environment without PINTEREST_* variables, with its own data directory and this venv first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINTEREST_")}
    env.update(
        {
            "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
            "HOME": str(tmp),
            "XDG_CONFIG_HOME": str(tmp / "config"),
            "XDG_DATA_HOME": str(tmp / "data"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
    )
    return env


def run_bash(lines: list[str], cwd: Path) -> None:
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", "\n".join(lines)],
        cwd=cwd,
        env=isolated_env(cwd),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_the_readme_env_block_writes_every_variable_the_compose_file_needs(tmp_path: Path) -> None:
    shutil.copytree(TEAM, tmp_path / "examples" / "team")
    block = block_with("> .env")
    run_bash([line for line in block if not line.startswith("docker ")], tmp_path)
    written = tmp_path / "examples" / "team" / ".env"
    values = dict(line.split("=", 1) for line in written.read_text(encoding="utf-8").splitlines())

    assert set(values) == required_variables() and all(values.values())
    assert stat.S_IMODE(written.stat().st_mode) == 0o600  # it holds the app secret and the vault key
    Vault([values[KEYS_ENV]]).seal(b"a key the vault takes")
    args = connector_args(values)
    assert args.public_url == values["PUBLIC_URL"]
    assert next(line for line in block if line.startswith("docker ")) == "docker compose up -d --build"
    if subprocess.run(["docker", "compose", "version"], capture_output=True, check=False).returncode == 0:
        run_bash(["docker compose config --quiet"], tmp_path / "examples" / "team")


@pytest.mark.slow
def test_the_readme_key_rotation_puts_a_new_key_first_and_keeps_the_old_one(tmp_path: Path) -> None:
    (make,) = [line for line in block_with("PINTEREST_MCP_VAULT_KEYS_FILE") if line.endswith("> vault.keys")]
    run_bash([make], tmp_path)
    keys = tmp_path / "vault.keys"
    sealed = Vault.from_env({KEYS_FILE_ENV: str(keys)}).seal(b"tokens sealed before the rotation")
    run_bash(block_with("vault.keys.new"), tmp_path)
    rotated = Vault.from_env({KEYS_FILE_ENV: str(keys)})

    # What the store holds opens with the old key, second now, and is resealed with the new one.
    assert rotated.open(sealed) == b"tokens sealed before the rotation" and not rotated.sealed_with_current(sealed)
    assert rotated.sealed_with_current(rotated.reseal(sealed))
    assert len(keys.read_text(encoding="utf-8").split()) == 2
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600 and not (tmp_path / "vault.keys.new").exists()


@asynccontextmanager
async def started(lines: list[str], cwd: Path, port: int) -> AsyncIterator[tuple[str, list[str]]]:
    """Run a README block whose last line is `pinterest-mcp serve ...` on `port`; yield its URL and its output."""
    *setup, serve = lines
    assert serve.startswith("pinterest-mcp serve ")
    script = "\n".join([*setup, f"exec {serve.replace(':8000', f':{port}')} --port {port} --log-level INFO"])
    output: list[str] = []
    base = f"http://127.0.0.1:{port}"
    async with await anyio.open_process(
        ["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=isolated_env(cwd), stderr=subprocess.STDOUT
    ) as process:

        async def read() -> None:
            assert process.stdout is not None
            async for chunk in process.stdout:
                output.append(chunk.decode(errors="replace"))

        async with anyio.create_task_group() as group:
            group.start_soon(read)
            try:
                with anyio.fail_after(30):
                    async with httpx.AsyncClient() as http:
                        while True:  # bounded by fail_after: until the server answers
                            try:
                                if (await http.get(f"{base}/healthz")).status_code == 200:
                                    break
                            except httpx.ConnectError:
                                assert process.returncode is None, "".join(output)
                                await anyio.sleep(0.05)
                yield base, output
            finally:
                process.terminate()
                with anyio.fail_after(10):
                    await process.wait()
                group.cancel_scope.cancel()


async def metadata(http: httpx.AsyncClient, base: str) -> tuple[str, str]:
    """The resource metadata URL a 401 on `/mcp` names, and the authorization server's issuer."""
    refused = await http.post(f"{base}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    assert refused.status_code == 401
    (named,) = re.findall(r'resource_metadata="([^"]+)"', refused.headers["www-authenticate"])
    issuer = (await http.get(f"{base}/.well-known/oauth-authorization-server")).json()["issuer"]
    return named, str(issuer)


@pytest.mark.slow
@pytest.mark.anyio
async def test_the_readme_sqlite_command_serves_the_connector_and_ignores_spoofed_forwarding(tmp_path: Path) -> None:
    block = block_with("--store")
    async with started(block, tmp_path, free_port()) as (base, output):
        async with httpx.AsyncClient() as http:
            named, issuer = await metadata(http, base)
            spoofed = await http.get(f"{base}/healthz?spoofed", headers={"X-Forwarded-For": SPOOFED})
            assert spoofed.status_code == 200
        with anyio.fail_after(10):
            while "/healthz?spoofed" not in "".join(output):
                await anyio.sleep(0.02)  # bounded: until the access log has the spoofed request's line

    logged = "".join(output)
    (line,) = [line for line in logged.splitlines() if "/healthz?spoofed" in line]
    assert named == "https://mcp.example.com/.well-known/oauth-protected-resource/mcp"
    assert issuer == "https://mcp.example.com"
    assert SPOOFED not in line and "127.0.0.1:" in line  # no --trusted-proxies: the peer's own address
    assert stat.S_IMODE((tmp_path / "vault.keys").stat().st_mode) == 0o600
    assert (tmp_path / "connector.db").is_file()
    Vault.from_env({KEYS_FILE_ENV: str(tmp_path / "vault.keys")})
    assert "your-app-secret" not in logged


@pytest.mark.slow
@pytest.mark.anyio
async def test_the_readme_demo_command_signs_a_person_in_at_the_emulator_end_to_end(tmp_path: Path) -> None:
    block = block_with("--demo")
    serve = [line for line in block if line.startswith("pinterest-mcp serve")]
    add = [shlex.split(line) for line in block if line.startswith("claude mcp add")]
    port = free_port()
    async with started(serve, tmp_path, port) as (base, _), httpx.AsyncClient(base_url=base) as http:
        named, issuer = await metadata(http, base)
        client_id = await register(http)
        verifier, challenge = pkce()
        query = {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": REDIRECT_URI,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "state": "s",
            "resource": f"{base}/mcp",
        }
        page = await http.get("/authorize", params=query)
        for _ in range(MAX_REDIRECTS):  # to Pinterest's (the emulator's) sign-in, and back to the consent page
            if page.status_code not in (302, 303):
                break
            page = await http.get(page.headers["location"])
        form = read_form(page.text)
        fields = [*form.fields, *([form.button] if form.button else [])]
        approved = await http.post(urljoin(str(page.url), form.action), data=dict(fields))
        code = parse_qs(urlsplit(approved.headers["location"]).query)["code"][0]
        access = (await exchange(http, client_id, code, verifier)).json()["access_token"]
        tools = await http.post(
            "/mcp",
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}},
            headers={
                "Authorization": f"Bearer {access}",
                "Accept": "application/json, text/event-stream",
                "MCP-Protocol-Version": "2025-06-18",
            },
        )

    assert issuer == base and named == f"{base}/.well-known/oauth-protected-resource/mcp"
    assert page.status_code == 200 and "Connect Pinterest" in page.text
    assert approved.status_code == 303
    assert tools.status_code == 200 and '"tools":[{"' in tools.text  # the signed-in person's tools
    assert [words[-1].replace(":8000", f":{port}") for words in add] == [f"{base}/mcp"]
