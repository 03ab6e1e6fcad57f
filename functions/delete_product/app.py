"""DELETE /api/v1/products/{product_id} — delete one product (If-Match honoured)."""

from typing import Annotated

from common.http import (
    Deleted,
    Path,
    Response,
    build_resolver,
    current_principal,
    item_response,
    lambda_entrypoint,
    ok,
)
from common.products import deletion

app = build_resolver()


@app.delete("/api/v1/products/<product_id>", responses=ok(item=Deleted))
def delete_product(product_id: Annotated[str, Path(max_length=64)]) -> Response[str]:
    if_match = app.current_event.headers.get("if-match")
    deletion.delete_product(current_principal(app), product_id, if_match)
    return item_response(app, Deleted(id=product_id, deleted=True))


lambda_handler = lambda_entrypoint(app)
