"""Conversion product (brand, category, SKU) reports: ``analytics/create_conversion_product_report`` and get.

Each ad account sells the same few products (``PRODUCTS``: SKU, brand, category, SKU group). The
conversions and checkouts an entity's ads drove in a date bucket (the sync simulation's counters)
are split over those products with weights stable per account (``split_counters``), so every
report's quantities add up to the entity's ``TOTAL_CONVERSIONS`` and ``TOTAL_CHECKOUT``, and its
values to the checkout value (in currency units). Rows are grouped by the requested breakdown.

The spec's rules are enforced: ``start_date`` after 2024-03-16 (after 2025-04-01 with
BRAND_ATTRIBUTION), a window of at least 7 days and at most a year, ``campaign_ids`` only at the
CAMPAIGN level, ``ad_group_ids`` only at AD_GROUP, ``product_sku_ids`` (2-500) only with the
PRODUCT_SKU_GROUP breakdown. The file is CSV with a header (the spec names no format; this is the
emulator's choice), kept in the report book under its own kind.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import invalid
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.state import Entity
from pinterest_mcp.emulator.kinds.resources import AD_ACCOUNTS
from pinterest_mcp.emulator.routes.reports import (
    body_choice,
    body_date,
    body_ids,
    body_list,
    issue,
    json_body,
    poll_answer,
    subjects_of,
)
from pinterest_mcp.emulator.sim.analytics import (
    ATTRIBUTION_WINDOWS,
    CONVERSION_REPORT_TIMES,
    ReportQuery,
    Simulator,
    split_counters,
    uniforms,
)
from pinterest_mcp.spec.facts import vocabulary

KIND = "conversion_product"
EARLIEST = date(2024, 3, 16)
EARLIEST_BRAND_ATTRIBUTION = date(2025, 4, 1)
MIN_DAYS, MAX_DAYS = 7, 365
_PRODUCT_FIELDS = (
    "CONVERSION_PRODUCT_ID", "CONVERSION_PRODUCT_BRAND", "CONVERSION_PRODUCT_CATEGORY", "CONVERSION_PRODUCT_ID_GROUP",
)  # fmt: skip
PRODUCTS = (  # in _PRODUCT_FIELDS order: SKU, brand, category, SKU group
    ("HH1001", "Hearth & Harvest", "Kitchen > Cookware", "CAST_IRON"),
    ("HH1002", "Hearth & Harvest", "Kitchen > Cookware", "CAST_IRON"),
    ("HH2001", "Hearth & Harvest", "Kitchen > Tableware", "LINEN"),
    ("GW3001", "Greenway Goods", "Garden > Planters", "PLANTERS"),
    ("GW3002", "Greenway Goods", "Garden > Tools", "TOOLS"),
)
_BREAKDOWN_COLUMNS = {
    "PRODUCT_BRAND": ("CONVERSION_PRODUCT_BRAND",),
    "PRODUCT_CATEGORY": ("CONVERSION_PRODUCT_CATEGORY",),
    "PRODUCT_BRAND_AND_CATEGORY": ("CONVERSION_PRODUCT_BRAND", "CONVERSION_PRODUCT_CATEGORY"),
    "PRODUCT_SKU": ("CONVERSION_PRODUCT_ID", "CONVERSION_PRODUCT_BRAND", "CONVERSION_PRODUCT_CATEGORY"),
    "PRODUCT_SKU_GROUP": ("CONVERSION_PRODUCT_ID_GROUP",),
}
_ID_KEYS = {"ADVERTISER": "ADVERTISER_ID", "CAMPAIGN": "CAMPAIGN_ID", "AD_GROUP": "AD_GROUP_ID"}
# Modelled metric columns: which counter they read (values are in currency units).
_QUANTITIES = {
    "TOTAL_CONVERSION_PRODUCT_QUANTITY": "conversions",
    "TOTAL_WEB_CONVERSION_PRODUCT_QUANTITY": "conversions",
    "TOTAL_CHECKOUT_CONVERSION_PRODUCT_QUANTITY": "checkout",
    "TOTAL_WEB_CHECKOUT_CONVERSION_PRODUCT_QUANTITY": "checkout",
}
_VALUES = (
    "TOTAL_CONVERSION_PRODUCT_VALUE",
    "TOTAL_WEB_CONVERSION_PRODUCT_VALUE",
    "TOTAL_CHECKOUT_CONVERSION_PRODUCT_VALUE",
    "TOTAL_WEB_CHECKOUT_CONVERSION_PRODUCT_VALUE",
)


def _check_window(body: dict[str, Any], start: date, end: date) -> None:
    if end < start:
        raise invalid("Invalid end_date: it must not be before start_date.")
    brand = body.get("conversion_product_attribution_type") == "BRAND_ATTRIBUTION"
    earliest = EARLIEST_BRAND_ATTRIBUTION if brand else EARLIEST
    if start <= earliest:
        what = " with BRAND_ATTRIBUTION" if brand else ""
        raise invalid(f"Invalid start_date: it must be after {earliest.isoformat()}{what}.")
    days = (end - start).days + 1
    if days < MIN_DAYS:
        raise invalid(f"Invalid end_date: the report window must be at least {MIN_DAYS} days (it is {days}).")
    if (end - start).days > MAX_DAYS:
        raise invalid(f"Invalid end_date: it can be at most 1 year ({MAX_DAYS} days) after start_date.")


def parse_product_report(body: dict[str, Any]) -> dict[str, Any]:
    """Validate a ``ConversionProductReportRequest``; the normalized request."""
    for name in ("report_name", "start_date", "end_date", "granularity", "level", "columns"):
        if name not in body:
            raise invalid(f"Missing required parameter: {name}.")
    if not isinstance(body["report_name"], str) or not body["report_name"].strip():
        raise invalid("Invalid report_name: it must be a non-empty string.")
    start, end = body_date(body, "start_date"), body_date(body, "end_date")
    body_choice(
        body, "conversion_product_attribution_type", vocabulary("conversion_product_attribution_types"), "DEFAULT"
    )
    _check_window(body, start, end)
    level = str(body_choice(body, "level", vocabulary("conversion_product_levels")))
    breakdowns = vocabulary("conversion_product_breakdowns")
    breakdown = str(body_choice(body, "conversion_product_breakdown", breakdowns, "PRODUCT_BRAND"))
    product_columns = vocabulary("conversion_product_columns")
    columns = body_list(body, "columns", product_columns, max_items=len(product_columns))
    if not columns:
        raise invalid("Invalid columns: at least one column is required.")
    for name, only in (("campaign_ids", "CAMPAIGN"), ("ad_group_ids", "AD_GROUP")):
        if name in body and level != only:
            raise invalid(f"Invalid {name}: it is only allowed with level {only}, not {level}.")
    skus = body.get("product_sku_ids")
    if skus is not None:
        if breakdown != "PRODUCT_SKU_GROUP":
            raise invalid("Invalid product_sku_ids: only allowed with conversion_product_breakdown PRODUCT_SKU_GROUP.")
        if not isinstance(skus, list) or not 2 <= len(skus) <= 500:
            raise invalid("Invalid product_sku_ids: give 2 to 500 SKU ids.")
        if not all(isinstance(s, str) and s.isascii() and s.isalnum() for s in skus):
            raise invalid("Invalid product_sku_ids: SKU ids are letters and digits.")
    windows = {
        name: int(body_choice(body, name, ATTRIBUTION_WINDOWS, 30))
        for name in ("click_window_days", "view_window_days")
    }
    body_choice(body, "conversion_report_time", CONVERSION_REPORT_TIMES, "TIME_OF_AD_ACTION")
    return {
        "query": ReportQuery(
            start=start,
            end=end,
            granularity=str(body_choice(body, "granularity", vocabulary("conversion_product_granularities"))),
            columns=[],
            click_window_days=windows["click_window_days"],
            view_window_days=windows["view_window_days"],
        ),
        "level": level,
        "breakdown": breakdown,
        "columns": columns,
        "campaign_ids": body_ids(body, "campaign_ids"),
        "ad_group_ids": body_ids(body, "ad_group_ids"),
        "objectives": body_list(body, "campaign_objective_types", vocabulary("objective_types"), max_items=7),
        "skus": skus or [],
    }


def _ads(request: Request, account: Entity, spec: dict[str, Any]) -> list[Entity]:
    store = lookup.store_of(request)
    return [
        ad
        for ad in store.ads_of(account["id"])
        if (not spec["campaign_ids"] or ad["campaign_id"] in spec["campaign_ids"])
        and (not spec["ad_group_ids"] or ad["ad_group_id"] in spec["ad_group_ids"])
        and (not spec["objectives"] or store.campaigns[ad["campaign_id"]]["objective_type"] in spec["objectives"])
    ]


def product_rows(request: Request, account: Entity, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Per entity, date bucket and breakdown value: the products' share of its conversions."""
    store, seed = lookup.store_of(request), lookup.seed_of(request)
    query: ReportQuery = spec["query"]
    simulator = Simulator(store, seed, lookup.today_of(request), query)
    products = [p for p in PRODUCTS if not spec["skus"] or p[0] in spec["skus"]]
    weights = [0.4 + uniforms(seed, "product", account["id"], sku)[0] for sku, *_ in products]
    keys = _BREAKDOWN_COLUMNS[spec["breakdown"]]
    rows: list[dict[str, Any]] = []
    for subject in subjects_of(store, account, spec["level"], _ads(request, account, spec)):
        for bucket, counters in simulator.buckets(subject.ads).items():
            grouped: dict[tuple[str, ...], dict[str, int]] = {}
            for product, part in zip(products, split_counters(counters, weights), strict=True):
                values = dict(zip(_PRODUCT_FIELDS, product, strict=True))
                key = tuple(values[k] for k in keys)
                sums = grouped.setdefault(key, {"conversions": 0, "checkout": 0, "checkout_value": 0})
                for name in sums:
                    sums[name] += part[name]
            for key, sums in grouped.items():
                if not any(sums.values()):
                    continue
                row: dict[str, Any] = {subject.id_key: subject.id}
                if bucket is not None:
                    row["DATE"] = bucket.isoformat()
                row |= dict(zip(keys, key, strict=True))
                for column in spec["columns"]:
                    if column in subject.attributes:
                        row[column] = subject.attributes[column]
                    elif column in _QUANTITIES:
                        row[column] = sums[_QUANTITIES[column]]
                    elif column in _VALUES:
                        row[column] = round(sums["checkout_value"] / 1_000_000, 2)
                rows.append(row)
    return rows


def _csv(rows: list[dict[str, Any]], spec: dict[str, Any]) -> bytes:
    header = [_ID_KEYS[spec["level"]]]
    if spec["query"].granularity != "TOTAL":
        header.append("DATE")
    header += [*_BREAKDOWN_COLUMNS[spec["breakdown"]]]
    header += [column for column in spec["columns"] if column not in header]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


async def create_product_report(request: Request) -> JSONResponse:
    """``POST /ad_accounts/{id}/reports/brand_category_sku``: validate, compute the CSV file, answer a token."""
    account = AD_ACCOUNTS.locate(request)[1]
    spec = parse_product_report(await json_body(request))
    content = _csv(product_rows(request, account, spec), spec)
    token = issue(request, account, content, "csv", kind=KIND)
    return JSONResponse({"token": token, "report_status": "IN_PROGRESS", "message": None})


async def get_product_report(request: Request) -> JSONResponse:
    """``GET /ad_accounts/{id}/reports/brand_category_sku?token=``: status and link."""
    return JSONResponse(poll_answer(request, KIND))


ROUTES: list[Endpoint] = [
    Endpoint("analytics/create_conversion_product_report", create_product_report),
    Endpoint("analytics/get_conversion_product_report", get_product_report),
]
