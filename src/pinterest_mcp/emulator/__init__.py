"""An embedded, stateful fake of the Pinterest API v5 for tests, demos and offline development.

Use ``Emulator(seed=7).app`` with ``httpx.ASGITransport`` (base URL ``http://emulator/v5``) or
serve it with ``python -m pinterest_mcp.emulator``. It serves Pinterest's reads and its writes
(ads bulk create/update with per-item failures, audiences, keywords, boards, sections, Pins),
each entity kind from one row of the resource table (``resources``).
``Emulator(oauth=True)`` adds Pinterest's OAuth token endpoints and enforces the tokens they issue
(see ``oauth``).
"""

from pinterest_mcp.emulator.app import API_PREFIX, DEFAULT_SEED, Emulator, Fault
from pinterest_mcp.emulator.http.bulk import ItemFault
from pinterest_mcp.emulator.http.request_log import RecordedRequest, RequestLog
from pinterest_mcp.emulator.oauth import ALL_SCOPES, DEFAULT_APP_ID, DEFAULT_APP_SECRET, OAuthServer, Token

__all__ = [
    "ALL_SCOPES",
    "API_PREFIX",
    "DEFAULT_APP_ID",
    "DEFAULT_APP_SECRET",
    "DEFAULT_SEED",
    "Emulator",
    "Fault",
    "ItemFault",
    "OAuthServer",
    "RecordedRequest",
    "RequestLog",
    "Token",
]
