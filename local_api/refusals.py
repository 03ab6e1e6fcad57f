"""Requests the local API's HTTP front refuses before any route is matched (a request line or
headers over its limits, a body it cannot delimit), answered in the API's error envelope rather
than http.server's HTML page."""

import uuid
from http import HTTPStatus

from common.errors import ApiError
from common.http import error_body
from common.jsonio import serialize
from local_api.gateway import HttpResponse

# http.server's own limits, which the front keeps.
MAX_LINE_BYTES = 65_536
MAX_HEADERS = 100


class RequestRefused(ApiError):
    """A 4xx `validation_error` naming the part of the request at fault, as the API's input
    limits are reported (docs/decisions.md, "Input limits")."""

    code = "validation_error"

    def __init__(self, status: int, field: str, message: str) -> None:
        super().__init__(message, details=[{"field": field, "message": message}])
        self.status = status


def malformed_body(field: str, message: str) -> RequestRefused:
    return RequestRefused(400, field, message)


def refused_by_http_server(status: int, message: str | None) -> RequestRefused:
    """What http.server refuses while reading the request line and headers (its send_error).
    Its messages quote the request line; these do not echo the request."""
    if status == HTTPStatus.REQUEST_URI_TOO_LONG:
        return RequestRefused(
            status, "url", f"The request line is longer than {MAX_LINE_BYTES:,} bytes"
        )
    if status == HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE:
        if message == "Too many headers":
            text = f"More than {MAX_HEADERS} header fields"
        else:
            text = f"A header line is longer than {MAX_LINE_BYTES:,} bytes"
        return RequestRefused(status, "headers", text)
    if status == HTTPStatus.HTTP_VERSION_NOT_SUPPORTED:
        return RequestRefused(status, "request line", "Send HTTP/1.1 (or HTTP/1.0)")
    return RequestRefused(status, "request line", "The request line is not METHOD /path HTTP/1.1")


def refusal_response(refused: ApiError) -> HttpResponse:
    """The refusal in the error envelope. The request id is in x-amzn-RequestId, as on the
    gateway's own responses: no function ran."""
    request_id = str(uuid.uuid4())
    headers = [
        ("Content-Type", "application/json"),
        ("x-amzn-RequestId", request_id),
        *refused.headers.items(),
    ]
    body = serialize(error_body(refused, request_id)).encode()
    return HttpResponse(refused.status, headers, body)
