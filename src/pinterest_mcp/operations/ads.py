"""Campaigns, ad groups and ads: the spending side of an ad account.

Money fields are micro-currency integers in the ad account's currency (1 USD = 1,000,000); results
show a readable `<field>_amount` beside each.
"""

from __future__ import annotations

from functools import partial

from pinterest_mcp.registry.inputs import (
    AdAccountId,
    EntityStatuses,
    Id,
    IdList,
    Order,
    Page,
    Projection,
    id_list,
)
from pinterest_mcp.registry.records import Operation, View

CAMPAIGN = View(
    kind="campaign",
    default_fields=(
        "id",
        "name",
        "status",
        "summary_status",
        "objective_type",
        "daily_spend_cap",
        "lifetime_spend_cap",
        "is_campaign_budget_optimization",
        "start_time",
        "end_time",
    ),
    money=("daily_spend_cap", "lifetime_spend_cap", "default_ad_group_budget_in_micro_currency"),
    currency="ad_account",
)

AD_GROUP = View(
    kind="ad_group",
    default_fields=(
        "id",
        "name",
        "campaign_id",
        "status",
        "summary_status",
        "budget_type",
        "budget_in_micro_currency",
        "bid_in_micro_currency",
        "bid_strategy_type",
        "billable_event",
        "start_time",
        "end_time",
    ),
    money=("budget_in_micro_currency", "bid_in_micro_currency"),
    currency="ad_account",
)

AD = View(
    kind="ad",
    default_fields=(
        "id",
        "name",
        "ad_group_id",
        "campaign_id",
        "pin_id",
        "status",
        "summary_status",
        "review_status",
        "creative_type",
        "destination_url",
    ),
)


class ListCampaigns(Page):
    ad_account_id: AdAccountId
    campaign_ids: IdList = id_list()
    entity_statuses: EntityStatuses = None
    order: Order = None


class GetCampaign(Projection):
    ad_account_id: AdAccountId
    campaign_id: Id


class ListAdGroups(Page):
    ad_account_id: AdAccountId
    campaign_ids: IdList = id_list()
    ad_group_ids: IdList = id_list()
    entity_statuses: EntityStatuses = None
    order: Order = None
    translate_interests_to_names: bool | None = None


class GetAdGroup(Projection):
    ad_account_id: AdAccountId
    ad_group_id: Id


class ListAds(Page):
    ad_account_id: AdAccountId
    campaign_ids: IdList = id_list()
    ad_group_ids: IdList = id_list()
    ad_ids: IdList = id_list()
    entity_statuses: EntityStatuses = None
    order: Order = None


class GetAd(Projection):
    ad_account_id: AdAccountId
    ad_id: Id


# Ads reads share access, scope, rate-limit category and toolset.
_read = partial(Operation, toolset="ads")


OPERATIONS = (
    _read(
        name="list_campaigns",
        description="Campaigns in an ad account with status, objective and spend caps (ACTIVE+PAUSED by default).",
        operation_id="campaigns/list",
        input=ListCampaigns,
        lists=True,
        view=CAMPAIGN,
    ),
    _read(
        name="get_campaign",
        description="One campaign by id.",
        operation_id="campaigns/get",
        input=GetCampaign,
        view=CAMPAIGN,
    ),
    _read(
        name="list_ad_groups",
        description="Ad groups with budget, bid and status; filter by campaign_ids.",
        operation_id="ad_groups/list",
        input=ListAdGroups,
        lists=True,
        view=AD_GROUP,
    ),
    _read(
        name="get_ad_group",
        description='One ad group by id, targeting included with fields=["targeting_spec"].',
        operation_id="ad_groups/get",
        input=GetAdGroup,
        view=AD_GROUP,
    ),
    _read(
        name="list_ads",
        description="Ads with their Pin, status and review status; filter by campaign or ad group ids.",
        operation_id="ads/list",
        input=ListAds,
        lists=True,
        view=AD,
    ),
    _read(
        name="get_ad",
        description="One ad by id.",
        operation_id="ads/get",
        input=GetAd,
        view=AD,
    ),
)
