"""Seed 004's door over HTTP on the local API: its curl examples, sent as its document prints
them (the host and token aside; `{id}` is a product's id), at the root and under /compat/004,
with and without the trailing slash."""

import secrets
from typing import Any

import pytest
import requests

from tests.http.conftest import Http

# The curl examples' -d bodies, as printed.
CREATE = """{
           "name": "Sample Product",
           "description": "This is a sample product",
           "price": 100.0,
           "currency": "CRC",
           "stock": 10,
           "is_physical": true
         }"""
UPDATE = """{
           "name": "Updated Product Name",
           "description": "Updated description",
           "price": 120.0
         }"""


def curl(http: Http, method: str, url: str, token: str, data: str | None = None) -> Any:
    """What the seed's curl sends: -X METHOD, the bearer token, JSON with -d."""
    headers = {"Authorization": f"Bearer {token}"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    return http.session.request(method, f"{http.base}{url}", data=data, headers=headers, timeout=30)


@pytest.mark.parametrize("slash", ["/", ""], ids=["slash", "no-slash"])
@pytest.mark.parametrize("prefix", ["", "/compat/004"], ids=["root", "compat"])
def test_seed_004s_curl_examples(http: Http, new_client: Any, prefix: str, slash: str) -> None:
    token = http.token(new_client(tenant_id=f"tenant-s4-{secrets.token_hex(4)}"))
    products = f"{prefix}/v1/products{slash}"

    def one(product_id: str) -> str:
        return f"{prefix}/v1/products/{product_id}{slash}"

    # Create a product
    created = curl(http, "POST", products, token, CREATE)
    assert created.status_code == 201, created.text
    body = created.json()
    product_id = body["data"]["id"]
    assert body == {
        "code": 201,
        "title": "Complete registration",
        "content": "The registration was successfully completed.",
        "type": "success",
        "data": {"id": product_id},
    }
    # Get all products
    listed = curl(http, "GET", f"{products}?page_size=1&page=1", token)
    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert (page["count"], page["current_page"], page["total_pages"]) == (1, 1, 1)
    (product,) = page["results"]
    assert product["id"] == product_id and product["stock"] == 10 and product["price"] == 100
    assert product["images"] == {"default": "", "aditional_images": []}
    # Get a specific product: the document's id is none of ours; ours is the one created
    missing = curl(http, "GET", one("f9b77185-a62e-4da9-a056-3c7b812ca334"), token)
    assert missing.status_code == 404 and missing.json()["error"] == "Not Found"
    assert curl(http, "GET", one(product_id), token).json() == product
    # Update a product: the fields named, the others kept
    updated = curl(http, "PUT", one(product_id), token, UPDATE)
    assert updated.status_code == 200 and updated.json() == {
        "code": 200,
        "title": "Updated product",
        "content": "The product was successfully updated.",
        "type": "success",
    }
    after = curl(http, "GET", one(product_id), token).json()
    assert (after["name"], after["price"], after["stock"]) == ("Updated Product Name", 120, 10)
    # The same product through the canonical API
    canonical = http.call("GET", f"/api/v1/products/{product_id}", token).json()
    assert canonical["data"]["item"]["description"] == "Updated description"
    # Delete a product
    deleted = curl(http, "DELETE", one(product_id), token)
    assert deleted.status_code == 200 and deleted.json() == {
        "code": 200,
        "title": "Product deleted",
        "content": "The product was successfully deleted.",
        "type": "success",
    }
    gone = curl(http, "GET", one(product_id), token)
    assert gone.status_code == 404 and set(gone.json()) == {"error", "message"}


def test_the_test_flag_over_http(http: Http, new_client: Any) -> None:
    tenant = f"tenant-s4-{secrets.token_hex(4)}"
    live = http.token(new_client(tenant_id=tenant))
    sandbox = http.token(new_client(tenant_id=tenant, mode="test"))
    refused = curl(http, "GET", "/v1/products/?test=true", live)
    assert refused.status_code == 400 and "use a test-mode key" in refused.json()["message"]
    made = curl(http, "POST", "/v1/products/?test=true", sandbox, CREATE)
    assert made.status_code == 201, made.text
    seen = curl(http, "GET", f"/v1/products/{made.json()['data']['id']}/?test=true", sandbox)
    assert seen.json()["test"] is True
    assert curl(http, "GET", "/v1/products/", live).json()["count"] == 0


def test_no_token_is_refused_by_the_gateway(http: Http) -> None:
    reply: requests.Response = http.session.get(f"{http.base}/v1/products/", timeout=30)
    assert reply.status_code == 401
    assert reply.json()["error"]["code"] == "unauthorized"  # the gateway's canonical envelope
