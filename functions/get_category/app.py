"""GET /api/v1/categories/{category_id} — one category, with ETag and If-None-Match (304)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path

from common.categories import service
from common.http import (
    build_resolver,
    current_principal,
    item_response,
    lambda_entrypoint,
    not_modified,
)
from common.products.service import etag_matches

app = build_resolver()


@app.get("/api/v1/categories/<category_id>")
def get_category(category_id: Annotated[str, Path(max_length=64)]) -> Response[str]:
    category = service.get_category(current_principal(app), category_id)
    if_none_match = app.current_event.headers.get("if-none-match")
    if if_none_match is not None and etag_matches(if_none_match, category.etag):
        return not_modified(category.etag)
    return item_response(app, category.public(), headers={"ETag": category.etag})


lambda_handler = lambda_entrypoint(app)
