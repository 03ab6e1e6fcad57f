"""GET /api/products/get (and /compat/000/...) — seed 000's get: one product by
`product_id`, or the caller's products (`limit`, default 100), as a JSON array."""

from typing import Annotated, Any
from urllib.parse import urlencode

from common.doors import seed000
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
from common.products import listing, reads
from common.products.query import MAX_LIMIT, ProductQuery

app = build_resolver(error_shape=seed000.error_body, strip_prefixes=[seed000.PREFIX])


@app.get("/api/products/get", responses=ok(body=seed000.Seed000Products))
def get_products(
    product_id: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = seed000.DEFAULT_LIMIT,
    # Not in the seed: where the next products are, when the Link header says there are more.
    cursor: Annotated[str | None, Query(min_length=1, max_length=2048)] = None,
) -> Response[str]:
    principal = current_principal(app)
    if product_id is not None:
        product = reads.get_product(principal, product_id)
        return Response(200, JSON_CONTENT_TYPE, serialize([seed000.as_seed000(product)]))
    page = listing.list_products(principal, ProductQuery(limit=limit), cursor)
    return fit_page(page, _render)


def _render(page: listing.ListingPage) -> tuple[Response[str], list[Any]]:
    items = [seed000.as_seed000(product) for product in page.products]
    headers = {}
    if page.next_cursor:
        query = urlencode({"limit": page.limit, "cursor": page.next_cursor})
        headers["Link"] = f'<{app.current_event.path}?{query}>; rel="next"'
    return Response(200, JSON_CONTENT_TYPE, serialize(items), headers=headers), items


lambda_handler = lambda_entrypoint(app)
