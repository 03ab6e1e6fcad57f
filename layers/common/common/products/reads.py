"""Product reads: who sees which product, and one product.

A customer-bound client sees only its customer's products; a client without a customer binding
sees the whole tenant's. Another tenant's, mode's or (for customer-bound clients) customer's
product is a 404, like a missing one (docs/decisions.md).

Kept apart from the writes (products/service.py): a function that only reads loads neither the
input models nor the audit trail (cold starts, docs/performance.md).
"""

from common.auth.principal import Principal, Scope
from common.errors import NotFound
from common.products.models import Product
from common.storage.products import repository


def visible(principal: Principal, product: Product | None) -> bool:
    if product is None:
        return False
    return principal.customer_id is None or product.customer_id == principal.customer_id


def not_found(product_id: str) -> NotFound:
    return NotFound(f"Product with ID '{product_id}' does not exist")


def load_visible(principal: Principal, product_id: str) -> Product:
    product = repository.get(principal.mode, principal.tenant_id, product_id)
    if product is None or not visible(principal, product):
        raise not_found(product_id)
    return product


def get_product(principal: Principal, product_id: str) -> Product:
    principal.require(Scope.PRODUCTS_READ)
    return load_visible(principal, product_id)
