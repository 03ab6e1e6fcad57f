"""DELETE /api/v1/categories/{category_id} — delete an empty category (If-Match honoured).
A category that still has products or sub-categories is a 409. Categories belong to the
tenant: a client bound to a customer gets 403 forbidden."""

from typing import Annotated

from common.categories import service
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

app = build_resolver()


@app.delete("/api/v1/categories/<category_id>", responses=ok(item=Deleted))
def delete_category(category_id: Annotated[str, Path(max_length=64)]) -> Response[str]:
    if_match = app.current_event.headers.get("if-match")
    service.delete_category(current_principal(app), category_id, if_match)
    return item_response(app, Deleted(id=category_id, deleted=True))


lambda_handler = lambda_entrypoint(app)
