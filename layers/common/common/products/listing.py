"""GET /api/v1/products: which access path serves a query, and the page it fills
(docs/api.md, docs/data-model.md).

Access paths, first that applies:
  product_ids / sku  the products named (at most 100): one BatchGetItem, sorted in memory
  search             the postings of the rarest word (storage/products/index.py), candidates checked
                     and sorted in memory; a search too broad for that walks an index instead
  index              one or more key ranges of a listing index, merged in sort order:
                     scope (tenant or customer) x status x category, sorted by any sort key,
                     ranged by price, created_at or units available when the sort is that key
                     (sort=available needs low_stock: the stock index is sparse, index.py)

What the access path does not select, `query.matches` checks on each product read. When that
check can reject products, a request examines at most FILTER_BUDGET index keys and may return
a short page with has_next and a cursor to continue: a bounded read, never a walk of the
catalog. Cursors hold the sort key of the last product examined, so a walk neither repeats nor
skips products while others are created or deleted between pages.
"""

import json
from collections.abc import Sequence
from functools import partial
from typing import NamedTuple, Protocol

import orjson

from common.auth.principal import Principal, Scope
from common.cursor import decode_cursor, encode_cursor
from common.errors import NotFound, ValidationFailed
from common.products.index_walk import Walk, walk_index
from common.products.listing_plan import ListingContext, Plan, plan_listing
from common.products.models import Product
from common.products.query import ProductQuery
from common.storage.at_once import at_once
from common.storage.products import counters, repository
from common.storage.products.index import STOCK_INDEX_LEVEL

# Index keys examined per page when filters the index cannot select are given.
FILTER_BUDGET = 200
# include_subcategories follows at most this many sub-categories.
MAX_SUBCATEGORIES = 1000
# Search: postings read per Query, and the most candidates checked for one search.
SEARCH_CHUNK = 200
MAX_SEARCH_CANDIDATES = 500
# include_total on a listing without counters counts at most this many index keys.
COUNT_BUDGET = 10_000


class ListingPage(NamedTuple):
    products: list[Product]
    limit: int
    page: int
    has_next: bool
    next_cursor: str | None
    total: int | None = None
    total_is_exact: bool = True
    # The sort key of each product shown, and the cursors' scope: to cut the page short.
    positions: Sequence[str] = ()
    scope: str = ""

    @property
    def pages(self) -> int | None:
        """How many pages of `limit` the total makes, when the listing counted it."""
        return None if self.total is None else -(-self.total // self.limit)

    def first(self, count: int) -> "ListingPage":
        """The page cut to its first `count` products, continuing right after the last of
        them (a response must stay within Lambda's size limit: common/http/envelope.py fit_page)."""
        if count >= len(self.products):
            return self
        cursor = encode_cursor({"v": self.positions[count - 1], "p": self.page + 1}, self.scope)
        return self._replace(
            products=self.products[:count],
            positions=self.positions[:count],
            has_next=True,
            next_cursor=cursor,
        )


def public_json(product: Product) -> orjson.Fragment:
    """A listed product's representation as JSON, made once per stored version by a warm
    instance (storage/products/parsed.py)."""
    return repository.listed_product.public_json(product)


def list_products(principal: Principal, query: ProductQuery, cursor: str | None) -> ListingPage:
    principal.require(Scope.PRODUCTS_READ)
    if cursor is not None and query.page is not None:
        raise ValidationFailed(
            details=[{"field": "page", "message": "give either page or cursor, not both"}]
        )
    if query.effective_sort == "available" and query.low_stock is None:
        # The stock index holds only the products at or under its level (docs/decisions.md).
        message = f"lists by units available within low_stock (0 to {STOCK_INDEX_LEVEL}): give it"
        raise ValidationFailed(details=[{"field": "sort", "message": message}])
    customer_id = _customer_scope(principal, query.customer_id)
    scope = _cursor_scope(principal, customer_id, query)
    position = decode_cursor(cursor, scope) if cursor else {}
    number = int(position.get("p", query.page or 1))
    after = position.get("v")
    context = _context(principal, query, customer_id)
    # The counters, if the listing has them, are read by the walk: with the ranges' first
    # pages (several ranges), or with the page's products (one range).
    counts = _counts(context)
    skip = 0 if cursor else (number - 1) * query.limit
    wanted = skip + query.limit
    source = _source(context, counts)
    # page=k without a cursor may read k budgets (api.md#listing: O(k x limit)); a cursor reads one.
    budget = FILTER_BUDGET * (1 if cursor else number)
    walk = source.walk(context, after, wanted, budget)
    shown = walk.matches[skip:wanted]
    resume: str | None = None
    if len(walk.matches) > wanted:
        resume = walk.matches[wanted - 1][1]
    elif walk.stopped_at is not None:
        resume = walk.stopped_at
    next_cursor = encode_cursor({"v": resume, "p": number + 1}, scope) if resume else None
    total, exact = None, True
    if counts is not None:  # counted: the total is the sum of its statuses' counts
        found = counts.found if counts.found is not None else counters.read(counts)
        total = sum(found.values())
    elif query.include_total:
        total, exact = source.total(context)
    return ListingPage(
        products=[product for product, _ in shown],
        limit=query.limit,
        page=number,
        has_next=resume is not None,
        next_cursor=next_cursor,
        total=total,
        total_is_exact=exact,
        positions=[position for _, position in shown],
        scope=scope,
    )


def _customer_scope(principal: Principal, requested: str | None) -> str | None:
    """Customer-bound clients always list their own customer's products."""
    if principal.customer_id:
        if requested not in (None, principal.customer_id):
            raise NotFound("Customer not found")
        return principal.customer_id
    return requested


def _cursor_scope(principal: Principal, customer_id: str | None, query: ProductQuery) -> str:
    bound = json.dumps(query.fingerprint(), sort_keys=True, separators=(",", ":"))
    return f"products|{principal.tenant_id}|{principal.mode}|{customer_id or '*'}|{bound}"


def _context(principal: Principal, query: ProductQuery, customer_id: str | None) -> ListingContext:
    wanted_categories = None
    if query.category_id:
        wanted = {query.category_id}
        if query.include_subcategories:
            # Imported here: only sub-category listings read the tree (cold start, performance.md).
            from common.storage import categories_repository as categories

            found = categories.descendants(
                principal.mode, principal.tenant_id, query.category_id, MAX_SUBCATEGORIES
            )
            if found is None:
                raise ValidationFailed(
                    details=[
                        {
                            "field": "include_subcategories",
                            "message": f"more than {MAX_SUBCATEGORIES} sub-categories: "
                            "list them by category_id one at a time",
                        }
                    ]
                )
            wanted |= set(found)
        wanted_categories = frozenset(wanted)
    return ListingContext(
        principal,
        query,
        customer_id,
        wanted_categories,
        query.effective_sort,
        query.descending,
    )


# ------------------------------------------------------------------ sources -----------------
class _Source(Protocol):
    def walk(self, ctx: ListingContext, after: str | None, wanted: int, budget: int) -> Walk:
        """Matches in order after the key `after`: up to wanted + 1, fewer past the budget."""

    def total(self, ctx: ListingContext) -> tuple[int | None, bool]:
        """How many products match (include_total), and whether that count is exact."""


def _source(ctx: ListingContext, counts: counters.Counts | None) -> _Source:
    """`counts`: the listing's counters, when still to read (counted listings walk an index)."""
    query = ctx.query
    if query.product_ids is not None or query.sku is not None:
        return _InMemory(ctx, _named(ctx))
    if query.search_query is not None:
        candidates = _search_candidates(ctx)
        if candidates is not None:
            return _InMemory(ctx, candidates)
    return _Indexed(plan_listing(ctx), counts)


def _named(ctx: ListingContext) -> list[str]:
    """The ids `product_ids` names, or the owners of the `sku` values (both: those in both)."""
    query = ctx.query
    ids = list(query.product_ids or [])
    if query.sku is None:
        return ids
    owners = repository.sku_owners(ctx.principal.mode, ctx.principal.tenant_id, query.sku)
    return [i for i in owners if i in ids] if query.product_ids else owners


def _in_order(
    ctx: ListingContext, products: list[Product], after: str | None
) -> list[tuple[Product, str]]:
    ordered = sorted(
        ((p, ctx.sort_key(p)) for p in products if ctx.accepts(p)),
        key=lambda pair: pair[1],
        reverse=ctx.descending,
    )
    if after is None:
        return ordered
    if ctx.descending:
        return [pair for pair in ordered if pair[1] < after]
    return [pair for pair in ordered if pair[1] > after]


class _InMemory(_Source):
    """A bounded set of candidates (at most 100 named, or one search's): read them all at
    once, then check, sort and cut the page in memory."""

    def __init__(self, ctx: ListingContext, product_ids: list[str]) -> None:
        mode, tenant = ctx.principal.mode, ctx.principal.tenant_id
        self.products = list(repository.get_many(mode, tenant, product_ids, to_show=True).values())

    def walk(self, ctx: ListingContext, after: str | None, wanted: int, budget: int) -> Walk:
        ordered = _in_order(ctx, self.products, after)
        return Walk(matches=ordered[: wanted + 1], examined=len(self.products))

    def total(self, ctx: ListingContext) -> tuple[int | None, bool]:
        return len(_in_order(ctx, self.products, None)), True


class _Indexed(_Source):
    def __init__(self, plan: Plan, counts: counters.Counts | None = None) -> None:
        self.plan = plan
        self.read: dict[str, Product | None] = {}  # the products read, shared by both walks
        self.counts = counts

    def walk(self, ctx: ListingContext, after: str | None, wanted: int, budget: int) -> Walk:
        budget_if_filtered = None if self.plan.exact else budget
        return walk_index(ctx, self.plan, after, wanted, budget_if_filtered, self.read, self.counts)

    def total(self, ctx: ListingContext) -> tuple[int | None, bool]:
        if self.plan.exact:  # the ranges hold exactly the listing: count their keys, at once
            counts = [partial(repository.count_index, r, COUNT_BUDGET) for r in self.plan.ranges]
            counted = sum(at_once(counts))
            return min(counted, COUNT_BUDGET), counted < COUNT_BUDGET
        walk = walk_index(ctx, self.plan, None, COUNT_BUDGET, COUNT_BUDGET, self.read)
        return len(walk.matches), walk.stopped_at is None


# The parameters of the listings the counters count: paging and order, and the filters the
# counters split by (a scope, a category, statuses).
_COUNTED_PARAMETERS = frozenset(
    {"limit", "page", "sort", "order", "include_total"}
    | {"category_id", "status", "is_active", "customer_id"}
)


def _counts(ctx: ListingContext) -> counters.Counts | None:
    """The counters of a listing they count (api.md#listing): one per status asked, in the
    order of `ctx.statuses`, all on one item; else None."""
    if not ctx.query.given() <= _COUNTED_PARAMETERS:
        return None
    mode, tenant = ctx.principal.mode, ctx.principal.tenant_id
    category = ctx.query.category_id
    key: counters.CounterKey
    if ctx.customer_id and category:
        key = (counters.CUSTOMER_CATEGORY, mode, tenant, ctx.customer_id, category)
    elif ctx.customer_id:
        key = (counters.CUSTOMER, mode, tenant, ctx.customer_id)
    elif category:
        key = (counters.CATEGORY, mode, tenant, category)
    else:
        key = (counters.TENANT, mode, tenant)
    return counters.Counts(key, tuple(f"st_{status}" for status in ctx.statuses))


# ------------------------------------------------------------------ search ------------------
def _search_candidates(ctx: ListingContext) -> list[str] | None:
    """The ids of the products that contain the rarest search term, or None when every term
    matches more than MAX_SEARCH_CANDIDATES postings (then an index walk checks the words).

    The terms' postings are read in turns, a chunk each, until one term has no more: it is
    the rarest, and what was read is proportional to its matches, not to the catalog."""
    search = ctx.query.search_query
    assert search is not None
    mode, tenant = ctx.principal.mode, ctx.principal.tenant_id
    found: dict[tuple[str, bool], list[str]] = {term: [] for term in search.terms()}
    after: dict[tuple[str, bool], str | None] = dict.fromkeys(found)
    while True:
        for term, ids_so_far in found.items():
            word, prefix = term
            ids, after[term] = repository.postings(
                mode, tenant, word, prefix, SEARCH_CHUNK, after[term]
            )
            ids_so_far.extend(ids)
            if after[term] is None:
                return list(dict.fromkeys(ids_so_far))
        if all(len(ids) >= MAX_SEARCH_CANDIDATES for ids in found.values()):
            return None
