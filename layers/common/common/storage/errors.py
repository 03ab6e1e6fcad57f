"""What storage raises. Never HTTP errors: the service or the entry point (common/http/errors.py)
decides what a caller is told."""

from typing import Any


class StorageError(Exception):
    """Base of the storage exceptions."""


class Unavailable(StorageError):
    """DynamoDB could not do it now, after retrying: the caller may retry shortly (503)."""


class Throttled(Unavailable):
    """DynamoDB refused for capacity (throttling, or keys it kept leaving unprocessed)."""


class Contended(Unavailable):
    """Other transactions kept holding the same items (TransactionConflict) through every
    attempt."""


class ConditionFailed(StorageError):
    """An operation's condition did not hold. `item`: the item as the condition found it,
    when the operation asked DynamoDB to return it (ReturnValuesOnConditionCheckFailure)."""

    item: dict[str, Any] | None = None
