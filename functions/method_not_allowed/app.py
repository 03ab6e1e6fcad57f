"""ANY on every resource — 405 method_not_allowed, with `Allow`, for a method the path does not
serve (public).

API Gateway sends a request to a resource's `ANY` method only when the resource has no method
of that name, so the declared operations keep their own functions and authorizer; this one
answers everything else (TRACE, HEAD, OPTIONS, a DELETE on a collection...) without a token:
what it tells, the methods of a path, is what the OpenAPI document already says.
(docs/decisions.md, "Undeclared methods").
"""

import json
from pathlib import Path
from typing import Any

from common.clock import iso_timestamp
from common.errors import MethodNotAllowed

# Resource (as in template.yaml) -> the methods its routes declare; written by
# scripts/generate_openapi.py from template.yaml (`make lint` fails when it is stale).
ALLOWED_METHODS: dict[str, list[str]] = json.loads(
    (Path(__file__).resolve().parent / "allowed_methods.json").read_text(encoding="utf-8")
)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    resource = str(event.get("resource") or "")
    method = str(event.get("httpMethod") or "")
    allowed = ", ".join(ALLOWED_METHODS.get(resource, ()))
    request_id = str((event.get("requestContext") or {}).get("requestId", ""))
    error = MethodNotAllowed(f"{method} is not allowed on {resource}; use {allowed}")
    body = {
        "status": "error",
        "error": {"code": error.code, "message": error.message, "details": error.details},
        "meta": {"request_id": request_id, "timestamp": iso_timestamp()},
    }
    return {
        "statusCode": error.status,
        "headers": {
            "Allow": allowed,
            "Content-Type": "application/json",
            "X-Request-Id": request_id,
        },
        # A HEAD response has no body (API Gateway would drop it anyway).
        "body": "" if method == "HEAD" else json.dumps(body, separators=(",", ":")),
        "isBase64Encoded": False,
    }
