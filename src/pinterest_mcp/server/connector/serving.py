"""Serving `/mcp` per grant: each grant gets its own server, Runtime, journal and confirmation key.

A request's token names its grant; the grant decides what its server lists (its toolsets, and no
write tool when read-only) and what its Runtime may touch (its ad accounts as the allowlist, the
user's Pinterest token from the vault). Nothing is shared between grants but the code: one user's
call can never reach another's Runtime, journal or confirmations.

The URL can narrow a grant further (`paths`: `/mcp/x/{toolsets}`, `/readonly`), and a user whose
Pinterest grant is gone (the refresh refused, `ReconnectNeeded`) gets that as a tool error telling
them to reconnect, while every cached server of theirs is dropped (none keeps a Runtime holding dead
tokens) and other users' servers are untouched.

Servers are kept in a bounded LRU keyed by (grant, toolsets, read-only), built on first request. Each runs
the SDK's Streamable HTTP in stateless mode, so evicting one loses no session, and any replica can
serve any request: used confirmations, the journal (the Pinterest user's, whichever grant wrote it)
and entity locks live in the shared store (`writes.store_ledger`), not in a replica; so do each
Pinterest user's rate budgets (`api.budget`), which every replica and grant of that user spends,
and their `run_report` handles (`answers.report_handles`).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
import httpx
from anyio.abc import TaskGroup, TaskStatus
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings

from pinterest_mcp.api.errors import AuthenticationError
from pinterest_mcp.auth.credentials import Credentials
from pinterest_mcp.auth.refresh import TokenManager
from pinterest_mcp.auth.vault import PinterestAccount, TokenVault
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.connector.paths import PathError, View
from pinterest_mcp.server.connector.provider import ConnectorConfig, Grant, StoreProvider
from pinterest_mcp.server.sdk import lowlevel_server

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, MutableMapping

    from mcp.server.mcpserver import MCPServer

    from pinterest_mcp.answers.report_handles import ReportHandles
    from pinterest_mcp.api.budget import RateBudget
    from pinterest_mcp.store.port import Store
    from pinterest_mcp.writes.flow import WriteFlow
    from pinterest_mcp.writes.ledger import Ledger

log = logging.getLogger(__name__)

DEFAULT_MAX_SERVERS = 512
"""Grant servers a replica keeps: each held about 0.13 MiB in the fleet bench (200 grants round-robined over
3 replicas: 122 MiB a replica, 105 MiB when each grant stays on one), so 512 cost about 70 MiB; with 64,
round-robin rebuilt a server on nearly every call."""


class GrantRuntime(Runtime):
    """A Runtime for one grant: the user's Pinterest token from the vault, renewed back into it."""

    def __init__(
        self,
        settings: Settings,
        *,
        credentials: Credentials,
        account: PinterestAccount,
        tokens: TokenVault,
        token_url: str,
        confirmation_key: bytes,
        transport: httpx.AsyncBaseTransport | None,
        ledger: Ledger | None = None,
        shared: Store | None = None,
        emulated: bool = False,
    ) -> None:
        super().__init__(settings, transport=transport, env={})
        self._shared = shared
        self.emulated = emulated
        self._credentials = credentials
        self._account = account
        self._vault_tokens = tokens
        self._token_url = token_url
        self._confirmation_key = confirmation_key
        self._ledger = ledger

    @cached_property
    def writes(self) -> WriteFlow:
        """The write flow signing confirmations with this grant's key (another grant's fail its MAC), and
        recording used confirmations, the journal and entity locks in the user's shared ledger."""
        flow = Runtime.writes.func(self)  # type: ignore[attr-defined]
        flow.confirmations.use_key(self._confirmation_key)
        flow.shared = self._ledger
        return flow  # type: ignore[no-any-return]

    @cached_property
    def rate_budget(self) -> RateBudget | None:
        """The Pinterest user's budgets, counted in the store: every replica and every grant of theirs spends one."""
        from pinterest_mcp.api.budget import RateBudget, default_limits
        from pinterest_mcp.store.memory import MemoryStore

        shared = self._shared if self._shared is not None else MemoryStore()
        limits = default_limits(dict(self.settings.rate_budgets))
        return RateBudget(shared, owner=self._account.user_id, limits=limits)

    @cached_property
    def report_handles(self) -> ReportHandles:
        """The Pinterest user's `run_report` handles in the store: a run started on one replica goes on on any."""
        from pinterest_mcp.answers.report_handles import ReportHandles
        from pinterest_mcp.store.memory import MemoryStore

        shared = self._shared if self._shared is not None else MemoryStore()
        return ReportHandles(shared, owner=self._account.user_id)

    def credential_store(self) -> Any:
        raise AuthenticationError(401, None, "a connector grant keeps its Pinterest tokens in the vault, not a keyring")

    def _token_manager(self, http: Callable[[], httpx.AsyncClient]) -> TokenManager:
        """Pinterest tokens from the vault, renewed single-flight across replicas and sealed back before use."""
        account, tokens, token_url = self._account, self._vault_tokens, self._token_url

        async def renew(current: Credentials) -> Credentials:
            return await tokens.renew(account, current, http=http(), token_url=token_url)

        return TokenManager(self._credentials, refresh=renew, persist=None)


ServedKey = tuple[str, tuple[str, ...], bool]
"""(grant id, toolsets, read-only): what a server lists depends on nothing else."""


def served_key(grant: Grant) -> ServedKey:
    return (grant.grant_id, grant.toolsets, grant.read_only)


@dataclass(eq=False)
class _Served:
    grant: Grant
    manager: StreamableHTTPSessionManager
    stop: anyio.Event = field(default_factory=anyio.Event)
    in_flight: int = 0
    retired: bool = False


@dataclass(eq=False)
class _Building:
    """A build in progress for one key: later requests for the key wait on `done` instead of building again."""

    grant: Grant
    done: anyio.Event = field(default_factory=anyio.Event)
    error: Exception | None = None
    dropped: bool = False
    served: _Served | None = None


class GrantServers:
    """A bounded LRU of servers per (grant, toolsets, read-only), each running in the app's task group while cached."""

    def __init__(
        self,
        build: Callable[[Grant], Awaitable[MCPServer[Any]]],
        *,
        limit: int = DEFAULT_MAX_SERVERS,
        security: TransportSecuritySettings | None = None,
    ) -> None:
        self.build = build
        self.limit = limit
        self.security = security
        self._served: OrderedDict[ServedKey, _Served] = OrderedDict()
        self._building: dict[ServedKey, _Building] = {}
        self._tg: TaskGroup | None = None
        self.built = 0

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        async with anyio.create_task_group() as tg:
            self._tg = tg
            try:
                yield
            finally:
                self._tg = None
                for served in self._served.values():
                    served.stop.set()
                self._served.clear()

    def __contains__(self, grant_id: str) -> bool:
        """Whether any server of the grant is cached."""
        return any(key[0] == grant_id for key in self._served)

    def __len__(self) -> int:
        return len(self._served)

    def cached(self) -> list[ServedKey]:
        """The cached keys, least recently used first."""
        return list(self._served)

    async def acquire(self, grant: Grant) -> _Served:
        """The server for `grant` as narrowed by the URL (its toolsets and mode are the key).

        A cached server is handed out at once; a missing one is built outside any lock shared
        between keys, once per key: concurrent first requests for one key wait for that build,
        and requests for other keys never wait behind it.
        """
        key = served_key(grant)
        while True:
            served = self._served.get(key)
            if served is not None:
                self._served.move_to_end(key)
                return self._hand_out(served)
            pending = self._building.get(key)
            if pending is None:
                return await self._build_for(key, grant)
            await pending.done.wait()
            if pending.error is not None:
                raise pending.error
            dropped = pending.served
            if dropped is not None and not dropped.stop.is_set():  # forgotten while building: share its one use
                dropped.in_flight += 1
                return dropped
            # The build was cancelled (its caller went away): look again, and build if still missing.

    def _hand_out(self, served: _Served) -> _Served:
        served.in_flight += 1
        self._evict()
        return served

    async def _build_for(self, key: ServedKey, grant: Grant) -> _Served:
        pending = self._building[key] = _Building(grant)
        try:
            served = await self._start(grant)
        except Exception as exc:
            pending.error = exc
            raise
        finally:
            del self._building[key]
            pending.done.set()
        if pending.dropped:  # forgotten while building: serve the calls waiting for it, then stop
            pending.served = served
            served.retired = True
            served.in_flight += 1
            return served
        self._served[key] = served
        return self._hand_out(served)

    def release(self, served: _Served) -> None:
        served.in_flight -= 1
        if served.retired and served.in_flight == 0:
            served.stop.set()

    def forget(self, grant_id: str) -> None:
        """Drop a grant's servers (revoked): their Runtimes close once their calls in flight end."""
        self._drop(lambda grant: grant.grant_id == grant_id)

    def forget_user(self, user_id: str) -> None:
        """Drop every server of a Pinterest user (their grant refused at Pinterest), whichever client."""
        self._drop(lambda grant: grant.user_id == user_id)

    def _drop(self, which: Callable[[Grant], bool]) -> None:
        for key in [key for key, served in self._served.items() if which(served.grant)]:
            self._retire(self._served.pop(key))
        for pending in self._building.values():
            if which(pending.grant):
                pending.dropped = True

    async def _start(self, grant: Grant) -> _Served:
        if self._tg is None:
            raise RuntimeError("the connector app is not running (its lifespan was not entered)")
        server = await self.build(grant)
        manager = StreamableHTTPSessionManager(
            app=lowlevel_server(server), stateless=True, security_settings=self.security
        )
        served = _Served(grant, manager)
        await self._tg.start(self._serve, served)
        self.built += 1
        return served

    @staticmethod
    async def _serve(served: _Served, *, task_status: TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        async with served.manager.run():
            task_status.started()
            await served.stop.wait()

    def _evict(self) -> None:
        while len(self._served) > self.limit:
            _, oldest = self._served.popitem(last=False)
            self._retire(oldest)

    @staticmethod
    def _retire(served: _Served) -> None:
        served.retired = True
        if served.in_flight == 0:
            served.stop.set()


class GrantDispatch:
    """What answers behind the SDK's `RequireAuthMiddleware`: the token's grant's server, narrowed by the URL."""

    def __init__(self, provider: StoreProvider, servers: GrantServers) -> None:
        self.provider = provider
        self.servers = servers

    async def serve(self, view: View, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        from starlette.responses import JSONResponse

        user = scope.get("user")
        assert isinstance(user, AuthenticatedUser)  # RequireAuthMiddleware let only those through
        grant = await self.provider.grant(user.access_token.subject or "")
        if grant is None or grant.revoked is not None:  # revoked between the token check and here
            await JSONResponse({"error": "invalid_token"}, status_code=401)(scope, receive, send)
            return
        try:
            grant = narrowed(grant, view)
        except PathError as exc:
            body = {"error": exc.error, "error_description": exc.description}
            await JSONResponse(body, status_code=exc.status)(scope, receive, send)
            return
        served = await self.servers.acquire(grant)
        try:
            await served.manager.handle_request(scope, receive, send)
        finally:
            self.servers.release(served)


def narrowed(grant: Grant, view: View) -> Grant:
    """The grant as the URL narrows it: fewer toolsets, read tools only; `PathError` 403 past the grant."""
    toolsets = view.narrow(grant.toolsets)
    mode = "read" if view.read_only else grant.mode
    return grant if (toolsets, mode) == (grant.toolsets, grant.mode) else replace(grant, toolsets=toolsets, mode=mode)


def grant_settings(base: Settings, grant: Grant, config: ConnectorConfig, journals: Path) -> Settings:
    """The settings a grant's server runs with: the grant's choices over the operator's."""
    return replace(
        base,
        demo=False,
        base_url=config.pinterest_api_url,
        profile=f"grant-{grant.grant_id}",
        toolsets=grant.toolsets,
        tools=(),
        dynamic_toolsets=False,
        read_only=grant.read_only or base.read_only,
        ad_accounts=grant.ad_accounts,
        default_ad_account=None,
        journal=journals / f"journal-{grant.grant_id}.jsonl",
    )


def server_builder(
    base: Settings,
    config: ConnectorConfig,
    tokens: TokenVault,
    *,
    journals: Path,
    transport: httpx.AsyncBaseTransport | None,
    store: Store | None = None,
) -> Callable[[Grant], Awaitable[MCPServer[Any]]]:
    """How a grant's server is made: its settings, its Runtime on the vault's tokens, `build_server`.

    With `store`, writes are recorded in the store, owned by the Pinterest user: a confirmation
    used on one replica is refused on every other, `undo_change` finds the user's entries under any
    of the user's grants and nobody else's, and entity locks hold across replicas.
    """
    from pinterest_mcp.server.build import build_server

    async def build(grant: Grant) -> MCPServer[Any]:
        creds = await tokens.load(grant.user_id, app_id=config.pinterest_app_id, app_secret=config.pinterest_app_secret)
        if creds is None:
            raise AuthenticationError(401, None, "no Pinterest tokens for this user: reconnect the connector")
        settings = grant_settings(base, grant, config, journals)
        runtime = GrantRuntime(
            settings,
            credentials=creds,
            account=PinterestAccount(grant.user_id, grant.username),
            tokens=tokens,
            token_url=config.pinterest_token_url,
            confirmation_key=tokens.vault.derive(f"confirmations:{grant.grant_id}"),
            transport=transport,
            ledger=None if store is None else _shared_ledger(store, grant.user_id),
            shared=store,
            emulated=base.demo,
        )
        return build_server(settings, runtime)

    return build


def _shared_ledger(store: Store, user_id: str) -> Ledger:
    """The user's ledger in the store (imported with the first grant's server, not with the app)."""
    from pinterest_mcp.writes.store_ledger import StoreLedger

    return StoreLedger(store, user_id)
