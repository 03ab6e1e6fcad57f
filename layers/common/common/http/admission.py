"""A request's rate-limit count, beside its route (docs/decisions.md#rate-limits).

The count is a DynamoDB round trip of its own. Made before routing, it would add one round
trip to every request; so it runs on a worker thread while the route validates its input and
makes its first reads, and the request waits for it only where it must:

- before its first write (common/storage/write_gate.py): a refused request writes nothing;
- before it answers: a refused request gets its 429, whatever the route made of it.

What a refused request may still cost is its reads. A client this instance saw refused goes
back to counting first, until its window ends, so a client hammering past its limit costs
one counter write per request here, as before.

Fails open: if the counter cannot be written, the request goes on without rate-limit headers
(stage throttling still guards the API), rather than failing for a bookkeeping error.
"""

from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from common.auth.principal import principal_from_request
from common.errors import RateLimitExceeded
from common.observability import logger

if TYPE_CHECKING:
    from common.ratelimit import RateLimitStatus

# Clients this instance saw refused, with the end of the window they were refused in.
_refused_until: dict[str, int] = {}


class Admission:
    """A request's count, in flight or done."""

    def __init__(self, count: "Future[RateLimitStatus | None]") -> None:
        self._count = count

    def settle(self) -> "RateLimitStatus | None":
        """Waits for the count: its status (None if not counted), or RateLimitExceeded."""
        return self._count.result()


def start(authorizer: Mapping[str, Any], cost: int) -> Admission:
    """Starts counting a bearer-authenticated request against its client's limit; public
    routes are not counted (token grants are limited by their own function). Raises
    RateLimitExceeded at once for a client this instance saw refused in its window."""
    count: Future[RateLimitStatus | None] = Future()
    if not authorizer.get("client_id"):
        count.set_result(None)
        return Admission(count)
    # Imported here: public functions (health, JWKS, documents) need no DynamoDB at all.
    from common.ratelimit import clock
    from common.storage.dynamodb import dynamodb_client

    principal = principal_from_request(dict(authorizer), {})
    key, limit = f"client#{principal.client_id}", principal.rate_limit
    if _refused_until.get(key, 0) > clock():  # counted first: refused before routing
        count.set_result(_count(key, limit, cost))
        return Admission(count)
    dynamodb_client()  # created here, so that two threads never create it at once
    return Admission(_workers().submit(_count, key, limit, cost))


@lru_cache(maxsize=1)
def _workers() -> ThreadPoolExecutor:
    """Started on first use, not at import. A Lambda instance serves one request at a time,
    so it runs one thread; the local API serves several."""
    return ThreadPoolExecutor(max_workers=4, thread_name_prefix="rate-limit")


def _count(key: str, limit: int, cost: int) -> "RateLimitStatus | None":
    from common.ratelimit import consume

    try:
        return consume(key, limit, cost)
    except RateLimitExceeded as refused:
        _remember_refused(key, refused.meta["rate_limit"]["reset"])
        raise
    except (ClientError, BotoCoreError) as error:
        logger.warning("Rate limit not counted", extra={"error": type(error).__name__})
        return None


def _remember_refused(key: str, until: int) -> None:
    from common.ratelimit import clock

    now = clock()
    for past in [past for past, end in list(_refused_until.items()) if end <= now]:
        _refused_until.pop(past, None)
    _refused_until[key] = until
