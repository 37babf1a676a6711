"""What a running server holds: settings, the shared Pinterest client, and cached account facts.

Tools call `Runtime.execute`; the client is opened on first use (or by the server lifespan) and
closed with the server, so one connection pool serves every call, the token endpoint's included.

Opening is also when the HTTP stack (httpx), the credential store (keyring) and, for `--demo`, the
emulator are imported: a server answers `initialize` and `tools/list` without any of them. So are the
request builder, the answer views, the account facts and the fan-out, and with them the record types
and input models: every start imports this module, and only a call needs those (lazy, not a cycle).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

import anyio

from pinterest_mcp.api.errors import AdAccountNotAllowedError, AuthenticationError, UnexpectedResponseError
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.operations import by_name

if TYPE_CHECKING:
    import httpx
    from pydantic import BaseModel

    from pinterest_mcp.answers.account_facts import AccountFactsCache
    from pinterest_mcp.answers.names import NameCache
    from pinterest_mcp.answers.report_handles import ReportHandles
    from pinterest_mcp.api.budget import RateBudget
    from pinterest_mcp.api.client import PinterestClient
    from pinterest_mcp.api.fanout import FanOut
    from pinterest_mcp.api.request import PreparedRequest
    from pinterest_mcp.auth.credentials import Credentials, CredentialStore
    from pinterest_mcp.auth.refresh import TokenManager
    from pinterest_mcp.registry.inputs import OperationInput
    from pinterest_mcp.registry.records import Operation
    from pinterest_mcp.writes.flow import WriteFlow

log = logging.getLogger(__name__)

DEMO_BASE_URL = "http://emulator.local/v5"
DEMO_TOKEN = "demo-access-token"
ALL_PAGES_CAP = 1000
"""Items all_pages reads at most (max_items goes to 5,000); past it the answer says more remain."""


class Runtime:
    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        store: CredentialStore | None = None,
        env: Mapping[str, str] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.settings = settings
        self.emulated = settings.demo
        """Whether Pinterest here is the embedded emulator (a demo connector's grants too)."""
        self.emulator: Any = None
        self.tokens: TokenManager | None = None
        self.store_notice: str | None = None
        self._transport = transport
        self._store = store
        self.env = env
        self._client: PinterestClient | None = None
        self._lock = anyio.Lock()
        self.clock: Callable[[], float] = clock or time.time
        self._clock_given = clock
        if settings.writes_enabled and settings.writes == "auto":
            log.warning("writes=auto: write tools apply WITHOUT confirmation; use only for trusted automation")

    @cached_property
    def facts(self) -> AccountFactsCache:
        """Each ad account's currency and time zone, fetched once and shared (made on first use)."""
        from pinterest_mcp.answers.account_facts import AccountFactsCache

        return AccountFactsCache(self._fetch_account)

    @cached_property
    def names(self) -> NameCache:
        """Names beside ids in metric tables, kept a few minutes per server (made on first use)."""
        from pinterest_mcp.answers.names import NameCache

        return NameCache()

    @cached_property
    def fanout(self) -> FanOut:
        """Concurrency and rate-limit pacing for batches of requests (made on first use)."""
        from pinterest_mcp.api.fanout import FanOut

        return FanOut()

    @cached_property
    def rate_budget(self) -> RateBudget | None:
        """This server's rate budgets per category, counted in memory: a local server is one user's process.

        None in the demo unless budgets are configured: the emulator is not Pinterest, and has no limit.
        """
        from pinterest_mcp.api.budget import RateBudget, default_limits
        from pinterest_mcp.store.memory import MemoryStore

        if self.settings.demo and not self.settings.rate_budgets:
            return None
        limits = default_limits(dict(self.settings.rate_budgets))
        return RateBudget(MemoryStore(self.clock), limits=limits, clock=self.clock)

    @cached_property
    def report_handles(self) -> ReportHandles:
        """`run_report`'s handles, in memory: a local server's next call is to this same process."""
        from pinterest_mcp.answers.report_handles import ReportHandles
        from pinterest_mcp.store.memory import MemoryStore

        return ReportHandles(MemoryStore(self.clock), clock=self.clock)

    @cached_property
    def writes(self) -> WriteFlow:
        """The write flow, built on first use: plans, the journal and confirmations are not needed to
        answer `initialize` and `tools/list`, so a cold start imports none of them (lazy, not a cycle)."""
        from pinterest_mcp.writes.confirmations import Confirmations
        from pinterest_mcp.writes.flow import WriteFlow
        from pinterest_mcp.writes.journal import journal_for
        from pinterest_mcp.writes.plans import Limits

        settings = self.settings
        return WriteFlow(
            self,
            mode="off" if not settings.writes_enabled else settings.writes,
            limits=Limits(max_budget=settings.max_budget, max_increase=settings.max_increase),
            confirmations=Confirmations(
                settings.confirm_ttl,
                self._clock_given,
                store=None if settings.demo else self.credential_store,
                profile=settings.profile,
            ),
            journal=journal_for(settings, self.env),
        )

    async def client(self) -> PinterestClient:
        async with self._lock:
            if self._client is None:
                self._client = self._open()
            return self._client

    def _open(self) -> PinterestClient:
        from pinterest_mcp.api.client import BearerToken, PinterestClient
        from pinterest_mcp.auth.refresh import RefreshingAuth

        settings = self.settings
        if settings.demo:
            from pinterest_mcp.emulator import Emulator

            self.emulator = Emulator(seed=settings.seed)
            transport = self._transport or self.emulator.transport(settings.demo_faults)
            return PinterestClient(
                base_url=DEMO_BASE_URL, auth=BearerToken(DEMO_TOKEN), transport=transport, budget=self.rate_budget
            )
        # The token manager refreshes through this client's pool; the closure finds it once it exists.
        self.tokens = self._token_manager(lambda: client.http)
        log.info("using Pinterest API at %s", settings.base_url)
        auth = RefreshingAuth(self.tokens)
        client = PinterestClient(
            base_url=settings.base_url, auth=auth, transport=self._transport, budget=self.rate_budget
        )
        return client

    def credential_store(self) -> CredentialStore:
        if self._store is None:
            from pinterest_mcp.auth.credentials import open_store

            self._store, self.store_notice = open_store(profile=self.settings.profile)
            if self.store_notice:
                log.warning("%s", self.store_notice)
        return self._store

    def _token_manager(self, http: Callable[[], httpx.AsyncClient]) -> TokenManager:
        """Credentials from the store and environment, refreshed through Pinterest's token endpoint.

        `http()` is the API client's connection pool: the token endpoint is on the same host, and a
        second client would load a second TLS context for one request a month.
        """
        from pinterest_mcp.auth import oauth
        from pinterest_mcp.auth.credentials import load_credentials, save_renewed
        from pinterest_mcp.auth.refresh import TokenManager

        store = self.credential_store()
        profile = self.settings.profile
        creds = load_credentials(profile, store, self.env)
        if not creds.access_token and not creds.refresh_token:
            raise AuthenticationError(
                401,
                None,
                f"no Pinterest credentials for profile {profile!r}: run `pinterest-mcp auth login` "
                "or set PINTEREST_ACCESS_TOKEN",
            )
        token_url = oauth.token_url_for(self.settings.base_url)

        async def renew(current: Credentials) -> Credentials:
            assert current.app_id and current.app_secret and current.refresh_token
            response = await oauth.refresh(http(), token_url, current.app_id, current.app_secret, current.refresh_token)
            return response.apply_to(current)

        return TokenManager(creds, refresh=renew, persist=lambda renewed: save_renewed(store, profile, renewed))

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _fetch_account(self, ad_account_id: str) -> Any:
        op = by_name()["get_ad_account"]
        return await self.send(op, op.input.model_validate({"ad_account_id": ad_account_id}))

    async def currency(self, ad_account_id: str) -> str | None:
        """The ad account's currency, fetched once and shared: Pinterest does not repeat it on campaigns."""
        return (await self.facts.get(ad_account_id)).currency

    def with_default_account(self, model: type[BaseModel], arguments: dict[str, Any]) -> dict[str, Any]:
        """`arguments` with the default ad account filled in where the tool requires one and none is given.

        Filled before validation, so the call is checked (and allowlisted) as if the model had named it.
        Organic tools' optional `ad_account_id` (act as that account's owner) is never filled: that
        would change whose Pins they read.
        """
        default = self.settings.ad_account
        field = model.model_fields.get("ad_account_id")
        if default is None or field is None or not field.is_required() or "ad_account_id" in arguments:
            return arguments
        return {**arguments, "ad_account_id": default}

    async def send(self, op: Operation, args: OperationInput) -> Any:
        from pinterest_mcp.api.request import prepare

        client = await self.client()
        return await client.send(
            prepare(op, args), idempotent=op.is_idempotent, scopes=op.scopes, category=op.rate_limit
        )

    def check_ad_account(self, args: OperationInput) -> None:
        """Refuse, before any request, an ad account outside the `--ad-accounts` allowlist."""
        allowed = self.settings.ad_accounts
        account = getattr(args, "ad_account_id", None)
        if allowed and account is not None and account not in allowed:
            raise AdAccountNotAllowedError(
                f"Ad account {account} is not among the accounts this server may use: {', '.join(allowed)}."
            )

    async def execute(self, op: Operation, args: OperationInput) -> Any:
        """Run one operation for a tool call and shape the result for the model."""
        from pinterest_mcp.api.request import prepare

        self.check_ad_account(args)
        if op.view is not None and op.view.table:
            from pinterest_mcp.answers.analytics import answer

            return await answer(self, op, args)
        dates: dict[str, Any] | None = None
        if getattr(args, "date_range", None) is not None:  # a relative range, read in the account's time zone
            from pinterest_mcp.answers.report_dates import filled

            args, dates = await filled(self, op.name, args)
        request = prepare(op, args)
        client = await self.client()
        if op.lists:
            return await self._list(op, args, request, client, dates)
        data = await client.send(request, idempotent=op.is_idempotent, scopes=op.scopes, category=op.rate_limit)
        if data is None and request.method == "GET":
            raise UnexpectedResponseError(200, None, f"an empty answer to {op.name}")
        shown = await self._render(op, args, data)
        return {**shown, "dates": dates} if dates is not None and isinstance(shown, dict) else shown

    async def _list(
        self,
        op: Operation,
        args: OperationInput,
        request: PreparedRequest,
        client: PinterestClient,
        dates: dict[str, Any] | None,
    ) -> Any:
        """A list answer: the pages asked for, and whenever it is cut, how much was left and the bookmark on.

        Cut by max_items, `ALL_PAGES_CAP` or the walk stopping early, the answer keeps Pinterest's
        bookmark and says more remain; cut by the token cap, it carries the bookmark after its last
        item (one request more, `PinterestClient.bookmark_after`) on lists that take a page_size.
        """
        from pinterest_mcp.answers.views import cap, fitting

        all_pages = bool(getattr(args, "all_pages", False))
        max_items = getattr(args, "max_items", None) or (ALL_PAGES_CAP if all_pages else None)
        stopped: str | None = None
        starts: list[tuple[int, str | None]] = []
        if max_items is not None:
            page = await client.pages(request, max_items=max_items, scopes=op.scopes, category=op.rate_limit)
            items, bookmark, stopped, starts = page.items, page.bookmark, page.stopped, page.starts
        else:
            from pinterest_mcp.api.client import items_of

            body = await client.send(request, idempotent=True, scopes=op.scopes, category=op.rate_limit)
            paged = not isinstance(body, list)
            body = {"items": body} if isinstance(body, list) else body  # an unpaged list: a bare array
            items, bookmark = items_of(body), body.get("bookmark")
            if paged:
                starts = [(0, next((v for k, v in request.query if k == "bookmark"), None))]
        positions = list(range(len(items)))  # where each shown item stands in what Pinterest sent
        if op.view is not None and op.view.kind == "ad_account" and self.settings.ad_accounts:
            positions = [i for i in positions if items[i].get("id") in self.settings.ad_accounts]
            items = [items[i] for i in positions]
        data: dict[str, Any] = {"items": items, "count": len(items), "bookmark": bookmark}
        if stopped:
            data["stopped"] = stopped  # why the walk ended before the last page or max_items
        elif bookmark and max_items is not None:
            limit = "max_items" if getattr(args, "max_items", None) else "all_pages"
            data["stopped"] = f"{limit} stops at {max_items:,} items; more remain: the bookmark goes on"
        shown = await self._render(op, args, data)
        kept = fitting(shown)
        resume: str | None = None
        if kept < len(items) and starts and "page_size" in op.input.model_fields:
            resume = await client.bookmark_after(request, starts, positions[kept], op.scopes, op.rate_limit)
        shown = cap(shown, kept=kept, resume=resume)
        return {**shown, "dates": dates} if dates is not None else shown

    async def _render(self, op: Operation, args: OperationInput, data: Any) -> Any:
        from pinterest_mcp.answers.names import remember
        from pinterest_mcp.answers.views import project

        view = op.view
        if view is None:
            return data
        currency = None
        if view.currency == "ad_account" and view.money:
            currency = await self.currency(args.ad_account_id)  # type: ignore[attr-defined]
        if not isinstance(data, dict):
            return data
        fields = getattr(args, "fields", None)
        remember(self.names, view.kind, getattr(args, "ad_account_id", None), data["items"] if op.lists else [data])
        if op.lists:
            shown = {
                "items": [project(item, view, fields, currency) for item in data["items"]],
                "count": data["count"],
            }
            if data.get("bookmark"):
                shown["bookmark"] = data["bookmark"]
            if data.get("stopped"):
                shown["stopped"] = data["stopped"]
            return shown
        return project(data, view, fields, currency)
