"""Typed API errors. Raised anywhere in the layer; mapped to the error envelope once, in
http/errors.py."""

from collections.abc import Mapping, Sequence
from typing import Any


class ApiError(Exception):
    status: int = 400
    code: str = "validation_error"
    default_message: str = "The request is invalid"

    def __init__(
        self,
        message: str | None = None,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.details = details
        self.headers = headers or {}
        self.meta: dict[str, Any] = {}  # added to the envelope's meta (e.g. rate_limit)
        super().__init__(self.message)


class ValidationFailed(ApiError):
    status, code, default_message = 400, "validation_error", "The request is invalid"


class InvalidJson(ApiError):
    status, code, default_message = 400, "invalid_json", "The request body is not valid JSON"


class InvalidProductData(ApiError):
    status, code, default_message = 400, "invalid_product_data", "The product data is invalid"


class InvalidImageUrl(ApiError):
    status, code, default_message = 400, "invalid_image_url", "An image URL is invalid"


class InvalidCategoryId(ApiError):
    status, code, default_message = 400, "invalid_category_id", "The category does not exist"


class InventoryError(ApiError):
    status, code, default_message = (
        400,
        "inventory_error",
        "The inventory operation breaks the stock rules",
    )


class InvalidCursor(ApiError):
    status, code, default_message = 400, "validation_error", "The cursor is invalid"


class Unauthorized(ApiError):
    status, code, default_message = 401, "unauthorized", "Authentication failed"


class TokenExpired(ApiError):
    status, code, default_message = 401, "token_expired", "The access token has expired"


class Forbidden(ApiError):
    status, code, default_message = 403, "forbidden", "Insufficient permissions"


class NotFound(ApiError):
    status, code, default_message = 404, "not_found", "Resource not found"


class MethodNotAllowed(ApiError):
    status, code, default_message = (
        405,
        "method_not_allowed",
        "This method is not allowed on this path",
    )


class DuplicateProduct(ApiError):
    status, code, default_message = 409, "duplicate_product", "Product already exists"


class Conflict(ApiError):
    status, code, default_message = 409, "conflict", "The resource was changed concurrently"


class PreconditionFailed(ApiError):
    status, code, default_message = (
        412,
        "precondition_failed",
        "The resource does not match If-Match",
    )


class IdempotencyKeyReused(ApiError):
    status, code, default_message = (
        422,
        "idempotency_key_reused",
        "This Idempotency-Key was already used with a different request",
    )


class UnsupportedMediaType(ApiError):
    status, code, default_message = (
        415,
        "unsupported_media_type",
        "Unsupported Content-Type: send application/json",
    )


class InternalError(ApiError):
    status, code, default_message = (
        500,
        "internal_error",
        "An internal error occurred; quote the request id to support",
    )


class ItemTooLarge(ApiError):
    """What DynamoDB refuses to store: an item over 400 KB (or a key over its size limit)."""

    status, code, default_message = (
        413,
        "validation_error",
        "The resource would be larger than can be stored (400 KB); send shorter texts or fewer "
        "attributes",
    )


class PayloadTooLarge(ApiError):
    """A request body over the API's limit (1 MB: decisions.md), refused before it is parsed."""

    status, code, default_message = (
        413,
        "validation_error",
        "The request body is too large: at most 1 MB (1,048,576 bytes)",
    )


class RateLimitExceeded(ApiError):
    status, code, default_message = 429, "rate_limit_exceeded", "Rate limit exceeded"

    def __init__(self, details: str, headers: dict[str, str], rate_limit: dict[str, int]) -> None:
        super().__init__(details=details, headers=headers)
        self.meta = {"rate_limit": rate_limit}


class ServiceUnavailable(ApiError):
    status, code, default_message = (
        503,
        "service_unavailable",
        "The service is temporarily unavailable, please retry",
    )


# The codes API Gateway's own responses carry (template.yaml's GatewayResponses).
GATEWAY_CODES = (
    "unauthorized",
    "forbidden",
    "not_found",
    "rate_limit_exceeded",
    "validation_error",
)


def error_codes() -> list[str]:
    """Every `error.code` the API answers: its errors' and API Gateway's."""
    pending, codes = [ApiError], set(GATEWAY_CODES)
    while pending:
        error = pending.pop()
        codes.add(error.code)
        pending += error.__subclasses__()
    return sorted(codes)


def field_path(location: Sequence[Any]) -> str:
    """('body', 'variants', 1, 'sku') -> 'variants[1].sku'; the request part is dropped."""
    parts = list(location)
    if parts[:2] == ["query", "query"]:  # a handler's `query: Annotated[Model, Query()]`
        parts = parts[1:]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"}:
        parts = parts[1:]
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "body"


def validation_details(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "field": field_path(err.get("loc", ())),
            # pydantic prefixes messages of custom validators with "Value error, ".
            "message": str(err.get("msg", "Invalid value")).removeprefix("Value error, "),
        }
        for err in errors
    ]


def from_validation_errors(errors: Sequence[Mapping[str, Any]]) -> ApiError:
    """pydantic errors -> the API error: image URL problems have their own code (seed 003)."""
    details = validation_details(errors)
    if any(err.get("type") == "invalid_image_url" for err in errors):
        return InvalidImageUrl(details=details)
    return ValidationFailed(details=details)
