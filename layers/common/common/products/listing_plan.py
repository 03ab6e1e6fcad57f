"""The listing planner: which key ranges of which listing index serve a query, and whether
they select exactly its products (then nothing read is rejected). Pure: it reads nothing.

See products/listing.py for the access paths, products/index_walk.py for the walk.
"""

from typing import NamedTuple

from common.auth.principal import Principal
from common.products.models import Product
from common.products.query import ProductQuery, matches
from common.storage.products import index, repository
from common.storage.products.index import STATUSES, Sort

# Sub-categories merged as index ranges; past that the category is checked per product.
MAX_MERGED_CATEGORIES = 10
_HIGHEST = "\U0010ffff"


class Plan(NamedTuple):
    ranges: list[repository.IndexRange]
    # Whether the ranges select exactly the listing (then nothing is rejected but lag).
    exact: bool


class ListingContext(NamedTuple):
    principal: Principal
    query: ProductQuery
    customer_id: str | None
    categories: frozenset[str] | None
    sort: Sort
    descending: bool

    @property
    def statuses(self) -> tuple[str, ...]:
        """The statuses whose ranges may hold the listing: those asked (every one when none
        is; none when status and is_active exclude each other)."""
        return STATUSES if self.query.statuses is None else self.query.statuses

    def accepts(self, product: Product) -> bool:
        return matches(self.query, product, self.customer_id, self.categories)

    def sort_key(self, product: Product) -> str:
        return index.sort_key(product, self.sort)


def plan_listing(ctx: ListingContext) -> Plan:
    """The key ranges that serve the query, and whether they select it exactly."""
    query, sort = ctx.query, ctx.sort
    scope: index.Scope = "c" if ctx.customer_id else "t"
    attribute = "cpk" if ctx.customer_id else "tpk"
    base = index.scope_partition(ctx.principal.mode, ctx.principal.tenant_id, ctx.customer_id)
    served = {"limit", "page", "sort", "order", "customer_id", "include_total"}
    low: str | int | None = None
    high: str | int | None = None
    # Every product item sits in its status's partition: without a status filter, the three.
    by_status = [index.status_partition(base, status) for status in ctx.statuses]
    if sort == "available":
        partitions = by_status
        low, high = query.min_quantity, query.low_stock
        served |= {"min_quantity", "low_stock", "status", "is_active"}
    else:
        categories = sorted(ctx.categories or [])
        if categories and len(categories) <= MAX_MERGED_CATEGORIES:
            partitions = [
                index.category_partition(base, category, status)
                for category in categories
                for status in ctx.statuses
            ]
            served |= {"category_id", "include_subcategories", "status", "is_active"}
        else:
            partitions = by_status
            served |= {"status", "is_active"}
        if sort == "price" and (query.price_min or query.price_max):
            low = index.price_key(query.price_min) if query.price_min else None
            high = index.price_key(query.price_max) + "#" + _HIGHEST if query.price_max else None
            served |= {"price_min", "price_max"}
        if sort == "created_at" and (query.created_from or query.created_to):
            low = query.created_from
            high = f"{query.created_to}#{_HIGHEST}" if query.created_to else None
            served |= {"created_from", "created_to"}
    ranges = [
        repository.IndexRange(
            index_name=index.index_name(scope, sort),
            partition_attribute=attribute,
            partition=partition,
            sort_attribute=index.SORT_ATTRIBUTE[sort],
            low=low,
            high=high,
            descending=ctx.descending,
        )
        for partition in partitions
    ]
    return Plan(ranges=ranges, exact=query.given() <= served)
