"""The function process's garbage collector, set for serving requests (docs/performance-log.md,
"Garbage collection").

Init makes objects that live as long as the process: modules, classes, pydantic's schemas,
botocore's service models (~47,000 tracked objects in a listing function). CPython's collector
walks them all in every full collection (12-15 ms there, one request in a hundred on a listing)
and, at its default threshold of 700 net allocations, runs young collections in the middle of
any request that holds more live objects than that (a page of described products: ~4 each).

So in Lambda the collector is off while init runs (common/__init__.py: ~100 collections, 13-17
ms, that found ~800 objects to free); once init is done its objects are frozen out of
collection (`gc.freeze`), the collector is on, and a young collection waits for 10,000 net
allocations. A request frees what it allocates by reference counting, so a warm request runs
no collection; reference cycles left behind are still collected, 10,000 allocations later.
"""

import gc
from collections.abc import Callable
from functools import wraps

# Net allocations (of objects the collector tracks) before a young collection.
YOUNG_THRESHOLD = 10_000
# Young collections before a middle one, middle before a full one (CPython's default: 10, 10).
OLDER_THRESHOLDS = (20, 20)


def settle() -> None:
    """Freezes every object the process holds now, raises the collection thresholds, and turns
    the collector on (common/__init__.py turns it off for a Lambda function's init: what init
    left to collect, ~800 objects, is frozen with the rest)."""
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
    gc.enable()


def settled[**P, R](handler: Callable[P, R]) -> Callable[P, R]:
    """`handler`, with the heap settled now (the end of the function's init: the handler is
    made last) and again after its first call, whose AWS clients are made on first use."""
    settle()
    first_call = [True]

    @wraps(handler)
    def settling(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return handler(*args, **kwargs)
        finally:
            if first_call:
                first_call.clear()
                settle()

    return settling
