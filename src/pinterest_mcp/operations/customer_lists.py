"""Customer lists: the people an advertiser already knows, by email or mobile ad id, for CUSTOMER_LIST audiences.

Records are hashed on this machine before anything is sent (`records`): the tools take plain
emails or mobile ids (or SHA-256 digests, with `hashed`), and the plan, the answer and the journal
show how many there are, never which. Partner and Pinterest ids (list types LR_ID, DLX_ID,
HASHED_PINNER_ID) are pseudonymous already and sent as given (`privacy.AS_GIVEN`). Pinterest's
multipart uploads (`customer_list_uploads/create`, `get` and `run`, a closed beta) are not tools:
their records go to pre-signed storage URLs, outside the plan and the hashing here, so lists are
filled with `update_customer_list`.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, Field, model_validator

from pinterest_mcp.registry.inputs import AdAccountId, Id, OperationInput, Order, Page, SpecEnum, Vocabulary, WriteInput
from pinterest_mcp.registry.privacy import AS_GIVEN, MAX_RECORDS, hash_records
from pinterest_mcp.registry.records import Current, Operation, View
from pinterest_mcp.spec.facts import vocabulary

CUSTOMER_LIST = View(
    kind="customer_list",
    default_fields=("id", "name", "status", "num_uploaded_user_records", "num_removed_user_records"),
)
RECORDS = Field(
    min_length=1, description=f"≤{MAX_RECORDS:,} emails, mobile ad ids or partner ids, comma-separated; hashed here"
)
HASHED = Field(default=False, description="records are SHA-256 digests already")
ListType = Annotated[str, SpecEnum("customer_list_types")]
LIST_TYPES = Vocabulary("list type", frozenset(vocabulary("customer_list_types")))
AS_GIVEN_NOTE = "LR_ID, DLX_ID, HASHED_PINNER_ID: sent as given"


class _Records(WriteInput):
    """Hashes `records` once validated; a second validation of the result sees digests flagged `hashed`."""

    LOCAL: ClassVar[frozenset[str]] = frozenset({"hashed"})  # it says how to read records; never sent
    records: str = RECORDS
    hashed: bool = HASHED

    def _list_type(self) -> str:
        return "EMAIL"

    @model_validator(mode="after")
    def _hash(self) -> _Records:
        kind = self._list_type()
        if kind in AS_GIVEN and self.hashed:
            raise ValueError(f"hashed: {kind} records are ids sent as given, never hashed here; leave hashed out")
        as_given = kind in AS_GIVEN
        self.records = hash_records(self.records, hashed=self.hashed, emails=kind == "EMAIL", as_given=as_given)
        self.hashed = not as_given
        return self


class ListCustomerLists(Page):
    ad_account_id: AdAccountId
    order: Order = None


class GetCustomerList(OperationInput):
    ad_account_id: AdAccountId
    customer_list_id: Id


class CreateCustomerList(_Records):
    ad_account_id: AdAccountId
    name: str = Field(min_length=1, max_length=255)
    list_type: ListType = Field(default="EMAIL", description=AS_GIVEN_NOTE)

    def _list_type(self) -> str:
        return self.list_type


class UpdateCustomerList(_Records):
    LOCAL: ClassVar[frozenset[str]] = frozenset({"hashed", "list_type"})  # how to read records; never sent
    ad_account_id: AdAccountId
    customer_list_id: Id
    operation_type: Literal["ADD", "REMOVE"]
    list_type: Annotated[str, AfterValidator(LIST_TYPES.check), LIST_TYPES] | None = Field(
        default=None, description="The list's, to read records (not sent)"
    )

    def _list_type(self) -> str:
        return self.list_type or "ANY"  # unsaid: emails or mobile ids, hashed alike


_op = partial(Operation, toolset="audiences", view=CUSTOMER_LIST)

OPERATIONS = (
    _op(
        name="list_customer_lists",
        description="Customer lists of an ad account with status and record counts.",
        operation_id="customer_lists/list",
        input=ListCustomerLists,
        lists=True,
    ),
    _op(
        name="get_customer_list",
        description="One customer list by id.",
        operation_id="customer_lists/get",
        input=GetCustomerList,
    ),
    _op(
        name="create_customer_list",
        description="Create a customer list (≥100 matched people to target it); then create_audience CUSTOMER_LIST.",
        operation_id="customer_lists/create",
        input=CreateCustomerList,
        change="create",
    ),
    _op(
        name="update_customer_list",
        description="ADD or REMOVE records of a customer list.",
        operation_id="customer_lists/update",
        input=UpdateCustomerList,
        change="update",
        current=Current(
            read="get_customer_list",
            args=(("ad_account_id", "ad_account_id"), ("customer_list_id", "customer_list_id")),
        ),
        reversible=False,
    ),
)
