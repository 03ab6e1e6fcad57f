"""Rate limits over HTTP: concurrent requests in separate function instances share one count."""

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.http.conftest import Http


def test_150_concurrent_requests_let_exactly_100_through(http: Http, new_client: Any) -> None:
    token = http.token(new_client(customer_id="cust-rl", rate_limit=100))
    if time.time() % 60 > 30:  # start in a fresh window, so all 150 fall in one
        time.sleep(60 - time.time() % 60 + 0.5)

    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda _: http.call("GET", "/api/v1/products", token), range(150)))

    statuses = [r.status_code for r in replies]
    assert statuses.count(200) == 100 and statuses.count(429) == 50, statuses
    assert len({r.headers["X-RateLimit-Reset"] for r in replies}) == 1
    refused = next(r for r in replies if r.status_code == 429)
    body = refused.json()
    assert body["error"]["code"] == "rate_limit_exceeded"
    assert int(refused.headers["Retry-After"]) >= 1
    assert body["meta"]["rate_limit"]["limit"] == 100
    assert body["meta"]["rate_limit"]["remaining"] == 0
    remaining = sorted(int(r.headers["X-RateLimit-Remaining"]) for r in replies if r.ok)
    assert remaining == list(range(100))  # each count handed out exactly once
