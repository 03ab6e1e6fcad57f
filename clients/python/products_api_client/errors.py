"""Exceptions built from the API's error envelope."""

from __future__ import annotations

from typing import Any

import requests


class ClientError(Exception):
    """Base class of everything this package raises."""


class TransportError(ClientError):
    """The request did not get an HTTP answer (connection refused, reset, timed out)."""


class ApiError(ClientError):
    """The API answered with an error envelope (or an error status without one)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Any = None,
        request_id: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.request_id = request_id
        self.headers = headers or {}


class BadRequest(ApiError):
    """400 other than a validation error (e.g. `inventory_error`)."""


class ValidationError(BadRequest):
    """400 `validation_error`, `invalid_json`, `invalid_product_data`, `invalid_*`."""


class Unauthorized(ApiError):
    """401 `unauthorized` or `token_expired`."""


class Forbidden(ApiError):
    """403 `forbidden`: a missing scope or a `tenantId` header that is not the token's."""


class NotFound(ApiError):
    """404 `not_found`."""


class Conflict(ApiError):
    """409 `conflict` or `duplicate_product`."""


class PreconditionFailed(ApiError):
    """412 `precondition_failed`: `If-Match` names an old version."""


class UnprocessableEntity(ApiError):
    """422, e.g. `idempotency_key_reused`."""


class RateLimited(ApiError):
    """429 `rate_limit_exceeded` (still so after the client's retries)."""


class ServerError(ApiError):
    """5xx."""


class ServiceUnavailable(ServerError):
    """503 `service_unavailable` (still so after the client's retries)."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    412: PreconditionFailed,
    422: UnprocessableEntity,
    429: RateLimited,
    503: ServiceUnavailable,
}


def error_from_response(response: requests.Response) -> ApiError:
    """The exception for an error response, from its envelope when it has one."""
    status = response.status_code
    code, message, details, request_id = f"http_{status}", response.reason or "", None, None
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            code = str(error.get("code") or code)
            message = str(error.get("message") or message)
            details = error.get("details")
        meta = body.get("meta")
        if isinstance(meta, dict) and meta.get("request_id"):
            request_id = str(meta["request_id"])
    elif response.text:
        message = response.text[:200]
    request_id = (
        request_id
        or response.headers.get("X-Request-Id")
        or response.headers.get("x-amzn-RequestId")
    )
    if status == 400 and (code == "validation_error" or code.startswith("invalid_")):
        kind: type[ApiError] = ValidationError
    else:
        kind = _BY_STATUS.get(status, ServerError if status >= 500 else ApiError)
    return kind(status, code, message, details, request_id, dict(response.headers))
