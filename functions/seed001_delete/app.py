"""DELETE /api/admin/products/{productId} (and /compat/001/...) — seed 001's delete, answered
{"success": true, "message": "Product successfully deleted", "id"} (If-Match honoured)."""

from typing import Annotated

from common.doors import seed001
from common.http import (
    JSON_CONTENT_TYPE,
    Path,
    Response,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    ok,
)
from common.jsonio import serialize
from common.products import deletion

app = build_resolver(error_shape=seed001.error_body, strip_prefixes=[seed001.PREFIX])


@app.delete("/api/admin/products/<productId>", responses=ok(body=seed001.Deleted))
def delete_product(
    product_id: Annotated[str, Path(alias="productId", max_length=64)],
) -> Response[str]:
    if_match = app.current_event.headers.get("if-match")
    deletion.delete_product(current_principal(app), product_id, if_match)
    return Response(200, JSON_CONTENT_TYPE, serialize(seed001.deleted(product_id)))


lambda_handler = lambda_entrypoint(app)
