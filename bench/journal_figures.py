"""Journal figures: what a large journal costs a fresh process's confirmed write and an undo lookup.

Writes a journal of about `--mb` megabytes of intent/outcome pairs shaped like real ones (a
campaign update with a confirmation, its `before` and read-back), then times, each in a fresh
`Journal` as a new `pinterest-mcp call` would have: the first confirmed write (the ledger check
plus the append; with rotation, the one that rotates the big file), a second confirmed write, the
undo lookup of the newest entry and of the oldest one, and the `journal` listing of the newest 20.

Run alone: `python bench/journal_figures.py [--mb 100] [--json]`.
"""

from __future__ import annotations

import argparse
import json
import secrets
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pinterest_mcp.writes.journal import Journal

RECORD: dict[str, Any] = {
    "tool": "update_campaigns",
    "operation": "update_campaigns",
    "change": "update",
    "profile": "default",
    "request": {
        "method": "PATCH",
        "path": "/ad_accounts/549755856399/campaigns",
        "query": {},
        "body": [{"id": "626735136848", "daily_spend_cap": 60000000, "name": "Spring sale, all regions"}],
    },
    "arguments": {"ad_account_id": "549755856399", "campaigns": [{"id": "626735136848", "daily_spend_cap": 60.0}]},
    "before": {"626735136848": {"daily_spend_cap": 80000000, "name": "Spring sale, all regions"}},
}
OUTCOME: dict[str, Any] = {
    "status": "applied",
    "results": [{"id": "626735136848", "ok": True}],
    "after": [{"id": "626735136848", "daily_spend_cap": 60000000, "status": "ACTIVE"}],
}


def make_journal(path: Path, megabytes: float) -> tuple[str, str]:
    """Raw lines (as the writer lays them out) up to `megabytes`; returns the first and last entry ids."""
    target = int(megabytes * 1024 * 1024)
    first = last = ""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    with path.open("wb") as handle:
        written = n = 0
        while written < target:
            last = f"{time.strftime('%Y%m%d-%H%M%S')}-{n:06x}"
            first = first or last
            intent = {"entry": last, "phase": "intent", "at": stamp, **RECORD, "confirmation": secrets.token_hex(8)}
            outcome = {"entry": last, "phase": "outcome", "at": stamp, **OUTCOME}
            data = "".join(json.dumps(line, separators=(",", ":")) + "\n" for line in (intent, outcome)).encode()
            handle.write(data)
            written += len(data)
            n += 1
    path.chmod(0o600)
    return first, last


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def figures(megabytes: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "journal-default.jsonl"
        first, last = make_journal(path, megabytes)
        out: dict[str, float] = {"journal_mb": round(path.stat().st_size / 2**20, 1)}

        def write() -> None:
            journal = Journal(path)
            journal.finish(journal.begin(RECORD, confirmation=secrets.token_hex(8)), OUTCOME)

        def newest(journal: Journal) -> Any:
            method = getattr(journal, "newest", None)
            return method(20) if method else journal.entries()[-20:]

        out["first_confirmed_write_s"] = timed(write)
        out["next_confirmed_write_s"] = timed(write)
        out["undo_lookup_newest_s"] = timed(lambda: Journal(path).get(last))
        out["undo_lookup_oldest_s"] = timed(lambda: Journal(path).get(first))
        out["journal_listing_s"] = timed(lambda: newest(Journal(path)))
        return {k: round(v, 3) for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="journal size in megabytes (default 100)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = figures(args.mb)
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:<26} {value}")


if __name__ == "__main__":
    main()
