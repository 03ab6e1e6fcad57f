"""Seed 000's door over HTTP on the local API: its curl examples, sent as its document prints
them (the token aside), at the root and under /compat/000."""

import secrets
from typing import Any

import pytest

from tests.http.conftest import Http


@pytest.mark.parametrize("prefix", ["", "/compat/000"])
def test_seed_000s_curl_examples(http: Http, new_client: Any, prefix: str) -> None:
    tenant = f"tenant-s0-{secrets.token_hex(4)}"
    token = http.token(new_client(tenant_id=tenant, customer_id="customer_123"))
    # Create Products
    upload = [
        {
            "customer_id": "customer_123",
            "name": "Laptop Stand",
            "description": "Adjustable aluminum laptop stand",
            "price": 49.99,
        }
    ]
    created = http.call("POST", f"{prefix}/api/products/upload", token, upload)
    assert created.status_code == 200, created.text
    (product_id,) = created.json()["product_ids"]
    # Get All Products
    everything = http.call("GET", f"{prefix}/api/products/get", token)
    assert everything.status_code == 200
    assert [p["product_id"] for p in everything.json()] == [product_id]
    # Get Specific Product
    one = http.call("GET", f"{prefix}/api/products/get?product_id={product_id}", token)
    (item,) = one.json()
    assert item == {**upload[0], "product_id": product_id, "created_at": item["created_at"]}
    missing = http.call(
        "GET", f"{prefix}/api/products/get?product_id=64a1b2c3d4e5f6789012345", token
    )
    assert missing.status_code == 404 and missing.json() == {"detail": "Product not found"}
    # The same product through the canonical API
    canonical = http.call("GET", f"/api/v1/products/{product_id}", token).json()
    assert canonical["data"]["item"]["name"] == "Laptop Stand"
