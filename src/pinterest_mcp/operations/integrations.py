"""Integrations: what a commerce platform (a partner app) keeps with Pinterest for a merchant, and its logs.

These are partner operations: a shop platform registers the merchant's business with Pinterest
(`external_business_id`: the merchant's id on the platform), with the platform's own OAuth tokens.
Those tokens are someone else's secrets, so every field holding one (`partner_access_token`,
`partner_refresh_token`) is masked by name wherever this server shows or keeps anything: answers,
plans, the journal and errors (`api/redaction.SECRET_FIELDS`). The request still carries them.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, Literal

from pydantic import Field

from pinterest_mcp.registry.inputs import NotNull, OperationInput, UnixTime, WriteInput
from pinterest_mcp.registry.records import Current, Operation, View

INTEGRATION = View(
    kind="integration",
    default_fields=(
        "id",
        "external_business_id",
        "connected_advertiser_id",
        "connected_merchant_id",
        "connected_tag_id",
        "scopes",
        "partner_access_token_expiry",
    ),
)
Text = Annotated[str | None, NotNull]
Secret = Annotated[str | None, NotNull, Field(default=None, description="Masked wherever shown or kept")]
Business = Annotated[str, Field(min_length=1, max_length=2048, description="The merchant's id on your platform")]


class _Integration(WriteInput):
    connected_advertiser_id: Text = Field(default=None, description="Ad account id")
    connected_merchant_id: Text = None
    connected_tag_id: Text = None
    connected_lba_id: Text = None
    additional_id_1: Text = None
    partner_access_token: Secret = None
    partner_refresh_token: Secret = None
    partner_access_token_expiry: Annotated[UnixTime | None, NotNull] = None
    partner_refresh_token_expiry: Annotated[UnixTime | None, NotNull] = None
    partner_primary_email: Text = None
    partner_metadata: Text = None
    scopes: Text = Field(default=None, description="Comma-separated")


class CreateCommerceIntegration(_Integration):
    external_business_id: Business


class UpdateCommerceIntegration(_Integration):
    external_business_id: Business


class OfBusiness(WriteInput):
    external_business_id: Business


def _text(limit: int) -> Any:
    """An optional text field of at most `limit` characters, as the spec bounds it."""
    return Field(default=None, max_length=limit)


Int = Annotated[int | None, NotNull]


class LogError(OperationInput):
    name: Annotated[str | None, NotNull] = _text(256)
    message: Annotated[str | None, NotNull] = _text(8192)
    message_detail: Annotated[str | None, NotNull] = _text(1024)
    cause: Annotated[str | None, NotNull] = _text(512)
    number: Int = None
    file_name: Annotated[str | None, NotNull] = _text(256)
    line_number: Int = None
    column_number: Int = None
    stack_trace: Annotated[str | None, NotNull] = None


class LogRequest(OperationInput):
    method: Literal["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]
    host: str
    path: str
    response_status_code: Int = None


class IntegrationLog(OperationInput):
    client_timestamp: Annotated[int, Field(ge=0, description="Unix milliseconds")]
    event_type: Literal["APP", "API"]
    log_level: Literal["INFO", "WARN", "ERROR"]
    message: Annotated[str | None, NotNull] = Field(default=None, max_length=8192)
    external_business_id: Annotated[str | None, NotNull] = Field(default=None, max_length=2048)
    advertiser_id: Annotated[str | None, NotNull] = Field(default=None, max_length=128)
    error: Annotated[LogError | None, NotNull] = None
    request: Annotated[LogRequest | None, NotNull] = None
    app_version_number: Annotated[str | None, NotNull] = _text(20)
    platform_version_number: Annotated[str | None, NotNull] = _text(20)
    merchant_id: Annotated[str | None, NotNull] = _text(128)
    feed_profile_id: Annotated[str | None, NotNull] = _text(128)
    tag_id: Annotated[str | None, NotNull] = _text(128)


class SendIntegrationLogs(WriteInput):
    logs: list[IntegrationLog] = Field(min_length=1, max_length=250)


_op = partial(Operation, toolset="integrations", view=INTEGRATION)
_BUSINESS = Current(read="get_commerce_integration", args=(("external_business_id", "external_business_id"),))

OPERATIONS = (
    _op(
        name="list_integrations",
        description="Partner integrations of the user: business, ad account, merchant, tag ids.",
        operation_id="integrations/get_list",
        lists=True,
    ),
    _op(
        name="get_integration",
        description="One integration by id.",
        operation_id="integrations/get_by_id",
    ),
    _op(
        name="get_commerce_integration",
        description="The commerce integration of a business (external_business_id).",
        operation_id="integrations_commerce/get",
    ),
    _op(
        name="create_commerce_integration",
        description="Register a merchant's business of your commerce platform with Pinterest.",
        operation_id="integrations_commerce/post",
        input=CreateCommerceIntegration,
        change="create",
    ),
    _op(
        name="update_commerce_integration",
        description="Change a commerce integration: ids, tokens, scopes.",
        operation_id="integrations_commerce/patch",
        input=UpdateCommerceIntegration,
        change="update",
        current=_BUSINESS,
        key="external_business_id",
        reversible=False,  # the journal keeps no partner token to restore
    ),
    _op(
        name="delete_commerce_integration",
        description="Remove a business's commerce integration.",
        operation_id="integrations_commerce/del",
        input=OfBusiness,
        change="delete",
        destructive=True,
        current=_BUSINESS,
        key="external_business_id",
    ),
    _op(
        name="send_integration_logs",
        description="Send 1-250 log lines of your integration app to Pinterest.",
        operation_id="integrations_logs/post",
        input=SendIntegrationLogs,
        view=None,
        key="message",
        change="create",
    ),
)
