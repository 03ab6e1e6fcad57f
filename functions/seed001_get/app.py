"""GET /api/products/{productId} (and /compat/001/...) — seed 001's product, camelCase, with
its ETag (If-None-Match: 304)."""

from typing import Annotated

from common.doors import seed001, seed001_products
from common.http import (
    JSON_CONTENT_TYPE,
    Path,
    Response,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    ok,
)
from common.jsonio import serialize
from common.preconditions import etag_matches
from common.products import reads

app = build_resolver(error_shape=seed001.error_body, strip_prefixes=[seed001.PREFIX])


@app.get("/api/products/<productId>", responses=ok(body=seed001_products.Product))
def get_product(
    product_id: Annotated[str, Path(alias="productId", max_length=64)],
) -> Response[str]:
    principal = current_principal(app)
    product = reads.get_product(principal, product_id)
    if_none_match = app.current_event.headers.get("if-none-match")
    if if_none_match is not None and etag_matches(if_none_match, product.etag):
        return Response(304, body="", headers={"ETag": product.etag})
    body = seed001_products.as_seed001(product, seed001.category_names(principal, [product]))
    return Response(200, JSON_CONTENT_TYPE, serialize(body), headers={"ETag": product.etag})


lambda_handler = lambda_entrypoint(app)
