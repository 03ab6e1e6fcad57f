"""Who may read and write categories, and the category as the caller sees it.

Categories belong to the tenant (docs/decisions.md#categories): every client of the tenant with
`products:read` (or `categories:write`) reads them; writes need `categories:write` from a
tenant-wide client. Another tenant's or mode's category is a 404, like a missing one.
"""

from common.auth.principal import Principal, Scope
from common.categories.ids import is_category_id
from common.categories.models import Category
from common.errors import Forbidden, NotFound
from common.storage import categories_repository as repository


def not_found(category_id: str) -> NotFound:
    return NotFound(f"Category with ID '{category_id}' does not exist")


def require_read(principal: Principal) -> None:
    if Scope.CATEGORIES_WRITE not in principal.scopes:
        principal.require(Scope.PRODUCTS_READ)


TENANT_WIDE_ONLY = (
    "Categories belong to the tenant: only a client without a customer binding may create, "
    "change or delete them"
)


def require_write(principal: Principal) -> None:
    """`categories:write`, from a client without a customer binding: a category is shared by
    every customer of the tenant, so a seller's client renaming or moving one would change
    the others' catalogs. Checked before anything is read: the same 403 whether the category
    exists or not."""
    principal.require(Scope.CATEGORIES_WRITE)
    if principal.customer_id is not None:
        raise Forbidden(TENANT_WIDE_ONLY)


def as_seen_by(principal: Principal, categories: list[Category]) -> list[Category]:
    """The categories with the caller's `product_count`: the tenant's (on the category item)
    for a tenant-wide client; for a customer-bound one its customer's products only, from
    that customer's counters (one read for the whole page). The others' are not its to see."""
    customer = principal.customer_id
    if customer is None or not categories:
        return categories
    counts = repository.customer_product_counts(
        principal.mode, principal.tenant_id, customer, [c.id for c in categories]
    )
    return [c.model_copy(update={"product_count": counts[c.id]}) for c in categories]


def load(principal: Principal, category_id: str, as_seen: bool = False) -> Category:
    """The stored category; `as_seen`: with the caller's `product_count` (as_seen_by), read
    in the same round trip as the category."""
    category = None
    customer = principal.customer_id if as_seen else None
    if is_category_id(category_id):
        category = repository.get(principal.mode, principal.tenant_id, category_id, customer)
    if category is None:
        raise not_found(category_id)
    return category
