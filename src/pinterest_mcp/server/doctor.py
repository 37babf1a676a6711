"""`pinterest-mcp doctor` and the `check_connection` tool: why does (or would) the server work?

Checks, in the order a person debugs: configuration, where credentials come from, the keyring,
token expiries, granted scopes against what the enabled tools need, and with `api` a refresh and
live calls to the user account and the ad accounts. Never prints a secret: every detail is
redacted by value, since a refresh's or a live call's error may quote what Pinterest echoed.

The credential store, the token code and httpx are imported when a check runs, not with the module.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from pinterest_mcp.api.errors import PinterestError, TrialAccessError, UnexpectedResponseError
from pinterest_mcp.api.redaction import redact
from pinterest_mcp.config.endpoints import PRODUCTION_URL, SANDBOX_URL
from pinterest_mcp.operations import all_operations, by_name
from pinterest_mcp.registry.records import Operation
from pinterest_mcp.registry.toolsets import select
from pinterest_mcp.server.listing import Listing, plan_listing

if TYPE_CHECKING:
    from pinterest_mcp.runtime import Runtime

Status = Literal["ok", "warn", "fail", "info"]
TRIAL_ADVICE = (
    "Pinterest answered code 29: the app is on Trial access (about 1,000 requests a day, some endpoints closed). "
    "Apply for Standard access in the developer portal, or use --sandbox with a sandbox token for testing."
)


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str


def _where(base_url: str) -> str:
    return {PRODUCTION_URL: "production", SANDBOX_URL: "Pinterest sandbox"}.get(base_url, "custom base URL")


async def diagnose(runtime: Runtime, *, api: bool) -> list[Check]:
    settings = runtime.settings
    ops = select(settings.toolsets, settings.tools, read_only=not settings.writes_enabled, operations=all_operations())
    checks = [_tools_check(plan_listing(settings), ops), _writes_check(runtime)]
    if settings.config_file is not None:
        checks.insert(0, Check("config", "info", str(settings.config_file)))
    if settings.ad_accounts:
        checks.append(Check("ad accounts allowed", "info", ", ".join(settings.ad_accounts)))
    if settings.demo:
        checks.append(Check("target", "info", "demo: the embedded emulator, no credentials needed"))
    else:
        checks.append(Check("target", "info", f"{_where(settings.base_url)} ({settings.base_url})"))
        checks.extend(_credential_checks(runtime, ops))
    if api:
        checks.extend(await _live_checks(runtime))
    return [replace(check, detail=redact(check.detail)) for check in checks]


def _tools_check(listing: Listing, ops: tuple[Operation, ...]) -> Check:
    """The tools a client lists at start, counted as `pinterest-mcp tools` counts them (the server's own included)."""
    listed = listing.listed_at_start()
    toolsets = ", ".join(sorted({op.toolset for op in ops}))
    return Check("tools", "info", f"{len(listed)} tools listed at start, from toolsets {toolsets}")


def _writes_check(runtime: Runtime) -> Check:
    writes = runtime.writes
    if writes.mode == "off":
        return Check("writes", "info", "off: read-only, no write tools")
    limits = writes.limits
    detail = (
        f"{writes.mode}; journal {writes.ledger.where}; max budget "
        f"{limits.max_budget or 'none'}, max increase {limits.max_increase or 'none'}x per change"
    )
    if writes.mode == "auto":
        return Check("writes", "warn", detail + "; writes apply WITHOUT confirmation")
    return Check("writes", "info", detail)


def _credential_checks(runtime: Runtime, ops: tuple[Operation, ...]) -> list[Check]:
    from pinterest_mcp.auth.credentials import load_credentials
    from pinterest_mcp.auth.oauth import scopes_for
    from pinterest_mcp.auth.refresh import REFRESH_WARNING_DAYS

    store = runtime.credential_store()
    creds = load_credentials(runtime.settings.profile, store, runtime.env)
    out = [Check("credential store", "info", f"{store.name} (profile {runtime.settings.profile!r})")]
    if runtime.store_notice:
        out.append(Check("keyring", "warn", runtime.store_notice))
    sources = {name: creds.sources.get(name) for name in ("app_id", "app_secret", "access_token", "refresh_token")}
    shown = ", ".join(f"{name} from {src}" for name, src in sources.items() if src) or "none"
    usable = bool(creds.access_token or (creds.refresh_token and creds.app_id and creds.app_secret))
    # `auth login` needs the app's id and secret stored first: without them it can only refuse.
    first = (
        "`auth login`" if creds.app_id and creds.app_secret else "`auth set` (the app id and secret), then `auth login`"
    )
    out.append(Check("credentials", "ok" if usable else "fail", shown + ("" if usable else f"; run {first}")))
    now = time.time()
    if creds.access_token_expires_at is not None:
        left = (creds.access_token_expires_at - now) / 86400
        status: Status = "ok" if left > 0 else ("warn" if creds.refresh_token else "fail")
        out.append(Check("access token", status, f"expires in {left:.1f} days" if left > 0 else "expired"))
    days = creds.refresh_days_left(now)
    if days is not None:
        status = "ok" if days >= REFRESH_WARNING_DAYS else ("warn" if days > 0 else "fail")
        advice = "" if status == "ok" else "; run `pinterest-mcp auth login` before it runs out"
        out.append(Check("refresh token", status, f"{days:.1f} days left{advice}"))
    elif creds.refresh_token is None and not runtime.settings.demo:
        out.append(Check("refresh token", "warn", "none: the access token cannot be renewed automatically"))
    needed = set(scopes_for(ops))
    if creds.scopes:
        missing = sorted(needed - set(creds.scopes))
        detail = "all granted" if not missing else f"missing {', '.join(missing)}; run `auth login` again"
        out.append(Check("scopes", "ok" if not missing else "warn", detail))
    else:
        out.append(Check("scopes", "info", f"not recorded; the enabled tools need {', '.join(sorted(needed))}"))
    return out


async def _live_checks(runtime: Runtime) -> list[Check]:
    out: list[Check] = []
    ops = by_name()
    try:
        if runtime.tokens is None:
            await runtime.client()
        if runtime.tokens is not None and runtime.tokens.can_refresh:
            await runtime.tokens.refresh(rejected=runtime.tokens.credentials.access_token)
            out.append(Check("refresh", "ok", "token endpoint renewed the access token; rotated refresh token saved"))
        user = await runtime.send(ops["get_user_account"], ops["get_user_account"].input())
        if not isinstance(user, dict):
            raise UnexpectedResponseError(200, None, "the user account answer is not an object")
        out.append(Check("user account", "ok", f"@{user.get('username')} ({user.get('account_type')})"))
        list_accounts = ops["list_ad_accounts"]
        listing = await runtime.send(list_accounts, list_accounts.input.model_validate({"page_size": 250}))
        allowed = runtime.settings.ad_accounts
        accounts = [
            f"{a['id']} {a.get('name')} ({a.get('currency')})"
            for a in _ad_accounts(listing)
            if not allowed or a["id"] in allowed
        ]
        out.append(Check("ad accounts", "ok" if accounts else "warn", "; ".join(accounts) or "none reachable"))
    except TrialAccessError as exc:
        out.append(Check("api", "fail", f"{exc} {TRIAL_ADVICE}"))
    except PinterestError as exc:
        out.append(Check("api", "fail", exc.for_model()))
    return out


def _ad_accounts(listing: Any) -> list[dict[str, Any]]:
    """The ad accounts of a `list_ad_accounts` answer; a 200 of another shape is Pinterest's fault, not a crash."""
    items = listing.get("items") if isinstance(listing, dict) else None
    if not isinstance(items, list) or not all(isinstance(a, dict) and isinstance(a.get("id"), str) for a in items):
        raise UnexpectedResponseError(200, None, "the ad account list is not a list of accounts with ids")
    return items


def render(checks: list[Check]) -> str:
    marks = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL", "info": "    "}
    width = max(len(c.name) for c in checks)
    return "\n".join(f"{marks[c.status]}  {c.name:<{width}}  {c.detail}" for c in checks)


def as_dicts(checks: list[Check]) -> list[dict[str, str]]:
    return [asdict(c) for c in checks]
