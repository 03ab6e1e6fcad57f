"""POST /api/v1/products — create one product."""

from typing import Annotated

from common.http import (
    Body,
    Response,
    build_resolver,
    current_principal,
    item_response,
    lambda_entrypoint,
    ok,
)
from common.idempotency import idempotent_route, rendered_once
from common.products import service
from common.products.inputs import ProductInput
from common.products.models import Product as ProductModel
from common.products.views import Product

app = build_resolver()


@rendered_once(app)
def _respond(product: ProductModel) -> Response[str]:
    """The answer, also stored in a keyed request's record by the create's own write."""
    headers = {"ETag": product.etag, "Location": f"/api/v1/products/{product.id}"}
    return item_response(app, product.public(), status=201, headers=headers)


@app.post("/api/v1/products", responses=ok(item=Product, status=201))
@idempotent_route(app, respond=_respond)
def create_product(payload: Annotated[ProductInput, Body()]) -> Response[str]:
    return _respond(service.create_product(current_principal(app), payload))


lambda_handler = lambda_entrypoint(app)
