"""Journals of batch creates in flight: a batch that needs more than one transaction is
all or nothing across crashes and concurrent requests (docs/decisions.md, "Batch create").

Such a batch puts its journal in its first transaction and writes its products marked
pending (`pending_batch` = the journal's id): to every other request they do not exist yet.
Once all are written, the batch publishes them (removes the marks, with their audit events)
and deletes the journal. Publishing takes one transaction for up to 49 products; a larger
batch first marks its journal `committing`, and from then on the batch only goes forward. If
the Lambda instance dies on the way, the journal outlives its deadline (longer than any
invocation can run) and the scheduled sweeper (functions/sweep_batches) finishes it: it
publishes the rest of a committing batch, and discards the pending products of any other,
then deletes the journal. A keyed batch's journal id derives from its write seed, so a retry
with the same Idempotency-Key finishes the same journal.

  pk = SYSTEM#BATCHES   sk = <journal id>   deadline, mode, tenant_id, caller, product_ids,
                                            committing

The one partition outside every tenant's, as the sweeper serves them all. It holds one item
per batch in flight, so the sweeper's Query of it is bounded by the batches running at once.
"""

import secrets
import time
from typing import Any

from pydantic import BaseModel, ConfigDict

from common.auth.principal import Mode, Principal
from common.settings import get_settings
from common.storage import transactions
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
    # Set by the first of several publishing transactions: the batch can only go forward.
    committing: bool = False

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


def new_journal(
    principal: Principal, product_ids: list[str], journal_id: str | None = None
) -> Journal:
    return Journal(
        id=journal_id or f"bat_{secrets.token_hex(12)}",
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
    return transactions.put(_table(), to_item(item))


def delete_request(journal: Journal) -> dict[str, Any]:
    """The TransactWriteItems Delete of the journal (with the batch's last publishing, or
    with the undo of its first transaction)."""
    return transactions.delete(_table(), _key(journal.id))


def commit_request(journal: Journal) -> dict[str, Any]:
    """The TransactWriteItems Update that marks the journal `committing` (with the first of
    several publishing transactions)."""
    return transactions.update(
        _table(),
        _key(journal.id),
        "SET committing = :yes",
        ExpressionAttributeValues={":yes": to_value(True)},
    )


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
