"""The emulator's one body gate: JSON request bodies checked against the spec's request schemas.

Each case is one construct of the walker (``$ref``, ``allOf``, ``oneOf`` with and without a
discriminator, nullable, type, enum, pattern, bounds, lengths, item counts, nested items,
required) answered over HTTP in the wording the emulator has always used; the writes behind
these routes no longer check their bodies, so the answers come from the gate alone. Bulk writes
answer a bad item as that item's exception while the others apply. Where the spec is stricter
than the hand tables were, the spec now wins (the ``spec wins`` cases).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from pinterest_mcp.emulator import Emulator
from pinterest_mcp.emulator.http.bodies import (
    Shape,
    body_schema,
    body_shape,
    check_item,
    check_value,
    compile_schema,
    item_shape,
)
from pinterest_mcp.emulator.http.errors import ApiError
from pinterest_mcp.emulator.http.routes import ENDPOINTS
from pinterest_mcp.spec.facts import operation_facts
from support.emulator import Facts, connect, facts

pytestmark = pytest.mark.anyio


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=7)


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    async with connect(emu) as connected:
        yield connected


def _cases(f: Facts) -> list[tuple[str, str, Any, str]]:
    """(method, path, body, the start of the 400's message) for each construct."""
    account = f"/ad_accounts/{f.usd}"
    return [
        ("POST", "/boards", {}, "Missing required field: name."),  # required
        ("POST", "/boards", {"name": 5}, "Invalid name: 5 must be a string."),  # type
        ("POST", "/boards", {"name": ""}, "Invalid name: must not be empty."),  # minLength (a rule)
        ("POST", "/boards", {"name": "x", "privacy": "OPEN"}, "Invalid privacy: 'OPEN' is not one of PUBLIC,"),  # allOf
        ("PATCH", f"/boards/{f.board}", {"privacy": "PROTECTED"}, "Invalid privacy: 'PROTECTED' is not one of"),
        ("POST", "/boards", {"name": "x", "is_ads_only": None}, "Invalid is_ads_only: must not be null."),
        (
            "POST",
            f"/boards/{f.board}/sections",
            {"name": "x" * 181},
            "Invalid name: must be at most 180 characters long.",  # maxLength
        ),
        ("POST", f"/pins/{f.pin}/save", {"board_id": "abc"}, "Invalid board_id: 'abc' must match ^\\d+$."),  # pattern
        (
            "POST",
            f"{account}/audiences",
            {"name": "x", "audience_type": "VISITOR", "rule": {"visitor_source_id": "1", "retention_days": 541}},
            "Invalid rule.retention_days: 541 must be at most 540.",  # maximum, nested property
        ),
        (
            "POST",
            f"{account}/audiences",
            {"name": "x", "audience_type": "VISITOR", "rule": {"percentage": 0}},
            "Invalid rule.percentage: 0 must be at least 1.",  # minimum
        ),
        (
            "POST",
            f"{account}/bid_floor",
            {"bid_floor_specs": []},
            "Invalid bid_floor_specs: needs at least 1 items.",  # minItems
        ),
        (
            "POST",
            f"{account}/bid_floor",
            {"bid_floor_specs": [{"billable_event": "IMPRESSION", "currency": 3}]},
            "Invalid bid_floor_specs[0].currency: 3 must be a string.",  # items, $ref
        ),
        (
            "POST",
            f"{account}/bulk/download",
            {"entity_types": ["CAMPAIGN"] * 7},
            "Invalid entity_types: allows at most 6 items.",  # maxItems
        ),
        (
            "POST",
            "/pins",
            {"board_id": f.board, "media_source": {"source_type": "gif"}},
            "Invalid media_source.source_type: 'gif' is not one of",  # oneOf with a discriminator
        ),
        (
            "POST",
            "/pins",
            {"board_id": f.board, "media_source": {"source_type": "image_url", "url": 7}},
            "Invalid media_source.url: 7 must be a string.",  # the branch the discriminator names
        ),
        (
            "POST",
            f"{account}/ad_previews",
            {"title": "only a title"},
            "Invalid request body: give image_url with title, or pin_id,",  # oneOf of objects
        ),
        (
            "POST",
            f"{account}/ad_previews",
            {"pin_id": 5},
            "Invalid request body: give",  # no branch fits
        ),
        ("POST", "/boards", [1], "Invalid request body: it must be a JSON object."),
        ("POST", f"{account}/campaigns", {}, "Invalid request body: it must be a JSON array of 1 to 30 objects."),
        ("POST", f"{account}/campaigns", [], "Invalid request body: 0 items sent; a request takes 1 to 30."),
        ("POST", f"{account}/keywords", {"parent_id": "x1", "keywords": [{}]}, "Invalid parent_id: 'x1' must match"),
        ("POST", f"{account}/keywords", {"parent_id": "1", "keywords": []}, "Invalid keywords: needs at least 1"),
    ]


@pytest.mark.parametrize("index", range(22))
async def test_the_gate_answers_400_naming_the_field(emu: Emulator, client: httpx.AsyncClient, index: int) -> None:
    method, path, body, message = _cases(facts(emu))[index]
    response = await client.request(method, path, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == 1
    assert response.json()["message"].startswith(message), response.json()


def test_every_case_is_run() -> None:
    assert len(_cases(facts(Emulator(seed=7)))) == 22


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Missing request body: this operation needs a JSON body."),
        (b"{nope", "Invalid request body: it is not valid JSON."),
    ],
)
async def test_missing_or_malformed_bodies_keep_their_answers(
    client: httpx.AsyncClient, content: bytes, message: str
) -> None:
    response = await client.post("/boards", content=content)
    assert (response.status_code, response.json()["message"]) == (400, message)


async def test_keys_the_schema_does_not_list_are_ignored(client: httpx.AsyncClient) -> None:
    response = await client.post("/boards", json={"name": "Unlisted keys", "colour": "teal"})
    assert response.status_code == 201, response.text


async def test_the_gate_runs_before_the_handler_looks_anything_up(client: httpx.AsyncClient) -> None:
    """A bad body to a board that does not exist is a 400: bodies are checked first, like parameters."""
    response = await client.patch("/boards/1", json={"name": 5})
    assert (response.status_code, response.json()["message"]) == (400, "Invalid name: 5 must be a string.")


async def test_a_bulk_write_refuses_a_bad_item_alone(emu: Emulator, client: httpx.AsyncClient) -> None:
    account = facts(emu).usd
    good = {"ad_account_id": account, "name": "Applied", "objective_type": "AWARENESS"}
    bad = {"ad_account_id": account, "name": 5, "objective_type": "AWARENESS"}
    missing = {"ad_account_id": account, "name": "No objective"}
    response = await client.post(f"/ad_accounts/{account}/campaigns", json=[good, bad, missing])
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert items[0]["data"]["name"] == "Applied" and items[0]["exceptions"] == []
    assert items[1] == {"exceptions": [{"code": 1, "message": "Invalid name: 5 must be a string."}]}
    assert items[2] == {"exceptions": [{"code": 1, "message": "Missing required field: objective_type."}]}
    listed = (await client.get(f"/ad_accounts/{account}/campaigns", params={"page_size": 250})).json()["items"]
    assert [c["name"] for c in listed].count("Applied") == 1


async def test_a_keyword_bulk_write_refuses_a_bad_keyword_alone(emu: Emulator, client: httpx.AsyncClient) -> None:
    f = facts(emu)
    body = {
        "parent_id": f"AG{f.keyword_group}",
        "keywords": [{"value": "gated keyword", "match_type": "BROAD"}, {"value": "", "match_type": "BROAD"}],
    }
    response = await client.post(f"/ad_accounts/{f.usd}/keywords", json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert [k["value"] for k in answer["keywords"]] == ["gated keyword"]
    assert answer["errors"][0]["error_messages"] == ["Invalid value: must not be empty."]


async def test_an_upsert_checks_each_item_against_its_kind(emu: Emulator, client: httpx.AsyncClient) -> None:
    """A bulk upsert's items are checked one by one too, so a bad one fails alone (the request is still taken)."""
    account = facts(emu).usd
    body = {
        "create": {
            "campaigns": [
                {"ad_account_id": account, "name": "Upserted", "objective_type": "AWARENESS"},
                {"ad_account_id": account, "name": "Bad", "objective_type": "NOPE"},
            ]
        }
    }
    response = await client.post(f"/ad_accounts/{account}/bulk/upsert", json=body)
    assert response.status_code == 200, response.text
    names = [c["name"] for c in emu.state.campaigns.values()]
    assert "Upserted" in names and "Bad" not in names


async def test_spec_wins_an_update_mask_for_campaign_bid_options(emu: Emulator, client: httpx.AsyncClient) -> None:
    """The spec requires an update's bid_options to say which multipliers change; the hand table did not."""
    f = facts(emu)
    item = {"id": f.spring, "ad_account_id": f.usd, "bid_options": {}}
    response = await client.patch(f"/ad_accounts/{f.usd}/campaigns", json=[item])
    message = "Missing required field: bid_options.update_mask."
    assert response.json()["items"][0]["exceptions"] == [{"code": 1, "message": message}]


async def test_spec_wins_an_ad_groups_bid_multiplier_is_not_cleared(emu: Emulator, client: httpx.AsyncClient) -> None:
    """The spec's update schema does not let bid_multiplier be null; the hand table did."""
    f = facts(emu)
    response = await client.patch(f"/ad_accounts/{f.usd}/ad_groups", json=[{"id": f.ad_group, "bid_multiplier": None}])
    message = "Invalid bid_multiplier: must not be null."
    assert response.json()["items"][0]["exceptions"] == [{"code": 1, "message": message}]


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        # Spec wins: the sizing keywords need both fields, creative types are the spec's eight.
        (
            "ad_groups/audience_sizing",
            {"keywords": [{"value": "cake"}]},
            "Missing required field: keywords[0].match_type.",
        ),
        ("ad_groups/audience_sizing", {"creative_types": ["QUIZ"]}, "Invalid creative_types[0]: 'QUIZ' is not one of"),
        # Spec wins: countries and objective types are the spec's enums, not any two or more letters.
        (
            "bid_floor",
            {"bid_floor_specs": [{"billable_event": "IMPRESSION", "currency": "USD", "countries": ["XX"]}]},
            "Invalid bid_floor_specs[0].countries[0]: 'XX' is not one of",
        ),
        (
            "bid_floor",
            {"bid_floor_specs": [{"billable_event": "IMPRESSION", "currency": "USD", "objective_type": "FAME"}]},
            "Invalid bid_floor_specs[0].objective_type: 'FAME' is not one of",
        ),
    ],
)
async def test_spec_wins_for_planning_bodies(
    emu: Emulator, client: httpx.AsyncClient, path: str, body: dict[str, Any], message: str
) -> None:
    response = await client.post(f"/ad_accounts/{facts(emu).usd}/{path}", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["message"].startswith(message), response.json()


async def test_spec_wins_for_an_ad_accounts_country(client: httpx.AsyncClient) -> None:
    response = await client.post("/ad_accounts", json={"name": "Elsewhere", "country": "XX"})
    assert response.status_code == 400 and response.json()["message"].startswith("Invalid country: 'XX' is not one of")


async def test_every_currency_of_the_spec_but_its_unknown_marker_opens_an_account(client: httpx.AsyncClient) -> None:
    """The emulator converts each of the spec's currencies (SEK was refused once); "UNK" is refused by name."""
    response = await client.post("/ad_accounts", json={"name": "Krona", "currency": "SEK"})
    assert response.status_code == 201 and response.json()["currency"] == "SEK"
    response = await client.post("/ad_accounts", json={"name": "Unknown", "currency": "UNK"})
    assert response.status_code == 400 and response.json()["message"].startswith("Invalid currency: 'UNK' is not one")


def _served_with_body() -> list[Any]:
    return [e for e in ENDPOINTS if body_schema(e.operation_id) is not None]


def test_every_served_operation_with_a_json_body_compiles_for_the_gate() -> None:
    served = _served_with_body()
    assert len(served) >= 35
    for endpoint in served:
        body_shape(endpoint.operation_id, endpoint.items)
        for path in endpoint.items:
            assert item_shape(endpoint.operation_id, path).types == ("object",), (endpoint.operation_id, path)


@pytest.mark.parametrize("endpoint", _served_with_body(), ids=lambda e: e.operation_id)
async def test_no_route_with_a_json_body_skips_the_gate(client: httpx.AsyncClient, endpoint: Any) -> None:
    """Every served operation with a JSON body answers the gate's 400 for a body that is no JSON at all."""
    path = operation_facts(endpoint.operation_id).path
    for name in endpoint_path_names(path):
        path = path.replace("{" + name + "}", "someone" if name == "username" else "1")
    response = await client.request(endpoint.method, path, content=b"{nope")
    assert response.status_code == 400, (endpoint.operation_id, response.text)
    assert response.json()["message"] == "Invalid request body: it is not valid JSON.", endpoint.operation_id


def endpoint_path_names(path: str) -> list[str]:
    """The path parameter names of a template."""
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


def test_the_walker_on_schemas_the_spec_has_no_example_of() -> None:
    """Type lists with "null", exclusive bounds and anyOf of enums, the constructs no served body uses today."""
    number = compile_schema({"type": ["number", "null"], "minimum": 0, "exclusiveMinimum": True, "maximum": 1})
    check_value(None, number, "x")
    check_value(1, number, "x")
    assert _refusal(number, 0) == "Invalid x: 0 must be greater than 0."
    assert _refusal(number, "a") == 'Invalid x: "a" must be a number.'
    assert _refusal(number, True) == "Invalid x: true must be a number."
    either = compile_schema({"anyOf": [{"enum": ["A"]}, {"enum": ["B"]}]})
    assert _refusal(either, "C") == "Invalid x: 'C' is not one of A, B."
    with pytest.raises(KeyError):
        check_item("boards/list", {})


def _refusal(shape: Shape, value: Any) -> str:
    with pytest.raises(ApiError) as refused:
        check_value(value, shape, "x")
    return refused.value.message
