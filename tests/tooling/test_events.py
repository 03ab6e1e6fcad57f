"""events/ and env.json: one realistic event per function of template.yaml, exactly what
scripts/generate_events.py writes, and each one handled by its function's real handler on moto
(what `sam local invoke -e events/<Function>.json <Function>` runs)."""

import json
from pathlib import Path
from typing import Any

import pytest

from local_api.gateway import LambdaContext, load_handler
from local_api.template import Route, Template
from scripts import generate_events as generator
from tests.moto_gateway import make_client
from tests.support import error_code, mint_token

FUNCTION = "AWS::Serverless::Function"
PRODUCT = "/api/v1/products/{product_id}"
CATEGORY = "/api/v1/categories/{category_id}"


def load_event(function: str) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((generator.EVENTS_DIR / f"{function}.json").read_text())
    return event


def with_product(event: dict[str, Any], product_id: str) -> dict[str, Any]:
    """The event for another product: its id in the path, the path parameters and the context."""
    rewritten: dict[str, Any] = json.loads(
        json.dumps(event).replace(generator.PRODUCT_ID, product_id)
    )
    return rewritten


def with_body(event: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**event, "body": json.dumps({**json.loads(event["body"]), **fields})}


def function_code(template: Template, function: str) -> tuple[Path, str]:
    props = template.resources[function]["Properties"]
    handler = props.get("Handler", template.globals.get("Handler", "app.lambda_handler"))
    return template.root / props["CodeUri"], str(handler)


def invoke(template: Template, function: str, event: dict[str, Any]) -> Any:
    code_uri, handler = function_code(template, function)
    return load_handler(code_uri, handler)(event, LambdaContext(function_name=function))


def routes_by_function(template: Template) -> dict[str, Route]:
    """Each function's first route (a seed door's function serves its root path first)."""
    routes: dict[str, Route] = {}
    for route in template.routes():
        routes.setdefault(route.function, route)
    return routes


class Caller:
    """Invokes API functions with their events; checks what every proxy response must have."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.routes = routes_by_function(template)

    def function(self, method: str, path: str) -> str:
        return next(
            r.function for r in self.routes.values() if (r.method, r.path) == (method, path)
        )

    def call(self, method: str, path: str, event: dict[str, Any] | None = None) -> Any:
        function = self.function(method, path)
        event = event or load_event(function)
        result = invoke(self.template, function, event)
        assert result["headers"]["X-Request-Id"] == event["requestContext"]["requestId"]
        return result


@pytest.fixture
def caller(template: Template) -> Caller:
    return Caller(template)


def body(result: dict[str, Any]) -> Any:
    return json.loads(result["body"])


# ------------------------------------------------------------------ the files -------------
def test_every_function_has_an_event_and_the_files_are_up_to_date(template: Template) -> None:
    functions = set(template.resources_of_type(FUNCTION))
    files = generator.expected_files(template)
    events = {path.stem for path in files if path.parent == generator.EVENTS_DIR}
    assert events == functions
    assert set(json.loads(files[generator.ENV_FILE])) == functions
    stale = [str(path.relative_to(generator.ROOT)) for path in generator.stale_files(files)]
    assert stale == [], "stale: run .venv/bin/python scripts/generate_events.py"
    assert generator.expected_files(template) == files  # deterministic


def test_api_events_match_their_routes(template: Template) -> None:
    for function, route in routes_by_function(template).items():
        event = load_event(function)
        assert (event["httpMethod"], event["resource"]) == (route.method, route.path)
        assert event["requestContext"]["resourcePath"] == route.path
        assert event["requestContext"]["path"] == f"/dev{event['path']}"
        assert event["multiValueHeaders"] == {k: [v] for k, v in event["headers"].items()}
        authorizer = event["requestContext"].get("authorizer")
        if route.authorized:
            assert event["headers"]["Authorization"].startswith("Bearer ey")
            for key in ("principalId", "tenant_id", "client_id", "customer_id", "scopes", "mode"):
                assert isinstance(authorizer[key], str), key
        else:
            assert authorizer is None
            assert "Authorization" not in event["headers"]


def test_env_json_sets_only_variables_the_template_declares(template: Template) -> None:
    declared = set(template.globals["Environment"]["Variables"])
    for variables in json.loads(generator.ENV_FILE.read_text()).values():
        assert set(variables) <= declared


# ------------------------------------------------------------------ as committed ----------
# The committed events name example clients, tokens and products that do not exist: each is
# still handled, with the answer a real deployment would give.
AS_COMMITTED = {
    ("GET", "/api/v1/health"): 200,
    ("POST", "/api/v1/products/batch"): 201,
    ("POST", "/api/v1/products/{product_id}/inventory"): 404,
    ("GET", "/.well-known/jwks.json"): 200,
    ("GET", "/api/v1/openapi.json"): 200,
    ("GET", "/api/v1/docs"): 200,
    ("POST", "/api/v1/auth/token"): 401,
    ("POST", "/api/v1/auth/refresh"): 401,
    ("POST", "/api/v1/auth/revoke"): 200,
    ("POST", "/api/v1/products"): 201,
    ("GET", "/api/v1/products"): 200,
    ("GET", PRODUCT): 404,
    ("PUT", PRODUCT): 404,
    ("PATCH", PRODUCT): 404,
    ("DELETE", PRODUCT): 404,
    ("POST", "/api/v1/categories"): 201,
    ("GET", "/api/v1/categories"): 200,
    ("GET", CATEGORY): 404,
    ("PUT", CATEGORY): 404,
    ("PATCH", CATEGORY): 404,
    ("DELETE", CATEGORY): 404,
    ("GET", "/api/v1/audit-events"): 200,  # a tenant-wide admin's (empty) trail
}


def test_every_api_event_is_handled_by_its_function(template: Template, caller: Caller) -> None:
    for route in routes_by_function(template).values():
        result = caller.call(route.method, route.path)
        expected = AS_COMMITTED.get((route.method, route.path))
        if expected is None:  # a route added since: at least not refused as malformed
            assert result["statusCode"] < 500, (route, result)
            continue
        assert result["statusCode"] == expected, (route, result["body"])
        if expected == 401:
            assert error_code(body(result)) == "unauthorized"
        if expected == 404:
            assert error_code(body(result)) == "not_found"


# ------------------------------------------------------------------ with real data --------
def test_token_and_refresh_events_with_a_real_client(caller: Caller) -> None:
    event = load_event(caller.function("POST", "/api/v1/auth/token"))
    client = make_client(tenant_id="demo-tenant", customer_id="demo-customer")
    granted = caller.call(
        "POST",
        "/api/v1/auth/token",
        with_body(event, client_id=client["client_id"], client_secret=client["client_secret"]),
    )
    assert granted["statusCode"] == 200, granted["body"]
    refresh_token = body(granted)["data"]["refresh_token"]

    refresh = load_event(caller.function("POST", "/api/v1/auth/refresh"))
    refreshed = caller.call(
        "POST", "/api/v1/auth/refresh", with_body(refresh, refresh_token=refresh_token)
    )
    assert refreshed["statusCode"] == 200, refreshed["body"]
    assert body(refreshed)["data"]["access_token"]


def test_product_events_on_a_product_they_created(caller: Caller) -> None:
    created = caller.call("POST", "/api/v1/products")
    assert created["statusCode"] == 201, created["body"]
    product = body(created)["data"]["item"]
    assert product["customer_id"] == "demo-customer"

    listed = caller.call("GET", "/api/v1/products")
    assert listed["statusCode"] == 200
    assert [item["id"] for item in body(listed)["data"]["items"]] == [product["id"]]

    def on_product(method: str) -> Any:
        event = with_product(load_event(caller.function(method, PRODUCT)), product["id"])
        result = caller.call(method, PRODUCT, event)
        assert result["statusCode"] == 200, (method, result["body"])
        return body(result)["data"]["item"]

    assert on_product("GET")["id"] == product["id"]
    replaced = on_product("PUT")
    assert (replaced["version"], replaced["price"]) == (2, 119.99)
    patched = on_product("PATCH")  # a merge patch: the price changes, weight_g goes
    assert (patched["version"], patched["price"]) == (3, 99.99)
    assert "weight_g" not in patched["attributes"]
    assert patched["attributes"]["color"] == "forest green"
    assert on_product("DELETE") == {"id": product["id"], "deleted": True}
    gone = caller.call(
        "GET", PRODUCT, with_product(load_event("GetProductFunction"), product["id"])
    )
    assert gone["statusCode"] == 404


def test_category_events_on_a_category_they_created(caller: Caller) -> None:
    def call(method: str, path: str, category_id: str = "", payload: Any = None) -> Any:
        event = load_event(caller.function(method, path))
        if category_id:
            event = json.loads(json.dumps(event).replace(generator.CATEGORY_ID, category_id))
        if payload is not None:
            event["body"] = json.dumps(payload)
            event["headers"]["Content-Type"] = "application/json"
            event["multiValueHeaders"]["Content-Type"] = ["application/json"]
        result = caller.call(method, path, event)
        assert result["statusCode"] == (201 if method == "POST" else 200), result["body"]
        return body(result)["data"]

    created = call("POST", "/api/v1/categories", payload={"name": "Trail Running"})["item"]
    assert created["slug"] == "trail-running"
    listed = call("GET", "/api/v1/categories")
    assert [item["id"] for item in listed["items"]] == [created["id"]]
    assert listed["pagination"]["total"] == 1
    assert call("GET", CATEGORY, created["id"])["item"]["id"] == created["id"]
    replaced = call("PUT", CATEGORY, created["id"], {"name": "Trail Running Shoes"})["item"]
    assert (replaced["version"], replaced["slug"]) == (2, "trail-running")
    patched = call("PATCH", CATEGORY, created["id"], {"slug": "trail"})["item"]
    assert (patched["version"], patched["slug"]) == (3, "trail")
    assert call("DELETE", CATEGORY, created["id"])["item"] == {"id": created["id"], "deleted": True}


# ------------------------------------------------------------------ other triggers --------
def test_authorizer_event(template: Template, key_file: Path) -> None:
    authorizer = template.authorizer().function
    event = load_event(authorizer)
    assert event["type"] == "TOKEN"
    api_arn, stage = event["methodArn"].split("/")[:2]

    # As committed, the example token is not validly signed.
    denied = invoke(template, authorizer, event)
    assert denied["policyDocument"]["Statement"][0]["Effect"] == "Deny"
    assert denied["context"]["error_code"] == "unauthorized"

    token = mint_token(key_file, tenant_id="demo-tenant", customer_id="demo-customer")
    allowed = invoke(template, authorizer, {**event, "authorizationToken": f"Bearer {token}"})
    statement = allowed["policyDocument"]["Statement"][0]
    assert statement["Effect"] == "Allow"
    assert statement["Resource"] == f"{api_arn}/{stage}/*/*"  # the cached policy covers all
    assert allowed["principalId"] == "cli_forged"
    assert allowed["context"]["tenant_id"] == "demo-tenant"


def test_rotation_event(template: Template) -> None:
    import boto3

    rotation = next(
        name
        for name, resource in template.resources_of_type(FUNCTION).items()
        if resource["Properties"]["CodeUri"].rstrip("/").endswith("rotate_signing_keys")
    )
    event = load_event(rotation)
    assert event["Step"] == "createSecret"
    secrets = boto3.client("secretsmanager")
    arn = secrets.create_secret(Name="SigningKeysSecret", SecretString='{"keys": []}')["ARN"]
    token = event["ClientRequestToken"]
    for step in ("createSecret", "setSecret", "testSecret", "finishSecret"):
        invoke(template, rotation, {**event, "SecretId": arn, "Step": step})
    current = secrets.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")
    assert current["VersionId"] == token
    assert len(json.loads(current["SecretString"])["keys"]) == 1


def test_stream_event(template: Template, monkeypatch: pytest.MonkeyPatch) -> None:
    import boto3

    consumer = next(
        name
        for name, resource in template.resources_of_type(FUNCTION).items()
        if any(e["Type"] == "DynamoDB" for e in resource["Properties"].get("Events", {}).values())
    )
    event = load_event(consumer)
    assert [r["eventName"] for r in event["Records"]] == [
        "INSERT",
        "MODIFY",
        "MODIFY",
        "REMOVE",
        "REMOVE",
    ]
    bus = boto3.client("events").create_event_bus(Name="products-api-events-dev")
    monkeypatch.setenv("EVENT_BUS_NAME", "products-api-events-dev")
    assert bus["EventBusArn"]
    # Every record published (the SKU claim's removal is skipped), none reported failed.
    assert invoke(template, consumer, event) == {"batchItemFailures": []}


def test_schedule_event(template: Template) -> None:
    """The batch sweeper's event: nothing to undo on an empty table."""
    event = load_event("SweepBatchesFunction")
    assert event["detail-type"] == "Scheduled Event" and event["source"] == "aws.events"
    assert invoke(template, "SweepBatchesFunction", event) == {"batches_finished": 0}
