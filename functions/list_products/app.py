"""GET /api/v1/products — the catalog, newest first, cursor-paginated."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query

from common.http import build_resolver, current_principal, lambda_entrypoint, list_response
from common.products import service
from common.text import ACCOUNT_ID_PATTERN

app = build_resolver()


@app.get("/api/v1/products")
def list_products(
    limit: Annotated[int, Query(ge=1, le=service.MAX_LIMIT)] = service.DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(min_length=1, max_length=2048)] = None,
    customer_id: Annotated[str | None, Query(pattern=ACCOUNT_ID_PATTERN)] = None,
) -> Response[str]:
    page = service.list_products(current_principal(app), limit, cursor, customer_id)
    pagination = {
        "limit": page.limit,
        "has_next": page.next_cursor is not None,
        "has_prev": cursor is not None,
        "next_cursor": page.next_cursor,
    }
    next_query = None
    if page.next_cursor:
        next_query = {"limit": str(limit), "cursor": page.next_cursor}
        if customer_id:
            next_query["customer_id"] = customer_id
    return list_response(app, [p.public() for p in page.products], pagination, next_query)


lambda_handler = lambda_entrypoint(app)
