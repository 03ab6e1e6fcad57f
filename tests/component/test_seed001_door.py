"""Seed 001's door (docs/seed-mapping.md): its documented requests, sent as the seed shows them
(bodies and parameters copied from its document), answered in its shapes, over the one
catalog: the same SKUs, stock, categories, audit trail, idempotency keys and ETags."""

import copy
import json
from typing import Any

import pytest

from local_api.template import ROOT
from tests.moto_gateway import Api, make_client

# The seed's create and update bodies, as its document prints them (checked there:
# tests/tooling/test_seed_clients.py).
_REQUESTS = json.loads((ROOT / "clients" / "seeds" / "seed001_requests.json").read_text())
CREATE, PATCH = _REQUESTS["create"], _REQUESTS["update"]
# "Get All Products": every parameter the seed documents, with its documented values.
LIST_QUERY = "page=1&limit=20&category=bath&search=citrus&sort=price&order=asc"
# The keys of the seed's response examples.
LISTED = {
    "id",
    "name",
    "description",
    "price",
    "images",
    "category",
    "inStock",
    "variants",
    "createdAt",
    "updatedAt",
}
PRODUCT = LISTED | {
    "detailedDescription",
    "tags",
    "ingredients",
    "specifications",
    "inventory",
    "relatedProducts",
}
PREFIXES = ["", "/compat/001"]
STOREFRONT = ["products:read", "products:write", "categories:write"]


@pytest.fixture
def admin(api: Api) -> str:
    """The storefront's admin: a tenant-wide client that may create categories."""
    return api.token_for(make_client(scopes=STOREFRONT))


@pytest.fixture
def seller(api: Api) -> str:
    """A customer-bound client: it writes its own products and no category."""
    return api.token_for(make_client(customer_id="cust-1"))


def without_variants(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "variants"}


def assert_error(reply: Any, status: int, code: str, field: str | None = None) -> None:
    assert reply.status == status, (reply.status, reply.body)
    assert set(reply.body) == {"error", "code", "details"}, reply.body
    assert reply.body["code"] == code and isinstance(reply.body["error"], str)
    if field is not None:
        assert field in [d["field"] for d in reply.body["details"]], reply.body


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_seeds_examples_through_the_door(api: Api, admin: str, prefix: str) -> None:
    # Create Product: the seed's body as written -> 201 with the product
    created = api.request("POST", f"{prefix}/api/admin/products", admin, CREATE)
    assert created.status == 201, created.body
    product = created.body
    assert set(product) == PRODUCT
    assert product["id"].startswith("prod_") and product["inStock"] is True
    assert product["inventory"] == 100  # the variants' 75 + 25, as the seed gives it
    for field in ("name", "description", "detailedDescription", "price", "category", "tags"):
        assert product[field] == CREATE[field], field
    assert product["ingredients"] == CREATE["ingredients"]
    assert product["specifications"] == CREATE["specifications"]
    assert [
        {k: v[k] for k in ("name", "price", "sku", "inventory")} for v in product["variants"]
    ] == (CREATE["variants"])
    assert all(v["id"].startswith("var_") for v in product["variants"])
    assert product["createdAt"] == product["updatedAt"] and product["createdAt"].endswith("Z")
    assert created.headers["location"] == f"{prefix}/api/products/{product['id']}"
    assert created.headers["etag"] == '"v1"'

    # Get All Products: the defaults, then every documented parameter
    listed = api.request("GET", f"{prefix}/api/products", admin)
    assert listed.status == 200 and set(listed.body) == {"products", "pagination"}
    assert listed.body["pagination"] == {"total": 1, "pages": 1, "page": 1, "limit": 20}
    (item,) = listed.body["products"]
    assert set(item) == LISTED
    assert {k: item[k] for k in LISTED - {"variants"}} == {
        k: product[k] for k in LISTED - {"variants"}
    }
    assert item["variants"] == [
        {k: v[k] for k in ("id", "name", "price", "sku")} for v in product["variants"]
    ]
    filtered = api.request("GET", f"{prefix}/api/products?{LIST_QUERY}", admin)
    assert filtered.status == 200, filtered.body
    assert [p["id"] for p in filtered.body["products"]] == [product["id"]]
    assert filtered.body["pagination"] == {"total": 1, "pages": 1, "page": 1, "limit": 20}

    # Get Product
    one = api.request("GET", f"{prefix}/api/products/{product['id']}", admin)
    assert one.status == 200 and one.body == product
    assert one.headers["etag"] == '"v1"'

    # Update Product: the seed's body as written, on a product without variants (with
    # variants, stock is theirs: see test_inventory_beside_variants)
    plain = api.request("POST", f"{prefix}/api/admin/products", admin, without_variants(CREATE))
    assert plain.status == 201, plain.body
    path = f"{prefix}/api/admin/products/{plain.body['id']}"
    updated = api.request("PATCH", path, admin, PATCH)
    assert updated.status == 200, updated.body
    assert updated.body["price"] == 14.99 and updated.body["inventory"] == 85
    assert updated.body["tags"] == PATCH["tags"]
    unchanged = {
        k: v for k, v in plain.body.items() if k not in ("price", "inventory", "tags", "updatedAt")
    }
    assert {k: updated.body[k] for k in unchanged} == unchanged  # the others stay
    assert updated.headers["etag"] == '"v2"'

    # Delete Product
    gone = api.request("DELETE", f"{prefix}/api/admin/products/{product['id']}", admin)
    assert gone.status == 200
    assert gone.body == {
        "success": True,
        "message": "Product successfully deleted",
        "id": product["id"],
    }
    missing = api.request("GET", f"{prefix}/api/products/{product['id']}", admin)
    assert_error(missing, 404, "not_found")
    assert missing.body["error"] == "Product not found"


def test_list_pages_sorts_and_filters(api: Api, admin: str) -> None:
    for index, (name, price, category) in enumerate(
        [
            ("Serenity Candle", 24.99, "candles"),
            ("Calm Candle", 9.5, "Candles"),
            ("Bath Salt", 5, "bath"),
        ]
    ):
        body = {"name": name, "price": price, "category": category, "inventory": index}
        assert api.request("POST", "/api/admin/products", admin, body).status == 201
    # order defaults to asc (oldest first), as the seed says
    names = [p["name"] for p in api.request("GET", "/api/products", admin).body["products"]]
    assert names == ["Serenity Candle", "Calm Candle", "Bath Salt"]
    by_price = api.request("GET", "/api/products?sort=price&order=desc", admin).body
    assert [p["price"] for p in by_price["products"]] == [24.99, 9.5, 5]
    # "candles" and "Candles" name one category (found by its slug)
    candles = api.request("GET", "/api/products?category=Candles&limit=1&page=2", admin).body
    assert [p["name"] for p in candles["products"]] == ["Calm Candle"]
    assert candles["pagination"] == {"total": 2, "pages": 2, "page": 2, "limit": 1}
    assert {p["category"] for p in by_price["products"]} == {"candles", "bath"}
    searched = api.request("GET", "/api/products?search=candle", admin).body
    assert searched["pagination"]["total"] == 2
    nothing = api.request("GET", "/api/products?category=soaps", admin).body
    assert nothing == {
        "products": [],
        "pagination": {"total": 0, "pages": 0, "page": 1, "limit": 20},
    }
    # out of stock is not inStock
    (salt,) = [p for p in by_price["products"] if p["name"] == "Serenity Candle"]
    assert salt["inStock"] is False


def test_errors_are_the_doors(api: Api, admin: str) -> None:
    missing_fields = api.request("POST", "/api/admin/products", admin, {"description": "x"})
    assert_error(missing_fields, 400, "validation_error", "name")
    assert "price" in [d["field"] for d in missing_fields.body["details"]]
    wrong = api.request("POST", "/api/admin/products", admin, {**CREATE, "detailedDescription": 5})
    assert_error(wrong, 400, "validation_error", "detailedDescription")
    read_only = api.request("POST", "/api/admin/products", admin, {**CREATE, "inStock": False})
    assert_error(read_only, 400, "validation_error", "inStock")
    snake = api.request(
        "POST", "/api/admin/products", admin, {**CREATE, "detailed_description": "x"}
    )
    assert_error(snake, 400, "validation_error", "detailed_description")
    related = {**without_variants(CREATE), "relatedProducts": ["x" * 200]}
    assert_error(
        api.request("POST", "/api/admin/products", admin, related),
        400,
        "validation_error",
        "relatedProducts[0]",
    )
    image = {
        **without_variants(CREATE),
        "images": [{"url": "http://example.com/a.jpg", "alt": "a"}],
    }
    assert_error(
        api.request("POST", "/api/admin/products", admin, image),
        400,
        "invalid_image_url",
        "images[0].url",
    )
    too_many = api.request("GET", "/api/products?limit=101", admin)
    assert_error(too_many, 400, "validation_error", "limit")
    unknown = api.request("GET", "/api/products?category_id=cat_1", admin)
    assert_error(unknown, 400, "validation_error", "category_id")
    bad_order = api.request("GET", "/api/products?order=up", admin)
    assert_error(bad_order, 400, "validation_error", "order")
    absent = f"prod_{'0' * 24}"
    assert_error(
        api.request("PATCH", f"/api/admin/products/{absent}", admin, PATCH), 404, "not_found"
    )
    assert_error(api.request("DELETE", f"/api/admin/products/{absent}", admin), 404, "not_found")
    malformed = api.request(
        "POST",
        "/api/admin/products",
        admin,
        raw_body=b"{",
        headers={"Content-Type": "application/json"},
    )
    assert_error(malformed, 400, "invalid_json")
    reader = api.token_for(make_client(scopes=["products:read"]))
    assert_error(api.request("POST", "/api/admin/products", reader, CREATE), 403, "forbidden")
    assert api.request("GET", "/api/products", admin).body["products"] == []  # nothing made


def test_a_taken_sku_is_409(api: Api, admin: str) -> None:
    assert api.request("POST", "/api/admin/products", admin, CREATE).status == 201
    again = api.request("POST", "/compat/001/api/admin/products", admin, CREATE)
    assert_error(again, 409, "duplicate_product")
    assert again.body["details"][0]["field"] in ("variants[0].sku", "variants[1].sku")
    # the canonical API shares the namespace
    canonical = api.request(
        "POST", "/api/v1/products", admin, {"name": "Copy", "price": 1, "sku": "ENE-BB-3P"}
    )
    assert canonical.status == 409 and canonical.body["error"]["code"] == "duplicate_product"
    listed = api.request("GET", "/api/products", admin).body
    assert listed["pagination"]["total"] == 1


def test_categories_are_names_found_or_made_on_first_use(api: Api, admin: str, seller: str) -> None:
    tenant_admin = api.token_for(make_client(scopes=["admin"]))
    first = api.request(
        "POST", "/api/admin/products", admin, {"name": "A", "price": 1, "category": "Bath Bombs"}
    )
    assert first.status == 201 and first.body["category"] == "Bath Bombs"
    categories = api.request("GET", "/api/v1/categories", tenant_admin).body["data"]["items"]
    assert [(c["name"], c["slug"]) for c in categories] == [("Bath Bombs", "bath-bombs")]
    # by its slug or its name again: the same category, none made
    for named in ("bath-bombs", "Bath Bombs", "BATH BOMBS"):
        reply = api.request(
            "POST", "/api/admin/products", admin, {"name": named, "price": 1, "category": named}
        )
        assert reply.status == 201 and reply.body["category"] == "Bath Bombs"
    categories = api.request("GET", "/api/v1/categories", tenant_admin).body["data"]["items"]
    assert len(categories) == 1 and categories[0]["product_count"] == 4
    # the canonical API sees the category's id
    canonical = api.request("GET", f"/api/v1/products/{first.body['id']}", admin).body["data"][
        "item"
    ]
    assert canonical["category_id"] == categories[0]["id"]
    # a customer-bound client uses the tenant's categories, and creates none (docs/decisions.md)
    own = api.request(
        "POST", "/api/admin/products", seller, {"name": "B", "price": 2, "category": "bath-bombs"}
    )
    assert own.status == 201 and own.body["category"] == "Bath Bombs"
    refused = api.request(
        "POST", "/api/admin/products", seller, {"name": "C", "price": 2, "category": "Soaps"}
    )
    assert_error(refused, 403, "forbidden")
    assert "Category 'Soaps' does not exist" in refused.body["error"]
    patched = api.request(
        "PATCH", f"/api/admin/products/{own.body['id']}", seller, {"category": "Soaps"}
    )
    assert_error(patched, 403, "forbidden")
    # a tenant-wide client without categories:write neither
    writer = api.token_for(make_client(scopes=["products:read", "products:write"]))
    assert_error(
        api.request(
            "POST", "/api/admin/products", writer, {"name": "D", "price": 2, "category": "Soaps"}
        ),
        403,
        "forbidden",
    )
    assert len(api.request("GET", "/api/v1/categories", tenant_admin).body["data"]["items"]) == 1
    assert api.request("GET", "/api/products", seller).body["pagination"]["total"] == 1
    # a PATCH moves a product to a new category (made), or out of any (null)
    moved = api.request(
        "PATCH", f"/api/admin/products/{first.body['id']}", admin, {"category": "Soaps"}
    )
    assert moved.status == 200 and moved.body["category"] == "Soaps"
    cleared = api.request(
        "PATCH", f"/api/admin/products/{first.body['id']}", admin, {"category": None}
    )
    assert cleared.status == 200 and cleared.body["category"] is None
    no_slug = api.request(
        "POST", "/api/admin/products", admin, {"name": "E", "price": 2, "category": "蜡烛"}
    )
    assert_error(no_slug, 400, "validation_error", "category")


def test_inventory_is_set_in_the_same_write(api: Api, admin: str) -> None:
    created = api.request(
        "POST", "/api/admin/products", admin, {**without_variants(CREATE), "inventory": 7}
    )
    product_id = created.body["id"]
    canonical = api.request("GET", f"/api/v1/products/{product_id}", admin).body["data"]["item"]
    assert canonical["inventory"] == {"available": 7, "reserved": 0, "total": 7}
    assert canonical["version"] == 1  # one write: the product with its stock
    updated = api.request("PATCH", f"/api/admin/products/{product_id}", admin, PATCH)
    assert updated.status == 200 and updated.headers["etag"] == '"v2"'
    canonical = api.request("GET", f"/api/v1/products/{product_id}", admin).body["data"]["item"]
    assert canonical["inventory"]["available"] == 85 and canonical["price"] == 14.99
    audit_admin = api.token_for(make_client(scopes=["admin"]))
    trail = api.request("GET", f"/api/v1/audit-events?resource_id={product_id}", audit_admin)
    actions = [e["action"] for e in trail.body["data"]["items"]]
    assert sorted(actions) == ["product.created", "product.updated"]  # one event per write
    # a reservation is kept when a PATCH sets the available stock
    reserve = {"operation": "reserve", "quantity": 5}
    reserved = api.request("POST", f"/api/v1/products/{product_id}/inventory", audit_admin, reserve)
    assert reserved.status == 200, reserved.body
    api.request("PATCH", f"/api/admin/products/{product_id}", admin, {"inventory": 10})
    canonical = api.request("GET", f"/api/v1/products/{product_id}", admin).body["data"]["item"]
    assert canonical["inventory"] == {"available": 10, "reserved": 5, "total": 15}


def test_inventory_beside_variants(api: Api, admin: str) -> None:
    """With variants, a product's inventory is their sum: given beside them it must be that
    sum; alone, a PATCH cannot say which variant it means."""
    mismatch = copy.deepcopy(CREATE) | {"inventory": 90}
    assert_error(
        api.request("POST", "/api/admin/products", admin, mismatch),
        400,
        "validation_error",
        "inventory",
    )
    created = api.request("POST", "/api/admin/products", admin, CREATE).body
    path = f"/api/admin/products/{created['id']}"
    refused = api.request("PATCH", path, admin, PATCH)
    assert refused.status == 400 and refused.body["code"] == "validation_error"
    variants = [{"id": v["id"], "name": v["name"], "inventory": 40} for v in created["variants"]]
    restocked = api.request("PATCH", path, admin, {"variants": variants, "inventory": 80})
    assert restocked.status == 200 and restocked.body["inventory"] == 80
    assert [v["inventory"] for v in restocked.body["variants"]] == [40, 40]
    assert [v["sku"] for v in restocked.body["variants"]] == [None, None]  # the named fields


def test_patch_updates_only_the_named_fields(api: Api, admin: str) -> None:
    created = api.request("POST", "/api/admin/products", admin, without_variants(CREATE)).body
    path = f"/api/admin/products/{created['id']}"
    renamed = api.request("PATCH", path, admin, {"specifications": {"weight": "6 oz"}}).body
    assert renamed["specifications"] == {"weight": "6 oz"}  # replaced whole, not merged
    assert {k: renamed[k] for k in ("name", "tags", "category", "inventory")} == {
        k: created[k] for k in ("name", "tags", "category", "inventory")
    }
    cleared = api.request("PATCH", path, admin, {"description": None}).body
    assert (
        cleared["description"] is None
        and cleared["detailedDescription"] == CREATE["detailedDescription"]
    )
    no_name = api.request("PATCH", path, admin, {"name": None})
    assert_error(no_name, 400, "validation_error", "name")
    stale = api.request("PATCH", path, admin, PATCH, headers={"If-Match": '"v1"'})
    assert_error(stale, 412, "precondition_failed")
    fresh = api.request("PATCH", path, admin, PATCH, headers={"If-Match": '"v3"'})
    assert fresh.status == 200, fresh.body
    cached = api.request(
        "GET", f"/api/products/{created['id']}", admin, headers={"If-None-Match": '"v4"'}
    )
    assert cached.status == 304 and cached.headers["etag"] == '"v4"'
    assert_error(
        api.request("DELETE", path, admin, headers={"If-Match": '"v1"'}), 412, "precondition_failed"
    )


def test_one_catalog_through_the_door_and_the_canonical_api(
    api: Api, admin: str, seller: str
) -> None:
    made = api.request(
        "POST", "/api/admin/products", seller, without_variants(CREATE) | {"category": None}
    )
    door_id = made.body["id"]
    canonical = api.request("GET", f"/api/v1/products/{door_id}", seller).body["data"]["item"]
    assert canonical["detailed_description"] == CREATE["detailedDescription"]
    assert canonical["customer_id"] == "cust-1" and canonical["inventory"]["available"] == 100
    assert canonical["specifications"] == CREATE["specifications"]
    # a product written canonically, read through the door
    api.request(
        "POST", "/api/admin/products", admin, {"name": "Seed", "price": 1, "category": "candles"}
    )
    body = {
        "name": "Serenity Candle",
        "price": 24.99,
        "category_id": "candles",
        "images": ["https://example.com/images/candle1.jpg"],
        "related_product_ids": [door_id],
        "variants": [{"name": "Small", "sku": "SER-CAN-S", "inventory": 25}],
    }
    lamp = api.request("POST", "/api/v1/products", seller, body).body["data"]["item"]
    seen = api.request("GET", f"/compat/001/api/products/{lamp['id']}", seller).body
    assert seen["category"] == "candles" and seen["relatedProducts"] == [door_id]
    assert seen["images"] == [{"url": "https://example.com/images/candle1.jpg", "alt": None}]
    assert seen["variants"] == [
        {
            "id": lamp["variants"][0]["id"],
            "name": "Small",
            "price": 24.99,
            "sku": "SER-CAN-S",
            "inventory": 25,
        }
    ]
    # the same isolation: another customer sees neither
    stranger = api.token_for(make_client(customer_id="cust-2"))
    assert api.request("GET", "/api/products", stranger).body["products"] == []
    assert_error(api.request("GET", f"/api/products/{door_id}", stranger), 404, "not_found")
    assert_error(
        api.request("DELETE", f"/api/admin/products/{door_id}", stranger), 404, "not_found"
    )
    # deleted through the door, gone from the canonical API
    assert api.request("DELETE", f"/api/admin/products/{door_id}", seller).status == 200
    assert api.request("GET", f"/api/v1/products/{door_id}", seller).status == 404


def test_creates_honour_idempotency_keys_and_count_against_the_rate_limit(
    api: Api, admin: str
) -> None:
    headers = {"Idempotency-Key": "create-1"}
    first = api.request("POST", "/api/admin/products", admin, CREATE, headers=headers)
    again = api.request("POST", "/api/admin/products", admin, CREATE, headers=headers)
    assert first.status == 201 and again.status == 201 and again.body == first.body
    assert again.headers["idempotent-replayed"] == "true"
    other = api.request(
        "POST", "/api/admin/products", admin, PATCH | {"name": "x"}, headers=headers
    )
    assert_error(other, 422, "idempotency_key_reused")
    assert api.request("GET", "/api/products", admin).body["pagination"]["total"] == 1
    limit = int(first.headers["x-ratelimit-limit"])
    assert int(again.headers["x-ratelimit-remaining"]) == limit - 2
