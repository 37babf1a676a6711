"""Conversions: the Pinterest tags on an advertiser's site and the events ad groups can optimise for.

A WEB_CONVERSION ad group names a conversion tag and event in its `optimization_goal_metadata`;
these reads say which exist. Creating a tag returns the code snippet to put on the site.

`send_conversion_events` is the Conversions API: events from the advertiser's own systems. Each
event's `user_data` is normalised and SHA-256 hashed on this machine before the plan is made
(`registry/privacy.py`, the customer lists' hashing), unless the caller says it is hashed already;
plans, answers and the journal show which fields and how many values, never a value. `test` is
Pinterest's test mode: it checks the events and records none. `msot_events/create` (attributed
MSOT events, a beta) is not a tool: see the README's operations not exposed.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, Field, model_validator

from pinterest_mcp.registry.inputs import (
    AdAccountId,
    Id,
    NotNull,
    OperationInput,
    Order,
    Page,
    Projection,
    UnixTime,
    WriteInput,
)
from pinterest_mcp.registry.privacy import hash_user_data
from pinterest_mcp.registry.records import Operation, View
from pinterest_mcp.spec.facts import structure

TAG = View(
    kind="conversion_tag", default_fields=("id", "name", "status", "last_fired_time_ms", "enhanced_match_status")
)
CREATED = View(kind="conversion_tag", default_fields=(*TAG.default_fields, "code_snippet"))
EVENT = View(kind="conversion_event", default_fields=("conversion_tag_id", "conversion_event", "created_time"))


class ListConversionTags(Projection):
    ad_account_id: AdAccountId
    filter_deleted: Annotated[bool | None, NotNull] = Field(default=None, description="Leave out deleted tags")


class GetConversionTag(Projection):
    ad_account_id: AdAccountId
    conversion_tag_id: Id


class OfAdAccount(OperationInput):
    ad_account_id: AdAccountId


class ListPageVisitEvents(Page):
    ad_account_id: AdAccountId
    order: Order = None


class CreateConversionTag(WriteInput):
    ad_account_id: AdAccountId
    name: str = Field(min_length=1, max_length=255)
    aem_enabled: Annotated[bool | None, NotNull] = Field(
        default=None,
        description="Enhanced match: emails; aem_*: fnln names, ph phone, ge gender, db birthdate, loc location",
    )
    aem_fnln_enabled: Annotated[bool | None, NotNull] = None
    aem_ph_enabled: Annotated[bool | None, NotNull] = None
    aem_ge_enabled: Annotated[bool | None, NotNull] = None
    aem_db_enabled: Annotated[bool | None, NotNull] = None
    aem_loc_enabled: Annotated[bool | None, NotNull] = None
    aem_external_id_enabled: Annotated[bool | None, NotNull] = None
    md_frequency: Annotated[float | None, NotNull] = Field(default=None, ge=0, description="Default 1")


Values = Annotated[list[str] | None, NotNull]
Text = Annotated[str | None, NotNull]
_SCHEMAS = structure()["components"]["schemas"]


def _keys_of(schema: str) -> AfterValidator:
    """Checks a details object against the spec's schema's property names: an unknown key sends nothing."""
    known = frozenset(_SCHEMAS[schema]["properties"])

    def check(value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - known)
        if unknown:
            raise ValueError(f"unknown key(s) {unknown}; Pinterest takes {sorted(known)}")
        return value

    return AfterValidator(check)


AppInfo = Annotated[dict[str, Any] | None, NotNull, _keys_of("ConversionEventAppInfo")]
DeviceInfo = Annotated[dict[str, Any] | None, NotNull, _keys_of("ConversionEventDeviceInfo")]


class UserData(OperationInput):
    # Who converted: every list is normalised and hashed here (`HASHED_USER_DATA`), the texts sent as given.
    # (A comment, not a docstring: a nested model's docstring would be published in every tools/list.)

    em: Values = None
    ph: Values = None
    fn: Values = None
    ln: Values = None
    ge: Values = None
    db: Values = None
    ct: Values = None
    st: Values = None
    zp: Values = None
    country: Values = None
    external_id: Values = None
    hashed_maids: Values = None
    client_ip_address: Text = None
    client_user_agent: Text = None
    click_id: Text = None

    @model_validator(mode="after")
    def _matchable(self) -> UserData:
        if not (self.em or self.hashed_maids or (self.client_ip_address and self.client_user_agent)):
            raise ValueError("user_data needs em, hashed_maids, or client_ip_address with client_user_agent")
        return self


class CustomData(OperationInput):
    currency: Text = Field(default=None, description="ISO code, e.g. USD")
    value: Text = Field(default=None, description='Total, e.g. "72.50"')
    order_id: Text = None
    num_items: Annotated[int | None, NotNull] = None
    content_ids: Annotated[list[str] | None, NotNull] = None
    contents: Annotated[list[dict[str, Any]] | None, NotNull] = Field(
        default=None, description="Products: id, item_price, quantity, item_name, item_category, item_brand"
    )
    content_name: Text = None
    content_category: Text = None
    content_brand: Text = None
    search_string: Text = None
    predicted_ltv: Text = None
    opt_out_type: Text = Field(default=None, description="e.g. LDP")


class ConversionEvent(OperationInput):
    event_name: str = Field(pattern=r"^[a-z_]{1,64}$", description="e.g. checkout, page_visit, lead, custom")
    action_source: Literal["web", "app_android", "app_ios", "offline"]
    event_time: UnixTime
    event_id: str = Field(min_length=1, max_length=256, description="Unique; dedupes against the tag")
    user_data: UserData
    custom_data: Annotated[CustomData | None, NotNull] = None
    event_source_url: Text = None
    opt_out: Annotated[bool | None, NotNull] = None
    # App events (app_android, app_ios): the app and the device, as Pinterest's spec names them.
    app_id: Text = None
    app_name: Text = None
    app_version: Text = None
    app_info: AppInfo = None
    device_brand: Text = None
    device_carrier: Text = None
    device_model: Text = None
    device_type: Text = None
    device_info: DeviceInfo = None
    os_version: Text = None
    language: Text = None
    wifi: Annotated[bool | None, NotNull] = None


class SendConversionEvents(WriteInput):
    """Hashes every event's user_data once validated; a second validation of the result sees digests (`hashed`)."""

    LOCAL: ClassVar[frozenset[str]] = frozenset({"hashed"})  # it says how to read user_data; never sent
    ad_account_id: AdAccountId
    data: list[ConversionEvent] = Field(min_length=1, max_length=1000)
    test: Annotated[bool | None, NotNull] = Field(default=None, description="Pinterest checks the events, records none")
    hashed: bool = Field(default=False, description="user_data values are SHA-256 digests already")

    @model_validator(mode="after")
    def _hash(self) -> SendConversionEvents:
        for position, event in enumerate(self.data):
            raw = event.user_data.model_dump(exclude_unset=True)
            hashed = hash_user_data(raw, hashed=self.hashed, where=f"data[{position}].user_data")
            event.user_data = UserData.model_construct(_fields_set=event.user_data.model_fields_set, **hashed)
        self.hashed = True
        return self


_read = partial(Operation, toolset="conversions")

OPERATIONS = (
    _read(
        name="list_conversion_tags",
        description='Pinterest tags of an ad account; get_conversion_tag with fields=["code_snippet"] for the code.',
        operation_id="conversion_tags/list",
        input=ListConversionTags,
        lists=True,
        view=TAG,
    ),
    _read(
        name="get_conversion_tag",
        description="One conversion tag by id.",
        operation_id="conversion_tags/get",
        input=GetConversionTag,
        view=TAG,
    ),
    _read(
        name="get_ocpm_eligible_conversion_tags",
        title="Get oCPM-eligible conversion tags",
        description="Tag events a WEB_CONVERSION ad group can optimise for, by tag.",
        operation_id="ocpm_eligible_conversion_tags/get",
        input=OfAdAccount,
    ),
    _read(
        name="list_page_visit_conversion_tags",
        description="Page-visit events of the ad account's conversion tags.",
        operation_id="page_visit_conversion_tags/get",
        input=ListPageVisitEvents,
        lists=True,
        view=EVENT,
    ),
    _read(
        name="list_advertiser_defined_events",
        title="List advertiser-defined events",
        description="Custom conversion events and the standard type each maps to.",
        operation_id="advertiser_defined_events/get",
        input=OfAdAccount,
        lists=True,
    ),
    _read(
        name="list_conversion_event_quality",
        description="Event quality score of the conversions Pinterest receives, per source and platform.",
        operation_id="conversion_eqs/list",
        lists=True,
    ),
    _read(
        name="create_conversion_tag",
        description="Create a Pinterest tag; the answer holds its code snippet.",
        operation_id="conversion_tags/create",
        input=CreateConversionTag,
        view=CREATED,
        change="create",
    ),
    _read(
        name="send_conversion_events",
        description="Conversions API: send 1-1000 events; user data is hashed here. test=true records none.",
        operation_id="events/create",
        input=SendConversionEvents,
        items="data",
        view=EVENT,
        query=("test",),
        change="create",
        summarised=True,
    ),
)
