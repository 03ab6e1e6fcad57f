"""PATCH /api/admin/products/{productId} (and /compat/001/...) — seed 001's update: the fields
it names replace the stored ones, the others stay (If-Match honoured)."""

from typing import Annotated

from common.doors import seed001, seed001_products, seed001_writes
from common.http import (
    JSON_CONTENT_TYPE,
    Body,
    Path,
    Response,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    ok,
)
from common.jsonio import serialize

app = build_resolver(error_shape=seed001.error_body, strip_prefixes=[seed001.PREFIX])


@app.patch("/api/admin/products/<productId>", responses=ok(body=seed001_products.Product))
def update_product(
    product_id: Annotated[str, Path(alias="productId", max_length=64)],
    payload: Annotated[seed001_writes.ProductPatch, Body()],
) -> Response[str]:
    principal = current_principal(app)
    if_match = app.current_event.headers.get("if-match")
    product = seed001_writes.update(principal, product_id, payload, if_match)
    body = seed001_products.as_seed001(product, seed001.category_names(principal, [product]))
    return Response(200, JSON_CONTENT_TYPE, serialize(body), headers={"ETag": product.etag})


lambda_handler = lambda_entrypoint(app)
