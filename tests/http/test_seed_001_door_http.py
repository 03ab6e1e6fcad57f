"""Seed 001's door over HTTP on the local API: its documented requests (bodies and parameters as
its document prints them), at the root and under /compat/001, over the one catalog."""

import json
import secrets
from typing import Any

import pytest

from local_api.template import ROOT
from tests.http.conftest import Http

# The seed's create and update bodies, as its document prints them (checked there:
# tests/tooling/test_seed_clients.py).
_REQUESTS = json.loads((ROOT / "clients" / "seeds" / "seed001_requests.json").read_text())
CREATE, PATCH = _REQUESTS["create"], _REQUESTS["update"]
SCOPES = ["products:read", "products:write", "categories:write"]


@pytest.mark.parametrize("prefix", ["", "/compat/001"])
def test_seed_001s_examples(http: Http, new_client: Any, prefix: str) -> None:
    tenant = f"tenant-s1-{secrets.token_hex(4)}"
    token = http.token(new_client(tenant_id=tenant, scopes=SCOPES))
    # Create Product (Admin)
    created = http.call("POST", f"{prefix}/api/admin/products", token, CREATE)
    assert created.status_code == 201, created.text
    product = created.json()
    assert product["category"] == "bath" and product["inventory"] == 100
    assert product["detailedDescription"] == CREATE["detailedDescription"]
    assert [v["inventory"] for v in product["variants"]] == [75, 25]
    # Get All Products, with the documented parameters
    listed = http.call(
        "GET",
        f"{prefix}/api/products?page=1&limit=20&category=bath&search=citrus&sort=price&order=asc",
        token,
    )
    assert listed.status_code == 200, listed.text
    assert [p["id"] for p in listed.json()["products"]] == [product["id"]]
    assert listed.json()["pagination"] == {"total": 1, "pages": 1, "page": 1, "limit": 20}
    # Get Product
    one = http.call("GET", f"{prefix}/api/products/{product['id']}", token)
    assert one.status_code == 200 and one.json() == product
    # Update Product, on a product without variants (with variants, stock is theirs)
    plain = {k: v for k, v in CREATE.items() if k != "variants"}
    other = http.call("POST", f"{prefix}/api/admin/products", token, plain).json()
    updated = http.call("PATCH", f"{prefix}/api/admin/products/{other['id']}", token, PATCH)
    assert updated.status_code == 200, updated.text
    assert {k: updated.json()[k] for k in PATCH} == PATCH
    assert updated.json()["name"] == "Energize Bath Bomb"
    # A taken SKU
    again = http.call("POST", f"{prefix}/api/admin/products", token, CREATE)
    assert again.status_code == 409 and again.json()["code"] == "duplicate_product"
    # The same product through the canonical API
    canonical = http.call("GET", f"/api/v1/products/{product['id']}", token).json()
    assert canonical["data"]["item"]["inventory"]["available"] == 100
    # Delete Product
    gone = http.call("DELETE", f"{prefix}/api/admin/products/{product['id']}", token)
    assert gone.status_code == 200
    assert gone.json() == {
        "success": True,
        "message": "Product successfully deleted",
        "id": product["id"],
    }
    missing = http.call("GET", f"{prefix}/api/products/{product['id']}", token)
    assert missing.status_code == 404
    assert missing.json() == {"error": "Product not found", "code": "not_found", "details": []}
