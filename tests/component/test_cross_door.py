"""One catalog behind every door (docs/seed-mapping.md): a product written through any door —
the canonical API, seed 000's upload, seed 001's admin create, seed 003's /compat/003, seed
004's create — is the same product read through every door, with the same name, price, stock
and version; a change made through one door is seen by all, and so is a delete."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tests.moto_gateway import Api, make_client

TENANT, CUSTOMER = "tenant-doors", "customer_123"


@pytest.fixture
def token(api: Api) -> str:
    """A client bound to one customer: seed 000's "authenticated user", everyone else's seller."""
    scopes = ["products:read", "products:write", "inventory:write"]
    return api.token_for(make_client(tenant_id=TENANT, customer_id=CUSTOMER, scopes=scopes))


def _canonical_create(prefix: str) -> Callable[[Api, str, str, str, int], str]:
    def create(api: Api, token: str, name: str, price: str, stock: int) -> str:
        body = {"name": name, "price": float(price), "inventory": stock}
        reply = api.request("POST", f"{prefix}/api/v1/products", token, body)
        assert reply.status == 201, reply.body
        return str(reply.body["data"]["item"]["id"])

    return create


def _seed000_upload(api: Api, token: str, name: str, price: str, stock: int) -> str:
    # The seed's upload has no stock: the product starts with none.
    body = [{"customer_id": CUSTOMER, "name": name, "price": float(price)}]
    reply = api.request("POST", "/api/products/upload", token, body)
    assert reply.status == 200, reply.body
    (product_id,) = reply.body["product_ids"]
    return str(product_id)


def _seed001_create(api: Api, token: str, name: str, price: str, stock: int) -> str:
    body = {"name": name, "price": float(price), "inventory": stock}
    reply = api.request("POST", "/api/admin/products", token, body)
    assert reply.status == 201, reply.body
    return str(reply.body["id"])


def _seed004_create(api: Api, token: str, name: str, price: str, stock: int) -> str:
    body = {"name": name, "price": float(price), "currency": "USD", "stock": stock}
    reply = api.request("POST", "/v1/products/", token, body)
    assert reply.status == 201, reply.body
    return str(reply.body["data"]["id"])


# door -> (how it creates a product, whether its create sets stock)
WRITERS: dict[str, tuple[Callable[[Api, str, str, str, int], str], bool]] = {
    "canonical": (_canonical_create(""), True),
    "seed 000": (_seed000_upload, False),
    "seed 001": (_seed001_create, True),
    "seed 003": (_canonical_create("/compat/003"), True),
    "seed 004": (_seed004_create, True),
}

# What every door shows of a product: name, price, available stock (None where the door
# shows none), ETag (None where the door sends none); None when the door finds no product.
Seen = tuple[str, Decimal, int | None, str | None] | None


def _canonical_read(prefix: str) -> Callable[[Api, str, str], Seen]:
    def read(api: Api, token: str, product_id: str) -> Seen:
        reply = api.request("GET", f"{prefix}/api/v1/products/{product_id}", token)
        if reply.status == 404:
            return None
        assert reply.status == 200, reply.body
        item = reply.body["data"]["item"]
        stock = item["inventory"]["available"]
        return item["name"], _money(item["price"]), stock, reply.headers.get("etag")

    return read


def _seed000_read(api: Api, token: str, product_id: str) -> Seen:
    reply = api.request("GET", f"/api/products/get?product_id={product_id}", token)
    if reply.status == 404:
        assert reply.body == {"detail": "Product not found"}
        return None
    (item,) = reply.body
    return item["name"], _money(item["price"]), None, None


def _seed001_read(api: Api, token: str, product_id: str) -> Seen:
    reply = api.request("GET", f"/api/products/{product_id}", token)
    if reply.status == 404:
        return None
    assert reply.status == 200, reply.body
    body = reply.body
    return body["name"], _money(body["price"]), body["inventory"], reply.headers.get("etag")


def _seed002_read(api: Api, token: str, product_id: str) -> Seen:
    headers = {"tenantId": TENANT, "userId": "USR456", "countryCode": "US"}
    path = f"/compat/002/api/v1/products?productIds={product_id}"
    reply = api.request("GET", path, token, headers=headers)
    if reply.status == 404:  # the seed's answer when nothing matches
        return None
    assert reply.status == 200, reply.body
    (item,) = reply.body["products"]
    assert item["productId"] == product_id
    return item["name"], _money(item["sellingPrice"]), item["quantity"], None


def _seed004_read(api: Api, token: str, product_id: str) -> Seen:
    reply = api.request("GET", f"/v1/products/{product_id}/", token)
    if reply.status == 404:
        return None
    assert reply.status == 200, reply.body
    body = reply.body
    return body["name"], _money(body["price"]), body["stock"], reply.headers.get("etag")


READERS: dict[str, Callable[[Api, str, str], Seen]] = {
    "canonical": _canonical_read(""),
    "seed 000": _seed000_read,
    "seed 001": _seed001_read,
    "seed 002": _seed002_read,
    "seed 003": _canonical_read("/compat/003"),
    "seed 004": _seed004_read,
}


def _money(value: Any) -> Decimal:
    return Decimal(str(value))


def seen_everywhere(api: Api, token: str, product_id: str) -> dict[str, Seen]:
    return {door: read(api, token, product_id) for door, read in READERS.items()}


def assert_same_product(
    seen: dict[str, Seen], name: str, price: str, stock: int, version: int
) -> None:
    for door, found in seen.items():
        assert found is not None, f"{door} does not find the product"
        shown_name, shown_price, shown_stock, etag = found
        assert (shown_name, shown_price) == (name, Decimal(price)), door
        assert shown_stock in (None, stock), (door, shown_stock)
        assert etag in (None, f'"v{version}"'), (door, etag)


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_product_written_through_any_door_is_the_same_through_every_door(
    api: Api, token: str, writer: str
) -> None:
    # Given a product created through one door
    create, sets_stock = WRITERS[writer]
    name = f"Quokka lamp ({writer})"
    product_id = create(api, token, name, "24.99", 7)
    stock = 7 if sets_stock else 0
    # And placed in the US (seed 002's door lists by the caller's countryCode), canonically
    located = api.request(
        "PATCH", f"/api/v1/products/{product_id}", token, {"location": {"country_code": "US"}}
    )
    assert located.status == 200, located.body

    # Then every door shows the same product, at the same version
    assert_same_product(seen_everywhere(api, token, product_id), name, "24.99", stock, 2)

    # When seed 001 changes its price and stock, and seed 004 its name
    patched = api.request(
        "PATCH", f"/api/admin/products/{product_id}", token, {"price": 19.5, "inventory": 3}
    )
    assert patched.status == 200, patched.body
    renamed = api.request("PUT", f"/v1/products/{product_id}", token, {"name": f"{name}, renamed"})
    assert renamed.status == 200, renamed.body

    # Then every door sees both changes
    assert_same_product(seen_everywhere(api, token, product_id), f"{name}, renamed", "19.5", 3, 4)

    # And the stock reserved through the canonical API is gone from every door's available
    reserved = api.request(
        "POST",
        f"/api/v1/products/{product_id}/inventory",
        token,
        {"operation": "reserve", "quantity": 2},
    )
    assert reserved.status == 200, reserved.body
    assert_same_product(seen_everywhere(api, token, product_id), f"{name}, renamed", "19.5", 1, 5)


@pytest.mark.parametrize(
    "door, path",
    [
        ("canonical", "/api/v1/products/{id}"),
        ("seed 001", "/api/admin/products/{id}"),
        ("seed 003", "/compat/003/api/v1/products/{id}"),
        ("seed 004", "/v1/products/{id}/"),
    ],
)
def test_a_product_deleted_through_any_door_is_gone_from_every_door(
    api: Api, token: str, door: str, path: str
) -> None:
    product_id = _seed001_create(api, token, f"Short-lived ({door})", "5", 1)
    deleted = api.request("DELETE", path.format(id=product_id), token)
    assert deleted.status in (200, 204), deleted.body
    assert seen_everywhere(api, token, product_id) == dict.fromkeys(READERS)


def test_another_tenant_finds_it_through_no_door(api: Api, token: str) -> None:
    product_id = _seed004_create(api, token, "Ours only", "10", 1)
    stranger = api.token_for(make_client(tenant_id="tenant-stranger", customer_id=CUSTOMER))
    seen = {
        door: read(api, stranger, product_id)
        for door, read in READERS.items()
        if door != "seed 002"  # its tenantId header names our tenant: a 403, tested there
    }
    assert seen == dict.fromkeys(seen)
