"""PATCH /api/v1/products/{product_id} — JSON merge patch (RFC 7396), If-Match honoured."""

from typing import Annotated, Any

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
from common.products import service
from common.products.views import Product

app = build_resolver()


@app.patch("/api/v1/products/<product_id>", responses=ok(item=Product))
def patch_product(
    product_id: Annotated[str, Path(max_length=64)],
    patch: Annotated[dict[str, Any], Body()],
) -> Response[str]:
    if_match = app.current_event.headers.get("if-match")
    product = service.patch_product(current_principal(app), product_id, patch, if_match)
    return item_response(app, product.public(), headers={"ETag": product.etag})


lambda_handler = lambda_entrypoint(app)
