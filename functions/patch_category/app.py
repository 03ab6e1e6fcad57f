"""PATCH /api/v1/categories/{category_id} — JSON merge patch (RFC 7396), If-Match honoured.
Categories belong to the tenant: a client bound to a customer gets 403 forbidden."""

from typing import Annotated, Any

from common.categories import service
from common.categories.views import Category
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

app = build_resolver()


@app.patch("/api/v1/categories/<category_id>", responses=ok(item=Category))
def patch_category(
    category_id: Annotated[str, Path(max_length=64)],
    patch: Annotated[dict[str, Any], Body()],
) -> Response[str]:
    if_match = app.current_event.headers.get("if-match")
    category = service.patch_category(current_principal(app), category_id, patch, if_match)
    return item_response(app, category.public(), headers={"ETag": category.etag})


lambda_handler = lambda_entrypoint(app)
