"""A request's independent DynamoDB reads, sent at once rather than in a row.

A listing merges several key ranges (statuses, sub-categories), and the first Query of each
does not depend on the others: made one after another they cost a round trip each, made at
once about one in all (docs/performance.md, "Key ranges read at once").
"""

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from functools import lru_cache

# Calls of one request in flight at once. With the rate-limit count's, under botocore's
# default connection pool (10), so no call waits for a connection.
MAX_IN_FLIGHT = 8


def at_once[T](calls: Sequence[Callable[[], T]]) -> list[T]:
    """The results of `calls`, in their order, the calls made on worker threads at once (a
    single one runs here). Each runs in a copy of the request's context (its write gate:
    storage/write_gate.py). The first call's error to be raised, if any, is raised."""
    if len(calls) <= 1:
        return [call() for call in calls]
    futures = [_workers().submit(copy_context().run, call) for call in calls]
    return [future.result() for future in futures]


@lru_cache(maxsize=1)
def _workers() -> ThreadPoolExecutor:
    """Started on first use, not at import (a listing of one range never needs it)."""
    return ThreadPoolExecutor(max_workers=MAX_IN_FLIGHT, thread_name_prefix="reads")
