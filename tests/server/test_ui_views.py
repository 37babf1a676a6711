"""The MCP Apps views in a real browser, fed answers recorded from the emulator through a real MCP client.

Each view is read from the server as a `ui://` resource and framed by a stand-in host
(`support.view_host`) under the CSP its metadata declares. Checked: it draws (SVG series, Pin
cards, thumbnails), it shows every number of the text answer, it sends the right JSON-RPC through
the host when a Pin is unticked and the plan approved, and it loads nothing but the loopback host's
page, itself and the loopback stand-in for Pinterest's image CDN. With
PINTEREST_MCP_VIEW_SCREENSHOTS=1 the run writes docs/views/*.png for the README.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import pytest
from mcp import Client
from mcp.client.extension import advertise
from mcp.server.apps import APP_MIME_TYPE, EXTENSION_ID
from mcp.types import TextResourceContents

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.ui import PERFORMANCE, PLAN, TOP_PINS
from support.browser import DevTools, chromium, chromium_or_skip
from support.tools import call, text_of
from support.view_host import Scene, ViewHost, view_host

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

TODAY = datetime.now(UTC).date()
WINDOW = {"start_date": str(TODAY - timedelta(days=14)), "end_date": str(TODAY - timedelta(days=1))}
PREVIOUS = {"start_date": str(TODAY - timedelta(days=28)), "end_date": str(TODAY - timedelta(days=15))}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "views"
APPS = advertise(EXTENSION_ID, {"mimeTypes": [APP_MIME_TYPE]})
FIGURES = "Array.from(document.querySelectorAll('figure'))"
FLAGS = ("--disable-features=IsolateSandboxedIframes", "--disable-site-isolation-trials")
"""Keep the sandboxed view in the page's process, so one DevTools session reads both documents."""


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    runtime = Runtime(
        Settings(demo=True, toolsets=("default", "organic_analytics", "pins", "boards", "organic_manage", "ads_manage"))
    )
    async with Client(build_server(runtime.settings, runtime), extensions=[APPS]) as connected:
        yield connected


async def resource(client: Client, uri: str) -> tuple[str, str, dict[str, Any] | None]:
    """The view's file name, HTML and `_meta`, as a host reads them."""
    (content,) = (await client.read_resource(uri)).contents
    assert isinstance(content, TextResourceContents) and content.mime_type == APP_MIME_TYPE
    return uri.removeprefix("ui://pinterest/"), content.text, content.meta


async def scene(client: Client, uri: str, tool: str, arguments: dict[str, Any], theme: str = "light") -> Scene:
    """A view with a tool's recorded answer (its text and structured content, as the host relays it)."""
    file, html, meta = await resource(client, uri)
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, text_of(result)
    relayed = {"content": [{"type": "text", "text": text_of(result)}], "structuredContent": result.structured_content}
    return Scene(file, html, meta, tool, arguments, relayed, theme=theme)


def numbers_in(text: str) -> set[str]:
    """Every number of a JSON text answer, as the view prints it (JSON's own spelling)."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, bool):
            return
        if isinstance(value, int | float):
            found.add(json.dumps(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(text))
    return found


@dataclass
class Page:
    """The host page and its framed view in one chromium tab."""

    tools: DevTools
    session: str
    host: ViewHost

    def show(self, shown: Scene, ready: str = "true") -> None:
        """Load the host page with `shown`; return once the view has drawn and `ready` holds in it."""
        self.host.scene = shown
        self.tools.events.clear()
        self.tools.send("Page.navigate", {"url": f"{self.host.origin}/host.html"}, self.session)
        self.tools.event("Page.loadEventFired")
        self.in_host("window.rendered")
        self.in_view(ready)

    def _evaluate(self, expression: str, context: int | None = None) -> Any:
        poll = f"const t = () => {{ const v = ({expression}); v ? ok(v) : setTimeout(t, 20); }}; t();"
        waited = f"new Promise((ok) => {{ {poll} }})"
        params: dict[str, Any] = {"expression": waited, "awaitPromise": True, "returnByValue": True}
        if context is not None:
            params["contextId"] = context
        answer = self.tools.send("Runtime.evaluate", params, self.session)
        assert "exceptionDetails" not in answer, answer["exceptionDetails"]
        return answer["result"].get("value")

    def in_host(self, expression: str) -> Any:
        """`expression` in the host page, once it is truthy (bounded by the DevTools wait)."""
        return self._evaluate(expression)

    def in_view(self, expression: str) -> Any:
        """`expression` in the view's document (an isolated world: same DOM, none of the view's globals)."""
        tree = self.tools.send("Page.getFrameTree", session=self.session)["frameTree"]
        (child,) = tree["childFrames"]
        world = self.tools.send("Page.createIsolatedWorld", {"frameId": child["frame"]["id"]}, self.session)
        return self._evaluate(expression, world["executionContextId"])

    def sent(self, method: str) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = json.loads(self.in_host("JSON.stringify(window.sent)"))
        return [m for m in messages if m.get("method") == method]

    def requests(self) -> list[str]:
        """Every URL this tab asked for since the last `show`."""
        return [
            e["params"]["request"]["url"]
            for e in self.tools.events
            if e.get("method") == "Network.requestWillBeSent" and e.get("sessionId") == self.session
        ]

    def screenshot(self, name: str) -> None:
        """docs/views/NAME.png of the framed view, when PINTEREST_MCP_VIEW_SCREENSHOTS is set."""
        if not os.environ.get("PINTEREST_MCP_VIEW_SCREENSHOTS"):
            return
        height = self.in_host("document.getElementById('view').offsetHeight")
        clip = {"x": 0, "y": 0, "width": 640, "height": height, "scale": 1}
        shot = self.tools.send("Page.captureScreenshot", {"format": "png", "clip": clip}, self.session)
        DOCS.mkdir(parents=True, exist_ok=True)
        (DOCS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


@contextmanager
def browser(host: ViewHost, profile: Path) -> Iterator[Page]:
    with chromium(chromium_or_skip(), profile, scripts=True, flags=FLAGS) as tools:
        target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            tools.send(f"{domain}.enable", session=session)
        metrics = {"width": 640, "height": 2400, "deviceScaleFactor": 1, "mobile": False}
        tools.send("Emulation.setDeviceMetricsOverride", metrics, session=session)
        yield Page(tools, session, host)


def assert_loaded_only_loopback(page: Page) -> None:
    """The page, the view and its images came from the loopback host; the view fetched nothing else."""
    urls = page.requests()
    assert urls, "the browser log shows no request at all"
    strays = [u for u in urls if not u.startswith(page.host.origin) and not u.startswith("data:")]
    assert strays == []


async def test_performance_view_draws_a_series_per_campaign_every_number_and_the_previous_window_dashed(
    client: Client, tmp_path: Path
) -> None:
    account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
    campaigns = [c["id"] for c in (await call(client, "list_campaigns", ad_account_id=account, page_size=50))["items"]]
    arguments = {
        "ad_account_id": account,
        "campaign_ids": campaigns,
        "granularity": "DAY",
        "columns": ["SPEND_IN_DOLLAR", "CPA", "CTR"],
        "totals": True,
        **WINDOW,
    }
    shown = await scene(client, PERFORMANCE, "get_campaign_analytics", arguments)
    previous = await client.call_tool("get_campaign_analytics", {**arguments, **PREVIOUS})
    shown.calls.append(
        {
            "name": "get_campaign_analytics",
            "arguments": {**arguments, **PREVIOUS},
            "result": {
                "content": [{"type": "text", "text": text_of(previous)}],
                "structuredContent": previous.structured_content,
            },
        }
    )
    data = shown.result["structuredContent"]
    entities = len({row[1] for row in data["rows"]})
    names = data["CAMPAIGN_NAME"]

    def look(page: Page) -> dict[str, Any]:
        page.show(shown, "document.querySelectorAll('figure').length === 3")
        seen: dict[str, Any] = {
            "series": page.in_view(f"{FIGURES}.map(f => f.querySelectorAll('path.series').length).join()"),
            "metrics": page.in_view(f"{FIGURES}.map(f => f.dataset.metric).join('|')"),
            "text": page.in_view("document.body.textContent"),
        }
        page.in_view("document.querySelector('button').click() || true")
        seen["dashed"] = page.in_view(
            f"{FIGURES}.map(f => f.querySelectorAll('path.previous[stroke-dasharray]').length).join()"
        )
        seen["calls"] = page.sent("tools/call")
        page.screenshot("performance")
        assert_loaded_only_loopback(page)
        return seen

    with view_host() as host, browser(host, tmp_path / "profile") as page:
        seen = await anyio.to_thread.run_sync(look, page)

    assert seen["metrics"] == "SPEND (USD)|CPA (USD)|CTR (%)"
    assert seen["series"] == ",".join([str(min(entities, 5))] * 3)  # one line per campaign in each chart
    assert all(name in seen["text"] for name in names.values())  # names beside ids
    missing = {n for n in numbers_in(shown.result["content"][0]["text"]) if n not in seen["text"]}
    assert missing == set()
    # The comparison was asked of the host as a read, for the window just before, and drawn dashed.
    assert [c["params"] for c in seen["calls"]] == [
        {"name": "get_campaign_analytics", "arguments": {**arguments, **PREVIOUS}}
    ]
    before = len({row[1] for row in previous.structured_content["rows"]} & {row[1] for row in data["rows"]})
    assert seen["dashed"] == ",".join([str(min(before, 5))] * 3)  # each campaign's previous window, dashed


async def test_plan_view_shows_the_pin_and_its_approval_goes_through_the_host_and_creates_it(
    client: Client, tmp_path: Path
) -> None:
    board = (await call(client, "list_boards"))["items"][0]["id"]
    with view_host() as host:
        image = f"{host.origin}/img/pin.png"
        arguments = {
            "board_id": board,
            "title": "Sage <b>Dutch</b> Oven",
            "link": "https://example.com/oven",
            "media_source": {"source_type": "image_url", "url": image},
        }
        shown = await scene(client, PLAN, "create_pin", arguments)

        def look(page: Page) -> dict[str, Any]:
            page.show(
                shown, "document.querySelector('article.pin img') && document.querySelector('article.pin img').complete"
            )
            seen: dict[str, Any] = {
                "image": page.in_view("document.querySelector('article.pin img').naturalWidth"),
                "title": page.in_view("document.querySelector('article.pin label span').textContent"),
                "bold": page.in_view("String(document.querySelectorAll('b').length)"),
                "text": page.in_view("document.body.innerText"),
            }
            page.screenshot("plan")
            page.in_view("document.getElementById('approve').click() || true")
            page.in_host("window.sent.some(m => m.method === 'tools/call')")
            seen["calls"] = page.sent("tools/call")
            assert_loaded_only_loopback(page)
            return seen

        with browser(host, tmp_path / "profile") as page:
            seen = await anyio.to_thread.run_sync(look, page)
        served = list(host.images_served)

    assert seen["image"] > 0 and served == ["/img/pin.png"]
    assert seen["title"] == "Sage <b>Dutch</b> Oven" and seen["bold"] == "0"  # Pinterest's text stays text
    assert "create_pin: create 1 pin" in seen["text"]
    confirmation = shown.result["structuredContent"]["confirmation"]
    ((sent),) = seen["calls"]
    assert sent["params"] == {"name": "create_pin", "arguments": {**arguments, "confirmation": confirmation}}
    # What the view asked for, sent on by the host, is what applies the plan: the Pin exists after it.
    applied = await client.call_tool(sent["params"]["name"], sent["params"]["arguments"])
    assert not applied.is_error, text_of(applied)
    created = json.loads(text_of(applied))
    assert "Sage <b>Dutch</b> Oven" in json.dumps(created)


def board_and_pins(origin: str) -> dict[str, Any]:
    """plan_launch's arguments for a new board and three Pins on it, their images on the loopback stand-in CDN."""
    pins = [
        {
            "ref": f"pin{n}",
            "kind": "pin",
            "fields": {
                "board_id": "@board",
                "title": title,
                "link": f"https://example.com/spring/{n}",
                "media_source": {"source_type": "image_url", "url": f"{origin}/img/{n}.png"},
            },
        }
        for n, title in enumerate(("Linen <i>napkins</i>", "Sage Dutch oven", "Oat jar"), start=1)
    ]
    return {"items": [{"ref": "board", "kind": "board", "fields": {"name": "Spring launch"}}, *pins]}


async def test_plan_view_of_a_launch_leaves_the_unticked_pin_out_and_the_server_creates_the_rest(
    client: Client, tmp_path: Path
) -> None:
    listed = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert (listed["plan_launch"].meta or {})["ui"] == {"resourceUri": PLAN}  # linked, as every write is
    with view_host() as host:
        arguments = board_and_pins(host.origin)
        shown = await scene(client, PLAN, "plan_launch", arguments)  # recorded from the emulator

        def look(page: Page) -> dict[str, Any]:
            page.show(shown, "Array.from(document.querySelectorAll('article.pin img')).every(i => i.complete)")
            seen: dict[str, Any] = {
                "titles": page.in_view(
                    "Array.from(document.querySelectorAll('article.pin label span')).map(s => s.textContent).join('|')"
                ),
                "ticked": page.in_view("document.querySelectorAll('article.pin input:checked').length"),
                "italic": page.in_view("String(document.querySelectorAll('i').length)"),
                "all": page.in_view("document.getElementById('approve').textContent"),
            }
            page.in_view("document.querySelector('input[data-ref=pin2]').click() || true")
            seen["label"] = page.in_view("document.getElementById('approve').textContent")
            seen["off"] = page.in_view(
                "Array.from(document.querySelectorAll('article.pin.off')).map(a => a.dataset.ref).join()"
            )
            seen["gone"] = page.in_view("document.querySelector('article.pin.off .gone').textContent")
            page.in_view("document.documentElement.scrollHeight <= window.innerHeight")  # the host fitted it
            page.screenshot("plan-launch")
            page.in_view("document.getElementById('approve').click() || true")
            page.in_host("window.sent.some(m => m.method === 'tools/call')")
            seen["calls"] = page.sent("tools/call")
            assert_loaded_only_loopback(page)
            return seen

        with browser(host, tmp_path / "profile") as page:
            seen = await anyio.to_thread.run_sync(look, page)
        served = sorted(host.images_served)

    assert served == ["/img/1.png", "/img/2.png", "/img/3.png"]  # each Pin's image, from the item's fields
    assert seen["titles"] == "Linen <i>napkins</i>|Sage Dutch oven|Oat jar" and seen["italic"] == "0"
    assert seen["ticked"] == 3 and seen["all"] == "Approve"
    assert seen["label"] == "Approve 3 of 4" and seen["off"] == "pin2" and seen["gone"] == "left out"
    confirmation = shown.result["structuredContent"]["confirmation"]
    ((sent),) = seen["calls"]
    assert sent["params"] == {
        "name": "plan_launch",
        "arguments": {**arguments, "confirmation": confirmation, "leave_out": ["pin2"]},
    }
    # Sent on by the host, that message is what applies the launch: the board and the two Pins left ticked.
    done = await call(client, sent["params"]["name"], **sent["params"]["arguments"])
    assert done["status"] == "applied", done
    created = {c["ref"]: c["id"] for c in done["created"]}
    assert list(created) == ["board", "pin1", "pin3"] and done["left_out"] == {"@pin2": "left out"}
    on_board = await call(client, "list_board_pins", board_id=created["board"], fields=["title"])
    assert sorted(p["title"] for p in on_board["items"]) == ["Linen <i>napkins</i>", "Oat jar"]
    assert sorted(p["id"] for p in on_board["items"]) == sorted([created["pin1"], created["pin3"]])


async def test_plan_view_of_an_ad_launch_shows_the_pin_and_the_ad_it_needs_left_out_with_it(
    client: Client, tmp_path: Path
) -> None:
    account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
    board = (await call(client, "list_boards"))["items"][0]["id"]
    with view_host() as host:
        arguments = {
            "ad_account_id": account,
            "items": [
                {"ref": "pin1", "kind": "pin", "fields": {"board_id": board, "title": "Oat jar",
                 "link": "https://example.com/oats",
                 "media_source": {"source_type": "image_url", "url": f"{host.origin}/img/oat.png"}}},
                {"ref": "c1", "kind": "campaign", "fields": {"name": "Oat launch", "objective_type": "AWARENESS",
                 "status": "PAUSED", "lifetime_spend_cap": 250_000_000}},
                {"ref": "ag1", "kind": "ad_group", "fields": {"campaign_id": "@c1", "name": "Broad",
                 "billable_event": "IMPRESSION", "budget_in_micro_currency": 12_500_000}},
                {"ref": "ad1", "kind": "ad", "fields": {"ad_group_id": "@ag1", "pin_id": "@pin1",
                 "creative_type": "REGULAR", "name": "Oat jar ad"}},
            ],
        }  # fmt: skip
        shown = await scene(client, PLAN, "plan_launch", arguments)

        def look(page: Page) -> dict[str, Any]:
            drawn = "document.querySelector('article.pin img') && document.querySelector('article.pin img').complete"
            page.show(shown, drawn)
            seen: dict[str, Any] = {"text": page.in_view("document.body.innerText")}
            page.in_view("document.getElementById('approve').click() || true")  # every Pin ticked
            page.in_host("window.sent.some(m => m.method === 'tools/call')")
            seen["all"] = page.sent("tools/call")
            page.show(shown, drawn)  # the same plan afresh, this time with its Pin unticked
            page.in_view("document.querySelector('input[data-ref=pin1]').click() || true")
            seen["label"] = page.in_view("document.getElementById('approve').textContent")
            seen["off"] = page.in_view("Array.from(document.querySelectorAll('.off')).map(a => a.dataset.ref).join()")
            seen["ad"] = page.in_view("document.querySelector('section[data-ref=ad1] .gone').textContent")
            page.in_view("document.getElementById('approve').click() || true")
            page.in_host("window.sent.some(m => m.method === 'tools/call')")
            seen["calls"] = page.sent("tools/call")
            assert_loaded_only_loopback(page)
            return seen

        with browser(host, tmp_path / "profile") as page:
            seen = await anyio.to_thread.run_sync(look, page)

    # The other items as plan_launch renders them for people: names beside ids, money in currency units.
    assert "ad group daily budget: 12.50 USD" in seen["text"] and '@c1 (new campaign "Oat launch")' in seen["text"]
    assert seen["label"] == "Approve 2 of 4" and seen["off"] == "pin1,ad1"
    assert seen["ad"] == "left out: it needs @pin1, which is left out"
    confirmation = shown.result["structuredContent"]["confirmation"]
    ((every),) = seen["all"]
    assert every["params"] == {"name": "plan_launch", "arguments": {**arguments, "confirmation": confirmation}}
    ((sent),) = seen["calls"]
    assert sent["params"]["arguments"] == {**arguments, "confirmation": confirmation, "leave_out": ["pin1"]}
    done = await call(client, "plan_launch", **sent["params"]["arguments"])
    assert [c["ref"] for c in done["created"]] == ["c1", "ag1"] and done["left_out"] == {
        "@pin1": "left out",
        "@ad1": "left out: it needs @pin1, which is left out",
    }


def on_loopback(media: Any, url: str) -> Any:
    """`media` with every image URL (any size, carousel slide, video cover) on the loopback stand-in CDN."""
    if isinstance(media, dict):
        return {k: url if k in ("url", "cover_image_url") else on_loopback(v, url) for k, v in media.items()}
    if isinstance(media, list):
        return [on_loopback(v, url) for v in media]
    return media


async def test_top_pins_view_shows_each_pin_as_its_thumbnail_with_every_number_in_dark(
    client: Client, tmp_path: Path
) -> None:
    window = {"start_date": str(TODAY - timedelta(days=20)), "end_date": str(TODAY - timedelta(days=1))}
    with view_host() as host:
        shown = await scene(client, TOP_PINS, "get_top_pins", {**window, "sort_by": "IMPRESSION"}, theme="dark")
        rows = shown.result["structuredContent"]["rows"]
        for row in rows:
            pin = await call(client, "get_pin", pin_id=row[0], fields=["media"])
            pin["media"] = on_loopback(pin["media"], f"{host.origin}/img/{row[0]}.png")
            relayed = {"content": [{"type": "text", "text": json.dumps(pin)}], "structuredContent": pin}
            shown.calls.append(
                {"name": "get_pin", "arguments": {"pin_id": row[0], "fields": ["media"]}, "result": relayed}
            )

        def look(page: Page) -> dict[str, Any]:
            images = "Array.from(document.querySelectorAll('figure.pin img'))"
            page.show(shown, f"{images}.length === {len(rows)} && {images}.every(i => i.complete && i.naturalWidth)")
            seen: dict[str, Any] = {
                "pins": page.in_view(
                    "Array.from(document.querySelectorAll('figure.pin')).map(f => f.dataset.pin).join()"
                ),
                "text": page.in_view("document.body.textContent"),
                "background": page.in_view("getComputedStyle(document.body).backgroundColor"),
            }
            page.screenshot("top-pins")
            assert_loaded_only_loopback(page)
            return seen

        with browser(host, tmp_path / "profile") as page:
            seen = await anyio.to_thread.run_sync(look, page)
        served = sorted(host.images_served)

    assert seen["pins"] == ",".join(row[0] for row in rows)  # best first, as Pinterest ranked them
    assert served == sorted(f"/img/{row[0]}.png" for row in rows)
    assert seen["background"] == "rgb(27, 27, 27)"  # the host said dark
    missing = {n for n in numbers_in(shown.result["content"][0]["text"]) if n not in seen["text"]}
    assert missing == set()
