"""The `pinterest-mcp` command: serve, demo, tools, call, journal, manifest, doctor, auth.

stdout belongs to the MCP stdio transport while serving, so everything else logs to stderr.
Whatever the command prints or logs passes `redaction.redact` first: an error may quote an upstream
message that echoed a token or the app's HTTP Basic header.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio

from pinterest_mcp import __version__
from pinterest_mcp.endpoints import SANDBOX_URL
from pinterest_mcp.errors import CredentialStoreError, PinterestError
from pinterest_mcp.redaction import install_log_redaction, redact
from pinterest_mcp.registry import SelectionError, by_name
from pinterest_mcp.schema import input_schema
from pinterest_mcp.settings import Settings, parse_decimal, split_list

if TYPE_CHECKING:
    from mcp.server.transport_security import TransportSecuritySettings

log = logging.getLogger("pinterest_mcp")


def _server_flags() -> argparse.ArgumentParser:
    flags = argparse.ArgumentParser(add_help=False)
    group = flags.add_argument_group("server")
    group.add_argument("--demo", action="store_true", help="use the embedded Pinterest emulator (no account needed)")
    group.add_argument("--seed", type=int, default=7, help="demo data seed (default 7)")
    group.add_argument("--base-url", help="Pinterest API base URL (env PINTEREST_API_BASE_URL)")
    group.add_argument("--sandbox", action="store_true", help=f"use Pinterest's sandbox, {SANDBOX_URL}")
    group.add_argument("--toolsets", help="comma-separated toolsets, or 'all' / 'default' (env PINTEREST_MCP_TOOLSETS)")
    group.add_argument("--tools", help="comma-separated extra tool names (env PINTEREST_MCP_TOOLS)")
    group.add_argument(
        "--dynamic-toolsets",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="list_toolsets/enable_toolset on top of the default (on unless --toolsets/--tools fix the set; "
        "env PINTEREST_MCP_DYNAMIC_TOOLSETS)",
    )
    group.add_argument("--read-only", action="store_true", help="expose no write tools (env PINTEREST_MCP_READ_ONLY)")
    group.add_argument(
        "--ad-accounts", help="comma-separated ad account ids the tools may touch (env PINTEREST_MCP_AD_ACCOUNTS)"
    )
    group.add_argument(
        "--ad-account",
        help="the ad account tools use when a call names none (env PINTEREST_DEFAULT_AD_ACCOUNT_ID)",
    )
    group.add_argument(
        "--demo-faults", metavar="PROFILE", help="with --demo: inject upstream faults (env PINTEREST_MCP_DEMO_FAULTS)"
    )
    group.add_argument("--profile", help="credentials profile (default 'default'; env PINTEREST_MCP_PROFILE)")
    group.add_argument(
        "--writes",
        choices=["off", "confirm", "auto"],
        help="off: no write tools; confirm (default): plan, then consent; auto: apply at once (trusted automation)",
    )
    group.add_argument(
        "--max-budget",
        help="refuse budgets or spend caps above this, in account currency (env PINTEREST_MCP_MAX_BUDGET)",
    )
    group.add_argument(
        "--max-increase", help="refuse raising a budget by more than this factor at once, default 3; 'off' disables"
    )
    group.add_argument("--journal", type=Path, help="write journal file (env PINTEREST_MCP_JOURNAL)")
    group.add_argument("--confirm-ttl", type=float, help="seconds a plan's confirmation stays valid (default 600)")
    group.add_argument("--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    return flags


def settings_from(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    changes: dict[str, Any] = {"demo": args.demo, "seed": args.seed}
    if args.sandbox:
        changes["base_url"] = SANDBOX_URL
    if args.base_url:
        changes["base_url"] = args.base_url
    if args.toolsets:
        changes["toolsets"] = split_list(args.toolsets)
    if args.tools:
        changes["tools"] = split_list(args.tools)
    if args.dynamic_toolsets is not None:
        changes["dynamic_toolsets"] = args.dynamic_toolsets
    if args.read_only:
        changes["read_only"] = True
    if args.ad_accounts:
        changes["ad_accounts"] = split_list(args.ad_accounts)
    if args.ad_account:
        changes["default_ad_account"] = args.ad_account
    if args.demo_faults:
        changes["demo_faults"] = args.demo_faults
    if args.profile:
        changes["profile"] = args.profile
    if args.writes:
        changes["writes"] = args.writes
    if args.max_budget is not None:
        changes["max_budget"] = parse_decimal(args.max_budget, "--max-budget")
    if args.max_increase is not None:
        changes["max_increase"] = parse_decimal(args.max_increase, "--max-increase")
    if args.journal:
        changes["journal"] = args.journal
    if args.confirm_ttl is not None:
        if args.confirm_ttl <= 0:
            raise ValueError("--confirm-ttl must be positive")
        changes["confirm_ttl"] = args.confirm_ttl
    return replace(settings, **changes)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="pinterest-mcp", description="MCP server for the Pinterest API v5.")
    top.add_argument("--version", action="version", version=f"pinterest-mcp {__version__}")
    sub = top.add_subparsers(dest="command", required=True)
    flags = _server_flags()

    serve = sub.add_parser("serve", parents=[flags], help="run the MCP server")
    serve.add_argument("--transport", choices=["stdio", "http", "sse"], default="stdio")
    serve.add_argument("--host", default="127.0.0.1", help="HTTP bind address (default loopback)")
    serve.add_argument("--port", type=int, default=8000)

    demo = sub.add_parser("demo", help="a guided session against the embedded emulator, over stdio")
    demo.add_argument("--seed", type=int, default=7)

    tools = sub.add_parser("tools", parents=[flags], help="list the tools the flags select, with their size")
    tools.add_argument("--json", action="store_true", help="print tools/list as JSON")

    call = sub.add_parser("call", parents=[flags], help="call one tool and print its result")
    call.add_argument("tool")
    call.add_argument("arguments", nargs="*", metavar="NAME=VALUE", help="values are JSON where they parse as JSON")
    call.add_argument("--args", dest="json_args", help="all arguments as one JSON object")
    call.add_argument("--yes", action="store_true", help="apply a write after printing its plan, without asking")

    journal = sub.add_parser("journal", parents=[flags], help="show the journal of applied writes")
    journal.add_argument("entry", nargs="?", help="one entry, in full")
    journal.add_argument("--limit", type=int, default=20, help="the newest N entries (default 20)")
    journal.add_argument("--json", action="store_true")

    doctor = sub.add_parser("doctor", parents=[flags], help="diagnose configuration, credentials and scopes")
    doctor.add_argument("--api", action="store_true", help="also refresh and call Pinterest")

    auth = sub.add_parser("auth", help="manage credentials (OS keyring, or a 0600 file where there is none)")
    auth_sub = auth.add_subparsers(dest="auth_command", required=True)
    auth_set = auth_sub.add_parser("set", parents=[flags], help="store app id/secret (and tokens); prompts for secrets")
    auth_set.add_argument("--app-id")
    for name in ("app-secret", "access-token", "refresh-token"):
        auth_set.add_argument(f"--{name}", metavar="VALUE|-", help="'-' reads it from stdin")
    login = auth_sub.add_parser("login", parents=[flags], help="OAuth in the browser; stores the tokens")
    login.add_argument("--no-browser", action="store_true", help="print the URL instead of opening a browser")
    login.add_argument("--port", type=int, default=8085, help="callback port; register http://127.0.0.1:PORT/callback")
    login.add_argument("--authorize-url", default="https://www.pinterest.com/oauth/", help=argparse.SUPPRESS)
    for name, text in (("refresh", "refresh the access token now"), ("status", "show stored credentials, no secrets")):
        auth_sub.add_parser(name, parents=[flags], help=text)
    auth_sub.add_parser("clear", parents=[flags], help="delete the stored credentials of the profile")

    manifest = sub.add_parser("manifest", help="regenerate or check tool_manifests/ and the README tool table")
    mode = manifest.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true", help="exit 1 if anything is stale (default)")
    manifest.add_argument("--root", type=Path, default=Path.cwd())
    return top


def _setup_logging(level: str) -> None:
    # force: the MCP SDK configures logging when the server is built; ours (stderr too) replaces it.
    logging.basicConfig(
        stream=sys.stderr, level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )


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


def cmd_serve(args: argparse.Namespace) -> int:
    from pinterest_mcp.server import build_server

    settings = settings_from(args)
    server = build_server(settings)
    _setup_logging(args.log_level)
    if settings.demo:
        log.warning("demo mode: serving the embedded Pinterest emulator, not your account")
    if args.transport == "stdio":
        server.run("stdio")
        return 0
    security = loopback_security(args.host)
    if security is None:
        log.warning(
            "binding %s: not loopback, so no Host/Origin checks and no client authentication; "
            "put it behind an authenticating proxy",
            args.host,
        )
    if args.transport == "http":
        server.run("streamable-http", host=args.host, port=args.port, transport_security=security)
    else:
        log.warning("the SSE transport is deprecated by MCP; prefer --transport http")
        server.run("sse", host=args.host, port=args.port, transport_security=security)
    return 0


def _parse_value(raw: str, prop: dict[str, Any]) -> Any:
    """A shell value for one argument: kept as text where the schema wants a string (ids are digits)."""
    if prop.get("type") == "string":
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def cmd_call(args: argparse.Namespace) -> int:
    from mcp import Client

    from pinterest_mcp.server import build_server

    op = by_name().get(args.tool)
    props: dict[str, Any] = input_schema(op.input)["properties"] if op else {}
    arguments: dict[str, Any] = json.loads(args.json_args) if args.json_args else {}
    for pair in args.arguments:
        name, sep, value = pair.partition("=")
        if not sep:
            print(f"argument {pair!r} is not NAME=VALUE", file=sys.stderr)
            return 2
        arguments[name] = _parse_value(value, props.get(name, {}))
    settings = settings_from(args)
    if op is not None and op.name not in settings.tools:  # the one tool asked for, whatever its toolset
        settings = replace(settings, tools=(*settings.tools, op.name), dynamic_toolsets=settings.dynamic)
    server = build_server(settings)
    ask = _consent_at_terminal(args.yes) if args.yes or sys.stdin.isatty() else None

    async def run() -> int:
        async with Client(server, elicitation_callback=ask) as client:
            result = await client.call_tool(args.tool, arguments)
        for block in result.content:
            print(redact(str(getattr(block, "text", block))))
        return 1 if result.is_error else 0

    return anyio.run(run)


def _consent_at_terminal(yes: bool) -> Any:
    """An elicitation answerer for `call`: the person at the terminal reads the plan and says y or n."""
    from mcp.types import ElicitResult

    async def ask(_: Any, params: Any) -> ElicitResult:
        print(params.message, file=sys.stderr)
        if yes:
            print("(--yes: applying)", file=sys.stderr)
            return ElicitResult(action="accept", content={"apply": True})
        answer = await anyio.to_thread.run_sync(lambda: input("Apply? [y/N] "))
        if answer.strip().lower() in ("y", "yes"):
            return ElicitResult(action="accept", content={"apply": True})
        return ElicitResult(action="decline")

    return ask


def cmd_journal(args: argparse.Namespace) -> int:
    from pinterest_mcp.journal import journal_for

    journal = journal_for(settings_from(args))
    entries = journal.entries()
    if args.entry:
        entry = journal.get(args.entry)
        if entry is None:
            print(f"no journal entry {args.entry!r}", file=sys.stderr)
            return 1
        print(json.dumps(entry, indent=2, ensure_ascii=False))
        return 0
    shown = entries[-args.limit :] if args.limit > 0 else entries
    if args.json:
        print(json.dumps(shown, indent=2, ensure_ascii=False))
        return 0
    if not entries:
        print(f"no applied writes in {journal.path or 'this (in-memory) journal'}")
        return 0
    for entry in shown:
        request = entry.get("request", {})
        results = entry.get("results", [])
        ok = sum(1 for r in results if r.get("ok"))
        print(
            f"{entry['entry']}  {entry.get('at', '')}  {entry.get('status', ''):<8} {entry.get('tool', '')}  "
            f"{request.get('method', '')} {request.get('path', '')}  {ok}/{len(results)} ok"
        )
    print(f"{len(shown)} of {len(entries)} entries, {journal.path}")
    return 0


def cmd_tools(args: argparse.Namespace) -> int:
    from pinterest_mcp.server import build_server

    server = build_server(settings_from(args))
    tools = anyio.run(server.list_tools)
    wire = [t.model_dump(by_alias=True, exclude_none=True, mode="json") for t in tools]
    if args.json:
        print(json.dumps({"tools": wire}, indent=2))
        return 0
    from pinterest_mcp.schema import stored_tokens

    width = max((len(t.name) for t in tools), default=4)
    for tool in tools:
        access = "read " if tool.annotations and tool.annotations.read_only_hint else "write"
        tokens = stored_tokens(tool.name)
        print(f"{tool.name:<{width}}  {access}  {tokens if tokens is not None else '?':>4} tok  {tool.description}")
    total = len(json.dumps({"tools": wire}, separators=(",", ":")))
    known = sum(stored_tokens(t.name) or 0 for t in tools)
    print(f"{len(tools)} tools, tools/list {total} bytes; what a model sees: ~{known} cl100k tokens")
    return 0


def cmd_manifest(args: argparse.Namespace) -> int:
    from pinterest_mcp import manifest

    if args.write:
        changed = manifest.write(args.root)
        print("updated: " + ", ".join(changed) if changed else "up to date")
        return 0
    stale = manifest.stale(args.root)
    if stale:
        print("stale (run `pinterest-mcp manifest --write`): " + ", ".join(stale), file=sys.stderr)
        return 1
    print("up to date")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from pinterest_mcp.demo import run_demo

    return anyio.run(run_demo, args.seed)


def cmd_doctor(args: argparse.Namespace) -> int:
    from pinterest_mcp.doctor import diagnose, render
    from pinterest_mcp.runtime import Runtime

    runtime = Runtime(settings_from(args))

    async def run() -> int:
        try:
            checks = await diagnose(runtime, api=args.api)
        finally:
            await runtime.aclose()
        print(redact(render(checks)))
        return 1 if any(c.status == "fail" for c in checks) else 0

    return anyio.run(run)


def cmd_auth(args: argparse.Namespace) -> int:
    import httpx

    from pinterest_mcp import auth_commands
    from pinterest_mcp.credentials import open_store

    settings = settings_from(args)
    store, notice = open_store()
    if notice:
        print(notice, file=sys.stderr)
    command = args.auth_command
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
        print(f"cleared profile {settings.profile!r} from {store.name}")
        return 0
    print(redact(auth_commands.auth_status(settings, store)))
    return 0


COMMANDS = {
    "serve": cmd_serve,
    "call": cmd_call,
    "tools": cmd_tools,
    "manifest": cmd_manifest,
    "demo": cmd_demo,
    "doctor": cmd_doctor,
    "auth": cmd_auth,
    "journal": cmd_journal,
}


def main(argv: Sequence[str] | None = None) -> int:
    install_log_redaction()  # before anything can log: every command's records, whoever handles them
    top = parser()
    # NAME=VALUE pairs may follow flags (`call list_boards --demo page_size=2`), which argparse's
    # positional matching does not allow; collect the leftovers for `call`, refuse them elsewhere.
    args, extra = top.parse_known_args(argv)
    if extra and (args.command != "call" or any(e.startswith("-") for e in extra)):
        top.error(f"unrecognized arguments: {' '.join(extra)}")
    if extra:
        args.arguments = [*args.arguments, *extra]
    try:
        return COMMANDS[args.command](args)
    except (SelectionError, ValueError) as exc:
        print(f"pinterest-mcp: {redact(str(exc))}", file=sys.stderr)
        return 2
    except PinterestError as exc:
        print(f"pinterest-mcp: {redact(exc.for_model())}", file=sys.stderr)
        return 1
    except CredentialStoreError as exc:
        print(f"pinterest-mcp: {redact(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
