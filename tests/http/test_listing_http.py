"""Listing, search and totals over HTTP on DynamoDB Local: the listing indexes of
template.yaml (keys-only GSIs, a numeric sort key), transactions of entries, postings and
counters, and BatchGetItem, on the real engine."""

import uuid
from typing import Any
from urllib.parse import urlencode

from tests.http.conftest import Http


def listed(http: Http, token: str, **params: Any) -> dict[str, Any]:
    reply = http.call("GET", f"/api/v1/products?{urlencode(params)}", token)
    assert reply.status_code == 200, reply.text
    data: dict[str, Any] = reply.json()["data"]
    return data


def test_filters_search_sorts_and_totals(http: Http, new_client: Any) -> None:
    tenant = f"listing-{uuid.uuid4().hex[:8]}"
    token = http.token(new_client(tenant_id=tenant, customer_id="shop-1"))
    admin = http.token(new_client(tenant_id=tenant, scopes=["admin"]))
    category = http.call("POST", "/api/v1/categories", admin, {"name": "Lighting"}).json()
    category_id = category["data"]["item"]["id"]
    catalog = [
        {"name": "Lampe Crème", "price": 40, "inventory": 2, "category_id": category_id},
        {"name": "Oak lamp", "price": 90, "inventory": 30, "category_id": category_id},
        {"name": "Oak table", "price": 250, "inventory": 0, "status": "draft"},
        {"name": "Wool scarf", "price": 25, "inventory": 8, "sku": "SCARF-1"},
    ]
    ids = {}
    for body in catalog:
        reply = http.call("POST", "/api/v1/products", token, body)
        assert reply.status_code == 201, reply.text
        ids[body["name"]] = reply.json()["data"]["item"]["id"]

    def names(data: dict[str, Any]) -> list[str]:
        return [item["name"] for item in data["items"]]

    everything = listed(http, token, limit=2)
    assert everything["pagination"]["total"] == 4 and everything["pagination"]["pages"] == 2
    assert names(listed(http, token, sort="price", order="asc")) == [
        "Wool scarf", "Lampe Crème", "Oak lamp", "Oak table",
    ]  # fmt: skip
    assert names(listed(http, token, sort="name", order="asc"))[0] == "Lampe Crème"
    in_category = listed(http, token, category_id=category_id, sort="price")
    assert names(in_category) == ["Oak lamp", "Lampe Crème"]
    assert in_category["pagination"]["total"] == 2
    assert names(listed(http, token, status="draft")) == ["Oak table"]
    # One status: its counter comes in the products' BatchGetItem (customer, its category
    # counter, the tenant's, the category item's)
    assert listed(http, token, status="draft")["pagination"]["total"] == 1
    assert listed(http, token, status="active", category_id=category_id)["pagination"]["total"] == 2
    assert listed(http, admin, status="active")["pagination"]["total"] == 3
    assert listed(http, admin, status="active", category_id=category_id)["pagination"]["total"] == 2
    assert names(listed(http, token, low_stock=8)) == ["Oak table", "Lampe Crème", "Wool scarf"]
    assert names(listed(http, token, price_min=30, price_max=100, sort="price")) == [
        "Oak lamp", "Lampe Crème",
    ]  # fmt: skip
    assert names(listed(http, token, sku="SCARF-1")) == ["Wool scarf"]
    assert names(listed(http, token, search="creme")) == ["Lampe Crème"]
    assert sorted(names(listed(http, token, search="oak l"))) == ["Oak lamp"]
    assert sorted(names(listed(http, token, search="lamp"))) == ["Lampe Crème", "Oak lamp"]

    # Stock moves the stock index in the same write.
    path = f"/api/v1/products/{ids['Oak lamp']}/inventory"
    moved = http.call("POST", path, admin, {"operation": "set", "quantity": 1})
    assert moved.status_code == 200
    assert names(listed(http, token, low_stock=1)) == ["Oak table", "Oak lamp"]

    # Another customer of the tenant sees none of it; the admin sees it all.
    other = http.token(new_client(tenant_id=tenant, customer_id="shop-2"))
    assert listed(http, other)["items"] == [] and listed(http, other, search="oak")["items"] == []
    assert listed(http, admin, customer_id="shop-1")["pagination"]["total"] == 4


def test_a_repeated_parameter_is_a_400_over_http(http: Http, new_client: Any) -> None:
    """The HTTP server hands API Gateway's multiValueQueryStringParameters to the function,
    which refuses a repeated parameter before routing; a comma-separated one lists."""
    token = http.token(new_client(tenant_id=f"listing-{uuid.uuid4().hex[:8]}", customer_id="c"))
    for path in (
        "/api/v1/products?status=draft&limit=1&status=active",
        "/api/v1/categories?limit=1&limit=2",
    ):
        reply = http.call("GET", path, token)
        assert reply.status_code == 400, reply.text
        error = reply.json()["error"]
        assert error["code"] == "validation_error"
        assert [detail["field"] for detail in error["details"]] in (["status"], ["limit"])
    assert http.call("GET", "/api/v1/products?status=draft,active", token).status_code == 200


def test_a_page_is_gzipped_for_a_client_that_accepts_it(http: Http, new_client: Any) -> None:
    """As API Gateway with MinimumCompressionSize: a body of 1 KB or more goes gzipped to a
    client that accepts gzip (requests does by default, and decodes it), as sent otherwise."""
    token = http.token(new_client(tenant_id=f"gzip-{uuid.uuid4().hex[:8]}"))
    products = [{"name": f"Gzip lamp {n}", "price": 10 + n, "sku": f"GZ-{n}"} for n in range(12)]
    assert http.call("POST", "/api/v1/products/batch", token, products).status_code == 201
    packed = http.call("GET", "/api/v1/products?limit=12", token, Accept_Encoding="gzip")
    assert packed.status_code == 200
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    plain = http.call("GET", "/api/v1/products?limit=12", token, Accept_Encoding="identity")
    assert "Content-Encoding" not in plain.headers
    assert int(packed.headers["Content-Length"]) < int(plain.headers["Content-Length"]) / 3
    assert packed.json()["data"] == plain.json()["data"]
