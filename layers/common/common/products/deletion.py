"""Deleting a product (docs/decisions.md): conditional on the version read, like every write,
with its audit event in the same transaction. Apart from products/service.py so that the
delete functions never load the input models."""

from common.auth.principal import Principal, Scope
from common.errors import Conflict
from common.preconditions import MAX_WRITE_ATTEMPTS, check_if_match
from common.products.audit import audit_event
from common.products.reads import load_visible
from common.storage.products import repository


def delete_product(principal: Principal, product_id: str, if_match: str | None) -> None:
    """Deleting frees the product's SKUs and lowers its category's count, atomically."""
    principal.require(Scope.PRODUCTS_WRITE)
    for _ in range(MAX_WRITE_ATTEMPTS):
        current = load_visible(principal, product_id)
        check_if_match(if_match, current)
        try:
            repository.delete(current, audit_event(principal, "product.deleted", current, None))
        except repository.VersionMismatch:
            continue  # changed or deleted meanwhile: re-read (404 if gone, 412 if If-Match)
        return
    raise Conflict("The product is being changed by other requests; retry")
