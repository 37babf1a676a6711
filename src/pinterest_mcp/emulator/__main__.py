"""Serve the emulator over HTTP: ``python -m pinterest_mcp.emulator --port 8765 --seed 7``.

Binds to loopback by default because the emulator accepts any bearer token.
"""

from __future__ import annotations

import argparse

import uvicorn

from .app import API_PREFIX, DEFAULT_SEED, Emulator


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pinterest_mcp.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (default: 8765)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="demo data seed (default: 7)")
    args = parser.parse_args(argv)
    print(f"Pinterest emulator (seed {args.seed}) at http://{args.host}:{args.port}{API_PREFIX}", flush=True)
    uvicorn.run(Emulator(seed=args.seed).app, host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
