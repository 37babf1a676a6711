"""Twelve everyday requests, as an agent makes them: tool calls and the tokens their results cost.

Each task is scripted the way a careful agent would do it with the fewest calls today's tools allow,
through a real MCP client (in memory) against the demo emulator, one fresh conversation and
server per task (an agent starts each conversation knowing no ids). Writes go plan → confirm, as
they do for a client without elicitation: two calls each. Every answer is CHECKED against the
emulator itself (its state, or its raw Pinterest JSON for the same dates), never against the tool
that produced it, so a wrong figure or a write that did not land fails the task.

Counted per task: tool calls (and resource reads), and the cl100k tokens of what the model is shown
of each result (`server.token_cost.result_tokens`: the text blocks and resource links; a resource
read by its text); at the end of the task, the tokens of `tools/list` as it then stands.

Issue #20's baseline (a real agent on an earlier server): 82 calls, 20,879 result tokens. Budget: at
most 60 calls and 15,000 result tokens, every answer correct.

The two launch tasks (a board with three Pins; campaign + ad group + ad) are one function each,
`board_with_pins` and `campaign_launch`, each one `plan_launch`: every item planned in one call and
confirmed in one more, the ids it made read from its answer by the items' refs.

Run: `python bench/agent_workload.py [--json]`; `bench/run.py` prints the table with its figures.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import anyio
import httpx
from mcp import Client
from mcp.types import CallToolResult, TextContent

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.token_cost import count, result_tokens, visible_tokens

BEFORE = {"calls": 82, "result_tokens": 20_879}
"""Issue #20: a real agent doing these twelve on an earlier server."""
BUDGET = {"calls": 60, "result_tokens": 15_000}
LAUNCH_TASKS = ("board with three Pins", "campaign launch")
"""Each one `plan_launch` (one plan, one confirmation) in place of a plan and a confirm per create."""
SPRING = "Spring Sale"
CAP_CAMPAIGN = "Evergreen Recipes"
MONEY = 1_000_000


class WorkloadError(Exception):
    """An answer the script cannot go on from (an error, or without what the task looks for)."""


def pick(items: Iterable[Any], wanted: Callable[[Any], bool], what: str) -> Any:
    """The first of `items` that is `wanted`; a `WorkloadError` naming `what` when none is."""
    for item in items:
        if wanted(item):
            return item
    raise WorkloadError(f"no {what} in the answer")


@dataclass
class Call:
    tool: str
    tokens: int


@dataclass
class Outcome:
    """One task's figures and whether its answer matched the emulator."""

    task: str
    calls: int
    result_tokens: int
    tools_list_tokens: int
    correct: bool
    problems: list[str] = field(default_factory=list)
    answer: str = ""
    by_call: list[Call] = field(default_factory=list)


class Agent:
    """The model's side of one conversation: it calls tools and reads what they answer, counted."""

    def __init__(self, client: Client, runtime: Runtime) -> None:
        self.client = client
        self.runtime = runtime
        self.calls: list[Call] = []
        self.problems: list[str] = []
        self.last: CallToolResult | None = None

    async def call(self, tool: str, **arguments: Any) -> Any:
        """A tool's answer as the model reads it (JSON when it is JSON); an error answer stops the task."""
        result = await self.client.call_tool(tool, arguments)
        self.calls.append(Call(tool, result_tokens(result)))
        self.last = result
        text = "\n".join(b.text for b in result.content if isinstance(b, TextContent))
        if result.is_error:
            raise WorkloadError(f"{tool} answered with an error: {text[:300]}")
        try:
            return json.loads(text)
        except ValueError:
            return text

    async def write(self, tool: str, **arguments: Any) -> Any:
        """Plan, then apply with the plan's confirmation (what the user approves): two calls."""
        plan = await self.call(tool, **arguments)
        if "confirmation" not in plan:
            raise WorkloadError(f"{tool} planned without a confirmation: {json.dumps(plan)[:300]}")
        applied = await self.call(tool, **arguments, confirmation=plan["confirmation"])
        if applied.get("status") != "applied":
            raise WorkloadError(f"{tool} did not apply: {json.dumps(applied)[:300]}")
        return applied

    async def read(self, uri: str) -> str:
        """A resource the answer linked, read into the conversation (counted as a call, by its text)."""
        contents = (await self.client.read_resource(uri)).contents
        text = "".join(getattr(c, "text", "") for c in contents)
        self.calls.append(Call(f"read {uri.split('/')[2]}", count(text)))
        return text

    async def account(self, currency: str = "USD") -> str:
        """The ad account to work in: list_ad_accounts, the one in `currency`."""
        accounts = (await self.call("list_ad_accounts"))["items"]
        return str(pick(accounts, lambda a: a["currency"] == currency, f"{currency} ad account")["id"])

    def check(self, ok: bool, problem: str) -> None:
        if not ok:
            self.problems.append(problem)

    @property
    def state(self) -> Any:
        return self.runtime.emulator.state

    async def truth(self, path: str, **query: Any) -> Any:
        """The emulator's own answer (Pinterest's raw JSON) to a GET, for checking what the tools said."""
        transport = httpx.ASGITransport(app=self.runtime.emulator.app)
        params = {k: ",".join(v) if isinstance(v, list) else v for k, v in query.items()}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://emulator/v5", headers={"Authorization": "Bearer workload"}
        ) as http:
            response = await http.get(path, params=params)
        response.raise_for_status()
        return response.json()


def column(table: dict[str, Any], name: str) -> int:
    """Index of the column `name` starts (`SPEND (USD)` for `SPEND`)."""
    columns = table["columns"]
    return int(pick(range(len(columns)), lambda i: columns[i] == name or columns[i].startswith(f"{name} ("), name))


def near(a: float, b: float, tolerance: float = 0.01) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)


async def totals(agent: Agent, level: str, account: str, ids: list[str], start: str, end: str) -> dict[str, Any]:
    """The emulator's TOTAL row per entity (spend, impressions, clicks, conversions) over `start`..`end`."""
    rows = await agent.truth(
        f"/ad_accounts/{account}/{level}s/analytics",
        **{f"{level}_ids": ids},
        start_date=start,
        end_date=end,
        granularity="TOTAL",
        columns=["SPEND_IN_MICRO_DOLLAR", "PAID_IMPRESSION", "TOTAL_CLICKTHROUGH", "TOTAL_CONVERSIONS"],
    )
    return {str(row[f"{level.upper()}_ID"]): row for row in rows}


# --- the twelve tasks ------------------------------------------------------------------------------


def funnel(spend: float, impressions: float, clicks: float, conversions: float) -> dict[str, float]:
    return {
        "CPA": spend / conversions if conversions else float("inf"),
        "CPM": 1000 * spend / impressions if impressions else 0.0,
        "CTR": clicks / impressions if impressions else 0.0,
        "conversion rate": conversions / clicks if clicks else 0.0,
    }


def cause(before: dict[str, float], after: dict[str, float]) -> str:
    """Which step of the funnel moved CPA most: a CPM rise, a CTR fall or a conversion-rate fall."""
    moves = {
        "CPM": after["CPM"] / before["CPM"],
        "CTR": before["CTR"] / after["CTR"],
        "conversion rate": before["conversion rate"] / after["conversion rate"],
    }
    return max(moves, key=lambda name: moves[name])


async def cpa_jump(agent: Agent) -> str:
    """(1) Why did CPA on my spring campaign jump? This week against the week before, by funnel step."""
    account = await agent.account()
    campaigns = (await agent.call("list_campaigns", ad_account_id=account))["items"]
    spring = pick(campaigns, lambda c: SPRING in c["name"], "spring campaign")
    table = await agent.call(
        "get_campaign_analytics",
        ad_account_id=account,
        campaign_ids=[spring["id"]],
        date_range="last_14_days",
        columns=["SPEND_IN_MICRO_DOLLAR", "PAID_IMPRESSION", "TOTAL_CLICKTHROUGH", "TOTAL_CONVERSIONS"],
    )
    start = date.fromisoformat(table["dates"]["start"])
    year = start.year
    halves: dict[bool, list[float]] = {False: [0.0] * 4, True: [0.0] * 4}
    metrics = [column(table, n) for n in ("SPEND", "PAID_IMPRESSION", "TOTAL_CLICKTHROUGH", "TOTAL_CONVERSIONS")]
    for row in table["rows"]:
        day = date.fromisoformat(f"{year}-{row[0]}") if len(row[0]) == 5 else date.fromisoformat(row[0])
        late = day >= start + timedelta(days=7)
        halves[late] = [total + (row[i] or 0) for total, i in zip(halves[late], metrics, strict=True)]
    before, after = funnel(*halves[False]), funnel(*halves[True])
    said = cause(before, after)

    first_end = (start + timedelta(days=6)).isoformat()
    second_start = (start + timedelta(days=7)).isoformat()
    raw = [
        (await totals(agent, "campaign", account, [spring["id"]], a, b))[spring["id"]]
        for a, b in ((start.isoformat(), first_end), (second_start, table["dates"]["end"]))
    ]
    true = [
        funnel(
            r["SPEND_IN_MICRO_DOLLAR"] / MONEY, r["PAID_IMPRESSION"], r["TOTAL_CLICKTHROUGH"], r["TOTAL_CONVERSIONS"]
        )
        for r in raw
    ]
    agent.check(near(before["CPA"], true[0]["CPA"]) and near(after["CPA"], true[1]["CPA"]), "CPA differs")
    agent.check(true[1]["CPA"] > 1.2 * true[0]["CPA"], "the emulator shows no CPA jump to explain")
    agent.check(said == cause(*true), f"named {said}, the emulator says {cause(*true)}")
    return f"CPA {before['CPA']:.2f} → {after['CPA']:.2f} USD: the {said} moved most"


async def pause_non_converting(agent: Agent) -> str:
    """(2) Pause the ad groups spending over $50/day with no conversions (last 7 days)."""
    account = await agent.account()
    groups = (
        await agent.call(
            "list_ad_groups", ad_account_id=account, entity_statuses=["ACTIVE"], fields=["-*", "name"], page_size=250
        )
    )["items"]
    table = await agent.call(
        "get_ad_group_analytics",
        ad_account_id=account,
        ad_group_ids=[g["id"] for g in groups],
        date_range="last_7_days",
        granularity="TOTAL",
        columns=["SPEND_IN_MICRO_DOLLAR", "TOTAL_CONVERSIONS"],
    )
    ids, spend, conversions = (column(table, n) for n in ("AD_GROUP_ID", "SPEND", "TOTAL_CONVERSIONS"))
    chosen = sorted(str(r[ids]) for r in table["rows"] if (r[spend] or 0) / 7 > 50 and not r[conversions])
    if chosen:
        await agent.write("pause_ad_groups", ad_account_id=account, ad_group_ids=chosen)

    dates = table["dates"]
    active = [g["id"] for g in agent.state.ad_groups_of(account) if g["id"] in {x["id"] for x in groups}]
    raw = await totals(agent, "ad_group", account, active, dates["start"], dates["end"])
    days = (date.fromisoformat(dates["end"]) - date.fromisoformat(dates["start"])).days + 1
    expected = sorted(
        i for i, r in raw.items() if r["SPEND_IN_MICRO_DOLLAR"] / MONEY / days > 50 and not r["TOTAL_CONVERSIONS"]
    )
    agent.check(bool(expected), "the emulator has no such ad group: nothing to find")
    agent.check(chosen == expected, f"paused {chosen}, the emulator says {expected}")
    now = {g["id"]: g["status"] for g in agent.state.ad_groups_of(account)}
    agent.check(all(now[i] == "PAUSED" for i in expected), "an ad group to pause is not PAUSED")
    agent.check(all(now[i] == "ACTIVE" for i in active if i not in expected), "another ad group changed status")
    names = [g["name"] for g in groups if g["id"] in chosen]
    return f"paused {len(chosen)}: {', '.join(names)}"


async def budget_and_undo(agent: Agent) -> str:
    """(3) Raise a campaign's daily budget from 150 to 200 USD, then undo it."""
    account = await agent.account()
    campaigns = (await agent.call("list_campaigns", ad_account_id=account))["items"]
    campaign = pick(campaigns, lambda c: CAP_CAMPAIGN in c["name"], CAP_CAMPAIGN)
    before = agent.state.campaigns[campaign["id"]]["daily_spend_cap"]
    applied = await agent.write(
        "set_campaign_spend_cap", ad_account_id=account, campaign_ids=[campaign["id"]], daily_spend_cap="200"
    )
    raised = agent.state.campaigns[campaign["id"]]["daily_spend_cap"]
    await agent.write("undo_change", entry=applied["journal_entry"])
    after = agent.state.campaigns[campaign["id"]]["daily_spend_cap"]
    agent.check(raised == 200 * MONEY, f"the cap was {raised} after the raise")
    agent.check(after == before == 150 * MONEY, f"the cap is {after} after the undo, was {before}")
    return f"{campaign['name']}: {before / MONEY:.0f} → {raised / MONEY:.0f} → {after / MONEY:.0f} USD"


async def top_pins(agent: Agent) -> str:
    """(4) My top 5 Pins by saves, with their titles (last 30 days)."""
    await agent.call("enable_toolset", toolsets=["organic_analytics"])
    table = await agent.call("get_top_pins", sort_by="SAVE", num_of_pins=5, date_range="last_30_days")
    ids, titles = column(table, "PIN_ID"), column(table, "PIN_TITLE")
    said = [(str(r[ids]), r[titles]) for r in table["rows"]]

    dates = table["dates"]
    raw = await agent.truth(
        "/user_account/analytics/top_pins",
        start_date=dates["start"],
        end_date=dates["end"],
        sort_by="SAVE",
        num_of_pins=5,
    )
    expected = [(str(p["pin_id"]), agent.state.pins[p["pin_id"]]["title"]) for p in raw["pins"]]
    agent.check(len(expected) == 5, f"the emulator has {len(expected)} top Pins")
    agent.check(said == expected, f"said {said}, the emulator says {expected}")
    return "; ".join(title for _, title in said)


@dataclass(frozen=True)
class PinAsked:
    title: str
    image_url: str
    link: str


BOARD = "Spring Table Ideas"
PINS = tuple(
    PinAsked(f"Spring table idea {n}", f"https://images.example.com/spring-table-{n}.jpg", f"https://example.com/{n}")
    for n in (1, 2, 3)
)


async def board_with_pins(agent: Agent, name: str, pins: tuple[PinAsked, ...]) -> str:
    """A new board holding `pins` as one launch: `plan_launch` planned once and confirmed once."""
    await agent.call("enable_toolset", toolsets=["organic_manage"])
    items: list[dict[str, Any]] = [{"ref": "board", "kind": "board", "fields": {"name": name, "privacy": "PUBLIC"}}]
    for n, pin in enumerate(pins, 1):
        source = {"source_type": "image_url", "url": pin.image_url}
        fields = {"board_id": "@board", "media_source": source, "title": pin.title, "link": pin.link}
        items.append({"ref": f"pin{n}", "kind": "pin", "fields": fields})
    created = made(await agent.write("plan_launch", items=items))
    return created["board"]


def made(applied: dict[str, Any]) -> dict[str, str]:
    """The ids a launch created, by the refs its items gave."""
    return {str(c["ref"]): str(c["id"]) for c in applied.get("created", [])}


async def board_task(agent: Agent) -> str:
    """(5) A board with three Pins."""
    board_id = await board_with_pins(agent, BOARD, PINS)
    board = agent.state.boards.get(board_id, {})
    agent.check(board.get("name") == BOARD, f"board {board_id} is not {BOARD!r}")
    on_board = sorted((p.get("title"), p.get("link")) for p in agent.state.pins_on(board_id))
    agent.check(on_board == sorted((p.title, p.link) for p in PINS), f"the board holds {on_board}")
    return f"board {board_id} with {len(on_board)} Pins"


@dataclass(frozen=True)
class LaunchAsked:
    campaign: str
    ad_group: str
    daily_budget_usd: int
    pin_query: str
    pin_title: str


LAUNCH = LaunchAsked(
    "Oat Stoneware Launch", "Oat Stoneware – Home Decor", 30, "stoneware", "Stoneware Dinner Set in Oat"
)


async def campaign_launch(agent: Agent, asked: LaunchAsked) -> dict[str, str]:
    """A campaign, an ad group and an ad for an existing Pin as one launch (`plan_launch`, PAUSED as it is
    by default: planned once, confirmed once); the ids made."""
    await agent.call("enable_toolset", toolsets=["ads_manage", "search"])
    account = await agent.account()
    found = (await agent.call("search_pins", query=asked.pin_query, fields=["-*", "title"]))["items"]
    pin = pick(found, lambda p: p.get("title") == asked.pin_title, f"Pin {asked.pin_title!r}")
    items = [
        {"ref": "campaign", "kind": "campaign", "fields": {"name": asked.campaign, "objective_type": "AWARENESS"}},
        {
            "ref": "ad_group",
            "kind": "ad_group",
            "fields": {
                "campaign_id": "@campaign",
                "name": asked.ad_group,
                "billable_event": "IMPRESSION",
                "budget_in_micro_currency": asked.daily_budget_usd * MONEY,
            },
        },
        {
            "ref": "ad",
            "kind": "ad",
            "fields": {"ad_group_id": "@ad_group", "pin_id": str(pin["id"]), "creative_type": "REGULAR"},
        },
    ]
    created = made(await agent.write("plan_launch", ad_account_id=account, items=items))
    return {"account": account, "pin": str(pin["id"]), **created}


async def launch_task(agent: Agent) -> str:
    """(6) A campaign launch: campaign + ad group + ad, all PAUSED until the user activates them."""
    ids = await campaign_launch(agent, LAUNCH)
    state = agent.state
    campaign = state.campaigns.get(ids["campaign"], {})
    group = state.ad_groups.get(ids["ad_group"], {})
    ad = state.ads.get(ids["ad"], {})
    agent.check(campaign.get("name") == LAUNCH.campaign, "campaign wrong")
    agent.check(campaign.get("ad_account_id") == ids["account"], "campaign in another account")
    agent.check(group.get("campaign_id") == ids["campaign"], "ad group not in the campaign")
    agent.check(group.get("name") == LAUNCH.ad_group, "ad group name wrong")
    agent.check(group.get("budget_in_micro_currency") == LAUNCH.daily_budget_usd * MONEY, "ad group budget wrong")
    agent.check(ad.get("ad_group_id") == ids["ad_group"] and ad.get("pin_id") == ids["pin"], "ad wrong")
    statuses = [campaign.get("status"), group.get("status"), ad.get("status")]
    agent.check(statuses == ["PAUSED"] * 3, f"campaign, ad group, ad are {statuses}, not all PAUSED")
    agent.check(state.pins[ids["pin"]]["title"] == LAUNCH.pin_title, "the ad promotes another Pin")
    return f"campaign {ids['campaign']}, ad group {ids['ad_group']}, ad {ids['ad']} (PAUSED)"


async def report_to_csv(agent: Agent) -> str:
    """(7) Last week's campaign report, by day, as CSV: run_report, then the CSV its answer links."""
    await agent.call("enable_toolset", toolsets=["reports"])
    account = await agent.account()
    answer = await agent.call("run_report", ad_account_id=account, date_range="last_7_days", rows=5)
    assert agent.last is not None
    links = [b for b in agent.last.content if b.type == "resource_link"]
    if not links:
        raise WorkloadError("run_report linked no CSV")
    text = await agent.read(str(links[0].uri))

    rows = list(csv.DictReader(io.StringIO(text)))
    spend: dict[str, int] = {}
    for row in rows:
        spend[row["CAMPAIGN_ID"]] = spend.get(row["CAMPAIGN_ID"], 0) + round(float(row["SPEND_IN_MICRO_DOLLAR"]))
    dates = answer["report"]["dates"]
    ids = [c["id"] for c in agent.state.campaigns_of(account)]
    raw = await totals(agent, "campaign", account, ids, dates["start"], dates["end"])
    expected = {i: r["SPEND_IN_MICRO_DOLLAR"] for i, r in raw.items() if r["SPEND_IN_MICRO_DOLLAR"]}
    agent.check(bool(expected), "the emulator shows no spend to report")
    agent.check(
        spend.keys() == expected.keys() and all(near(spend[i], expected[i], 0.001) for i in expected),
        f"CSV spend {spend}, the emulator says {expected}",
    )
    days = {row["DATE"] for row in rows}
    agent.check(len(days) == 7, f"the CSV covers {len(days)} days, not 7")
    return f"{len(rows)} rows, {len(spend)} campaigns"


async def spend_this_month(agent: Agent) -> str:
    """(8) My campaigns with their spend this month."""
    account = await agent.account()
    campaigns = (await agent.call("list_campaigns", ad_account_id=account, fields=["-*", "name", "status"]))["items"]
    table = await agent.call(
        "get_campaign_analytics",
        ad_account_id=account,
        campaign_ids=[c["id"] for c in campaigns],
        date_range="this_month",
        granularity="TOTAL",
        columns=["SPEND_IN_MICRO_DOLLAR"],
    )
    ids, spend = column(table, "CAMPAIGN_ID"), column(table, "SPEND")
    said = {str(r[ids]): r[spend] for r in table["rows"]}
    dates = table["dates"]
    raw = await totals(agent, "campaign", account, [c["id"] for c in campaigns], dates["start"], dates["end"])
    expected = {i: r["SPEND_IN_MICRO_DOLLAR"] / MONEY for i, r in raw.items() if r["SPEND_IN_MICRO_DOLLAR"]}
    listed = {c["id"] for c in agent.state.campaigns_of(account) if c["status"] in ("ACTIVE", "PAUSED")}
    agent.check({c["id"] for c in campaigns} == listed, "the campaigns listed are not the account's")
    agent.check(
        said.keys() == expected.keys() and all(near(said[i], expected[i], 0.001) for i in expected),
        f"spend {said}, the emulator says {expected}",
    )
    return f"{len(campaigns)} campaigns, {sum(said.values()):,.2f} USD this month"


async def ads_in_review(agent: Agent) -> str:
    """(9) Which of my ads are not approved (pending or rejected), and in which ad group?"""
    account = await agent.account()
    ads = (
        await agent.call(
            "list_ads", ad_account_id=account, fields=["-*", "review_status", "ad_group_id"], page_size=250
        )
    )["items"]
    said = sorted(a["id"] for a in ads if a.get("review_status") != "APPROVED")
    expected = sorted(
        a["id"]
        for a in agent.state.ads_of(account)
        if a["status"] in ("ACTIVE", "PAUSED") and a.get("review_status") != "APPROVED"
    )
    agent.check(bool(expected), "the emulator has no ad in review")
    agent.check(said == expected, f"said {said}, the emulator says {expected}")
    return f"{len(said)} not approved"


async def audiences(agent: Agent) -> str:
    """(10) My audiences (the account's own; shared ones are listed apart), with their size."""
    await agent.call("enable_toolset", toolsets=["audiences"])
    account = await agent.account()
    items = (await agent.call("list_audiences", ad_account_id=account))["items"]
    said = sorted((a["name"], a.get("size")) for a in items)
    brand = agent.state.user["business_name"]
    owned = [a for a in agent.state.audiences_of(account) if a["created_by_company_name"] == brand]
    expected = sorted((a["name"], a.get("size")) for a in owned)
    agent.check(said == expected, f"said {said}, the emulator says {expected}")
    return f"{len(said)} audiences"


CUSTOMERS = ("ana@example.com", "ben@example.com", "chloe@example.com")


async def customer_list(agent: Agent) -> str:
    """(11) Create a customer list from three emails (hashed here before they leave)."""
    await agent.call("enable_toolset", toolsets=["audiences"])
    account = await agent.account()
    applied = await agent.write(
        "create_customer_list", ad_account_id=account, name="Spring VIPs", records=",".join(CUSTOMERS)
    )
    made = applied["now"][0]["id"]
    stored = agent.state.customer_lists.get(made, {})
    agent.check(stored.get("name") == "Spring VIPs", f"customer list {made} is not stored")
    agent.check(stored.get("ad_account_id") == account, "the list is in another account")
    return f"customer list {made}"


async def connection(agent: Agent) -> str:
    """(12) Is my Pinterest connection working?"""
    text = str(await agent.call("check_connection"))
    user = agent.state.user["username"]
    agent.check(f"ok    user account  @{user}" in text, "the user account is not reported ok")
    for account in agent.state.ad_accounts.values():
        agent.check(account["id"] in text, f"ad account {account['id']} is not reported")
    agent.check("fail" not in text.lower(), "a check failed")
    return "ok"


TASKS: tuple[tuple[str, Callable[[Agent], Awaitable[str]]], ...] = (
    ("CPA jump on the spring campaign", cpa_jump),
    ("pause ad groups >$50/day, 0 conversions", pause_non_converting),
    ("raise a budget, then undo", budget_and_undo),
    ("top 5 Pins by saves, titled", top_pins),
    ("board with three Pins", board_task),
    ("campaign launch", launch_task),
    ("async report to CSV", report_to_csv),
    ("campaigns with spend this month", spend_this_month),
    ("ads not approved", ads_in_review),
    ("audience list", audiences),
    ("create a customer list", customer_list),
    ("check connection", connection),
)


async def run_task(
    name: str, task: Callable[[Agent], Awaitable[str]], folder: Path, seed: int = 7, agent_type: type[Agent] = Agent
) -> Outcome:
    """`task` in a conversation of its own: a fresh server on a fresh emulator (the same seed)."""
    slug = "".join(c if c.isalnum() else "-" for c in name)
    settings = Settings(demo=True, seed=seed, journal=folder / f"journal-{slug}.jsonl")
    runtime = Runtime(settings, env={**os.environ, "XDG_DATA_HOME": str(folder / "data")})
    async with Client(build_server(settings, runtime)) as client:
        agent = agent_type(client, runtime)
        try:
            answer = await task(agent)
        except (WorkloadError, KeyError) as exc:
            answer = ""
            agent.problems.append(f"{type(exc).__name__}: {exc}")
        listed = (await client.list_tools()).tools
    await runtime.aclose()
    return Outcome(
        task=name,
        calls=len(agent.calls),
        result_tokens=sum(c.tokens for c in agent.calls),
        tools_list_tokens=sum(visible_tokens(t) for t in listed),
        correct=not agent.problems,
        problems=agent.problems,
        answer=answer,
        by_call=agent.calls,
    )


async def workload(seed: int = 7) -> list[Outcome]:
    """Every task, each in its own conversation; files (journal, reports) go to a folder of their own."""
    with tempfile.TemporaryDirectory(prefix="agent-workload-") as scratch:
        folder = Path(scratch)
        outcomes = []
        for name, task in TASKS:
            outcomes.append(await run_task(name, task, folder, seed))
        return outcomes


def figures(outcomes: list[Outcome]) -> dict[str, Any]:
    """Totals beside the baseline and the budget; whether each holds, with and without the launch tasks."""
    calls = sum(o.calls for o in outcomes)
    tokens = sum(o.result_tokens for o in outcomes)
    launch = [o for o in outcomes if o.task in LAUNCH_TASKS]
    return {
        "tasks": [{k: v for k, v in asdict(o).items() if k != "by_call"} for o in outcomes],
        "calls": calls,
        "result_tokens": tokens,
        "all_correct": all(o.correct for o in outcomes),
        "launch_calls": sum(o.calls for o in launch),
        "launch_result_tokens": sum(o.result_tokens for o in launch),
        "tools_list_tokens_max": max(o.tools_list_tokens for o in outcomes),
        "before": BEFORE,
        "budget": BUDGET,
        "within_budget": calls <= BUDGET["calls"] and tokens <= BUDGET["result_tokens"],
    }


def report(got: dict[str, Any]) -> list[str]:
    lines = [
        "agent workload: twelve everyday requests through an MCP client on the demo emulator "
        "(result tokens: cl100k of what the model is shown; tools/list: at the task's end)",
        f"  {'task':<42} {'calls':>5} {'result tokens':>13} {'tools/list':>10}  correct",
    ]
    for task in got["tasks"]:
        mark = "yes" if task["correct"] else "NO: " + "; ".join(task["problems"])
        lines.append(
            f"  {task['task']:<42} {task['calls']:>5} {task['result_tokens']:>13,} "
            f"{task['tools_list_tokens']:>10,}  {mark}"
        )
    before, budget = got["before"], got["budget"]
    lines.append(
        f"  {'total':<42} {got['calls']:>5} {got['result_tokens']:>13,} {'':>10}  "
        f"{'all' if got['all_correct'] else 'NOT all'} correct"
    )
    lines.append(
        f"  before (issue #20): {before['calls']} calls, {before['result_tokens']:,} tokens; budget ≤ "
        f"{budget['calls']} calls, ≤ {budget['result_tokens']:,} tokens: "
        f"{'within' if got['within_budget'] else 'OVER'}; the two launch tasks: {got['launch_calls']} calls, "
        f"{got['launch_result_tokens']:,} tokens"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--calls", action="store_true", help="also each call's tool and result tokens")
    args = parser.parse_args()
    outcomes = anyio.run(workload)
    got = figures(outcomes)
    if args.json:
        print(json.dumps(got, indent=2))
        return
    print("\n".join(report(got)))
    if args.calls:
        for outcome in outcomes:
            print(f"{outcome.task}: " + ", ".join(f"{c.tool} {c.tokens}" for c in outcome.by_call))
    sys.exit(0 if got["all_correct"] else 1)


if __name__ == "__main__":
    main()
