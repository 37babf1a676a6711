"""What Pinterest refuses in a request body that the spec's request schema does not state.

The body gate (``bodies``) checks each body against its operation's schema narrowed by the rules
here: each is a schema fragment, merged into the spec's as one more ``allOf`` part, so the gate
answers it in the same wording. Every rule says why it holds. Rules a schema cannot say
(uniqueness, cross-field rules, that an id names an entity of the account) stay with the writes.
"""

from __future__ import annotations

from typing import Any

from pinterest_mcp.emulator.http.shapes import Schema

NOT_EMPTY: Schema = {"minLength": 1}
# Money is micro-currency and times are Unix seconds: Pinterest refuses negative ones.
NOT_NEGATIVE: Schema = {"minimum": 0}
NOT_NULL: Schema = {"nullable": False}
# A keyword is 1 to 120 characters, as the keyword operations' descriptions say.
KEYWORD_VALUE: Schema = {"minLength": 1, "maxLength": 120}


def fields(*required: str, **properties: Schema) -> Schema:
    """An object rule: these fields required, these properties narrowed."""
    rule: Schema = {"properties": properties}
    if required:
        rule["required"] = list(required)
    return rule


def each(item: Schema) -> Schema:
    """A rule for every item of an array."""
    return {"items": item}


_CAMPAIGN: dict[str, Any] = {
    "name": NOT_EMPTY,
    "daily_spend_cap": NOT_NEGATIVE,
    "lifetime_spend_cap": NOT_NEGATIVE,
    "default_ad_group_budget_in_micro_currency": NOT_NEGATIVE,
    "start_time": NOT_NEGATIVE,
    "end_time": NOT_NEGATIVE,
}
_AD_GROUP: dict[str, Any] = {
    "name": NOT_EMPTY,
    "budget_in_micro_currency": NOT_NEGATIVE,
    "bid_in_micro_currency": NOT_NEGATIVE,
    "start_time": NOT_NEGATIVE,
    "end_time": NOT_NEGATIVE,
}
# A lead form's question names its type, and a policy link has both a label and a link to show.
_LEAD_FORM: dict[str, Any] = {
    "questions": each(fields("question_type")),
    "policy_links": each(fields("label", "link")),
}
# The bounds each audience rule field takes, as the AudienceRule descriptions state them.
_AUDIENCE_RULE = fields(
    country={"pattern": r"^[A-Z]{2}$"},
    engagement_type={"enum": ["click", "save", "closeup", "comment", "like"]},
    engager_type={"minimum": 1, "maximum": 2},
    event=NOT_EMPTY,
    percentage={"minimum": 1, "maximum": 10},
    retention_days={"minimum": 1, "maximum": 540},
)
# A match type is what a keyword is; the schema's nullable one would store a keyword without one.
_KEYWORD = fields(value=KEYWORD_VALUE, match_type=NOT_NULL)
_BASE64 = {"pattern": r"^[a-zA-Z0-9+/=]+$"}

RULES: dict[str, Schema] = {
    # A board and a section need a name to show; the schemas allow an empty one.
    "boards/create": fields(name=NOT_EMPTY),
    "boards/update": fields(name=NOT_EMPTY),
    "board_sections/create": fields(name=NOT_EMPTY),
    "board_sections/update": fields(name=NOT_EMPTY),
    "campaigns/create": each(fields(**_CAMPAIGN)),
    "campaigns/update": each(fields(**_CAMPAIGN)),
    "ad_groups/create": each(fields(**_AD_GROUP)),
    "ad_groups/update": each(fields(**_AD_GROUP)),
    # Keywords are sent in a non-empty list, each 1 to 120 characters with a match type.
    "keywords/create": fields(keywords={"minItems": 1, "items": _KEYWORD}),
    "keywords/update": fields(keywords={"minItems": 1}),
    # A promotion names the product group it promotes; an update names the promotion.
    "product_group_promotions/create": fields(
        product_group_promotion=each(fields("catalog_product_group_id", bid_in_micro_currency=NOT_NEGATIVE))
    ),
    "product_group_promotions/update": fields(
        product_group_promotion=each(fields("id", bid_in_micro_currency=NOT_NEGATIVE))
    ),
    "lead_forms/create": each(fields(**_LEAD_FORM)),
    "lead_forms/update": each(fields(**_LEAD_FORM)),
    "audiences/create": fields(name=NOT_EMPTY, rule=_AUDIENCE_RULE),
    "audiences/update": fields(name=NOT_EMPTY, rule=_AUDIENCE_RULE),
    # Verifying needs the website to verify.
    "verify_website/update": fields("website", website=NOT_EMPTY),
    # A customer list has a name, and an upload or change carries records.
    "customer_lists/create": fields(name=NOT_EMPTY, records=NOT_EMPTY),
    "customer_lists/update": fields(records=NOT_EMPTY),
    "conversion_tags/create": fields(name=NOT_EMPTY, md_frequency=NOT_NEGATIVE),
    "targeting_template/create": fields(name=NOT_EMPTY, keywords=each(fields(value=KEYWORD_VALUE))),
    "ad_groups/audience_sizing": fields(keywords=each(fields(value=NOT_EMPTY, match_type=NOT_NULL))),
    # A bid floor is asked for at least one spec.
    "ad_groups_bid_floor/get": fields(bid_floor_specs={"minItems": 1}),
    # An ad account needs a name; the schema requires none.
    "ad_accounts/create": fields("name", name=NOT_EMPTY),
    # A preview is of a Pin or an image with a title, each named.
    "ad_previews/create": fields(pin_id={"pattern": r"^\d+$"}, image_url=NOT_EMPTY, title=NOT_EMPTY),
    # A Pin is made on a board from a media source; the schema requires neither.
    "pins/create": fields("board_id", "media_source"),
}
# Rules for a component schema, wherever a request schema uses it: a Pin's image or cover needs a URL.
COMPONENT_RULES: dict[str, Schema] = {
    "PinMediaSourceImageURL": fields(url=NOT_EMPTY),
    "PinMediaSourceImagesURL": fields(items=each(fields(url=NOT_EMPTY))),
    # A cover image's data is base64, as the image sources' data is.
    "PinMediaSourceVideoID": fields(cover_image_url=NOT_EMPTY, cover_image_data=_BASE64),
}
