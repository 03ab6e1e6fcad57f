"""Seed 000's door (docs/seed-mapping.md): its documented requests, sent as the seed shows them
(bodies copied from its document), answered in its shapes, over the one catalog."""

import pytest

from tests.moto_gateway import Api, make_client

# The seed's "Request Body" example and its curl example; customer_id is the caller's own.
UPLOAD = [
    {
        "customer_id": "customer_123",
        "name": "Wireless Headphones",
        "description": "High-quality Bluetooth headphones with noise cancellation",
        "price": 199.99,
    },
    {
        "customer_id": "customer_123",
        "name": "Smart Watch",
        "description": "Fitness tracking and notifications",
        "price": 299.99,
    },
]
CURL_UPLOAD = [
    {
        "customer_id": "customer_123",
        "name": "Laptop Stand",
        "description": "Adjustable aluminum laptop stand",
        "price": 49.99,
    }
]
FIELDS = {"product_id", "customer_id", "name", "description", "price", "created_at"}
PREFIXES = ["", "/compat/000"]


@pytest.fixture
def customer(api: Api) -> str:
    """Seed 000's authenticated user: a client bound to customer_123."""
    return api.token_for(make_client(customer_id="customer_123"))


@pytest.mark.parametrize("prefix", PREFIXES)
def test_upload_then_get_all_and_one(api: Api, customer: str, prefix: str) -> None:
    # When the seed's two upload examples are sent as documented
    first = api.request("POST", f"{prefix}/api/products/upload", customer, UPLOAD)
    second = api.request("POST", f"{prefix}/api/products/upload", customer, CURL_UPLOAD)

    # Then each answers {"product_ids": [...]} in request order
    assert first.status == 200 and set(first.body) == {"product_ids"}, first.body
    assert second.status == 200 and len(second.body["product_ids"]) == 1
    ids = first.body["product_ids"] + second.body["product_ids"]
    assert len(set(ids)) == 3 and all(i.startswith("prod_") for i in ids)

    # And get all answers a JSON array of the seed's fields, newest first
    listed = api.request("GET", f"{prefix}/api/products/get", customer)
    assert listed.status == 200 and isinstance(listed.body, list)
    assert [set(item) for item in listed.body] == [FIELDS] * 3
    # (one upload's products share their creation time: their order is by id)
    assert listed.body[0]["name"] == "Laptop Stand"
    assert {item["name"] for item in listed.body[1:]} == {"Smart Watch", "Wireless Headphones"}
    (headphones,) = [item for item in listed.body if item["product_id"] == ids[0]]
    assert headphones == {
        **{k: UPLOAD[0][k] for k in ("customer_id", "name", "description", "price")},
        "product_id": ids[0],
        "created_at": headphones["created_at"],
    }
    assert headphones["created_at"].endswith("Z") and len(headphones["created_at"]) == 24

    # And get one answers an array of that product
    one = api.request("GET", f"{prefix}/api/products/get?product_id={ids[0]}", customer)
    assert one.status == 200 and one.body == [headphones]
    limited = api.request("GET", f"{prefix}/api/products/get?limit=1", customer)
    assert [item["name"] for item in limited.body] == ["Laptop Stand"]
    assert limited.headers["link"].startswith(f"<{prefix}/api/products/get?limit=1&cursor=")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_errors_are_the_seeds(api: Api, customer: str, prefix: str) -> None:
    other = [{**UPLOAD[0], "customer_id": "customer_456"}]
    mismatch = api.request("POST", f"{prefix}/api/products/upload", customer, other)
    assert mismatch.status == 400
    assert mismatch.body == {
        "detail": "Product customer_id customer_456 does not match customer_id customer_123"
    }
    missing = api.request("GET", f"{prefix}/api/products/get?product_id=prod_{'0' * 24}", customer)
    assert missing.status == 404 and missing.body == {"detail": "Product not found"}
    invalid = api.request(
        "POST", f"{prefix}/api/products/upload", customer, [{"customer_id": "customer_123"}]
    )
    assert invalid.status == 400 and set(invalid.body) == {"detail"}
    assert "name" in invalid.body["detail"] and "price" in invalid.body["detail"]
    unknown = api.request("GET", f"{prefix}/api/products/get?page=2", customer)
    assert unknown.status == 400 and unknown.body["detail"].startswith("The request is invalid")
    assert api.request("GET", f"{prefix}/api/products/get", customer).body == []  # nothing made


def test_one_catalog_through_both_apis(api: Api, customer: str) -> None:
    """A product written through the door is the canonical API's, and the other way round."""
    uploaded = api.request("POST", "/api/products/upload", customer, CURL_UPLOAD).body
    (door_id,) = uploaded["product_ids"]
    canonical = api.request("GET", f"/api/v1/products/{door_id}", customer)
    assert canonical.status == 200
    assert canonical.body["data"]["item"]["name"] == "Laptop Stand"
    made = api.request("POST", "/api/v1/products", customer, {"name": "Desk Lamp", "price": 20})
    lamp_id = made.body["data"]["item"]["id"]
    seen = api.request("GET", f"/compat/000/api/products/get?product_id={lamp_id}", customer)
    assert seen.body[0]["name"] == "Desk Lamp" and seen.body[0]["description"] is None
    # The same SKU rules, audit trail and isolation: another customer sees neither.
    stranger = api.token_for(make_client(customer_id="customer_456"))
    assert api.request("GET", "/api/products/get", stranger).body == []
    hidden = api.request("GET", f"/api/products/get?product_id={door_id}", stranger)
    assert hidden.status == 404 and hidden.body == {"detail": "Product not found"}
    admin = api.token_for(make_client(scopes=["admin"]))
    trail = api.request("GET", f"/api/v1/audit-events?resource_id={door_id}", admin)
    assert [e["action"] for e in trail.body["data"]["items"]] == ["product.created"]


def test_an_upload_counts_its_items_and_honours_idempotency_keys(api: Api, customer: str) -> None:
    headers = {"Idempotency-Key": "upload-1"}
    first = api.request("POST", "/api/products/upload", customer, UPLOAD, headers=headers)
    again = api.request("POST", "/api/products/upload", customer, UPLOAD, headers=headers)
    assert first.status == 200 and again.body == first.body
    assert again.headers["idempotent-replayed"] == "true"
    limit = int(first.headers["x-ratelimit-limit"])
    assert int(first.headers["x-ratelimit-remaining"]) == limit - 2  # one per item


@pytest.mark.parametrize(
    ("number", "expected"),
    [("9" * 4_301, "invalid_json"), ("1e999999", "invalid_json"), ("1E400", "price")],
)
def test_numbers_no_field_takes_are_400s_in_the_seeds_shape(
    api: Api, customer: str, number: str, expected: str
) -> None:
    """The door reads its body with the canonical parser: a number beyond it (or beyond
    every field's range) is a 400 `{"detail"}`, never a 500, and nothing is written."""
    raw = ('[{"customer_id": "customer_123", "name": "Lamp", "price": ' + number + "}]").encode()
    headers = {"Content-Type": "application/json"}
    reply = api.request("POST", "/api/products/upload", customer, raw_body=raw, headers=headers)
    assert reply.status == 400 and set(reply.body) == {"detail"}, reply.body
    if expected == "price":
        assert "price" in reply.body["detail"]
    assert api.request("GET", "/api/products/get", customer).body == []
