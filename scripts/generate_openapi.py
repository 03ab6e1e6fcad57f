#!/usr/bin/env python3
"""Writes docs/openapi.json, the OpenAPI 3.1 description of every route of template.yaml, and
the compact, gzipped copy functions/openapi/openapi.json.gz that GET /api/v1/openapi.json
serves (a function's package holds only its own folder, and stays small), and
functions/method_not_allowed's allowed_methods.json (each path's methods, the `Allow` of its
405s). Each seed door gets its own document, docs/compat/NNN.openapi.json, and the copy
functions/door_openapi serves at /compat/NNN/openapi.json; functions/docs/doors.json lists
them for the docs page.

Each function's module is loaded as the local API loads it, and powertools generates its
operation from the code's pydantic models and parameter annotations. The generator merges them
and adds what only the template and the envelope know: the bearer JWT security scheme on the
authenticated routes (an empty requirement on the public ones), the success and error
envelopes and the error responses each route can give. The output is deterministic (sorted
keys); `--check` exits 1 when the committed files are stale (`make lint` runs it, and
tests/tooling/test_openapi.py too).

    .venv/bin/python scripts/generate_openapi.py [--check]
"""

import argparse
import copy
import gzip
import inspect
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "layers" / "common"):  # run as a plain script
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from common import money  # noqa: E402
from common.categories.ids import CATEGORY_ID_PATTERN  # noqa: E402
from common.categories.listing import ROOT_FILTERS  # noqa: E402
from common.http.error_schemas import ErrorEnvelope  # noqa: E402
from common.http.parameters import query_models  # noqa: E402
from common.idempotency import KEY_PATTERN, REPLAYED_HEADER  # noqa: E402
from common.preconditions import IF_MATCH_PATTERN  # noqa: E402
from common.products.query import MAX_LIST_VALUES, ProductQuery  # noqa: E402
from common.products.stock import MAX_UNITS  # noqa: E402
from common.products.validators import PRODUCT_ID_PATTERN, attribute_schemas  # noqa: E402
from common.text import BIDI, CONTROL, INVISIBLE, SPACES  # noqa: E402
from local_api.gateway import load_module  # noqa: E402
from local_api.template import Route, Template  # noqa: E402

DOC_FILE = ROOT / "docs" / "openapi.json"
# Each seed door's own document (functions/seedNNN_*: docs/seed-mapping.md).
DOOR_DOC = ROOT / "docs" / "compat" / "{door}.openapi.json"
DOOR_FUNCTION = re.compile(r"seed(\d{3})_")
# The door that is the canonical API itself (its document: the canonical operations it serves).
CANONICAL_DOOR = "003"
COMPAT_PATH = re.compile(rf"^/compat/({CANONICAL_DOOR})/")
# The function serving every door's document: its routes are in no document.
DOOR_DOCUMENTS_FUNCTION = "door_openapi"
# The compact, gzipped copy GET /compat/NNN/openapi.json serves.
SERVED_DOOR_FILE = ROOT / "functions" / "door_openapi" / "{door}.openapi.json.gz"
# The doors the docs page shows a section for, each with its document's URL from the page's.
DOCS_DOORS_FILE = ROOT / "functions" / "docs" / "doors.json"
SERVED_FILE = ROOT / "functions" / "openapi" / "openapi.json.gz"
ALLOW_FILE = ROOT / "functions" / "method_not_allowed" / "allowed_methods.json"
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

# The error responses: status -> description (each operation lists its codes: _error_codes).
ERRORS: dict[str, str] = {
    "400": "Invalid input: malformed JSON, wrong types, unknown fields, bad cursor",
    "401": "Missing, invalid, expired or revoked credentials",
    "403": "The token lacks the scope or role this operation needs",
    "404": "No such resource in the caller's tenant",
    "409": "Duplicate SKU or slug, or a resource still in use",
    "412": "If-Match does not match the current version",
    "413": "The request body is too large",
    "415": "The body is not application/json",
    "422": "The Idempotency-Key was used with another request",
    "429": "The client's rate limit (meta.rate_limit) or the stage's throttling: retry after "
    "Retry-After seconds",
    "500": "Unexpected error; quote the request id to support",
    "503": "DynamoDB throttled or unavailable; retry after Retry-After",
}
# The 403 of category writes: categories are the tenant's (common/categories/service.py).
TENANT_WIDE_ONLY = (
    "The token lacks `categories:write`, or its client is bound to a customer: categories "
    "belong to the tenant, and only a client without a customer binding creates, changes or "
    "deletes them"
)
# The shape of the ids in paths. Handlers answer 404 for any id that names nothing (a
# malformed one included); the pattern tells clients and the fuzzer what an id looks like.
ID_PATTERNS = {"product_id": PRODUCT_ID_PATTERN, "category_id": CATEGORY_ID_PATTERN}
# GET /api/v1/categories?parent_id=: a category id, or a word for the top level.
PARENT_FILTER_PATTERN = (
    f"^({CATEGORY_ID_PATTERN[1:-1]}|"
    + "|".join("".join(f"[{c.upper()}{c}]" for c in word) for word in sorted(ROOT_FILTERS))
    + ")$"
)
TAGS = {
    "/api/v1/products": "Products",
    "/api/v1/categories": "Categories",
    "/api/v1/audit-events": "Audit",
    "/api/v1/auth": "Auth",
    "/.well-known": "Auth",
}
# Every tag an operation gets (TAGS, and "Service" for the rest), with what it groups.
TAG_DESCRIPTIONS = {
    "Audit": "The tenant's audit trail: each write to a product, category or stock, by whom "
    "and when",
    "Auth": "Access tokens (OAuth 2.0 client credentials, refresh, revocation) and the public "
    "keys that verify them",
    "Categories": "The tenant's category tree that products are filed under",
    "Products": "The catalog: products, their variants, prices and stock",
    "Service": "Health, this document and the API reference page",
}


# docs/decisions.md#rate-limits: on every bearer-authenticated response (common/ratelimit.py).
RATE_LIMIT_HEADERS: dict[str, Any] = {
    "X-RateLimit-Limit": {"schema": {"type": "integer"}, "description": "Requests per minute"},
    "X-RateLimit-Remaining": {"schema": {"type": "integer"}, "description": "Left this minute"},
    "X-RateLimit-Reset": {
        "schema": {"type": "integer"},
        "description": "Epoch seconds when the minute's count starts again",
    },
}


def _shared_schemas() -> dict[str, Any]:
    """The schemas no route's models bring: the error envelope (its responses are added here,
    not by powertools) and the free-form value the attribute maps refer to."""
    schema = ErrorEnvelope.model_json_schema(ref_template=REF + "{model}", mode="serialization")
    schemas: dict[str, Any] = schema.pop("$defs")
    schemas["ErrorEnvelope"] = schema
    return {**schemas, **_named_value_schemas()}


def _named_value_schemas() -> dict[str, Any]:
    """The named schemas that models refer to by `$ref` rather than bring themselves."""
    return {**attribute_schemas(), money.CURRENCY: money.currency_schema()}


def _error_codes(route: Route, status: str, has_body: bool) -> list[str]:
    """The `error.code`s one of a route's error statuses can carry."""
    product_write = route.path.startswith("/api/v1/products") and route.method != "GET"
    codes = {
        "400": ["validation_error"]
        + (["invalid_json"] if has_body else [])
        + (["inventory_error"] if route.path.endswith("/inventory") else [])
        + (
            ["invalid_category_id", "invalid_image_url", "invalid_product_data"]
            if product_write and has_body and not route.path.endswith("/inventory")
            else []
        ),
        "401": ["unauthorized"] + (["token_expired"] if route.authorized else []),
        "403": ["forbidden"],
        "404": ["not_found"],
        "409": ["conflict"] + (["duplicate_product"] if product_write else []),
        "412": ["precondition_failed"],
        "413": ["validation_error"],
        "415": ["unsupported_media_type"],
        "422": ["idempotency_key_reused"],
        "429": ["rate_limit_exceeded"],
        # API Gateway answers its own 5xx (a function that timed out) as service_unavailable.
        "500": ["internal_error", "service_unavailable"],
        "503": ["service_unavailable"],
    }[status]
    return sorted(codes)


def _error_response(route: Route, status: str, has_body: bool) -> dict[str, Any]:
    codes = _error_codes(route, status, has_body)
    category_write = route.path.startswith("/api/v1/categories") and route.method != "GET"
    description = TENANT_WIDE_ONLY if status == "403" and category_write else ERRORS[status]
    response: dict[str, Any] = {
        "description": f"{description}. Codes: {', '.join(codes)}",
        "content": {"application/json": {"schema": {"$ref": f"{REF}ErrorEnvelope"}}},
        "x-error-codes": codes,
    }
    if status in ("429", "503"):
        response["headers"] = {
            "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds"}
        }
    if status == "401":
        response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
    return response


def _generated(
    route: Route, served: str, operation_id: str
) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """The function's module, and the route's operation as powertools generates it (at the
    path the function sees, `served`), named and described from the module's docstring; and
    the schemas it uses."""
    module = load_module(route.code_uri, route.handler)
    generated = module.app.get_openapi_schema(title=TITLE, version=VERSION)
    document = generated.model_dump(by_alias=True, exclude_none=True, mode="json")
    operation = document["paths"][served][route.method.lower()]
    doc = (module.__doc__ or "").strip()
    summary = (doc.splitlines()[0] if doc else "").split(" — ", 1)[-1].rstrip(".")
    operation["summary"] = summary[:1].upper() + summary[1:]
    operation["description"] = doc
    operation["operationId"] = operation_id
    return module, operation, document.get("components", {}).get("schemas", {})


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
    # Listing products of a customer other than a customer-bound caller's is a 404 too
    # (common/products/listing.py).
    if "{" in route.path or (route.method, route.path) == ("GET", "/api/v1/products"):
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
    operation_id = route.function.removesuffix("Function")
    module, operation, schemas = _generated(route, route.path, operation_id)
    source = inspect.getsource(module)
    operation["tags"] = [
        next((tag for prefix, tag in TAGS.items() if route.path.startswith(prefix)), "Service")
    ]

    parameters = operation.get("parameters", [])
    for parameter in parameters:
        # An optional header or query parameter is absent or text, never JSON null (the None
        # of its Python default): "null" would be sent as text.
        branches = parameter["schema"].get("anyOf", [])
        if any(branch.get("type") == "null" for branch in branches):
            kept = [branch for branch in branches if branch.get("type") != "null"]
            rest = {k: v for k, v in parameter["schema"].items() if k not in ("anyOf", "title")}
            parameter["schema"] = {**rest, **kept[0]} if len(kept) == 1 else {**rest, "anyOf": kept}
        if parameter["in"] == "path" and parameter["name"] in ID_PATTERNS:
            parameter["schema"] = {"type": "string", "pattern": ID_PATTERNS[parameter["name"]]}
        if route.path == "/api/v1/categories" and parameter["name"] == "parent_id":
            parameter["schema"] = {"type": "string", "pattern": PARENT_FILTER_PATTERN}
    if "@idempotent_route(" in source:
        key = _header("Idempotency-Key", "Replays the first response for 24 h")
        key["schema"]["pattern"] = KEY_PATTERN
        parameters.append(key)
    if "if_match" in source or "if-match" in source.lower():
        if_match = _header("If-Match", 'The ETag the change is based on ("v3"), or *')
        if_match["schema"]["pattern"] = IF_MATCH_PATTERN
        parameters.append(if_match)
    if "representation(" in source:
        parameters.append(_header("If-None-Match", "304 when the ETag still matches"))
    if parameters:
        operation["parameters"] = parameters

    operation["responses"] = _responses(route, operation, source, template)
    # A public route says so: an empty requirement list (OpenAPI: no authentication).
    operation["security"] = [{SECURITY_SCHEME: []}] if route.authorized else []
    return operation, schemas


def _responses(
    route: Route, operation: dict[str, Any], source: str, template: Template
) -> dict[str, Any]:
    """The handler's success response (its decorator's `responses=ok(...)`) with its headers,
    and the errors the route can answer."""
    successes = {k: v for k, v in operation["responses"].items() if k.startswith("2")}
    if len(successes) != 1:
        raise ValueError(f"{route.function}: declare its success with responses=ok(...)")
    status, success = next(iter(successes.items()))
    headers = dict(RATE_LIMIT_HEADERS) if route.authorized else {}
    if "representation(" in source or '"ETag"' in source:
        headers["ETag"] = {"schema": {"type": "string"}, "description": 'The version: "v3"'}
    if "list_response(" in source:
        headers["Link"] = {"schema": {"type": "string"}, "description": 'rel="next": the next page'}
    if '"Location"' in source:
        headers["Location"] = {"schema": {"type": "string"}, "description": "The new resource"}
    if "@idempotent_route(" in source:
        headers[REPLAYED_HEADER] = {
            "schema": {"type": "string", "enum": ["true"]},
            "description": "The first response to this Idempotency-Key, replayed",
        }
    if headers:
        success["headers"] = headers
    responses: dict[str, Any] = {status: success}
    if "representation(" in source:
        responses["304"] = {"description": "Not modified: If-None-Match matches the ETag"}
    has_body = "requestBody" in operation
    for error in _error_statuses(route, operation, source, template):
        responses[error] = _error_response(route, error, has_body)
    return responses


# ---- What powertools cannot say about a body or a query, said from the same code --------------
# What str.strip() removes: SPACES and the Cc characters that are whitespace.
_STRIPPED = SPACES + r"\t\n\x0b\x0c\r\x1c-\x1f\x85"


def _comma_list_pattern(item: str, most: int | None) -> str:
    """A comma-separated list as common/products/query.py reads it: split on commas, each value
    trimmed, empty ones dropped; `item` is one trimmed value, `most` the values allowed
    (None: any number, none included)."""
    padded = f"[{_STRIPPED}]*{item}[{_STRIPPED}]*"
    empties = f"(?:[{_STRIPPED}]*,)*"
    if most is None:
        optional = f"[{_STRIPPED}]*(?:{item})?[{_STRIPPED}]*"
        return f"^{optional}(?:,{optional})*$"
    return f"^{empties}{padded}(?:,{empties}{padded}){{0,{most - 1}}}(?:,[{_STRIPPED}]*)*$"


# One value of a comma list: 1 to 200 characters once trimmed, no control character and no
# bidirectional control, a visible character first (Name).
_NOT_IN_LINE = f",{CONTROL}{BIDI}"
_COMMA_VALUE = (
    f"[^{_NOT_IN_LINE}{SPACES}{INVISIBLE}](?:[^{_NOT_IN_LINE}]{{0,198}}[^{_NOT_IN_LINE}{SPACES}])?"
)


# Query fields whose rule is a validator of the model, not its type.
_DATE_OR_TIME = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}],
    "description": "A date (the whole day) or an RFC 3339 date-time",
}
_QUERY_RULES: dict[str, dict[str, Any]] = {
    "currency": {"$ref": f"{REF}{money.CURRENCY}"},
    "created_from": _DATE_OR_TIME,
    "created_to": _DATE_OR_TIME,
}


def _query_parameters(model: Any, parameters: list[dict[str, Any]]) -> None:
    """powertools documents a query model's fields as bare types: each gets its field's JSON
    Schema (without the null a Python default needs), and comma lists their text form."""
    properties = model.model_json_schema(ref_template=REF + "{model}")["properties"]
    for parameter in parameters:
        name = parameter["name"]
        if parameter["in"] != "query" or name not in properties:
            continue
        if name in _QUERY_RULES:
            parameter["schema"] = _QUERY_RULES[name]
            continue
        schema = dict(properties[name])
        branches = [b for b in schema.pop("anyOf", [schema]) if b.get("type") != "null"]
        # A Decimal is a number or its text; in a query string it is text either way.
        branches = [b for b in branches if b.get("type") == "number"] or branches
        schema = {k: v for k, v in schema.items() if k not in ("default", "title")}
        typed: dict[str, Any] = branches[0] if len(branches) == 1 else {"anyOf": branches}
        if typed.get("type") == "array":
            items = typed["items"]
            if "enum" in items:
                value = "|".join(items["enum"])
                typed = {"type": "string", "pattern": _comma_list_pattern(f"(?:{value})", None)}
            else:
                most = int(typed.get("maxItems", MAX_LIST_VALUES))
                typed = {"type": "string", "pattern": _comma_list_pattern(_COMMA_VALUE, most)}
            schema["description"] = "Comma-separated values; any of them matches"
        parameter["schema"] = {**schema, **typed}


def _stock_operation(schema: dict[str, Any]) -> None:
    """common/products/stock.py: the bounds of `quantity` (pydantic wrote ge/le, which JSON
    Schema does not have) and what each operation allows (_quantity_fits_operation)."""

    def rule(operations: list[str], quantity: dict[str, Any]) -> dict[str, Any]:
        when = {"required": ["operation"], "properties": {"operation": {"enum": operations}}}
        return {"if": when, "then": {"properties": {"quantity": quantity}}}

    schema["properties"]["quantity"] = {
        "type": "integer",
        "minimum": -MAX_UNITS,
        "maximum": MAX_UNITS,
        "description": "adjust: a non-zero delta; set: 0 or more; reserve, release, commit: "
        "1 or more",
    }
    schema["allOf"] = [
        rule(["adjust"], {"not": {"const": 0}}),
        rule(["set"], {"minimum": 0}),
        rule(["reserve", "release", "commit"], {"minimum": 1}),
    ]


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    branches = [schema, *schema.get("anyOf", [])]
    if any(branch.get("type") == "null" for branch in branches):
        return schema
    return {"anyOf": [schema, {"type": "null"}]}


def _patch_member(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """A member of a merge patch (RFC 7396): objects merge, so their members are patches too
    (null removes one); arrays and scalars replace."""
    if "anyOf" in schema:
        return {**schema, "anyOf": [_patch_member(b, schemas) for b in schema["anyOf"]]}
    ref = schema.get("$ref", "")
    if ref.startswith(REF):  # a named object's patch is named too: LocationPatch
        name = ref.removeprefix(REF)
        patch = _patch_member(schemas[name], schemas) if "$ref" not in schemas[name] else None
        if patch is None or patch == schemas[name]:
            return schema
        schemas[f"{name}Patch"] = patch
        return {"$ref": f"{REF}{name}Patch"}
    if "properties" in schema:
        return _merge_patch(schema, schemas)
    if schema.get("type") == "object" and isinstance(schema.get("additionalProperties"), dict):
        return {**schema, "additionalProperties": _nullable(schema["additionalProperties"])}
    return schema


def _merge_patch(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """The merge patch of an object of `schema`: every member optional, null removes one (not
    a required one: the result would be refused), unknown members refused as in the model."""
    required = set(schema.get("required", []))
    properties = {}
    for name, member in schema["properties"].items():
        patched = _patch_member(member, schemas)
        properties[name] = patched if name in required else _nullable(patched)
    kept = {k: v for k, v in schema.items() if k in ("type", "additionalProperties")}
    return {**kept, "properties": properties}


def _product_patch(schemas: dict[str, Any]) -> dict[str, Any]:
    """ProductInput's merge patch. Its rules hold for what the patch gives: not inventory and
    stock both, no stock with variants, prices in the minor units of the patch's currency (of
    any currency when it gives none: the product's is not known to the document)."""
    product = schemas["ProductInput"]
    patch = _merge_patch(product, schemas)
    finest = 10.0 ** -max(money.minor_units(code) for code in money.CURRENCIES)
    rules = []
    for rule in product.get("allOf", []):
        condition = rule.get("if", {})
        if "not" in condition and "required" not in condition:
            condition = {"required": ["currency"], **condition}
        rules.append({**rule, "if": condition} if "if" in rule else rule)
    price = {"multipleOf": finest}
    rules.append(
        {
            "properties": {
                "price": price,
                "cost_price": price,
                "variants": {"items": {"properties": {"price": price}}},
            }
        }
    )
    patch["allOf"] = rules
    patch["description"] = (
        "A JSON merge patch (RFC 7396) of the product's writable fields: members given replace "
        "(objects merge), null removes an optional one. The result must be a valid ProductInput "
        "in the product's currency."
    )
    return patch


def _complete_bodies(paths: dict[str, Any], schemas: dict[str, Any]) -> None:
    """Bodies the functions take as plain JSON (merge patches, the batch) and validate against
    the models themselves: the document gives the models' schemas."""

    def body(path: str, method: str) -> dict[str, Any]:
        content = paths[path][method]["requestBody"]["content"]
        return dict(content["application/json"]["schema"])

    def set_body(path: str, method: str, schema: dict[str, Any]) -> None:
        paths[path][method]["requestBody"]["content"]["application/json"]["schema"] = schema

    batch = body("/api/v1/products/batch", "post")
    set_body("/api/v1/products/batch", "post", {**batch, "items": {"$ref": f"{REF}ProductInput"}})
    schemas["ProductPatch"] = _product_patch(schemas)
    set_body("/api/v1/products/{product_id}", "patch", {"$ref": f"{REF}ProductPatch"})
    schemas["CategoryPatch"] = {
        **_merge_patch(schemas["CategoryInput"], schemas),
        "description": "A JSON merge patch (RFC 7396) of the category: null removes an optional "
        "member (`slug`: derived again from the name; `parent_id`: to the top level).",
    }
    set_body("/api/v1/categories/{category_id}", "patch", {"$ref": f"{REF}CategoryPatch"})
    _stock_operation(schemas["StockOperation"])
    _query_parameters(ProductQuery, paths["/api/v1/products"]["get"]["parameters"])


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
    roots = {"paths": document["paths"], "responses": document["components"].get("responses")}
    pending = [ref for ref in _references(roots) if ref.startswith(REF)]
    used: set[str] = set()
    while pending:
        name = pending.pop().removeprefix(REF)
        if name in used:
            continue
        used.add(name)
        pending += [ref for ref in _references(schemas[name]) if ref.startswith(REF)]
    return {name: schemas[name] for name in sorted(used)}


def _servers(template: Template) -> list[dict[str, Any]]:
    """Where the API is served: every document's paths (a door's too) are relative to these."""
    return [
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
    ]


def build_document(template: Template | None = None) -> dict[str, Any]:
    template = template or Template.load()
    paths: dict[str, dict[str, Any]] = {}
    schemas = _shared_schemas()
    for route in sorted(canonical_routes(template), key=lambda r: (r.path, r.method)):
        operation, route_schemas = _operation(route, template)
        paths.setdefault(route.path, {})[route.method.lower()] = operation
        for name, schema in route_schemas.items():
            if name in POWERTOOLS_ERROR_SCHEMAS:
                continue
            if name in schemas and schemas[name] != schema:
                raise ValueError(f"Two different schemas are both named {name}")
            schemas[name] = schema
    _complete_bodies(paths, schemas)
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": VERSION, "description": DESCRIPTION},
        "servers": _servers(template),
        "tags": [{"name": name, "description": text} for name, text in TAG_DESCRIPTIONS.items()],
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
        },
    }
    document["components"]["schemas"] = _used_schemas(document, schemas)
    return document


def door_of(route: Route) -> str | None:
    """The seed door a route belongs to ("000"), or None for the canonical API. Seed 003's
    door is the canonical API's own functions under /compat/003."""
    if route.code_uri.name == DOOR_DOCUMENTS_FUNCTION:
        return None
    match = DOOR_FUNCTION.match(route.code_uri.name) or COMPAT_PATH.match(route.path)
    return match.group(1) if match else None


def canonical_routes(template: Template) -> list[Route]:
    """The routes of the canonical document: not the doors', nor what is under /compat."""
    return [
        route
        for route in template.routes()
        if door_of(route) is None and not route.path.startswith("/compat/")
    ]


def door_routes(template: Template) -> dict[str, list[Route]]:
    doors: dict[str, list[Route]] = {}
    for route in template.routes():
        door = door_of(route)
        if door is not None:
            doors.setdefault(door, []).append(route)
    return doors


def build_door_document(
    door: str, routes: list[Route], servers: list[dict[str, Any]]
) -> dict[str, Any]:
    """A seed door's document: its operations as powertools generates them from the door's
    models, at the root and under /compat/NNN: its success bodies as its handlers declare them
    (`ok(body=...)`), its errors in the door module's ErrorBody; the API's servers, and only the
    schemas its operations use (not the query models, whose fields are its parameters)."""
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = _named_value_schemas()
    for route in sorted(routes, key=lambda r: (r.path, r.method)):
        served = route.path.removeprefix(f"/compat/{door}")
        suffix = "Compat" if route.path != served else ""
        operation_id = route.function.removesuffix("Function") + suffix
        module, operation, own_schemas = _generated(route, served, operation_id)
        schemas.update(own_schemas)
        shapes = sys.modules[f"common.doors.seed{door}"]
        for model in query_models(module.app):  # the door's rules of its parameters
            _query_parameters(model, operation.get("parameters", []))
        # powertools names headers in lower case; a door may give the seed's own spelling.
        for parameter in operation.get("parameters", []):
            spelled = getattr(shapes, "HEADER_NAMES", {}).get(parameter["name"])
            if parameter["in"] == "header" and spelled:
                parameter["name"] = spelled
                parameter["schema"].pop("title", None)
        operation["responses"] = {
            **{k: v for k, v in operation["responses"].items() if k.startswith("2")},
            **{
                status: {"$ref": f"#/components/responses/{DOOR_ERRORS[status]}"}
                for status in DOOR_ERRORS
            },
        }
        operation["security"] = [{SECURITY_SCHEME: []}]
        paths.setdefault(route.path, {})[route.method.lower()] = operation
    for name in POWERTOOLS_ERROR_SCHEMAS:
        schemas.pop(name, None)
    error = sys.modules[f"common.doors.seed{door}"].ErrorBody.model_json_schema(
        ref_template=REF + "{model}"
    )
    schemas.update({**error.pop("$defs", {}), "ErrorBody": error}, **_shared_schemas())
    at_root = any(not route.path.startswith(f"/compat/{door}/") for route in routes)
    where = f"at the root and under /compat/{door}" if at_root else f"under /compat/{door}"
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": f"{TITLE}: seed {door}'s door",
            "version": VERSION,
            "description": (
                f"Seed {door}'s own paths, bodies and errors over the Products API's catalog, "
                f"{where} (docs/seed-mapping.md). Tokens come "
                "from POST /api/v1/auth/token; refusals made by API Gateway before a function "
                "runs (the authorizer's 401 and 403, throttling) keep the canonical envelope."
            ),
        },
        "servers": servers,
        "paths": paths,
        "components": {
            "securitySchemes": {SECURITY_SCHEME: {"type": "http", "scheme": "bearer"}},
            "responses": _door_error_responses(),
        },
    }
    document["components"]["schemas"] = _used_schemas(document, schemas)
    return document


def build_canonical_door_document(
    door: str, routes: list[Route], canonical: dict[str, Any]
) -> dict[str, Any]:
    """Seed 003's door: the canonical document's operations that seed 003 documents, at
    their /compat/003 paths. The same functions serve both paths; the canonical document
    lists each operation once, at the root. The door keeps only the tags and schemas its
    operations use."""
    prefix = f"/compat/{door}"
    paths: dict[str, dict[str, Any]] = {}
    for route in sorted(routes, key=lambda r: (r.path, r.method)):
        served = canonical["paths"][route.path.removeprefix(prefix)][route.method.lower()]
        operation = copy.deepcopy(served)
        operation["operationId"] += f"Compat{door}"
        paths.setdefault(route.path, {})[route.method.lower()] = operation
    tags = {
        tag for item in paths.values() for operation in item.values() for tag in operation["tags"]
    }
    document = {
        **canonical,
        "info": {
            "title": f"{TITLE}: seed {door}'s door",
            "version": VERSION,
            "description": (
                f"Seed {door}'s API is the canonical one (docs/openapi.json): its operations, "
                f"as seed {door} documents them, are served under {prefix} too, by the same "
                "functions, with the same bodies, envelopes and errors (docs/seed-mapping.md). "
                + DESCRIPTION
            ),
        },
        "tags": [tag for tag in canonical["tags"] if tag["name"] in tags],
        "paths": paths,
        "components": {k: v for k, v in canonical["components"].items() if k != "schemas"},
    }
    document["components"]["schemas"] = _used_schemas(document, canonical["components"]["schemas"])
    return document


# What a door can answer besides success: its functions' errors in the door's shape, and on
# the statuses API Gateway answers too (the authorizer's 401 and 403, throttling, a body over
# 10 MB, a function that timed out: docs/seed-mapping.md), the canonical envelope.
DOOR_ERRORS = {
    **dict.fromkeys(("400", "404", "409", "415", "422", "503"), "Error"),
    **dict.fromkeys(("401", "403", "413", "429", "500"), "ErrorOrGatewayError"),
}


def _door_error_responses() -> dict[str, Any]:
    door = {"$ref": f"{REF}ErrorBody"}
    gateway = {"$ref": f"{REF}ErrorEnvelope"}
    return {
        "Error": {
            "description": "The door's error shape",
            "content": {"application/json": {"schema": door}},
        },
        "ErrorOrGatewayError": {
            "description": "The door's error shape, or API Gateway's own (the canonical "
            "envelope) when the gateway answers before the function runs",
            "content": {"application/json": {"schema": {"anyOf": [door, gateway]}}},
        },
    }


def render(document: Any, compact: bool = False) -> str:
    if compact:  # the served copy
        return json.dumps(document, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _read(path: Path) -> str:
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")


def _write(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    # mtime=0: the same text gives the same bytes, so the file changes only with the document.
    path.write_bytes(gzip.compress(data, mtime=0) if path.suffix == ".gz" else data)


def allowed_methods(template: Template) -> dict[str, list[str]]:
    """Resource -> its methods: the `Allow` of functions/method_not_allowed's 405s."""
    methods: dict[str, set[str]] = {}
    for route in template.routes():
        methods.setdefault(route.path, set()).add(route.method)
    return {path: sorted(methods[path]) for path in sorted(methods)}


def expected_files(template: Template | None = None) -> dict[Path, str]:
    template = template or Template.load()
    document = build_document(template)
    doors: dict[Path, str] = {}
    for door, routes in door_routes(template).items():
        door_document = (
            build_canonical_door_document(door, routes, document)
            if door == CANONICAL_DOOR
            else build_door_document(door, routes, document["servers"])
        )
        doors[Path(str(DOOR_DOC).format(door=door))] = render(door_document)
        doors[Path(str(SERVED_DOOR_FILE).format(door=door))] = render(door_document, compact=True)
    listed = [
        {
            "door": door,
            "title": f"Seed {door}'s door",
            "url": f"../../compat/{door}/openapi.json",
        }
        for door in sorted(door_routes(template))
    ]
    return {
        DOCS_DOORS_FILE: render(listed),
        DOC_FILE: render(document),
        SERVED_FILE: render(document, compact=True),
        ALLOW_FILE: render(allowed_methods(template)),
        **doors,
    }


def stale_files(files: dict[Path, str]) -> list[Path]:
    return [path for path, text in files.items() if not path.exists() or _read(path) != text]


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
        _write(path, files[path])
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
