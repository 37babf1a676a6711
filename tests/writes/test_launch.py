"""`plan_launch` through an MCP client against the emulator: several dependent creates, one plan, one confirmation.

A board and its Pins, or a campaign, its ad group and an ad of a new Pin, used to take a plan and a
confirm per create; here they take one of each. The tests check that the plan shows every item as a
person reads it, that the confirmation applies exactly that plan (leaving items out is the only change
it allows), that a failure midway says what exists and is undone from the journal, newest first.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.types import ElicitResult

from pinterest_mcp.emulator.http.faults import FaultKind, FaultProfile, VirtualClock
from pinterest_mcp.server.build import build_server
from support.faults import FaultyRuntime
from support.world import BOARD_WITH_SECTIONS, PIN, SPRING, USD, World, ok, result_of, world_for

pytestmark = pytest.mark.anyio

IMAGES = [f"https://images.example.com/launch/{n}.jpg" for n in (1, 2, 3)]


@pytest.fixture
def world(tmp_path: Path) -> World:
    return world_for(tmp_path)


@pytest.fixture
async def client(world: World) -> AsyncIterator[Client]:
    await world.runtime.client()  # the emulator exists from the start, so the tests can read its state
    async with Client(build_server(world.runtime.settings, world.runtime)) as connected:
        yield connected


def board_and_pins(link: str = "https://hearthandharvest.example.com/spring") -> dict[str, Any]:
    pins = [
        {
            "ref": f"pin{n}",
            "kind": "pin",
            "fields": {
                "board_id": "@board1",
                "title": f'Spring "look" {n}',
                "link": link,
                "media_source": {"source_type": "image_url", "url": url},
            },
        }
        for n, url in enumerate(IMAGES, 1)
    ]
    board = {"ref": "board1", "kind": "board", "fields": {"name": "Spring Launch 2027", "privacy": "PUBLIC"}}
    return {"items": [board, *pins]}


def posts(world: World) -> list[str]:
    return [r.path for r in world.writes()]


async def test_a_board_and_three_pins_take_one_plan_and_one_confirmation(client: Client, world: World) -> None:
    arguments = board_and_pins()
    plan = await ok(client, "plan_launch", arguments)
    assert posts(world) == []  # planning sends reads only
    assert [i["ref"] for i in plan["items"]] == ["board1", "pin1", "pin2", "pin3"]
    pin = plan["items"][1]
    assert pin["depends_on"] == ["board1"] and pin["fields"]["board_id"] == "@board1"
    assert '@board1 (new board "Spring Launch 2027")' in pin["create"]["board_id"]
    assert IMAGES[0] in str(pin["create"]["media_source"])
    assert pin["create"]["title"] == '"Spring \\"look\\" 1"'  # outside text quoted and escaped
    done = await ok(client, "plan_launch", {**arguments, "confirmation": plan["confirmation"]})
    assert done["status"] == "applied", done
    created = {c["ref"]: c["id"] for c in done["created"]}
    assert list(created) == ["board1", "pin1", "pin2", "pin3"]
    listed = await ok(client, "list_board_pins", {"board_id": created["board1"], "fields": ["title"]})
    assert sorted(p["id"] for p in listed["items"]) == sorted(created[f"pin{n}"] for n in (1, 2, 3))
    titles = {p["id"]: p["title"] for p in listed["items"]}
    assert [titles[created[f"pin{n}"]] for n in (1, 2, 3)] == [f'Spring "look" {n}' for n in (1, 2, 3)]
    # in order: the board first, then each Pin on it
    assert posts(world) == ["/boards", "/pins", "/pins", "/pins"]


def ads_launch(status: str = "PAUSED") -> dict[str, Any]:
    """A new Pin on an existing board, and a campaign, ad group and ad promoting it."""
    return {
        "ad_account_id": USD,
        "items": [
            {"ref": "pin1", "kind": "pin", "fields": {"board_id": BOARD_WITH_SECTIONS, "title": "Oat jar",
             "link": "https://hearthandharvest.example.com/oats",
             "media_source": {"source_type": "image_url", "url": IMAGES[0]}}},
            {"ref": "c1", "kind": "campaign", "fields": {"name": "Oat Launch", "objective_type": "AWARENESS",
             "status": status, "lifetime_spend_cap": 250_000_000}},
            {"ref": "ag1", "kind": "ad_group", "fields": {"campaign_id": "@c1", "name": "Oat Launch – Broad",
             "billable_event": "IMPRESSION", "budget_in_micro_currency": 12_500_000}},
            {"ref": "ad1", "kind": "ad", "fields": {"ad_group_id": "@ag1", "pin_id": "@pin1",
             "creative_type": "REGULAR", "name": "Oat jar ad"}},
        ],
    }  # fmt: skip


async def test_a_campaign_ad_group_and_ad_of_a_new_pin_take_one_plan_and_stay_paused(
    client: Client, world: World
) -> None:
    arguments = ads_launch()
    plan = await ok(client, "plan_launch", arguments)
    assert plan["plan"].endswith(f"in ad account {USD} (USD), in this order"), plan["plan"]
    pin, campaign, group, ad = plan["items"]
    assert "Oat" not in str(plan.get("warnings", []))  # nothing ACTIVE, no duplicate
    assert BOARD_WITH_SECTIONS in pin["create"]["board_id"] and '"' in pin["create"]["board_id"]  # named
    assert campaign["create"]["status"] == "PAUSED" and group["create"]["status"] == "PAUSED"
    assert "250.00 USD" in campaign["create"]["budget"] and "lifetime spend cap" in campaign["create"]["budget"]
    assert group["create"]["budget"] == "ad group daily budget: 12.50 USD"
    assert group["create"]["campaign_id"] == '@c1 (new campaign "Oat Launch")'
    assert ad["depends_on"] == ["ag1", "pin1"] and '@pin1 (new pin "Oat jar")' in ad["create"]["pin_id"]
    done = await ok(client, "plan_launch", {**arguments, "confirmation": plan["confirmation"]})
    assert done["status"] == "applied", done
    ids = {c["ref"]: c["id"] for c in done["created"]}
    state = world.emulator.state
    assert state.ad_groups[ids["ag1"]]["campaign_id"] == ids["c1"]
    assert state.ads[ids["ad1"]]["pin_id"] == ids["pin1"] and state.ads[ids["ad1"]]["ad_group_id"] == ids["ag1"]
    assert [state.campaigns[ids["c1"]]["status"], state.ad_groups[ids["ag1"]]["status"]] == ["PAUSED", "PAUSED"]
    assert state.ads[ids["ad1"]]["status"] == "PAUSED"
    ads = await ok(client, "list_ads", {"ad_account_id": USD, "ad_group_ids": [ids["ag1"]]})
    assert [a["id"] for a in ads["items"]] == [ids["ad1"]]


async def test_active_only_when_asked_and_then_said_first_as_spend(client: Client) -> None:
    plan = await ok(client, "plan_launch", ads_launch(status="ACTIVE"))
    assert plan["warnings"][0].startswith('SPENDS MONEY: @c1 (new campaign "Oat Launch") created ACTIVE'), plan


async def test_a_duplicate_of_an_existing_campaign_is_warned_first(client: Client, world: World) -> None:
    arguments = ads_launch()
    existing = world.emulator.state.campaigns[SPRING]["name"]
    arguments["items"][1]["fields"]["name"] = existing
    plan = await ok(client, "plan_launch", arguments)
    assert list(plan)[:2] == ["plan", "warnings"]
    assert any(w.startswith("@c1: campaign ") and SPRING in w and "already exists" in w for w in plan["warnings"])


async def test_a_pin_left_out_is_not_created_nor_what_depends_on_it(client: Client, world: World) -> None:
    arguments = board_and_pins()
    plan = await ok(client, "plan_launch", arguments)
    done = await ok(client, "plan_launch", {**arguments, "confirmation": plan["confirmation"], "leave_out": ["pin2"]})
    assert [c["ref"] for c in done["created"]] == ["board1", "pin1", "pin3"]
    assert done["left_out"] == {"@pin2": "left out"} and done["status"] == "applied"
    assert posts(world) == ["/boards", "/pins", "/pins"]

    arguments = ads_launch()
    plan = await ok(client, "plan_launch", arguments)
    done = await ok(client, "plan_launch", {**arguments, "confirmation": plan["confirmation"], "leave_out": ["@pin1"]})
    assert [c["ref"] for c in done["created"]] == ["c1", "ag1"]
    assert done["left_out"] == {"@pin1": "left out", "@ad1": "left out: it needs @pin1, which is left out"}

    arguments = board_and_pins()
    plan = await ok(client, "plan_launch", arguments)
    failed, answer = await result_of(
        client, "plan_launch", {**arguments, "confirmation": plan["confirmation"], "leave_out": ["board1"]}
    )
    assert failed and answer["error"] == "Nothing was written: every item is left out.", answer


async def test_invalid_fields_name_the_item_and_the_field_and_send_nothing(client: Client, world: World) -> None:
    arguments = board_and_pins()
    arguments["items"][2]["fields"]["title"] = "x" * 101
    failed, answer = await result_of(client, "plan_launch", arguments)
    assert failed and "item @pin2 (pin): title:" in answer and "100 characters" in answer, answer
    arguments = ads_launch()
    arguments["items"][3]["fields"]["pin_id"] = "@c1"
    failed, answer = await result_of(client, "plan_launch", arguments)
    assert failed and "item @ad1 (ad): pin_id names @c1, a campaign, not a pin" in answer, answer
    arguments["items"][3]["fields"]["pin_id"] = "@later"
    failed, answer = await result_of(client, "plan_launch", arguments)
    assert failed and "not an earlier item" in answer, answer
    assert list(world.emulator.requests) == []  # refused before even a read


async def test_the_confirmation_applies_only_its_own_plan(client: Client, world: World) -> None:
    arguments = board_and_pins()
    plan = await ok(client, "plan_launch", arguments)
    token = plan["confirmation"]
    changed = board_and_pins()
    changed["items"][2]["fields"]["link"] = "https://elsewhere.example.com/"
    added = board_and_pins()
    added["items"].append({**added["items"][1], "ref": "pin4"})
    dropped = {"items": arguments["items"][:3]}
    reordered = {"items": [arguments["items"][0], arguments["items"][2], arguments["items"][1], arguments["items"][3]]}
    other = await ok(client, "plan_launch", {"items": [{"ref": "b", "kind": "board", "fields": {"name": "Other"}}]})
    single = await ok(client, "create_board", {"name": "Spring Launch 2027", "privacy": "PUBLIC"})
    attempts = [
        {**changed, "confirmation": token},
        {**added, "confirmation": token},
        {**dropped, "confirmation": token},
        {**reordered, "confirmation": token},
        {**arguments, "confirmation": other["confirmation"]},
        {**arguments, "confirmation": single["confirmation"]},
        {**arguments, "confirmation": token + "x"},
        {**arguments, "confirmation": token, "leave_out": ["pin9"]},
    ]
    for attempt in attempts:
        failed, answer = await result_of(client, "plan_launch", attempt)
        assert failed and "othing was" in str(answer), (attempt, answer)
    failed, answer = await result_of(client, "create_board", {"name": "Other", "confirmation": other["confirmation"]})
    assert failed and "belongs to a plan of plan_launch" in str(answer), answer
    assert posts(world) == []
    await ok(client, "plan_launch", {**arguments, "confirmation": token})
    failed, answer = await result_of(client, "plan_launch", {**arguments, "confirmation": token})
    assert failed and "already used" in str(answer), answer
    assert len(posts(world)) == 4  # the one apply, never a second


async def test_a_failure_midway_stops_says_what_exists_and_is_undone_newest_first(client: Client, world: World) -> None:
    arguments = board_and_pins()
    arguments["items"][2]["fields"]["link"] = "ftp://hearthandharvest.example.com/spring"  # Pinterest refuses it
    plan = await ok(client, "plan_launch", arguments)
    failed, done = await result_of(client, "plan_launch", {**arguments, "confirmation": plan["confirmation"]})
    assert failed and done["status"] == "partial", done
    assert [c["ref"] for c in done["created"]] == ["board1", "pin1"]
    assert done["created"][0]["name"] == '"Spring Launch 2027"'
    assert done["failed"]["ref"] == "pin2" and "link" in done["failed"]["error"].lower()
    assert done["not_done"] == ["@pin3"]
    board, pin = (c["id"] for c in done["created"])
    state = world.emulator.state
    assert board in state.boards and pin in state.pins

    undo = await ok(client, "undo_change", {"entry": done["journal_entry"]})
    assert [s["ref"] for s in undo["steps"]] == ["pin1", "board1"]  # newest first
    assert any("cannot be undone" in w for w in undo["warnings"])
    undone = await ok(client, "undo_change", {"entry": done["journal_entry"], "confirmation": undo["confirmation"]})
    assert undone["status"] == "applied" and [u["ref"] for u in undone["undone"]] == ["pin1", "board1"]
    assert board not in state.boards and pin not in state.pins
    failed, again = await result_of(
        client, "undo_change", {"entry": done["journal_entry"], "confirmation": undo["confirmation"]}
    )
    assert failed, again


async def test_an_ads_launch_is_undone_by_archiving(client: Client, world: World) -> None:
    arguments = ads_launch()
    plan = await ok(client, "plan_launch", arguments)
    done = await ok(client, "plan_launch", {**arguments, "confirmation": plan["confirmation"]})
    undo = await ok(client, "undo_change", {"entry": done["journal_entry"]})
    assert [s["ref"] for s in undo["steps"]] == ["ad1", "ag1", "c1", "pin1"]
    await ok(client, "undo_change", {"entry": done["journal_entry"], "confirmation": undo["confirmation"]})
    ids = {c["ref"]: c["id"] for c in done["created"]}
    state = world.emulator.state
    assert state.campaigns[ids["c1"]]["status"] == "ARCHIVED" and state.ads[ids["ad1"]]["status"] == "ARCHIVED"
    assert ids["pin1"] not in state.pins
    failed, again = await result_of(client, "undo_change", {"entry": done["journal_entry"]})
    assert failed and "created nothing that still exists" in str(again), again  # archived and deleted: all taken back


class LostAnswer(FaultProfile):
    """Pinterest acts on the `nth` POST but its answer never arrives; every other request is answered."""

    def __init__(self, nth: int) -> None:
        super().__init__(rate=0.0, weights={}, clock=VirtualClock())
        self.nth = nth
        self.posts = 0

    def draw(self, method: str) -> FaultKind | None:
        if method != "POST":
            return None
        self.posts += 1
        return "drop_after" if self.posts == self.nth else None


async def test_a_lost_answer_midway_stops_the_launch_as_unknown_and_undo_says_what_the_board_holds(
    tmp_path: Path,
) -> None:
    runtime = FaultyRuntime(LostAnswer(nth=2), journal=tmp_path / "journal.jsonl")
    await runtime.client()
    async with Client(build_server(runtime.settings, runtime)) as client:
        arguments = board_and_pins()
        plan = await ok(client, "plan_launch", arguments)
        failed, done = await result_of(client, "plan_launch", {**arguments, "confirmation": plan["confirmation"]})
        assert failed and done["status"] == "unknown", done
        assert [c["ref"] for c in done["created"]] == ["board1"]
        assert done["failed"]["ref"] == "pin1" and "outcome is unknown" in done["failed"]["error"], done
        assert done["failed"]["check"].startswith("Do not repeat it yet"), done
        assert done["not_done"] == ["@pin2", "@pin3"]
        board = done["created"][0]["id"]
        made = [p for p in runtime.emulator.state.pins.values() if p["board_id"] == board]
        assert len(made) == 1  # Pinterest made pin1; only its answer was lost
        undo = await ok(client, "undo_change", {"entry": done["journal_entry"]})
        assert [s["ref"] for s in undo["steps"]] == ["board1"]
        assert any("with its 1 Pins" in w for w in undo["warnings"]), undo  # the unknown Pin goes with it, said so


def answering(content: dict[str, Any] | None, asked: list[Any]) -> Callable[..., Any]:
    """An elicitation callback: accept with `content` (None: decline), keeping what it was asked."""

    async def answer(_: Any, params: Any) -> ElicitResult:
        asked.append(params)
        return ElicitResult(action="decline") if content is None else ElicitResult(action="accept", content=content)

    return answer


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_a_client_that_can_ask_lets_the_user_untick_a_pin(tmp_path: Path, mode: str) -> None:
    """Each item is a tick box (Pinterest wants the user to choose each Pin published); unticked is left out."""
    world = world_for(tmp_path)
    asked: list[Any] = []
    answer = answering({"item1": True, "item2": True, "item3": False, "item4": True}, asked)
    async with Client(build_server(world.runtime.settings, world.runtime), mode=mode, elicitation_callback=answer) as c:
        done = await ok(c, "plan_launch", board_and_pins())
    assert len(asked) == 1 and "@pin2 pin:" in asked[0].message and IMAGES[1] in asked[0].message
    boxes = asked[0].requested_schema["properties"]
    assert [boxes[f"item{n}"]["title"] for n in (1, 3)] == [
        '@board1 (new board "Spring Launch 2027")',
        '@pin2 (new pin "Spring \\"look\\" 2")',
    ]
    assert [c["ref"] for c in done["created"]] == ["board1", "pin1", "pin3"] and done["left_out"] == {
        "@pin2": "left out"
    }


async def test_a_declined_ask_writes_nothing(tmp_path: Path) -> None:
    world = world_for(tmp_path)
    answer = answering(None, [])
    async with Client(build_server(world.runtime.settings, world.runtime), elicitation_callback=answer) as client:
        data = await ok(client, "plan_launch", board_and_pins())
    assert "declined" in data and "confirmation" not in data and world.writes() == []


async def test_an_item_acting_for_an_ad_account_outside_the_allowlist_is_refused(tmp_path: Path) -> None:
    world = world_for(tmp_path, ad_accounts=(USD,))
    await world.runtime.client()
    arguments = board_and_pins()
    arguments["items"][0]["fields"]["ad_account_id"] = "549755856400"
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        failed, answer = await result_of(client, "plan_launch", arguments)
    assert failed and "549755856400 is not among the accounts" in str(answer), answer
    assert list(world.emulator.requests) == []  # refused before even a read


async def test_a_launch_creates_only_what_this_server_offers(tmp_path: Path) -> None:
    """With only `ads_manage` on, the launch is listed for ads, and a new Pin (create_pin, in `pins`) is refused."""
    world = world_for(tmp_path, toolsets=("ads_manage",))
    await world.runtime.client()
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        assert "plan_launch" in {t.name for t in (await client.list_tools()).tools}
        failed, answer = await result_of(client, "plan_launch", ads_launch())
        assert failed and "item @pin1 (pin): this server does not offer create_pin" in str(answer), answer
        arguments = ads_launch()
        del arguments["items"][0]
        arguments["items"][2]["fields"]["pin_id"] = PIN  # an existing Pin, by id
        plan = await ok(client, "plan_launch", arguments)
        assert [i["ref"] for i in plan["items"]] == ["c1", "ag1", "ad1"]
    assert list(world.emulator.requests) and world.writes() == []


async def test_a_token_is_bound_to_its_ad_account_and_dry_run_never_applies(client: Client, world: World) -> None:
    arguments = ads_launch()
    plan = await ok(client, "plan_launch", arguments)
    eur = next(a["id"] for a in world.emulator.state.ad_accounts.values() if a["currency"] == "EUR")
    failed, answer = await result_of(
        client, "plan_launch", {**arguments, "ad_account_id": eur, "confirmation": plan["confirmation"]}
    )
    assert failed and f"is for ad account {USD}" in str(answer), answer
    dry = await ok(client, "plan_launch", {**arguments, "confirmation": plan["confirmation"], "dry_run": True})
    assert "confirmation" not in dry and dry["next"].startswith("Nothing was written")
    assert world.writes() == []
    done = await ok(client, "plan_launch", {**arguments, "confirmation": plan["confirmation"]})
    assert done["status"] == "applied"  # neither attempt used the token up


async def test_a_budget_above_the_server_maximum_refuses_the_whole_launch(tmp_path: Path) -> None:
    world = world_for(tmp_path, max_budget=Decimal("10"))
    await world.runtime.client()
    async with Client(build_server(world.runtime.settings, world.runtime)) as client:
        failed, plan = await result_of(client, "plan_launch", ads_launch())
    assert failed and "confirmation" not in plan, plan
    assert any(r.startswith("@ag1: ad group") and "--max-budget" in r for r in plan["refused"]), plan["refused"]
    assert world.writes() == []
