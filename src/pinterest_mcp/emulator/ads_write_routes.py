"""Campaign, ad group and ad bulk create/update endpoints (POST and PATCH on the list paths).

There is no DELETE for these entities: setting ``status`` to ARCHIVED is how Pinterest retires them.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from . import lookup
from .ad_group_writes import create_ad_group, update_ad_group
from .ad_writes import create_ad, update_ad
from .bulk import bulk_write
from .campaign_writes import create_campaign, update_campaign


async def create_campaigns(request: Request) -> JSONResponse:
    return await bulk_write(request, "campaign", create_campaign)


async def update_campaigns(request: Request) -> JSONResponse:
    return await bulk_write(request, "campaign", update_campaign)


async def create_ad_groups(request: Request) -> JSONResponse:
    return await bulk_write(request, "ad_group", create_ad_group)


async def update_ad_groups(request: Request) -> JSONResponse:
    return await bulk_write(request, "ad_group", update_ad_group)


async def create_ads(request: Request) -> JSONResponse:
    return await bulk_write(request, "ad", create_ad, exceptions_as_list=False)


async def update_ads(request: Request) -> JSONResponse:
    return await bulk_write(request, "ad", update_ad, exceptions_as_list=False)


ROUTES: list[lookup.RouteSpec] = [
    ("POST", "/ad_accounts/{ad_account_id}/campaigns", create_campaigns),
    ("PATCH", "/ad_accounts/{ad_account_id}/campaigns", update_campaigns),
    ("POST", "/ad_accounts/{ad_account_id}/ad_groups", create_ad_groups),
    ("PATCH", "/ad_accounts/{ad_account_id}/ad_groups", update_ad_groups),
    ("POST", "/ad_accounts/{ad_account_id}/ads", create_ads),
    ("PATCH", "/ad_accounts/{ad_account_id}/ads", update_ads),
]
