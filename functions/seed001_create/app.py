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
from common.idempotency import idempotent_route, rendered_once
from common.jsonio import serialize
from common.products.models import Product as DomainProduct

app = build_resolver(error_shape=seed001.error_body, strip_prefixes=[seed001.PREFIX])


@rendered_once(app)
def _respond(product: DomainProduct) -> Response[str]:
    """The answer, also stored in a keyed request's record by the create's own write."""
    names = seed001.category_names(current_principal(app), [product])
    body = seed001_products.as_seed001(product, names)
    prefix = seed001.PREFIX if app.current_event.path.startswith(seed001.PREFIX) else ""
    headers = {"ETag": product.etag, "Location": f"{prefix}/api/products/{product.id}"}
    return Response(201, JSON_CONTENT_TYPE, serialize(body), headers=headers)


@app.post("/api/admin/products", responses=ok(body=seed001_products.Product, status=201))
@idempotent_route(app, respond=_respond)
def create_product(payload: Annotated[seed001_writes.ProductCreate, Body()]) -> Response[str]:
    return _respond(seed001_writes.create(current_principal(app), payload))


lambda_handler = lambda_entrypoint(app)
