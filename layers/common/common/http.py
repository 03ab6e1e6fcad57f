"""HTTP concerns shared by every function: the resolver, the envelopes and the error mapping.

Each function builds its resolver with `build_resolver()`, so every endpoint answers with the same
success/error envelope (docs/api.md) and every typed error is mapped to a response in one place.
"""

import json
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol, Self
from urllib.parse import parse_qs, urlencode

# Handlers take Response, Body, Path, Query and Header from here rather than from powertools, so
# that `common` (and its lazy powertools package, see common/__init__.py) is imported first.
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler import Response as Response
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.event_handler.openapi.params import Body as Body
from aws_lambda_powertools.event_handler.openapi.params import Header as Header
from aws_lambda_powertools.event_handler.openapi.params import Path as Path
from aws_lambda_powertools.event_handler.openapi.params import Query as Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.metrics.functions import is_metrics_disabled
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel

from common.auth.principal import Principal, principal_from_request
from common.clock import iso_timestamp
from common.errors import (
    ApiError,
    InternalError,
    InvalidJson,
    ItemTooLarge,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    UnsupportedMediaType,
    ValidationFailed,
    from_validation_errors,
)
from common.jsonio import NumberOutOfRange, deserialize, nesting_depth, serialize
from common.observability import annotate_trace, logger, metrics, tracer
from common.preconditions import etag_matches

if TYPE_CHECKING:
    from common.ratelimit import RateLimitStatus

JSON_CONTENT_TYPE = "application/json"
# DynamoDB errors that mean "try again later" once boto3's own retries are spent.
_TRANSIENT_DYNAMODB_ERRORS = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "InternalServerError",
        "ServiceUnavailable",
        "TransactionConflictException",
    }
)
RETRY_AFTER_SECONDS = "1"
# docs/decisions.md#input-limits: bodies over 1 MB are refused (API Gateway's own limit is 10 MB).
MAX_BODY_BYTES = 1_048_576
# JSON nested deeper than this is refused before validation (docs/decisions.md, "Input
# limits"): the deepest valid body, a batch item's variant attribute, is 8 levels deep.
MAX_JSON_DEPTH = 32


JsonBody = Literal["object", "array"]
# Lambda returns at most 6 MB: the proxy response as JSON, with the body escaped inside it.
# A response body stays under this, with room left for the status and headers.
MAX_RESPONSE_BODY = 5_500_000
# What a page's envelope and pagination take besides its items, at most.
_ENVELOPE_ROOM = 16_384


def fits_in_response(body: str) -> bool:
    """Whether `body` fits in Lambda's response once escaped (at most 12 bytes a character:
    a character outside the BMP becomes two \\u escapes)."""
    return len(body) * 12 <= MAX_RESPONSE_BODY or len(json.dumps(body)) <= MAX_RESPONSE_BODY


def items_that_fit(items: Sequence[Any]) -> int:
    """How many of `items`, from the first, one response body can carry (at least one: a
    single resource is far below the limit, as DynamoDB items are 400 KB at most)."""
    budget = MAX_RESPONSE_BODY - _ENVELOPE_ROOM
    for count, item in enumerate(items):
        budget -= len(json.dumps(serialize(item))) + 1
        if budget < 0:
            return max(count, 1)
    return len(items)


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


def _body_parser(expected: JsonBody) -> Callable[[str], Any]:
    """Parses a request body and checks its top-level type. powertools would otherwise take
    the first element of an array sent where one object is expected."""
    expected_type = dict if expected == "object" else list

    def parse(text: str) -> Any:
        too_deep = ValidationFailed(
            details=[
                {"field": "body", "message": f"JSON may nest at most {MAX_JSON_DEPTH} levels deep"}
            ]
        )
        try:
            value = deserialize(text)
        except RecursionError:  # Python's parser gives up near 1,000 levels
            raise too_deep from None
        except NumberOutOfRange as exc:  # malformed JSON goes on to powertools' json_invalid
            raise InvalidJson(details=[{"field": "body", "message": str(exc)}]) from None
        if nesting_depth(value) > MAX_JSON_DEPTH:
            raise too_deep
        if not isinstance(value, expected_type):
            raise ValidationFailed(
                details=[{"field": "body", "message": f"The body must be a JSON {expected}"}]
            )
        return value

    return parse


def _meta(app: APIGatewayRestResolver) -> dict[str, Any]:
    return {"request_id": request_id(app), "timestamp": iso_timestamp()}


def current_principal(app: APIGatewayRestResolver) -> Principal:
    """The caller as verified by the authorizer; tenant comes only from there."""
    event = app.current_event
    authorizer = (event.raw_event.get("requestContext") or {}).get("authorizer")
    return principal_from_request(authorizer, event.headers or {})


def representation(
    app: APIGatewayRestResolver, item: Mapping[str, Any], etag: str
) -> Response[str]:
    """One resource for a GET: 304 when the caller's If-None-Match already has this version."""
    if_none_match = app.current_event.headers.get("if-none-match")
    if if_none_match is not None and etag_matches(if_none_match, etag):
        return Response(status_code=304, body="", headers={"ETag": etag})
    return item_response(app, item, headers={"ETag": etag})


def list_response(
    app: APIGatewayRestResolver,
    items: list[Any],
    pagination: Mapping[str, Any],
    next_query: Mapping[str, str] | None,
) -> Response[str]:
    """A page of a listing, with an RFC 8288 Link to the next page when there is one."""
    headers = {}
    if next_query:
        path = app.current_event.path
        headers["Link"] = f'<{path}?{urlencode(dict(next_query))}>; rel="next"'
    return success(app, {"items": items, "pagination": dict(pagination)}, headers=headers)


def request_id(app: APIGatewayRestResolver) -> str:
    return str(app.current_event.request_context.request_id)


def success(
    app: APIGatewayRestResolver,
    data: Mapping[str, Any],
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response[str]:
    body = {"status": "success", "data": dict(data), "meta": _meta(app)}
    return Response(
        status_code=status,
        content_type=JSON_CONTENT_TYPE,
        body=serialize(body),
        headers=dict(headers or {}),
    )


def item_response(
    app: APIGatewayRestResolver,
    item: Mapping[str, Any],
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response[str]:
    return success(app, {"item": item}, status=status, headers=headers)


def error_body(error: ApiError, request_id: str) -> dict[str, Any]:
    """The error envelope (docs/api.md#conventions)."""
    return {
        "status": "error",
        "error": {"code": error.code, "message": error.message, "details": error.details},
        "meta": {"request_id": request_id, "timestamp": iso_timestamp(), **error.meta},
    }


# How a function's errors look: the canonical envelope, or a seed door's own error shape.
ErrorShape = Callable[[ApiError, str], Any]


class Resolver(APIGatewayRestResolver):
    """powertools' REST resolver, with the error shape of the API (or door) it serves."""

    def __init__(self, error_shape: ErrorShape, **options: Any) -> None:
        super().__init__(**options)
        self.error_shape = error_shape


def error_response(app: Resolver, error: ApiError) -> Response[str]:
    return Response(
        status_code=error.status,
        content_type=JSON_CONTENT_TYPE,
        body=serialize(app.error_shape(error, request_id(app))),
        headers=dict(error.headers),
    )


def _translate_validation_error(exc: RequestValidationError) -> ApiError:
    errors = list(exc.errors())
    if any(err.get("type") == "json_invalid" for err in errors):
        return InvalidJson(details=[{"field": "body", "message": "Malformed JSON"}])
    return from_validation_errors(errors)


# Seed 003's door is the canonical API itself: the canonical functions of the operations seed
# 003 documents are served under /compat/003 too (template.yaml, docs/seed-mapping.md).
SEED_003_PREFIX = "/compat/003"


def build_resolver(
    json_body: JsonBody = "object",
    error_shape: ErrorShape = error_body,
    strip_prefixes: Sequence[str] = (SEED_003_PREFIX,),
) -> Resolver:
    """A REST API resolver with request validation and the project's error mapping.
    `json_body` is the top-level JSON type the function's request body must have;
    `error_shape` how its errors look (a seed door's own); `strip_prefixes` the path prefixes
    its routes may also be served under (a door's /compat/NNN; the canonical API's, seed
    003's)."""
    app = Resolver(
        error_shape,
        enable_validation=True,
        serializer=serialize,
        json_body_deserializer=_body_parser(json_body),
        strip_prefixes=list(strip_prefixes),
    )

    @app.exception_handler(ApiError)
    def _api_error(exc: ApiError) -> Response[str]:
        return error_response(app, exc)

    @app.exception_handler(RequestUnsupportedContentType)
    def _unsupported_media(exc: RequestUnsupportedContentType) -> Response[str]:
        return error_response(
            app,
            UnsupportedMediaType(
                details=[{"field": "Content-Type", "message": "Must be application/json"}]
            ),
        )

    @app.exception_handler(RequestValidationError)
    def _invalid_request(exc: RequestValidationError) -> Response[str]:
        return error_response(app, _translate_validation_error(exc))

    @app.exception_handler(UnicodeDecodeError)
    def _not_utf8(exc: UnicodeDecodeError) -> Response[str]:
        # A body that is not UTF-8 reaches the function base64-encoded, and powertools fails
        # to decode it as text before any parser runs: it cannot be JSON either.
        return error_response(
            app, InvalidJson(details=[{"field": "body", "message": "The body is not UTF-8"}])
        )

    @app.exception_handler(ClientError)
    def _dynamodb_error(exc: ClientError) -> Response[str]:
        code = exc.response.get("Error", {}).get("Code", "")
        if code in _TRANSIENT_DYNAMODB_ERRORS:
            logger.warning("DynamoDB unavailable after retries", extra={"error_code": code})
            return error_response(
                app, ServiceUnavailable(headers={"Retry-After": RETRY_AFTER_SECONDS})
            )
        if _is_size_limit(exc):
            detail = {"field": "body", "message": "the stored resource would exceed 400 KB"}
            return error_response(app, ItemTooLarge(details=[detail]))
        # Anything else is a bug. Handled here: an exception raised in an exception handler
        # would escape the resolver and fail the invocation (a bare 502 from API Gateway).
        logger.exception("Unexpected DynamoDB error")
        return error_response(app, InternalError())

    @app.exception_handler(BotoCoreError)
    def _aws_unreachable(exc: BotoCoreError) -> Response[str]:
        logger.warning("AWS endpoint unreachable", extra={"error": type(exc).__name__})
        return error_response(app, ServiceUnavailable(headers={"Retry-After": RETRY_AFTER_SECONDS}))

    @app.not_found
    def _no_route(exc: Exception) -> Response[str]:
        return error_response(app, NotFound("No such route"))

    @app.exception_handler(Exception)
    def _unexpected(exc: Exception) -> Response[str]:
        # The only catch-all: log everything, tell the caller nothing internal.
        logger.exception("Unhandled error")
        return error_response(app, InternalError())

    return app


def one_request(event: dict[str, Any]) -> int:
    return 1


def array_items(most: int) -> Callable[[dict[str, Any]], int]:
    """Request cost of a batch: the items of its JSON array body. A body that can never
    succeed (not an array, empty, over `most` items) is refused before anything is counted;
    one that is not JSON counts 1, and the body parser refuses it."""

    def cost(event: dict[str, Any]) -> int:
        body = event.get("body")
        headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
        media_type = str(headers.get("content-type", JSON_CONTENT_TYPE)).split(";")[0].strip()
        if not body or event.get("isBase64Encoded") or media_type.lower() != JSON_CONTENT_TYPE:
            return 1  # the resolver refuses it (415, 400) before the handler runs
        try:
            value = deserialize(body)  # the body parser's own reading, bounds included
        except (ValueError, RecursionError):  # the body parser refuses it anyway
            return 1
        if not isinstance(value, list) or not 1 <= len(value) <= most:
            message = f"The body must be a JSON array of 1 to {most} items"
            raise ValidationFailed(details=[{"field": "body", "message": message}])
        return len(value)

    return cost


QueryRewrite = Callable[[dict[str, str]], dict[str, str]]


def lambda_entrypoint(
    app: Resolver,
    request_cost: Callable[[dict[str, Any]], int] = one_request,
    query_rewrite: QueryRewrite | None = None,
) -> Callable[[dict[str, Any], LambdaContext], dict[str, Any]]:
    """The Lambda handler of a function: log context, the caller's rate limit, routing, and
    X-Request-Id on every reply. `request_cost`: how many requests this one counts as (a batch
    counts its items). `query_rewrite`: other names of the query parameters, made canonical
    before anything reads them (seed 002's names on the listing)."""
    declared: list[frozenset[str]] = []  # the routes' query parameters, read once

    @logger.inject_lambda_context(
        correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True
    )
    # The response carries catalog data: traces keep only timings and annotations.
    @tracer.capture_lambda_handler(capture_response=False)
    @metrics.log_metrics
    def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        started = time.perf_counter()
        authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
        logger.append_keys(
            tenant_id=authorizer.get("tenant_id"), client_id=authorizer.get("client_id")
        )
        annotate_trace(
            tenant_id=authorizer.get("tenant_id"),
            customer_id=authorizer.get("customer_id"),
            operation=_operation(event),
        )
        req_id = str((event.get("requestContext") or {}).get("requestId", ""))
        limit: RateLimitStatus | None = None
        try:
            # Bad requests are refused before they are counted.
            _refuse_repeated_parameters(event)
            if query_rewrite is not None:
                _rewrite_query(event, query_rewrite)
            if not declared:
                declared.append(_declared_query_parameters(app))
            _refuse_unknown_parameters(event, declared[0])
            _normalize_body(event)
            limit = _count_request(authorizer, request_cost(event))
        except ApiError as refused:  # refused before routing: the resolver never sees it
            result: dict[str, Any] = {
                "statusCode": refused.status,
                "headers": {"Content-Type": JSON_CONTENT_TYPE, **refused.headers},
                "body": serialize(app.error_shape(refused, req_id)),
                "isBase64Encoded": False,
            }
        else:
            result = app.resolve(event, context)
        _record_metrics(event, int(result.get("statusCode", 500)), started)
        headers = {"X-Request-Id": req_id, **(limit.headers() if limit else {})}
        result.setdefault("headers", {}).update(headers)
        if result.get("multiValueHeaders") is not None:
            result["multiValueHeaders"].update({k: [v] for k, v in headers.items()})
        return result

    return handler  # type: ignore[no-any-return]  # tracer's decorator is untyped


def _count_request(authorizer: Mapping[str, Any], cost: int) -> "RateLimitStatus | None":
    """Counts a bearer-authenticated request against its client's limit (decisions.md). Fails open:
    if the counter cannot be written, the request goes on without rate-limit headers (stage
    throttling still guards the API), rather than failing for a bookkeeping error."""
    if not authorizer.get("client_id"):
        return None  # public routes; token grants are limited by their own function
    # Imported here: public functions (health, JWKS, documents) need no DynamoDB at all.
    from common.ratelimit import consume

    principal = principal_from_request(dict(authorizer), {})
    try:
        return consume(f"client#{principal.client_id}", principal.rate_limit, cost)
    except (ClientError, BotoCoreError) as error:
        logger.warning("Rate limit not counted", extra={"error": type(error).__name__})
        return None


def _is_size_limit(exc: ClientError) -> bool:
    """DynamoDB's refusal of an item over 400 KB, alone or inside a transaction."""
    error = exc.response.get("Error", {})
    reasons: list[Any] = exc.response.get("CancellationReasons", [])
    messages = [error.get("Message", "")] if error.get("Code") == "ValidationException" else []
    messages += [r.get("Message", "") for r in reasons if r.get("Code") == "ValidationError"]
    return any("size" in (message or "").lower() for message in messages)


def _operation(event: dict[str, Any]) -> str:
    """The route, as API Gateway names it: "GET /api/v1/products/{product_id}"."""
    return f"{event.get('httpMethod')} {event.get('resource')}"


def _record_metrics(event: dict[str, Any], status: int, started: float) -> None:
    """Requests, client and server errors, and the function's own latency, per operation."""
    if is_metrics_disabled():
        return  # powertools keeps, but never flushes, what is added while disabled (make run)
    metrics.add_dimension("operation", _operation(event))
    metrics.add_metric(name="Requests", unit=MetricUnit.Count, value=1)
    metrics.add_metric(name="ClientErrors", unit=MetricUnit.Count, value=int(400 <= status < 500))
    metrics.add_metric(name="ServerErrors", unit=MetricUnit.Count, value=int(status >= 500))
    elapsed_ms = (time.perf_counter() - started) * 1000
    metrics.add_metric(name="Latency", unit=MetricUnit.Milliseconds, value=elapsed_ms)


REPEATED_PARAMETER = (
    "given more than once: give a query parameter once (list filters take comma-separated values)"
)


def _refuse_repeated_parameters(event: dict[str, Any]) -> None:
    """A query parameter given more than once is a 400 naming it, on every route, before
    routing: which value counts would otherwise depend on the reader (powertools hands a query
    model the first value, API Gateway's queryStringParameters keep the last, and the Link
    header is built from those). Several values are one comma-separated parameter."""
    multi = event.get("multiValueQueryStringParameters") or {}
    repeated = sorted(
        name for name, values in multi.items() if isinstance(values, list) and len(values) > 1
    )
    if repeated:
        raise ValidationFailed(
            details=[{"field": name, "message": REPEATED_PARAMETER} for name in repeated]
        )


def _rewrite_query(event: dict[str, Any], rewrite: QueryRewrite) -> None:
    params = rewrite(dict(event.get("queryStringParameters") or {}))
    event["queryStringParameters"] = params or None
    event["multiValueQueryStringParameters"] = {k: [v] for k, v in params.items()} or None


def _declared_query_parameters(app: APIGatewayRestResolver) -> frozenset[str]:
    """The query parameters the function's routes declare (a model's fields count one by
    one). Read from powertools' registered routes, the same that validate them."""
    names: set[str] = set()
    for route in app._static_routes + app._dynamic_routes:  # powertools keeps no public list
        for field in route.dependant.query_params:
            annotation = field.field_info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                names.update(info.alias or name for name, info in annotation.model_fields.items())
            else:
                names.add(field.alias)
    return frozenset(names)


def _refuse_unknown_parameters(event: dict[str, Any], known: frozenset[str]) -> None:
    """A query parameter the endpoint does not know is a 400 naming it, as Stripe answers:
    an ignored filter would return the wrong products without a word."""
    unknown = sorted(set(event.get("queryStringParameters") or {}) - known)
    if unknown:
        message = "unknown query parameter" + (
            f"; this endpoint takes {', '.join(sorted(known))}" if known else "; none is taken"
        )
        raise ValidationFailed(details=[{"field": name, "message": message} for name in unknown])


def _normalize_body(event: dict[str, Any]) -> None:
    """Bodies reach the validator as JSON: +json media types (application/merge-patch+json)
    are JSON already, and form-encoded bodies (OAuth clients send them) become one JSON object
    of single values, so both are validated by the same models in the same way. Multipart
    bodies are refused (415), and so are bodies over 1 MB (413), before anything parses them."""
    body = event.get("body") or ""
    size = (
        len(body) * 3 // 4
        if event.get("isBase64Encoded")
        else len(body.encode("utf-8", "surrogatepass"))
    )
    if size > MAX_BODY_BYTES:
        raise PayloadTooLarge(
            details=[{"field": "body", "message": f"at most {MAX_BODY_BYTES} bytes"}]
        )
    headers = event.get("headers") or {}
    for name, value in list(headers.items()):
        if name.lower() != "content-type" or not isinstance(value, str):
            continue
        media_type = value.split(";")[0].strip().lower()
        if media_type.startswith("application/") and media_type.endswith("+json"):
            headers[name] = JSON_CONTENT_TYPE
        elif media_type.startswith("multipart/"):
            # Powertools would parse it (and fail on a missing boundary); this API takes JSON.
            raise UnsupportedMediaType(
                details=[{"field": "Content-Type", "message": "Must be application/json"}]
            )
        elif media_type == "application/x-www-form-urlencoded" and not event.get("isBase64Encoded"):
            fields = parse_qs(event.get("body") or "", keep_blank_values=True)
            event["body"] = json.dumps({key: values[-1] for key, values in fields.items()})
            headers[name] = JSON_CONTENT_TYPE
