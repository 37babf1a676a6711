"""What the connector refuses: wrong audience, replayed codes, PKCE and redirect mismatches, forged consent,
metadata documents on private addresses, revoked grants; and a hostile client name shown as text."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import anyio
import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from pinterest_mcp.server.connector.cimd import MetadataDocumentError, MetadataDocuments, is_public
from pinterest_mcp.server.connector.provider import ACCESS, FAMILIES, digest
from pinterest_mcp.store import Store
from support.connector import (
    PUBLIC_URL,
    REDIRECT_URI,
    Browser,
    Served,
    authorize_url,
    exchange,
    list_tools_status,
    pkce,
    read_form,
    redirect_params,
    register,
    served,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite://{tmp_path / 'store.db'}"


@asynccontextmanager
async def session(
    store: Store, tmp_path: Path, **kwargs: object
) -> AsyncIterator[tuple[Served, httpx.AsyncClient, Browser]]:
    with anyio.fail_after(60):
        async with served(store, tmp_path, **kwargs) as s:  # type: ignore[arg-type]
            browser = Browser(s.app)
            try:
                yield s, browser.http, browser
            finally:
                await browser.aclose()


async def signed_in(browser: Browser, client_id: str) -> tuple[str, str]:
    """Consent as shown; (code, verifier)."""
    verifier, challenge = pkce()
    params = redirect_params(await browser.consent(authorize_url(client_id, challenge)))
    assert params["state"] == "st4te" and params["iss"] == PUBLIC_URL
    return params["code"], verifier


async def test_a_reused_code_is_refused_and_revokes_what_it_issued(store: Store, tmp_path: Path) -> None:
    async with session(store, tmp_path) as (_, http, browser):
        client_id = await register(http)
        code, verifier = await signed_in(browser, client_id)
        first = await exchange(http, client_id, code, verifier)
        assert first.status_code == 200, first.text
        access = first.json()["access_token"]
        assert await list_tools_status(http, access) == 200
        again = await exchange(http, client_id, code, verifier)
        assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
        assert await list_tools_status(http, access) == 401


async def test_a_pkce_mismatch_is_refused(store: Store, tmp_path: Path) -> None:
    async with session(store, tmp_path) as (_, http, browser):
        client_id = await register(http)
        code, _ = await signed_in(browser, client_id)
        wrong = await exchange(http, client_id, code, pkce()[0])
        assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"


async def test_an_unregistered_redirect_uri_gets_no_redirect(store: Store, tmp_path: Path) -> None:
    async with session(store, tmp_path) as (_, http, _browser):
        client_id = await register(http)
        url = authorize_url(client_id, pkce()[1], redirect_uri="https://evil.example/cb")
        answer = await http.get(url)
        assert answer.status_code == 400 and "evil.example" not in answer.headers.get("location", "")


async def test_another_resource_is_refused_at_authorize_and_a_token_for_one_at_mcp(
    store: Store, tmp_path: Path
) -> None:
    async with session(store, tmp_path) as (s, http, browser):
        client_id = await register(http)
        answer = await http.get(authorize_url(client_id, pkce()[1], resource="https://other.example/mcp"))
        assert answer.status_code in (302, 303)
        assert parse_qs(urlsplit(answer.headers["location"]).query)["error"] == ["invalid_target"]
        code, verifier = await signed_in(browser, client_id)
        token = (await exchange(http, client_id, code, verifier)).json()["access_token"]
        doc = await s.store.get(ACCESS, "", digest(token))
        assert doc is not None
        family = await s.store.get(FAMILIES, "", doc.value["family"])
        assert family is not None
        await s.store.put(FAMILIES, "", doc.value["family"], {**family.value, "resource": "https://other.example/mcp"})
        assert await list_tools_status(http, token) == 401


async def test_a_revoked_grants_token_is_refused(store: Store, tmp_path: Path) -> None:
    async with session(store, tmp_path) as (s, http, browser):
        client_id = await register(http)
        code, verifier = await signed_in(browser, client_id)
        token = (await exchange(http, client_id, code, verifier)).json()["access_token"]
        assert await list_tools_status(http, token) == 200
        loaded = await s.connector.provider.load_access_token(token)
        assert loaded is not None and loaded.subject is not None and loaded.subject in s.connector.servers
        await s.connector.provider.revoke_grant(loaded.subject)
        assert await list_tools_status(http, token) == 401
        assert loaded.subject not in s.connector.servers


async def test_consent_without_or_with_a_wrong_csrf_token_approves_nothing(store: Store, tmp_path: Path) -> None:
    async with session(store, tmp_path) as (_, http, browser):
        client_id = await register(http)
        page = await browser.follow(authorize_url(client_id, pkce()[1]))
        form = read_form(page.text)
        fields = [(n, v) for n, v in form.fields if n != "csrf"]
        for forged in (fields, [*fields, ("csrf", "forged")]):
            answer = await browser.post_form(f"{PUBLIC_URL}/oauth/consent", [*forged, ("action", "approve")])
            assert answer.status_code == 403 and "location" not in answer.headers
        other = Browser(browser.app)  # the right CSRF token from another browser (no cookie)
        answer = await other.post_form(f"{PUBLIC_URL}/oauth/consent", [*form.fields, ("action", "approve")])
        await other.aclose()
        assert answer.status_code == 403
        ok = await browser.post_form(f"{PUBLIC_URL}/oauth/consent", [*form.fields, ("action", "approve")])
        assert ok.headers["location"].startswith(REDIRECT_URI)


async def test_consent_needs_one_ad_account_and_the_page_cannot_be_framed(store: Store, tmp_path: Path) -> None:
    async with session(store, tmp_path) as (_, http, browser):
        client_id = await register(http, name='<script>alert("x")</script>')
        page = await browser.follow(authorize_url(client_id, pkce()[1]))
        assert "<script>" not in page.text and "&lt;script&gt;" in page.text
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert page.headers["x-frame-options"] == "DENY"
        form = read_form(page.text)
        assert [c for c in form.checkboxes if c[0] == "ad_account"] and all(
            c[2] for c in form.checkboxes if c[0] == "ad_account"
        )
        none = [(n, v) for n, v in form.fields if n != "ad_account"]
        answer = await browser.post_form(f"{PUBLIC_URL}/oauth/consent", [*none, ("action", "approve")])
        assert answer.status_code == 400 and "at least one" in answer.text


def document_app(client_id: str) -> Starlette:
    async def doc(_: Request) -> JSONResponse:
        return JSONResponse(
            {
                "client_id": client_id,
                "client_name": "Doc client",
                "redirect_uris": [REDIRECT_URI],
                "token_endpoint_auth_method": "none",
            }
        )

    return Starlette(routes=[Route("/client.json", doc)])


async def test_a_metadata_document_client_signs_in_when_loopback_is_allowed_for_the_test(
    store: Store, tmp_path: Path
) -> None:
    client_id = "http://127.0.0.1:9999/client.json"
    transport = httpx.ASGITransport(app=document_app(client_id))
    async with session(store, tmp_path, allow_loopback_cimd=True, documents_transport=transport) as (_, http, browser):
        code, verifier = await signed_in(browser, client_id)
        assert "Doc client" in browser.pages[-1]
        token = await exchange(http, client_id, code, verifier)
        assert token.status_code == 200, token.text
        assert await list_tools_status(http, token.json()["access_token"]) == 200


async def test_without_the_test_setting_a_loopback_document_is_no_client(store: Store, tmp_path: Path) -> None:
    client_id = "http://127.0.0.1:9999/client.json"
    transport = httpx.ASGITransport(app=document_app(client_id))
    async with session(store, tmp_path, documents_transport=transport) as (_, http, _browser):
        answer = await http.get(authorize_url(client_id, pkce()[1]))
        assert answer.status_code == 400


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "169.254.169.254", "192.168.0.1", "::1", "::ffff:10.0.0.1", "100.64.0.1", "240.0.0.1"],
)
async def test_a_metadata_document_on_a_non_public_address_is_not_fetched(store: Store, address: str) -> None:
    fetched: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34", address]

    def handler(request: httpx.Request) -> httpx.Response:
        fetched.append(str(request.url))
        return httpx.Response(200, json={})

    documents = MetadataDocuments(store, transport=httpx.MockTransport(handler), resolver=resolver)
    with pytest.raises(MetadataDocumentError, match="non-public"):
        await documents.client("https://client.example/meta.json")
    assert not fetched and not is_public(address)


async def test_a_metadata_document_must_name_itself_fit_the_size_and_not_redirect(store: Store) -> None:
    url = "https://client.example/meta.json"
    answers = iter(
        [
            httpx.Response(200, json={"client_id": "https://other.example/meta.json", "redirect_uris": [REDIRECT_URI]}),
            httpx.Response(200, content=b"{" + b" " * 20000 + b"}"),
            httpx.Response(302, headers={"location": "http://127.0.0.1/"}),
        ]
    )

    async def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    documents = MetadataDocuments(store, transport=httpx.MockTransport(lambda _: next(answers)), resolver=resolver)
    for says in ("its own URL", "over 16384 bytes", "HTTP 302"):
        with pytest.raises(MetadataDocumentError, match=says):
            await documents.client(url)
    with pytest.raises(MetadataDocumentError, match="https"):
        await documents.client("http://client.example/meta.json")
