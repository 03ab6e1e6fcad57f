#!/usr/bin/env python3
"""Writes events/<Function>.json, one realistic event per function of template.yaml, for
`sam local invoke -e events/<Function>.json <Function>`, and env.json for `--env-vars env.json`.

API functions get the REST API (v1) proxy event API Gateway sends them, with the authorizer's
context on authenticated routes; the authorizer gets a TOKEN event, the rotation function a
Secrets Manager rotation step, the stream consumer a batch of ProductsTable stream records.
The output is deterministic: re-running rewrites the same bytes, and `--check` exits 1 when
the committed files are stale (tests/tooling/test_events.py does too).

    .venv/bin/python scripts/generate_events.py [--check]
"""

import argparse
import base64
import dataclasses
import hashlib
import json
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a plain script
    sys.path.insert(0, str(ROOT))

from local_api.environment import DEMO_CUSTOMER, DEMO_TENANT  # noqa: E402
from local_api.scheduler import scheduled_event  # noqa: E402
from local_api.template import Route, Template  # noqa: E402

FUNCTION = "AWS::Serverless::Function"
EVENTS_DIR = ROOT / "events"
ENV_FILE = ROOT / "env.json"

# A plausible deployment: edge-optimized REST API, stage dev, in us-east-1.
REGION, ACCOUNT_ID, API_ID, STAGE = "us-east-1", "123456789012", "a1b2c3d4e5", "dev"
DOMAIN = f"{API_ID}.execute-api.{REGION}.amazonaws.com"
REQUEST_TIME = datetime(2025, 1, 15, 10, 30, 0, tzinfo=UTC)
SOURCE_IP, USER_AGENT = "203.0.113.42", "products-client/1.4 (+https://example.com)"


def _fake(label: str, length: int) -> str:
    """Deterministic hex that looks random (ids, secrets, trace ids)."""
    digest = "".join(hashlib.sha256(f"{label}#{i}".encode()).hexdigest() for i in range(4))
    return digest[:length]


def _uuid(label: str) -> str:
    return str(uuid.UUID(_fake(label, 32), version=4))


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


# The caller of every authenticated event: a client of `make run`'s demo tenant and customer.
# The ids and secrets are examples; tests/tooling/test_events.py swaps in real ones.
CLIENT_ID = f"cli_{_fake('client', 24)}"
CLIENT_SECRET = f"sk_live_{_b64url(bytes.fromhex(_fake('client secret', 64)))}"
REFRESH_TOKEN = f"rt_{_b64url(bytes.fromhex(_fake('refresh token', 64)))}"
PRODUCT_ID = f"prod_{_fake('product', 24)}"
SCOPES = "categories:write inventory:write products:read products:write"
SECRET_ARN = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT_ID}:secret:SigningKeysSecret-Ab12Cd"


def _example_access_token() -> str:
    """A JWT shaped like the API's (ES256, kid, the real claims) but not validly signed:
    invoke the authorizer with a token from POST /api/v1/auth/token to get an Allow."""
    issued = int(REQUEST_TIME.timestamp())
    header = {"alg": "ES256", "kid": f"key_{_fake('kid', 16)}", "typ": "JWT"}
    claims = {
        "iss": "products-api",
        "aud": "products-api",
        "sub": CLIENT_ID,
        "tenant_id": DEMO_TENANT,
        "customer_id": DEMO_CUSTOMER,
        "scope": SCOPES,
        "mode": "live",
        "iat": issued,
        "nbf": issued,
        "exp": issued + 3600,
        "jti": _b64url(bytes.fromhex(_fake("jti", 32))),
    }
    parts = [json.dumps(part, separators=(",", ":")).encode() for part in (header, claims)]
    signature = bytes.fromhex(_fake("signature", 128))
    return ".".join([*(_b64url(part) for part in parts), _b64url(signature)])


ACCESS_TOKEN = _example_access_token()

PRODUCT = {
    "customer_id": DEMO_CUSTOMER,
    "name": "Trail Running Shoe",
    "description": "Lightweight trail shoe with a grippy outsole and a breathable mesh upper.",
    "short_description": "Lightweight trail shoe",
    "price": 129.99,
    "cost_price": 54.5,
    "currency": "USD",
    "status": "active",
    "tags": ["running", "trail", "outdoor"],
    "attributes": {"color": "forest green", "sizes": ["40", "41", "42", "43"], "weight_g": 280},
    "inventory": 120,
}
# Categories are the tenant's: their writes come from a tenant-wide client of the demo tenant.
TENANT_WIDE = {"customer_id": ""}
# Per route (method, path): the request body, query string and extra headers of its example,
# and what differs in its caller's authorizer context (the demo client is customer-bound).
# Seed 001's create and update bodies as its document prints them (clients/seeds).
SEED_001_REQUESTS = json.loads((ROOT / "clients" / "seeds" / "seed001_requests.json").read_text())
EXAMPLES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/api/v1/auth/token"): {
        "body": {
            "grant_type": "client_credentials",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        }
    },
    ("POST", "/api/v1/auth/refresh"): {
        "body": {"grant_type": "refresh_token", "refresh_token": REFRESH_TOKEN}
    },
    ("POST", "/api/v1/auth/revoke"): {
        "body": {"token": REFRESH_TOKEN, "token_type_hint": "refresh_token"}
    },
    ("POST", "/api/v1/products"): {"body": PRODUCT},
    ("GET", "/api/v1/products"): {"query": {"limit": "10"}},
    ("PUT", "/api/v1/products/{product_id}"): {
        "body": {**PRODUCT, "price": 119.99, "tags": ["running", "trail", "sale"]}
    },
    ("PATCH", "/api/v1/products/{product_id}"): {
        "body": {"price": 99.99, "attributes": {"weight_g": None}},
        "headers": {"Content-Type": "application/merge-patch+json"},
    },
    ("POST", "/api/v1/products/{product_id}/inventory"): {
        "body": {"operation": "reserve", "quantity": 2},
        "headers": {"Idempotency-Key": "7f1c2a9e-reserve-order-1042"},
    },
    ("POST", "/api/v1/categories"): {
        "body": {"name": "Trail Running", "description": "Shoes and gear for trail runners"},
        "caller": TENANT_WIDE,
    },
    ("GET", "/api/v1/categories"): {"query": {"limit": "20"}},
    ("GET", "/api/v1/audit-events"): {
        "query": {"limit": "20", "resource_id": PRODUCT_ID},
        "headers": {"userId": "ops-jane"},
        # The trail is for tenant-wide admin clients.
        "caller": {"customer_id": "", "scopes": "admin"},
    },
    ("PUT", "/api/v1/categories/{category_id}"): {
        "body": {"name": "Trail Running", "slug": "trail", "description": "Off-road running"},
        "caller": TENANT_WIDE,
    },
    ("PATCH", "/api/v1/categories/{category_id}"): {
        "body": {"description": "Shoes, poles and vests for trail runners"},
        "headers": {"Content-Type": "application/merge-patch+json"},
        "caller": TENANT_WIDE,
    },
    ("DELETE", "/api/v1/categories/{category_id}"): {"caller": TENANT_WIDE},
    # Seed 000's own example (its curl), for the demo client's customer.
    ("POST", "/api/products/upload"): {
        "body": [
            {
                "customer_id": DEMO_CUSTOMER,
                "name": "Laptop Stand",
                "description": "Adjustable aluminum laptop stand",
                "price": 49.99,
            }
        ]
    },
    ("GET", "/api/products/get"): {"query": {"limit": "100"}},
    # Seed 002's curl example, from a client of the demo tenant (tenantId must be the token's).
    ("GET", "/compat/002/api/v1/products"): {
        "query": {
            "productSearch": "apple",
            "productDateRange": "2020-11-12,2022-11-15",
            "productLowStock": "10",
            "productQuantity": "50",
            "productByProductTypeIds": "123,124",
            "productIds": "1001,1002",
            "productActive": "1",
            "byStates": "California",
            "byCities": "San Francisco",
            "byBusinessIds": "BIZ123",
            "order": "ASC",
            "page": "1",
            "limit": "10",
        },
        "headers": {"tenantId": DEMO_TENANT, "userId": "USR456", "countryCode": "US"},
    },
    # Seed 001's own examples (its create and update bodies, its listing parameters), for a
    # tenant-wide client (a category named for the first time is made by such a client).
    ("GET", "/api/products"): {
        "query": {"page": "1", "limit": "20", "category": "bath", "sort": "price", "order": "asc"}
    },
    ("POST", "/api/admin/products"): {
        "body": SEED_001_REQUESTS["create"],
        "caller": {"customer_id": "", "scopes": "products:read products:write categories:write"},
    },
    ("PATCH", "/api/admin/products/{productId}"): {"body": SEED_001_REQUESTS["update"]},
    # Seed 004's own examples, with its trailing slash (API Gateway routes /v1/products/ to the
    # resource /v1/products; `path` keeps the slash), from a tenant-wide client.
    ("POST", "/v1/products"): {
        "body": {
            "name": "Sample Product",
            "description": "This is a sample product",
            "price": 100.0,
            "currency": "CRC",
            "stock": 10,
            "is_physical": True,
        },
        "trailing_slash": True,
        "caller": TENANT_WIDE,
    },
    ("GET", "/v1/products"): {
        "query": {"page_size": "1", "page": "1"},
        "trailing_slash": True,
        "caller": TENANT_WIDE,
    },
    ("GET", "/v1/products/{product_id}"): {"trailing_slash": True, "caller": TENANT_WIDE},
    ("PUT", "/v1/products/{product_id}"): {
        "body": {
            "name": "Updated Product Name",
            "description": "Updated description",
            "price": 120.0,
        },
        "trailing_slash": True,
        "caller": TENANT_WIDE,
    },
    ("DELETE", "/v1/products/{product_id}"): {"trailing_slash": True, "caller": TENANT_WIDE},
    ("POST", "/api/v1/products/batch"): {
        "body": [
            {**PRODUCT, "name": "Trail Runner 2", "sku": "TR2-GRN-42"},
            {**PRODUCT, "name": "Trail Runner 2 Kids", "sku": "TR2K-GRN-32", "price": 59.99},
        ]
    },
}
CATEGORY_ID = "cat_3f1d0c9be2a54d7f8a6b2c41"
PATH_PARAMETER_EXAMPLES = {
    "product_id": PRODUCT_ID,
    "productId": PRODUCT_ID,  # seed 001's name
    "category_id": CATEGORY_ID,
}


def _headers(route: Route, extra: dict[str, str], has_body: bool) -> dict[str, str]:
    label = f"{route.method} {route.path}"
    headers = {
        "Accept": "application/json",
        "Accept-Encoding": "gzip, deflate, br",
        "CloudFront-Forwarded-Proto": "https",
        "CloudFront-Is-Desktop-Viewer": "true",
        "CloudFront-Is-Mobile-Viewer": "false",
        "CloudFront-Is-SmartTV-Viewer": "false",
        "CloudFront-Is-Tablet-Viewer": "false",
        "CloudFront-Viewer-ASN": "64496",
        "CloudFront-Viewer-Country": "US",
        "Host": DOMAIN,
        "User-Agent": USER_AGENT,
        "Via": f"2.0 {_fake(f'via {label}', 32)}.cloudfront.net (CloudFront)",
        "X-Amz-Cf-Id": _b64url(bytes.fromhex(_fake(f"cf {label}", 80))) + "==",
        "X-Amzn-Trace-Id": f"Root=1-{int(REQUEST_TIME.timestamp()):x}-{_fake(label, 24)}",
        "X-Forwarded-For": f"{SOURCE_IP}, 130.176.0.1",
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https",
    }
    if route.authorized:
        headers["Authorization"] = f"Bearer {ACCESS_TOKEN}"
    if has_body:
        headers["Content-Type"] = "application/json"
    return dict(sorted({**headers, **extra}.items()))


def _fill_path(route: Route) -> tuple[str, dict[str, str]]:
    parameters: dict[str, str] = {}
    path = route.path
    for segment in route.path.split("/"):
        if segment.startswith("{") and segment.endswith("}"):
            name = segment[1:-1]
            parameters[name] = PATH_PARAMETER_EXAMPLES.get(name, f"example-{name}")
            path = path.replace(segment, parameters[name])
    return path, parameters


def proxy_event(route: Route) -> dict[str, Any]:
    """The Lambda proxy integration event (payload v1) of one route's example request."""
    example = EXAMPLES.get((route.method, route.path), {})
    body = example.get("body")
    query: dict[str, str] = example.get("query", {})
    headers = _headers(route, example.get("headers", {}), body is not None)
    path, path_parameters = _fill_path(route)
    if example.get("trailing_slash"):
        path += "/"
    label = f"{route.method} {route.path}"
    request_context: dict[str, Any] = {
        "resourceId": _fake(f"resource {route.path}", 6),
        "resourcePath": route.path,
        "httpMethod": route.method,
        "extendedRequestId": _b64url(bytes.fromhex(_fake(f"extended {label}", 22))) + "=",
        "requestTime": REQUEST_TIME.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "path": f"/{STAGE}{path}",
        "accountId": ACCOUNT_ID,
        "protocol": "HTTP/1.1",
        "stage": STAGE,
        "domainPrefix": API_ID,
        "requestTimeEpoch": int(REQUEST_TIME.timestamp() * 1000),
        "requestId": _uuid(f"request {label}"),
        "identity": {
            "cognitoIdentityPoolId": None,
            "accountId": None,
            "cognitoIdentityId": None,
            "caller": None,
            "sourceIp": SOURCE_IP,
            "principalOrgId": None,
            "accessKey": None,
            "cognitoAuthenticationType": None,
            "cognitoAuthenticationProvider": None,
            "userArn": None,
            "userAgent": USER_AGENT,
            "user": None,
        },
        "domainName": DOMAIN,
        "deploymentId": _fake("deployment", 6),
        "apiId": API_ID,
    }
    if route.authorized:
        # What the authorizer's Allow policy carries (flat strings), plus API Gateway's own keys.
        request_context["authorizer"] = {
            "principalId": CLIENT_ID,
            "tenant_id": DEMO_TENANT,
            "client_id": CLIENT_ID,
            "customer_id": DEMO_CUSTOMER,
            "scopes": SCOPES,
            "mode": "live",
            "integrationLatency": 87,
            **example.get("caller", {}),
        }
    return {
        "resource": route.path,
        "path": path,
        "httpMethod": route.method,
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} or None,
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "requestContext": request_context,
        "body": None if body is None else json.dumps(body),
        "isBase64Encoded": False,
    }


def authorizer_event() -> dict[str, Any]:
    """The TOKEN authorizer's input for a call to GET /api/v1/products."""
    return {
        "type": "TOKEN",
        "authorizationToken": f"Bearer {ACCESS_TOKEN}",
        "methodArn": (
            f"arn:aws:execute-api:{REGION}:{ACCOUNT_ID}:{API_ID}/{STAGE}/GET/api/v1/products"
        ),
    }


def rotation_event() -> dict[str, Any]:
    """The first step of a Secrets Manager rotation of the signing keys."""
    return {
        "Step": "createSecret",
        "SecretId": SECRET_ARN,
        "ClientRequestToken": _uuid("rotation"),
        "RotationToken": _uuid("rotation token"),
    }


def schedule_event(rule: str) -> dict[str, Any]:
    """What an EventBridge rate rule sends (a "Scheduled Event")."""
    return scheduled_event(rule, _uuid(f"schedule {rule}"), "2025-01-15T09:00:00Z")


STREAM_ARN = (
    f"arn:aws:dynamodb:{REGION}:{ACCOUNT_ID}:table/ProductsTable/stream/2025-01-15T09:00:00.000"
)


def _stream_record(
    name: str, sequence: int, keys: dict[str, Any], old: Any = None, new: Any = None
) -> dict[str, Any]:
    """One DynamoDB stream record as Lambda delivers it (NEW_AND_OLD_IMAGES)."""
    from boto3.dynamodb.types import TypeSerializer

    serialize = TypeSerializer().serialize
    image: dict[str, Any] = {
        "ApproximateCreationDateTime": int(REQUEST_TIME.timestamp()) + sequence,
        "Keys": {k: serialize(v) for k, v in keys.items()},
    }
    for label, values in (("NewImage", new), ("OldImage", old)):
        if values is not None:
            image[label] = {k: serialize(v) for k, v in {**keys, **values}.items() if v is not None}
    image["SequenceNumber"] = f"{4_000_000_000_000_000_000 + sequence * 100:022d}"
    image["SizeBytes"] = len(json.dumps(image))
    image["StreamViewType"] = "NEW_AND_OLD_IMAGES"
    return {
        "eventID": _fake(f"stream record {sequence}", 32),
        "eventName": name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": REGION,
        "dynamodb": image,
        "eventSourceARN": STREAM_ARN,
    }


def stream_event() -> dict[str, Any]:
    """A batch of the ProductsTable stream: a product created, stock reserved on it, its price
    changed, a SKU claim (skipped: not a product) and the product deleted."""
    from decimal import Decimal

    created = REQUEST_TIME.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    partition = f"live#{DEMO_TENANT}"
    keys = {"pk": f"{partition}#PRODUCT#{PRODUCT_ID}", "sk": "PRODUCT"}
    from common.products.models import Product
    from common.storage.products.repository import product_values

    stored = Product.model_validate({
        "id": PRODUCT_ID,
        "tenant_id": DEMO_TENANT,
        "mode": "live",
        "customer_id": DEMO_CUSTOMER,
        "name": PRODUCT["name"],
        "description": PRODUCT["description"],
        "price": Decimal("129.99"),
        "currency": "USD",
        "status": "active",
        "sku": "TR-GRN-42",
        "tags": PRODUCT["tags"],
        "stock": {"available": 120, "reserved": 0},
        "version": 1,
        "created_at": created,
        "updated_at": created,
    })  # fmt: skip
    # The items as the repository stores them (index keys included), so they cannot drift.
    product = product_values(stored)
    # A stock operation moves the counters, the stock index key (none above its level) and the
    # version only.
    reserved = product_values(
        stored.model_copy(
            update={
                "stock": stored.stock.model_copy(update={"available": 118, "reserved": 2}),
                "version": 2,
            }
        )
    )
    repriced = product_values(
        stored.model_copy(
            update={
                "price": Decimal("119.99"),
                "stock": stored.stock.model_copy(update={"available": 118, "reserved": 2}),
                "version": 3,
                "updated_at": created.replace("10:30:00", "10:32:00"),
            }
        )
    )
    sku_keys = {"pk": f"{partition}#SKU#TR-GRN-42", "sk": "SKU"}
    return {
        "Records": [
            _stream_record("INSERT", 1, keys, new=product),
            _stream_record("MODIFY", 2, keys, old=product, new=reserved),
            _stream_record("MODIFY", 3, keys, old=reserved, new=repriced),
            _stream_record("REMOVE", 4, sku_keys, old={"product_id": PRODUCT_ID}),
            _stream_record("REMOVE", 5, keys, old=repriced),
        ]
    }


def _functions_triggered_by(template: Template, event_type: str) -> set[str]:
    """The functions with an event source of `event_type` (DynamoDB, Schedule...)."""
    return {
        name
        for name, resource in template.resources_of_type(FUNCTION).items()
        for event in resource["Properties"].get("Events", {}).values()
        if event.get("Type") == event_type
    }


def _rotation_functions(template: Template) -> set[str]:
    schedules = template.resources_of_type("AWS::SecretsManager::RotationSchedule").values()
    return {
        schedule["Properties"]["RotationLambdaARN"]["Fn::GetAtt"][0]
        for schedule in schedules
        if "Fn::GetAtt" in schedule["Properties"].get("RotationLambdaARN", {})
    }


def build_events(template: Template) -> dict[str, dict[str, Any]]:
    """Function logical id -> its example event, for every function of the template."""
    routes: dict[str, Route] = {}
    for route in template.routes():
        routes.setdefault(route.function, route)  # a function's first route
    for route in template.fallback_routes():
        # ANY: the example is a method the resource does not declare.
        routes.setdefault(route.function, dataclasses.replace(route, method="DELETE"))
    authorizer = template.authorizer().function
    rotation = _rotation_functions(template)
    streams = _functions_triggered_by(template, "DynamoDB")
    scheduled = _functions_triggered_by(template, "Schedule")
    events: dict[str, dict[str, Any]] = {}
    for function in sorted(template.resources_of_type(FUNCTION)):
        if function in routes:
            events[function] = proxy_event(routes[function])
        elif function == authorizer:
            events[function] = authorizer_event()
        elif function in rotation:
            events[function] = rotation_event()
        elif function in streams:
            events[function] = stream_event()
        elif function in scheduled:
            events[function] = schedule_event(f"products-api-dev-{function}")
        else:
            raise ValueError(f"No example event for {function}: teach {__file__} its trigger")
    return events


def build_env(template: Template) -> dict[str, dict[str, str]]:
    """`sam local invoke --env-vars env.json`: every function on `make run`'s DynamoDB Local
    (from the Docker container, the host is host.docker.internal). SAM only overrides
    variables the template declares for the function."""
    from local_api.dynamodb import local_table_names

    tables = local_table_names(template)
    variables = {
        "PRODUCTS_TABLE": tables["ProductsTable"],
        "AUTH_TABLE": tables["AuthTable"],
        "IDEMPOTENCY_TABLE": tables["IdempotencyTable"],
        "RATE_LIMIT_TABLE": tables["RateLimitTable"],
        "AWS_ENDPOINT_URL_DYNAMODB": "http://host.docker.internal:8000",
        # The private keys are not in the container: point this at a deployed stack's
        # SigningKeysSecretArn output to run the functions that sign or verify tokens.
        "SIGNING_KEYS_SECRET_ID": SECRET_ARN,
        "POWERTOOLS_LOG_LEVEL": "DEBUG",
    }
    return {name: dict(variables) for name in sorted(template.resources_of_type(FUNCTION))}


def render(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def expected_files(template: Template | None = None) -> dict[Path, str]:
    """Every generated file and its content."""
    template = template or Template.load()
    files = {
        EVENTS_DIR / f"{name}.json": render(event) for name, event in build_events(template).items()
    }
    files[ENV_FILE] = render(build_env(template))
    return files


def stale_files(files: dict[Path, str]) -> list[Path]:
    """Generated files that are missing or differ, and event files nothing generates."""
    stale = [path for path, text in files.items() if not path.exists() or path.read_text() != text]
    stale += [path for path in sorted(EVENTS_DIR.glob("*.json")) if path not in files]
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the files are stale")
    args = parser.parse_args(argv)
    files = expected_files()
    if args.check:
        stale = stale_files(files)
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale else 0
    EVENTS_DIR.mkdir(exist_ok=True)
    for path in stale_files(files):
        if path not in files:
            path.unlink()
    for path, text in files.items():
        path.write_text(text)
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
