"""Cold start against a floor: spawn → initialize → first `tools/list` answer, over stdio.

The budget is relative, not absolute: `pinterest-mcp serve` may take at most 1.10× what an empty
`mcp` MCPServer (`bench/floor_server.py`) takes when started the same way, by the same interpreter
in the same venv. Absolute times swing with the machine's load; a ratio of runs taken side by side
does not, so each round runs floor, ours, floor, ours (A B A B) and the figure is the median of the
round-by-round ratios, beside the plain medians.

Two of our configurations are timed: `--demo` (the embedded emulator) and a production start with
a dummy `PINTEREST_ACCESS_TOKEN` (no request is sent before a tool call, so no network is needed).
Every child gets a scratch HOME/XDG directory so no real credential store or journal is touched.

Run: `python bench/cold_start.py [--runs 15] [--python PATH]`; `bench/run.py` imports `measure`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters

FLOOR = Path(__file__).with_name("floor_server.py")
DUMMY_TOKEN = "pina_cold_start_dummy_token"
OURS: dict[str, tuple[list[str], dict[str, str]]] = {
    "demo": (["-m", "pinterest_mcp", "serve", "--demo", "--log-level", "ERROR"], {}),
    "token": (["-m", "pinterest_mcp", "serve", "--log-level", "ERROR"], {"PINTEREST_ACCESS_TOKEN": DUMMY_TOKEN}),
}


def _base_env(scratch: Path) -> dict[str, str]:
    """The same small environment for every child: no inherited Pinterest settings, a scratch home.

    PYTHONPATH is kept so the children run the code the bench imported (a checkout, say), not
    whatever copy the venv has installed.
    """
    keep = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR", "PYTHONPATH")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        HOME=str(scratch),
        XDG_CONFIG_HOME=str(scratch / "config"),
        XDG_DATA_HOME=str(scratch / "data"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return env


async def spawn_to_tools_list(python: str, args: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning the child to the answer of its first `tools/list` (teardown not counted)."""
    params = StdioServerParameters(command=python, args=args, env=env)
    started = time.perf_counter()
    async with Client(params) as client:
        tools = await client.list_tools()
        elapsed = time.perf_counter() - started
    if args[0] != str(FLOOR) and not tools.tools:
        raise RuntimeError(f"{' '.join(args)} listed no tools")
    return elapsed


async def measure(runs: int = 15, *, python: str | None = None, warmup: int = 1) -> dict[str, float]:
    """Medians (seconds) of the floor and each of our starts, and the median pair-by-pair ratio to the floor.

    Keys: `floor_s`, `<name>_s` and `<name>_ratio` for `demo` and `token`.
    """
    python = python or sys.executable
    times: dict[str, list[float]] = {"floor": [], **{name: [] for name in OURS}}
    ratios: dict[str, list[float]] = {name: [] for name in OURS}
    with tempfile.TemporaryDirectory(prefix="cold-start-") as scratch:
        env = _base_env(Path(scratch))
        for round_ in range(warmup + runs):
            for name, (args, extra) in OURS.items():
                floor = await spawn_to_tools_list(python, [str(FLOOR)], env)
                ours = await spawn_to_tools_list(python, args, {**env, **extra})
                if round_ >= warmup:  # the warm-up fills bytecode caches and the OS page cache
                    times["floor"].append(floor)
                    times[name].append(ours)
                    ratios[name].append(ours / floor)
    out = {f"{name}_s": statistics.median(values) for name, values in times.items()}
    out.update({f"{name}_ratio": statistics.median(values) for name, values in ratios.items()})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="measured rounds after one warm-up (default 15)")
    parser.add_argument("--python", help="interpreter of the venv to measure (default: this one)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures = anyio.run(lambda: measure(args.runs, python=args.python))
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"floor (empty MCPServer)      median {figures['floor_s'] * 1000:6.0f} ms")
    for name in OURS:
        print(
            f"pinterest-mcp serve ({name:<5})  median {figures[f'{name}_s'] * 1000:6.0f} ms  "
            f"ratio {figures[f'{name}_ratio']:.3f}x (median of {args.runs} pairs)"
        )


if __name__ == "__main__":
    main()
