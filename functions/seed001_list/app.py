"""GET /api/products (and /compat/001/...) — seed 001's listing: page numbers, `category` by
name, `order` ascending by default, answered as {"products", "pagination"}."""

from typing import Annotated, Any

from common.doors import seed001, seed001_listing, seed001_products
from common.http import (
    JSON_CONTENT_TYPE,
    Query,
    Response,
    build_resolver,
    current_principal,
    fit_page,
    lambda_entrypoint,
    ok,
)
from common.jsonio import serialize
from common.products import listing

app = build_resolver(error_shape=seed001.error_body, strip_prefixes=[seed001.PREFIX])


@app.get("/api/products", responses=ok(body=seed001_products.ProductList))
def list_products(query: Annotated[seed001_listing.ListingQuery, Query()]) -> Response[str]:
    principal = current_principal(app)
    canonical = seed001_listing.listing_query(principal, query)
    if canonical is None:  # no category of that name: nothing matches
        body = seed001_products.product_list([], 0, query.page, query.limit)
        return Response(200, JSON_CONTENT_TYPE, serialize(body))
    page = listing.list_products(principal, canonical, None)
    return fit_page(page, lambda shown: _render(shown, principal))


def _render(page: listing.ListingPage, principal: Any) -> tuple[Response[str], list[Any]]:
    names = seed001.category_names(principal, page.products)
    items = [seed001_products.as_summary(product, names) for product in page.products]
    body = seed001_products.product_list(items, page.total or 0, page.page, page.limit)
    return Response(200, JSON_CONTENT_TYPE, serialize(body)), items


lambda_handler = lambda_entrypoint(app)
