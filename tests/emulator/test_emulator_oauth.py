"""The emulator's OAuth endpoints: consent, code exchange, rotating refresh, expiry, revocation, scopes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from jsonschema import FormatChecker
from openapi_schema_validator import OAS30Validator
from starlette.routing import Route

from pinterest_mcp.emulator import (
    ALL_SCOPES,
    API_PREFIX,
    DEFAULT_APP_ID,
    DEFAULT_APP_SECRET,
    Emulator,
    OAuthServer,
)
from pinterest_mcp.emulator.oauth import ROUTE_SCOPES

pytestmark = pytest.mark.anyio
T0 = 1_780_000_000.0
DAY = 24 * 3600
APP = (DEFAULT_APP_ID, DEFAULT_APP_SECRET)
REDIRECT = "http://localhost:8085/callback"
TOKEN = "/v5/oauth/token"
REVOKE = "/v5/oauth/token/revoke"
AUTH_FAILED = {"code": 2, "message": "Authentication failed."}
SCOPES = "ads:read,boards:read,pins:read,user_accounts:read"


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=7, oauth=OAuthServer(clock=lambda: T0, seed=7))


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app), base_url="http://emulator") as connected:
        yield connected


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def login(client: httpx.AsyncClient, scope: str = SCOPES, state: str = "s-1") -> str:
    """The browser step: open the consent page and read the code off the 302, as a callback would."""
    query = {"client_id": DEFAULT_APP_ID, "redirect_uri": REDIRECT, "response_type": "code", "scope": scope}
    response = await client.get("/oauth/", params=query | {"state": state})
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    params = parse_qs(location.query)
    assert params["state"] == [state]
    return params["code"][0]


async def exchange(client: httpx.AsyncClient, code: str, redirect_uri: str = REDIRECT) -> httpx.Response:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    return await client.post(TOKEN, auth=APP, data=form | {"continuous_refresh": "true"})


async def refresh(client: httpx.AsyncClient, refresh_token: str, **extra: str) -> httpx.Response:
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return await client.post(TOKEN, auth=APP, data=form | extra)


async def tokens(client: httpx.AsyncClient, scope: str = SCOPES) -> dict[str, Any]:
    response = await exchange(client, await login(client, scope))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def api_status(client: httpx.AsyncClient, token: str, path: str = "/v5/user_account") -> tuple[int, Any]:
    response = await client.get(path, headers=bearer(token))
    return response.status_code, response.json()


async def test_default_mode_is_unchanged_and_serves_no_oauth() -> None:
    emu = Emulator(seed=7)
    assert not emu.oauth_enabled
    with pytest.raises(RuntimeError, match="oauth=True"):
        _ = emu.oauth
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app), base_url="http://emulator") as client:
        assert (await client.get("/v5/user_account", headers=bearer("anything-at-all"))).status_code == 200
        token_request = await client.post(TOKEN, headers=bearer("x"), data={"grant_type": "client_credentials"})
        assert token_request.status_code == 404
        assert (await client.get("/oauth/", headers=bearer("x"))).status_code == 404
    assert not any("oauth" in route.path for route in emu.app.routes if isinstance(route, Route))
    with pytest.raises(ValueError, match="exclude"):
        Emulator(oauth=True, accept_token=lambda token: True)


async def test_code_exchange_issues_tokens_that_open_the_api(emu: Emulator, client: httpx.AsyncClient) -> None:
    code = await login(client)
    response = await exchange(client, code)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "bearer" and body["response_type"] == "authorization_code"
    assert body["access_token"].startswith("pina_") and body["refresh_token"].startswith("pinr.")
    assert body["scope"] == SCOPES
    assert (body["expires_in"], body["refresh_token_expires_in"]) == (30 * DAY, 60 * DAY)
    assert body["refresh_token_expires_at"] == int(T0) + 60 * DAY
    status, user = await api_status(client, body["access_token"])
    assert (status, user["id"]) == (200, emu.state.user["id"])
    reused = await exchange(client, code)
    assert (reused.status_code, reused.json()["code"]) == (401, 283)
    assert emu.oauth.token_requests == ["authorization_code", "authorization_code"]
    assert emu.oauth.is_live(body["access_token"]) and emu.oauth.is_live(body["refresh_token"], "refresh_token")


async def test_bad_codes_and_malformed_requests_are_refused(emu: Emulator, client: httpx.AsyncClient) -> None:
    other = emu.oauth.register_app("7654321", "other-secret")
    code = await login(client)
    wrong_redirect = await exchange(client, code, redirect_uri="http://localhost:9999/callback")
    assert (wrong_redirect.status_code, wrong_redirect.json()["code"]) == (401, 283)
    form = {"grant_type": "authorization_code", "code": await login(client), "redirect_uri": REDIRECT}
    other_app = await client.post(TOKEN, auth=(other.app_id, other.app_secret), data=form)
    assert (other_app.status_code, other_app.json()["code"]) == (401, 283)
    stale = await login(client)
    emu.oauth.advance(601)
    assert (await exchange(client, stale)).json()["code"] == 283
    assert (await exchange(client, "never-issued")).json()["code"] == 283
    malformed = {
        "grant_type": {"code": "x"},
        "code": {"grant_type": "authorization_code", "redirect_uri": REDIRECT},
        "redirect_uri": {"grant_type": "authorization_code", "code": "x"},
        "refresh_token": {"grant_type": "refresh_token"},
        "password": {"grant_type": "password"},
        "scope": {"grant_type": "client_credentials"},
    }
    for named, data in malformed.items():
        response = await client.post(TOKEN, auth=APP, data=data)
        assert response.status_code == 400 and response.json()["code"] == 1, (named, response.text)
        assert named in response.json()["message"], (named, response.text)
    as_json = await client.post(TOKEN, auth=APP, json={"grant_type": "client_credentials", "scope": "ads:read"})
    assert as_json.status_code == 400 and "Content-Type" in as_json.json()["message"]
    assert emu.oauth.token_requests[-2:] == ["client_credentials", ""]


async def test_refresh_rotates_the_refresh_token(emu: Emulator, client: httpx.AsyncClient) -> None:
    first = await tokens(client)
    emu.oauth.advance(timedelta(days=10))
    response = await refresh(client, first["refresh_token"])
    assert response.status_code == 200, response.text
    second = response.json()
    assert second["response_type"] == "refresh_token" and second["scope"] == SCOPES
    assert second["refresh_token"] != first["refresh_token"] and second["access_token"] != first["access_token"]
    assert second["refresh_token_expires_at"] == int(T0) + 70 * DAY
    replay = await refresh(client, first["refresh_token"])
    assert (replay.status_code, replay.json()["code"]) == (401, 283)
    third = await refresh(client, second["refresh_token"])
    assert third.status_code == 200
    assert third.json()["refresh_token"] not in (first["refresh_token"], second["refresh_token"])
    assert (await api_status(client, third.json()["access_token"]))[0] == 200
    assert (await api_status(client, first["access_token"]))[0] == 200, "rotation leaves earlier access tokens alive"
    assert emu.oauth.token_requests == ["authorization_code", "refresh_token", "refresh_token", "refresh_token"]


async def test_refresh_may_narrow_but_not_widen_the_scope(client: httpx.AsyncClient) -> None:
    granted = await tokens(client)
    narrowed = await refresh(client, granted["refresh_token"], scope="boards:read")
    assert narrowed.status_code == 200 and narrowed.json()["scope"] == "boards:read"
    assert (await api_status(client, narrowed.json()["access_token"], "/v5/boards"))[0] == 200
    status, body = await api_status(client, narrowed.json()["access_token"])
    assert (status, body["code"]) == (401, 3) and "user_accounts:read" in body["message"]
    again = await refresh(client, narrowed.json()["refresh_token"])
    assert again.json()["scope"] == SCOPES, "the refresh token keeps the scopes the user granted"
    widened = await refresh(client, again.json()["refresh_token"], scope="ads:write")
    assert widened.status_code == 400 and "ads:write" in widened.json()["message"]


async def test_expired_tokens_answer_401_code_2(emu: Emulator, client: httpx.AsyncClient) -> None:
    granted = await tokens(client)
    emu.oauth.advance(30 * DAY - 1)
    assert (await api_status(client, granted["access_token"]))[0] == 200
    emu.oauth.advance(1)
    assert await api_status(client, granted["access_token"]) == (401, AUTH_FAILED)
    renewed = await refresh(client, granted["refresh_token"])
    assert renewed.status_code == 200
    assert (await api_status(client, renewed.json()["access_token"]))[0] == 200
    emu.oauth.advance(timedelta(days=60))
    late = await refresh(client, renewed.json()["refresh_token"])
    assert (late.status_code, late.json()["code"]) == (401, 283)
    assert await api_status(client, "pina_never-issued") == (401, AUTH_FAILED)


async def test_lifetimes_and_clock_are_configurable() -> None:
    now = [T0]
    emu = Emulator(oauth=OAuthServer(access_token_ttl=60, refresh_token_ttl=120, clock=lambda: now[0]))
    issued = emu.oauth.issue_tokens("user_accounts:read")
    assert (issued["expires_in"], issued["refresh_token_expires_at"]) == (60, int(T0) + 120)
    assert emu.oauth.token_requests == []
    now[0] += 60
    assert not emu.oauth.is_live(issued["access_token"])
    assert emu.oauth.is_live(issued["refresh_token"], "refresh_token")
    assert emu.oauth.now() == T0 + 60
    minted = [OAuthServer(seed=seed, clock=lambda: T0).issue_tokens() for seed in (3, 3, 4)]
    assert minted[0] == minted[1] and minted[0]["access_token"] != minted[2]["access_token"], "seeded, reproducible"


async def test_revocation(emu: Emulator, client: httpx.AsyncClient) -> None:
    first = await tokens(client)
    form = {"token": first["access_token"], "token_type_hint": "access_token"}
    revoked = await client.post(REVOKE, auth=APP, data=form)
    assert (revoked.status_code, revoked.content) == (200, b"")
    assert await api_status(client, first["access_token"]) == (401, AUTH_FAILED)
    renewed = (await refresh(client, first["refresh_token"])).json()
    assert (await api_status(client, renewed["access_token"]))[0] == 200
    await client.post(REVOKE, auth=APP, data={"token": renewed["refresh_token"]})
    assert (await refresh(client, renewed["refresh_token"])).json()["code"] == 283
    assert await api_status(client, renewed["access_token"]) == (401, AUTH_FAILED), "a refresh token ends its grant"
    assert (await client.post(REVOKE, auth=APP, data={"token": "pinr.unknown"})).status_code == 200
    assert (await client.post(REVOKE, auth=APP, data={})).json()["code"] == 1
    bad_hint = await client.post(REVOKE, auth=APP, data={"token": "x", "token_type_hint": "id_token"})
    assert bad_hint.status_code == 400 and "token_type_hint" in bad_hint.json()["message"]
    other = emu.oauth.register_app("7654321", "other-secret")
    theirs = emu.oauth.issue_tokens(app_id=other.app_id)
    foreign = await client.post(REVOKE, auth=APP, data={"token": theirs["access_token"]})
    assert (foreign.status_code, foreign.json()["code"]) == (403, 29)
    mine = await tokens(client)
    assert emu.oauth.revoke_all(app_id=DEFAULT_APP_ID) == 2
    assert await api_status(client, mine["access_token"]) == (401, AUTH_FAILED)
    assert (await refresh(client, mine["refresh_token"])).json()["code"] == 283
    assert emu.oauth.is_live(theirs["access_token"])
    assert emu.oauth.revoke_all() == 2 and not emu.oauth.is_live(theirs["refresh_token"], "refresh_token")


async def test_app_authentication_failures_are_401_code_2(emu: Emulator, client: httpx.AsyncClient) -> None:
    form = {"grant_type": "client_credentials", "scope": "ads:read"}
    attempts: list[dict[str, Any]] = [
        {},
        {"auth": (DEFAULT_APP_ID, "wrong")},
        {"auth": ("999", DEFAULT_APP_SECRET)},
        {"headers": {"Authorization": "Basic not-base64!"}},
        {"headers": {"Authorization": "Basic " + "bm9jb2xvbg=="}},
        {"headers": bearer("pina_whatever")},
    ]
    for attempt in attempts:
        for path in (TOKEN, REVOKE):
            response = await client.post(path, data=form | {"token": "x"}, **attempt)
            assert (response.status_code, response.json()) == (401, AUTH_FAILED), (path, attempt)
    emu.oauth.register_app("42", "forty-two")
    assert (await client.post(TOKEN, auth=("42", "forty-two"), data=form)).status_code == 200
    assert emu.oauth.token_requests == ["client_credentials"] * (len(attempts) + 1)


async def test_client_credentials_give_an_access_token_only(emu: Emulator, client: httpx.AsyncClient) -> None:
    response = await client.post(TOKEN, auth=APP, data={"grant_type": "client_credentials", "scope": "ads:read"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["response_type"] == "client_credentials" and body["scope"] == "ads:read"
    assert not {"refresh_token", "refresh_token_expires_in", "refresh_token_expires_at"} & set(body)
    assert (await api_status(client, body["access_token"], "/v5/ad_accounts"))[0] == 200
    status, error = await api_status(client, body["access_token"], "/v5/boards")
    assert (status, error["code"]) == (401, 3) and "boards:read" in error["message"]
    unknown = await client.post(TOKEN, auth=APP, data={"grant_type": "client_credentials", "scope": "ads:everything"})
    assert unknown.status_code == 400 and "ads:everything" in unknown.json()["message"]


async def test_consent_page_errors_denial_and_redirect_query(emu: Emulator, client: httpx.AsyncClient) -> None:
    base = {"client_id": DEFAULT_APP_ID, "redirect_uri": REDIRECT, "response_type": "code", "scope": SCOPES}
    refusals = {
        "response_type": base | {"response_type": "token"},
        "client_id": base | {"client_id": "nope"},
        "scope": base | {"scope": "boards:read,everything"},
    }
    for named, query in refusals.items():
        response = await client.get("/oauth/", params=query)
        assert response.status_code == 400 and named in response.json()["message"], (named, response.text)
    emu.oauth.register_app(DEFAULT_APP_ID, DEFAULT_APP_SECRET, redirect_uris=[REDIRECT])
    unregistered = await client.get("/oauth/", params=base | {"redirect_uri": "https://evil.example/cb"})
    assert unregistered.status_code == 400 and "redirect_uri" in unregistered.json()["message"]
    denied = urlsplit(emu.oauth.authorize(DEFAULT_APP_ID, REDIRECT, "boards:read", "s-2", approve=False))
    assert parse_qs(denied.query) == {"error": ["access_denied"], "state": ["s-2"]}
    emu.oauth.register_app(DEFAULT_APP_ID, DEFAULT_APP_SECRET)
    kept = urlsplit(emu.oauth.authorize(DEFAULT_APP_ID, REDIRECT + "?tab=1", ["boards:read"]))
    assert set(parse_qs(kept.query)) == {"tab", "code"}


async def test_scope_table_covers_every_served_api_route(emu: Emulator) -> None:
    oauth = emu.oauth
    full = oauth.issue_tokens()["access_token"]
    nothing = oauth.issue_tokens(scopes=["msot:write"])["access_token"]
    served = {
        (method, route.path.removeprefix(API_PREFIX))
        for route in emu.app.routes
        if isinstance(route, Route) and route.path.startswith(API_PREFIX + "/") and "/oauth/" not in route.path
        for method in route.methods or ()
        if method != "HEAD"
    }
    assert served == set(ROUTE_SCOPES)
    for method, template in served:
        assert oauth.check_bearer(full, method, template) is None
        refusal = oauth.check_bearer(nothing, method, template)
        assert refusal is not None and (refusal.status, refusal.code) == (401, 3)


async def test_injected_faults_preempt_the_token_endpoint(emu: Emulator, client: httpx.AsyncClient) -> None:
    emu.inject_fault("POST", "/oauth/token", status=503)
    form = {"grant_type": "client_credentials", "scope": "ads:read"}
    faulted = await client.post(TOKEN, auth=APP, data=form)
    assert faulted.status_code == 503 and emu.oauth.token_requests == []
    assert emu.requests[-1].template == "/oauth/token"
    assert (await client.post(TOKEN, auth=APP, data=form)).status_code == 200
    assert emu.oauth.token_requests == ["client_credentials"]


# ----- conformance with the spec ------------------------------------------------------------------------------


def assert_valid(spec: dict[str, Any], schema: dict[str, Any], body: Any, where: str) -> None:
    validator = OAS30Validator({**schema, "components": spec["components"]}, format_checker=FormatChecker())
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(body)]
    assert not errors, f"{where} does not match the spec:\n" + "\n".join(errors[:10])


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


async def test_token_responses_and_errors_match_the_spec(spec: dict[str, Any], client: httpx.AsyncClient) -> None:
    for path in ("/oauth/token", "/oauth/token/revoke"):
        operation = spec["paths"][path]["post"]
        assert operation["security"] == [{"basic": []}]
        assert "application/x-www-form-urlencoded" in operation["requestBody"]["content"]
    code_form = {"grant_type": "authorization_code", "code": await login(client), "redirect_uri": REDIRECT}
    assert_valid(spec, ref("OauthAccessTokenRequest"), code_form, "code request")
    by_code = (await client.post(TOKEN, auth=APP, data=code_form)).json()
    refresh_form = {"grant_type": "refresh_token", "refresh_token": by_code["refresh_token"]}
    assert_valid(spec, ref("OauthAccessTokenRequest"), refresh_form, "refresh request")
    by_refresh = (await client.post(TOKEN, auth=APP, data=refresh_form)).json()
    client_form = {"grant_type": "client_credentials", "scope": "ads:read"}
    assert_valid(spec, ref("OauthAccessTokenRequest"), client_form, "client credentials request")
    by_client = (await client.post(TOKEN, auth=APP, data=client_form)).json()
    response_schema = spec["paths"]["/oauth/token"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    for body, variant in (
        (by_code, "OauthAccessTokenResponseCode"),
        (by_refresh, "OauthAccessTokenResponseRefresh"),
        (by_client, "OauthAccessTokenResponseClientCredentials"),
    ):
        assert_valid(spec, response_schema, body, body["response_type"])
        assert_valid(spec, ref(variant), body, variant)
    errors = [
        await client.post(TOKEN, data=client_form),
        await client.post(TOKEN, auth=APP, data=refresh_form),
        await client.post(TOKEN, auth=APP, data={"grant_type": "client_credentials"}),
        await client.post(REVOKE, data={"token": "x"}),
        await client.get("/v5/boards", headers=bearer(by_client["access_token"])),
    ]
    assert [r.status_code for r in errors] == [401, 401, 400, 401, 401]
    for response in errors:
        assert_valid(spec, ref("Error"), response.json(), f"{response.request.url.path} {response.status_code}")
    revoke_ok = spec["paths"]["/oauth/token/revoke"]["post"]["responses"]["200"]
    assert "content" not in revoke_ok
    assert_valid(spec, ref("TokenRevocationRequest"), {"token": "x", "token_type_hint": "refresh_token"}, "revoke")


def test_scopes_match_the_spec(spec: dict[str, Any]) -> None:
    scheme = spec["components"]["securitySchemes"]["pinterest_oauth2"]["flows"]["authorizationCode"]
    assert sorted(ALL_SCOPES) == sorted(scheme["scopes"])
    for (method, template), scopes in ROUTE_SCOPES.items():
        security = spec["paths"][template][method.lower()]["security"]
        oauth = next(requirement["pinterest_oauth2"] for requirement in security if "pinterest_oauth2" in requirement)
        assert sorted(scopes) == sorted(oauth), (method, template)
