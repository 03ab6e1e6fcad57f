"""PUT /v1/products/{id}/ (and /compat/004/...) — seed 004's update: the fields named change.

With or without the trailing slash. The fields left out stay; `null` puts one back to its
default; If-Match honoured. The answer is `{"code": 200, "title": "Updated product", ...}`."""

from typing import Annotated

from common.doors import seed004, seed004_writes
from common.http import (
    JSON_CONTENT_TYPE,
    Body,
    Path,
    Query,
    Response,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    ok,
)
from common.jsonio import serialize

app = build_resolver(error_shape=seed004.error_body, strip_prefixes=[seed004.PREFIX])


@app.put("/v1/products/<product_id>", responses=ok(body=seed004.Seed004Message))
def update_product(
    product_id: Annotated[str, Path(max_length=64)],
    payload: Annotated[seed004_writes.Seed004ProductUpdate, Body()],
    test: Annotated[bool | None, Query()] = None,
) -> Response[str]:
    principal = seed004.caller(current_principal(app), test)
    if_match = app.current_event.headers.get("if-match")
    product = seed004_writes.update(principal, product_id, payload, if_match)
    headers = {"ETag": product.etag}
    return Response(200, JSON_CONTENT_TYPE, serialize(seed004.UPDATED), headers=headers)


lambda_handler = lambda_entrypoint(app)
