"""Product use cases: ownership and visibility rules, versions, preconditions, merge patch.

Rules (docs/decisions.md):
- A customer-bound client owns and sees only its customer's products; `customer_id` in a body
  must match it (seed 000's 400). A client with no customer binding (admin or tenant-wide)
  acts on the whole tenant and must say which customer a new product belongs to.
- Another tenant's, mode's or (for customer-bound clients) customer's product is a 404.
- Every write bumps `version`; writes are conditional on the version read, so concurrent
  writers never overwrite each other silently (If-Match mismatch -> 412).
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from common.auth.principal import Principal, Scope
from common.clock import iso_timestamp
from common.cursor import decode_cursor, encode_cursor
from common.errors import (
    Conflict,
    InvalidProductData,
    NotFound,
    PreconditionFailed,
    ValidationFailed,
    validation_details,
)
from common.products import repository
from common.products.models import Inventory, Product, ProductInput

# Optimistic-concurrency retries for writes without If-Match before answering 409.
MAX_WRITE_ATTEMPTS = 4
DEFAULT_LIMIT, MAX_LIMIT = 20, 100


@dataclass(frozen=True)
class ProductPage:
    products: list[Product]
    next_cursor: str | None
    limit: int


def new_product_id() -> str:
    return f"prod_{secrets.token_hex(12)}"


def _owner(principal: Principal, requested: str | None) -> str:
    if principal.customer_id:
        if requested is not None and requested != principal.customer_id:
            raise InvalidProductData(
                f"Product customer_id {requested} does not match customer_id "
                f"{principal.customer_id}",
                details=[{"field": "customer_id", "message": "must match the token's customer"}],
            )
        return principal.customer_id
    if requested is None:
        raise ValidationFailed(
            details=[
                {
                    "field": "customer_id",
                    "message": "required for clients that are not bound to a customer",
                }
            ]
        )
    return requested


def _visible(principal: Principal, product: Product | None) -> bool:
    if product is None:
        return False
    return principal.customer_id is None or product.customer_id == principal.customer_id


def _load(principal: Principal, product_id: str) -> Product:
    product = repository.get(principal.mode, principal.tenant_id, product_id)
    if product is None or not _visible(principal, product):
        raise NotFound(f"Product with ID '{product_id}' does not exist")
    return product


def etag_matches(header: str | None, etag: str) -> bool:
    """If-Match / If-None-Match: a list of entity tags or `*` (weak prefixes tolerated)."""
    if header is None:
        return True
    candidates = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in candidates or etag in candidates


def _check_if_match(if_match: str | None, product: Product) -> None:
    if not etag_matches(if_match, product.etag):
        raise PreconditionFailed(
            details={"current_etag": product.etag, "current_version": product.version}
        )


def create_product(principal: Principal, payload: ProductInput) -> Product:
    principal.require(Scope.PRODUCTS_WRITE)
    now = iso_timestamp()
    product = Product(
        id=new_product_id(),
        tenant_id=principal.tenant_id,
        mode=principal.mode,
        version=1,
        created_at=now,
        updated_at=now,
        inventory=Inventory(available=payload.inventory or 0),
        **payload.model_dump(exclude={"inventory", "customer_id"}),
        customer_id=_owner(principal, payload.customer_id),
    )
    repository.insert(product)
    return product


def get_product(principal: Principal, product_id: str) -> Product:
    principal.require(Scope.PRODUCTS_READ)
    return _load(principal, product_id)


def _listing_scope(principal: Principal, customer_id: str | None, limit: int) -> str:
    return f"products|{principal.tenant_id}|{principal.mode}|{customer_id or '*'}|{limit}"


def list_products(
    principal: Principal,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
    customer_id: str | None = None,
) -> ProductPage:
    """Newest first. Customer-bound clients always list their own customer's products."""
    principal.require(Scope.PRODUCTS_READ)
    if principal.customer_id:
        if customer_id not in (None, principal.customer_id):
            raise NotFound("Customer not found")
        customer_id = principal.customer_id
    scope = _listing_scope(principal, customer_id, limit)
    start_key = decode_cursor(cursor, scope) if cursor else None
    page = repository.list_newest_first(
        principal.mode, principal.tenant_id, customer_id, limit, start_key
    )
    next_cursor = encode_cursor(page.last_key, scope) if page.last_key else None
    return ProductPage(products=page.products, next_cursor=next_cursor, limit=limit)


def _write_with_retry(
    principal: Principal,
    product_id: str,
    if_match: str | None,
    change: Callable[[Product], Product],
) -> Product:
    """Read, check If-Match, apply `change`, write conditionally on the version read.

    With If-Match the caller asked for exactly that version: a concurrent change is a 412.
    Without it the change is re-applied to the fresh state, so no update is lost."""
    for _ in range(MAX_WRITE_ATTEMPTS):
        current = _load(principal, product_id)
        _check_if_match(if_match, current)
        updated = change(current)
        try:
            repository.replace(updated, expected_version=current.version)
        except repository.VersionMismatch:
            if if_match is not None:
                latest = _load(principal, product_id)
                _check_if_match(if_match, latest)
            continue
        return updated
    raise Conflict("The product is being changed by other requests; retry")


def _apply_input(principal: Principal, current: Product, payload: ProductInput) -> Product:
    values = payload.model_dump(exclude={"inventory", "customer_id"})
    # Units available follow `inventory` when given; reserved units are never replaced.
    available = current.inventory.available if payload.inventory is None else payload.inventory
    return current.model_copy(
        update={
            **values,
            "customer_id": _owner(principal, payload.customer_id or current.customer_id),
            "inventory": Inventory(available=available, reserved=current.inventory.reserved),
            "version": current.version + 1,
            "updated_at": iso_timestamp(),
        }
    )


def replace_product(
    principal: Principal, product_id: str, payload: ProductInput, if_match: str | None
) -> Product:
    principal.require(Scope.PRODUCTS_WRITE)
    return _write_with_retry(
        principal, product_id, if_match, lambda current: _apply_input(principal, current, payload)
    )


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON merge patch: objects merge recursively, null removes, the rest replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def patch_product(
    principal: Principal, product_id: str, patch: dict[str, Any], if_match: str | None
) -> Product:
    principal.require(Scope.PRODUCTS_WRITE)

    def change(current: Product) -> Product:
        try:
            payload = ProductInput.model_validate(merge_patch(current.writable(), patch))
        except ValidationError as exc:
            raise ValidationFailed(details=validation_details(exc.errors())) from exc
        return _apply_input(principal, current, payload)

    return _write_with_retry(principal, product_id, if_match, change)


def delete_product(principal: Principal, product_id: str, if_match: str | None) -> None:
    principal.require(Scope.PRODUCTS_WRITE)
    for _ in range(MAX_WRITE_ATTEMPTS):
        current = _load(principal, product_id)
        _check_if_match(if_match, current)
        try:
            repository.delete(current)
        except repository.VersionMismatch:
            continue  # changed or deleted meanwhile: re-read (404 if gone, 412 if If-Match)
        return
    raise Conflict("The product is being changed by other requests; retry")
