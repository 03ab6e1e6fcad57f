"""Categories over HTTP on DynamoDB Local: a tree, its listings, unique slugs under real
concurrency, and the delete rules."""

import secrets
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.http.conftest import Http

BASE = "/api/v1/categories"


@pytest.fixture(scope="module")
def admin(http: Http, new_client: Any) -> str:
    """An admin of a tenant of its own, so the totals are this module's alone."""
    return http.token(new_client(tenant_id=f"tenant-cat-{secrets.token_hex(4)}", scopes=["admin"]))


def create(http: Http, token: str, name: str, **fields: Any) -> dict[str, Any]:
    reply = http.call("POST", BASE, token, {"name": name, **fields})
    assert reply.status_code == 201, reply.text
    return dict(reply.json()["data"]["item"])


def test_tree_listings_and_delete_rules(http: Http, admin: str) -> None:
    root = create(http, admin, "Clothing")
    men = create(http, admin, "Men", parent_id=root["id"])
    women = create(http, admin, "Women", parent_id=root["id"])
    shirts = create(http, admin, "Shirts", parent_id=men["id"])
    assert shirts["slug"] == "shirts" and men["slug"] == "men"

    children = http.call("GET", f"{BASE}?parent_id={root['id']}&limit=1", admin).json()["data"]
    assert [c["id"] for c in children["items"]] == [men["id"]]
    assert children["pagination"]["total"] == 2 and children["pagination"]["pages"] == 2
    cursor = children["pagination"]["next_cursor"]
    rest = http.call("GET", f"{BASE}?parent_id={root['id']}&limit=1&cursor={cursor}", admin)
    assert [c["id"] for c in rest.json()["data"]["items"]] == [women["id"]]
    second_page = http.call("GET", f"{BASE}?parent_id={root['id']}&limit=1&page=2", admin)
    assert second_page.json()["data"]["items"] == rest.json()["data"]["items"]
    top = http.call("GET", f"{BASE}?parent_id=root", admin).json()["data"]
    assert [c["id"] for c in top["items"]] == [root["id"]]
    everything = http.call("GET", BASE, admin).json()["data"]
    assert everything["pagination"]["total"] == 4

    fetched = http.call("GET", f"{BASE}/{root['id']}", admin)
    assert fetched.json()["data"]["item"]["child_count"] == 2
    assert http.call("GET", f"{BASE}/{root['id']}", admin, If_None_Match='"v1"').status_code == 304

    # A cycle is refused; a subtree move is fine.
    cycle = http.call("PATCH", f"{BASE}/{root['id']}", admin, {"parent_id": shirts["id"]})
    assert cycle.status_code == 400 and cycle.json()["error"]["code"] == "validation_error"
    moved = http.call("PATCH", f"{BASE}/{shirts['id']}", admin, {"parent_id": women["id"]})
    assert moved.status_code == 200 and moved.json()["data"]["item"]["parent_id"] == women["id"]

    # Delete: not while it has children; stale If-Match is a 412.
    blocked = http.call("DELETE", f"{BASE}/{women['id']}", admin)
    assert blocked.status_code == 409 and blocked.json()["error"]["code"] == "conflict"
    assert blocked.json()["error"]["details"] == {"product_count": 0, "child_count": 1}
    stale = http.call("DELETE", f"{BASE}/{shirts['id']}", admin, If_Match='"v1"')
    assert stale.status_code == 412
    assert http.call("DELETE", f"{BASE}/{shirts['id']}", admin, If_Match='"v2"').status_code == 200
    assert http.call("DELETE", f"{BASE}/{women['id']}", admin).status_code == 200
    assert http.call("GET", BASE, admin).json()["data"]["pagination"]["total"] == 2


def test_delete_with_products_is_409(http: Http, admin: str) -> None:
    category = create(http, admin, "Lamps")
    product = http.call(
        "POST",
        "/api/v1/products",
        admin,
        {
            "name": "Desk Lamp",
            "price": 39.5,
            "customer_id": "cust-1",
            "category_id": category["id"],
        },
    )
    assert product.status_code == 201, product.text
    path = f"{BASE}/{category['id']}"
    assert http.call("GET", path, admin).json()["data"]["item"]["product_count"] == 1

    blocked = http.call("DELETE", path, admin)
    assert blocked.status_code == 409
    assert blocked.json()["error"]["details"] == {"product_count": 1, "child_count": 0}

    product_path = f"/api/v1/products/{product.json()['data']['item']['id']}"
    assert http.call("DELETE", product_path, admin).status_code == 200
    assert http.call("DELETE", path, admin).status_code == 200


def test_concurrent_creates_of_one_slug_make_one_category(http: Http, admin: str) -> None:
    slug = f"race-{secrets.token_hex(3)}"

    def attempt(i: int) -> int:
        own = Http(http.base)  # one connection per thread
        return own.call("POST", BASE, admin, {"name": f"Race {i}", "slug": slug}).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = sorted(pool.map(attempt, range(6)))

    assert statuses == [201] + [409] * 5
