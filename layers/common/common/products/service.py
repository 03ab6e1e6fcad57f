"""Product creates and updates: ownership, versions, preconditions, merge patch (reads:
products/reads.py; deletes: products/deletion.py; the audit event of every write:
products/audit.py).

Rules (docs/decisions.md):
- A customer-bound client owns and sees only its customer's products; `customer_id` in a body
  must match it (seed 000's 400). A client with no customer binding (admin or tenant-wide)
  acts on the whole tenant and must say which customer a new product belongs to.
- Another tenant's, mode's or (for customer-bound clients) customer's product is a 404
  (products/reads.py).
- Every write bumps `version`; writes are conditional on the version read, so concurrent
  writers never overwrite each other silently (If-Match mismatch -> 412).
- SKUs are unique per tenant and mode across products and variants (409 duplicate_product),
  and a product's category must exist (400 invalid_category_id): both enforced by DynamoDB
  in the product's own transaction.
- Every write records its audit event (common/audit) in that same transaction.
"""

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import ValidationError

from common.auth.principal import Principal, Scope
from common.categories.ids import is_category_id
from common.clock import iso_timestamp
from common.errors import (
    Conflict,
    DuplicateProduct,
    InvalidCategoryId,
    InvalidProductData,
    ValidationFailed,
    from_validation_errors,
)
from common.merge_patch import merge_patch, refuse_unknown_nulls
from common.preconditions import MAX_WRITE_ATTEMPTS, check_if_match
from common.products.audit import audit_event
from common.products.inputs import ProductInput
from common.products.models import Inventory, Product, Variant
from common.products.reads import load_visible
from common.storage.keyed_writes import completing_record
from common.storage.products import repository


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def owner_of(principal: Principal, requested: str | None) -> str | None:
    """The customer a product belongs to. A client without a customer binding may name one,
    or none: the product then belongs to the tenant itself (seen by such clients only)."""
    if principal.customer_id:
        if requested is not None and requested != principal.customer_id:
            raise InvalidProductData(
                f"Product customer_id {requested} does not match customer_id "
                f"{principal.customer_id}",
                details=[{"field": "customer_id", "message": "must match the token's customer"}],
            )
        return principal.customer_id
    return requested


def build_product(
    principal: Principal, payload: ProductInput, current: Product | None = None
) -> Product:
    """The product a create (current=None) or an update of `current` leads to. Reserved units
    are never replaced; stock left out of an update stays as it was."""
    payload = with_category_id(principal, payload)
    invalid = payload.variant_price_errors() + payload.repeats()
    if invalid:
        raise ValidationFailed(details=invalid)
    now = iso_timestamp()
    existing = {v.id: v for v in current.variants} if current else {}
    variants = []
    for index, given in enumerate(payload.variants):
        if given.id is not None and given.id not in existing:
            raise ValidationFailed(
                details=[{"field": f"variants[{index}].id", "message": "no such variant"}]
            )
        before = existing.get(given.id or "")
        stock = before.inventory if before else Inventory()
        if given.inventory is not None:
            stock = Inventory(available=given.inventory, reserved=stock.reserved)
        variants.append(
            Variant(
                id=given.id or new_id("var"),
                name=given.name,
                sku=given.sku,
                price=given.price if given.price is not None else payload.price,
                attributes=given.attributes,
                inventory=stock,
            )
        )
    stock = current.stock if current else Inventory()
    if payload.inventory is not None:
        stock = Inventory(available=payload.inventory, reserved=stock.reserved)
    requested_owner = payload.customer_id or (current.customer_id if current else None)
    fields = payload.model_dump(exclude={"inventory", "customer_id", "variants"})
    return Product(
        **fields,
        id=current.id if current else new_id("prod"),
        tenant_id=principal.tenant_id,
        mode=principal.mode,
        customer_id=owner_of(principal, requested_owner),
        variants=variants,
        stock=stock,
        version=current.version + 1 if current else 1,
        created_at=current.created_at if current else now,
        updated_at=now,
    )


def with_category_id(
    principal: Principal, payload: ProductInput, known: dict[str, str] | None = None
) -> ProductInput:
    """The payload with its `category_id` given by slug ("electronics") replaced by the
    category's id; `known` holds slugs already looked up (a batch names one many times)."""
    given = payload.category_id
    if given is None or is_category_id(given):
        return payload
    found = known.get(given) if known is not None else None
    if found is None:
        # Imported here: only writes that name a category by slug read the slugs.
        from common.storage import categories_repository as categories

        found = categories.id_of_slug(principal.mode, principal.tenant_id, given)
        if found is None:
            raise InvalidCategoryId(
                f"Category '{given}' does not exist",
                details=[{"field": "category_id", "message": "no category has this id or slug"}],
            )
        if known is not None:
            known[given] = found
    return payload.model_copy(update={"category_id": found})


def sku_field(payload: ProductInput, sku: str, prefix: str = "") -> str:
    return prefix + payload.skus().get(sku, "sku")


@contextmanager
def translated_write_errors(payload: ProductInput, prefix: str = "") -> Iterator[None]:
    """What a failed product transaction means to the caller, field by field."""
    try:
        yield
    except repository.SkuTaken as taken:
        raise DuplicateProduct(
            f"SKU '{taken.sku}' is already used by another product",
            details=[
                {
                    "field": sku_field(payload, taken.sku, prefix),
                    "message": "already used in this tenant",
                }
            ],
        ) from taken
    except repository.CategoryMissing as missing:
        raise InvalidCategoryId(
            f"Category '{missing.category_id}' does not exist",
            details=[{"field": f"{prefix}category_id", "message": "no such category"}],
        ) from missing


def create_product(principal: Principal, payload: ProductInput) -> Product:
    """With an Idempotency-Key the transaction also writes the request's record with the
    route's answer (storage/keyed_writes.py completing_record): a retry after a crash is
    answered with it, and a transaction sent again after its answer was lost writes nothing."""
    principal.require(Scope.PRODUCTS_WRITE)
    product = build_product(principal, payload)
    event = audit_event(principal, "product.created", None, product)
    with translated_write_errors(payload):
        repository.insert(product, event, completing_record(product))
    return product


def _write_with_retry(
    principal: Principal,
    product_id: str,
    if_match: str | None,
    change: Callable[[Product], tuple[ProductInput, Product]],
) -> Product:
    """Read, check If-Match, apply `change`, write conditionally on the version read.

    With If-Match the caller asked for exactly that version: a concurrent change is a 412.
    Without it the change is re-applied to the fresh state, so no update is lost."""
    for _ in range(MAX_WRITE_ATTEMPTS):
        current = load_visible(principal, product_id)
        check_if_match(if_match, current)
        payload, updated = change(current)
        if unchanged(current, updated):  # a no-op write changes nothing: no version, no event
            return current
        try:
            with translated_write_errors(payload):
                event = audit_event(principal, "product.updated", current, updated)
                repository.replace(current, updated, event)
        except repository.VersionMismatch:
            if if_match is not None:
                check_if_match(if_match, load_visible(principal, product_id))
            continue
        return updated
    raise Conflict("The product is being changed by other requests; retry")


def writable(product: Product) -> dict[str, Any]:
    """The client-writable view, as a PATCH applies to it. Stock is left out: stock operations
    change it, and a PATCH that does not name it keeps it as it is (and so never validates
    it)."""
    values = product.model_dump(
        mode="python",
        include=set(ProductInput.model_fields) - {"inventory", "variants"},
        exclude_none=True,
    )
    values["variants"] = [
        v.model_dump(exclude={"inventory"}, exclude_none=True) for v in product.variants
    ]
    return values


# What every write moves by itself, so never a change the client asked for.
_BOOKKEEPING = {"version", "updated_at", "indexed_words"}


def unchanged(current: Product, updated: Product) -> bool:
    return current.model_dump(exclude=_BOOKKEEPING) == updated.model_dump(exclude=_BOOKKEEPING)


def replace_product(
    principal: Principal, product_id: str, fields: dict[str, Any], if_match: str | None
) -> Product:
    """PUT: each field named replaces the stored one whole (an object or a list is not merged,
    unlike PATCH), `null` puts it back to its default, and the fields left out stay."""
    principal.require(Scope.PRODUCTS_WRITE)
    named = {key: value for key, value in fields.items() if value is not None}
    cleared = {key for key, value in fields.items() if value is None}

    def change(current: Product) -> tuple[ProductInput, Product]:
        kept = {k: v for k, v in writable(current).items() if k not in cleared}
        return _validated(principal, current, {**kept, **named})

    return _write_with_retry(principal, product_id, if_match, change)


def _validated(
    principal: Principal, current: Product, writable: dict[str, Any]
) -> tuple[ProductInput, Product]:
    """The updated writable view validated as a whole, and the product it makes."""
    try:
        payload = ProductInput.model_validate(writable)
    except ValidationError as exc:
        raise from_validation_errors(exc.errors()) from exc
    return payload, build_product(principal, payload, current)


def patched_writable(current: Product, patch: dict[str, Any]) -> dict[str, Any]:
    """The writable view with the patch applied. `stock` is the patch's name for `inventory`
    (both at once is refused by validation)."""
    patch = dict(patch)
    if "stock" in patch and "inventory" not in patch:
        patch["inventory"] = patch.pop("stock")
    return dict(merge_patch(writable(current), patch))


def patch_product(
    principal: Principal, product_id: str, patch: dict[str, Any], if_match: str | None
) -> Product:
    principal.require(Scope.PRODUCTS_WRITE)

    def change(current: Product) -> tuple[ProductInput, Product]:
        refuse_unknown_nulls(patch, [*ProductInput.model_fields, "stock"])
        return _validated(principal, current, patched_writable(current, patch))

    return _write_with_retry(principal, product_id, if_match, change)
