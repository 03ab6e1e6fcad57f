"""Holds a request's writes until something lets them go: the caller's rate-limit count runs
beside the route's first reads (common/http/admission.py), and no write may reach DynamoDB
before that count has admitted the request.

The gate is a botocore `before-call` hook on the shared client, so every write is held, ours
and powertools' idempotency records alike, whatever module makes it. It is per request (a
ContextVar): threads that do not run the request (the count's own) are never held, and two
requests served by two threads of one process (the local API) hold only their own writes.
A request's own bookkeeping (its idempotency record: common/idempotency.py) is written
`unheld`.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

WRITE_OPERATIONS = frozenset(
    ("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem")
)

# Called before each write of the current request; it returns when the write may go, or
# raises what the request ends with instead (the write is then never sent).
_gate: ContextVar[Callable[[], object] | None] = ContextVar("write_gate", default=None)


@contextmanager
def writes_wait_for(gate: Callable[[], object]) -> Iterator[None]:
    """Every write made inside the block first calls `gate`."""
    token = _gate.set(gate)
    try:
        yield
    finally:
        _gate.reset(token)


@contextmanager
def unheld() -> Iterator[None]:
    """Writes made inside the block go at once."""
    token = _gate.set(None)
    try:
        yield
    finally:
        _gate.reset(token)


def hold_writes(model: Any, **kwargs: Any) -> None:
    """botocore's before-call hook (`model` is the operation's model)."""
    gate = _gate.get()
    if gate is not None and model.name in WRITE_OPERATIONS:
        gate()
