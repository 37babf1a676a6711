"""A runtime whose Pinterest is the emulator behind a fault-injecting transport.

The fault tests (client/) and the fuzzer (guards/) both need every tool to meet a faulty Pinterest
on a virtual clock, so nothing is slept for real; the runtime and the seeded profile live here once.
"""

from __future__ import annotations

import random
from typing import Any

from pinterest_mcp.api.client import BearerToken, PinterestClient
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.emulator.http.faults import (
    FAULT_KINDS,
    FaultProfile,
    VirtualClock,
)
from pinterest_mcp.runtime import DEMO_BASE_URL, DEMO_TOKEN, Runtime


class FaultyRuntime(Runtime):
    """A demo runtime whose client meets `profile`'s faults on the profile's virtual clock."""

    def __init__(self, profile: FaultProfile, **settings: Any) -> None:
        super().__init__(Settings(demo=True, toolsets=("all",), **settings))
        self.profile = profile

    def _open(self) -> PinterestClient:
        self.emulator = Emulator(seed=self.settings.seed)
        clock = self.profile.clock
        return PinterestClient(
            base_url=DEMO_BASE_URL,
            auth=BearerToken(DEMO_TOKEN),
            transport=self.emulator.transport(self.profile),
            sleep=clock.sleep,
            clock=clock.now,
            rng=random.Random(1),
        )


def chaos(rate: float = 0.3, seed: int = 11, **overrides: Any) -> FaultProfile:
    """Every kind of fault at `rate`, on a virtual clock; slow answers from 1 s to past the 30 s timeout."""
    settings: dict[str, Any] = {"slow_seconds": (1.0, 45.0), **overrides}
    return FaultProfile(rate=rate, weights=dict.fromkeys(FAULT_KINDS, 1.0), seed=seed, clock=VirtualClock(), **settings)
