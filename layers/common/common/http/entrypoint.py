"""`lambda_entrypoint()`: the Lambda handler around a function's resolver.

Before routing it logs the request's context, refuses what no route may take (repeated or
unknown query parameters, oversized or non-JSON bodies) and starts counting the request against
the caller's rate limit (beside the route: common/http/admission.py); after it, it records the
metrics and sets X-Request-Id and the rate-limit headers on every reply.
"""

import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.metrics.functions import is_metrics_disabled
from aws_lambda_powertools.utilities.typing import LambdaContext

from common.errors import ApiError, ValidationFailed
from common.heap import settled
from common.http import admission
from common.http.body import normalize_body
from common.http.envelope import JSON_CONTENT_TYPE, Resolver
from common.http.parameters import (
    QueryRewrite,
    declared_query_parameters,
    refuse_repeated_parameters,
    refuse_unknown_parameters,
    rewrite_query,
)
from common.jsonio import deserialize, serialize
from common.observability import annotate_trace, logger, metrics, tracer
from common.storage.write_gate import writes_wait_for

if TYPE_CHECKING:
    from common.ratelimit import RateLimitStatus

RequestCost = Callable[[dict[str, Any]], int]


def one_request(event: dict[str, Any]) -> int:
    return 1


def array_items(most: int) -> RequestCost:
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


def lambda_entrypoint(
    app: Resolver,
    request_cost: RequestCost = one_request,
    query_rewrite: QueryRewrite | None = None,
) -> Callable[[dict[str, Any], LambdaContext], dict[str, Any]]:
    """The Lambda handler of a function: log context, the caller's rate limit, routing, and
    X-Request-Id on every reply. `request_cost`: how many requests this one counts as (a batch
    counts its items). `query_rewrite`: other names of the query parameters, made canonical
    before anything reads them (seed 002's names on the listing)."""
    # The routes' query parameters, read at init with the routes' validation (powertools'
    # `dependant`), which the first request would otherwise build.
    declared = declared_query_parameters(app)

    def admit(event: dict[str, Any], authorizer: Mapping[str, Any]) -> admission.Admission:
        """Refuses what no route may take, then starts counting the request. Bad requests are
        refused before they are counted."""
        refuse_repeated_parameters(event)
        if query_rewrite is not None:
            rewrite_query(event, query_rewrite)
        refuse_unknown_parameters(event, declared)
        normalize_body(event)
        return admission.start(authorizer, request_cost(event))

    @logger.inject_lambda_context(
        correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True
    )
    # The response carries catalog data: traces keep only timings and annotations.
    @tracer.capture_lambda_handler(capture_response=False)
    @metrics.log_metrics
    def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        started = time.perf_counter()
        authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
        _annotate(event, authorizer)
        req_id = str((event.get("requestContext") or {}).get("requestId", ""))
        limit: RateLimitStatus | None = None
        try:
            pending = admit(event, authorizer)
            # The count runs beside the route; its writes, and its answer, wait for it.
            with writes_wait_for(pending.settle):
                result = app.resolve(event, context)
            limit = pending.settle()
        except ApiError as refused:  # refused before or beside routing: its answer is dropped
            result = {
                "statusCode": refused.status,
                "headers": {"Content-Type": JSON_CONTENT_TYPE, **refused.headers},
                "body": serialize(app.error_shape(refused, req_id)),
                "isBase64Encoded": False,
            }
        _record_metrics(event, int(result.get("statusCode", 500)), started)
        headers = {"X-Request-Id": req_id, **(limit.headers() if limit else {})}
        result.setdefault("headers", {}).update(headers)
        if result.get("multiValueHeaders") is not None:
            result["multiValueHeaders"].update({k: [v] for k, v in headers.items()})
        return result

    # The handler is made last in a function's init: the heap is settled now, and after the
    # first request (common/heap.py).
    return settled(handler)


def _annotate(event: dict[str, Any], authorizer: Mapping[str, Any]) -> None:
    """The caller and the operation on every log line and on the trace."""
    logger.append_keys(tenant_id=authorizer.get("tenant_id"), client_id=authorizer.get("client_id"))
    annotate_trace(
        tenant_id=authorizer.get("tenant_id"),
        customer_id=authorizer.get("customer_id"),
        operation=_operation(event),
    )


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
