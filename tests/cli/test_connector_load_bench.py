"""`bench/connector_load.py --quick` runs: a fleet behind haproxy, minted grants, no error, no crossed answer.

The figures are not read here (a quick run on a shared machine proves the wiring): what must hold
in any run is that every call answered, every answer named its own user's ad account and no other,
and each replica's memory and the unloaded comparison were measured.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from connector_load import QUICK, connector_load, report
from fleet import haproxy

from support.postgres import require_binaries

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


async def test_the_quick_load_run_has_no_error_and_no_cross_user_answer() -> None:
    require_binaries()
    if haproxy() is None:
        message = "haproxy is missing: install it (apt-get install -y haproxy)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    figures = await connector_load(quick=True)
    assert figures["users"] == QUICK["users"] and figures["calls"] >= QUICK["users"]
    assert figures["errors"] == 0 and figures["cross_user_answers"] == 0, figures
    assert sorted(figures["rss_mb_per_replica"]) == ["r0", "r1", "r2"]
    assert figures["added_latency_unloaded"]["pairs"] == QUICK["pairs"]
    assert any("cross-user answers 0" in line for line in report(figures))
