"""Keyed writes (requests with an Idempotency-Key): seeds and receipts, how a keyed write tells
a retry after a crash what the crashed attempt wrote (docs/decisions.md, "Batch create",
"Stock operations" and "Idempotency").

`idempotent_route` (common/idempotency.py) names the request being served with `serving()`;
`write_seed()` then returns a secret that stays the same for every attempt of that request
(same caller, route, Idempotency-Key and body) for 24 h, and None outside a keyed request:
creates derive their ids from it. `write_receipt()` is for writes that create nothing: one
more item of their own transaction that a second attempt cannot write again.
Light on purpose: product functions import it without powertools' idempotency utility.
"""

import hashlib
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client

# Kept as long as the idempotency records (common/idempotency.py EXPIRES_AFTER_SECONDS).
SEED_SECONDS = 24 * 3600
SEED_PREFIX = "products-api-seed"
RECEIPT_PREFIX = "products-api-receipt"
_SCOPE: ContextVar[str | None] = ContextVar("write_seed_scope", default=None)


@contextmanager
def serving(scope: str) -> Iterator[None]:
    """Marks the keyed request `scope` (a hash of caller, route, key and body) as running."""
    token = _SCOPE.set(scope)
    try:
        yield
    finally:
        _SCOPE.reset(token)


def write_seed() -> str | None:
    """The seed of the keyed request being served, None outside one.

    Kept in the idempotency table as `products-api-seed#<scope>`, written before the first
    step. It expires no later than the request's own idempotency record (which dates from the
    request's end), so a key that runs again after 24 h gets a fresh seed."""
    scope = _SCOPE.get()
    if scope is None:
        return None
    client, key = dynamodb_client(), {"id": {"S": f"{SEED_PREFIX}#{scope}"}}
    now = int(time.time())
    found = client.get_item(TableName=_table(), Key=key, ConsistentRead=True).get("Item")
    if found and int(found["expiration"]["N"]) > now:  # TTL deletes expired items only later
        return str(found["seed"]["S"])
    seed = secrets.token_hex(16)
    item = {**key, "seed": {"S": seed}, "expiration": {"N": str(now + SEED_SECONDS)}}
    client.put_item(TableName=_table(), Item=item)
    return seed


def write_receipt() -> dict[str, Any] | None:
    """The TransactWriteItems Put of the keyed request's receipt, None outside a keyed request.

    It goes into the write's own transaction, conditional on no live receipt of the request:
    the transaction of a second attempt (a retry after a crash that came between the write
    and the recording of its response) is cancelled on it, and nothing is written twice.
    Kept in the idempotency table for 24 h, as the seeds."""
    scope = _SCOPE.get()
    if scope is None:
        return None
    now = int(time.time())
    item = {
        "id": {"S": f"{RECEIPT_PREFIX}#{scope}"},
        "expiration": {"N": str(now + SEED_SECONDS)},
    }
    return {
        "Put": {
            "TableName": _table(),
            "Item": item,
            # TTL deletes expired items only later: an expired receipt counts as absent.
            "ConditionExpression": "attribute_not_exists(id) OR expiration < :now",
            "ExpressionAttributeValues": {":now": {"N": str(now)}},
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
