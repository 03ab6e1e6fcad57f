"""One HTTP exchange with bounded retries: the part shared by the token manager and the client."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

import requests

from .errors import TransportError

# Methods that may be sent twice without harm (RFC 9110 §9.2.2).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# The server did nothing: always safe to send again, whatever the method.
RETRY_ALWAYS = frozenset({429, 503})
# A gateway error may come after the function ran: only safe for idempotent requests.
RETRY_IF_IDEMPOTENT = frozenset({502, 504})


class Session(Protocol):
    """What the client needs of a `requests.Session` (tests pass a fake one)."""

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        json: Any = None,
    ) -> requests.Response: ...


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff that honours `Retry-After`.

    `max_attempts` counts every try, the first included. Waits are
    `backoff * 2**retry` seconds (with jitter), capped at `max_delay`; a `Retry-After` from
    the server replaces the computed wait (capped the same way).
    """

    max_attempts: int = 3
    backoff: float = 0.5
    max_delay: float = 30.0
    jitter: bool = True

    def delay(self, retry: int, retry_after: str | None) -> float:
        hinted = parse_retry_after(retry_after)
        if hinted is not None:
            return min(hinted, self.max_delay)
        wait = min(self.backoff * 2.0**retry, self.max_delay)
        return wait * (0.5 + random.random() / 2) if self.jitter else wait  # noqa: S311


def parse_retry_after(value: str | None) -> float | None:
    """`Retry-After` as seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def send(
    session: Session,
    method: str,
    url: str,
    *,
    policy: RetryPolicy,
    sleep: Callable[[float], None] = time.sleep,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, str] | None = None,
    body: Any = None,
    timeout: float = 30.0,
) -> requests.Response:
    """Sends a request, retrying 429/503 always and connection errors, 502 and 504 only when
    sending twice is safe: an idempotent method or an `Idempotency-Key` header. Returns the
    last response, whatever its status; raises `TransportError` when no answer came."""
    sent = dict(headers or {})
    replayable = method.upper() in IDEMPOTENT_METHODS or any(
        name.lower() == "idempotency-key" for name in sent
    )
    retry = 0
    while True:
        last_try = retry + 1 >= max(1, policy.max_attempts)
        try:
            response = session.request(
                method, url, params=params or None, headers=sent, timeout=timeout, json=body
            )
        except requests.RequestException as failure:
            if last_try or not replayable:
                raise TransportError(f"{method} {url}: {failure}") from failure
            sleep(policy.delay(retry, None))
            retry += 1
            continue
        status = response.status_code
        again = (
            status in RETRY_ALWAYS
            or (status in RETRY_IF_IDEMPOTENT and replayable)
            # The same Idempotency-Key is still being processed: 409 with Retry-After.
            or (status == 409 and replayable and "Retry-After" in response.headers)
        )
        if not again or last_try:
            return response
        sleep(policy.delay(retry, response.headers.get("Retry-After")))
        retry += 1
