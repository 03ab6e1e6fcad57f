"""The Python client (clients/python) against the local API."""

import secrets
from typing import Any

import pytest

from products_api_client import (
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    ProductsClient,
    ValidationError,
    etag,
)
from tests.http.conftest import LocalApi
from tests.http.contract import checked_session

ALL_SCOPES = ["products:read", "products:write", "inventory:write", "categories:write"]


@pytest.fixture
def tenant() -> str:
    return f"tenant-py-{secrets.token_hex(4)}"


@pytest.fixture
def api(local_api: LocalApi, new_client: Any, tenant: str) -> ProductsClient:
    account = new_client(tenant_id=tenant, customer_id="cust-py", scopes=ALL_SCOPES)
    return ProductsClient(
        local_api.url, account["client_id"], account["client_secret"], session=checked_session()
    )


@pytest.fixture
def editor(local_api: LocalApi, new_client: Any, tenant: str) -> ProductsClient:
    """A tenant-wide client of the same tenant: categories are the tenant's, it writes them."""
    account = new_client(tenant_id=tenant, scopes=["products:read", "categories:write"])
    return ProductsClient(
        local_api.url, account["client_id"], account["client_secret"], session=checked_session()
    )


def test_product_lifecycle(api: ProductsClient) -> None:
    created = api.create_product({"name": "Serenity Candle", "price": 24.99, "inventory": 10})
    assert created["customer_id"] == "cust-py" and created["version"] == 1
    pid = created["id"]
    assert api.get_product(pid) == created

    patched = api.patch_product(pid, {"price": 19.99}, if_match=etag(created))
    assert patched["price"] == 19.99 and patched["version"] == 2
    with pytest.raises(PreconditionFailed) as stale:
        api.patch_product(pid, {"price": 18}, if_match=etag(created))
    assert stale.value.code == "precondition_failed" and stale.value.request_id

    replaced = api.replace_product(pid, {"name": "Serenity Candle L", "price": 34.99})
    assert replaced["name"] == "Serenity Candle L" and replaced["version"] == 3

    reserved = api.reserve(pid, 3)
    assert reserved["inventory"] == {"available": 7, "reserved": 3, "total": 10}
    api.release(pid, 1)
    api.commit(pid, 2)
    api.adjust(pid, 5)
    final = api.set_stock(pid, 4)
    assert final["inventory"] == {"available": 4, "reserved": 0, "total": 4}

    assert api.delete_product(pid, if_match=etag(final)) == {"id": pid, "deleted": True}
    with pytest.raises(NotFound) as missing:
        api.get_product(pid)
    assert missing.value.status == 404 and missing.value.code == "not_found"


def test_iterator_walks_every_page(api: ProductsClient) -> None:
    batch = api.batch_create([{"name": f"Item {n}", "price": 1 + n} for n in range(25)])
    assert len(batch.product_ids) == 25
    first = api.list_products(limit=10)
    assert len(first.items) == 10 and first.has_next and first.next_cursor
    seen = [p["id"] for p in api.iter_products(limit=10)]
    assert sorted(seen) == sorted(batch.product_ids) and len(seen) == 25


def test_idempotent_replay_and_errors(api: ProductsClient) -> None:
    key = f"order-{secrets.token_hex(4)}"
    body = {"name": "Lantern", "price": 12.5, "sku": f"LAN-{secrets.token_hex(3)}"}
    first = api.create_product(body, idempotency_key=key)
    assert api.create_product(body, idempotency_key=key) == first  # replayed, not created twice
    assert [p["id"] for p in api.iter_products()] == [first["id"]]
    with pytest.raises(Conflict) as duplicate:  # a new generated key: a real second create
        api.create_product(body)
    assert duplicate.value.code == "duplicate_product"
    with pytest.raises(ValidationError) as invalid:
        api.create_product({"name": "", "price": -1})
    assert {d["field"] for d in invalid.value.details} >= {"name", "price"}


def test_expired_token_is_renewed(api: ProductsClient) -> None:
    api.list_products()
    old_access, old_refresh = api.tokens.access_token, api.tokens.refresh_token
    api.tokens.expires_at = 0  # force expiry: the next call refreshes first
    api.list_products()
    assert api.tokens.access_token != old_access
    assert api.tokens.refresh_token not in (None, old_refresh)

    # A refused token (as if expired server side) renews and retries once.
    api.tokens.access_token = "not-a-jwt"
    assert api.list_products().items == []

    # A used refresh token revokes its family: the manager falls back to a new grant.
    api.tokens.refresh_token, api.tokens.expires_at = old_refresh, 0
    api.list_products()
    assert api.tokens.access_token is not None

    api.tokens.revoke()
    assert api.tokens.access_token is None
    api.list_products()  # a new grant


def test_categories(api: ProductsClient, editor: ProductsClient) -> None:
    home = editor.create_category({"name": "Home & Living"})
    candles = editor.create_category({"name": "Candles", "parent_id": home["id"]})
    product = api.create_product({"name": "Lavender", "price": 19.5, "category_id": candles["id"]})
    assert api.get_category(candles["id"])["product_count"] == 1
    assert editor.get_category(candles["id"])["product_count"] == 1
    assert [c["id"] for c in api.iter_categories(parent_id=home["id"])] == [candles["id"]]
    for n in range(3):
        editor.create_category({"name": f"Extra {n}"})
    assert len(list(api.iter_categories(limit=2))) == 5
    with pytest.raises(Forbidden):  # the seller's client: categories are the tenant's
        api.patch_category(candles["id"], {"name": "Mine"})
    renamed = editor.patch_category(
        candles["id"], {"name": "Scented Candles"}, if_match=etag(candles)
    )
    assert renamed["name"] == "Scented Candles"
    with pytest.raises(Conflict):
        editor.delete_category(candles["id"])
    api.delete_product(product["id"])
    assert editor.delete_category(candles["id"])["deleted"] is True
    replaced = editor.replace_category(home["id"], {"name": "Home"})
    assert replaced["name"] == "Home"
