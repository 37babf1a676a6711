"""MCP Apps views (`io.modelcontextprotocol/ui`): pictures of an answer, for clients that show them.

Three static pages in `views/` draw what a tool already answers in `structuredContent`: a line chart of
analytics over the window, a write plan with a tick box per Pin and an approve button, and the top Pins
as thumbnails. Each is one self-contained HTML file (inline script and style; the JSON-RPC bridge in
`views/bridge.js` and the styles in `views/base.css` are inlined when the page is read), served as a
`ui://pinterest/...` resource through the SDK's `Apps` extension, which also declares it to clients.

Only a client that declares the extension sees any of it: `offer_views`, a middleware, adds
`_meta.ui.resourceUri` to the tools it has a view for and leaves the `ui://` resources in
`resources/list`; every other client gets the lists it got before, byte for byte. Tool answers are the
same for everyone. A view never holds credentials: it asks the host to call a tool (`tools/call` over
postMessage), as a person's click, and the host decides.

The SDK calls its middleware provisional; `tests/server/test_ui_listing.py` compares the wire answers
with and without the extension, so a change in what a middleware sees fails there.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from mcp.server.apps import APP_MIME_TYPE, Apps, ResourceCsp, client_supports_apps
from mcp.server.context import CallNext, ServerRequestContext
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.resources import FunctionResource

PERFORMANCE = "ui://pinterest/performance.html"
PLAN = "ui://pinterest/plan.html"
TOP_PINS = "ui://pinterest/top-pins.html"

PINTEREST_IMAGES = "https://i.pinimg.com"
"""Pinterest's image CDN: the only origin a view may load from (Pin images in plans and top Pins)."""

VIEWS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    PERFORMANCE: ("performance.html", "Performance over time", ()),
    PLAN: ("plan.html", "Write plan", (PINTEREST_IMAGES,)),
    TOP_PINS: ("top_pins.html", "Top Pins", (PINTEREST_IMAGES,)),
}
"""Each view: its file, its title and the image origins its CSP allows (nothing else is allowed)."""

PERFORMANCE_TOOLS = frozenset(
    {
        "get_ad_account_analytics",
        "get_campaign_analytics",
        "get_ad_group_analytics",
        "get_ad_analytics",
        "get_ad_pin_analytics",
        "get_product_group_analytics",
    }
)
"""The analytics tools whose answer is a table by day per entity (a test checks they are exactly those)."""

TOP_PIN_TOOLS = frozenset({"get_top_pins", "get_top_video_pins"})

SHARED = {"/*STYLE*/": "base.css", "/*BRIDGE*/": "bridge.js"}
"""Marks in a view and the shared file inlined at each: one stylesheet and one bridge for the three views."""


VIEWS_FOLDER = Path(__file__).with_name("views")
"""Beside this module, read as the stored catalog is (importlib.resources would add its readers to every start)."""


def view_html(file: str) -> str:
    """The page as served: the file with the shared style and bridge inlined at their marks."""
    page = (VIEWS_FOLDER / file).read_text(encoding="utf-8")
    for mark, shared in SHARED.items():
        page = page.replace(mark, (VIEWS_FOLDER / shared).read_text(encoding="utf-8"), 1)
    return page


def view_of(tool: dict[str, Any]) -> str | None:
    """The view of a listed tool (its wire form): analytics, top Pins, or any write (which plans first)."""
    name = tool.get("name")
    if name in PERFORMANCE_TOOLS:
        return PERFORMANCE
    if name in TOP_PIN_TOOLS:
        return TOP_PINS
    annotations = tool.get("annotations") or {}
    return PLAN if annotations.get("readOnlyHint") is False else None


async def offer_views(ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> Any:
    """Link tools to their views and list the views, for a client that shows them; else change nothing."""
    result = await call_next(ctx)
    if ctx.method not in ("tools/list", "resources/list") or not isinstance(result, dict):
        return result
    shows = client_supports_apps(ctx)  # the extension declared, with the MCP Apps HTML type
    if ctx.method == "tools/list" and shows:
        return {**result, "tools": [_linked(tool) for tool in result.get("tools", [])]}
    if ctx.method == "resources/list" and not shows:
        listed = [r for r in result.get("resources", []) if not str(r.get("uri", "")).startswith("ui://")]
        return {**result, "resources": listed}
    return result


def _linked(tool: dict[str, Any]) -> dict[str, Any]:
    uri = view_of(tool)
    if uri is None:
        return tool
    return {**tool, "_meta": {**(tool.get("_meta") or {}), "ui": {"resourceUri": uri}}}


def apps_extension() -> Apps:
    """The extension with the three views as `ui://` resources, each with its CSP (images only).

    A page is read from its file when a client reads the resource, not at start.
    """
    apps = Apps()
    for uri, (file, title, images) in VIEWS.items():
        csp = ResourceCsp(resource_domains=list(images)) if images else ResourceCsp()
        meta = {"ui": {"csp": csp.model_dump(by_alias=True, exclude_none=True)}}
        read = partial(view_html, file)
        name = file.removesuffix(".html")
        view = FunctionResource(uri=uri, name=name, title=title, mime_type=APP_MIME_TYPE, meta=meta, fn=read)
        apps.add_resource(view)
    return apps


def add_views(server: MCPServer[Any]) -> None:
    """Serve the views' resources and link tools to them for clients that declare MCP Apps."""
    server.middleware.append(offer_views)
