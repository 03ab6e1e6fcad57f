"""POST /v1/products/ (and /compat/004/...) — seed 004's create: one product, 201 with its id.

With or without the trailing slash. The answer is the seed's envelope, `{"code": 201, "title":
"Complete registration", ..., "data": {"id": ...}}`, with the product's ETag and Location."""

from typing import Annotated

from common.doors import seed004, seed004_writes
from common.http import (
    JSON_CONTENT_TYPE,
    Body,
    Query,
    Response,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    ok,
)
from common.idempotency import idempotent_route, rendered_once
from common.jsonio import serialize
from common.products.models import Product as DomainProduct

app = build_resolver(error_shape=seed004.error_body, strip_prefixes=[seed004.PREFIX])


@rendered_once(app)
def _respond(product: DomainProduct) -> Response[str]:
    """The answer, also stored in a keyed request's record by the create's own write."""
    body = {**seed004.CREATED, "data": {"id": product.id}}
    location = f"{app.current_event.path.rstrip('/')}/{product.id}/"
    headers = {"ETag": product.etag, "Location": location}
    return Response(201, JSON_CONTENT_TYPE, serialize(body), headers=headers)


@app.post("/v1/products", responses=ok(body=seed004_writes.Seed004Created, status=201))
@idempotent_route(app, respond=_respond)
def create_product(
    payload: Annotated[seed004_writes.Seed004ProductIn, Body()],
    test: Annotated[bool | None, Query()] = None,
) -> Response[str]:
    return _respond(seed004_writes.create(seed004.caller(current_principal(app), test), payload))


lambda_handler = lambda_entrypoint(app)
