"""POST /api/v1/categories — create one category. Categories belong to the tenant: a client
bound to a customer gets 403 forbidden."""

from typing import Annotated

from common.categories import service
from common.categories.models import CategoryInput
from common.categories.views import Category
from common.http import (
    Body,
    Response,
    build_resolver,
    current_principal,
    item_response,
    lambda_entrypoint,
    ok,
)

app = build_resolver()


@app.post("/api/v1/categories", responses=ok(item=Category, status=201))
def create_category(payload: Annotated[CategoryInput, Body()]) -> Response[str]:
    category = service.create_category(current_principal(app), payload)
    headers = {"ETag": category.etag, "Location": f"/api/v1/categories/{category.id}"}
    return item_response(app, category.public(), status=201, headers=headers)


lambda_handler = lambda_entrypoint(app)
