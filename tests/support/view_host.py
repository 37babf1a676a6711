"""A stand-in MCP Apps host for the views: a page that frames a view and speaks the extension's JSON-RPC.

`ViewHost` serves, on loopback only, a host page, the view as the server's `ui://` resource holds it
(with the Content-Security-Policy a host builds from the resource's `_meta.ui.csp`), and small PNGs
standing in for Pinterest's image CDN. The host page frames the view in a sandboxed iframe (scripts,
no same-origin), answers `ui/initialize`, sends the recorded tool input and result, answers the view's
`tools/call` from recorded answers, and keeps every message the view sent in `window.sent`.
"""

from __future__ import annotations

import json
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pinterest_mcp.server.ui import PINTEREST_IMAGES

HOST_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>host</title>
<style>body{margin:0;background:%(page)s} iframe{border:0;width:%(width)dpx;height:400px;display:block}</style></head>
<body><iframe id="view" sandbox="allow-scripts" src="/view/%(file)s"></iframe>
<script type="application/json" id="config">%(config)s</script>
<script>
"use strict";
const config = JSON.parse(document.getElementById("config").textContent);
const frame = document.getElementById("view");
window.sent = [];
window.rendered = false;
function answer(message) { frame.contentWindow.postMessage(message, "*"); }
function matches(recorded, name, args) {
  return recorded.name === name && Object.keys(recorded.arguments).every(
    (k) => JSON.stringify(recorded.arguments[k]) === JSON.stringify(args[k]));
}
window.addEventListener("message", (event) => {
  if (event.source !== frame.contentWindow) return;
  const m = event.data;
  window.sent.push(m);
  if (m.method === "ui/initialize") {
    answer({jsonrpc: "2.0", id: m.id, result: {protocolVersion: "2026-01-26",
      hostInfo: {name: "test-host", version: "1"}, hostCapabilities: {serverTools: {}},
      hostContext: {theme: config.theme, displayMode: "inline", toolInfo: {tool: {name: config.tool}}}}});
  } else if (m.method === "ui/notifications/initialized") {
    answer({jsonrpc: "2.0", method: "ui/notifications/tool-input", params: {arguments: config.arguments}});
    answer({jsonrpc: "2.0", method: "ui/notifications/tool-result", params: config.result});
  } else if (m.method === "ui/notifications/size-changed") {
    frame.style.height = Math.max(200, Math.ceil(m.params.height)) + "px";
    window.rendered = true;
  } else if (m.method === "tools/call") {
    const found = config.calls.find((c) => matches(c, m.params.name, m.params.arguments || {}));
    answer({jsonrpc: "2.0", id: m.id, result: found ? found.result
      : {content: [{type: "text", text: "recorded by the test host"}], isError: false}});
  } else if (m.id !== undefined) {
    answer({jsonrpc: "2.0", id: m.id, result: {}});
  }
});
</script></body></html>
"""


PALETTE = [
    (200, 16, 46),
    (176, 122, 74),
    (120, 144, 96),
    (222, 184, 135),
    (96, 120, 160),
    (160, 82, 45),
    (230, 210, 180),
]
"""Colours of the stand-in images, one per path, so a screenshot tells the Pins apart."""


def png(width: int = 40, height: int = 30, rgb: tuple[int, int, int] = (200, 16, 46)) -> bytes:
    """A solid-colour PNG: what the stand-in image CDN serves."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def csp_of(meta: dict[str, Any] | None, images: str) -> str:
    """The policy a host puts on a view from its `_meta.ui.csp`; Pinterest's CDN is `images` here (loopback)."""
    declared = ((meta or {}).get("ui") or {}).get("csp") or {}
    domains = [images if d == PINTEREST_IMAGES else d for d in declared.get("resourceDomains", [])]
    connect = declared.get("connectDomains") or ["'none'"]
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'unsafe-inline'",
            "style-src 'unsafe-inline'",
            f"img-src data: {' '.join(domains)}".strip(),
            f"connect-src {' '.join(connect)}",
            "frame-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


@dataclass
class Scene:
    """One view shown by the host: the resource read from the server, and what the host feeds it."""

    file: str
    html: str
    meta: dict[str, Any] | None
    tool: str
    arguments: dict[str, Any]
    result: dict[str, Any]
    calls: list[dict[str, Any]] = field(default_factory=list)
    theme: str = "light"


@dataclass
class ViewHost:
    """The loopback server of host page, view and images; `scene` is what the next page load shows."""

    port: int
    scene: Scene | None = None
    images_served: list[str] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def page(self) -> bytes:
        scene = self.scene
        assert scene is not None
        config = {
            "tool": scene.tool,
            "arguments": scene.arguments,
            "result": scene.result,
            "calls": scene.calls,
            "theme": scene.theme,
        }
        text = json.dumps(config).replace("<", "\\u003c")
        colours = {"light": "#ffffff", "dark": "#1b1b1b"}
        return (HOST_PAGE % {"file": scene.file, "config": text, "width": 640, "page": colours[scene.theme]}).encode()


@contextmanager
def view_host() -> Iterator[ViewHost]:
    """Serve a `ViewHost` on a free loopback port until the block ends."""
    host = ViewHost(port=0)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            scene = host.scene
            if self.path == "/host.html" and scene is not None:
                self._send(200, "text/html; charset=utf-8", host.page())
            elif scene is not None and self.path == f"/view/{scene.file}":
                extra = {"Content-Security-Policy": csp_of(scene.meta, host.origin)}
                self._send(200, "text/html; charset=utf-8", scene.html.encode(), extra)
            elif self.path.startswith("/img/"):
                host.images_served.append(self.path)
                self._send(200, "image/png", png(rgb=PALETTE[zlib.crc32(self.path.encode()) % len(PALETTE)]))
            else:
                self._send(404, "text/plain", b"not here")

        def _send(self, status: int, kind: str, body: bytes, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    host.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield host
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
