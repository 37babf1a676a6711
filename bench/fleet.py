"""A connector fleet of real processes: one emulator, N `serve --auth oauth` replicas, one haproxy in front.

Shared by the fleet tests (tests/server/connector/test_connector_fleet.py) and `bench/connector_load.py`:

- the emulator is `bench/fleet_emulator.py` (Pinterest's OAuth on, two Pinterest users, a control room);
- each replica is `python -m pinterest_mcp serve --transport http --auth oauth --public-url <proxy>
  --store <url>`, pointed at the emulator by `PINTEREST_API_BASE_URL` and `PINTEREST_AUTHORIZE_URL`,
  with the emulator's app id and secret and one vault key for all (what real replicas share);
- haproxy (Debian's) balances round-robin over them; a request with `X-Replica: rN` goes to replica N
  (so a test can present one thing to each replica at once, or kill the one serving a call), and
  every answer names the replica that gave it in `X-Replica`.

Every port is a free loopback port; every wait is bounded; every process is stopped (killed if it
will not stop) when the block ends. `NetBrowser` signs a user in over real HTTP (the emulator's
consent approves at once; `user=` picks the Pinterest user), `mint_grants` adds grants to the store
directly for load runs.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import anyio
import httpx
from anyio.abc import Process

from pinterest_mcp.auth.vault import new_key

PYTHON = sys.executable
HERE = Path(__file__).resolve().parent
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 5.0
POLL_S = 0.02
APP_ID, APP_SECRET = "1234567", "emulator-secret"  # the emulator's registered app (pinterest_mcp.emulator.oauth)
PINTEREST_USERS = ("", "northwindtrail")
"""The emulator's two Pinterest users as `user=` on its consent page ("" signs in its first user)."""
REDIRECT_URI = "http://127.0.0.1:9/callback"
HAPROXY_HINT = "haproxy is missing: install it (apt-get install -y haproxy)"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def haproxy() -> str | None:
    return shutil.which("haproxy") or next((p for p in ("/usr/sbin/haproxy",) if Path(p).exists()), None)


@dataclass
class Replica:
    name: str
    port: int
    process: Process
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Fleet:
    """The running fleet: where the proxy (the public URL) and the emulator are, and the replicas."""

    public_url: str
    emulator_url: str
    store_url: str
    vault_key: str
    replicas: list[Replica] = field(default_factory=list)
    http: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient(timeout=30.0))

    @property
    def mcp_url(self) -> str:
        return f"{self.public_url}/mcp"

    async def control(self, action: str, **params: Any) -> dict[str, Any]:
        """A control-room call at the emulator (`fleet_emulator.py`); GET for reads, POST for changes."""
        url = f"{self.emulator_url}/__fleet/{action}"
        method = "GET" if action in ("log", "held") else "POST"
        answer = await self.http.request(method, url, params=params)
        answer.raise_for_status()
        body: dict[str, Any] = answer.json()
        return body

    async def kill(self, replica: Replica) -> None:
        """SIGKILL: no shutdown, no finishing what it was doing (a crashed replica)."""
        replica.process.send_signal(signal.SIGKILL)
        with anyio.fail_after(STOP_TIMEOUT_S):
            await replica.process.wait()

    def rss_mb(self) -> dict[str, float]:
        """Each live replica's resident memory in MB, from /proc (empty where there is none)."""
        found: dict[str, float] = {}
        for replica in self.replicas:
            try:
                status = Path(f"/proc/{replica.process.pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    found[replica.name] = round(int(line.split()[1]) / 1024, 1)
        return found


def replica_env(base: Mapping[str, str], emulator_url: str, vault_key: str, data: Path) -> dict[str, str]:
    """A replica's environment: the emulator as Pinterest (API, token and consent page), the shared vault key."""
    env = {k: v for k, v in base.items() if not k.startswith(("PINTEREST_API", "PINTEREST_ADS", "PINTEREST_APP"))}
    env.pop("PINTEREST_MCP_VAULT_KEYS_FILE", None)
    env.update(
        {
            "PINTEREST_API_BASE_URL": f"{emulator_url}/v5",
            "PINTEREST_AUTHORIZE_URL": f"{emulator_url}/oauth/",
            "PINTEREST_APP_ID": APP_ID,
            "PINTEREST_APP_SECRET": APP_SECRET,
            "PINTEREST_MCP_VAULT_KEYS": vault_key,
            "XDG_DATA_HOME": str(data),
            "XDG_CONFIG_HOME": str(data),
            "PINTEREST_MCP_LOG_LEVEL": "WARNING",
        }
    )
    return env


BALANCES = {"roundrobin": "roundrobin", "grant": "hdr(authorization)"}
"""haproxy's balancing: round-robin, or `grant`: by the bearer token (consistent hashing), so each grant's
requests go to one replica and only that one builds and caches its server."""


def haproxy_config(port: int, replicas: list[tuple[str, int]], balance: str = "roundrobin") -> str:
    """`balance` over the replicas (`BALANCES`); `X-Replica: rN` picks one; answers name who served them."""
    lines = [
        "global",
        "  maxconn 4096",
        "defaults",
        "  mode http",
        "  timeout connect 2s",
        "  timeout client 60s",
        "  timeout server 60s",
        "  retries 2",
        "  option redispatch",
        # A new connection to the replica per request: uvicorn drops idle keep-alive connections after
        # 5 s, and a request haproxy sent on one it was just dropping got no answer (seen under load).
        "  option http-server-close",
        "frontend public",
        f"  bind 127.0.0.1:{port}",
        "  default_backend replicas",
        "backend replicas",
        f"  balance {BALANCES[balance]}",
        *(["  hash-type consistent"] if balance != "roundrobin" else []),
        "  http-response set-header X-Replica %[srv_name]",
    ]
    lines += [f"  use-server {name} if {{ req.hdr(x-replica) -m str {name} }}" for name, _ in replicas]
    lines += [f"  server {name} 127.0.0.1:{p} check inter 500ms fall 1 rise 1" for name, p in replicas]
    return "\n".join(lines) + "\n"


async def _stop(process: Process) -> None:
    if process.returncode is None:
        process.terminate()
        with anyio.move_on_after(STOP_TIMEOUT_S) as waiting:
            await process.wait()
        if waiting.cancelled_caught:
            process.kill()
            await process.wait()
    await process.aclose()


async def start_process(stack: AsyncExitStack, command: list[str], env: Mapping[str, str], log: Path) -> Process:
    sink = stack.enter_context(log.open("wb"))
    process = await anyio.open_process(command, stdin=subprocess.DEVNULL, stdout=sink, stderr=sink, env=dict(env))
    stack.push_async_callback(_stop, process)
    return process


async def wait_ready(http: httpx.AsyncClient, url: str, process: Process, log: Path) -> None:
    """Poll `url` until it answers 200 (bounded by the caller's deadline); fail at once if the process ended."""
    while True:
        if process.returncode is not None:
            raise RuntimeError(f"{url} stopped before it answered:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            if (await http.get(url)).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await anyio.sleep(POLL_S)


@asynccontextmanager
async def fleet(store_url: str, scratch: Path, count: int = 3, *, balance: str = "roundrobin") -> AsyncIterator[Fleet]:
    """Start the emulator, `count` replicas on `store_url` and haproxy (`balance`); yield once all answer; stop all."""
    proxy = haproxy()
    if proxy is None:
        raise RuntimeError(HAPROXY_HINT)
    emulator_port, proxy_port = free_port(), free_port()
    found = Fleet(f"http://127.0.0.1:{proxy_port}", f"http://127.0.0.1:{emulator_port}", store_url, new_key())
    async with AsyncExitStack() as stack:
        stack.push_async_callback(found.http.aclose)
        env = dict(os.environ)
        emulator_log = scratch / "emulator.log"
        command = [PYTHON, str(HERE / "fleet_emulator.py"), "--port", str(emulator_port)]
        emulator = await start_process(stack, command, env, emulator_log)
        for i in range(count):
            name, port = f"r{i}", free_port()
            data = scratch / name
            data.mkdir(parents=True, exist_ok=True)
            serve = [PYTHON, "-m", "pinterest_mcp", "serve", "--transport", "http", "--auth", "oauth"]
            serve += ["--public-url", found.public_url, "--store", store_url, "--port", str(port)]
            log = data / "serve.log"
            process = await start_process(
                stack, serve, replica_env(env, found.emulator_url, found.vault_key, data), log
            )
            found.replicas.append(Replica(name, port, process, log))
        config = scratch / "haproxy.cfg"
        config.write_text(haproxy_config(proxy_port, [(r.name, r.port) for r in found.replicas], balance))
        proxy_log = scratch / "haproxy.log"
        proxy_process = await start_process(stack, [proxy, "-db", "-f", str(config)], env, proxy_log)
        with anyio.fail_after(START_TIMEOUT_S):
            await wait_ready(found.http, f"{found.emulator_url}/__fleet/held", emulator, emulator_log)
            for r in found.replicas:
                await wait_ready(found.http, f"{r.url}/healthz", r.process, r.log)
            await wait_ready(found.http, f"{found.public_url}/healthz", proxy_process, proxy_log)
            for r in found.replicas:  # haproxy's own checks see each one up before the fleet is used
                while (await found.http.get(f"{found.public_url}/healthz", headers={"X-Replica": r.name})).headers.get(
                    "x-replica"
                ) != r.name:
                    await anyio.sleep(POLL_S)
        yield found


# ----- signing in over real HTTP ------------------------------------------------------------------


class _Form(HTMLParser):
    """The consent form as a browser submits it unchanged: action, hidden fields, ticked boxes, first button."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: list[tuple[str, str]] = []
        self.button: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.action = a.get("action", "")
        elif tag == "input":
            kind = a.get("type", "text")
            if kind == "hidden" or (kind in ("checkbox", "radio") and "checked" in a):
                self.fields.append((a.get("name", ""), a.get("value", "")))
        elif tag == "button" and self.button is None:
            self.button = (a.get("name", ""), a.get("value", ""))


@dataclass
class NetBrowser:
    """A browser over real HTTP: follows redirects through the proxy and the emulator, keeps cookies, consents.

    `pinterest_user` is typed at the emulator's sign-in (`user=`); `change` replaces consent fields
    (`{"mode": ["write"]}` approves writes).
    """

    public_url: str
    emulator_url: str
    pinterest_user: str = ""
    change: dict[str, list[str]] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    async def consent(self, authorize_url: str) -> str:
        """Sign in and approve; the URL the server sends the browser back to the client with."""
        async with httpx.AsyncClient(timeout=30.0, headers=self.headers) as http:
            page = await self._follow(http, authorize_url)
            if page.status_code != 200:
                raise RuntimeError(f"sign-in stopped at {page.status_code}: {page.text[:500]}")
            form = _Form()
            form.feed(page.text)
            fields = [(n, v) for n, v in form.fields if n not in self.change]
            fields += [(n, v) for n, values in self.change.items() for v in values]
            if form.button:
                fields.append(form.button)
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            answer = await http.post(urljoin(str(page.url), form.action), content=urlencode(fields), headers=headers)
            location = str(answer.headers.get("location", ""))
            if answer.status_code not in (302, 303) or not location.startswith(REDIRECT_URI):
                raise RuntimeError(f"consent answered {answer.status_code}: {answer.text[:500]}")
            return location

    async def _follow(self, http: httpx.AsyncClient, url: str) -> httpx.Response:
        answer = await http.get(url)
        for _ in range(10):
            if answer.status_code not in (302, 303, 307):
                return answer
            location = urljoin(str(answer.url), answer.headers["location"])
            if location.startswith(f"{self.emulator_url}/oauth/") and self.pinterest_user:
                location += "&" + urlencode({"user": self.pinterest_user})
            if not location.startswith((self.public_url, self.emulator_url)):
                return answer
            answer = await http.get(location)
        raise RuntimeError("too many redirects")


def code_of(location: str) -> tuple[str, str | None, str | None]:
    """The code, state and iss of a redirect back to the client."""
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    return query["code"], query.get("state"), query.get("iss")


# ----- grants minted in the store (load runs) ----------------------------------------------------


async def mint_grants(store_url: str, public_url: str, like: str, count: int) -> list[str]:
    """`count` new grants copying grant `like` (same Pinterest user, accounts, mode), each with its own access token.

    What a browser sign-in would leave in the store (a grant, a code exchanged once, a token family),
    made through the server's own `StoreProvider` so the tokens are ones every replica accepts. Used
    by the load bench instead of hundreds of browser sign-ins; the user's Pinterest tokens are the
    ones their real sign-in put in the vault.
    """
    from dataclasses import replace

    from mcp.server.auth.provider import AuthorizationParams
    from pydantic import AnyUrl

    from pinterest_mcp.server.connector.cimd import MetadataDocuments
    from pinterest_mcp.server.connector.provider import ConnectorConfig, StoreProvider
    from pinterest_mcp.store import open_store

    store = await open_store(store_url)
    try:
        config = ConnectorConfig(public_url, APP_ID, APP_SECRET, "", "", "", ())
        provider = StoreProvider(store, config, MetadataDocuments(store))
        model = await provider.grant(like)
        if model is None:
            raise RuntimeError(f"no grant {like!r} to copy")
        client = await provider.get_client(model.client_id)
        assert client is not None
        tokens = []
        for _ in range(count):
            grant = replace(model, grant_id=secrets.token_urlsafe(16))
            params = AuthorizationParams(
                state=None,
                scopes=[],
                code_challenge="unused-by-a-minted-grant",
                redirect_uri=AnyUrl(REDIRECT_URI),
                redirect_uri_provided_explicitly=True,
                resource=config.mcp_url,
            )
            code, _, _ = code_of(await provider.approve({"params": params.model_dump(mode="json")}, grant))
            loaded = await provider.load_authorization_code(client, code)
            assert loaded is not None
            tokens.append((await provider.exchange_authorization_code(client, loaded)).access_token)
        return tokens
    finally:
        await store.close()


async def grant_of(store_url: str, public_url: str, access_token: str) -> str:
    """The grant id behind one of our access tokens."""
    from pinterest_mcp.server.connector.cimd import MetadataDocuments
    from pinterest_mcp.server.connector.provider import ConnectorConfig, StoreProvider
    from pinterest_mcp.store import open_store

    store = await open_store(store_url)
    try:
        config = ConnectorConfig(public_url, APP_ID, APP_SECRET, "", "", "", ())
        loaded = await StoreProvider(store, config, MetadataDocuments(store)).load_access_token(access_token)
        if loaded is None or loaded.subject is None:
            raise RuntimeError("the access token names no grant")
        return loaded.subject
    finally:
        await store.close()


# ----- PostgreSQL for a bench run (the tests use tests/support/postgres.py) -----------------------------


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A private PostgreSQL cluster on a Unix socket (as `postgres` when root); yields its DSN."""
    import glob

    found = shutil.which("initdb")
    bins = Path(found).parent if found else None
    if bins is None:
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
        bins = Path(candidates[-1]).parent if candidates else None
    if bins is None:
        raise RuntimeError("PostgreSQL's server binaries are missing: apt-get install -y postgresql")
    base = Path(tempfile.mkdtemp(prefix="pmcp-bench-pg-"))
    root = os.geteuid() == 0
    if root:
        shutil.chown(base, "postgres", "postgres")

    def run(*argv: object) -> None:
        command = [str(a) for a in argv]
        command = ["runuser", "-u", "postgres", "--", *command] if root else command
        subprocess.run(command, check=True, capture_output=True, timeout=START_TIMEOUT_S + 5)

    options = f"-k {base} -c listen_addresses='' -F -c synchronous_commit=off -c max_connections=300"
    data = base / "data"
    run(bins / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "--no-locale", "-E", "UTF8")
    run(bins / "pg_ctl", "-D", data, "-l", base / "log", "-o", options, "-w", "-t", int(START_TIMEOUT_S), "start")
    try:
        yield f"postgresql://postgres@/postgres?host={base}"
    finally:
        try:
            run(bins / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(base, ignore_errors=True)


async def sign_in(found: Fleet, pinterest_user: str, change: dict[str, list[str]] | None = None) -> str:
    """One person's whole sign-in through the proxy over raw HTTP (DCR, PKCE, Pinterest, consent, token).

    Returns our access token for `/mcp`. What the SDK's client does, spelled out, for the bench.
    """
    import base64
    import hashlib

    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    http = found.http
    body = {
        "redirect_uris": [REDIRECT_URI],
        "client_name": "Fleet bench client",
        "grant_types": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_method": "none",
    }
    registered = await http.post(f"{found.public_url}/register", json=body)
    registered.raise_for_status()
    client_id = str(registered.json()["client_id"])
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT_URI,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": secrets.token_urlsafe(8),
        "resource": found.mcp_url,
    }
    browser = NetBrowser(found.public_url, found.emulator_url, pinterest_user, change or {})
    code, _, _ = code_of(await browser.consent(f"{found.public_url}/authorize?{urlencode(query)}"))
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "code_verifier": verifier,
        "client_id": client_id,
        "resource": found.mcp_url,
    }
    answer = await http.post(f"{found.public_url}/token", data=form)
    answer.raise_for_status()
    return str(answer.json()["access_token"])


async def pinterest_token(found: Fleet) -> str:
    """An app token from the emulator (client credentials; it acts as its first user), for a server without OAuth."""
    answer = await found.http.post(
        f"{found.emulator_url}/v5/oauth/token",
        data={"grant_type": "client_credentials", "scope": "ads:read,user_accounts:read"},
        auth=(APP_ID, APP_SECRET),
    )
    answer.raise_for_status()
    return str(answer.json()["access_token"])
