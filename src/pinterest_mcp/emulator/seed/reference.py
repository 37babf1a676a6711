"""Pinterest's reference data, as far as the demo needs it: countries, targeting values, metric definitions.

These are Pinterest's tables, not the demo business's, so they do not depend on the seed, with
one exception: interests. The seed gives the top-level interests ad groups target their ids
(``Store.interest_names``); their sub-interests here take the ids just above their parent's
(the seed spaces ids of a kind at least 1,000 apart, so they never collide).
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds.vocab import AGE_BUCKETS, APP_TYPES, GENDERS
from pinterest_mcp.spec.facts import vocabulary

# (code, name, currency): countries where ad accounts can be made; the order is Pinterest's `index`.
COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("US", "United States of America", "USD"),
    ("CA", "Canada", "CAD"),
    ("GB", "United Kingdom", "GBP"),
    ("IE", "Ireland", "EUR"),
    ("FR", "France", "EUR"),
    ("DE", "Germany", "EUR"),
    ("AT", "Austria", "EUR"),
    ("CH", "Switzerland", "CHF"),
    ("IT", "Italy", "EUR"),
    ("ES", "Spain", "EUR"),
    ("PT", "Portugal", "EUR"),
    ("NL", "Netherlands", "EUR"),
    ("BE", "Belgium", "EUR"),
    ("LU", "Luxembourg", "EUR"),
    ("DK", "Denmark", "DKK"),
    ("SE", "Sweden", "SEK"),
    ("NO", "Norway", "NOK"),
    ("FI", "Finland", "EUR"),
    ("PL", "Poland", "PLN"),
    ("CZ", "Czechia", "CZK"),
    ("SK", "Slovakia", "EUR"),
    ("HU", "Hungary", "HUF"),
    ("RO", "Romania", "RON"),
    ("GR", "Greece", "EUR"),
    ("CY", "Cyprus", "EUR"),
    ("MT", "Malta", "EUR"),
    ("AU", "Australia", "AUD"),
    ("NZ", "New Zealand", "NZD"),
    ("MX", "Mexico", "MXN"),
    ("AR", "Argentina", "ARS"),
    ("BR", "Brazil", "BRL"),
    ("CL", "Chile", "CLP"),
    ("CO", "Colombia", "COP"),
    ("JP", "Japan", "JPY"),
)

APP_TYPE_LABELS = {
    "android_mobile": "Android phone",
    "android_tablet": "Android tablet",
    "ipad": "iPad",
    "iphone": "iPhone",
    "web": "Desktop web",
    "web_mobile": "Mobile web",
}
LOCALES = {
    "en-US": "English (US)",
    "en-GB": "English (UK)",
    "de-DE": "German",
    "fr-FR": "French",
    "es-ES": "Spanish",
    "it-IT": "Italian",
    "nl-NL": "Dutch",
    "pt-BR": "Portuguese (Brazil)",
    "sv-SE": "Swedish",
    "ja-JP": "Japanese",
}
# Metro areas (US DMA codes, other countries' regions) beside the countries, as the spec's sample shows.
METROS = {
    "501": "U.S.: New York",
    "803": "U.S.: Los Angeles",
    "602": "U.S.: Chicago",
    "807": "U.S.: San Francisco-Oakland-San Jose",
    "811": "U.S.: Reno",
    "716": "U.S.: Baton Rouge",
    "36101": "Australia: Capital Region",
    "36313": "Australia: Moreton Bay - North",
    "124735": "Canada: North Battleford",
    "554011": "New Zealand: Whangarei",
}
REGIONS = {
    "US-CA": "United States: California",
    "US-NY": "United States: New York",
    "US-TX": "United States: Texas",
    "DE-BY": "Germany: Bavaria",
    "DE-BE": "Germany: Berlin",
    "AT-9": "Austria: Vienna",
    "FR-IDF": "France: Île-de-France",
}

# Sub-interests of the seed's top-level interests (catalog.INTERESTS), in id order.
SUB_INTERESTS: dict[str, tuple[str, ...]] = {
    "Recipes": ("Dinner Recipes", "Vegetarian Recipes", "Soup Recipes"),
    "Home Decor": ("Living Room Decor", "Seasonal Decor", "Candles"),
    "Baking": ("Cookies", "Bread Baking", "Pies"),
    "Kitchen & Dining": ("Cookware", "Table Settings", "Kitchen Organization"),
    "Entertaining": ("Dinner Parties", "Holiday Hosting"),
    "DIY Home": ("Home Projects", "Upcycling"),
    "Grilling": ("BBQ Recipes", "Grill Accessories"),
}

# (name, display name, category, definition): what Pinterest's metric glossary says, shortened.
METRICS: tuple[tuple[str, str, str, str], ...] = (
    ("AD_ACCOUNT_ID", "Ad account ID", "ADS", "Unique ID of the ad account"),
    ("CAMPAIGN_ID", "Campaign ID", "ADS", "Unique ID of the campaign"),
    ("CAMPAIGN_NAME", "Campaign name", "ADS", "Name of the campaign"),
    ("AD_GROUP_ID", "Ad group ID", "ADS", "Unique ID of the ad group"),
    ("AD_GROUP_NAME", "Ad group name", "ADS", "Name of the ad group"),
    ("AD_ID", "Ad ID", "ADS", "Unique ID of the ad"),
    ("PIN_ID", "Pin ID", "ADS", "Unique ID of the promoted Pin"),
    ("SPEND_IN_MICRO_DOLLAR", "Spend", "ADS", "Amount spent, in micro-units of the account currency"),
    ("SPEND_IN_DOLLAR", "Spend (currency units)", "ADS", "Amount spent, in units of the account currency"),
    ("PAID_IMPRESSION", "Paid impressions", "ADS", "Times your ads were shown"),
    ("TOTAL_IMPRESSION", "Impressions", "ADS", "Paid and earned impressions of your promoted Pins"),
    ("TOTAL_CLICKTHROUGH", "Pin clicks", "ADS", "Clicks to a destination or to a Pin close-up, paid and earned"),
    ("CLICKTHROUGH_1", "Paid Pin clicks", "ADS", "Paid clicks to a destination or Pin close-up"),
    ("CTR", "CTR", "ADS", "Paid Pin clicks divided by paid impressions"),
    ("CPC_IN_MICRO_DOLLAR", "CPC", "ADS", "Spend divided by paid Pin clicks, in micro-units"),
    ("CPM_IN_MICRO_DOLLAR", "CPM", "ADS", "Spend per thousand paid impressions, in micro-units"),
    ("TOTAL_ENGAGEMENT", "Engagements", "ADS", "Saves, clicks, close-ups and carousel swipes, paid and earned"),
    ("ENGAGEMENT_RATE", "Engagement rate", "ADS", "Paid engagements divided by paid impressions"),
    ("TOTAL_CONVERSIONS", "Conversions", "ADS", "Conversion events attributed to your ads"),
    ("TOTAL_CHECKOUT", "Checkouts", "ADS", "Checkout events attributed to your ads"),
    ("TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR", "Checkout value", "ADS", "Order value of attributed checkouts"),
    ("CHECKOUT_ROAS", "Checkout ROAS", "ADS", "Checkout value divided by spend"),
    ("TOTAL_VIDEO_3SEC_VIEWS", "3-second video views", "ADS", "Video views of at least 3 seconds"),
    ("VIDEO_MRC_VIEWS_2", "MRC video views", "ADS", "Paid video views of 2 seconds at 50% visibility"),
    ("INAPP_CHECKOUT_COST_PER_ACTION", "In-app CPA", "ADS", "Spend divided by in-app checkouts"),
    ("IMPRESSION", "Organic impressions", "ORGANIC", "Times your Pins were on screen"),
    ("SAVE", "Saves", "ORGANIC", "Times people saved your Pins to a board"),
    ("PIN_CLICK", "Pin clicks", "ORGANIC", "Clicks to a Pin close-up or its destination"),
    ("OUTBOUND_CLICK", "Outbound clicks", "ORGANIC", "Clicks to the Pin's destination URL"),
    ("VIDEO_START", "Video starts", "ORGANIC", "Times your video Pins started playing"),
)


def targeting_options(store: Store, targeting_type: str, account_ids: set[str]) -> list[dict[str, str]]:
    """``TargetingOptionResponse``: one object of value → label, as Pinterest answers.

    Audiences are those of ``account_ids``; keyword targeting has no options (keywords are their own
    endpoints), so its answer is an empty list.
    """
    options: dict[str, str]
    if targeting_type == "APPTYPE":
        options = {app: APP_TYPE_LABELS[app] for app in APP_TYPES}
    elif targeting_type == "GENDER":
        options = {gender: gender.capitalize() for gender in GENDERS}
    elif targeting_type == "AGE_BUCKET":
        options = {bucket: bucket for bucket in AGE_BUCKETS}
    elif targeting_type == "LOCALE":
        options = dict(LOCALES)
    elif targeting_type == "LOCATION":
        options = {code: name for code, name, _ in COUNTRIES} | METROS
    elif targeting_type == "GEO":
        options = {code: name for code, name, _ in COUNTRIES} | REGIONS
    elif targeting_type == "INTEREST":
        options = {entity["id"]: entity["name"] for entity in interests(store).values()}
    elif targeting_type in ("AUDIENCE_INCLUDE", "AUDIENCE_EXCLUDE"):
        options = {a["id"]: a["name"] for a in store.audiences.values() if a["ad_account_id"] in account_ids}
    else:
        return []
    return [options]


def interests(store: Store) -> dict[str, Entity]:
    """Every interest by id: the seed's top-level ones (level 1) and their sub-interests (level 2)."""
    found: dict[str, Entity] = {}
    for parent_id, name in store.interest_names.items():
        children = [(str(int(parent_id) + n), child) for n, child in enumerate(SUB_INTERESTS.get(name, ()), start=1)]
        found[parent_id] = _interest(parent_id, name, 1, [child_id for child_id, _ in children])
        for child_id, child in children:
            found[child_id] = _interest(child_id, child, 2, [])
    return found


def _interest(interest_id: str, name: str, level: int, children: list[str]) -> Entity:
    key = name.lower().replace("&", "and")
    return {"id": interest_id, "name": name, "key": key, "level": level, "child_interests": children}


def interest_view(interest: Entity) -> dict[str, Any]:
    """``SingleInterestTargetingOptionResponse``."""
    return {k: interest[k] for k in ("id", "name", "level", "child_interests")}


def country_items() -> list[dict[str, Any]]:
    """``AdAccountsCountryResponseData`` for every country, ``index`` counting from 1."""
    return [
        {"code": code, "name": name, "currency": currency, "index": index}
        for index, (code, name, currency) in enumerate(COUNTRIES, start=1)
    ]


def metric_items(report_type: str | None) -> list[dict[str, str]]:
    """Metric definitions; SYNC keeps the columns synchronous analytics take, ASYNC reports take every one."""
    sync_columns = vocabulary("sync_columns")
    return [
        {"name": name, "display_name": display, "category": category, "definition": definition}
        for name, display, category, definition in METRICS
        if report_type != "SYNC" or name in sync_columns
    ]
