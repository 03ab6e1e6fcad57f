"""POST /api/products/upload (and /compat/000/...) — seed 000's upload: a JSON array of up to
100 products, all or nothing, answered with their ids."""

from typing import Annotated

from common.doors import seed000
from common.doors.seed000_writes import Seed000Uploaded, UploadedProduct, upload
from common.http import (
    JSON_CONTENT_TYPE,
    Body,
    Response,
    array_items,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    ok,
)
from common.idempotency import idempotent_route
from common.jsonio import serialize
from common.products.batch import MAX_BATCH

app = build_resolver(
    json_body="array", error_shape=seed000.error_body, strip_prefixes=[seed000.PREFIX]
)


@app.post("/api/products/upload", responses=ok(body=Seed000Uploaded))
@idempotent_route(app)
def upload_products(
    products: Annotated[list[UploadedProduct], Body(min_length=1, max_length=MAX_BATCH)],
) -> Response[str]:
    ids = upload(current_principal(app), products)
    # 200, as the seed's framework (FastAPI, whose `{"detail"}` errors it shows) answers.
    return Response(200, JSON_CONTENT_TYPE, serialize(Seed000Uploaded(product_ids=ids)))


# Bulk operations count as one request per item against the rate limit.
lambda_handler = lambda_entrypoint(app, request_cost=array_items(MAX_BATCH))
