"""Idempotency-Key over HTTP, on the local API and DynamoDB Local (its IdempotencyTable)."""

import uuid
from collections.abc import Callable
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


def duplicates_at_once(send: Callable[[int], Any], status: int) -> list[Any]:
    """Six requests of keys of their own first (`send(-1)`...), so that six instances are warm
    and the duplicates overlap rather than queue behind cold starts; then six duplicates at
    once (`send(0)`...), which must all get one answer: written once, replayed five times."""
    with ThreadPoolExecutor(max_workers=6) as pool:
        assert {r.status_code for r in pool.map(send, range(-6, 0))} == {status}
        replies = list(pool.map(send, range(6)))
    assert [r.status_code for r in replies] == [status] * 6, [r.text for r in replies]
    assert len({r.content for r in replies}) == 1
    assert sum("Idempotent-Replayed" not in r.headers for r in replies) == 1
    return replies


def test_concurrent_duplicates_create_once(http: Http, new_client: Any) -> None:
    """A client retrying on its own timeout while the first try still runs: each request runs in
    its own function instance, as in AWS. Exactly one transaction puts the key's record; every
    other attempt is cancelled on it and replays that one's answer."""
    token = http.token(new_client(customer_id="cust-dup"))
    key = str(uuid.uuid4())

    def create(number: int) -> Any:
        lamp = {"name": "Twin lamp", "price": 20}
        sent = key if number >= 0 else str(uuid.uuid4())
        return http.call("POST", "/api/v1/products", token, lamp, Idempotency_Key=sent)

    replies = duplicates_at_once(create, 201)

    listed = http.call("GET", "/api/v1/products?search=twin", token).json()["data"]["items"]
    assert replies[0].json()["data"]["item"]["id"] in {item["id"] for item in listed}
    assert len(listed) == 7


def test_concurrent_duplicates_reserve_once(http: Http, new_client: Any) -> None:
    token = http.token(new_client(customer_id="cust-dup-stock", scopes=STOCK_SCOPES))
    kettle = {"name": "Kettle", "price": 30, "inventory": 5}
    product_id = http.call("POST", "/api/v1/products", token, kettle).json()["data"]["item"]["id"]
    path, key = f"/api/v1/products/{product_id}/inventory", str(uuid.uuid4())

    def send(number: int) -> Any:
        if number < 0:  # one more unit, under a key of its own
            body = {"operation": "adjust", "quantity": 1}
            return http.call("POST", path, token, body, Idempotency_Key=str(uuid.uuid4()))
        body = {"operation": "reserve", "quantity": 2}
        return http.call("POST", path, token, body, Idempotency_Key=key)

    duplicates_at_once(send, 200)
    stored = http.call("GET", f"/api/v1/products/{product_id}", token).json()["data"]["item"]
    assert stored["inventory"] == {"available": 9, "reserved": 2, "total": 11}
    assert stored["version"] == 8
