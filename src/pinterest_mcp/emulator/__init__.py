"""An embedded, stateful fake of the Pinterest API v5 for tests, demos and offline development.

Use ``Emulator(seed=7).app`` with ``httpx.ASGITransport`` (base URL ``http://emulator/v5``) or
serve it with ``python -m pinterest_mcp.emulator``.
"""

from .app import API_PREFIX, DEFAULT_SEED, Emulator, Fault, RecordedRequest

__all__ = ["API_PREFIX", "DEFAULT_SEED", "Emulator", "Fault", "RecordedRequest"]
