"""GET /v1/products/ (and /compat/004/...) — seed 004's list: a page of products, counted.

With or without the trailing slash. `page` and `page_size` are documented as required; left
out, they are 1 and 20, the canonical listing's defaults (docs/seed-mapping.md). The answer
is `{"count", "current_page", "total_pages", "results"}`."""

from typing import Annotated

from common.doors import seed004, seed004_products
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
from common.products.query import DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE, ProductQuery

app = build_resolver(error_shape=seed004.error_body, strip_prefixes=[seed004.PREFIX])


@app.get("/v1/products", responses=ok(body=seed004_products.Seed004Page))
def list_products(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    test: Annotated[bool | None, Query()] = None,
) -> Response[str]:
    principal = seed004.caller(current_principal(app), test)
    query = ProductQuery(limit=page_size, page=page, include_total=True)
    return fit_page(listing.list_products(principal, query, None), _render)


def _render(page: listing.ListingPage) -> tuple[Response[str], list[dict[str, object]]]:
    body = seed004_products.as_page(page)
    return Response(200, JSON_CONTENT_TYPE, serialize(body)), body["results"]


lambda_handler = lambda_entrypoint(app)
