"""Keyed writes (requests with an Idempotency-Key): how a keyed write tells a retry after a
crash what the crashed attempt wrote (docs/decisions.md, "Batch create", "Stock operations"
and "Idempotency").

`idempotent_route` (common/idempotency.py) names the request being served with `serving()`.
- `write_seed()` then returns a secret that stays the same for every attempt of that request
  (same caller, route, Idempotency-Key and body) for 24 h, and None outside a keyed request:
  a batch, which spans several transactions, derives its ids from it.
- `completing_record(result)` is for a write made in one transaction (a create, a stock
  operation): the request's own idempotency record, written with the route's response in
  that same transaction. Such a request puts no record in progress first: its transaction
  claims the key, on the condition powertools' put has (no live record). A second attempt
  cannot write again (its transaction is cancelled on the record: `KeyTaken`, and powertools
  answers it from the record), a retry after a crash is answered with the response, and the
  record costs no call of its own.
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
# A record may be written when there is none, when it has expired, or when it is in progress
# but its invocation has timed out (powertools' own condition). Names: RECORD_NAMES.
WRITABLE = (
    "attribute_not_exists(#id) OR #expiry < :now OR "
    "(#status = :inprogress AND attribute_exists(#in_progress_expiry) "
    "AND #in_progress_expiry < :now_in_millis)"
)
RECORD_NAMES = {
    "#id": "id",
    "#expiry": "expiration",
    "#in_progress_expiry": "in_progress_expiration",
    "#status": "status",
}


class KeyTaken(Exception):
    """A keyed write's transaction was cancelled on its request's record: another attempt of
    the key wrote first (or a request with another body took the key). Nothing was written;
    powertools answers from the record (common/idempotency.py)."""


def writable_values(now: float) -> dict[str, Any]:
    """The values of `WRITABLE` at `now` (seconds)."""
    return {
        ":now": {"N": str(int(now))},
        ":now_in_millis": {"N": str(int(now * 1000))},
        ":inprogress": {"S": IN_PROGRESS},
    }


class _KeyedRequest:
    """The keyed request being served (mutable: the store and the write fill it in)."""

    def __init__(
        self,
        scope: Callable[[], str],
        stored_response: Callable[[Any], str] | None,
        claim: tuple[str, str] | None,
    ) -> None:
        self.scope = scope
        # The route's result as its idempotency record stores it (the record's `data`).
        self.stored_response = stored_response
        # The request's record: the one its write puts, claiming the key (`claim`: its id and
        # payload hash), or the one powertools put in progress (storage/idempotency_records.py).
        self.record_id: str | None = claim[0] if claim else None
        self.validation = claim[1] if claim else ""
        self.claims_key = claim is not None
        # The response a write stored in the record, in its own transaction.
        self.recorded_response: str | None = None


_SERVING: ContextVar[_KeyedRequest | None] = ContextVar("keyed_request", default=None)


@contextmanager
def serving(
    scope: Callable[[], str],
    stored_response: Callable[[Any], str] | None = None,
    claim: tuple[str, str] | None = None,
) -> Iterator[None]:
    """Marks the keyed request `scope` (a hash of caller, route, key and body, made when a
    write seed needs it) as running. `stored_response` turns the route's result into the
    response its record keeps, for a write that writes the record itself
    (`completing_record`). `claim`, the record's id and payload hash: no record was put in
    progress, and the write's transaction puts it, claiming the key (a first attempt);
    without it, the write completes the record powertools put."""
    token = _SERVING.set(_KeyedRequest(scope, stored_response, claim))
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
    client, key = dynamodb_client(), {"id": {"S": f"{SEED_PREFIX}#{request.scope()}"}}
    now = int(time.time())
    found = client.get_item(TableName=_table(), Key=key, ConsistentRead=True).get("Item")
    if found and int(found["expiration"]["N"]) > now:  # TTL deletes expired items only later
        return str(found["seed"]["S"])
    seed = secrets.token_hex(16)
    item = {**key, "seed": {"S": seed}, "expiration": {"N": str(now + RECORD_SECONDS)}}
    client.put_item(TableName=_table(), Item=item)
    return seed


def completing_record(result: Any) -> dict[str, Any] | None:
    """The TransactWriteItems operation that writes the keyed request's idempotency record,
    completed with `result` as its response (status, response, expiry, as powertools
    completes it); None outside a keyed request.

    A request that claims its key (`serving(claim=...)`) puts its record on powertools' own
    condition (no live record), so the transaction claims the key. A record already put in
    progress (after `KeyTaken`) is updated on the condition that it still is. Either way the
    transaction of a second attempt (a retry after a crash, or a transaction sent again after
    its answer was lost) is cancelled on it: `KeyTaken`, and nothing is written twice."""
    request = _SERVING.get()
    if request is None:
        return None
    if request.stored_response is None or request.record_id is None:
        raise RuntimeError("This route does not let its write complete its record")
    response = request.stored_response(result)
    request.recorded_response = response
    now = time.time()
    key, expiry = {"id": {"S": request.record_id}}, {"N": str(int(now) + RECORD_SECONDS)}
    if request.claims_key:
        item = {**key, "status": {"S": COMPLETED}, "data": {"S": response}, "expiration": expiry}
        if request.validation:
            item["validation"] = {"S": request.validation}
        return {
            "Put": {
                "TableName": _table(),
                "Item": item,
                "ConditionExpression": WRITABLE,
                "ExpressionAttributeNames": RECORD_NAMES,
                "ExpressionAttributeValues": writable_values(now),
            }
        }
    return {
        "Update": {
            "TableName": _table(),
            "Key": key,
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
                ":expiry": expiry,
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
