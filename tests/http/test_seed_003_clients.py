"""Seed 003's own example clients, run as its document prints them, against the local API:
the canonical API is seed 003's, so a client written for it needs only the base URL.

- The Python `EcommerceAPI` class (clients/seeds/seed003_ecommerce_api.py, the document's
  code block exactly: tests/tooling/test_seed_clients.py checks it) with the document's requests:
  the token and refresh grants as its "Request Example"s show them, the product list, and the
  creates its examples describe (a category named by slug, images as an "array of product
  image URLs").
- The Node.js `TokenManager` and `ApiClient` (clients/seeds/seed003_api_client.js, the
  document's fragments reassembled) running the document's usage example with axios, a token
  refresh and seed 003's partial PUT included.
"""

import json
import secrets
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.http.conftest import Http, LocalApi

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "clients" / "seeds"
SCOPES = ["products:read", "products:write", "categories:write"]
# Seed 003's "Create Product Response" example, as the request that makes it.
SMART_WATCH: dict[str, Any] = {
    "name": "Smart Watch",
    "description": "Fitness and health tracking smart watch with heart rate monitor",
    "price": 149.99,
    "currency": "USD",
    "category_id": "electronics",
    "inventory": 50,
    "images": [
        "https://example.com/images/smartwatch-main.jpg",
        "https://example.com/images/smartwatch-side.jpg",
    ],
    "attributes": {
        "color": "Silver",
        "weight": "45g",
        "battery_life": "5 days",
        "water_resistant": "IP68",
    },
    "status": "active",
}
# The node usage example's create.
NEW_PRODUCT = {
    "name": "New Product",
    "description": "Product description",
    "price": 99.99,
    "category_id": "electronics",
}


@pytest.fixture
def shop(http: Http, new_client: Any) -> dict[str, Any]:
    """A tenant of its own with an `electronics` category, and a client that knows no
    customers (as seed 003's clients know none)."""
    tenant = f"tenant-s3-{secrets.token_hex(4)}"
    client = new_client(tenant_id=tenant, scopes=SCOPES)
    token = http.token(client)
    made = http.call("POST", "/api/v1/categories", token, {"name": "Electronics"})
    assert made.status_code == 201, made.text
    return {"client": client, "category": made.json()["data"]["item"]}


def load_ecommerce_api() -> Any:
    namespace: dict[str, Any] = {}
    source = (SEEDS / "seed003_ecommerce_api.py").read_text()
    exec(compile(source, "seed003_ecommerce_api.py", "exec"), namespace)  # noqa: S102 - the seed's own code
    return namespace["EcommerceAPI"]


def assert_success(body: Any) -> dict[str, Any]:
    """Seed 003's success envelope."""
    assert body is not None, "the client printed an error instead of answering"
    assert body["status"] == "success" and set(body) == {"status", "data", "meta"}
    assert set(body["meta"]) >= {"request_id", "timestamp"}
    return dict(body["data"])


# The base URLs a seed 003 client may be given: the root, and seed 003's door (the same API).
BASES = ["", "/compat/003"]


@pytest.mark.parametrize("prefix", BASES)
def test_the_python_client_of_seed_003(
    http: Http, local_api: LocalApi, shop: dict[str, Any], prefix: str
) -> None:
    base = local_api.url + prefix
    # Given the token grant as the document's "Request Example" sends it
    grant = {
        "client_id": shop["client"]["client_id"],
        "client_secret": shop["client"]["client_secret"],
        "grant_type": "client_credentials",
    }
    token = http.session.post(f"{base}/api/v1/auth/token", json=grant, timeout=30)
    tokens = assert_success(token.json())
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 3600
    refresh = {"refresh_token": tokens["refresh_token"], "grant_type": "refresh_token"}
    refreshed = http.session.post(f"{base}/api/v1/auth/refresh", json=refresh, timeout=30)
    access_token = assert_success(refreshed.json())["access_token"]

    # When the document's EcommerceAPI class creates and lists products
    api = load_ecommerce_api()(api_key=access_token, base_url=base)
    created = [assert_success(api.create_product(body)) for body in (NEW_PRODUCT, SMART_WATCH)]
    listed = assert_success(api.get_products(page=1, limit=20))

    # Then every answer has the documented shape
    watch = created[1]["item"]
    assert watch["id"].startswith("prod_") and watch["category_id"] == shop["category"]["id"]
    assert watch["customer_id"] is None  # the tenant's own product
    assert watch["inventory"] == {"available": 50, "reserved": 0, "total": 50}
    assert watch["images"] == [
        {"url": SMART_WATCH["images"][0], "alt": None, "is_primary": True},
        {"url": SMART_WATCH["images"][1], "alt": None, "is_primary": False},
    ]
    assert watch["attributes"] == SMART_WATCH["attributes"]
    assert watch["created_at"].endswith("Z") and watch["status"] == "active"
    assert created[0]["item"]["price"] == 99.99
    assert [item["name"] for item in listed["items"]] == ["Smart Watch", "New Product"]
    pagination = listed["pagination"]
    assert {k: pagination[k] for k in ("total", "page", "limit", "pages")} == {
        "total": 2, "page": 1, "limit": 20, "pages": 1,
    }  # fmt: skip
    assert pagination["has_next"] is False and pagination["has_prev"] is False


@pytest.mark.parametrize("prefix", BASES)
def test_the_node_client_of_seed_003(
    local_api: LocalApi, shop: dict[str, Any], prefix: str
) -> None:
    # Given seed 003's ApiClient and TokenManager, run with node and axios
    run = subprocess.run(
        [
            "node",
            str(SEEDS / "seed003_example.js"),
            local_api.url + prefix,
            shop["client"]["client_id"],
            shop["client"]["client_secret"],
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 0, run.stderr

    # Then the usage example's list, create, refreshed PUT and delete all succeeded
    result = json.loads(run.stdout)
    assert assert_success(result["products"])["items"] == []
    item = assert_success(result["newProduct"])["item"]
    assert item["name"] == "New Product" and item["category_id"] == shop["category"]["id"]
    updated = assert_success(result["updated"])["item"]
    assert updated["price"] == 120 and updated["name"] == "New Product"  # a partial PUT
    assert updated["description"] == "Product description" and updated["version"] == 2
    assert assert_success(result["removed"])["item"] == {"id": item["id"], "deleted": True}
