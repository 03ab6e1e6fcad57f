"""PUT /api/v1/categories/{category_id} — replace the writable fields (If-Match honoured).
Categories belong to the tenant: a client bound to a customer gets 403 forbidden."""

from typing import Annotated

from common.categories import service
from common.categories.models import CategoryInput
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


@app.put("/api/v1/categories/<category_id>", responses=ok(item=Category))
def replace_category(
    category_id: Annotated[str, Path(max_length=64)],
    payload: Annotated[CategoryInput, Body()],
) -> Response[str]:
    if_match = app.current_event.headers.get("if-match")
    category = service.replace_category(current_principal(app), category_id, payload, if_match)
    return item_response(app, category.public(), headers={"ETag": category.etag})


lambda_handler = lambda_entrypoint(app)
