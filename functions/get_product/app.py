"""GET /api/v1/products/{product_id} — one product, with ETag and If-None-Match (304)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path

from common.http import (
    build_resolver,
    current_principal,
    item_response,
    lambda_entrypoint,
    not_modified,
)
from common.products import service
from common.products.service import etag_matches

app = build_resolver()


@app.get("/api/v1/products/<product_id>")
def get_product(product_id: Annotated[str, Path(max_length=64)]) -> Response[str]:
    product = service.get_product(current_principal(app), product_id)
    if_none_match = app.current_event.headers.get("if-none-match")
    if if_none_match is not None and etag_matches(if_none_match, product.etag):
        return not_modified(product.etag)
    return item_response(app, product.public(), headers={"ETag": product.etag})


lambda_handler = lambda_entrypoint(app)
