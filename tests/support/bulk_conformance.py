"""Conformance requests for the bulk request route, which needs requests made first (a download, an upsert).

Kept beside ``test_emulator``'s own table; ``test_emulator`` merges these in. Each request id is
polled twice, so both the RUNNING and the SUCCEEDED answer are validated.
"""

from __future__ import annotations

import httpx

from pinterest_mcp.emulator.http.state import Store

ROUTE = "/ad_accounts/{ad_account_id}/bulk/{bulk_request_id}"


async def bulk_requests(store: Store, client: httpx.AsyncClient) -> dict[str, list[str]]:
    """Make a JSON download, a CSV download and an upsert, and poll each (details on and off)."""
    usd = next(a["id"] for a in store.ad_accounts.values() if a["currency"] == "USD")
    acct = f"/ad_accounts/{usd}/bulk"
    campaign = {"name": "Bulk", "ad_account_id": usd, "objective_type": "AWARENESS"}
    made = [
        await client.post(f"{acct}/download", json={"entity_types": ["CAMPAIGN", "AD_GROUP"]}),
        await client.post(f"{acct}/download", json={"output_format": "CSV"}),
        await client.post(f"{acct}/upsert", json={"create": {"campaigns": [campaign]}}),
    ]
    ids = [response.json()["request_id"] for response in made]
    return {ROUTE: [url for i in ids for url in (f"{acct}/{i}", f"{acct}/{i}?include_details=true")]}
