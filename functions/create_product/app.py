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
from common.idempotency import idempotent_route
from common.products import service
from common.products.inputs import ProductInput
from common.products.views import Product

app = build_resolver()


@app.post("/api/v1/products", responses=ok(item=Product, status=201))
@idempotent_route(app)
def create_product(payload: Annotated[ProductInput, Body()]) -> Response[str]:
    product = service.create_product(current_principal(app), payload)
    headers = {"ETag": product.etag, "Location": f"/api/v1/products/{product.id}"}
    return item_response(app, product.public(), status=201, headers=headers)


lambda_handler = lambda_entrypoint(app)
