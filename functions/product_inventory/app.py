"""POST /api/v1/products/{product_id}/inventory — adjust, set, reserve, release or commit stock."""

from typing import Annotated

from common.http import (
    Body,
    Path,
    Response,
    build_resolver,
    current_principal,
    item_response,
    lambda_entrypoint,
    ok,
)
from common.idempotency import idempotent_route, rendered_once
from common.products.models import Product as ProductModel
from common.products.stock import StockOperation, apply_stock_operation
from common.products.views import Product

app = build_resolver()


@rendered_once(app)
def _respond(product: ProductModel) -> Response[str]:
    """The answer, also stored in a keyed request's record by the operation's own write."""
    return item_response(app, product.public(), headers={"ETag": product.etag})


@app.post("/api/v1/products/<product_id>/inventory", responses=ok(item=Product))
@idempotent_route(app, respond=_respond)
def change_inventory(
    product_id: Annotated[str, Path(max_length=64)],
    operation: Annotated[StockOperation, Body()],
) -> Response[str]:
    if_match = app.current_event.headers.get("if-match")
    return _respond(apply_stock_operation(current_principal(app), product_id, operation, if_match))


lambda_handler = lambda_entrypoint(app)
