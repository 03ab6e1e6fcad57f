"""The generated Python client (clients/python: products_api_client, with products_api_auth's
token manager) against the local API: the README's walk-through, with typed answers. Every
response goes through the contract hook (tests/http/contract.py) as an httpx event hook."""

import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from products_api_auth import TokenManager
from products_api_client import AuthenticatedClient
from products_api_client.api.categories import create_category, delete_category, get_category
from products_api_client.api.products import (
    batch_create_products,
    create_product,
    delete_product,
    get_product,
    list_products,
    patch_product,
    product_inventory,
)
from products_api_client.models import (
    BatchCreatedResponse,
    CategoryInput,
    CategoryResponse,
    DeletedResponse,
    ErrorEnvelope,
    ProductInput,
    ProductInputAttributes,
    ProductPageResponse,
    ProductPatch,
    ProductPatchAttributes,
    ProductResponse,
    StockOperation,
    VariantInput,
    VariantInputAttributes,
)
from tests.http.conftest import LocalApi
from tests.http.contract import checked_httpx_args

SELLER_SCOPES = ["products:read", "products:write", "inventory:write"]
Managers = Callable[..., TokenManager]


@pytest.fixture
def managers(local_api: LocalApi, new_client: Any) -> Iterator[Managers]:
    """Token managers of new API clients of one new tenant, their responses checked."""
    tenant = f"tenant-py-{secrets.token_hex(4)}"
    made: list[TokenManager] = []

    def make(**account: Any) -> TokenManager:
        client = new_client(tenant_id=tenant, **account)
        manager = TokenManager(local_api.url, client["client_id"], client["client_secret"],
                               httpx_args=checked_httpx_args())  # fmt: skip
        made.append(manager)
        return manager

    yield make
    for manager in made:
        manager.close()


def test_walk_through(managers: Managers) -> None:
    # 1. A token: the seller is bound to a customer; the editor is tenant-wide (categories).
    seller = managers(customer_id="cust-py", scopes=SELLER_SCOPES)
    editor = managers(scopes=["products:read", "categories:write"])
    assert seller.token() == seller.access_token and seller.refresh_token
    assert seller.scope == "inventory:write products:read products:write"
    api, admin = seller.client(), editor.client()

    # 2. A category.
    made = create_category.sync_detailed(client=admin, body=CategoryInput(name="Candles"))
    assert made.status_code == 201 and isinstance(made.parsed, CategoryResponse)
    category = made.parsed.data.item
    assert category.slug == "candles" and category.product_count == 0

    # 3. A product with variants, in the category, under an Idempotency-Key.
    suffix = secrets.token_hex(3).upper()
    candle = ProductInput(
        name="Serenity Candle",
        price=24.99,
        category_id=category.id,
        low_stock_threshold=5,
        attributes=ProductInputAttributes.from_dict({"scent": "lavender", "burn_hours": 40}),
        variants=[
            VariantInput(name="Small", sku=f"SER-S-{suffix}", inventory=25,
                         attributes=VariantInputAttributes.from_dict({"size": "S"})),
            VariantInput(name="Large", sku=f"SER-L-{suffix}", price=34.99, inventory=20),
        ],
    )  # fmt: skip
    key = f"create-{suffix}"
    created = create_product.sync_detailed(client=api, body=candle, idempotency_key=key)
    assert created.status_code == 201 and isinstance(created.parsed, ProductResponse)
    assert created.headers["ETag"] == '"v1"'
    product = created.parsed.data.item
    assert product.id.startswith("prod_") and product.version == 1
    assert product.customer_id == "cust-py" and product.category_id == category.id
    assert product.attributes.to_dict() == {"scent": "lavender", "burn_hours": 40}
    assert [(v.name, v.price, v.inventory.total) for v in product.variants] == [
        ("Small", 24.99, 25),
        ("Large", 34.99, 20),
    ]
    assert product.variants[0].attributes["size"] == "S"
    assert (product.inventory.available, product.inventory.total) == (45, 45)
    assert product.stock_level == "in_stock" and product.status == "active"
    replayed = create_product.sync_detailed(client=api, body=candle, idempotency_key=key)
    assert isinstance(replayed.parsed, ProductResponse)  # the same answer, not a second product
    assert replayed.parsed.data.item.id == product.id
    counted = get_category.sync_detailed(category.id, client=admin)
    assert isinstance(counted.parsed, CategoryResponse) and counted.parsed.data.item.product_count

    # 4. A stock reservation of 3 Large, under an Idempotency-Key: sent twice, reserved once.
    large = product.variants[1]
    reserve = StockOperation(operation="reserve", quantity=3, variant_id=large.id)
    for _ in range(2):
        reserved = product_inventory.sync_detailed(
            product.id, client=api, body=reserve, idempotency_key=f"order-{suffix}-reserve"
        )
        assert reserved.status_code == 200 and isinstance(reserved.parsed, ProductResponse)
        item = reserved.parsed.data.item
        assert (item.inventory.available, item.inventory.reserved, item.inventory.total) == (
            42,
            3,
            45,
        )
        assert (item.variants[1].inventory.available, item.variants[1].inventory.reserved) == (
            17,
            3,
        )
    assert item.version == 2
    too_many = StockOperation(operation="reserve", quantity=30, variant_id=large.id)
    refused = product_inventory.sync_detailed(product.id, client=api, body=too_many)
    assert refused.status_code == 400 and isinstance(refused.parsed, ErrorEnvelope)
    assert refused.parsed.error.code == "inventory_error"

    # 5. The listing, two pages with a cursor.
    batch = batch_create_products.sync_detailed(
        client=api, body=[ProductInput(name="Wick Trimmer", price=9.5),
                          ProductInput(name="Snuffer", price=12.0)],
    )  # fmt: skip
    assert batch.status_code == 201 and isinstance(batch.parsed, BatchCreatedResponse)
    everything = {product.id, *batch.parsed.data.product_ids}
    first = list_products.sync_detailed(client=api, limit=2)
    assert first.status_code == 200 and isinstance(first.parsed, ProductPageResponse)
    page = first.parsed.data
    assert len(page.items) == 2 and page.pagination.has_next and page.pagination.next_cursor
    second = list_products.sync_detailed(client=api, limit=2, cursor=page.pagination.next_cursor)
    assert second.status_code == 200 and isinstance(second.parsed, ProductPageResponse)
    last = second.parsed.data
    assert len(last.items) == 1 and not last.pagination.has_next
    assert last.pagination.next_cursor is None
    assert {p.id for p in [*page.items, *last.items]} == everything

    # 6. A merge patch with If-Match: null removes a key; a stale If-Match is refused. (18.75:
    # the contract hook's jsonschema refuses 19.99 against `multipleOf: 0.01`, a float artefact.)
    patch = ProductPatch(
        price=18.75,
        attributes=ProductPatchAttributes.from_dict({"burn_hours": None, "color": "white"}),
    )
    patched = patch_product.sync_detailed(product.id, client=api, body=patch, if_match='"v2"')
    assert patched.status_code == 200 and isinstance(patched.parsed, ProductResponse)
    assert patched.headers["ETag"] == '"v3"'
    changed = patched.parsed.data.item
    assert changed.price == 18.75 and changed.version == 3
    assert changed.attributes.to_dict() == {"scent": "lavender", "color": "white"}
    stale = patch_product.sync_detailed(product.id, client=api, body=patch, if_match='"v2"')
    assert stale.status_code == 412 and isinstance(stale.parsed, ErrorEnvelope)
    assert stale.parsed.error.code == "precondition_failed"
    assert stale.parsed.meta.request_id == stale.headers["X-Request-Id"]

    # 7. Delete it (If-Match), then 8. it is gone.
    deleted = delete_product.sync_detailed(product.id, client=api, if_match='"v3"')
    assert deleted.status_code == 200 and isinstance(deleted.parsed, DeletedResponse)
    assert deleted.parsed.data.item.id == product.id and deleted.parsed.data.item.deleted
    missing = get_product.sync_detailed(product.id, client=api)
    assert missing.status_code == 404 and isinstance(missing.parsed, ErrorEnvelope)
    assert missing.parsed.error.code == "not_found"
    emptied = delete_category.sync_detailed(category.id, client=admin)
    assert emptied.status_code == 200 and isinstance(emptied.parsed, DeletedResponse)


def test_errors_are_typed(managers: Managers) -> None:
    api = managers(scopes=SELLER_SCOPES).client()
    invalid = create_product.sync_detailed(client=api, body=ProductInput(name="", price=-1))
    assert invalid.status_code == 400 and isinstance(invalid.parsed, ErrorEnvelope)
    assert invalid.parsed.error.code == "validation_error"
    details = invalid.parsed.error.details
    assert isinstance(details, list)
    assert {detail.field for detail in details} >= {"name", "price"}  # FieldProblem
    forbidden = create_category.sync_detailed(client=api, body=CategoryInput(name="Mine"))
    assert forbidden.status_code == 403 and isinstance(forbidden.parsed, ErrorEnvelope)
    assert forbidden.parsed.error.code == "forbidden"


def _listed(api: AuthenticatedClient) -> None:
    answer = list_products.sync_detailed(client=api)
    assert answer.status_code == 200 and isinstance(answer.parsed, ProductPageResponse)


def test_token_manager_renews(managers: Managers) -> None:
    tokens = managers(scopes=SELLER_SCOPES)
    api = tokens.client()
    _listed(api)
    old_access, old_refresh = tokens.access_token, tokens.refresh_token

    tokens.refresh_at = 0  # due: the next request refreshes first
    _listed(api)
    assert tokens.access_token not in (None, old_access)
    assert tokens.refresh_token not in (None, old_refresh)

    # A refused token (as if expired server side): 401, renewed, sent again once.
    tokens.access_token = "not-a-jwt"
    _listed(api)
    assert tokens.access_token != "not-a-jwt"

    # A used refresh token revokes its family: the manager falls back to a new grant.
    tokens.refresh_token, tokens.refresh_at = old_refresh, 0
    _listed(api)
    assert tokens.access_token is not None and tokens.refresh_token != old_refresh

    tokens.revoke()
    assert tokens.access_token is None and tokens.refresh_token is None
    _listed(api)  # a new grant
    assert tokens.access_token is not None
