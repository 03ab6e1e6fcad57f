"""A request's independent DynamoDB reads, sent at once rather than in a row.

A listing merges several key ranges (statuses, sub-categories), and the first Query of each
does not depend on the others: made one after another they cost a round trip each, made at
once about one in all (`at_once`; docs/performance-log.md, "Key ranges read at once").
"""

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from contextvars import copy_context
from functools import lru_cache

# Worker threads: with the caller's own call and the rate-limit count's, 10 calls in flight
# at most, botocore's default connection pool, so no call waits for a connection.
MAX_IN_FLIGHT = 8


def at_once[T](calls: Sequence[Callable[[], T]]) -> list[T]:
    """The results of `calls`, in their order, made at once: the first here, the others on
    worker threads, each in a copy of the request's context (its write gate:
    storage/write_gate.py). An error is raised once every call has ended."""
    if not calls:
        return []
    # Each on a worker thread, in a copy of the request's context.
    others = [_workers().submit(copy_context().run, call) for call in calls[1:]]
    try:
        first = calls[0]()
    finally:
        wait(others)  # nothing of the request's left running when it answers
    return [first, *(future.result() for future in others)]


@lru_cache(maxsize=1)
def _workers() -> ThreadPoolExecutor:
    """Started on first use, not at import (a listing of one range never needs it)."""
    return ThreadPoolExecutor(max_workers=MAX_IN_FLIGHT, thread_name_prefix="reads")
