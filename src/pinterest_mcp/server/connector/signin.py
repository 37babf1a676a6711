"""The browser's way through authorization: Pinterest's callback, then our consent page, then the client.

`/authorize` (the SDK's handler, then `StoreProvider.authorize`) stored the pending request and sent
the browser to Pinterest with the pending id as `state`. Pinterest comes back to
`/oauth/pinterest/callback`: the code is exchanged as a confidential Pinterest client (the server's
app id and secret), the user and their ad accounts are read, and the tokens are sealed into the
vault bound to the Pinterest user id. The browser then gets the consent page; its POST creates the
grant and sends the browser to the client's redirect URI with our code.

The consent step is bound twice: a CSRF token in the form that must match the pending request,
and a cookie set at the callback that must match too, so a consent link that leaks is useless in
another browser. Each pending request is approved at most once (a store claim).
"""

from __future__ import annotations

import hmac
import logging
import secrets
from typing import Any
from urllib.parse import urlsplit

import httpx
from mcp.server.auth.provider import AuthorizationParams, construct_redirect_uri
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from pinterest_mcp.api.errors import PinterestError
from pinterest_mcp.auth import oauth
from pinterest_mcp.auth.credentials import Credentials
from pinterest_mcp.auth.vault import PinterestAccount, TokenVault
from pinterest_mcp.registry.toolsets import TOOLSETS
from pinterest_mcp.server.connector.pages import SECURITY_HEADERS, consent_page, error_page
from pinterest_mcp.server.connector.provider import PENDING, Grant, StoreProvider

log = logging.getLogger(__name__)

COOKIE = "pmcp_consent"
CONSENT_USED = "oauth_consent_used"
MAX_AD_ACCOUNTS_READ = 250
"""One page of ad accounts is offered on the consent page (Pinterest's page size limit)."""
DEFAULT_TOOLSETS = tuple(t.name for t in TOOLSETS if t.default)
TOOLSET_NAMES = frozenset(t.name for t in TOOLSETS)


class SignIn:
    """The callback and consent handlers, over the provider's store and the vault."""

    def __init__(self, provider: StoreProvider, tokens: TokenVault, http: httpx.AsyncClient) -> None:
        self.provider = provider
        self.tokens = tokens
        self.http = http
        self.secure_cookie = provider.config.issuer.startswith("https://")

    async def _pending(self, request_id: str) -> tuple[dict[str, Any], int, float | None] | None:
        doc = await self.provider.store.get(PENDING, "", request_id) if request_id else None
        return None if doc is None else (dict(doc.value), doc.version, doc.expires_at)

    async def callback(self, request: Request) -> Response:
        """`GET /oauth/pinterest/callback`: Pinterest's answer; on success, on to the consent page."""
        query = request.query_params
        found = await self._pending(query.get("state", ""))
        if found is None:
            return error_page("This sign-in is unknown or expired. Start again from your MCP client.")
        pending, version, expires_at = found
        if pending["signed_in"]:
            return error_page("This sign-in was already completed. Start again from your MCP client.")
        if query.get("error") or not query.get("code"):
            await self.provider.store.delete(PENDING, "", query["state"])
            return _back_to_client(pending, "access_denied", "the Pinterest sign-in was declined")
        config = self.provider.config
        try:
            answer = await oauth.exchange_code(
                self.http,
                config.pinterest_token_url,
                config.pinterest_app_id,
                config.pinterest_app_secret,
                query["code"],
                config.callback_url,
            )
            creds = answer.apply_to(Credentials(app_id=config.pinterest_app_id, app_secret=config.pinterest_app_secret))
            account, ad_accounts = await self._whoami(answer.access_token)
        except PinterestError as exc:
            log.warning("Pinterest sign-in failed: %s", exc)
            return error_page("Pinterest did not complete the sign-in. Start again from your MCP client.", 502)
        await self.tokens.save(account, creds)
        browser = secrets.token_urlsafe(32)
        pending |= {
            "signed_in": True,
            "user_id": account.user_id,
            "username": account.username,
            "ad_accounts": ad_accounts,
            "csrf": secrets.token_urlsafe(32),
            "browser": browser,
        }
        await self.provider.store.put(PENDING, "", query["state"], pending, if_version=version, expires_at=expires_at)
        response = RedirectResponse(f"{config.consent_url}?request={query['state']}", status_code=303)
        response.set_cookie(
            COOKIE,
            browser,
            httponly=True,
            samesite="lax",
            secure=self.secure_cookie,
            path=urlsplit(config.consent_url).path,
        )
        return response

    async def _whoami(self, access_token: str) -> tuple[PinterestAccount, list[list[str]]]:
        """The signed-in user and their ad accounts, read with their new Pinterest token."""
        base = self.provider.config.pinterest_api_url.rstrip("/")
        headers = {"Authorization": f"Bearer {access_token}", "Accept": "application/json"}
        user = await self._get(f"{base}/user_account", headers, {})
        listed = await self._get(f"{base}/ad_accounts", headers, {"page_size": str(MAX_AD_ACCOUNTS_READ)})
        items = listed.get("items") if isinstance(listed, dict) else None
        accounts = [
            [str(a["id"]), str(a.get("name") or a["id"])] for a in items or () if isinstance(a, dict) and a.get("id")
        ]
        user_id = str(user.get("id") or user.get("username") or "")
        if not user_id:
            raise PinterestError("Pinterest's user_account answer names no user")
        return PinterestAccount(user_id, str(user.get("username") or user_id)), accounts

    async def _get(self, url: str, headers: dict[str, str], params: dict[str, str]) -> Any:
        from pinterest_mcp.api.errors import error_for

        try:
            response = await self.http.get(url, headers=headers, params=params, timeout=30.0)
        except httpx.HTTPError as exc:
            raise PinterestError(f"Pinterest did not answer ({type(exc).__name__})") from None
        if response.status_code >= 400:
            raise error_for(response.status_code, _json(response))
        body = _json(response)
        if not isinstance(body, dict):
            raise PinterestError("Pinterest answered with something that is not a JSON object")
        return body

    async def show(self, request: Request) -> Response:
        """`GET /oauth/consent?request=ID`: the form, only in the browser that signed in."""
        request_id = request.query_params.get("request", "")
        found = await self._pending(request_id)
        if found is None or not found[0]["signed_in"]:
            return error_page("This consent request is unknown or expired. Start again from your MCP client.")
        pending = found[0]
        if not _same(request.cookies.get(COOKIE, ""), pending["browser"]):
            return error_page("This consent page belongs to the browser that signed in at Pinterest.", 403)
        client = await self.provider.get_client(pending["client_id"])
        params = AuthorizationParams.model_validate(pending["params"])
        name = (client.client_name if client is not None else None) or pending["client_id"]
        return consent_page(
            request_id=request_id,
            csrf=pending["csrf"],
            username=pending["username"],
            client_name=name,
            redirect_uri=str(params.redirect_uri),
            ad_accounts=[(a, n) for a, n in pending["ad_accounts"]],
        )

    async def decide(self, request: Request) -> Response:
        """`POST /oauth/consent`: the user's choice becomes a grant, then our code goes to the client."""
        form = await request.form()
        request_id = str(form.get("request") or "")
        found = await self._pending(request_id)
        if found is None or not found[0]["signed_in"]:
            return error_page("This consent request is unknown or expired. Start again from your MCP client.")
        pending = found[0]
        if not _same(str(form.get("csrf") or ""), pending["csrf"]) or not _same(
            request.cookies.get(COOKIE, ""), pending["browser"]
        ):
            return error_page("The consent form did not come from this server's page; nothing was approved.", 403)
        if form.get("action") == "deny":
            await self.provider.store.delete(PENDING, "", request_id)
            return _back_to_client(pending, "access_denied", "the user denied access")
        offered = {a for a, _ in pending["ad_accounts"]}
        chosen = [str(a) for a in form.getlist("ad_account")]
        if not chosen or not set(chosen) <= offered:
            return error_page("Choose at least one of your ad accounts. Go back and tick one.")
        toolsets = [str(t) for t in form.getlist("toolset")] or list(DEFAULT_TOOLSETS)
        if not set(toolsets) <= TOOLSET_NAMES:
            return error_page("An unknown toolset was chosen.")
        mode = "write" if form.get("mode") == "write" else "read"
        store = self.provider.store
        if not await store.claim(CONSENT_USED, "", request_id, expires_at=self.provider.clock() + 3600):
            return error_page("This consent was already given.", 409)
        grant = Grant(
            grant_id=secrets.token_urlsafe(16),
            user_id=pending["user_id"],
            username=pending["username"],
            client_id=pending["client_id"],
            ad_accounts=tuple(a for a, _ in pending["ad_accounts"] if a in chosen),
            mode=mode,
            toolsets=tuple(t.name for t in TOOLSETS if t.name in toolsets),
            created=self.provider.clock(),
        )
        location = await self.provider.approve(pending, grant)
        await store.delete(PENDING, "", request_id)
        response = RedirectResponse(location, status_code=303, headers=SECURITY_HEADERS)
        response.delete_cookie(COOKIE, path=urlsplit(self.provider.config.consent_url).path)
        return response


def _same(given: str, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _back_to_client(pending: dict[str, Any], error: str, description: str) -> Response:
    params = AuthorizationParams.model_validate(pending["params"])
    location = construct_redirect_uri(
        str(params.redirect_uri), error=error, error_description=description, state=params.state
    )
    return RedirectResponse(location, status_code=303)
