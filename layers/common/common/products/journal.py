"""Journals of batch creates in flight, so that a crash between their transactions is undone
(docs/decisions.md, "Batch create").

A batch without an Idempotency-Key that needs more than one transaction puts its journal in
its first transaction and deletes it in its last (or when it undoes a failure), so a journal
exists only while its batch runs, or after the Lambda instance died between two of its
transactions. Once the journal's deadline has passed (longer than any invocation can run),
the scheduled sweeper (functions/sweep_batches) removes the products it names and then the
journal. A keyed batch needs none: the client's retry with the same key finishes it.

  pk = SYSTEM#BATCHES   sk = <journal id>   deadline, mode, tenant_id, caller, product_ids

The one partition outside every tenant's, as the sweeper serves them all. It holds one item
per batch in flight, so the sweeper's Query of it is bounded by the batches running at once.
"""

import secrets
import time
from typing import Any

from pydantic import BaseModel, ConfigDict

from common.auth.principal import Mode, Principal
from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client, from_item, to_item, to_value

PARTITION = "SYSTEM#BATCHES"
# Lambda's longest invocation (15 min) and a margin: the batch's invocation is over by then.
DEADLINE_SECONDS = 16 * 60
# TTL removes a journal the sweeper could not finish a week after its deadline.
KEPT_SECONDS = 7 * 24 * 3600


class Journal(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    deadline: int  # epoch seconds
    tenant_id: str
    mode: Mode
    client_id: str
    customer_id: str | None = None
    user_id: str | None = None
    product_ids: list[str]

    def principal(self) -> Principal:
        """The batch's caller, in whose name its products are removed (and audited)."""
        return Principal(
            tenant_id=self.tenant_id,
            client_id=self.client_id,
            customer_id=self.customer_id,
            scopes=frozenset(),
            mode=self.mode,
            user_id=self.user_id,
        )


def now() -> int:
    """Epoch seconds: deadlines are compared with this clock (tests move it)."""
    return int(time.time())


def new_journal(principal: Principal, product_ids: list[str]) -> Journal:
    return Journal(
        id=f"bat_{secrets.token_hex(12)}",
        deadline=now() + DEADLINE_SECONDS,
        tenant_id=principal.tenant_id,
        mode=principal.mode,
        client_id=principal.client_id,
        customer_id=principal.customer_id,
        user_id=principal.user_id,
        product_ids=product_ids,
    )


def _table() -> str:
    return get_settings().products_table


def _key(journal_id: str) -> dict[str, Any]:
    return {"pk": to_value(PARTITION), "sk": to_value(journal_id)}


def put_request(journal: Journal) -> dict[str, Any]:
    """The TransactWriteItems Put of the journal (in the batch's first transaction)."""
    item = {
        "pk": PARTITION,
        "sk": journal.id,
        "expires_at": journal.deadline + KEPT_SECONDS,
        **journal.model_dump(exclude={"id"}),
    }
    return {"Put": {"TableName": _table(), "Item": to_item(item)}}


def delete_request(journal: Journal) -> dict[str, Any]:
    """The TransactWriteItems Delete of the journal (in the batch's last transaction)."""
    return {"Delete": {"TableName": _table(), "Key": _key(journal.id)}}


def overdue() -> list[Journal]:
    """The journals whose deadline has passed: batches whose instance died mid-way."""
    request: dict[str, Any] = {
        "TableName": _table(),
        "KeyConditionExpression": "pk = :p",
        "FilterExpression": "deadline < :now",
        "ExpressionAttributeValues": {":p": to_value(PARTITION), ":now": to_value(now())},
        "ConsistentRead": True,
    }
    journals = []
    for page in dynamodb_client().get_paginator("query").paginate(**request):
        for item in page["Items"]:
            values = from_item(item)
            journals.append(Journal.model_validate({**values, "id": values["sk"]}))
    return journals


def delete(journal: Journal) -> None:
    dynamodb_client().delete_item(TableName=_table(), Key=_key(journal.id))
