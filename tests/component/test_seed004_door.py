"""Seed 004's door (docs/seed-mapping.md): every request example of its document, sent as the
seed prints it (bodies copied from it, byte for byte), at the root and under /compat/004, with
and without the trailing slash; answered in its shapes, over the one catalog."""

from collections import Counter
from typing import Any

import pytest

from local_api.template import Template
from tests import grants
from tests.moto_gateway import Api, Reply, make_client
from tests.support import error_code

PREFIXES = ["", "/compat/004"]
SLASHES = ["/", ""]

# The document's request examples, as printed (its curl bodies are these exact texts).
CREATE_EXAMPLE = b"""{
           "name": "Sample Product",
           "description": "This is a sample product",
           "price": 100.0,
           "currency": "CRC",
           "stock": 10,
           "is_physical": true
         }"""
LIST_EXAMPLE = "/v1/products/?page_size=1&page=1"
GET_EXAMPLE = "/v1/products/f9b77185-a62e-4da9-a056-3c7b812ca334/"
UPDATE_EXAMPLE = b"""{
           "name": "Updated Product Name",
           "description": "Updated description",
           "price": 120.0
         }"""
# PUT and DELETE print `{id}` for the product's id.
UPDATE_PATH = DELETE_PATH = "/v1/products/{id}/"
EXAMPLES = 5

JSON = {"Content-Type": "application/json"}
CREATED = {
    "code": 201,
    "title": "Complete registration",
    "content": "The registration was successfully completed.",
    "type": "success",
}
UPDATED = {
    "code": 200,
    "title": "Updated product",
    "content": "The product was successfully updated.",
    "type": "success",
}
DELETED = {
    "code": 200,
    "title": "Product deleted",
    "content": "The product was successfully deleted.",
    "type": "success",
}
# A product's fields, exactly those of the document's examples.
FIELDS = {
    "id", "name", "short_description", "description", "stock", "price", "currency",
    "is_physical", "bar_code", "sku", "recurrence", "images", "payment_link", "created_on",
    "test", "taxes",
}  # fmt: skip
PAGE = {"count", "current_page", "total_pages", "results"}
# Everything the seed's products carry, as a client would send it back.
FULL: dict[str, Any] = {
    "name": "Yoga Plan",
    "short_description": "Six months of classes",
    "description": "Unlimited classes",
    "price": 45.5,
    "currency": "CRC",
    "stock": 3,
    "is_physical": False,
    "bar_code": "7501234567890",
    "sku": "YOGA-6M",
    "recurrence": {"recurrence": "period", "duration_period": 6},
    "images": {
        "default": "https://cdn.example.com/yoga.png",
        "aditional_images": ["https://cdn.example.com/mat.png"],
    },
    "payment_link": False,
    "taxes": [{"name": "iva", "value": 20.0}, {"name": "iva", "value": 13.0}],
}


def path(prefix: str, seed_path: str, slash: str) -> str:
    """The seed's path under `prefix`, its trailing slash as `slash` says (a query kept)."""
    route, _, query = seed_path.partition("?")
    route = route.rstrip("/") + slash
    return f"{prefix}{route}" + (f"?{query}" if query else "")


def send(
    api: Api, method: str, url: str, token: str, raw: bytes | None = None, **headers: str
) -> Reply:
    sent = {**(JSON if raw is not None else {}), **headers}
    return api.request(method, url, token, raw_body=raw, headers=sent)


def assert_error(reply: Reply, status: int, phrase: str, *words: str) -> None:
    """The seed's error shape: {"error": <reason phrase>, "message": "..."}."""
    assert reply.status == status, (reply.status, reply.body)
    assert set(reply.body) == {"error", "message"}, reply.body
    assert reply.body["error"] == phrase, reply.body
    for word in words:
        assert word in reply.body["message"], (word, reply.body)


def assert_product_shape(product: dict[str, Any]) -> None:
    assert set(product) == FIELDS, set(product) ^ FIELDS
    assert set(product["images"]) == {"default", "aditional_images"}
    if product["recurrence"] is not None:
        assert set(product["recurrence"]) == {"recurrence", "duration_period"}
    assert all(set(tax) == {"id", "name", "value"} for tax in product["taxes"])
    assert product["created_on"].endswith("Z") and product["payment_link"] is False


@pytest.fixture
def merchant(api: Api) -> str:
    """A 4Geeks merchant's key: a tenant-wide live client (seed 004 knows no customers)."""
    return api.token_for(make_client(tenant_id="tenant-4g"))


# ------------------------------------------------------------------ the examples -----------
@pytest.mark.parametrize("slash", SLASHES, ids=["slash", "no-slash"])
@pytest.mark.parametrize("prefix", PREFIXES, ids=["root", "compat"])
def test_the_documents_examples(api: Api, merchant: str, prefix: str, slash: str) -> None:
    sent = 0
    # Create a product: 201, the seed's envelope and the new id
    created = send(api, "POST", path(prefix, "/v1/products/", slash), merchant, CREATE_EXAMPLE)
    sent += 1
    assert created.status == 201, created.body
    assert set(created.body) == {*CREATED, "data"} and set(created.body["data"]) == {"id"}
    assert created.body == {**CREATED, "data": {"id": created.body["data"]["id"]}}
    product_id = created.body["data"]["id"]
    assert created.headers["location"] == f"{prefix}/v1/products/{product_id}/"
    second = send(api, "POST", path(prefix, "/v1/products/", slash), merchant, CREATE_EXAMPLE)
    assert second.status == 201

    # Get all products (page_size=1&page=1): one product, counted, on one of two pages
    listed = send(api, "GET", path(prefix, LIST_EXAMPLE, slash), merchant)
    sent += 1
    assert listed.status == 200 and set(listed.body) == PAGE, listed.body
    assert (listed.body["count"], listed.body["current_page"], listed.body["total_pages"]) == (
        2,
        1,
        2,
    )
    (newest,) = listed.body["results"]
    assert_product_shape(newest)
    assert newest["id"] == second.body["data"]["id"]

    # Get a specific product: the document's id is none of ours (404 in the seed's shape)...
    missing = send(api, "GET", path(prefix, GET_EXAMPLE, slash), merchant)
    sent += 1
    assert_error(missing, 404, "Not Found", "f9b77185-a62e-4da9-a056-3c7b812ca334")
    # ...and ours is the product as created
    one = send(api, "GET", path(prefix, f"/v1/products/{product_id}/", slash), merchant)
    assert one.status == 200, one.body
    assert_product_shape(one.body)
    assert one.body == {
        "id": product_id,
        "name": "Sample Product",
        "short_description": None,
        "description": "This is a sample product",
        "stock": 10,
        "price": 100.0,
        "currency": "CRC",
        "is_physical": True,
        "bar_code": None,
        "sku": None,
        "recurrence": None,
        "images": {"default": "", "aditional_images": []},
        "payment_link": False,
        "created_on": one.body["created_on"],
        "test": False,
        "taxes": [],
    }

    # Update a product: the fields named change, the others stay
    url = path(prefix, UPDATE_PATH.replace("{id}", product_id), slash)
    updated = send(api, "PUT", url, merchant, UPDATE_EXAMPLE)
    sent += 1
    assert updated.status == 200 and updated.body == UPDATED, updated.body
    after = send(api, "GET", path(prefix, f"/v1/products/{product_id}", slash), merchant).body
    assert after == {
        **one.body,
        "name": "Updated Product Name",
        "description": "Updated description",
        "price": 120.0,
    }

    # Delete a product
    url = path(prefix, DELETE_PATH.replace("{id}", product_id), slash)
    deleted = send(api, "DELETE", url, merchant)
    sent += 1
    assert deleted.status == 200 and deleted.body == DELETED, deleted.body
    gone = send(api, "GET", path(prefix, f"/v1/products/{product_id}/", slash), merchant)
    assert_error(gone, 404, "Not Found")
    assert sent == EXAMPLES


def test_every_field_of_the_seed_goes_in_and_comes_out(api: Api, merchant: str) -> None:
    created = api.request("POST", "/v1/products/", merchant, FULL)
    assert created.status == 201, created.body
    product_id = created.body["data"]["id"]
    product = api.request("GET", f"/v1/products/{product_id}/", merchant).body
    assert_product_shape(product)
    expected = dict(FULL)
    expected["taxes"] = [{"id": i, **tax} for i, tax in enumerate(FULL["taxes"], start=1)]
    assert {k: product[k] for k in expected} == expected
    assert product["test"] is False

    # The same product through the canonical API, in the catalog's names
    item = api.request("GET", f"/api/v1/products/{product_id}", merchant).body["data"]["item"]
    assert item["barcode"] == "7501234567890" and item["inventory"]["available"] == 3
    assert item["recurrence"] == {"interval": "month", "count": 6}
    assert item["taxes"] == [{"name": "iva", "rate": 20}, {"name": "iva", "rate": 13}]
    assert [(i["url"], i["is_primary"]) for i in item["images"]] == [
        ("https://cdn.example.com/yoga.png", True),
        ("https://cdn.example.com/mat.png", False),
    ]
    assert item["customer_id"] is None  # seed 004 knows no customers: the tenant's own


def test_a_catalog_product_through_the_door(api: Api, merchant: str) -> None:
    """What the door can show of what the canonical API wrote."""
    body = {
        "name": "Weekly Box",
        "price": 12,
        "inventory": 7,
        "recurrence": {"interval": "week", "count": 2},
        "images": [
            {"url": "https://cdn.example.com/a.png", "alt": "front"},
            {"url": "https://cdn.example.com/b.png", "is_primary": True},
        ],
        "taxes": [{"name": "vat", "rate": 8.875}],
        "variants": [],
    }
    made = api.request("POST", "/api/v1/products", merchant, body)
    product_id = made.body["data"]["item"]["id"]
    seen = api.request("GET", f"/compat/004/v1/products/{product_id}/", merchant).body
    assert seen["recurrence"] == {"recurrence": "week", "duration_period": 2}
    assert seen["images"] == {
        "default": "https://cdn.example.com/b.png",
        "aditional_images": ["https://cdn.example.com/a.png"],
    }
    assert seen["taxes"] == [{"id": 1, "name": "vat", "value": 8.875}]
    assert (seen["stock"], seen["price"], seen["currency"]) == (7, 12, "USD")
    listed = api.request("GET", "/v1/products", merchant).body
    assert [p["id"] for p in listed["results"]] == [product_id]
    # A door write keeps what the door cannot show (the images' alt texts) unless it names it
    assert api.request("PUT", f"/v1/products/{product_id}/", merchant, {"stock": 1}).status == 200
    item = api.request("GET", f"/api/v1/products/{product_id}", merchant).body["data"]["item"]
    assert item["images"][0]["alt"] == "front" and item["inventory"]["available"] == 1


def test_put_updates_the_named_fields_only(api: Api, merchant: str) -> None:
    product_id = api.request("POST", "/v1/products/", merchant, FULL).body["data"]["id"]
    url = f"/v1/products/{product_id}/"
    before = api.request("GET", url, merchant).body
    assert api.request("PUT", url, merchant, {"price": 120.0}).body == UPDATED
    assert api.request("GET", url, merchant).body == {**before, "price": 120.0}
    # null puts a field back to its default; the rest stays
    cleared = {"recurrence": None, "images": None, "taxes": None, "bar_code": None}
    assert api.request("PUT", url, merchant, cleared).status == 200
    after = api.request("GET", url, merchant).body
    assert after == {
        **before,
        "price": 120.0,
        "recurrence": None,
        "images": {"default": "", "aditional_images": []},
        "taxes": [],
        "bar_code": None,
    }
    # Images without a default: the first additional one becomes it
    images = {"images": {"aditional_images": ["https://cdn.example.com/1.png"]}}
    assert api.request("PUT", url, merchant, images).status == 200
    assert api.request("GET", url, merchant).body["images"] == {
        "default": "https://cdn.example.com/1.png",
        "aditional_images": [],
    }
    # Every write went to the audit trail, as through the canonical API
    admin = api.token_for(make_client(tenant_id="tenant-4g", scopes=["admin"]))
    trail = api.request("GET", f"/api/v1/audit-events?resource_id={product_id}", admin)
    actions = [event["action"] for event in trail.body["data"]["items"]]
    assert Counter(actions) == {"product.created": 1, "product.updated": 3}


# ------------------------------------------------------------------ errors -----------------
@pytest.mark.parametrize("prefix", PREFIXES, ids=["root", "compat"])
def test_errors_are_the_seeds(api: Api, merchant: str, prefix: str) -> None:
    products = f"{prefix}/v1/products/"
    invalid = api.request("POST", products, merchant, {"description": "nameless"})
    assert_error(invalid, 400, "Bad Request", "name: Field required", "price: Field required")
    for field, value, words in [
        ("id", "prod_0123456789abcdef01234567", ["id: Extra inputs are not permitted"]),
        ("customer_id", "someone", ["customer_id"]),
        ("test", True, ["test"]),
        ("payment_link", True, ["payment_link"]),
        ("taxes", [{"id": 1, "name": "iva", "value": 13}], ["taxes have no ids here"]),
        ("recurrence", {"recurrence": "period", "duration_period": 0}, ["duration_period"]),
        ("recurrence", {"recurrence": "month"}, ["recurrence.recurrence"]),
        ("images", {"default": "http://cdn.example.com/x.png"}, ["images.default", "https"]),
        ("currency", "XYZ", ["currency: must be an ISO 4217"]),
        ("price", 10.001, ["price"]),
    ]:
        reply = api.request("POST", products, merchant, {"name": "Lamp", "price": 10, field: value})
        assert_error(reply, 400, "Bad Request", *words)
    unknown = api.request("GET", f"{products}?limit=5", merchant)
    assert_error(unknown, 400, "Bad Request", "limit: unknown query parameter")
    too_big = api.request("GET", f"{products}?page_size=101", merchant)
    assert_error(too_big, 400, "Bad Request", "page_size")
    not_json = api.request("POST", products, merchant, raw_body=b"{", headers=JSON)
    assert_error(not_json, 400, "Bad Request")
    assert api.request("GET", products, merchant).body["count"] == 0  # nothing was made

    sku = {"name": "Lamp", "price": 10, "sku": "LAMP-1"}
    assert api.request("POST", products, merchant, sku).status == 201
    taken = api.request("POST", products, merchant, sku)
    assert_error(taken, 409, "Conflict", "SKU 'LAMP-1' is already used")
    reader = api.token_for(make_client(tenant_id="tenant-4g", scopes=["products:read"]))
    forbidden = api.request("POST", products, reader, {"name": "Lamp", "price": 1})
    assert_error(forbidden, 403, "Forbidden", "products:write")


def test_etags_and_preconditions(api: Api, merchant: str) -> None:
    product_id = api.request("POST", "/v1/products/", merchant, FULL).body["data"]["id"]
    url = f"/v1/products/{product_id}/"
    read = api.request("GET", url, merchant)
    assert read.headers["etag"] == '"v1"'
    cached = api.request("GET", url, merchant, headers={"If-None-Match": '"v1"'})
    assert cached.status == 304 and cached.raw == b""
    stale = api.request("PUT", url, merchant, {"price": 1}, headers={"If-Match": '"v9"'})
    assert_error(stale, 412, "Precondition Failed")
    fresh = api.request("PUT", url, merchant, {"price": 1}, headers={"If-Match": '"v1"'})
    assert fresh.status == 200 and fresh.headers["etag"] == '"v2"'
    refused = api.request("DELETE", url, merchant, headers={"If-Match": '"v1"'})
    assert_error(refused, 412, "Precondition Failed")
    assert api.request("DELETE", url, merchant, headers={"If-Match": '"v2"'}).status == 200


def test_gateway_refusals_keep_the_canonical_envelope(api: Api) -> None:
    """A missing or bad token is refused by API Gateway's authorizer before the door's
    function runs: its gateway responses are the API's, not per path (docs/seed-mapping.md)."""
    reply = api.request("GET", "/v1/products/")
    assert reply.status == 401 and error_code(reply.body) == "unauthorized"


# ------------------------------------------------------------------ test mode --------------
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
def test_the_test_flag_must_agree_with_the_key(api: Api, merchant: str, method: str) -> None:
    sandbox = api.token_for(make_client(tenant_id="tenant-4g", mode="test"))
    live_id = api.request("POST", "/v1/products/", merchant, FULL).body["data"]["id"]
    url = "/v1/products/" if method in ("GET", "POST") else f"/v1/products/{live_id}/"
    body = {"name": "Lamp", "price": 1} if method in ("POST", "PUT") else None
    live_asks_test = api.request(method, f"{url}?test=true", merchant, body)
    assert_error(live_asks_test, 400, "Bad Request", "live-mode key", "use a test-mode key")
    test_asks_live = api.request(method, f"{url}?test=false", sandbox, body)
    assert_error(test_asks_live, 400, "Bad Request", "test-mode key", "use a live-mode key")
    assert api.request("GET", f"/v1/products/{live_id}/", merchant).body["name"] == "Yoga Plan"


def test_a_test_key_sees_test_data_only(api: Api, merchant: str) -> None:
    sandbox = api.token_for(make_client(tenant_id="tenant-4g", mode="test"))
    live_id = api.request("POST", "/v1/products/?test=false", merchant, FULL).body["data"]["id"]
    made = api.request("POST", "/v1/products/?test=true", sandbox, FULL)
    assert made.status == 201, made.body  # the same SKU: test data is separate
    test_id = made.body["data"]["id"]
    assert api.request("GET", f"/v1/products/{test_id}/?test=true", sandbox).body["test"] is True
    assert_error(api.request("GET", f"/v1/products/{live_id}/", sandbox), 404, "Not Found")
    listed = api.request("GET", "/v1/products/?test=true&page=1&page_size=10", sandbox).body
    assert [p["id"] for p in listed["results"]] == [test_id] and listed["count"] == 1
    live = api.request("GET", "/v1/products/?test=false", merchant).body
    assert [p["id"] for p in live["results"]] == [live_id] and live["results"][0]["test"] is False


# ------------------------------------------------------------------ one catalog ------------
def test_one_catalog_through_both_apis(api: Api) -> None:
    """A product written through the door is the canonical API's, and the other way round,
    with the same isolation: a customer-bound client and another tenant see nothing."""
    merchant = api.token_for(make_client(tenant_id="tenant-4g"))
    door_id = api.request("POST", "/v1/products/", merchant, FULL).body["data"]["id"]
    canonical = api.request("GET", f"/api/v1/products/{door_id}", merchant)
    assert canonical.status == 200 and canonical.body["data"]["item"]["sku"] == "YOGA-6M"
    made = api.request("POST", "/api/v1/products", merchant, {"name": "Desk Lamp", "price": 20})
    lamp_id = made.body["data"]["item"]["id"]
    seen = api.request("GET", f"/compat/004/v1/products/{lamp_id}", merchant).body
    assert (seen["name"], seen["description"], seen["stock"]) == ("Desk Lamp", None, 0)
    # SKUs are the catalog's: the canonical API cannot take the door's
    taken = {"name": "X", "price": 1, "sku": "YOGA-6M"}
    clash = api.request("POST", "/api/v1/products", merchant, taken)
    assert clash.status == 409 and error_code(clash.body) == "duplicate_product"
    # Deleted through the canonical API, gone through the door
    assert api.request("DELETE", f"/api/v1/products/{lamp_id}", merchant).status == 200
    assert_error(api.request("GET", f"/v1/products/{lamp_id}/", merchant), 404, "Not Found")
    stranger = api.token_for(make_client(tenant_id="tenant-other"))
    assert_error(api.request("GET", f"/v1/products/{door_id}/", stranger), 404, "Not Found")
    assert api.request("GET", "/v1/products/", stranger).body["count"] == 0
    seller = api.token_for(make_client(tenant_id="tenant-4g", customer_id="cust-1"))
    assert_error(api.request("GET", f"/v1/products/{door_id}/", seller), 404, "Not Found")
    assert api.request("GET", "/v1/products/", seller).body["results"] == []


def test_defaults_and_pages(api: Api, merchant: str) -> None:
    """`page` and `page_size` are documented as required: left out, they are 1 and 20."""
    for index in range(23):
        body = {"name": f"Item {index}", "price": 1}
        assert api.request("POST", "/v1/products/", merchant, body).status == 201
    first = api.request("GET", "/v1/products/", merchant).body
    assert (first["count"], first["current_page"], first["total_pages"]) == (23, 1, 2)
    assert len(first["results"]) == 20 and first["results"][0]["name"] == "Item 22"
    last = api.request("GET", "/v1/products/?page=2&page_size=20", merchant).body
    assert [p["name"] for p in last["results"]] == ["Item 2", "Item 1", "Item 0"]
    past = api.request("GET", "/v1/products/?page=3&page_size=20", merchant).body
    assert past == {"count": 23, "current_page": 3, "total_pages": 2, "results": []}


# ------------------------------------------------------------------ the same rules ---------
def test_idempotency_keys_and_rate_counting(api: Api, merchant: str) -> None:
    key = {"Idempotency-Key": "4g-create-1"}
    first = send(api, "POST", "/v1/products/", merchant, CREATE_EXAMPLE, **key)
    # The same resource with or without the slash: the same key's record
    again = send(api, "POST", "/v1/products", merchant, CREATE_EXAMPLE, **key)
    assert first.status == 201 and again.body == first.body
    assert again.headers["idempotent-replayed"] == "true"
    other = send(api, "POST", "/v1/products/", merchant, UPDATE_EXAMPLE, **key)
    assert_error(other, 422, "Unprocessable Entity", "Idempotency-Key")
    assert api.request("GET", "/v1/products/", merchant).body["count"] == 1
    limit = int(first.headers["x-ratelimit-limit"])
    assert int(again.headers["x-ratelimit-remaining"]) == limit - 2  # one per request


def dynamodb_calls(api: Api, template: Template, door: bool) -> list[Any]:
    """The DynamoDB operations (action, resource) of a create, list, get, PUT and DELETE
    through the door or the canonical API, request by request, in order (rate counting
    aside), each in a tenant of its own with the same catalog."""
    token = api.token_for(make_client(tenant_id=f"tenant-{door}"))
    base = "/v1/products/" if door else "/api/v1/products"
    seeded = api.request("POST", base, token, {"name": "Seed", "price": 1}).body["data"]
    product_id = seeded.get("id") or seeded["item"]["id"]
    one = f"/v1/products/{product_id}/" if door else f"{base}/{product_id}"
    made = []
    for method, url, body in [
        ("POST", base, {"name": "Lamp", "price": 2, "sku": "LAMP-2"}),
        ("GET", f"{base}?page=1&{'page_size' if door else 'limit'}=5", None),
        ("GET", one, None),
        ("PUT", one, {"price": 3}),
        ("DELETE", one, None),
    ]:
        calls: list[grants.Call] = []
        with grants.recording(calls, template):
            reply = api.request(method, url, token, body)
        assert reply.status in (200, 201), (url, reply.body)
        made.append([(c.action, c.resource) for c in calls if c.resource != "RateLimitTable"])
    return made


def test_the_door_makes_no_dynamodb_call_the_canonical_route_does_not(
    api: Api, template: Template
) -> None:
    through_door = dynamodb_calls(api, template, door=True)
    assert through_door == dynamodb_calls(api, template, door=False)
    assert all(through_door)  # each request was recorded
