"""DELETE /v1/products/{id}/ (and /compat/004/...) — seed 004's delete: the product goes.

With or without the trailing slash; its SKUs are freed; If-Match honoured. The answer is
`{"code": 200, "title": "Product deleted", ...}`."""

from typing import Annotated

from common.doors import seed004
from common.http import (
    JSON_CONTENT_TYPE,
    Path,
    Query,
    Response,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    ok,
)
from common.jsonio import serialize
from common.products import deletion

app = build_resolver(error_shape=seed004.error_body, strip_prefixes=[seed004.PREFIX])


@app.delete("/v1/products/<product_id>", responses=ok(body=seed004.Seed004Message))
def delete_product(
    product_id: Annotated[str, Path(max_length=64)],
    test: Annotated[bool | None, Query()] = None,
) -> Response[str]:
    principal = seed004.caller(current_principal(app), test)
    deletion.delete_product(principal, product_id, app.current_event.headers.get("if-match"))
    return Response(200, JSON_CONTENT_TYPE, serialize(seed004.DELETED))


lambda_handler = lambda_entrypoint(app)
