#!/usr/bin/env python3
"""Writes docs/openapi.json, the OpenAPI 3.1 description of every route of template.yaml, and
the compact copy functions/openapi/openapi.json that GET /api/v1/openapi.json serves (a
function's package holds only its own folder).

Each function's module is loaded as the local API loads it, and powertools generates its
operation from the code's pydantic models and parameter annotations. The generator merges them
and adds what only the template and the envelope know: the bearer JWT security scheme on the
authenticated routes (not on the public ones), the success and error envelopes and the error
responses each route can give. The output is deterministic (sorted keys); `--check` exits 1
when the committed files are stale (`make lint` runs it, and tests/unit/test_openapi.py too).

    .venv/bin/python scripts/generate_openapi.py [--check]
"""

import argparse
import inspect
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "layers" / "common"):  # run as a plain script
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from common.categories.models import CATEGORY_ID_PATTERN  # noqa: E402
from common.categories.service import ROOT_FILTERS  # noqa: E402
from common.idempotency import KEY_PATTERN  # noqa: E402
from common.products.models import PRODUCT_ID_PATTERN  # noqa: E402
from local_api.gateway import load_module  # noqa: E402
from local_api.template import Route, Template  # noqa: E402

DOC_FILE = ROOT / "docs" / "openapi.json"
SERVED_FILE = ROOT / "functions" / "openapi" / "openapi.json"
TITLE, VERSION = "Products API", "1.0.0"
DESCRIPTION = (
    "Multi-tenant products catalog. Authenticate with POST /api/v1/auth/token (OAuth 2.0 client "
    "credentials) and send the access token as `Authorization: Bearer <token>`. Every JSON "
    "response is an envelope: `{status: success, data, meta}` or "
    "`{status: error, error: {code, message, details}, meta}`."
)
SECURITY_SCHEME = "bearerAuth"
REF = "#/components/schemas/"
# Schemas powertools adds for its own 422 validation response; this API answers 400 instead.
POWERTOOLS_ERROR_SCHEMAS = {"HTTPValidationError", "ValidationError", "ResponseValidationError"}

# Standard error responses: status -> (component name, description).
ERRORS: dict[str, tuple[str, str]] = {
    "400": ("BadRequest", "Invalid input: malformed JSON, wrong types, unknown fields, bad cursor"),
    "401": ("Unauthorized", "Missing, invalid, expired or revoked credentials"),
    "403": ("Forbidden", "The token lacks the scope or role this operation needs"),
    "404": ("NotFound", "No such resource in the caller's tenant"),
    "409": ("Conflict", "Duplicate SKU or slug, or a resource still in use"),
    "412": ("PreconditionFailed", "If-Match does not match the current version"),
    "413": ("PayloadTooLarge", "The request body is too large"),
    "415": ("UnsupportedMediaType", "The body is not application/json"),
    "422": ("IdempotencyKeyReused", "The Idempotency-Key was used with another request"),
    "429": (
        "TooManyRequests",
        "The client's rate limit (meta.rate_limit) or the stage's throttling: retry after "
        "Retry-After seconds",
    ),
    "500": ("InternalError", "Unexpected error; quote the request id to support"),
    "503": ("ServiceUnavailable", "DynamoDB throttled or unavailable; retry after Retry-After"),
}
# Routes whose body is not the success envelope: JOSE and OpenAPI documents, the docs page.
RAW_RESPONSES: dict[str, tuple[str, dict[str, Any]]] = {
    "/.well-known/jwks.json": ("application/json", {"$ref": f"{REF}JwkSet"}),
    "/api/v1/openapi.json": ("application/json", {"type": "object"}),
    "/api/v1/docs": ("text/html", {"type": "string"}),
}
# The shape of the ids in paths. Handlers answer 404 for any id that names nothing (a
# malformed one included); the pattern tells clients and the fuzzer what an id looks like.
ID_PATTERNS = {"product_id": PRODUCT_ID_PATTERN, "category_id": CATEGORY_ID_PATTERN}
# GET /api/v1/categories?parent_id=: a category id, or a word for the top level.
PARENT_FILTER_PATTERN = (
    f"^({CATEGORY_ID_PATTERN[1:-1]}|"
    + "|".join("".join(f"[{c.upper()}{c}]" for c in word) for word in sorted(ROOT_FILTERS))
    + ")$"
)
# API Gateway's $context.requestTime, the only time its own error responses can carry.
GATEWAY_TIME_PATTERN = r"^[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2} \+0000$"
TAGS = {
    "/api/v1/products": "Products",
    "/api/v1/categories": "Categories",
    "/api/v1/auth": "Auth",
    "/.well-known": "Auth",
}


# SPEC §8: on every bearer-authenticated response (common/ratelimit.py).
RATE_LIMIT_HEADERS: dict[str, Any] = {
    "X-RateLimit-Limit": {"schema": {"type": "integer"}, "description": "Requests per minute"},
    "X-RateLimit-Remaining": {"schema": {"type": "integer"}, "description": "Left this minute"},
    "X-RateLimit-Reset": {
        "schema": {"type": "integer"},
        "description": "Epoch seconds when the minute's count starts again",
    },
}


def _envelope_schemas() -> dict[str, Any]:
    meta: dict[str, Any] = {
        "type": "object",
        "properties": {
            "request_id": {"type": "string"},
            "timestamp": {"type": "string", "format": "date-time"},
        },
        "required": ["request_id", "timestamp"],
    }
    error_meta = {
        **meta,
        "description": "Responses of API Gateway itself (401 before the authorizer, 404 for no "
        "route, 413, 429 from stage throttling, 5xx) carry its `$context.requestTime`.",
        "properties": {
            **meta["properties"],
            "rate_limit": {
                "type": "object",
                "description": "On 429 rate_limit_exceeded: the client's limit (seed 003)",
                "properties": {
                    "limit": {"type": "integer"},
                    "remaining": {"type": "integer"},
                    "reset": {"type": "integer", "description": "Epoch seconds"},
                },
                "required": ["limit", "remaining", "reset"],
            },
            "timestamp": {
                "anyOf": [
                    {"type": "string", "format": "date-time"},
                    {"type": "string", "pattern": GATEWAY_TIME_PATTERN},
                ]
            },
        },
    }
    return {
        "Meta": meta,
        "ErrorMeta": error_meta,
        "SuccessEnvelope": {
            "type": "object",
            "description": "Every successful JSON response: `data.item` for one resource, "
            "`data.items` and `data.pagination` for a listing.",
            "properties": {
                "status": {"const": "success"},
                "data": {"type": "object"},
                "meta": {"$ref": f"{REF}Meta"},
            },
            "required": ["status", "data", "meta"],
        },
        "ErrorEnvelope": {
            "type": "object",
            "properties": {
                "status": {"const": "error"},
                "error": {
                    "type": "object",
                    "properties": {
                        "code": {
                            "type": "string",
                            "description": "Stable machine-readable code, e.g. "
                            "validation_error, not_found, precondition_failed",
                        },
                        "message": {"type": "string"},
                        "details": {
                            "description": "Per-field problems, when there are any",
                            "anyOf": [
                                {"type": "array", "items": {"type": "object"}},
                                {"type": "object"},
                                {"type": "null"},
                            ],
                        },
                    },
                    "required": ["code", "message", "details"],
                },
                "meta": {"$ref": f"{REF}ErrorMeta"},
            },
            "required": ["status", "error", "meta"],
        },
        "JwkSet": {
            "type": "object",
            "description": "A JSON Web Key Set (RFC 7517)",
            "properties": {"keys": {"type": "array", "items": {"type": "object"}}},
            "required": ["keys"],
        },
    }


def _error_responses() -> dict[str, Any]:
    envelope = {"application/json": {"schema": {"$ref": f"{REF}ErrorEnvelope"}}}
    retry_after = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds"}}
    responses: dict[str, Any] = {}
    for status, (name, description) in ERRORS.items():
        response: dict[str, Any] = {"description": description, "content": envelope}
        if status in ("429", "503"):
            response["headers"] = retry_after
        if status == "401":
            response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
        responses[name] = response
    return responses


def _source(module: Any) -> str:
    return inspect.getsource(module)


def _error_statuses(
    route: Route, operation: dict[str, Any], source: str, template: Template
) -> list[str]:
    statuses = ["429", "500"]
    has_body = "requestBody" in operation
    if has_body or operation.get("parameters"):
        statuses.append("400")
    if has_body:
        statuses += ["413", "415"]
    if route.authorized or route.path.startswith("/api/v1/auth/"):
        statuses.append("401")
    if route.authorized:
        statuses.append("403")
    if "{" in route.path:
        statuses.append("404")
    collection = route.path.startswith(("/api/v1/products", "/api/v1/categories"))
    if collection and route.method != "GET":
        statuses.append("409")
    if "if_match" in source or "if-match" in source.lower():
        statuses.append("412")
    if "@idempotent_route(" in source:
        statuses.append("422")
    if template.resources[route.function]["Properties"].get("Policies"):
        statuses.append("503")  # the function calls AWS (DynamoDB, Secrets Manager)
    return sorted(statuses)


def _operation(route: Route, template: Template) -> tuple[dict[str, Any], dict[str, Any]]:
    """The route's operation as powertools generates it, completed; and its schemas."""
    module = load_module(route.code_uri, route.handler)
    generated = module.app.get_openapi_schema(title=TITLE, version=VERSION)
    document = generated.model_dump(by_alias=True, exclude_none=True, mode="json")
    operation = document["paths"][route.path][route.method.lower()]
    schemas = document.get("components", {}).get("schemas", {})
    source = _source(module)

    doc = (module.__doc__ or "").strip()
    first_line = doc.splitlines()[0] if doc else ""
    summary = first_line.split(" — ", 1)[-1].rstrip(".")
    operation["summary"] = summary[:1].upper() + summary[1:]
    operation["description"] = doc
    operation["operationId"] = route.function.removesuffix("Function")
    operation["tags"] = [
        next((tag for prefix, tag in TAGS.items() if route.path.startswith(prefix)), "Service")
    ]

    parameters = operation.get("parameters", [])
    for parameter in parameters:
        if parameter["in"] == "path" and parameter["name"] in ID_PATTERNS:
            parameter["schema"] = {"type": "string", "pattern": ID_PATTERNS[parameter["name"]]}
        if route.path == "/api/v1/categories" and parameter["name"] == "parent_id":
            parameter["schema"] = {"type": "string", "pattern": PARENT_FILTER_PATTERN}
    if "@idempotent_route(" in source:
        key = _header("Idempotency-Key", "Replays the first response for 24 h")
        key["schema"]["pattern"] = KEY_PATTERN
        parameters.append(key)
    if "if_match" in source or "if-match" in source.lower():
        parameters.append(_header("If-Match", "The ETag the change is based on"))
    if "representation(" in source:
        parameters.append(_header("If-None-Match", "304 when the ETag still matches"))
    if parameters:
        operation["parameters"] = parameters

    status = "201" if "status=201" in source else "200"
    media_type, schema = RAW_RESPONSES.get(
        route.path, ("application/json", {"$ref": f"{REF}SuccessEnvelope"})
    )
    responses: dict[str, Any] = {
        status: {"description": "Success", "content": {media_type: {"schema": schema}}}
    }
    if route.authorized:
        responses[status]["headers"] = RATE_LIMIT_HEADERS
    if "representation(" in source:
        responses["304"] = {"description": "Not modified: If-None-Match matches the ETag"}
    for error in _error_statuses(route, operation, source, template):
        responses[error] = {"$ref": f"#/components/responses/{ERRORS[error][0]}"}
    operation["responses"] = responses
    if route.authorized:
        operation["security"] = [{SECURITY_SCHEME: []}]
    return operation, schemas


def _header(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "header",
        "required": False,
        "description": description,
        "schema": {"type": "string"},
    }


def _references(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {value["$ref"]} if isinstance(value.get("$ref"), str) else set()
        for item in value.values():
            found |= _references(item)
        return found
    if isinstance(value, list):
        return set().union(*(_references(item) for item in value)) if value else set()
    return set()


def _used_schemas(document: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """Only the schemas that the paths and responses reach."""
    roots = {"paths": document["paths"], "responses": document["components"]["responses"]}
    pending = [ref for ref in _references(roots) if ref.startswith(REF)]
    used: set[str] = set()
    while pending:
        name = pending.pop().removeprefix(REF)
        if name in used:
            continue
        used.add(name)
        pending += [ref for ref in _references(schemas[name]) if ref.startswith(REF)]
    return {name: schemas[name] for name in sorted(used)}


def build_document(template: Template | None = None) -> dict[str, Any]:
    template = template or Template.load()
    paths: dict[str, dict[str, Any]] = {}
    schemas = _envelope_schemas()
    for route in sorted(template.routes(), key=lambda r: (r.path, r.method)):
        operation, route_schemas = _operation(route, template)
        paths.setdefault(route.path, {})[route.method.lower()] = operation
        for name, schema in route_schemas.items():
            if name in POWERTOOLS_ERROR_SCHEMAS:
                continue
            if name in schemas and schemas[name] != schema:
                raise ValueError(f"Two different schemas are both named {name}")
            schemas[name] = schema
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": VERSION, "description": DESCRIPTION},
        "servers": [
            {"url": "http://127.0.0.1:3000", "description": "Local API (make run)"},
            {
                "url": "https://{api_id}.execute-api.{region}.amazonaws.com/{stage}",
                "description": "Deployed stage",
                "variables": {
                    "api_id": {"default": "api_id"},
                    "region": {"default": "us-east-1"},
                    "stage": {
                        "default": template.parameter_default("Stage"),
                        "enum": template.document["Parameters"]["Stage"]["AllowedValues"],
                    },
                },
            },
        ],
        "tags": [{"name": name} for name in ("Auth", "Categories", "Products", "Service")],
        "paths": paths,
        "components": {
            "securitySchemes": {
                SECURITY_SCHEME: {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "An access token from POST /api/v1/auth/token",
                }
            },
            "responses": _error_responses(),
        },
    }
    document["components"]["schemas"] = _used_schemas(document, schemas)
    return document


def render(document: dict[str, Any], compact: bool = False) -> str:
    if compact:  # the served copy: function packages stay small (tests/build)
        return json.dumps(document, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def expected_files(template: Template | None = None) -> dict[Path, str]:
    document = build_document(template)
    return {DOC_FILE: render(document), SERVED_FILE: render(document, compact=True)}


def stale_files(files: dict[Path, str]) -> list[Path]:
    return [
        path
        for path, text in files.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the files are stale")
    args = parser.parse_args(argv)
    files = expected_files()
    stale = stale_files(files)
    if args.check:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)} (run scripts/generate_openapi.py)")
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
