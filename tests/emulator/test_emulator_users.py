"""The emulator's second Pinterest user: a sign-in picks who, each token acts for them, and nobody sees the other.

One user never seeing another's data can only be tested with two users; these tests pin what the
connector's isolation tests build on: the seed of the second user, the binding of tokens to the
user who signed in, and Pinterest's answer for an ad account that exists but is not yours.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from pinterest_mcp.emulator import DEFAULT_APP_ID, DEFAULT_APP_SECRET, Emulator, OAuthServer
from pinterest_mcp.emulator.http.state import Store
from pinterest_mcp.emulator.seed import story
from pinterest_mcp.emulator.seed.seed import build_store

pytestmark = pytest.mark.anyio
T0 = 1_780_000_000.0
APP = (DEFAULT_APP_ID, DEFAULT_APP_SECRET)
REDIRECT = "http://localhost:8085/callback"
SCOPES = "ads:read,ads:write,boards:read,boards:write,pins:read,user_accounts:read"
FIRST, SECOND = story.HEARTH.username, story.NORTHWIND.username
NOT_YOURS = {"code": 29, "message": "You are not permitted to access that resource."}
TODAY = date(2026, 5, 1)


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=7, oauth=OAuthServer(clock=lambda: T0, seed=7), today=lambda: TODAY)


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app), base_url="http://emulator") as connected:
        yield connected


async def sign_in(client: httpx.AsyncClient, user: str | None = None) -> dict[str, Any]:
    """The browser step as `user` (None: no choice made), then the code exchange: the token body."""
    query = {"client_id": DEFAULT_APP_ID, "redirect_uri": REDIRECT, "response_type": "code", "scope": SCOPES}
    page = await client.get("/oauth/", params=query | ({"user": user} if user is not None else {}))
    assert page.status_code == 302, page.text
    code = parse_qs(urlsplit(page.headers["location"]).query)["code"][0]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
    answer = await client.post("/v5/oauth/token", auth=APP, data=form)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def ids(store: Store) -> set[str]:
    """Every id of the user's own data (the shared interest taxonomy left out)."""
    kinds = ("ad_accounts", "campaigns", "ad_groups", "ads", "boards", "sections", "pins", "audiences", "keywords")
    return {store.user["id"], *(i for kind in kinds for i in store.collection(kind))}


def test_the_second_user_is_a_smaller_cut_of_the_story_in_an_id_range_of_its_own() -> None:
    first, second = build_store(7, TODAY), build_store(7, TODAY, story.NORTHWIND)
    assert second.user["username"] == SECOND and first.user["username"] == FIRST
    assert [a["name"] for a in second.ad_accounts.values()] == ["Northwind Trail – CA"]
    assert 0 < len(second.campaigns) < len(first.campaigns) and 0 < len(second.pins) < len(first.pins)
    assert all(a["owner"]["username"] == SECOND for a in second.ad_accounts.values())
    assert not ids(first) & ids(second)
    # Ids are shifted, not redrawn: each of the second user's ids lies past every first-user id of its kind.
    assert min(map(int, second.campaigns)) > max(map(int, first.campaigns))
    assert ids(build_store(7, TODAY, story.NORTHWIND)) == ids(second)  # seed-stable, like the story


def test_the_first_user_is_the_story_the_emulator_always_served(emu: Emulator) -> None:
    alone = Emulator(seed=7, today=lambda: TODAY)
    assert emu.state is emu.store_for(FIRST) and list(emu.users) == [FIRST, SECOND]
    assert ids(emu.state) == ids(alone.state) and emu.state.user == alone.state.user


async def test_a_sign_in_picks_the_user_and_every_route_serves_only_theirs(
    emu: Emulator, client: httpx.AsyncClient
) -> None:
    unnamed, second = await sign_in(client), await sign_in(client, SECOND)
    for tokens, user in ((unnamed, emu.store_for(FIRST)), (second, emu.store_for(SECOND))):
        me = await client.get("/v5/user_account", headers=bearer(tokens))
        accounts = await client.get("/v5/ad_accounts", headers=bearer(tokens))
        assert me.json()["username"] == user.user["username"]
        assert [a["id"] for a in accounts.json()["items"]] == list(user.ad_accounts)
        account = next(iter(user.ad_accounts))
        campaigns = await client.get(f"/v5/ad_accounts/{account}/campaigns", headers=bearer(tokens))
        assert campaigns.status_code == 200, campaigns.text
        listed = {c["id"] for c in campaigns.json()["items"]}
        assert listed and listed <= {c["id"] for c in user.campaigns_of(account)}


async def test_the_other_users_ad_account_is_refused_as_pinterest_refuses_an_account_you_cannot_access(
    emu: Emulator, client: httpx.AsyncClient
) -> None:
    first, second = await sign_in(client, FIRST), await sign_in(client, SECOND)
    theirs = next(iter(emu.store_for(SECOND).ad_accounts))
    mine = next(iter(emu.store_for(FIRST).ad_accounts))
    for tokens, other in ((first, theirs), (second, mine)):
        for path in (f"/v5/ad_accounts/{other}", f"/v5/ad_accounts/{other}/campaigns"):
            answer = await client.get(path, headers=bearer(tokens))
            assert (answer.status_code, answer.json()) == (403, NOT_YOURS), path
        in_query = await client.get("/v5/boards", params={"ad_account_id": other}, headers=bearer(tokens))
        assert (in_query.status_code, in_query.json()) == (403, NOT_YOURS)
    # An id nobody has stays a plain not-found: the refusal tells an existing account from a made-up one.
    unknown = await client.get("/v5/ad_accounts/123456789012", headers=bearer(second))
    assert unknown.status_code == 404


async def test_one_users_writes_stay_theirs(emu: Emulator, client: httpx.AsyncClient) -> None:
    first, second = await sign_in(client), await sign_in(client, SECOND)
    made = await client.post("/v5/boards", json={"name": "Camp Stove Suppers"}, headers=bearer(second))
    assert made.status_code == 201, made.text
    board = made.json()["id"]
    assert board in emu.store_for(SECOND).boards and board not in emu.state.boards
    assert (await client.get(f"/v5/boards/{board}", headers=bearer(first))).status_code == 404
    listed = await client.get("/v5/boards", params={"page_size": 100}, headers=bearer(first))
    assert board not in {b["id"] for b in listed.json()["items"]}


async def test_refresh_keeps_the_user_and_revoking_one_user_leaves_the_other(
    emu: Emulator, client: httpx.AsyncClient
) -> None:
    first, second = await sign_in(client), await sign_in(client, SECOND)
    form = {"grant_type": "refresh_token", "refresh_token": second["refresh_token"]}
    renewed = (await client.post("/v5/oauth/token", auth=APP, data=form)).json()
    assert (await client.get("/v5/user_account", headers=bearer(renewed))).json()["username"] == SECOND
    assert emu.oauth.revoke_all(user=SECOND) > 0
    assert (await client.get("/v5/user_account", headers=bearer(renewed))).status_code == 401
    assert (await client.get("/v5/user_account", headers=bearer(first))).status_code == 200


async def test_an_unknown_user_is_refused_naming_the_parameter_and_the_users(client: httpx.AsyncClient) -> None:
    query = {"client_id": DEFAULT_APP_ID, "redirect_uri": REDIRECT, "response_type": "code", "scope": SCOPES}
    answer = await client.get("/oauth/", params=query | {"user": "nobody"})
    assert answer.status_code == 400
    message = answer.json()["message"]
    assert "user" in message and FIRST in message and SECOND in message


def test_issue_tokens_can_act_for_either_user(emu: Emulator) -> None:
    token = emu.oauth.issue_tokens(user=SECOND)["access_token"]
    assert emu.oauth.user_of(token) == SECOND
    assert emu.oauth.user_of(emu.oauth.issue_tokens()["access_token"]) == FIRST
    with pytest.raises(ValueError, match="northwindtrail"):
        emu.oauth.issue_tokens(user="nobody")
