"""Keyed writes (requests with an Idempotency-Key): how a keyed write tells a retry after a
crash what the crashed attempt wrote (docs/decisions.md, "Batch create", "Stock operations"
and "Idempotency").

`idempotent_route` (common/idempotency.py) names the request being served with `serving()`.
- `write_seed()` then returns a secret that stays the same for every attempt of that request
  (same caller, route, Idempotency-Key and body) for 24 h, and None outside a keyed request:
  a batch, which spans several transactions, derives its ids from it.
- `completing_record(result)` is for a write made in one transaction (a create, a stock
  operation):
  the request's own idempotency record, completed with the route's response in that same
  transaction. A second attempt cannot write again, a retry after a crash is answered with
  the response, and the record needs no call of its own afterwards.
Light on purpose: product functions import it without powertools' idempotency utility.
"""

import hashlib
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client

# How long a keyed request's idempotency record is kept (common/idempotency.py), and its seed.
RECORD_SECONDS = 24 * 3600
SEED_PREFIX = "products-api-seed"
# powertools' record statuses (its DataRecord's STATUS_CONSTANTS), spelled here so that this
# module stays free of powertools.
IN_PROGRESS, COMPLETED = "INPROGRESS", "COMPLETED"


class _KeyedRequest:
    """The keyed request being served (mutable: the store and the write fill it in)."""

    def __init__(self, scope: str, stored_response: Callable[[Any], str] | None) -> None:
        self.scope = scope
        # The route's result as its idempotency record stores it (the record's `data`).
        self.stored_response = stored_response
        # The request's record, once put in progress (storage/idempotency_records.py).
        self.record_id: str | None = None
        # The response a write stored in the record, in its own transaction.
        self.recorded_response: str | None = None


_SERVING: ContextVar[_KeyedRequest | None] = ContextVar("keyed_request", default=None)


@contextmanager
def serving(scope: str, stored_response: Callable[[Any], str] | None = None) -> Iterator[None]:
    """Marks the keyed request `scope` (a hash of caller, route, key and body) as running;
    `stored_response` turns the route's result into the response its record keeps, for a
    write that completes the record itself (`completing_record`)."""
    token = _SERVING.set(_KeyedRequest(scope, stored_response))
    try:
        yield
    finally:
        _SERVING.reset(token)


def record_put_in_progress(record_id: str) -> None:
    """The store tells which record holds the request being served."""
    request = _SERVING.get()
    if request is not None:
        request.record_id = record_id


def recorded_by_write(record_id: str, response: str) -> bool:
    """Whether a write of the request completed its record `record_id` with `response`: then
    the record needs no update of its own."""
    request = _SERVING.get()
    return (
        request is not None
        and request.record_id == record_id
        and request.recorded_response == response
    )


def write_seed() -> str | None:
    """The seed of the keyed request being served, None outside one.

    Kept in the idempotency table as `products-api-seed#<scope>`, written before the first
    step. It expires no later than the request's own idempotency record (which dates from the
    request's end), so a key that runs again after 24 h gets a fresh seed."""
    request = _SERVING.get()
    if request is None:
        return None
    client, key = dynamodb_client(), {"id": {"S": f"{SEED_PREFIX}#{request.scope}"}}
    now = int(time.time())
    found = client.get_item(TableName=_table(), Key=key, ConsistentRead=True).get("Item")
    if found and int(found["expiration"]["N"]) > now:  # TTL deletes expired items only later
        return str(found["seed"]["S"])
    seed = secrets.token_hex(16)
    item = {**key, "seed": {"S": seed}, "expiration": {"N": str(now + RECORD_SECONDS)}}
    client.put_item(TableName=_table(), Item=item)
    return seed


def completing_record(result: Any) -> dict[str, Any] | None:
    """The TransactWriteItems Update that completes the keyed request's idempotency record
    with `result` as its response; None outside a keyed request.

    It goes into the write's own transaction, conditional on the record being still in
    progress: the transaction of a second attempt (a retry after a crash, or a transaction
    sent again after its answer was lost) is cancelled on it, and nothing is written twice.
    The record is then as powertools completes it (status, response, expiry), so the retry
    is answered with the response, and the record's own update is left out."""
    request = _SERVING.get()
    if request is None:
        return None
    if request.stored_response is None or request.record_id is None:
        raise RuntimeError("This route does not let its write complete its record")
    response = request.stored_response(result)
    request.recorded_response = response
    return {
        "Update": {
            "TableName": _table(),
            "Key": {"id": {"S": request.record_id}},
            "UpdateExpression": "SET #status = :completed, #data = :data, #expiry = :expiry",
            "ConditionExpression": "#status = :in_progress",
            "ExpressionAttributeNames": {
                "#status": "status",
                "#data": "data",
                "#expiry": "expiration",
            },
            "ExpressionAttributeValues": {
                ":completed": {"S": COMPLETED},
                ":in_progress": {"S": IN_PROGRESS},
                ":data": {"S": response},
                ":expiry": {"N": str(int(time.time()) + RECORD_SECONDS)},
            },
        }
    }


def _table() -> str:
    table = get_settings().idempotency_table
    if not table:
        raise RuntimeError("IDEMPOTENCY_TABLE is not set")
    return table


def seeded_id(prefix: str, seed: str, index: int) -> str:
    """Id number `index` of a keyed request: the same on every attempt, unguessable without
    the seed (`prod_` + 96 bits, like a random id)."""
    return f"{prefix}_{hashlib.sha256(f'{seed}#{index}'.encode()).hexdigest()[:24]}"
