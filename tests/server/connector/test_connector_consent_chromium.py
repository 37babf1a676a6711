"""The consent page in a real browser: Debian's chromium, headless, with JavaScript off.

The form tests elsewhere submit what an HTML parser reads; this one lets a browser lay the page out
and a click submit it, as a person would. Chromium is driven over its DevTools pipe (fds 3 and 4,
NUL-terminated JSON), so no Python package is needed. Locally, without chromium, the test is
skipped; in CI (CI=1, where `.ci/run` installs it) a missing chromium fails it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import anyio
import anyio.to_thread
import httpx
import pytest
import uvicorn

from pinterest_mcp.store import Store
from support.browser import chromium, chromium_or_skip
from support.connector import REDIRECT_URI, authorize_url, list_tools_status, pkce, served
from support.fakes import free_port

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

HOSTILE_NAME = '<script>alert("x")</script><b>Bold & Co</b>'
WAIT = 30.0
PAGE_HEIGHT = 4000  # tall enough that the whole form lies in the viewport: a click needs no scrolling


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """SQLite only: the browser is what this test is about."""
    return f"sqlite://{tmp_path / 'store.db'}"


@dataclass
class Visit:
    """What the browser saw of the consent page and where its submission went."""

    html: str
    checkboxes: list[dict[str, str]]
    scripts: int
    bold: int
    headers: dict[str, str]
    redirected_to: str


def consent_in_browser(binary: str, profile: Path, start: str) -> Visit:
    """Open `start`, sign in, read the consent page, click Allow: as a person without JavaScript would."""
    with chromium(binary, profile) as tools:
        target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Network", "DOM", "Log"):  # Log: a blocked navigation says why, at once
            tools.send(f"{domain}.enable", session=session)
        metrics = {"width": 1000, "height": PAGE_HEIGHT, "deviceScaleFactor": 1, "mobile": False}
        tools.send("Emulation.setDeviceMetricsOverride", metrics, session=session)
        tools.send("Page.navigate", {"url": start}, session=session)

        def is_consent(params: dict[str, Any]) -> bool:
            return "/oauth/consent" in params.get("response", {}).get("url", "") and params.get("type") == "Document"

        page = tools.event("Network.responseReceived", is_consent)["params"]
        tools.event("Page.loadEventFired", lambda loaded: loaded["timestamp"] >= page["timestamp"])
        root = tools.send("DOM.getDocument", {"depth": -1}, session=session)["root"]["nodeId"]

        def select_all(selector: str) -> list[int]:
            nodes: list[int] = tools.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector}, session)[
                "nodeIds"
            ]
            return nodes

        def attributes(node: int) -> dict[str, str]:
            flat: list[str] = tools.send("DOM.getAttributes", {"nodeId": node}, session)["attributes"]
            return dict(zip(flat[::2], flat[1::2], strict=True))

        html: str = tools.send("DOM.getOuterHTML", {"nodeId": root}, session)["outerHTML"]
        boxes = [attributes(n) for n in select_all('input[type="checkbox"][name="ad_account"]')]
        scripts, bold = len(select_all("script")), len(select_all("b"))
        (allow,) = [n for n in select_all("button") if attributes(n).get("value") == "approve"]
        quad = tools.send("DOM.getContentQuads", {"nodeId": allow}, session)["quads"][0]
        x, y = sum(quad[0::2]) / 4, sum(quad[1::2]) / 4
        for kind in ("mousePressed", "mouseReleased"):
            click = {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
            tools.send("Input.dispatchMouseEvent", click, session)

        def is_callback(params: dict[str, Any]) -> bool:
            return str(params.get("request", {}).get("url", "")).startswith(REDIRECT_URI)

        redirected = tools.event("Network.requestWillBeSent", is_callback)["params"]["request"]["url"]
    headers = {k.lower(): v for k, v in page["response"]["headers"].items()}
    return Visit(html, boxes, scripts, bold, headers, redirected)


async def test_consent_renders_without_javascript_ticked_escaped_unframeable_and_approves_as_shown(
    store: Store, tmp_path: Path
) -> None:
    binary = chromium_or_skip()
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    with anyio.fail_after(90):
        async with (
            served(store, tmp_path, public_url=public) as s,
            anyio.create_task_group() as tasks,
            httpx.AsyncClient(base_url=public) as http,
        ):
            server = uvicorn.Server(
                uvicorn.Config(s.app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
            )
            tasks.start_soon(server.serve)
            while not server.started:  # bounded by fail_after
                await anyio.sleep(0.02)
            registered = await http.post(
                "/register",
                json={
                    "redirect_uris": [REDIRECT_URI],
                    "client_name": HOSTILE_NAME,
                    "grant_types": ["authorization_code", "refresh_token"],
                    "token_endpoint_auth_method": "none",
                },
            )
            assert registered.status_code == 201, registered.text
            client_id = registered.json()["client_id"]
            verifier, challenge = pkce()
            start = authorize_url(client_id, challenge, resource=f"{public}/mcp").replace(
                "http://127.0.0.1:8000", public, 1
            )
            visit = await anyio.to_thread.run_sync(consent_in_browser, binary, tmp_path / "profile", start)
            params = {k: v[0] for k, v in parse_qs(urlsplit(visit.redirected_to).query).items()}
            token = await http.post(
                "/token",
                data={
                    "grant_type": "authorization_code",
                    "code": params.get("code", ""),
                    "redirect_uri": REDIRECT_URI,
                    "code_verifier": verifier,
                    "client_id": client_id,
                    "resource": f"{public}/mcp",
                },
            )
            listed = await list_tools_status(http, token.json().get("access_token", ""))
            server.should_exit = True

    # Rendered by the browser with scripts off: the form and its default choices are all there.
    assert "hearthandharvest" in visit.html
    assert len(visit.checkboxes) == 2 and all("checked" in box for box in visit.checkboxes)
    # The client's name is text, not markup: no element came of it.
    assert visit.scripts == 0 and visit.bold == 0
    assert "&lt;script&gt;" in visit.html and "&lt;b&gt;Bold &amp; Co&lt;/b&gt;" in visit.html
    assert "frame-ancestors 'none'" in visit.headers["content-security-policy"]
    # The click on Allow, the form as shown, approved: our code came back and it buys a token.
    assert params.get("state") == "st4te" and params.get("code")
    assert token.status_code == 200, token.text
    assert listed == 200
