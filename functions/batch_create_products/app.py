"""POST /api/v1/products/batch — create up to 100 products, all or nothing (seed 000's upload)."""

from typing import Annotated, Any

from common.http import (
    Body,
    Response,
    array_items,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    ok,
    success,
)
from common.idempotency import idempotent_route
from common.products.batch import MAX_BATCH, create_products
from common.products.views import BatchCreated

app = build_resolver(json_body="array")


@app.post("/api/v1/products/batch", responses=ok(data=BatchCreated, status=201))
@idempotent_route(app)
def batch_create(
    products: Annotated[list[dict[str, Any]], Body(min_length=1, max_length=MAX_BATCH)],
) -> Response[str]:
    created = create_products(current_principal(app), products)
    return success(
        app,
        BatchCreated(product_ids=[p.id for p in created], items=[p.public() for p in created]),
        status=201,
    )


# Seed 003: bulk operations count as one request per item against the rate limit.
lambda_handler = lambda_entrypoint(app, request_cost=array_items(MAX_BATCH))
