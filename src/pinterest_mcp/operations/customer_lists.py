"""Customer lists: the people an advertiser already knows, by email or mobile ad id, for CUSTOMER_LIST audiences.

Records are hashed on this machine before anything is sent (`records`): the tools take plain
emails or mobile ids (or SHA-256 digests, with `hashed`), and the plan, the answer and the journal
show how many there are, never which. Pinterest's multipart uploads (`customer_list_uploads/
create`, `get` and `run`, a closed beta) are not tools: their records go to pre-signed storage
URLs, outside the plan and the hashing here, so lists are filled with `update_customer_list`.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from pinterest_mcp.registry.inputs import AdAccountId, Id, OperationInput, Order, Page, WriteInput
from pinterest_mcp.registry.privacy import MAX_RECORDS, hash_records
from pinterest_mcp.registry.records import Current, Operation, View

CUSTOMER_LIST = View(
    kind="customer_list",
    default_fields=("id", "name", "status", "num_uploaded_user_records", "num_removed_user_records"),
)
RECORDS = Field(min_length=1, description=f"≤{MAX_RECORDS:,} emails or mobile ad ids, comma-separated; hashed here")
HASHED = Field(default=False, description="records are SHA-256 digests already")


class _Records(WriteInput):
    """Hashes `records` once validated; a second validation of the result sees digests flagged `hashed`."""

    LOCAL: ClassVar[frozenset[str]] = frozenset({"hashed"})  # it says how to read records; never sent
    records: str = RECORDS
    hashed: bool = HASHED

    def _emails(self) -> bool:
        return False

    @model_validator(mode="after")
    def _hash(self) -> _Records:
        self.records = hash_records(self.records, hashed=self.hashed, emails=self._emails())
        self.hashed = True
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
    list_type: Literal["EMAIL", "IDFA", "MAID"] = "EMAIL"

    def _emails(self) -> bool:
        return self.list_type == "EMAIL"


class UpdateCustomerList(_Records):
    ad_account_id: AdAccountId
    customer_list_id: Id
    operation_type: Literal["ADD", "REMOVE"]


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
