"""Entities and bulk envelopes shaped by the spec: the builder's rules, every factory's output, every envelope.

The entity builder (``kinds.shaped``) fills what a response schema implies and the factories
only what is semantic, so these tests pin the builder's rules on real component schemas, check
that every kind's entity validates against the schema it is answered in (with the validator the
conformance tests use), and that each bulk operation the emulator serves reads the envelope the
spec gives it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest
from jsonschema import FormatChecker
from openapi_schema_validator import OAS30Validator

from pinterest_mcp.emulator import API_PREFIX, Emulator
from pinterest_mcp.emulator.http.bulk import BULK, BulkRules, Envelope, Outcome, envelope
from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import ApiError
from pinterest_mcp.emulator.http.shapes import document, properties
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds import entities
from pinterest_mcp.emulator.kinds.resources import RESOURCES
from pinterest_mcp.emulator.kinds.shaped import ABSENT, accepts_null, response_schema, shape, shaped
from pinterest_mcp.spec.facts import operation_facts
from support.conformance import generated_body, path_ids, seeded_ids

COLLECTIONS = {r.kind: r.collection for r in RESOURCES}
# Fields a factory keeps that its schema lacks: the private fields its resource row drops from answers.
EXTRAS = {r.kind: list(r.private) for r in RESOURCES if r.private}


def _validator(spec: dict[str, Any], schema_name: str) -> OAS30Validator:
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    return OAS30Validator(schema, format_checker=FormatChecker())


AUTH = {"Authorization": "Bearer test-token"}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


@pytest.fixture(scope="module")
def emu() -> Emulator:
    return Emulator(seed=7, clock=lambda: 1_780_000_000.0, today=lambda: date(2026, 5, 28))


def test_the_spec_default_fills_a_field_directly_or_through_the_schema_it_names() -> None:
    group = shaped("AdGroupResponse", {}, {})
    assert group["type"] == "adgroup" and group["promotion_id"] == "0"  # defaults on the property
    template = shaped("TargetingTemplateGetResponseData", {}, {})
    assert template["placement_group"] == "ALL"  # the default of the PlacementGroupType it $refs
    assert template["auto_targeting_enabled"] is True


def test_null_only_where_the_schema_accepts_it_else_the_field_is_left_out() -> None:
    group = shaped("AdGroupResponse", {}, {})
    assert group["bid_in_micro_currency"] is None and group["tracking_urls"] is None  # nullable (TrackingUrls too)
    assert group["dca_assets"] is None  # untyped: anything validates
    # nullable, but an allOf of OptimizationGoalMetadata, which is not: null would not validate
    assert "optimization_goal_metadata" not in group
    assert "name" not in group and "status" not in group  # neither nullable, defaulted nor required


def test_accepts_null_agrees_with_the_validator_on_every_entity_property(spec: dict[str, Any]) -> None:
    """The builder's null rule is the validator's, for every property of every kind's schema."""
    for schema_name in entities.SCHEMAS.values():
        for name, definitions in properties(_ref(schema_name)).items():
            for node in definitions:
                expected = OAS30Validator({**node, "components": spec["components"]}).is_valid(None)
                assert accepts_null(node) == expected, (schema_name, name)
    synthetic: list[tuple[dict[str, Any], bool]] = [
        ({"type": "string", "nullable": True, "enum": ["A", "B"]}, False),
        ({"type": "string", "nullable": True, "enum": ["A", None]}, True),
        ({}, True),
        ({"type": "integer"}, False),
        ({"anyOf": [{"type": "string"}, {"type": "integer", "nullable": True}]}, True),
    ]
    for node, expected in synthetic:
        assert accepts_null(node) is expected, node
        assert OAS30Validator(node).is_valid(None) is expected, node


def test_all_of_parts_merge_in_order_and_given_fields_keep_their_schema_place() -> None:
    fields = shape("AdGroupResponse").fields
    common = list(properties(_ref("AdGroupCommon")))
    assert list(fields[: len(common)]) == common  # the allOf's first part first, in its order
    assert {"ad_account_id", "feed_profile_id", "type"} <= set(fields[len(common) :])  # then its own
    group = shaped("AdGroupResponse", {"type": "adgroup", "private": 1}, {"name": "n", "status": "PAUSED"})
    assert list(group) == [f for f in fields if f in group] + ["private"]  # schema order, extras after


def test_required_fields_get_a_neutral_value_and_absent_leaves_a_field_out() -> None:
    assert shaped("BoardSection", {}, {}) == {"name": ""}  # required; id is not
    assert shaped("AdAccount", {"id": "1"}, {})["id"] == "1"
    assert "tracking_urls" not in shaped("AdGroupResponse", {"tracking_urls": ABSENT}, {})
    assert "bid_multiplier" not in shaped("AdGroupResponse", {}, {"bid_multiplier": ABSENT})


def test_an_unknown_field_is_a_bug() -> None:
    with pytest.raises(TypeError, match="unknown field"):
        shaped("BoardSection", {"id": "1"}, {"nmae": "typo"})
    with pytest.raises(TypeError, match="unknown field"):
        entities.campaign("1", "2", "c", "AWARENESS", now=0, daily_budget=5)
    with pytest.raises(KeyError):
        shape("NoSuchSchema")
    # a semantic extra (a private field) may be overridden, like any schema field
    assert shaped("BoardSection", {"board_id": "1"}, {"board_id": "2"})["board_id"] == "2"


def test_each_kind_names_the_schema_its_reads_answer_in() -> None:
    """A factory's schema is what its kind's get (or list) answers; campaigns take the create's superset."""
    reads = {r.kind: r.get_op or r.list_op for r in RESOURCES}
    for kind, schema_name in entities.SCHEMAS.items():
        read = response_schema(reads[kind])
        if kind == "campaign":
            assert set(shape(read).fields) < set(shape(schema_name).fields)
        else:  # labels/list's items are the write's envelope (LabelsResponse), whose entities are Labels
            listed = [nodes[0].get("items", {}).get("$ref", "") for nodes in properties(_ref(read)).values()]
            assert read in (schema_name, f"{schema_name}Response") or _ref(schema_name)["$ref"] in listed, kind


@pytest.mark.anyio
async def test_every_factory_builds_an_entity_its_schema_validates(emu: Emulator, spec: dict[str, Any]) -> None:
    """Stored entities of every kind validate, fields in schema order: the seeded ones, and those each
    create route makes from a body generated from its request schema, so a kind needs no seed rows here."""
    written: set[str] = set()
    for kind, schema_name in entities.SCHEMAS.items():
        seeded = list(emu.state.collection(COLLECTIONS[kind]).values())
        made = await _created(emu, kind)
        written |= {kind} if made else set()
        assert seeded or made, f"{kind}: no seed rows and its generated create made none"
        validator = _validator(spec, schema_name)
        fields = shape(schema_name).fields
        for entity in seeded + made:
            errors = [f"{list(e.absolute_path)}: {e.message[:120]}" for e in validator.iter_errors(entity)]
            assert not errors, (kind, entity["id"], errors[:3])
            in_schema = [f for f in entity if f in fields]
            assert in_schema == [f for f in fields if f in entity], kind
            assert [f for f in entity if f not in fields] == EXTRAS.get(kind, []), kind
    assert {"ad_account", "campaign", "ad", "label", "conversion_tag", "board", "section"} <= written


async def _created(emu: Emulator, kind: str) -> list[Entity]:
    """What ``kind``'s create route stores for a generated body; none where nothing fits a pattern or it is refused."""
    (create,) = {r.create.operation_id for r in RESOURCES if r.kind == kind and r.create is not None}
    facts, ids = operation_facts(create), seeded_ids(emu.state)
    try:
        body = generated_body(create, ids)
    except ValueError:  # a pattern nothing generated fits (a catalog product group id)
        return []
    before = set(emu.state.collection(COLLECTIONS[kind]))
    transport = httpx.ASGITransport(app=emu.app)
    async with httpx.AsyncClient(transport=transport, base_url=f"http://emulator{API_PREFIX}", headers=AUTH) as client:
        await client.request(facts.method, facts.path.format(**path_ids(facts.path, ids)), json=body)
    return [e for entity_id, e in emu.state.collection(COLLECTIONS[kind]).items() if entity_id not in before]


def test_factories_state_the_semantic_fields() -> None:
    owner = {"id": "9", "username": "cook"}
    account = entities.ad_account("1", "Kitchen", owner, now=5)
    campaign = entities.campaign("2", "1", "Spring", "WEB_CONVERSION", now=5, start_time=3)
    group = entities.ad_group("3", campaign, "G", "CLICKTHROUGH", now=5, optimization_goal_metadata=None)
    assert account["owner"] == owner and campaign["summary_status"] == "RUNNING"
    assert group["start_time"] == 3 and group["conversion_learning_mode_type"] == "NOT_ACTIVE"
    assert group["promotion_id"] is None and "optimization_goal_metadata" not in group
    pin = entities.pin("4", "5", {"media_type": "image"}, owner, created_at="2026-01-01T00:00:00")
    assert "pin_metrics" not in pin and "has_been_promoted" not in pin  # on request; rendered
    tag = entities.conversion_tag("6", "1", "Tag")
    assert tag["configs"]["md_frequency"] == 1 and tag["configs"]["aem_enabled"] is False


EXPECTED_ENVELOPES = {
    "campaigns/create": (None, (), (1, 30), None, True),
    "campaigns/update": (None, (), (1, 30), None, True),
    "ad_groups/create": (None, (), (1, 30), None, True),
    "ad_groups/update": (None, (), (1, 30), None, True),
    "ads/create": (None, (), (1, 30), None, False),
    "ads/update": (None, (), (1, 30), None, False),
    "lead_forms/create": (None, (), (1, 30), None, True),
    "lead_forms/update": (None, (), (1, 30), None, True),
    "keywords/create": ("keywords", ("parent_id",), None, "keywords", False),
    "keywords/update": ("keywords", (), None, "keywords", False),
    "product_group_promotions/create": ("product_group_promotion", ("ad_group_id",), None, None, True),
    "product_group_promotions/update": ("product_group_promotion", ("ad_group_id",), None, None, True),
}


def test_every_served_bulk_operation_reads_its_envelope_from_the_spec() -> None:
    served = {
        write.operation_id
        for resource in RESOURCES
        for write in (resource.create, resource.update)
        if write is not None and write.bulk is not None
    }
    assert set(EXPECTED_ENVELOPES) <= served and all(isinstance(envelope(o), Envelope) for o in served)
    for operation_id, expected in EXPECTED_ENVELOPES.items():
        shape_of = envelope(operation_id)
        assert (shape_of.key, shape_of.shared, shape_of.bounds, shape_of.listed, shape_of.exception_list) == expected
    keywords = envelope("keywords/create")
    assert (keywords.errors, keywords.messages) == ("errors", "error_messages")
    assert keywords.entity_schema is not None
    assert {"value", "match_type", "id", "parent_id"} <= set(keywords.entity_schema.properties)


def _refusal(operation_id: str, body: Any, rules: BulkRules = BULK) -> str:
    with pytest.raises(ApiError) as refused:
        envelope(operation_id).unpack(body, rules)
    assert (refused.value.status, refused.value.code) == (400, 1)
    return refused.value.message


def test_a_bad_envelope_is_refused_whole_with_todays_wording() -> None:
    array = "Invalid request body: it must be a JSON array of 1 to 30 objects."
    assert _refusal("campaigns/create", {"name": "x"}) == array
    assert _refusal("ads/update", [{}] * 31) == "Invalid request body: 31 items sent; a request takes 1 to 30."
    assert _refusal("ads/update", []) == "Invalid request body: 0 items sent; a request takes 1 to 30."
    assert _refusal("keywords/update", [{}]) == "Invalid request body: it must be a JSON object."
    assert _refusal("keywords/update", {"keywords": "x"}) == "Invalid keywords: it must be a JSON array."
    bounded = BulkRules(items=(1, 30))
    message = "Invalid product_group_promotion: 0 items sent; a request takes 1 to 30."
    assert _refusal("product_group_promotions/create", {"product_group_promotion": []}, bounded) == message


def test_items_are_told_the_bodys_shared_fields() -> None:
    body = {"parent_id": "AG1", "keywords": [{"value": "a", "parent_id": "x"}, "not an object"]}
    assert envelope("keywords/create").unpack(body, BULK) == [{"value": "a", "parent_id": "AG1"}, "not an object"]
    assert envelope("campaigns/create").unpack([{"name": "c"}], BULK) == [{"name": "c"}]


def test_answers_take_the_shape_the_200_schema_gives(emu: Emulator) -> None:
    context = WriteContext(emu.state, None, 0, date(2026, 5, 28))
    error = {"code": 2, "message": "no"}
    outcomes = [Outcome({"id": "1"}, data={"id": "1"}), Outcome({"value": "v", "x": 1}, error=error)]
    as_list = {"items": [{"data": {"id": "1"}, "exceptions": []}, {"exceptions": [error]}]}
    assert envelope("lead_forms/create").answer(context, outcomes, BULK) == as_list
    assert envelope("product_group_promotions/update").answer(context, outcomes, BULK) == as_list
    as_object = {"items": [{"data": {"id": "1"}}, {"exceptions": error}]}
    assert envelope("ads/create").answer(context, outcomes, BULK) == as_object
    keywords = envelope("keywords/create").answer(context, outcomes, BULK)
    described = {"value": "v", "match_type": None}  # the required match_type filled, the unknown x dropped
    assert keywords == {"keywords": [{"id": "1"}], "errors": [{"data": described, "error_messages": ["no"]}]}
    assert list(keywords) == ["keywords", "errors"]
    known = BulkRules(refused=lambda _, item: {"value": "described"})
    answer = envelope("keywords/update").answer(context, outcomes, known)
    assert answer["errors"][0]["data"] == {"value": "described"}


def test_a_refused_item_is_described_only_by_what_its_entity_schema_accepts(
    emu: Emulator, spec: dict[str, Any]
) -> None:
    """A bad value is why an item is refused; echoing it would make the 200 answer break its own schema."""
    context = WriteContext(emu.state, None, 0, date(2026, 5, 28))
    bad = {"value": 5, "match_type": "SOMETIMES", "id": "x1", "bid": "high", "archived": False}
    answer = envelope("keywords/create").answer(context, [Outcome(bad, error={"code": 1, "message": "no"})], BULK)
    assert answer["errors"][0]["data"] == {"value": "", "match_type": None, "archived": False}  # required ones filled
    schema = document()["operations"]["keywords/create"]["responses"]["200"]["application/json"]
    validator = OAS30Validator({**schema, "components": spec["components"]}, format_checker=FormatChecker())
    assert not list(validator.iter_errors(answer))


def test_envelopes_are_read_from_the_served_operations_only() -> None:
    """A non-bulk write has no envelope to read: its body is one object, not items."""
    assert isinstance(envelope("campaigns/create"), Envelope)
    assert "request_body" in document()["operations"]["boards/create"]
    with pytest.raises(ValueError, match="one array"):
        envelope("boards/create")
