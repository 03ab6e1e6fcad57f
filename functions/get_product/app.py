"""GET /api/v1/products/{product_id} — one product, with ETag and If-None-Match (304)."""

from typing import Annotated

from common.http import (
    Path,
    Response,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    ok,
    representation,
)
from common.products import reads
from common.products.views import Product

app = build_resolver()


@app.get("/api/v1/products/<product_id>", responses=ok(item=Product))
def get_product(product_id: Annotated[str, Path(max_length=64)]) -> Response[str]:
    product = reads.get_product(current_principal(app), product_id)
    return representation(app, product.public(), product.etag)


lambda_handler = lambda_entrypoint(app)
