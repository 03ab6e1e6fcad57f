"""The local API Gateway stand-in: routes and shapes come from template.yaml, faithfully."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from local_api.capacity import Limits
from local_api.gateway import LocalGateway
from local_api.template import ROOT, Template
from scripts.generate_openapi import door_routes
from tests.moto_gateway import Api
from tests.support import error_code


def test_every_function_with_a_route_has_its_code(template: Template) -> None:
    routes = template.routes()
    assert {(r.method, r.path) for r in routes} >= {
        ("POST", "/api/v1/auth/token"),
        ("POST", "/api/v1/auth/refresh"),
        ("POST", "/api/v1/auth/revoke"),
        ("GET", "/.well-known/jwks.json"),
        ("GET", "/api/v1/health"),
        ("POST", "/api/v1/products"),
        ("GET", "/api/v1/products"),
        ("GET", "/api/v1/products/{product_id}"),
        ("PUT", "/api/v1/products/{product_id}"),
        ("PATCH", "/api/v1/products/{product_id}"),
        ("DELETE", "/api/v1/products/{product_id}"),
    }
    for route in routes:
        assert (route.code_uri / "app.py").is_file(), route
    assert len({(r.method, r.path) for r in routes}) == len(routes), "duplicate routes"


def test_one_function_per_endpoint(template: Template) -> None:
    """One function per operation; a seed door's function serves its operation at the root
    and under /compat/NNN, the same endpoint at two paths. A door's operation is its own
    even where its path is a canonical one (seed 002's listing, /compat/002/api/v1/products)."""
    endpoints: dict[str, set[tuple[str | None, str, str]]] = {}
    for route in template.routes():
        path = re.sub(r"^/compat/\d{3}", "", route.path)
        door = re.match(r"seed(\d{3})_", route.code_uri.name)
        operation = (door.group(1) if door else None, route.method, path)
        endpoints.setdefault(route.function, set()).add(operation)
    assert all(len(operations) == 1 for operations in endpoints.values()), endpoints
    assert len({op for ops in endpoints.values() for op in ops}) == len(endpoints)


def test_public_routes_are_exactly_the_specs(template: Template) -> None:
    public = {(r.method, r.path) for r in template.routes() if not r.authorized}
    grants = {("POST", "/api/v1/auth/token"), ("POST", "/api/v1/auth/refresh")}
    assert public == {
        *grants,
        # Seed 003's door: the canonical grants under /compat/003 too.
        *((method, f"/compat/003{path}") for method, path in grants),
        ("GET", "/.well-known/jwks.json"),
        ("GET", "/api/v1/health"),
        ("GET", "/api/v1/openapi.json"),
        ("GET", "/api/v1/docs"),
        # Each seed door's OpenAPI document, public like the canonical one.
        *(("GET", f"/compat/{door}/openapi.json") for door in door_routes(template)),
    }


def test_every_function_folder_is_deployed(template: Template) -> None:
    code_uris = {
        Path(res["Properties"]["CodeUri"]).name
        for res in template.resources_of_type("AWS::Serverless::Function").values()
    }
    folders = {p.name for p in (ROOT / "functions").iterdir() if (p / "app.py").exists()}
    assert folders == code_uris


def test_unknown_route_and_wrong_method(api: Api, seller: str) -> None:
    reply = api.request("GET", "/api/v1/nothing", seller)
    assert reply.status == 404 and error_code(reply.body) == "not_found"
    # A method the path does not declare reaches its ANY method (component/test_fuzz_findings.py).
    reply = api.request("POST", "/api/v1/health", seller)
    assert reply.status == 405 and error_code(reply.body) == "method_not_allowed"


def test_the_resource_is_matched_before_the_method(gateway: LocalGateway) -> None:
    # As API Gateway's resource tree: a literal segment wins over a {parameter}, whatever the
    # method; the method is then the resource's own or its ANY.
    route, parameters = gateway._match("GET", "/api/v1/products/batch") or (None, None)
    assert route is not None and route.function == "MethodNotAllowedFunction"
    route, parameters = gateway._match("GET", "/api/v1/products/prod_1") or (None, None)
    assert route is not None and route.function == "GetProductFunction"
    assert parameters == {"product_id": "prod_1"}
    assert gateway._match("GET", "/api/v1/products/prod_1/nothing") is None


def test_a_trailing_slash_reaches_the_same_resource(gateway: LocalGateway) -> None:
    """As API Gateway (REST): /v1/products/ is the resource /v1/products, and a {parameter}
    followed by a slash is that parameter (seed 004's clients write every path so); an empty
    segment is no resource."""
    for path, function, parameters in [
        ("/v1/products/", "Seed004ListFunction", {}),
        ("/v1/products", "Seed004ListFunction", {}),
        ("/compat/004/v1/products/", "Seed004ListFunction", {}),
        ("/v1/products/prod_1/", "Seed004GetFunction", {"product_id": "prod_1"}),
        ("/compat/004/v1/products/prod_1", "Seed004GetFunction", {"product_id": "prod_1"}),
        ("/api/v1/products/prod_1/", "GetProductFunction", {"product_id": "prod_1"}),
    ]:
        route, found = gateway._match("GET", path) or (None, None)
        assert route is not None and route.function == function, path
        assert found == parameters, path
    for path in ("/v1/products//", "/v1/products/prod_1//", "/v1//products"):
        assert gateway._match("GET", path) is None, path


def test_the_event_keeps_the_trailing_slash_of_the_path(gateway: LocalGateway) -> None:
    captured = {}

    class Recorder:
        def invoke(self, event: dict[str, Any]) -> dict[str, Any]:
            captured.update(event)
            return {"statusCode": 204, "headers": {}, "body": ""}

    original = gateway.functions["HealthFunction"]
    gateway.functions["HealthFunction"] = Recorder()  # type: ignore[assignment]
    try:
        assert gateway.handle("GET", "/api/v1/health/", [], b"").status == 204
    finally:
        gateway.functions["HealthFunction"] = original
    assert (captured["resource"], captured["path"]) == ("/api/v1/health", "/api/v1/health/")
    assert captured["requestContext"]["resourcePath"] == "/api/v1/health"


def test_proxy_event_matches_api_gateway(gateway: LocalGateway) -> None:
    captured = {}

    class Recorder:
        def invoke(self, event: dict[str, Any]) -> dict[str, Any]:
            captured.update(event)
            return {"statusCode": 204, "headers": {}, "body": ""}

    original = gateway.functions["HealthFunction"]
    gateway.functions["HealthFunction"] = Recorder()  # type: ignore[assignment]
    try:
        response = gateway.handle(
            "GET", "/api/v1/health?a=1&a=2&b=x%20y", [("X-Test", "1"), ("X-Test", "2")], b""
        )
    finally:
        gateway.functions["HealthFunction"] = original
    assert response.status == 204
    assert captured["resource"] == "/api/v1/health" and captured["httpMethod"] == "GET"
    assert captured["queryStringParameters"] == {"a": "2", "b": "x y"}
    assert captured["multiValueQueryStringParameters"] == {"a": ["1", "2"], "b": ["x y"]}
    assert captured["multiValueHeaders"]["X-Test"] == ["1", "2"]
    context = captured["requestContext"]
    assert context["resourcePath"] == "/api/v1/health" and context["stage"] == "local"
    assert re.fullmatch(r"[0-9a-f-]{36}", context["requestId"])
    assert "authorizer" not in context  # public route: the authorizer never ran


def test_authorizer_context_reaches_the_handler_flat(gateway: LocalGateway, seller: str) -> None:
    products = next(r for r in gateway.resources if r.path == "/api/v1/products")
    outcome = gateway._authorize(
        products.methods["GET"], "GET", "/api/v1/products", [("Authorization", f"Bearer {seller}")],
        {"requestId": "r"},
    )  # fmt: skip
    assert isinstance(outcome, dict)
    assert outcome["tenant_id"] == "tenant-a" and outcome["customer_id"] == "cust-1"
    assert outcome["scopes"] == "products:read products:write" and outcome["mode"] == "live"
    assert all(isinstance(value, str) for value in outcome.values())


def test_authorizer_crash_is_a_5xx_envelope(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(event: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("boom")

    monkeypatch.setattr(api.gateway.authorizer, "invoke", boom)
    reply = api.request("GET", "/api/v1/products", "abc.def.ghi")
    assert reply.status == 500 and error_code(reply.body) == "service_unavailable"
    assert b"boom" not in reply.raw


def test_handler_crash_leaks_nothing(
    api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from common.storage.products import repository

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret table ProductsTable exploded")

    monkeypatch.setattr(repository, "get", broken)
    reply = api.request("GET", "/api/v1/products/prod_x", seller)
    assert reply.status == 500 and error_code(reply.body) == "internal_error"
    assert b"ProductsTable" not in reply.raw and b"Traceback" not in reply.raw
    assert reply.headers["x-request-id"] == reply.body["meta"]["request_id"]


def test_dynamodb_throttling_is_a_503(
    api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore.exceptions import ClientError

    from common.storage.products import repository

    def throttled(*args: object, **kwargs: object) -> None:
        error = {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow"}}
        raise ClientError(error, "GetItem")  # type: ignore[arg-type]

    monkeypatch.setattr(repository, "get", throttled)
    reply = api.request("GET", "/api/v1/products/prod_x", seller)
    assert reply.status == 503 and error_code(reply.body) == "service_unavailable"
    assert reply.headers["retry-after"] == "1"


def test_health_and_jwks_are_public(api: Api) -> None:
    health = api.request("GET", "/api/v1/health")
    jwks = api.request("GET", "/.well-known/jwks.json")
    assert health.status == 200 and health.body["data"]["healthy"] is True
    assert jwks.status == 200
    key = jwks.body["keys"][0]
    assert key["kty"] == "EC" and key["alg"] == "ES256" and key["kid"]
    assert "d" not in key  # never the private part


def test_every_request_emits_emf_metrics_per_operation(
    template: Template, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A function's own handler, called as Lambda calls it, prints one EMF document."""
    from common.observability import metrics
    from local_api.gateway import LambdaContext, load_handler

    route = next(r for r in template.routes() if r.function == "HealthFunction")
    handler = load_handler(route.code_uri, route.handler)
    event = {
        "resource": "/api/v1/health",
        "path": "/api/v1/health",
        "httpMethod": "GET",
        "headers": {},
        "requestContext": {"requestId": "req-1", "resourcePath": "/api/v1/health"},
        "body": None,
    }
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")
    metrics.clear_metrics()
    capsys.readouterr()

    result = handler(event, LambdaContext(function_name="HealthFunction"))

    assert result["statusCode"] == 200
    emitted = [json.loads(line) for line in capsys.readouterr().out.splitlines() if "_aws" in line]
    assert len(emitted) == 1, "one EMF document per invocation"
    document = emitted[0]
    directive = document["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "ProductsApi"
    assert ["service", "operation"] in [sorted(d, reverse=True) for d in directive["Dimensions"]]
    assert document["operation"] == "GET /api/v1/health"

    def value(name: str) -> float:
        raw = document[name]
        return float(raw[0] if isinstance(raw, list) else raw)

    assert value("Requests") == 1 and value("ClientErrors") == 0
    assert value("ServerErrors") == 0 and value("Latency") > 0
    assert {m["Name"] for m in directive["Metrics"]} == {
        "Requests", "ClientErrors", "ServerErrors", "Latency",
    }  # fmt: skip


def test_traces_are_annotated_with_tenant_customer_and_operation(
    api: Api, key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """X-Ray annotations are indexed: they let the team find one tenant's traces."""
    from common.observability import tracer
    from tests.support import mint_token

    annotations: list[tuple[str, object]] = []

    def record(key: str, value: object) -> None:
        annotations.append((key, value))

    monkeypatch.setattr(tracer, "put_annotation", record)
    token = mint_token(key_file, tenant_id="tenant-traced", customer_id="cust-traced")

    reply = api.request("GET", "/api/v1/products", token)

    assert reply.status == 200
    assert annotations.count(("tenant_id", "tenant-traced")) == 2  # authorizer and handler
    assert annotations.count(("customer_id", "cust-traced")) == 2
    assert ("operation", "GET /api/v1/products") in annotations


def test_concurrent_requests_never_share_a_resolvers_event(api: Api, seller: str) -> None:
    """Powertools keeps the current event on a class attribute shared by every resolver of the
    process; the local API must not let two requests run at once, or one would be handled
    with the other's body and authorizer context (in Lambda, a process has one request)."""
    from concurrent.futures import ThreadPoolExecutor

    def create(n: int) -> str:
        reply = api.request("POST", "/api/v1/products", seller, {"name": f"P{n}", "price": 5})
        assert reply.status == 201, reply.body
        return str(reply.body["data"]["item"]["name"])

    with ThreadPoolExecutor(max_workers=8) as workers:
        names = list(workers.map(create, range(40)))

    assert names == [f"P{n}" for n in range(40)]


def test_a_throttled_function_is_api_gateways_500(template: Template) -> None:
    """Lambda refuses an invocation beyond the function's concurrency (429
    TooManyRequestsException); API Gateway answers that with a 500, rendered by DEFAULT_5XX."""
    # Given a function of one instance, busy, and requests that wait at most 0.1 s for it
    gateway = LocalGateway(template, limits=Limits(per_function=1, queue_seconds=0.1))
    health = gateway.functions["HealthFunction"]
    busy = gateway.capacity.acquire("HealthFunction", health._new_instance)
    try:
        # When a request for it arrives
        response = gateway.handle("GET", "/api/v1/health", [], b"")

        # Then it is throttled, in the envelope of the gateway's 5xx
        body = json.loads(response.body)
        assert response.status == 500 and error_code(body) == "service_unavailable"
        assert body["meta"]["request_id"] == dict(response.headers)["x-amzn-RequestId"]
    finally:
        gateway.capacity.release("HealthFunction", busy, reusable=True)
    # And once the instance is free, it serves the next request
    again = gateway.handle("GET", "/api/v1/health", [], b"")
    assert again.status == 200 and json.loads(again.body)["data"]["healthy"] is True
    gateway.close()


def test_the_authorizer_cache_forgets_expired_tokens(
    api: Api, key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every distinct token gets an entry; expired ones are dropped as the cache grows, so a
    load test with many tokens does not grow the gateway's memory without end."""
    from local_api import gateway as gateway_module
    from tests.support import mint_token

    # Given a cache pruned from 3 entries on, holding 3 results that have expired
    monkeypatch.setattr(gateway_module, "POLICY_CACHE_PRUNE_AT", 3)
    monkeypatch.setattr(api.gateway, "_prune_policies_at", 3)
    tokens = [mint_token(key_file, customer_id=f"cust-{n}") for n in range(4)]
    for token in tokens[:3]:
        assert api.request("GET", "/api/v1/products", token).status == 200
    api.gateway._policy_cache = {
        token: (0.0, policy) for token, (_, policy) in api.gateway._policy_cache.items()
    }

    # When a request with a fourth token is authorized
    reply = api.request("GET", "/api/v1/products", tokens[3])

    # Then only its own result is left
    assert reply.status == 200 and reply.body["data"]["items"] == []
    assert list(api.gateway._policy_cache) == [f"Bearer {tokens[3]}"]
