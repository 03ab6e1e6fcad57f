"""PUT /api/v1/products/{product_id} — update the fields named, keep the others (If-Match
honoured)."""

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
from common.products import service
from common.products.replacement import ProductUpdate
from common.products.views import Product

app = build_resolver()


@app.put("/api/v1/products/<product_id>", responses=ok(item=Product))
def replace_product(
    product_id: Annotated[str, Path(max_length=64)],
    payload: Annotated[ProductUpdate, Body()],
) -> Response[str]:
    if_match = app.current_event.headers.get("if-match")
    fields = payload.model_dump(exclude_unset=True)
    product = service.replace_product(current_principal(app), product_id, fields, if_match)
    return item_response(app, product.public(), headers={"ETag": product.etag})


lambda_handler = lambda_entrypoint(app)
