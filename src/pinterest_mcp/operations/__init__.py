"""Every declared Pinterest operation, one module per area; the order here is the order of tools/list.

The collection lives here, not in the registry, so the registry (record types, selection) never imports
the declarations built on it. The area modules are imported on the first call of `all_operations`, not
with the package: importing any one module of `operations/` (a column vocabulary, say) must not define
every input model, which is most of a cold start.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pinterest_mcp.registry.records import Operation


@cache
def all_operations() -> tuple[Operation, ...]:
    """Every declared operation, in a stable order (the order of `tools/list`)."""
    from pinterest_mcp.operations import (  # lazy: every input model, kept off the cold start
        account,
        ads,
        ads_writes,
        analytics,
        analytics_breakdowns,
        audience_insights,
        audience_sharing,
        audiences,
        billing,
        boards,
        bulk,
        business,
        business_manage,
        catalogs,
        conversions,
        customer_lists,
        integrations,
        item_bids,
        keywords,
        lead_forms,
        media,
        organic_analytics,
        pins,
        planning,
        promotions,
        reports,
        search,
        shopping,
        targeting,
        targeting_templates,
        trends,
        user,
    )

    return (
        *account.OPERATIONS,
        *ads.OPERATIONS,
        *ads_writes.OPERATIONS,
        *bulk.WRITE_OPERATIONS,
        *audiences.OPERATIONS,
        *audience_sharing.OPERATIONS,
        *customer_lists.OPERATIONS,
        *audience_insights.OPERATIONS,
        *keywords.OPERATIONS,
        *keywords.WRITE_OPERATIONS,
        *trends.OPERATIONS,
        *analytics.OPERATIONS,
        *analytics_breakdowns.OPERATIONS,
        *shopping.ANALYTICS,
        *reports.OPERATIONS,
        *bulk.OPERATIONS,
        *targeting.OPERATIONS,
        *targeting_templates.OPERATIONS,
        *conversions.OPERATIONS,
        *lead_forms.OPERATIONS,
        *shopping.OPERATIONS,
        *promotions.OPERATIONS,
        *item_bids.OPERATIONS,
        *boards.OPERATIONS,
        *boards.WRITE_OPERATIONS,
        *pins.OPERATIONS,
        *pins.WRITE_OPERATIONS,
        *media.OPERATIONS,
        *media.WRITE_OPERATIONS,
        *organic_analytics.OPERATIONS,
        *user.OPERATIONS,
        *user.WRITE_OPERATIONS,
        *search.OPERATIONS,
        *planning.OPERATIONS,
        *planning.WRITE_OPERATIONS,
        *business.OPERATIONS,
        *business_manage.OPERATIONS,
        *catalogs.OPERATIONS,
        *integrations.OPERATIONS,
        *billing.OPERATIONS,
        *catalogs.WRITE_OPERATIONS,
    )


def by_name() -> dict[str, Operation]:
    return {op.name: op for op in all_operations()}
