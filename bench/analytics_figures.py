"""Analytics figures: what a 25-row answer costs a model, and how 1,000 campaigns are fetched.

- Tokens (cl100k) of the text of a 25-row × 10-column `get_campaign_analytics` answer (date,
  campaign id and the 8 default metrics by day, each campaign's name once), beside its floor,
  Pinterest's raw JSON for the same rows; what the names cost; the requests one answer sends, and
  a second while the names are cached; top 5 Pins by saves with their titles.
- 1,000 campaign ids with the emulator answering each request 100 ms late: requests sent, the most
  in flight at once, and wall time; beside its floor, one delay (every request in flight at once),
  and the same call sent one request at a time.

Every measured answer is checked (`bench/checks.py`): an error answer stops the run.

Run alone: `python bench/analytics_figures.py`; `bench/run.py` prints these with its figures.
"""

from __future__ import annotations

import json
import time
from typing import Any

import anyio
import httpx
from checks import checked
from mcp import Client

from pinterest_mcp.answers.views import dumps
from pinterest_mcp.api.fanout import FanOut
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import Emulator
from pinterest_mcp.operations import by_name
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.token_cost import count

DELAY_S = 0.1
CAMPAIGNS = 1000
ANALYTICS = "get_campaign_analytics"
TOP_PINS = "get_top_pins"
NAMES = "CAMPAIGN_NAME"
"""Where a day-by-day table names its campaigns, once each."""


def rows(text: str) -> bool:
    """An answer with rows (an analytics table) or items (a listing)."""
    answer = json.loads(text)
    return bool(answer.get("rows") or answer.get("items"))


class Delaying(httpx.AsyncBaseTransport):
    """The emulator, each answer `delay` seconds late, counting requests and the most in flight."""

    def __init__(self, inner: httpx.AsyncBaseTransport, delay: float) -> None:
        self.inner = inner
        self.delay = delay
        self.requests = 0
        self.in_flight = 0
        self.most_in_flight = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await anyio.sleep(self.delay)
            return await self.inner.handle_async_request(request)
        finally:
            self.in_flight -= 1


async def answer_tokens() -> dict[str, Any]:
    runtime = Runtime(Settings(demo=True, toolsets=("default", "organic_analytics")))
    async with Client(build_server(runtime.settings, runtime)) as client:
        listed = checked(await client.call_tool("list_ad_accounts", {}), "list_ad_accounts", rows, "items")
        account = json.loads(listed)["items"][0]["id"]
        campaigns = [c["id"] for c in runtime.emulator.state.campaigns.values() if c["ad_account_id"] == account]
        args = {"ad_account_id": account, "campaign_ids": campaigns, "date_range": "last_30_days", "top": 25}
        log = runtime.emulator.requests
        mark = log.total
        text = checked(await client.call_tool(ANALYTICS, args), ANALYTICS, rows, "rows")
        first_requests = log.total - mark
        mark = log.total
        checked(await client.call_tool(ANALYTICS, args), ANALYTICS, rows, "rows")
        cached_requests = log.total - mark
        table = json.loads(text)
        unnamed = {k: v for k, v in table.items() if k != NAMES}
        mark = log.total
        top = {"sort_by": "SAVE", "date_range": "last_30_days", "num_of_pins": 5}
        top_text = checked(await client.call_tool(TOP_PINS, top), TOP_PINS, rows, "rows")
        top_requests = log.total - mark
        op = by_name()["get_campaign_analytics"]
        dates = {"start_date": table["dates"]["start"], "end_date": table["dates"]["end"]}
        raw = await runtime.send(op, op.input.model_validate({**args, "top": None, "date_range": None, **dates}))
    year = table["columns"][0].removeprefix("DATE (").removesuffix(")")
    shown = {(f"{year}-{row[0]}", row[1]) for row in table["rows"]}
    same_rows = [r for r in raw if (r.get("DATE"), r.get("CAMPAIGN_ID")) in shown]
    return {
        "floor": "Pinterest's raw JSON for the same rows",
        "answer_shape": f"{table['row_count']} rows x {len(table['columns'])} columns",
        "answer_tokens": count(text),
        "answer_tokens_without_names": count(dumps(unnamed)),
        "named_campaigns": len(table.get(NAMES) or ()),
        "requests_first_answer": first_requests,
        "requests_cached_answer": cached_requests,
        "top_5_pins_tokens": count(top_text),
        "top_5_pins_requests": top_requests,
        "raw_json_tokens": count(dumps(same_rows)),
        "raw_json_rows": len(same_rows),
    }


async def fan_out(in_flight: int | None) -> dict[str, Any]:
    """1,000 campaign ids through one call; `in_flight` None: the server's own bound."""
    emulator = Emulator(seed=7)
    delaying = Delaying(httpx.ASGITransport(app=emulator.app), DELAY_S)
    runtime = Runtime(Settings(demo=True), transport=delaying)
    if in_flight is not None:
        runtime.fanout = FanOut(in_flight)
    account = next(iter(emulator.state.ad_accounts))
    real = [c["id"] for c in emulator.state.campaigns.values() if c["ad_account_id"] == account]
    ids = [*real, *(str(10**15 + i) for i in range(CAMPAIGNS - len(real)))]
    async with Client(build_server(runtime.settings, runtime)) as client:
        await runtime.facts.get(account)  # the account's currency and time zone, looked up once beforehand
        before = delaying.requests
        delaying.most_in_flight = 0
        started = time.perf_counter()
        args = {"ad_account_id": account, "campaign_ids": ids, "date_range": "last_7_days", "granularity": "TOTAL"}
        result = await client.call_tool(ANALYTICS, args)
        wall = time.perf_counter() - started
    checked(result, ANALYTICS, rows, "rows")
    return {
        "floor": "one emulator delay: every request in flight at once",
        "floor_s": DELAY_S,
        "requests": delaying.requests - before,
        "most_in_flight": delaying.most_in_flight,
        "wall_s": round(wall, 3),
    }


async def analytics_figures() -> dict[str, Any]:
    return {
        **await answer_tokens(),
        "fanout_1000": await fan_out(None),
        "fanout_1000_serial": await fan_out(1),
    }


def report(figures: dict[str, Any]) -> list[str]:
    together, serial = figures["fanout_1000"], figures["fanout_1000_serial"]
    return [
        "analytics answers (cl100k tokens of the text a model reads):",
        f"  get_campaign_analytics, {figures['answer_shape']}: {figures['answer_tokens']} tokens; "
        f"Pinterest's raw JSON for the same {figures['raw_json_rows']} rows: {figures['raw_json_tokens']} tokens",
        f"  of which {figures['named_campaigns']} campaign names: "
        f"{figures['answer_tokens'] - figures['answer_tokens_without_names']} tokens; "
        f"requests: {figures['requests_first_answer']} (names cached: {figures['requests_cached_answer']})",
        f"  get_top_pins, top 5 by saves with titles: {figures['top_5_pins_tokens']} tokens, "
        f"{figures['top_5_pins_requests']} requests (Pins have no batch read: one each)",
        f"fan-out, {CAMPAIGNS} campaign ids, emulator {DELAY_S * 1000:.0f} ms a request:",
        f"  {together['requests']} requests, {together['most_in_flight']} in flight at once, {together['wall_s']} s; "
        f"floor (one delay) {together['floor_s']} s; "
        f"one at a time: {serial['requests']} requests, {serial['wall_s']} s",
    ]


if __name__ == "__main__":
    print("\n".join(report(anyio.run(analytics_figures))))
