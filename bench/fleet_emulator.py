"""The emulator as its own process for a fleet of replicas, with a control room the tests and bench read.

`python bench/fleet_emulator.py --port N` serves `Emulator(seed=7, oauth=True)` (Pinterest's OAuth on,
two Pinterest users) on loopback, plus `/__fleet/*`, which only this harness uses:

- `GET /__fleet/log`: the emulator's request log (method, path, template) and the `grant_type` of
  every token request, so a test counts what Pinterest was sent by every replica together;
- `POST /__fleet/advance?seconds=N`: Pinterest's clock moves on (its access tokens expire);
- `POST /__fleet/hold`, `GET /__fleet/held`, `POST /__fleet/release`: campaign writes wait at the
  door until released, so a test can kill the replica that sent one while it waits for the answer.

Replicas never see `/__fleet/`: they only call `/v5` and `/oauth/`.
"""

from __future__ import annotations

import argparse
from typing import Any

import anyio
import uvicorn
from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator import Emulator

CONTROL = "/__fleet"
HELD_WRITES = ("PATCH", "POST")
HOLD_LIMIT_S = 30.0
"""A held write goes on by itself after this long: a test that forgot to release never hangs a replica."""


class Control:
    """The emulator's app behind a door that can hold campaign writes, plus the control routes."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.holding = False
        self.held = 0
        self.released = anyio.Event()

    def _holds(self, scope: Any) -> bool:
        path = str(scope.get("path", ""))
        return self.holding and scope.get("method") in HELD_WRITES and path.endswith("/campaigns")

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and str(scope["path"]).startswith(CONTROL):
            await self._control(Request(scope, receive))(scope, receive, send)
            return
        if scope["type"] == "http" and self._holds(scope):
            self.held += 1
            with anyio.move_on_after(HOLD_LIMIT_S):
                await self.released.wait()
        await self.emulator.app(scope, receive, send)

    def _control(self, request: Request) -> JSONResponse:
        action = request.url.path.removeprefix(CONTROL)
        if action == "/log":
            log = [{"method": r.method, "path": r.path, "template": r.template} for r in self.emulator.requests]
            return JSONResponse({"requests": log, "token_requests": list(self.emulator.oauth.token_requests)})
        if action == "/advance" and request.method == "POST":
            self.emulator.oauth.advance(float(request.query_params.get("seconds", "0")))
            return JSONResponse({"ok": True})
        if action == "/hold" and request.method == "POST":
            self.holding, self.held, self.released = True, 0, anyio.Event()
            return JSONResponse({"ok": True})
        if action == "/held":
            return JSONResponse({"held": self.held})
        if action == "/release" and request.method == "POST":
            self.holding = False
            self.released.set()
            return JSONResponse({"ok": True})
        return JSONResponse({"error": f"no control {action!r}"}, status_code=404)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="fleet_emulator.py", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log-limit", type=int, default=100_000, help="requests the log keeps (a bench run's)")
    args = parser.parse_args(argv)
    emulator = Emulator(seed=7, oauth=True, request_log_limit=args.log_limit)
    uvicorn.run(Control(emulator), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
