"""GET /api/v1/products — the catalog, filtered, searched, sorted and paginated (docs/api.md)."""

from typing import Annotated, Any

from common.http import (
    Header,
    Pagination,
    Query,
    Response,
    build_resolver,
    current_principal,
    fit_page,
    lambda_entrypoint,
    list_response,
    ok,
)
from common.products import listing
from common.products.query import ProductQuery, canonical_parameters
from common.products.validators import COUNTRY_CODE_PATTERN
from common.products.views import Product

app = build_resolver()


@app.get("/api/v1/products", responses=ok(page=Product))
def list_products(
    query: Annotated[ProductQuery, Query()],
    cursor: Annotated[str | None, Query(min_length=1, max_length=2048)] = None,
    # Seed 002 sends the country as a header; the query parameter wins when both are given.
    country_code_header: Annotated[
        str | None, Header(alias="countryCode", pattern=COUNTRY_CODE_PATTERN)
    ] = None,
) -> Response[str]:
    if country_code_header and query.country_code is None:
        query = query.model_copy(update={"country_code": country_code_header})
    result = listing.list_products(current_principal(app), query, cursor)
    return fit_page(result, lambda page: _render(page, cursor))


def _render(result: listing.ListingPage, cursor: str | None) -> tuple[Response[str], list[Any]]:
    counted = result.total is not None
    pagination = Pagination(
        limit=result.limit,
        has_next=result.has_next,
        has_prev=cursor is not None or result.page > 1,
        next_cursor=result.next_cursor,
        page=result.page,
        total=result.total,
        pages=result.pages,
        total_is_lower_bound=True if counted and not result.total_is_exact else None,
    )
    next_query = None
    if result.next_cursor:
        raw = app.current_event.query_string_parameters or {}
        next_query = {k: v for k, v in raw.items() if k not in ("cursor", "page")}
        next_query["cursor"] = result.next_cursor
    items = [listing.public_json(p) for p in result.products]
    return list_response(app, items, pagination, next_query), items


# Seed 002's parameter names are accepted too (productSearch, productDateRange...).
lambda_handler = lambda_entrypoint(app, query_rewrite=canonical_parameters)
