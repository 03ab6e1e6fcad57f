"""The one way to write to DynamoDB through conditions: operations, what their condition
failing means, transactions, and the retries boto3 cannot do.

boto3's "standard" retry mode (storage/dynamodb.py) already retries every call on throttling
and 5xx. What it cannot retry is a transaction DynamoDB cancelled because another one held an
item (cancellation reason TransactionConflict: a shared counter, most often): nothing was
written and every condition still holds against what was read, so `execute` writes it again,
with jittered backoff. A condition that failed raises the exception its operation names; a
cancellation for capacity raises `Throttled`. See docs/data-model.md.
"""

import copy
import random
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

from botocore.exceptions import ClientError

from common.storage.dynamodb import dynamodb_client, is_condition_failure
from common.storage.errors import ConditionFailed, Contended, Throttled

MAX_TRANSACTION_OPS = 100  # DynamoDB's limit per TransactWriteItems
MAX_BATCH_GET = 100  # and per BatchGetItem
# Attempts of a transaction that other transactions keep cancelling (TransactionConflict).
CONFLICT_ATTEMPTS = 5
# Rounds of BatchGetItem for the keys DynamoDB leaves unprocessed (sustained throttling).
UNPROCESSED_ROUNDS = 8
_THROTTLED = frozenset({"ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"})


class Op(NamedTuple):
    """One operation of a write (a TransactWriteItems element: {"Put": {...}} and so on),
    with what its condition failing means (ConditionFailed when not given). An operation
    without a condition never fails."""

    request: dict[str, Any]
    on_condition_failure: Exception | None = None


def put(
    table: str, item: dict[str, Any], condition: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A Put request of an item already in DynamoDB's attribute values."""
    return {"Put": {"TableName": table, "Item": item, **(condition or {})}}


def delete(
    table: str, key: dict[str, Any], condition: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {"Delete": {"TableName": table, "Key": key, **(condition or {})}}


def update(table: str, key: dict[str, Any], expression: str, **extra: Any) -> dict[str, Any]:
    return {"Update": {"TableName": table, "Key": key, "UpdateExpression": expression, **extra}}


def backoff(attempt: int) -> None:
    time.sleep(min(0.05 * 2**attempt, 1.0) * random.random())  # noqa: S311 - jitter only


def chunks[T](items: Sequence[T], size: int = MAX_TRANSACTION_OPS) -> Iterator[Sequence[T]]:
    """`items` in runs of at most `size` (a transaction's or a BatchGetItem's bound)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _failure(op: Op, item: dict[str, Any] | None) -> Exception:
    failure = op.on_condition_failure or ConditionFailed()
    if isinstance(failure, ConditionFailed) and item:
        failure = copy.copy(failure)  # the op's exception is shared: the item is this call's
        failure.item = dict(item)
    return failure


def execute(ops: Sequence[Op]) -> None:
    """One request: a plain write when a single item changes, a transaction otherwise."""
    client = dynamodb_client()
    if len(ops) == 1:
        kind, request = next(iter(ops[0].request.items()))
        call: dict[str, Callable[..., Any]] = {
            "Put": client.put_item,
            "Delete": client.delete_item,
            "Update": client.update_item,
        }
        try:
            call[kind](**request)
        except ClientError as exc:
            if is_condition_failure(exc):
                raise _failure(ops[0], exc.response.get("Item")) from exc  # type: ignore[arg-type]
            raise
        return
    for attempt in range(CONFLICT_ATTEMPTS):
        try:
            client.transact_write_items(TransactItems=[op.request for op in ops])  # type: ignore[misc]
            return
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            reasons: list[dict[str, Any]] = exc.response.get("CancellationReasons") or []  # type: ignore[assignment]
            for op, reason in zip(ops, reasons, strict=False):
                if reason.get("Code") == "ConditionalCheckFailed":
                    raise _failure(op, reason.get("Item")) from exc
            if any(reason.get("Code") in _THROTTLED for reason in reasons):
                raise Throttled() from exc
            if not any(reason.get("Code") == "TransactionConflict" for reason in reasons):
                raise
        backoff(attempt)
    raise Contended()


def batch_get(
    table: str,
    keys: Sequence[dict[str, Any]],
    consistent: bool = False,
    attributes: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """The items of `keys` that exist, in BatchGetItem calls of 100 keys; keys DynamoDB
    leaves unprocessed (throttling) are asked again with backoff until none is left.
    `attributes`: only these (all when empty)."""
    client, items = dynamodb_client(), list[dict[str, Any]]()
    projection: dict[str, Any] = {}
    if attributes:  # by placeholder: `name`, `status`... are reserved words
        names = {f"#a{n}": name for n, name in enumerate(attributes)}
        projection = {"ProjectionExpression": ",".join(names), "ExpressionAttributeNames": names}
    for chunk in chunks(keys, MAX_BATCH_GET):
        request = {"Keys": list(chunk), "ConsistentRead": consistent, **projection}
        pending: dict[str, Any] = {table: request}
        for attempt in range(UNPROCESSED_ROUNDS):
            response = client.batch_get_item(RequestItems=pending)
            items += response.get("Responses", {}).get(table, [])
            pending = dict(response.get("UnprocessedKeys") or {})
            if not pending:
                break
            backoff(attempt)
        else:
            raise Throttled()
    return items
