"""HTTP concerns shared by every function, one module a job:

- `resolver`: `build_resolver()`, the resolver every function builds;
- `envelope`: the success, page and error envelopes, and the caller they answer;
- `errors`: every error mapped to a response, once;
- `body`, `parameters`: request bodies and query parameters, checked before routing;
- `entrypoint`: `lambda_entrypoint()`, the Lambda handler (rate limit, metrics, X-Request-Id);
- `limits`: what a request and a response may weigh;
- `schemas`: the response models of the envelopes, and `ok()`, a route's success response;
- `error_schemas`: the error envelope's models, for the documents' generator only.

Handlers import their names from here. They take Response, Body, Path, Query and Header from here
too rather than from powertools, so that `common` (and its lazy powertools packages, see
common/__init__.py) is imported first.
"""

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path, Query

from common.http.entrypoint import array_items, lambda_entrypoint, one_request
from common.http.envelope import (
    JSON_CONTENT_TYPE,
    Resolver,
    current_principal,
    error_body,
    error_response,
    fit_page,
    item_response,
    list_response,
    representation,
    request_id,
    success,
)
from common.http.errors import RETRY_AFTER_SECONDS
from common.http.limits import MAX_BODY_BYTES, MAX_JSON_DEPTH, fits_in_response, items_that_fit
from common.http.resolver import SEED_003_PREFIX, build_resolver
from common.http.schemas import Deleted, Health, Pagination, ok

__all__ = [
    "JSON_CONTENT_TYPE",
    "MAX_BODY_BYTES",
    "MAX_JSON_DEPTH",
    "RETRY_AFTER_SECONDS",
    "SEED_003_PREFIX",
    "Body",
    "Deleted",
    "Header",
    "Health",
    "Pagination",
    "Path",
    "Query",
    "Resolver",
    "Response",
    "array_items",
    "build_resolver",
    "current_principal",
    "error_body",
    "error_response",
    "fit_page",
    "fits_in_response",
    "item_response",
    "items_that_fit",
    "lambda_entrypoint",
    "list_response",
    "ok",
    "one_request",
    "representation",
    "request_id",
    "success",
]
