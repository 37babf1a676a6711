"""The `pinterest-mcp` command: serve, demo, tools, call, journal, doctor, auth.

Each sub-command takes only the flags that change what it does: the transport is `serve`'s, the
tool selection is `serve`'s, `tools`' and `doctor`'s, the write limits go wherever writes can run.
Settings come from flags, then the environment, then `config.toml` (`config/file.py`).

stdout belongs to the MCP stdio transport while serving, so everything else logs to stderr.
Whatever the command prints or logs passes `redaction.redact` first: an error may quote an upstream
message that echoed a token or the app's HTTP Basic header. Errors here are written for the person
at the terminal; tool results keep the wording written for a model.

`manifest` is a developer command (`python -m pinterest_mcp.cli.manifest`); the old spelling still
runs, unlisted, for scripts that use it.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio

from pinterest_mcp import __version__
from pinterest_mcp.api.errors import (
    AdAccountNotAllowedError,
    AuthenticationError,
    CredentialStoreError,
    MissingScopeError,
    PinterestConnectionError,
    PinterestError,
    RateLimitError,
)
from pinterest_mcp.api.redaction import install_log_redaction, redact
from pinterest_mcp.config.endpoints import PRODUCTION_URL, SANDBOX_URL
from pinterest_mcp.config.settings import (
    LOG_LEVELS,
    Settings,
    check_base_url,
    parse_decimal,
    parse_proxies,
    parse_ttl,
    split_list,
)
from pinterest_mcp.registry.toolsets import SelectionError

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer
    from mcp.server.transport_security import TransportSecuritySettings

    from pinterest_mcp.cli.demo_state import DemoState
    from pinterest_mcp.cli.help import ToolDoc
    from pinterest_mcp.runtime import Runtime

log = logging.getLogger("pinterest_mcp")
FORMATS = ("table", "json", "jsonl", "csv")


class CommandError(Exception):
    """A command cannot go on; the message says what to do, for a person (exit 1)."""


# Flags ---------------------------------------------------------------------------------------------


def _config_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="settings file (default config.toml in the user config directory; env PINTEREST_MCP_CONFIG)",
    )


def _target_flags(parser: argparse.ArgumentParser, *, demo: bool = True) -> None:
    group = parser.add_argument_group("where to connect")
    if demo:
        group.add_argument("--demo", action="store_true", help="use the embedded Pinterest emulator (no account)")
        group.add_argument("--seed", type=int, help="demo data seed (default 7)")
        group.add_argument(
            "--demo-faults",
            metavar="PROFILE",
            help="with --demo: inject upstream faults: flaky, rate-limits, server-errors, slow, network, garbage, "
            "pagination or chaos (env PINTEREST_MCP_DEMO_FAULTS)",
        )
    group.add_argument("--base-url", help="Pinterest API base URL (env PINTEREST_API_BASE_URL)")
    group.add_argument("--sandbox", action="store_true", help=f"use Pinterest's sandbox, {SANDBOX_URL}")
    _profile_flag(group)


def _profile_flag(group: Any) -> None:
    group.add_argument("--profile", help="credentials profile (default 'default'; env PINTEREST_MCP_PROFILE)")


def _selection_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("which tools")
    group.add_argument("--toolsets", help="comma-separated toolsets, or 'all' / 'default' (env PINTEREST_MCP_TOOLSETS)")
    group.add_argument("--tools", help="comma-separated extra tool names (env PINTEREST_MCP_TOOLS)")
    group.add_argument(
        "--dynamic-toolsets",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="list_toolsets/enable_toolset on top of the default (on unless --toolsets/--tools fix the set; "
        "env PINTEREST_MCP_DYNAMIC_TOOLSETS)",
    )
    _writes_flags(group)


def _writes_flags(group: Any) -> None:
    group.add_argument("--read-only", action="store_true", help="expose no write tools (env PINTEREST_MCP_READ_ONLY)")
    group.add_argument(
        "--writes",
        choices=["off", "confirm", "auto"],
        help="off: no write tools; confirm (default): plan, then consent; auto: apply at once (trusted automation)",
    )


def _account_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("ad accounts")
    group.add_argument(
        "--ad-accounts", help="comma-separated ad account ids the tools may touch (env PINTEREST_MCP_AD_ACCOUNTS)"
    )
    group.add_argument(
        "--ad-account", help="the ad account a call uses when it names none (env PINTEREST_DEFAULT_AD_ACCOUNT_ID)"
    )


def _limit_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("write limits")
    group.add_argument(
        "--max-budget",
        help="refuse budgets or spend caps above this, in account currency (env PINTEREST_MCP_MAX_BUDGET)",
    )
    group.add_argument(
        "--max-increase", help="refuse raising a budget by more than this factor at once, default 3; 'off' disables"
    )
    group.add_argument("--confirm-ttl", type=float, help="seconds a plan's confirmation stays valid (default 600)")
    _journal_flag(group)


def _journal_flag(group: Any) -> None:
    group.add_argument("--journal", type=Path, help="write journal file (env PINTEREST_MCP_JOURNAL)")


def _media_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--media-dir",
        type=Path,
        metavar="DIR",
        help="the only folder create_video_pin may read local videos from; none by default "
        "(env PINTEREST_MCP_MEDIA_DIR)",
    )


def _log_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=LOG_LEVELS,
        help="what goes to stderr: DEBUG shows every request, ERROR only failures (default WARNING; "
        "env PINTEREST_MCP_LOG_LEVEL)",
    )


def settings_from(args: argparse.Namespace) -> Settings:
    """Defaults, then config.toml, then the environment, then the flags this sub-command has."""
    from pinterest_mcp.config.file import load_settings

    settings = load_settings(getattr(args, "config", None))

    def flag(name: str) -> Any:
        return getattr(args, name, None)

    changes: dict[str, Any] = {}
    if flag("demo"):
        changes["demo"] = True
    if flag("seed") is not None:
        changes["seed"] = args.seed
    if flag("sandbox"):
        changes["base_url"] = SANDBOX_URL
    if flag("base_url"):
        changes["base_url"] = check_base_url(args.base_url, "--base-url")
    for name in ("toolsets", "tools", "ad_accounts"):
        if flag(name):
            changes[name] = split_list(flag(name))
    if flag("dynamic_toolsets") is not None:
        changes["dynamic_toolsets"] = args.dynamic_toolsets
    if flag("read_only"):
        changes["read_only"] = True
    if flag("ad_account"):
        changes["default_ad_account"] = args.ad_account
    if flag("media_dir"):
        changes["media_dir"] = Path(args.media_dir).expanduser()
    for name in ("demo_faults", "profile", "writes", "journal", "log_level"):
        if flag(name):
            changes[name] = flag(name)
    for name in ("max_budget", "max_increase"):
        if flag(name) is not None:
            changes[name] = parse_decimal(flag(name), f"--{name.replace('_', '-')}")
    if flag("confirm_ttl") is not None:
        changes["confirm_ttl"] = parse_ttl(args.confirm_ttl, "--confirm-ttl")
    if flag("trusted_proxies"):
        changes["trusted_proxies"] = parse_proxies(args.trusted_proxies, "--trusted-proxies")
    return replace(settings, **changes)


EPILOG = """\
start here:
  pinterest-mcp demo                      a guided session on the emulator, no account needed
  pinterest-mcp serve --demo              the MCP server on the emulator (what a client config runs)
  pinterest-mcp auth login                sign in to Pinterest, then `pinterest-mcp serve`
  pinterest-mcp call TOOL --help          one tool's arguments

settings: flags > environment > config.toml in the user config directory (or --config PATH)."""


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="pinterest-mcp",
        description="MCP server for the Pinterest API v5, with an embedded emulator for trying it out.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"pinterest-mcp {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the MCP server", description="Run the MCP server.")
    transport = serve.add_argument_group("transport")
    transport.add_argument(
        "--transport",
        choices=["stdio", "http", "sse"],
        default="stdio",
        help="stdio (default): for a client that starts the server; http: Streamable HTTP at /mcp; "
        "sse: the deprecated SSE transport at /sse",
    )
    transport.add_argument("--host", default="127.0.0.1", help="HTTP bind address (default 127.0.0.1, loopback)")
    transport.add_argument("--port", type=int, default=8000, help="HTTP port (default 8000)")
    transport.add_argument(
        "--http-token",
        metavar="TOKEN",
        help="require 'Authorization: Bearer TOKEN' on HTTP; needed off loopback (env PINTEREST_MCP_HTTP_TOKEN)",
    )
    transport.add_argument(
        "--auth",
        choices=["token", "oauth"],
        default="token",
        help="token (default): the single-operator --http-token mode; oauth: a remote connector, each user signs "
        "in at Pinterest and approves which ad accounts it may use (needs --public-url; env PINTEREST_MCP_MAX_SERVERS: "
        "grant servers kept per process, default 512)",
    )
    transport.add_argument(
        "--public-url", metavar="URL", help="with --auth oauth: the https origin clients reach this server at"
    )
    transport.add_argument(
        "--trusted-proxies",
        metavar="ADDRS",
        help="HTTP behind a reverse proxy: the proxy's addresses or networks (e.g. 127.0.0.1,10.0.0.0/8), whose "
        "X-Forwarded-For/-Proto are believed; by default nobody's (env PINTEREST_MCP_TRUSTED_PROXIES)",
    )
    transport.add_argument(
        "--store",
        metavar="URL",
        help="with --auth oauth: sqlite:///PATH (default: a file in the data directory) or postgresql://...",
    )
    _config_flag(serve)
    _log_flag(serve)
    _target_flags(serve)
    _selection_flags(serve)
    _account_flags(serve)
    _limit_flags(serve)
    _media_flag(serve)

    demo = sub.add_parser(
        "demo",
        help="a guided session on the embedded emulator, through a real MCP client",
        description="Start `serve --demo`, connect an MCP client over stdio and walk through reads and a safe write.",
    )
    demo.add_argument("--seed", type=int, default=7, help="demo data seed (default 7)")

    tools = sub.add_parser(
        "tools",
        help="list the tools the flags select, with their size",
        description="List the tools a server with these flags serves, or one tool's arguments.",
    )
    tools.add_argument("tool", nargs="?", metavar="TOOL", help="show this tool's arguments")
    tools.add_argument("--args", action="store_true", help="list every tool's arguments too")
    tools.add_argument("--json", action="store_true", help="print tools/list as JSON")
    tools.add_argument("--demo", action="store_true", help="what `serve --demo` lists (the same tools)")
    _config_flag(tools)
    _selection_flags(tools)

    call = sub.add_parser(
        "call",
        add_help=False,
        help="call one tool and print its result",
        description="Call one tool and print its result. A write prints its plan and asks before applying.",
        epilog="`pinterest-mcp call TOOL --help` lists the tool's arguments. Exit status: 0 done, 1 the tool "
        "failed or a write was only planned, 2 bad usage.",
    )
    call.add_argument("-h", "--help", action="store_true", help="this help; with TOOL, the tool's arguments")
    call.add_argument("tool", nargs="?", metavar="TOOL")
    call.add_argument("arguments", nargs="*", metavar="NAME=VALUE", help="lists as A,B or JSON; ids stay strings")
    call.add_argument("--args", dest="json_args", metavar="JSON", help="all arguments as one JSON object")
    call.add_argument("--yes", action="store_true", help="apply a write after printing its plan, without asking")
    call.add_argument(
        "--format",
        choices=(*FORMATS, "chart"),
        help="output: table (default at a terminal), json (default otherwise), jsonl, csv; chart: an analytics "
        "answer drawn by day, one line per entity",
    )
    call.add_argument("--metric", help="with --format chart: the column to draw (SPEND, CPA, CTR...; else the first)")
    _config_flag(call)
    _log_flag(call)
    _target_flags(call)
    _account_flags(call)
    call.add_argument(
        "--demo-reset",
        action="store_true",
        help="with --demo: start from the seed again (call --demo keeps the emulator's data, the journal and "
        "confirmations between calls)",
    )
    group = call.add_argument_group("writes")
    _writes_flags(group)
    _limit_flags(call)
    _media_flag(call)
    call.set_defaults(parser_=call)

    journal = sub.add_parser("journal", help="show the journal of applied writes", description="Show applied writes.")
    journal.add_argument("entry", nargs="?", help="one entry, in full")
    journal.add_argument("--limit", type=int, default=20, help="the newest N entries (default 20)")
    journal.add_argument("--json", action="store_true", help="print entries as JSON")
    _config_flag(journal)
    _profile_flag(journal)
    _journal_flag(journal)

    doctor = sub.add_parser(
        "doctor",
        help="diagnose configuration, credentials and scopes",
        description="Check the settings, where credentials come from, token expiry and scopes; --api calls Pinterest.",
    )
    doctor.add_argument("--api", action="store_true", help="also refresh and call Pinterest")
    _config_flag(doctor)
    _log_flag(doctor)
    _target_flags(doctor)
    _selection_flags(doctor)
    _account_flags(doctor)
    _limit_flags(doctor)

    auth = sub.add_parser(
        "auth",
        help="manage credentials (OS keyring, or a 0600 file where there is none)",
        description="Store, renew, show or forget the Pinterest credentials of a profile.",
    )
    auth_sub = auth.add_subparsers(dest="auth_command", metavar="ACTION", required=True)
    auth_set = auth_sub.add_parser("set", help="store app id/secret (and tokens); prompts for secrets")
    auth_set.add_argument("--app-id")
    for name in ("app-secret", "access-token", "refresh-token"):
        auth_set.add_argument(f"--{name}", metavar="VALUE|-", help="'-' reads it from stdin")
    login = auth_sub.add_parser("login", help="OAuth in the browser; stores the tokens")
    login.add_argument("--no-browser", action="store_true", help="print the URL instead of opening a browser")
    login.add_argument("--port", type=int, default=8085, help="callback port; register http://127.0.0.1:PORT/callback")
    login.add_argument("--authorize-url", default="https://www.pinterest.com/oauth/", help=argparse.SUPPRESS)
    refresh = auth_sub.add_parser("refresh", help="refresh the access token now")
    status = auth_sub.add_parser("status", help="show stored credentials, no secrets")
    clear = auth_sub.add_parser("clear", help="delete the stored credentials of the profile")
    for action in (auth_set, login, refresh, status, clear):
        _config_flag(action)
        group = action.add_argument_group("profile")
        _profile_flag(group)
    for action in (login, refresh):
        action.add_argument("--base-url", help="Pinterest API base URL (env PINTEREST_API_BASE_URL)")
        action.add_argument("--sandbox", action="store_true", help=f"use Pinterest's sandbox, {SANDBOX_URL}")
    login.add_argument("--toolsets", help="ask for the scopes these toolsets need (default: the default toolsets)")
    login.add_argument("--tools", help="and the scopes of these extra tools")
    login.add_argument("--read-only", action="store_true", help="ask for read scopes only")

    return top


def _setup_logging(level: str) -> None:
    # force: the MCP SDK configures logging when the server is built; ours (stderr too) replaces it.
    logging.basicConfig(
        stream=sys.stderr, level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )


# serve ---------------------------------------------------------------------------------------------


def loopback_security(host: str) -> TransportSecuritySettings | None:
    """Host/Origin checks for any loopback bind (127.0.0.0/8, ::1, localhost); None for other addresses.

    The SDK turns them on by itself only for 127.0.0.1, localhost and ::1, so `--host 127.0.0.2`
    would serve a loopback address with DNS-rebinding protection off.
    """
    import ipaddress

    from mcp.server.transport_security import TransportSecuritySettings

    bare = host.strip("[]")
    try:
        loopback = bare == "localhost" or ipaddress.ip_address(bare).is_loopback
    except ValueError:
        return None
    if not loopback:
        return None
    names = list(dict.fromkeys(["127.0.0.1", "localhost", "[::1]", f"[{bare}]" if ":" in bare else bare]))
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=[f"{name}:*" for name in names],
        allowed_origins=[f"http://{name}:*" for name in names],
    )


def listen_url(transport: str, host: str, port: int) -> str:
    authority = f"[{host.strip('[]')}]" if ":" in host else host
    return f"http://{authority}:{port}{'/mcp' if transport == 'http' else '/sse'}"


def _target(settings: Settings) -> str:
    if settings.demo:
        return f"the embedded demo emulator (seed {settings.seed}), not your account"
    where = {PRODUCTION_URL: "Pinterest", SANDBOX_URL: "Pinterest's sandbox"}.get(settings.base_url, "a custom API")
    return f"{where} at {settings.base_url}, profile {settings.profile!r}"


def credentials_summary(runtime: Runtime) -> str | None:
    """Where the credentials come from, or None when there are none the first call could use.

    The environment is read first: a server given its token there never opens the keyring here.
    """
    from pinterest_mcp.auth.credentials import load_credentials

    def usable(creds: Any) -> bool:
        return bool(creds.access_token or (creds.refresh_token and creds.app_id and creds.app_secret))

    profile = runtime.settings.profile
    creds = load_credentials(profile, None, runtime.env)
    if not usable(creds):
        store = runtime.credential_store()
        creds = load_credentials(profile, store, runtime.env)
        if not usable(creds):
            return None
    sources = sorted({source for name, source in creds.sources.items() if name.endswith("_token")})
    return ", ".join(sources) or "stored"


def announce(settings: Settings, runtime: Runtime, transport: str, host: str, port: int) -> None:
    """Say on stderr where the server listens and what it is connected to; warn when no call can work."""
    where = "stdio" if transport == "stdio" else listen_url(transport, host, port)
    quiet = settings.log_level == "ERROR"
    if not quiet:
        print(f"pinterest-mcp {__version__}: serving on {where}; connected to {_target(settings)}", file=sys.stderr)
        if settings.config_file is not None:
            print(f"settings from {settings.config_file}", file=sys.stderr)
    if settings.demo:
        return
    try:
        found = credentials_summary(runtime)
    except CredentialStoreError as exc:
        log.warning("credentials cannot be read: %s", redact(str(exc)))
        return
    if found is None:
        log.warning(
            "no Pinterest credentials for profile %r: every tool call will fail. Sign in with "
            "`pinterest-mcp auth login`, or set PINTEREST_ACCESS_TOKEN; try it out with --demo.",
            settings.profile,
        )
    elif not quiet:
        print(f"credentials: {found}", file=sys.stderr)


def _keep_rich_out() -> None:
    """Keep `rich` (the CLI's table library) out of a server's start.

    The MCP SDK builds a rich log handler whenever rich can be imported, and `_setup_logging`
    replaces it at once with plain stderr logging; marking the module absent spares every server
    start that import. `call` and `tools` never come here, so their tables still work.
    """
    if "rich" not in sys.modules:
        sys.modules["rich"] = None  # type: ignore[assignment]


class _StoppableStdin(io.RawIOBase):
    """fd 0, read so that a stop request reads as the end of input, as Ctrl-D does.

    The SDK reads stdin in a worker thread that no cancellation can interrupt, so Ctrl-C alone
    left the server waiting for one more line (a second Ctrl-C, then a 15 s wait for the thread).
    Here each read waits on stdin and on a wake-up pipe together; the SIGINT handler writes to the
    pipe, the read returns end of input, and the server shuts down the way it does at Ctrl-D.
    """

    def __init__(self, fd: int, wake: int) -> None:
        super().__init__()
        self._fd = fd
        self._wake = wake

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        import os
        import select

        ready, _, _ = select.select([self._fd, self._wake], [], [])
        if self._wake in ready:
            return 0
        data = os.read(self._fd, len(buffer))
        buffer[: len(data)] = data
        return len(data)


def serve_stdio(server: MCPServer[Any]) -> int:
    """Serve on stdin/stdout until end of input or the first Ctrl-C (SIGINT); 130 after Ctrl-C."""
    import os
    import signal
    import threading

    if sys.stdin.isatty():
        print(
            "waiting for an MCP client on stdin: this is the command a client config runs, not an interactive "
            "prompt. Stop with Ctrl-C. To try the tools here: `pinterest-mcp demo` or `pinterest-mcp call TOOL`.",
            file=sys.stderr,
        )
    try:
        fd = sys.stdin.fileno()
    except (OSError, ValueError):  # a stdin with no descriptor (embedded, under test): the SDK's own reading
        fd = -1
    main_thread = threading.current_thread() is threading.main_thread()  # where a signal handler can be set
    if sys.platform == "win32" or fd < 0 or not main_thread:  # no select() on a Windows console or pipe
        server.run("stdio")
        return 0
    wake_read, wake_write = os.pipe()
    interrupted: list[int] = []

    def on_sigint(signum: int, frame: Any) -> None:
        if interrupted:  # a second Ctrl-C while shutting down: stop at once
            raise KeyboardInterrupt
        interrupted.append(signum)
        os.write(wake_write, b"x")

    previous = signal.signal(signal.SIGINT, on_sigint)
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BufferedReader(_StoppableStdin(fd, wake_read)), encoding="utf-8")
    try:
        server.run("stdio")
    finally:
        sys.stdin = stdin
        signal.signal(signal.SIGINT, previous)
        os.close(wake_read)
        os.close(wake_write)
    if interrupted:
        print("pinterest-mcp: stopped (Ctrl-C)", file=sys.stderr)
        return 130
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    from pinterest_mcp.runtime import Runtime
    from pinterest_mcp.server.build import build_server
    from pinterest_mcp.server.transports.http_auth import check_bind, http_token, serve_http

    _keep_rich_out()
    settings = settings_from(args)
    if args.auth == "oauth":
        return _serve_connector(args, settings)
    if args.public_url or args.store:
        raise ValueError("--public-url and --store go with --auth oauth")
    token = http_token(args.http_token, os.environ) if args.transport != "stdio" else None
    if args.transport != "stdio":
        check_bind(args.host, token)  # before anything says it serves: off loopback, only with a token
    runtime = Runtime(settings)
    server = build_server(settings, runtime)
    _setup_logging(settings.log_level)
    announce(settings, runtime, args.transport, args.host, args.port)
    if args.transport == "stdio":
        return serve_stdio(server)
    security = loopback_security(args.host)
    if security is None:
        log.warning("binding %s: not loopback, so no Host/Origin checks; every request needs the token", args.host)
    if args.transport == "sse":
        log.warning("the SSE transport is deprecated by MCP; prefer --transport http")
    level = settings.log_level
    serve_http(
        server,
        args.transport,
        host=args.host,
        port=args.port,
        token=token,
        security=security,
        log_level=level,
        trusted_proxies=settings.trusted_proxies,
    )
    return 0


def _serve_connector(args: argparse.Namespace, settings: Settings) -> int:
    """`serve --transport http --auth oauth`: the remote connector (imported only here: never on a stdio start)."""
    import os

    from pinterest_mcp.server.connector.run import check_public_url, serve_connector

    if args.transport != "http":
        raise ValueError("--auth oauth serves Streamable HTTP: add --transport http")
    if args.http_token:
        raise ValueError("--http-token is the single-operator mode; --auth oauth signs each user in instead")
    public_url = check_public_url(args.public_url)
    _setup_logging(settings.log_level)
    print(
        f"pinterest-mcp {__version__}: connector on {listen_url('http', args.host, args.port)}, public at "
        f"{public_url}/mcp; connected to {_target(settings)}",
        file=sys.stderr,
    )
    serve_connector(
        settings,
        public_url=public_url,
        store_url=args.store,
        host=args.host,
        port=args.port,
        env=os.environ,
        # No Host/Origin checks: every /mcp request needs a bearer token a rebinding page cannot have, and
        # behind a proxy the Host is the public one.
        security=None,
        log_level=settings.log_level,
    )
    return 0


# tools and call ------------------------------------------------------------------------------------


def _docs(server: MCPServer[Any]) -> list[ToolDoc]:
    """What a person needs to know of each listed tool, with the validating schema where there is one."""
    from pinterest_mcp.cli.help import ToolDoc
    from pinterest_mcp.operations import by_name
    from pinterest_mcp.server.schema import input_schema

    ops = by_name()
    docs = []
    for tool in anyio.run(server.list_tools):
        op = ops.get(tool.name)
        read = bool(tool.annotations and tool.annotations.read_only_hint)
        docs.append(
            ToolDoc(
                name=tool.name,
                description=tool.description or "",
                schema=input_schema(op.input) if op else dict(tool.input_schema),
                access="read" if read else "write",
                toolset=op.toolset if op else "server",
            )
        )
    return docs


def tool_doc(name: str) -> ToolDoc:
    """One tool, whatever the flags select; an unknown name is an error that suggests the nearest."""
    from pinterest_mcp.cli.help import nearest_names
    from pinterest_mcp.server.build import build_server

    server = build_server(Settings(demo=True, toolsets=("all",), dynamic_toolsets=True))
    docs = {doc.name: doc for doc in _docs(server)}
    if name not in docs:
        close = nearest_names(name, list(docs))
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise ValueError(f"unknown tool {name!r}{hint} (`pinterest-mcp tools --toolsets all` lists them all)")
    return docs[name]


def cmd_tools(args: argparse.Namespace) -> int:
    from pinterest_mcp.cli.help import argument_lines, tool_help
    from pinterest_mcp.server.build import build_server

    if args.tool:
        print(tool_help(tool_doc(args.tool)))
        return 0
    server = build_server(settings_from(args))
    tools = anyio.run(server.list_tools)
    wire = [t.model_dump(by_alias=True, exclude_none=True, mode="json") for t in tools]
    if args.json:
        print(json.dumps({"tools": wire}, indent=2))
        return 0
    import shutil
    import textwrap

    from pinterest_mcp.server.schema import stored_tokens

    docs = {doc.name: doc for doc in _docs(server)} if args.args else {}
    width = max((len(t.name) for t in tools), default=4)
    columns = shutil.get_terminal_size().columns  # the terminal's width; COLUMNS or 80 when piped
    for tool in tools:
        access = "read " if tool.annotations and tool.annotations.read_only_hint else "write"
        tokens = stored_tokens(tool.name)
        head = f"{tool.name:<{width}}  {access}  {tokens if tokens is not None else '?':>4} tok  "
        # A description is up to ~1,400 characters: wrapped under itself, or under the name on a narrow terminal.
        indent = " " * len(head) if columns - len(head) >= 30 else "    "
        text = " ".join((tool.description or "").split())
        print(textwrap.fill(text, width=max(columns, 40), initial_indent=head, subsequent_indent=indent))
        if tool.name in docs:
            print("\n".join(argument_lines(docs[tool.name].schema, indent="    ")))
    total = len(json.dumps({"tools": wire}, separators=(",", ":")))
    known = sum(stored_tokens(t.name) or 0 for t in tools)
    print(f"{len(tools)} tools, tools/list {total} bytes; what a model sees: ~{known} cl100k tokens")
    if not args.args:
        print("`pinterest-mcp tools TOOL` or `tools --args` shows arguments.")
    return 0


def call_arguments(args: argparse.Namespace, doc: ToolDoc) -> dict[str, Any]:
    from pinterest_mcp.cli.help import parse_value

    props: dict[str, Any] = doc.schema.get("properties", {})
    arguments: dict[str, Any] = {}
    if args.json_args:
        try:
            arguments = json.loads(args.json_args)
        except ValueError as exc:
            raise ValueError(f"--args is not JSON: {exc}") from None
        if not isinstance(arguments, dict):
            raise ValueError("--args must be a JSON object of argument names to values")
    for pair in args.arguments:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"argument {pair!r} is not NAME=VALUE (`pinterest-mcp call {doc.name} --help`)")
        arguments[name] = parse_value(value, props.get(name, {}))
    return arguments


def is_plan(data: Any) -> bool:
    """An answer that is a write's plan, written nothing, waiting for its confirmation."""
    return isinstance(data, dict) and "confirmation" in data and "status" not in data


def _demo_state(settings: Settings, *, reset: bool) -> DemoState | None:
    """Where `call --demo` keeps the emulator, journal and key between calls (None off the demo)."""
    from pinterest_mcp.cli.demo_state import DemoState, demo_dir

    if not settings.demo:
        if reset:
            raise ValueError("--demo-reset goes with --demo")
        return None
    state = DemoState(demo_dir(), settings.seed)
    if reset:
        state.reset()
    return state


def cmd_call(args: argparse.Namespace) -> int:
    from mcp import Client

    from pinterest_mcp.cli.help import tool_help
    from pinterest_mcp.cli.output import render
    from pinterest_mcp.cli.progress import progress_bar
    from pinterest_mcp.runtime import Runtime
    from pinterest_mcp.server.build import build_server

    if args.help or not args.tool:
        if args.tool:
            print(tool_help(tool_doc(args.tool)))
        else:
            args.parser_.print_help()
        return 0
    doc = tool_doc(args.tool)
    arguments = call_arguments(args, doc)
    fmt = args.format or ("table" if sys.stdout.isatty() else "json")
    if fmt == "chart":
        from pinterest_mcp.cli.chart import refusal

        refused = refusal(doc.name)
        if refused is not None:
            raise ValueError(refused)
    elif args.metric is not None:
        raise ValueError("--metric goes with --format chart")
    settings = settings_from(args)
    if doc.toolset == "server":  # check_connection, undo_change, …: served beside the operations they serve
        settings = replace(settings, toolsets=("all",), dynamic_toolsets=True)
    elif doc.name not in settings.tools:  # the one tool asked for, whatever its toolset
        settings = replace(settings, tools=(*settings.tools, doc.name), dynamic_toolsets=settings.dynamic)
    demo = _demo_state(settings, reset=args.demo_reset)
    if demo is not None and settings.journal is None:
        settings = replace(settings, journal=demo.journal)
    runtime = Runtime(settings)
    server = build_server(settings, runtime)
    if demo is not None:  # a plan's confirmation from one `call --demo` applies in the next
        runtime.writes.confirmations.use_key(demo.key())
    ask = _consent_at_terminal(args.yes) if args.yes or sys.stdin.isatty() else None

    async def run() -> tuple[bool, str]:
        if demo is not None:
            await runtime.client()  # builds the emulator, which then takes the saved data
            demo.restore(runtime.emulator)
        try:
            # run_report, run_bulk_download, create_video_pin: a bar at a terminal, nothing extra elsewhere
            with progress_bar(sys.stderr) as on_progress:
                async with Client(server, elicitation_callback=ask) as client:
                    result = await client.call_tool(doc.name, arguments, progress_callback=on_progress)
        finally:
            if demo is not None:
                demo.save(runtime.emulator)
            await runtime.aclose()
        # The text answer only: a resource link (run_report's CSV) is for MCP clients, not the terminal.
        texts = (str(getattr(block, "text", block)) for block in result.content if block.type != "resource_link")
        return result.is_error, redact("".join(texts))

    failed, text = anyio.run(run)
    if failed:
        print(text)
        return 1
    try:
        data = json.loads(text)
    except ValueError:  # a text answer (check_connection's report)
        print(text)
        return 0
    if fmt == "chart":
        import shutil

        from pinterest_mcp.cli.chart import chart

        width, height = shutil.get_terminal_size((100, 30))
        size = {"width": min(width, 140), "height": max(15, min(height - 4, 30))}
        print(chart(data, args.metric, **size, color=sys.stdout.isatty()))
        return 0
    render(data, fmt, sys.stdout)
    if is_plan(data) and ask is None:
        print(
            "plan only: nothing was written. Re-run with --yes to apply it, or pass confirmation=TOKEN.",
            file=sys.stderr,
        )
        return 1
    return 1 if isinstance(data, dict) and "declined" in data else 0


def _consent_at_terminal(yes: bool) -> Any:
    """An elicitation answerer for `call`: the person at the terminal reads the plan and says y or n.

    The question is always ours ("Apply this change?"), never the message's last line, and every line
    of the message is shown with its control characters escaped (no terminal escapes, no carriage
    returns) and blank lines dropped, so text inside a plan cannot pose as the prompt or push it away.
    """
    from mcp.types import ElicitResult

    from pinterest_mcp.writes.plans import one_line

    question = "Apply this change?"

    async def ask(_: Any, params: Any) -> ElicitResult:
        lines = [one_line(line) for line in redact(str(params.message)).split("\n") if line.strip()]
        if lines and lines[-1] == question:  # the plan's own closing question: asked once, below
            lines.pop()
        print("\n".join(lines), file=sys.stderr)
        if yes:
            print(f"{question} (--yes: applying)", file=sys.stderr)
            return ElicitResult(action="accept", content={"apply": True})
        answer = await anyio.to_thread.run_sync(lambda: input(f"{question} [y/N] "))
        if answer.strip().lower() in ("y", "yes"):
            return ElicitResult(action="accept", content={"apply": True})
        return ElicitResult(action="decline")

    return ask


# journal, demo, doctor, auth -----------------------------------------------------------------------


def cmd_journal(args: argparse.Namespace) -> int:
    from pinterest_mcp.writes.journal import journal_for

    journal = journal_for(settings_from(args))
    if args.entry:
        entry = journal.get(args.entry)
        if entry is None:
            raise CommandError(f"no journal entry {args.entry!r} in {journal.path}")
        print(json.dumps(entry, indent=2, ensure_ascii=False))
        return 0
    shown = journal.newest(args.limit)  # read from the end: a long journal costs only the entries shown
    if args.json:
        print(json.dumps(shown, indent=2, ensure_ascii=False))
        return 0
    if not shown:
        print(f"no applied writes in {journal.path or 'this (in-memory) journal'}")
        return 0
    for entry in shown:
        request = entry["request"] if isinstance(entry.get("request"), dict) else {}
        results = entry["results"] if isinstance(entry.get("results"), list) else []
        ok = sum(1 for r in results if isinstance(r, dict) and r.get("ok"))
        print(
            f"{entry['entry']}  {entry.get('at', '')}  {entry.get('status', ''):<8} {entry.get('tool', '')}  "
            f"{request.get('method', '')} {request.get('path', '')}  {ok}/{len(results)} ok"
        )
    newest = f"the newest {len(shown)}" if len(shown) == args.limit else f"all {len(shown)}"
    print(f"{newest} entries, {journal.path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from pinterest_mcp.cli.demo import run_demo

    return anyio.run(run_demo, args.seed)


def cmd_doctor(args: argparse.Namespace) -> int:
    from pinterest_mcp.auth.credentials import open_store
    from pinterest_mcp.runtime import Runtime
    from pinterest_mcp.server.doctor import diagnose, render

    settings = settings_from(args)
    _setup_logging(settings.log_level)
    # The store is opened here, not by the runtime, so its notice is one line of the report, not also a log line.
    store, notice = (None, None) if settings.demo else open_store(profile=settings.profile)
    runtime = Runtime(settings, store=store)
    runtime.store_notice = notice

    async def run() -> int:
        try:
            checks = await diagnose(runtime, api=args.api)
        finally:
            await runtime.aclose()
        print(redact(render(checks)))
        return 1 if any(c.status == "fail" for c in checks) else 0

    return anyio.run(run)


def cmd_auth(args: argparse.Namespace) -> int:
    from pinterest_mcp.cli import auth as auth_commands

    try:
        return _auth(args)
    except auth_commands.SetupNeeded as exc:
        raise CommandError(str(exc)) from None


def _auth(args: argparse.Namespace) -> int:
    import httpx

    from pinterest_mcp.auth.credentials import open_store
    from pinterest_mcp.cli import auth as auth_commands

    settings = settings_from(args)
    store, notice = open_store(profile=settings.profile)
    command = args.auth_command
    # Said once: after the save that created the credentials file, not on every command.
    creates = bool(notice) and auth_commands.first_save(store, settings.profile)
    if command == "set":
        auth_commands.auth_set(
            store,
            settings.profile,
            app_id=args.app_id,
            app_secret=args.app_secret,
            access_token=args.access_token,
            refresh_token=args.refresh_token,
        )
    elif command == "login":
        import webbrowser

        opener = None if args.no_browser else webbrowser.open
        anyio.run(
            lambda: auth_commands.auth_login(
                settings, store, port=args.port, authorize_base=args.authorize_url, open_browser=opener
            )
        )
    elif command == "refresh":

        async def refresh() -> None:
            async with httpx.AsyncClient(timeout=30.0) as http:
                await auth_commands.auth_refresh(settings, store, http=http)

        anyio.run(refresh)
    elif command == "clear":
        store.clear(settings.profile)
        print(f"cleared profile {settings.profile!r} from {auth_commands.store_place(store, settings.profile)}")
        return 0
    if creates and not auth_commands.first_save(store, settings.profile):
        print(notice, file=sys.stderr)
    print(redact(auth_commands.auth_status(settings, store)))
    return 0


COMMANDS = {
    "serve": cmd_serve,
    "call": cmd_call,
    "tools": cmd_tools,
    "demo": cmd_demo,
    "doctor": cmd_doctor,
    "auth": cmd_auth,
    "journal": cmd_journal,
}


def for_person(exc: PinterestError, command: str) -> str:
    """An upstream error as the person at the terminal needs it: what happened, then what they can do."""
    what = redact(str(exc))
    if isinstance(exc, MissingScopeError):
        needs = f" ({', '.join(exc.scopes)})" if exc.scopes else ""
        return f"{what} Sign in again with `pinterest-mcp auth login` to grant the scopes the tools need{needs}."
    if isinstance(exc, AuthenticationError):
        if command in ("auth login", "auth refresh"):
            return f"{what} Check the app id and secret (`pinterest-mcp auth set`), then sign in again."
        return f"{what} Sign in with `pinterest-mcp auth login`, or set PINTEREST_ACCESS_TOKEN."
    if isinstance(exc, RateLimitError):
        when = f"in about {exc.retry_after:.0f} s" if exc.retry_after else "in a minute"
        return f"{what} Pinterest's rate limit was reached; try again {when}."
    if isinstance(exc, PinterestConnectionError):
        return f"{what} Check the network (and --base-url), then try again."
    if isinstance(exc, AdAccountNotAllowedError):
        return f"{what} The allowed accounts are set by --ad-accounts or ad_accounts in config.toml."
    return what


def main(argv: Sequence[str] | None = None) -> int:
    install_log_redaction()  # before anything can log: every command's records, whoever handles them
    top = parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        top.print_help()
        return 0
    if argv[0] == "manifest":  # the developer command's old spelling, unlisted: python -m pinterest_mcp.cli.manifest
        from pinterest_mcp.cli import manifest

        return manifest.main(argv[1:])
    # NAME=VALUE pairs may follow flags (`call list_boards --demo page_size=2`), which argparse's
    # positional matching does not allow; collect the leftovers for `call`, refuse them elsewhere.
    args, extra = top.parse_known_args(argv)
    if args.command is None:
        top.print_help()
        return 0
    if extra and (args.command != "call" or any(e.startswith("-") for e in extra)):
        top.error(f"unrecognized arguments: {' '.join(extra)}")
    if extra:
        args.arguments = [*args.arguments, *extra]
    command = " ".join(filter(None, [args.command, getattr(args, "auth_command", None)]))
    try:
        return COMMANDS[args.command](args)
    except (SelectionError, ValueError) as exc:
        print(f"pinterest-mcp {command}: {redact(str(exc))}", file=sys.stderr)
        return 2
    except PinterestError as exc:
        print(f"pinterest-mcp {command}: {for_person(exc, command)}", file=sys.stderr)
        return 1
    except (CredentialStoreError, CommandError) as exc:
        print(f"pinterest-mcp {command}: {redact(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `call … | head`: the reader left; say nothing more to a closed pipe
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
