"""Per-client rate limits (decisions.md#rate-limits): fixed one-minute windows counted in DynamoDB.

Every bearer-authenticated request counts 1, a batch counts its number of items. The limit is
the client's own (`rate_limit`, default 100/min, set with the admin CLI), handed over by the
authorizer. A refused request is not counted, so a client that waits for `Retry-After` gets its
full allowance back. Client-credentials grants have their own limit per client, counted only
once the secret is verified: failed attempts count nowhere, so nobody can use them to lock a
client out.
"""

import time
from typing import NamedTuple

from common.errors import RateLimitExceeded
from common.storage import rate_limit_repository

WINDOW_SECONDS = 60
# client_credentials grants per client and minute, with the correct secret (tokens live an
# hour: more is a client's bug, each grant storing a token family for 30 days).
GRANTS_PER_MINUTE = 20


class RateLimitStatus(NamedTuple):
    limit: int
    remaining: int
    reset_at: int  # epoch seconds when the window ends (seed 003's X-RateLimit-Reset)

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_at),
        }


def clock() -> float:
    """Epoch seconds (replaced in tests to hold a window still)."""
    return time.time()


def consume(key: str, limit: int, cost: int = 1) -> RateLimitStatus:
    """Counts `cost` requests for `key` in the current window, or raises RateLimitExceeded
    (429, with Retry-After, the X-RateLimit headers and meta.rate_limit) when they would pass
    `limit`."""
    now = int(clock())
    window_start = now - now % WINDOW_SECONDS
    reset_at = window_start + WINDOW_SECONDS
    if cost > limit:
        refused = RateLimitStatus(limit=limit, remaining=limit, reset_at=reset_at)
        raise _exceeded(
            refused,
            now,
            f"This request counts as {cost} requests, more than the {limit} per minute allowed",
        )
    counted, used = rate_limit_repository.count(
        key, window_start, cost, limit, expires_at=reset_at + WINDOW_SECONDS
    )
    status = RateLimitStatus(limit=limit, remaining=max(0, limit - used), reset_at=reset_at)
    if not counted:
        raise _exceeded(
            status, now, f"Maximum of {limit} requests per minute allowed, please try again later"
        )
    return status


def _exceeded(status: RateLimitStatus, now: int, details: str) -> RateLimitExceeded:
    retry_after = max(1, status.reset_at - now)
    return RateLimitExceeded(
        details,
        headers={**status.headers(), "Retry-After": str(retry_after)},
        rate_limit={"limit": status.limit, "remaining": status.remaining, "reset": status.reset_at},
    )
