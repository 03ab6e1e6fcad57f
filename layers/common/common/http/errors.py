"""Every error a function can meet, mapped to a response once, for every resolver.

Typed errors (`common.errors.ApiError`) answer as themselves; powertools' validation, a body
that is not UTF-8, storage's exceptions, DynamoDB's and botocore's failures and unknown routes
are translated here, in the function's error shape. Anything else is logged and answered as a
bare 500.
"""

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from botocore.exceptions import BotoCoreError, ClientError

from common.errors import (
    ApiError,
    InternalError,
    InvalidJson,
    ItemTooLarge,
    NotFound,
    ServiceUnavailable,
    UnsupportedMediaType,
    from_validation_errors,
)
from common.http.envelope import Resolver, error_response
from common.observability import logger
from common.storage.errors import Unavailable as StorageUnavailable

RETRY_AFTER_SECONDS = "1"
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


def map_errors(app: Resolver) -> None:
    """Registers on `app` the handlers that answer each kind of error in its error shape."""

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
        return error_response(app, _translate_client_error(exc))

    @app.exception_handler(StorageUnavailable)
    def _storage_unavailable(exc: StorageUnavailable) -> Response[str]:
        # Storage says what went wrong (storage/errors.py); what the caller is told is here.
        logger.warning("DynamoDB unavailable after retries", extra={"error": type(exc).__name__})
        return error_response(app, ServiceUnavailable(headers={"Retry-After": RETRY_AFTER_SECONDS}))

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


def _translate_validation_error(exc: RequestValidationError) -> ApiError:
    errors = list(exc.errors())
    if any(err.get("type") == "json_invalid" for err in errors):
        return InvalidJson(details=[{"field": "body", "message": "Malformed JSON"}])
    return from_validation_errors(errors)


def _translate_client_error(exc: ClientError) -> ApiError:
    code = exc.response.get("Error", {}).get("Code", "")
    if code in _TRANSIENT_DYNAMODB_ERRORS:
        logger.warning("DynamoDB unavailable after retries", extra={"error_code": code})
        return ServiceUnavailable(headers={"Retry-After": RETRY_AFTER_SECONDS})
    if _is_size_limit(exc):
        detail = {"field": "body", "message": "the stored resource would exceed 400 KB"}
        return ItemTooLarge(details=[detail])
    # Anything else is a bug. Answered here: an exception raised in an exception handler
    # would escape the resolver and fail the invocation (a bare 502 from API Gateway).
    logger.exception("Unexpected DynamoDB error")
    return InternalError()


def _is_size_limit(exc: ClientError) -> bool:
    """DynamoDB's refusal of an item over 400 KB, alone or inside a transaction."""
    error = exc.response.get("Error", {})
    reasons: list[Any] = exc.response.get("CancellationReasons", [])
    messages = [error.get("Message", "")] if error.get("Code") == "ValidationException" else []
    messages += [r.get("Message", "") for r in reasons if r.get("Code") == "ValidationError"]
    return any("size" in (message or "").lower() for message in messages)
