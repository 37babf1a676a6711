"""Shared state for every replica: documents, single-use claims, journals, leases and rate counters.

`open_store(url)` gives a `Store` on SQLite (embedded, one machine) or PostgreSQL (several
replicas); `port` says what each primitive promises, `sql` keeps both backends to one set of
statements. This layer sits above `config` and below `api`, and imports nothing above it.
"""

from pinterest_mcp.store.port import Busy, Conflict, Doc, Leases, Store, StoreError, hold
from pinterest_mcp.store.urls import open_store

__all__ = ["Busy", "Conflict", "Doc", "Leases", "Store", "StoreError", "hold", "open_store"]
