"""Idempotency-Key over HTTP, on the local API and DynamoDB Local (its IdempotencyTable)."""

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.http.conftest import Http

STOCK_SCOPES = ["products:read", "products:write", "inventory:write"]


def test_a_retried_reserve_replays_and_reserves_once(http: Http, new_client: Any) -> None:
    token = http.token(new_client(customer_id="cust-idem", scopes=STOCK_SCOPES))
    kettle = {"name": "Kettle", "price": 30, "inventory": 5}
    created = http.call("POST", "/api/v1/products", token, kettle)
    assert created.status_code == 201, created.text
    product_id = created.json()["data"]["item"]["id"]
    path, key = f"/api/v1/products/{product_id}/inventory", str(uuid.uuid4())
    body = {"operation": "reserve", "quantity": 2}

    first = http.call("POST", path, token, body, Idempotency_Key=key)
    again = http.call("POST", path, token, body, Idempotency_Key=key)
    reused = http.call("POST", path, token, {**body, "quantity": 3}, Idempotency_Key=key)

    assert first.status_code == again.status_code == 200, first.text
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content and again.headers["ETag"] == first.headers["ETag"]
    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    stored = http.call("GET", f"/api/v1/products/{product_id}", token).json()["data"]["item"]
    assert stored["inventory"] == {"available": 3, "reserved": 2, "total": 5}


def test_concurrent_duplicates_create_once(http: Http, new_client: Any) -> None:
    """A client retrying on its own timeout while the first try still runs: each request runs in
    its own function instance, as in AWS; the key lets exactly one of them create."""
    token = http.token(new_client(customer_id="cust-dup"))
    key = str(uuid.uuid4())

    def create(_: int) -> Any:
        lamp = {"name": "Twin lamp", "price": 20}
        return http.call("POST", "/api/v1/products", token, lamp, Idempotency_Key=key)

    with ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(pool.map(create, range(6)))

    created = [r for r in replies if r.status_code == 201]
    busy = [r for r in replies if r.status_code == 409]
    assert len(created) + len(busy) == 6, [r.text for r in replies]
    assert created and len({r.json()["data"]["item"]["id"] for r in created}) == 1
    assert all(r.json()["error"]["code"] == "conflict" for r in busy)
    assert all(r.headers["Retry-After"] == "1" for r in busy)
    listed = http.call("GET", "/api/v1/products?search=twin", token).json()["data"]["items"]
    assert len(listed) == 1
