"""The envelopes every answer wears: success, item, page and error, and the caller they name.

A `Resolver` carries its function's error shape (the canonical envelope, or a seed door's own),
so every error of a function, wherever it is raised, is answered in one shape.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, Self
from urllib.parse import urlencode

import orjson
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import Route
from pydantic import BaseModel

from common.auth.principal import Principal, principal_from_request
from common.clock import iso_timestamp
from common.errors import ApiError
from common.http.limits import fits_in_response, items_that_fit
from common.http.schemas import Pagination
from common.jsonio import serialize
from common.preconditions import etag_matches

JSON_CONTENT_TYPE = "application/json"

# How a function's errors look: the canonical envelope, or a seed door's own error shape.
ErrorShape = Callable[[ApiError, str], Any]


class Resolver(APIGatewayRestResolver):
    """powertools' REST resolver, with the error shape of the API (or door) it serves."""

    def __init__(self, error_shape: ErrorShape, **options: Any) -> None:
        super().__init__(**options)
        self.error_shape = error_shape

    @property
    def registered_routes(self) -> list[Route]:
        """Every route the function registered: powertools keeps no public list of them."""
        return [*self._static_routes, *self._dynamic_routes]


def request_id(app: APIGatewayRestResolver) -> str:
    return str(app.current_event.request_context.request_id)


def current_principal(app: APIGatewayRestResolver) -> Principal:
    """The caller as verified by the authorizer; tenant comes only from there."""
    event = app.current_event
    authorizer = (event.raw_event.get("requestContext") or {}).get("authorizer")
    return principal_from_request(authorizer, event.headers or {})


def _meta(app: APIGatewayRestResolver) -> dict[str, Any]:
    return {"request_id": request_id(app), "timestamp": iso_timestamp()}


def success(
    app: APIGatewayRestResolver,
    data: BaseModel | Mapping[str, Any],
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response[str]:
    """The success envelope around `data`: a response model (http/schemas.py, the views) or
    the values of one (a product's `public()`)."""
    body = {"status": "success", "data": data, "meta": _meta(app)}
    return Response(
        status_code=status,
        content_type=JSON_CONTENT_TYPE,
        body=serialize(body),
        headers=dict(headers or {}),
    )


def item_response(
    app: APIGatewayRestResolver,
    item: BaseModel | Mapping[str, Any],
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response[str]:
    return success(app, {"item": item}, status=status, headers=headers)


def representation(
    app: APIGatewayRestResolver, item: BaseModel | Mapping[str, Any], etag: str
) -> Response[str]:
    """One resource for a GET: 304 when the caller's If-None-Match already has this version."""
    if_none_match = app.current_event.headers.get("if-none-match")
    if if_none_match is not None and etag_matches(if_none_match, etag):
        return Response(status_code=304, body="", headers={"ETag": etag})
    return item_response(app, item, headers={"ETag": etag})


def list_response(
    app: APIGatewayRestResolver,
    items: Sequence[BaseModel | Mapping[str, Any] | orjson.Fragment],
    pagination: Pagination,
    next_query: Mapping[str, str] | None,
) -> Response[str]:
    """A page of a listing, with an RFC 8288 Link to the next page when there is one."""
    headers = {}
    if next_query:
        path = app.current_event.path
        headers["Link"] = f'<{path}?{urlencode(dict(next_query))}>; rel="next"'
    return success(app, {"items": items, "pagination": pagination}, headers=headers)


class CuttablePage(Protocol):
    def first(self, count: int) -> Self:
        """The page cut to its first `count` items, with a cursor to continue after them."""


def fit_page[PageT: CuttablePage](
    page: PageT, render: Callable[[PageT], tuple[Response[str], Sequence[Any]]]
) -> Response[str]:
    """A page of a listing as `render` answers it (the response and the items in it); when
    its body would not fit in Lambda's response, the page cut short to the items that fit,
    with has_next and a cursor, as when a filter's read budget runs out."""
    response, items = render(page)
    if fits_in_response(str(response.body)):
        return response
    return render(page.first(items_that_fit(items)))[0]


def error_body(error: ApiError, request_id: str) -> dict[str, Any]:
    """The error envelope (docs/decisions.md, "Errors and the envelope")."""
    return {
        "status": "error",
        "error": {"code": error.code, "message": error.message, "details": error.details},
        "meta": {"request_id": request_id, "timestamp": iso_timestamp(), **error.meta},
    }


def error_response(app: Resolver, error: ApiError) -> Response[str]:
    return Response(
        status_code=error.status,
        content_type=JSON_CONTENT_TYPE,
        body=serialize(app.error_shape(error, request_id(app))),
        headers=dict(error.headers),
    )
