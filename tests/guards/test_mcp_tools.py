"""The read tools through a real MCP client (in memory, both protocol eras) against the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.operations import all_operations
from pinterest_mcp.registry.records import Access
from pinterest_mcp.registry.toolsets import select
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
MODES = ["auto", "legacy"]


@pytest.fixture
def runtime() -> Runtime:
    """Every toolset, fixed: the round trips below cover every read tool, not only the default's."""
    return Runtime(Settings(demo=True, toolsets=("all",)))


@pytest.fixture(params=MODES)
async def client(request: pytest.FixtureRequest, runtime: Runtime) -> AsyncIterator[Client]:
    async with Client(build_server(runtime.settings, runtime), mode=request.param) as connected:
        yield connected


async def demo_ids(client: Client) -> dict[str, str]:
    """Real ids from the demo account, found the way a model would: by listing."""
    account = (await call(client, "list_ad_accounts"))["items"][0]["id"]
    campaign = (await call(client, "list_campaigns", ad_account_id=account))["items"][0]["id"]
    ad_group = (await call(client, "list_ad_groups", ad_account_id=account))["items"][0]["id"]
    first_ad = (await call(client, "list_ads", ad_account_id=account))["items"][0]
    ad = first_ad["id"]
    boards = (await call(client, "list_boards", all_pages=True))["items"]
    board = next(b["id"] for b in boards if (b.get("pin_count") or 0) > 0)
    pin = (await call(client, "list_pins"))["items"][0]["id"]
    audience = (await call(client, "list_audiences", ad_account_id=account))["items"][0]["id"]
    sections = {b["id"]: (await call(client, "list_board_sections", board_id=b["id"]))["items"] for b in boards}
    sectioned, section = next((board, items[0]["id"]) for board, items in sections.items() if items)
    username = (await call(client, "get_user_account"))["username"]
    (interests,) = (await call(client, "list_targeting_options", targeting_type="INTEREST"))["items"]
    assets = {
        f"{kind}_id": (await call(client, f"list_{kind}s", ad_account_id=account))["items"][0]["id"]
        for kind in ("customer_list", "conversion_tag", "lead_form", "product_group_promotion")
    }
    promoted = (await call(client, "list_product_group_promotions", ad_account_id=account))["items"][0]
    business = (await call(client, "list_business_employers"))["items"][0]["id"]
    member = (await call(client, "list_business_members", business_id=business))["items"][0]["id"]
    partner = (await call(client, "list_business_partners", business_id=business))["items"][0]["id"]
    return {
        **assets,
        "product_group_id": promoted["catalog_product_group_id"],
        "username": username,
        "targeting_type": "INTEREST",
        "interest_id": next(iter(interests)),
        "media_id": (await call(client, "list_media"))["items"][0]["media_id"],
        "region": "US",
        "trend_type": "growing",
        "section_id": section,
        "sectioned_board_id": sectioned,
        "audience_id": audience,
        "business_id": business,
        "member_id": member,
        "partner_id": partner,
        **await _catalog_ids(client),
        "billing_invoice_id": (await call(client, "list_billing_invoices", ad_account_id=account))["items"][0]["id"],
        "subscription_id": (await call(client, "list_lead_subscriptions", ad_account_id=account))["items"][0]["id"],
        "asset_id": account,
        "id": (await call(client, "list_integrations"))["items"][0]["id"],
        "external_business_id": "hearth-and-harvest-shop",  # the demo merchant's commerce integration
        "pin_order_id": (await call(client, "list_insertion_orders", ad_account_id=account))["items"][0][
            "pin_order_id"
        ],
        "order_line_id": (await call(client, "list_order_lines", ad_account_id=account))["items"][0]["id"],
        "promotion_id": (await call(client, "list_promotions", ad_account_id=account))["items"][0]["id"],
        "ad_account_id": account,
        "campaign_id": campaign,
        "ad_group_id": ad_group,
        "ad_id": ad,
        "ad_campaign_id": first_ad["campaign_id"],
        "ad_pin_id": first_ad["pin_id"],
        "board_id": board,
        "pin_id": pin,
    }


async def _catalog_ids(client: Client) -> dict[str, str]:
    """The catalog, its feed and that feed's newest processing result; the seed's first item batch (the
    catalog's id plus 3000: no read lists batches, an upsert's answer names them)."""
    catalog = (await call(client, "list_catalogs"))["items"][0]["id"]
    feed = (await call(client, "list_catalog_feeds", catalog_id=catalog))["items"][0]["id"]
    result = (await call(client, "list_feed_processing_results", feed_id=feed))["items"][0]["id"]
    return {
        "catalog_id": catalog,
        "feed_id": feed,
        "processing_result_id": result,
        "batch_id": str(int(catalog) + 3000),
    }


def _schema_titles(node: Any, in_properties: bool = False) -> list[str]:
    """`title` keywords anywhere in a schema (a property *named* title is fine)."""
    if isinstance(node, list):
        return [t for item in node for t in _schema_titles(item)]
    if not isinstance(node, dict):
        return []
    found = [] if in_properties or "title" not in node else [str(node["title"])]
    for key, value in node.items():
        if in_properties:
            found += _schema_titles(value)
        elif key == "properties":
            found += _schema_titles(value, in_properties=True)
        elif isinstance(value, dict | list):
            found += _schema_titles(value)
    return found


async def test_tools_list_carries_annotations_meta_and_compact_schemas(client: Client) -> None:
    """Each tool's hints and _meta come from its registry record; schemas carry no pydantic titles."""
    tools = {t.name: t for t in (await client.list_tools()).tools}
    composites = [
        "undo_change",
        "check_connection",
        "run_report",
        "run_bulk_download",
        "create_video_pin",
        "plan_launch",
        "run_leads_export",
    ]
    assert list(tools) == [op.name for op in all_operations()] + composites
    for op in all_operations():
        tool = tools[op.name]
        assert tool.annotations is not None
        assert tool.annotations.read_only_hint is (op.access is Access.READ)
        # destructive exactly where data is lost: deletes; archiving is a status, and updates keep history
        assert tool.annotations.destructive_hint is (op.change == "delete" or op.name.startswith("archive_"))
        assert tool.annotations.open_world_hint is True
        assert tool.meta == {
            "pinterest/operation_id": op.operation_id,
            "pinterest/scopes": list(op.scopes),
            "pinterest/toolset": op.toolset,
        }
        assert set(op.path_params) <= set(tool.input_schema.get("required", []))
        assert not _schema_titles(tool.input_schema), op.name
        assert tool.input_schema["additionalProperties"] is False


async def test_every_read_tool_of_every_toolset_returns_demo_data(client: Client) -> None:
    """Every read tool, in every toolset, answers with data from the demo account."""  # writes: test_writes.py
    ids = await demo_ids(client)
    today = datetime.now(UTC).date()
    extra: dict[str, Any] = {
        "start_date": str(today - timedelta(days=7)),
        "end_date": str(today),
        "campaign_ids": [ids["campaign_id"]],
        "ad_group_ids": [ids["ad_group_id"]],
        "ad_ids": [ids["ad_id"]],
        "date": str(today - timedelta(days=3)),
        "targeting_types": ["AGE_BUCKET", "GENDER"],
        "metric_types": ["IMPRESSION", "SAVE"],
        "sort_by": "IMPRESSION",
        "audience_insight_type": "YOUR_TOTAL_AUDIENCE",
        "lookback_period": "14d",
        "product_categories": ["BAKEWARE", "CANDLES"],
        "product_group_ids": [ids["product_group_id"]],
        # keywords, trends, search and planning reads (test_trends.py, test_search.py, test_planning.py)
        "keywords": ["sourdough bread"],
        "country_code": "US",
        "term": "bread",
        "terms": ["bread"],
        "query": "kitchen",
        "bid_floor_specs": [{"billable_event": "IMPRESSION", "currency": "USD"}],
        # an item's bids (test_item_bids.py): asked by catalog and item
        "catalog_id": ids["catalog_id"],
        "items": [{"item_id": "sku-1", "country": "US", "language": "EN"}],
    }
    # Required filters that must name a promoted Pin and its campaign (ad Pin analytics).
    required_only = {"campaign_id": ids["ad_campaign_id"], "pin_ids": [ids["ad_pin_id"]]}
    for op in select(["all"], read_only=True, operations=all_operations()):
        if op.toolset == "reports" or op.name == "get_catalog_report":
            continue  # they need a token or a template: test_report_tools.py, test_catalog_reports.py call them
        fields = op.input.model_fields
        args: dict[str, Any] = {name: ids[name] for name in op.path_params}
        if "section_id" in op.path_params:
            args["board_id"] = ids["sectioned_board_id"]
        optional_filters = {"ad_group_ids"} if not op.view or not op.view.table else set()  # lists need none
        optional_filters |= {"sort_by", "keywords"} - {n for n, f in fields.items() if f.is_required()}  # by tool
        args |= {n: v for n, v in extra.items() if n in fields and n != "campaign_ids" and n not in optional_filters}
        if "campaign_ids" in fields and fields["campaign_ids"].is_required():
            args["campaign_ids"] = extra["campaign_ids"]
        args |= {n: v for n, v in required_only.items() if n in fields and fields[n].is_required()}
        args |= {n: ids[n] for n, f in fields.items() if f.is_required() and n in ids and n not in args}
        args |= _catalog_bodies(ids["catalog_id"]).get(op.name, {})
        data = await call(client, op.name, **args)
        if op.lists:
            assert data["count"] == len(data["items"]) > 0, op.name
        elif op.view is not None and op.view.table:
            assert data["row_count"] == len(data["rows"]) > 0, op.name
        else:
            assert data, op.name


def _catalog_bodies(catalog: str) -> dict[str, dict[str, Any]]:
    """The catalog reads that POST a body: items by id, products by filters (each its own `filters`)."""
    where = {"catalog_id": catalog, "country": "US"}
    return {
        "get_catalog_items": {"country": "US", "language": "en-US", "filters": {"catalog_id": catalog,
                                                                                "item_ids": ["x"]}},
        "list_catalog_products_by_filter": {**where, "locale": "en-US", "filters": {"any_of": [{"BRAND": {"values": [
            "Hearth & Harvest Co."]}}]}},
        "create_catalog_report": {"report_type": "ALL_ITEMS"},
        "list_catalog_report_stats": {"report_type": "FEED_INGESTION_ISSUES", "catalog_id": None,  # the feed's
                                      "feed_id": str(int(catalog) + 1000)},  # the seeded feed (catalog_state)
    }  # fmt: skip


async def test_invalid_arguments_name_the_field_and_send_nothing(client: Client, runtime: Runtime) -> None:
    """Validation happens before any request: the error names each bad field and what is allowed."""
    await call(client, "get_user_account")  # opens the client, so the emulator exists
    before = len(runtime.emulator.requests)
    cases: list[tuple[str, dict[str, Any], list[str]]] = [
        ("list_campaigns", {"ad_account_id": "12ab"}, ["ad_account_id", "pattern"]),
        ("list_campaigns", {"ad_account_id": "1", "campaign_ids": []}, ["campaign_ids", "at least 1"]),
        ("list_campaigns", {"ad_account_id": "1", "entity_statuses": ["RUNNING"]}, ["entity_statuses.0", "ACTIVE"]),
        ("list_campaigns", {"ad_account_id": "1", "page_size": 500}, ["page_size", "250"]),
        ("list_campaigns", {"ad_account_id": "1", "budget": 5}, ["budget", "unknown argument", "entity_statuses"]),
        ("get_campaign", {"ad_account_id": "1"}, ["campaign_id", "required"]),
        ("list_boards", {"privacy": "FRIENDS"}, ["privacy", "SECRET"]),
    ]
    for tool, arguments, expected in cases:
        result = await client.call_tool(tool, arguments)
        text = text_of(result)
        assert result.is_error, tool
        assert "nothing was sent" in text
        for fragment in expected:
            assert fragment in text, (tool, fragment, text)
    assert len(runtime.emulator.requests) == before


async def test_money_is_shown_in_each_ad_accounts_currency(client: Client) -> None:
    """Micro-currency fields keep their value and get a readable amount in the account's currency."""
    accounts = (await call(client, "list_ad_accounts"))["items"]
    currencies = {a["currency"] for a in accounts}
    assert len(currencies) >= 2
    for account in accounts:
        campaigns = (await call(client, "list_campaigns", ad_account_id=account["id"]))["items"]
        capped = [c for c in campaigns if "daily_spend_cap" in c]
        assert capped
        for campaign in capped:
            micro = campaign["daily_spend_cap"]
            amount, currency = campaign["daily_spend_cap_amount"].split()
            assert currency == account["currency"]
            assert round(float(amount) * 1_000_000) == micro


async def test_fields_adds_to_the_compact_default(client: Client) -> None:
    """Results carry a compact default; `fields` adds named fields and ["*"] returns everything."""
    ids = await demo_ids(client)
    compact = await call(client, "get_ad_group", ad_account_id=ids["ad_account_id"], ad_group_id=ids["ad_group_id"])
    assert "targeting_spec" not in compact
    more = await call(
        client,
        "get_ad_group",
        ad_account_id=ids["ad_account_id"],
        ad_group_id=ids["ad_group_id"],
        fields=["targeting_spec"],
    )
    assert "targeting_spec" in more and set(compact) <= set(more)
    everything = await call(
        client, "get_ad_group", ad_account_id=ids["ad_account_id"], ad_group_id=ids["ad_group_id"], fields=["*"]
    )
    assert len(everything) > len(more)


async def test_max_items_follows_bookmarks_with_no_extra_request(client: Client, runtime: Runtime) -> None:
    """max_items=30 is one request of 30; all_pages walks to the end without duplicates."""
    first = await call(client, "list_pins")
    assert first["count"] == 25 and first["bookmark"]
    before = len(runtime.emulator.requests)
    thirty = await call(client, "list_pins", max_items=30)
    assert thirty["count"] == 30
    assert len(runtime.emulator.requests) == before + 1
    everything = await call(client, "list_pins", all_pages=True, page_size=10)
    ids = [p["id"] for p in everything["items"]]
    assert len(ids) == len(set(ids)) > 30
    assert "bookmark" not in everything
    resumed = await call(client, "list_pins", bookmark=first["bookmark"])
    assert resumed["items"][0]["id"] == ids[25]


async def test_pinterest_errors_become_tool_errors_with_next_steps(client: Client, runtime: Runtime) -> None:
    """A 404 is an isError result saying what to do next, not a protocol error."""
    result = await client.call_tool("get_board", {"board_id": "1"})
    assert result.is_error
    assert "not_found" in text_of(result) and "list_boards" in text_of(result)


async def test_rate_limits_are_retried_transparently(client: Client, runtime: Runtime) -> None:
    """A 429 with Retry-After: 0 is retried by the client; the model sees only the answer."""
    await call(client, "get_user_account")
    runtime.emulator.inject_fault(method="GET", path="/boards", status=429, headers={"Retry-After": "0"}, times=2)
    boards = await call(client, "list_boards")
    assert boards["count"] > 0


async def test_analytics_come_back_as_a_table_with_readable_money(client: Client) -> None:
    """Metric rows become one table; micro-unit columns get a readable twin in the account currency."""
    ids = await demo_ids(client)
    today = datetime.now(UTC).date()
    table = await call(
        client,
        "get_campaign_analytics",
        ad_account_id=ids["ad_account_id"],
        campaign_ids=[ids["campaign_id"]],
        start_date=str(today - timedelta(days=3)),
        end_date=str(today - timedelta(days=1)),
    )
    columns = table["columns"]
    assert columns[0].startswith("DATE") and columns[1] == "CAMPAIGN_ID"
    # One readable column per money metric, no micro-units (test_analytics_answers checks the values).
    assert "SPEND (USD)" in columns and not any("MICRO" in name for name in columns)
    assert [row[0] for row in table["rows"]] == sorted(row[0] for row in table["rows"])


async def test_analytics_limits_and_column_names_are_checked_before_sending(client: Client) -> None:
    """Pinterest's date limits and its 175 column names are enforced locally, with suggestions."""
    today = datetime.now(UTC).date()
    base = {"ad_account_id": "1", "start_date": str(today - timedelta(days=5)), "end_date": str(today)}
    too_old = await client.call_tool("get_ad_account_analytics", base | {"start_date": "2020-01-01"})
    assert too_old.is_error and "90 days" in text_of(too_old)
    typo = await client.call_tool("get_ad_account_analytics", base | {"columns": ["SPEND_IN_MICRO"]})
    assert typo.is_error and "SPEND_IN_MICRO_DOLLAR" in text_of(typo)


async def test_toolsets_and_read_only_choose_the_tools() -> None:
    """--toolsets/--tools add up, unknown names are refused, read-only drops writes."""
    boards_only = build_server(Settings(demo=True, toolsets=("boards",), tools=("get_pin",)))
    async with Client(boards_only) as client:
        names = [t.name for t in (await client.list_tools()).tools]
    assert names == [op.name for op in all_operations() if op.toolset == "boards"] + ["get_pin"]
    reads = [op for op in all_operations() if op.access is Access.READ]
    assert len(select(["all"], read_only=True, operations=all_operations())) == len(reads)
    with pytest.raises(ValueError, match="unknown toolset"):
        select(["nope"], operations=all_operations())
    with pytest.raises(ValueError, match="unknown tool"):
        select(tools=["drop_tables"], operations=all_operations())


async def test_ad_account_allowlist_refuses_other_accounts_before_any_request() -> None:
    """--ad-accounts limits every tool: others are refused locally and hidden from list_ad_accounts."""
    everyone = Runtime(Settings(demo=True))
    async with Client(build_server(everyone.settings, everyone)) as client:
        accounts = [a["id"] for a in (await call(client, "list_ad_accounts"))["items"]]
    allowed, other = accounts[0], accounts[1]
    runtime = Runtime(Settings(demo=True, toolsets=("all",), ad_accounts=(allowed,)))
    async with Client(build_server(runtime.settings, runtime)) as client:
        listed = [a["id"] for a in (await call(client, "list_ad_accounts"))["items"]]
        assert listed == [allowed]
        before = len(runtime.emulator.requests)
        for tool, args in (
            ("list_campaigns", {"ad_account_id": other}),
            ("get_ad_account", {"ad_account_id": other}),
            ("list_boards", {"ad_account_id": other}),
        ):
            result = await client.call_tool(tool, args)
            assert result.is_error and "not among the accounts" in text_of(result), tool
        assert len(runtime.emulator.requests) == before
        assert (await call(client, "list_campaigns", ad_account_id=allowed))["count"] > 0


def test_every_write_input_carries_the_write_controls() -> None:
    """Write tools run the plan → confirm → apply flow, which needs `confirmation` and `dry_run`."""
    from pinterest_mcp.registry.inputs import WriteInput

    for op in all_operations():
        assert issubclass(op.input, WriteInput) is (op.access is Access.WRITE), op.name
