"""POST /api/admin/products (and /compat/001/...) — seed 001's create: its camelCase body,
`category` by name (made on first use), answered 201 with the product."""

from typing import Annotated

from common.doors import seed001, seed001_products, seed001_writes
from common.http import (
    JSON_CONTENT_TYPE,
    Body,
    Response,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    ok,
)
from common.idempotency import idempotent_route
from common.jsonio import serialize

app = build_resolver(error_shape=seed001.error_body, strip_prefixes=[seed001.PREFIX])


@app.post("/api/admin/products", responses=ok(body=seed001_products.Product, status=201))
@idempotent_route(app)
def create_product(payload: Annotated[seed001_writes.ProductCreate, Body()]) -> Response[str]:
    principal = current_principal(app)
    product = seed001_writes.create(principal, payload)
    body = seed001_products.as_seed001(product, seed001.category_names(principal, [product]))
    prefix = seed001.PREFIX if app.current_event.path.startswith(seed001.PREFIX) else ""
    headers = {"ETag": product.etag, "Location": f"{prefix}/api/products/{product.id}"}
    return Response(201, JSON_CONTENT_TYPE, serialize(body), headers=headers)


lambda_handler = lambda_entrypoint(app)
