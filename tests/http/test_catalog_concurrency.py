"""Stock and SKU rules under real concurrency, on DynamoDB Local over HTTP."""

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.http.conftest import Http

STOCK_SCOPES = ["products:read", "products:write", "inventory:write"]


def test_concurrent_reserves_never_oversell(http: Http, new_client: Any) -> None:
    """50 buyers race for 20 units, 1 each: exactly 20 win, and the counts add up exactly."""
    token = http.token(new_client(customer_id="cust-1", scopes=STOCK_SCOPES))
    created = http.call(
        "POST", "/api/v1/products", token, {"name": "Hot", "price": 9, "inventory": 20}
    )
    path = f"/api/v1/products/{created.json()['data']['item']['id']}/inventory"

    def reserve(_: int) -> int:
        return http.call("POST", path, token, {"operation": "reserve", "quantity": 1}).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(reserve, range(50)))

    item = http.call("GET", path.removesuffix("/inventory"), token).json()["data"]["item"]
    assert statuses.count(200) == 20 and statuses.count(400) == 30
    assert item["inventory"] == {"available": 0, "reserved": 20, "total": 20}
    assert item["version"] == 1 + 20  # every successful reservation, and nothing else


def test_concurrent_mixed_operations_balance(http: Http, new_client: Any) -> None:
    """Reserves, releases and adjusts interleaved: the final state is the exact sum."""
    token = http.token(new_client(customer_id="cust-1", scopes=STOCK_SCOPES))
    created = http.call(
        "POST", "/api/v1/products", token, {"name": "Mix", "price": 9, "inventory": 100}
    )
    path = f"/api/v1/products/{created.json()['data']['item']['id']}/inventory"
    operations = [{"operation": "reserve", "quantity": 3}] * 20 + [
        {"operation": "adjust", "quantity": 2}
    ] * 10

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(
            pool.map(lambda body: http.call("POST", path, token, body).status_code, operations)
        )

    item = http.call("GET", path.removesuffix("/inventory"), token).json()["data"]["item"]
    assert statuses == [200] * 30
    assert item["inventory"] == {"available": 100 - 60 + 20, "reserved": 60, "total": 120}


def test_concurrent_creates_with_one_sku(http: Http, new_client: Any) -> None:
    token = http.token(new_client(customer_id="cust-1"))

    def create(n: int) -> int:
        body = {"name": f"Twin {n}", "price": 5, "sku": "TWIN-SKU-1"}
        return http.call("POST", "/api/v1/products", token, body).status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(create, range(2)))

    assert statuses == [201, 409]


def test_product_with_variants_and_batch_over_http(http: Http, new_client: Any) -> None:
    token = http.token(new_client(customer_id="cust-1", scopes=STOCK_SCOPES))
    batch = http.call(
        "POST",
        "/api/v1/products/batch",
        token,
        [
            {"name": "Candle", "price": 24.99, "variants": [
                {"name": "Small", "sku": "HTTP-CAN-S", "inventory": 5},
                {"name": "Large", "sku": "HTTP-CAN-L", "price": 34.99, "inventory": 2},
            ]},
            {"name": "Matches", "price": 1.5, "sku": "HTTP-MATCH", "stock": 100},
        ],
    )  # fmt: skip
    assert batch.status_code == 201, batch.text
    candle = batch.json()["data"]["items"][0]
    reply = http.call(
        "POST",
        f"/api/v1/products/{candle['id']}/inventory",
        token,
        {"operation": "reserve", "quantity": 2, "variant_id": candle["variants"][1]["id"]},
    )
    item = reply.json()["data"]["item"]
    assert reply.status_code == 200
    assert item["variants"][1]["inventory"] == {"available": 0, "reserved": 2, "total": 2}
    assert item["inventory"] == {"available": 5, "reserved": 2, "total": 7}
