"""GET /v1/products/{id}/ (and /compat/004/...) — seed 004's get: one product, in its shape.

With or without the trailing slash; with the product's ETag (If-None-Match: 304)."""

from typing import Annotated

from common.doors import seed004, seed004_products
from common.http import (
    JSON_CONTENT_TYPE,
    Path,
    Query,
    Response,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    ok,
)
from common.jsonio import serialize
from common.preconditions import etag_matches
from common.products import reads

app = build_resolver(error_shape=seed004.error_body, strip_prefixes=[seed004.PREFIX])


@app.get("/v1/products/<product_id>", responses=ok(body=seed004_products.Seed004Product))
def get_product(
    product_id: Annotated[str, Path(max_length=64)],
    test: Annotated[bool | None, Query()] = None,
) -> Response[str]:
    product = reads.get_product(seed004.caller(current_principal(app), test), product_id)
    headers = {"ETag": product.etag}
    if_none_match = app.current_event.headers.get("if-none-match")
    if if_none_match is not None and etag_matches(if_none_match, product.etag):
        return Response(304, body="", headers=headers)
    body = serialize(seed004_products.as_seed004(product))
    return Response(200, JSON_CONTENT_TYPE, body, headers=headers)


lambda_handler = lambda_entrypoint(app)
