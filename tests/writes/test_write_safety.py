"""Write safety under hostile conditions: each test is named after a defect hostile testing found.

Everything goes through a real MCP client against the embedded emulator. Where an answer must be
garbled *after* the emulator acted (a lost answer, a body that is not JSON), the emulator sits
behind `Upstream`, a transport that rewrites matching answers; the emulator's request log stays
the witness of what was sent, and every test checks that nothing was sent twice and nothing
without its confirmation.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.world import OVERSPENDING_GROUP, PIN, SPRING, USD, Clock, ok, result_of

pytestmark = pytest.mark.anyio

Rewrite = Callable[[httpx.Response], httpx.Response]


@dataclass
class Rule:
    """Rewrite the answer to the next `times` requests of `method` whose path ends with `path`."""

    method: str
    path: str
    rewrite: Rewrite
    times: int = 1

    def takes(self, request: httpx.Request) -> bool:
        if self.times > 0 and request.method == self.method and request.url.path.endswith(self.path):
            self.times -= 1
            return True
        return False


@dataclass
class Upstream(httpx.AsyncBaseTransport):
    """The runtime's emulator behind a transport that can garble answers after the emulator acted."""

    runtime: Runtime | None = None
    rules: list[Rule] = field(default_factory=list)
    hold: Callable[[httpx.Request], Any] | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert self.runtime is not None and self.runtime.emulator is not None
        if self.hold is not None:
            await self.hold(request)
        inner = httpx.ASGITransport(app=self.runtime.emulator.app)
        response = await inner.handle_async_request(request)
        await response.aread()
        for rule in self.rules:
            if rule.takes(request):
                return rule.rewrite(response)
        return response


def answer(status: int, content: bytes | str, content_type: str = "application/json") -> Rewrite:
    body = content.encode() if isinstance(content, str) else content
    return lambda _: httpx.Response(status, content=body, headers={"content-type": content_type})


def reset(_: httpx.Response) -> httpx.Response:
    """The emulator acted, then the connection dropped before its answer arrived."""
    raise httpx.ReadError("connection reset by peer")


@dataclass
class World:
    runtime: Runtime
    upstream: Upstream
    journal: Path
    clock: Clock

    @property
    def emulator(self) -> Any:
        return self.runtime.emulator

    def writes(self) -> list[Any]:
        return [r for r in self.emulator.requests if r.method != "GET"]

    def entry(self, entry_id: str) -> dict[str, Any]:
        found = self.runtime.writes.journal.get(entry_id)
        assert found is not None, entry_id
        return found


def make_world(tmp_path: Path) -> World:
    upstream = Upstream()
    clock = Clock()
    journal = tmp_path / "journal.jsonl"
    runtime = Runtime(Settings(demo=True, journal=journal, toolsets=("all",)), transport=upstream, clock=clock)
    upstream.runtime = runtime
    return World(runtime, upstream, journal, clock)


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries happen at once: these tests are about what is sent and reported, not about waiting."""
    monkeypatch.setattr("pinterest_mcp.api.client.backoff_delay", lambda attempt, rng: 0.0)


def client_for(world: World) -> Client:
    return Client(build_server(world.runtime.settings, world.runtime))


async def plan_of(client: Client, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    plan: dict[str, Any] = await ok(client, tool, arguments)
    assert str(plan.get("confirmation", "")).startswith("cf1."), plan
    return plan


PAUSE = {"ad_account_id": USD, "campaign_ids": [SPRING]}
CREATE = {"ad_account_id": USD, "campaigns": [{"name": "Winter test", "objective_type": "AWARENESS"}]}


# 1 ---------------------------------------------------------------------------------------------


async def test_dry_run_with_a_valid_confirmation_applies_the_write(world: World) -> None:
    """`dry_run=true` plans only, whatever else the call carries; the confirmation stays usable."""
    async with client_for(world) as client:
        plan = await plan_of(client, "pause_campaigns", PAUSE)
        dry = await ok(client, "pause_campaigns", {**PAUSE, "confirmation": plan["confirmation"], "dry_run": True})
        assert "status" not in dry and dry["next"].startswith("Nothing was written"), dry
        assert world.writes() == []
        applied = await ok(client, "pause_campaigns", {**PAUSE, "confirmation": plan["confirmation"]})
    assert applied["status"] == "applied"
    assert len(world.writes()) == 1


# 2 ---------------------------------------------------------------------------------------------


async def test_two_plans_on_the_same_state_applied_together_both_apply(world: World) -> None:
    """Two confirmations previewed on budget 80, applied at once: one applies, the other is refused as changed.

    The first PATCH is held until the other call has re-read the ad group (or a bounded wait passes),
    so the race the per-entity lock closes is forced whenever the lock is missing.
    """
    group = {"ad_account_id": USD, "ad_group_ids": [OVERSPENDING_GROUP]}
    reads_after_plans = anyio.Event()
    reads = 0
    armed = False

    async def hold(request: httpx.Request) -> None:
        nonlocal reads
        if not armed:
            return
        if request.method == "GET" and request.url.path.endswith("/ad_groups"):
            reads += 1
            if reads >= 2:
                reads_after_plans.set()
        if request.method == "PATCH":
            with anyio.move_on_after(0.5):
                await reads_after_plans.wait()

    world.upstream.hold = hold
    async with client_for(world) as client:
        down = await plan_of(client, "set_ad_group_budget", {**group, "budget": "60"})
        up = await plan_of(client, "set_ad_group_budget", {**group, "budget": "200"})
        armed = True
        outcomes: dict[str, tuple[bool, Any]] = {}

        async def apply(name: str, budget: str, token: str) -> None:
            outcomes[name] = await result_of(
                client, "set_ad_group_budget", {**group, "budget": budget, "confirmation": token}
            )

        with anyio.fail_after(20):
            async with anyio.create_task_group() as tg:
                tg.start_soon(apply, "60", "60", down["confirmation"])
                tg.start_soon(apply, "200", "200", up["confirmation"])
        final = await ok(client, "get_ad_group", {"ad_account_id": USD, "ad_group_id": OVERSPENDING_GROUP})

    patches = [r for r in world.writes() if r.method == "PATCH"]
    assert len(patches) == 1, patches
    applied = [name for name, (failed, data) in outcomes.items() if not failed and data.get("status") == "applied"]
    refused = [name for name, (failed, data) in outcomes.items() if failed and "changed since" in str(data)]
    assert len(applied) == 1 and len(refused) == 1, outcomes
    assert final["budget_in_micro_currency"] == int(applied[0]) * 1_000_000
    entry = world.entry(outcomes[applied[0]][1]["journal_entry"])
    assert entry["before"] == {OVERSPENDING_GROUP: {"budget_in_micro_currency": 80_000_000}}
    assert world.runtime.writes.locks.held() == 0  # every lock released, none left behind


# 3 ---------------------------------------------------------------------------------------------


async def test_undo_change_writes_back_truncated_text(world: World) -> None:
    """A 660-character description, changed and undone, comes back whole."""
    long = ("A slow Sunday ragù, step by step. " * 20)[:660]
    async with client_for(world) as client:
        await ok(client, "list_boards", {})  # opens the emulator
        world.emulator.state.pins[PIN]["description"] = long
        edit = {"pin_id": PIN, "description": "Short."}
        plan = await plan_of(client, "update_pin", edit)
        applied = await ok(client, "update_pin", {**edit, "confirmation": plan["confirmation"]})
        undo = await plan_of(client, "undo_change", {"entry": applied["journal_entry"]})
        redo = {"entry": applied["journal_entry"], "confirmation": undo["confirmation"]}
        done = await ok(client, "undo_change", redo)
    assert done["status"] == "applied", done
    first, second = world.writes()
    assert first.body == {"description": "Short."}
    assert second.body == {"description": long}
    assert world.emulator.state.pins[PIN]["description"] == long


async def test_undo_change_writes_back_truncated_text_journaled_by_an_older_version(world: World) -> None:
    """An entry whose `before` an older version shortened is refused, not written back cut."""
    cut = ("A slow Sunday ragù, step by step. " * 3)[:80] + "…(660 characters)"  # what the old journal kept
    line = {
        "entry": "20260101-000000-abcdef",
        "phase": "intent",
        "tool": "update_pin",
        "operation": "update_pin",
        "change": "update",
        "request": {"method": "PATCH", "path": f"/pins/{PIN}", "query": [], "body": {"description": "Short."}},
        "arguments": {"pin_id": PIN, "description": "Short."},
        "before": {PIN: {"description": cut}},
    }
    outcome = {"entry": line["entry"], "phase": "outcome", "status": "applied", "results": [{"id": PIN, "ok": True}]}
    world.journal.write_text(json.dumps(line) + "\n" + json.dumps(outcome) + "\n")
    async with client_for(world) as client:
        failed, data = await result_of(client, "undo_change", {"entry": line["entry"]})
    assert failed and "shortened" in data and "description" in data, data
    assert world.emulator is None or world.writes() == []


# 4 ---------------------------------------------------------------------------------------------


def assert_unknown(world: World, failed: bool, data: Any, writes: int = 1) -> None:
    """An outcome nobody can be sure of: reported and journaled `unknown`, with what to check; sent once."""
    assert failed and isinstance(data, dict) and data["status"] == "unknown", data
    assert "check" in data and "Error executing tool" not in json.dumps(data), data
    assert world.entry(data["journal_entry"])["status"] == "unknown"
    assert len(world.writes()) == writes


@pytest.mark.parametrize("tool", ["create_campaigns", "pause_campaigns"])
async def test_applied_write_answered_2xx_without_json_is_reported_as_a_crash(world: World, tool: str) -> None:
    arguments = CREATE if tool == "create_campaigns" else PAUSE
    method = "POST" if tool == "create_campaigns" else "PATCH"
    world.upstream.rules.append(Rule(method, "/campaigns", answer(200, "<html>OK</html>", "text/html")))
    async with client_for(world) as client:
        plan = await plan_of(client, tool, arguments)
        failed, data = await result_of(client, tool, {**arguments, "confirmation": plan["confirmation"]})
    assert_unknown(world, failed, data)


@pytest.mark.parametrize(
    "body",
    ["{}", '{"items":[null]}', '{"items":null}', '{"items":{"data":{"id":"1"}}}', '{"items":[{}]}'],
)
async def test_bulk_create_with_a_malformed_answer_is_journaled_failed_though_created(world: World, body: str) -> None:
    world.upstream.rules.append(Rule("POST", "/campaigns", answer(200, body)))
    async with client_for(world) as client:
        plan = await plan_of(client, "create_campaigns", CREATE)
        failed, data = await result_of(client, "create_campaigns", {**CREATE, "confirmation": plan["confirmation"]})
    assert_unknown(world, failed, data)
    assert any(c["name"] == "Winter test" for c in world.emulator.state.campaigns.values())  # it was created


@pytest.mark.parametrize("lost", ["503", "reset"], ids=["answered 503", "connection reset"])
async def test_delete_whose_answer_was_lost_is_retried_finds_404_and_is_reported_failed(
    world: World, lost: str
) -> None:
    """The retry of a DELETE that did act finds 404: the Pin is deleted, and the outcome says so."""
    rewrite = reset if lost == "reset" else answer(503, '{"code":1,"message":"Service unavailable"}')
    world.upstream.rules.append(Rule("DELETE", f"/pins/{PIN}", rewrite))
    async with client_for(world) as client:
        arguments = {"pin_id": PIN}
        plan = await plan_of(client, "delete_pin", arguments)
        failed, data = await result_of(client, "delete_pin", {**arguments, "confirmation": plan["confirmation"]})
    assert not failed and data["status"] == "applied", data
    assert data["now"] == [{"deleted": PIN}]
    assert world.entry(data["journal_entry"])["status"] == "applied"
    deletes = [r for r in world.writes() if r.method == "DELETE"]
    assert len(deletes) == 2 and len(world.writes()) == 2  # the one retry an idempotent DELETE allows, nothing else
    assert PIN not in world.emulator.state.pins


async def test_read_back_glitch_after_a_successful_write_crashes_the_call(world: World) -> None:
    """The PATCH applied; reading the campaign back fails: the write is still reported applied, and journaled."""
    error = answer(500, '{"code":1,"message":"Internal error"}')

    async def arm_after_the_patch(request: httpx.Request) -> None:
        if request.method == "PATCH":
            world.upstream.rules.append(Rule("GET", "/campaigns", error, times=10))

    world.upstream.hold = arm_after_the_patch
    async with client_for(world) as client:
        plan = await plan_of(client, "pause_campaigns", PAUSE)
        failed, data = await result_of(client, "pause_campaigns", {**PAUSE, "confirmation": plan["confirmation"]})
    assert not failed and data["status"] == "applied", data
    assert "read back" in data["now_unavailable"] and "get_campaign" in data["now_unavailable"]
    assert world.entry(data["journal_entry"])["status"] == "applied"
    assert len(world.writes()) == 1
    assert world.emulator.state.campaigns[SPRING]["status"] == "PAUSED"


# 5 ---------------------------------------------------------------------------------------------


async def test_pre_existing_journal_file_keeps_mode_0666(world: World) -> None:
    world.journal.write_text("")
    os.chmod(world.journal, 0o666)
    async with client_for(world) as client:
        plan = await plan_of(client, "pause_campaigns", PAUSE)
        await ok(client, "pause_campaigns", {**PAUSE, "confirmation": plan["confirmation"]})
    assert oct(world.journal.stat().st_mode & 0o777) == "0o600"


async def test_further_plans_silently_evict_a_pending_confirmation(world: World) -> None:
    """Tokens are signed, not stored: no number of further plans can push out one the user is reading."""
    async with client_for(world) as client:
        pending = await plan_of(client, "pause_campaigns", PAUSE)
        for budget in range(61, 80):  # 80 is its budget already: nothing to plan
            group = {"ad_account_id": USD, "ad_group_ids": [OVERSPENDING_GROUP], "budget": str(budget)}
            later = await plan_of(client, "set_ad_group_budget", group)
        applied = await ok(client, "pause_campaigns", {**PAUSE, "confirmation": pending["confirmation"]})
        assert applied["status"] == "applied"
        world.clock.now += 601  # an expired plan is refused; planning again gives a token at once
        expired = {**group, "confirmation": later["confirmation"]}
        failed, refused = await result_of(client, "set_ad_group_budget", expired)
        assert failed and "expired" in refused["error"], refused
        assert (await plan_of(client, "set_ad_group_budget", group))["confirmation"]
    assert len(world.writes()) == 1


@pytest.mark.parametrize("digits", ["١٢٣", "１２３", "123\u0663"])
async def test_ids_in_non_ascii_digits_pass_and_are_sent_upstream(world: World, digits: str) -> None:
    async with client_for(world) as client:
        for tool, arguments in (
            ("get_campaign", {"ad_account_id": USD, "campaign_id": digits}),
            ("pause_campaigns", {"ad_account_id": USD, "campaign_ids": [digits]}),
            ("get_pin", {"pin_id": digits}),
            ("list_campaigns", {"ad_account_id": digits}),
        ):
            failed, data = await result_of(client, tool, arguments)
            assert failed and "Invalid arguments" in data, (tool, data)
    assert world.emulator is None or world.emulator.requests == []


async def test_write_plans_have_no_size_cap(world: World) -> None:
    """Thirty 100,000-character names are refused by input bounds; a plan that is still too long is refused whole."""
    huge = {"ad_account_id": USD, "campaigns": [{"name": "x" * 100_000, "objective_type": "AWARENESS"}] * 30}
    async with client_for(world) as client:
        failed, data = await result_of(client, "create_campaigns", huge)
        assert failed and len(json.dumps(data)) < 5_000, str(data)[:500]
        assert "characters" in json.dumps(data)
        ads = (await ok(client, "list_ads", {"ad_account_id": USD}))["items"]
        long_urls = {
            "ad_account_id": USD,
            "ads": [{"id": ad["id"], "destination_url": "https://shop.example/" + "p" * 4_000} for ad in ads[:30]],
        }
        failed, data = await result_of(client, "update_ads", long_urls)
        assert failed and len(json.dumps(data)) < 5_000, str(data)[:500]
        assert "split the write" in str(data) and "confirmation" not in str(data)
    assert world.writes() == []


async def test_write_plans_have_no_size_cap_yet_a_base64_image_is_planned_by_size_and_sent_whole(
    world: World,
) -> None:
    """A 300,000-character base64 image: the plan names its size and digest; the confirmed POST carries every byte."""
    image = base64.b64encode(b"\x89PNG" + bytes(224_996)).decode()
    assert len(image) == 300_000
    arguments = {
        "board_id": "877196184766014044",
        "title": "Lemon pasta",
        "media_source": {"source_type": "image_base64", "content_type": "image/png", "data": image},
    }
    async with client_for(world) as client:
        plan = await plan_of(client, "create_pin", arguments)
        assert len(json.dumps(plan)) < 5_000, len(json.dumps(plan))
        assert "300000 characters" in json.dumps(plan)
        applied = await ok(client, "create_pin", {**arguments, "confirmation": plan["confirmation"]})
    assert applied["status"] == "applied", applied
    (sent,) = world.writes()
    assert sent.body["media_source"]["data"] == image


@pytest.mark.parametrize(
    ("tool", "arguments", "path", "body"),
    [
        ("list_campaigns", {"ad_account_id": USD}, "/campaigns", "{}"),
        ("list_campaigns", {"ad_account_id": USD, "max_items": 5}, "/campaigns", '{"bookmark":null}'),
        ("list_boards", {}, "/boards", '{"items":{"id":"1"}}'),
        ("get_campaign", {"ad_account_id": USD, "campaign_id": SPRING}, f"/campaigns/{SPRING}", ""),
        ("get_pin", {"pin_id": PIN}, f"/pins/{PIN}", ""),
    ],
)
async def test_malformed_upstream_answers_reported_as_success(
    world: World, tool: str, arguments: dict[str, Any], path: str, body: str
) -> None:
    world.upstream.rules.append(Rule("GET", path, answer(200, body)))
    async with client_for(world) as client:
        failed, data = await result_of(client, tool, arguments)
    assert failed and "unexpected" in str(data).lower(), data
    assert "Error executing tool" not in str(data)


@pytest.mark.parametrize("host", ["127.0.0.2", "127.8.9.10", "localhost", "::1", "127.0.0.1"])
async def test_host_127_0_0_2_turns_the_sdk_host_origin_checks_off(host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any loopback bind keeps DNS-rebinding protection: a foreign Origin or Host is refused, a local one served."""
    from mcp.server.mcpserver import MCPServer

    from pinterest_mcp.cli.commands import main
    from pinterest_mcp.server.transports import http_auth

    ran: dict[str, Any] = {}

    def serve(server: MCPServer[Any], transport: str, **kwargs: Any) -> None:
        ran.update(kwargs, server=server, transport=transport)

    monkeypatch.setattr(http_auth, "serve_http", serve)
    assert main(["serve", "--demo", "--transport", "http", "--host", host, "--port", "8123"]) == 0
    server: MCPServer[Any] = ran["server"]
    app = http_auth.http_app(server, "http", host=host, token=None, security=ran["security"])
    authority = f"[{host}]:8123" if ":" in host else f"{host}:8123"
    hello = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
    accept = {"accept": "application/json, text/event-stream", "content-type": "application/json"}
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=f"http://{authority}")
    async with server.session_manager.run(), http:
        evil_origin = await http.post("/mcp", json=hello, headers={**accept, "origin": "http://evil.example"})
        evil_host = await http.post("/mcp", json=hello, headers={**accept, "host": "evil.example:8123"})
        local = await http.post("/mcp", json=hello, headers={**accept, "origin": f"http://{authority}"})
    assert evil_origin.status_code == 403 and evil_host.status_code == 421, (evil_origin, evil_host)
    assert local.status_code not in (403, 421), local.text


@pytest.mark.parametrize("body", ['{"items":[{}]}', '{"items":[]}', "{}", '{"items":[{"exception":null}]}'])
async def test_a_business_grant_answered_without_a_result_is_unknown_and_says_which_read_shows_it(
    world: World, body: str
) -> None:
    """Business Access answers each entry with a result or an exception; anything else leaves the grant unsure."""
    world.upstream.rules.append(Rule("PATCH", "/partners/assets", answer(200, body)))
    async with client_for(world) as client:
        business = (await ok(client, "list_business_employers", {}))["items"][0]["id"]
        agency = (await ok(client, "list_business_partners", {"business_id": business}))["items"][0]["id"]
        grant = {
            "business_id": business,
            "accesses": [{"partner_id": agency, "asset_id": USD, "permissions": ["ANALYST"]}],
        }
        plan = await plan_of(client, "update_business_partner_access", grant)
        failed, data = await result_of(
            client, "update_business_partner_access", {**grant, "confirmation": plan["confirmation"]}
        )
    assert_unknown(world, failed, data)
    assert "call list_business_partner_assets" in data["check"], data
