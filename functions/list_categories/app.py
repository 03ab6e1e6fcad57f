"""GET /api/v1/categories — the tenant's categories in creation order, or one parent's
children (`parent_id=<id>`) or the top level (`parent_id=root`); by cursor or page number.
For a client bound to a customer, `product_count` counts that customer's products only."""

from typing import Annotated

from common.categories import listing
from common.categories.views import Category
from common.http import (
    Pagination,
    Query,
    Response,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    list_response,
    ok,
)

app = build_resolver()


@app.get("/api/v1/categories", responses=ok(page=Category))
def list_categories(
    limit: Annotated[int, Query(ge=1, le=listing.MAX_LIMIT)] = listing.DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(min_length=1, max_length=2048)] = None,
    page: Annotated[int | None, Query(ge=1, le=listing.MAX_PAGE)] = None,
    parent_id: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
) -> Response[str]:
    result = listing.list_categories(current_principal(app), limit, cursor, page, parent_id)
    pagination = Pagination(
        limit=result.limit,
        has_next=result.next_cursor is not None,
        has_prev=result.page > 1,
        next_cursor=result.next_cursor,
        page=result.page,
        total=result.total,
        pages=result.pages,
    )
    next_query = None
    if result.next_cursor:
        next_query = {"limit": str(limit), "cursor": result.next_cursor}
        if parent_id:
            next_query["parent_id"] = parent_id
    return list_response(app, [c.public() for c in result.categories], pagination, next_query)


lambda_handler = lambda_entrypoint(app)
