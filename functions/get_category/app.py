"""GET /api/v1/categories/{category_id} — one category, with ETag and If-None-Match (304).
For a client bound to a customer, `product_count` counts that customer's products only."""

from typing import Annotated

from common.categories import reads
from common.categories.views import Category
from common.http import (
    Path,
    Response,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    ok,
    representation,
)

app = build_resolver()


@app.get("/api/v1/categories/<category_id>", responses=ok(item=Category))
def get_category(category_id: Annotated[str, Path(max_length=64)]) -> Response[str]:
    category = reads.get_category(current_principal(app), category_id)
    return representation(app, category.public(), category.etag)


lambda_handler = lambda_entrypoint(app)
