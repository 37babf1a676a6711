"""Serve the emulator over HTTP: ``python -m pinterest_mcp.emulator --port 8765 --seed 7``.

Binds to loopback by default because the emulator accepts any bearer token. ``--oauth`` serves
Pinterest's OAuth endpoints instead and accepts only the tokens they issue (consent page at
``/oauth/``, app id and secret printed at start).
"""

from __future__ import annotations

import argparse

import uvicorn

from pinterest_mcp.emulator.app import API_PREFIX, DEFAULT_SEED, Emulator
from pinterest_mcp.emulator.oauth import AUTHORIZE_PATH, DEFAULT_APP_ID, DEFAULT_APP_SECRET


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pinterest_mcp.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (default: 8765)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="demo data seed (default: 7)")
    parser.add_argument("--oauth", action="store_true", help="serve OAuth and accept only the tokens it issues")
    args = parser.parse_args(argv)
    base = f"http://{args.host}:{args.port}"
    print(f"Pinterest emulator (seed {args.seed}) at {base}{API_PREFIX}", flush=True)
    if args.oauth:
        app = f"app id {DEFAULT_APP_ID}, secret {DEFAULT_APP_SECRET}"
        print(f"OAuth consent page {base}{AUTHORIZE_PATH} ({app})", flush=True)
    emulator = Emulator(seed=args.seed, oauth=args.oauth)
    uvicorn.run(emulator.app, host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
