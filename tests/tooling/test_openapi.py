"""docs/openapi.json: generated from the code, up to date, valid OpenAPI 3.1, true to
template.yaml's routes and their authorization, and served by the API with its docs page."""

import json
from typing import Any

import pytest
from openapi_spec_validator import validate

from common.errors import NotFound
from local_api.gateway import load_module
from local_api.template import Template
from scripts import generate_openapi as generator
from tests.moto_gateway import Api

METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def committed() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(generator.DOC_FILE.read_text(encoding="utf-8"))
    return document


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


def test_committed_files_are_up_to_date(template: Template) -> None:
    files = generator.expected_files(template)
    assert generator.stale_files(files) == [], "run scripts/generate_openapi.py"
    assert generator.expected_files(template) == files  # deterministic


def test_the_document_is_valid_openapi_3_1() -> None:
    document = committed()
    assert document["openapi"].startswith("3.1.")
    assert document["info"]["title"] == "Products API"
    validate(document)


def test_paths_are_exactly_the_template_routes(template: Template) -> None:
    """The canonical document has every route but the seed doors'; each door's document has
    exactly its own, is valid OpenAPI 3.1, and needs the bearer token on every operation but
    the token grants (seed 003's door serves them under /compat/003, public as at the root)."""
    documented = set(operations(committed()))
    assert documented == {(r.method, r.path) for r in generator.canonical_routes(template)}
    doors = generator.door_routes(template)
    assert doors, "no seed door in the template"
    for door, routes in doors.items():
        path = generator.ROOT / "docs" / "compat" / f"{door}.openapi.json"
        document = json.loads(path.read_text(encoding="utf-8"))
        validate(document)
        found = operations(document)
        assert set(found) == {(r.method, r.path) for r in routes}
        for route in routes:
            operation = found[(route.method, route.path)]
            assert operation["security"] == ([{"bearerAuth": []}] if route.authorized else [])


def test_authenticated_routes_and_only_they_need_the_bearer_token(template: Template) -> None:
    document = committed()
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    assert "security" not in document  # no global requirement: public routes stay public
    found = operations(document)
    for route in generator.canonical_routes(template):
        operation = found[(route.method, route.path)]
        if route.authorized:
            assert operation["security"] == [{"bearerAuth": []}], route
            assert {"401", "403"} <= set(operation["responses"]), route
        else:
            assert operation["security"] == [], route  # explicitly public


def test_operations_document_models_envelopes_and_errors() -> None:
    document = committed()
    found = operations(document)
    create = found[("POST", "/api/v1/products")]
    body_schema = create["requestBody"]["content"]["application/json"]["schema"]
    assert body_schema == {"$ref": "#/components/schemas/ProductInput"}
    assert "price" in document["components"]["schemas"]["ProductInput"]["properties"]
    assert create["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ProductResponse"
    }
    assert {"400", "409", "422", "503"} <= set(create["responses"])
    assert "412" in found[("PATCH", "/api/v1/products/{product_id}")]["responses"]
    assert "404" in found[("GET", "/api/v1/products/{product_id}")]["responses"]
    not_found = found[("GET", "/api/v1/products/{product_id}")]["responses"]["404"]
    assert not_found["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorEnvelope"
    }
    assert not_found["x-error-codes"] == ["not_found"]
    ids = [operation["operationId"] for operation in found.values()]
    assert len(ids) == len(set(ids))
    assert "HTTPValidationError" not in document["components"]["schemas"]  # 400s, not 422s


def test_the_api_serves_the_document_and_the_docs_page(api: Api) -> None:
    reply = api.request("GET", "/api/v1/openapi.json")
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("application/json")
    assert reply.body == committed()

    page = api.request("GET", "/api/v1/docs")
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    html = page.raw.decode()
    assert "SwaggerUIBundle(" in html and "openapi.json" in html
    assert "<script src=" not in html and "<link" not in html  # self-contained: no CDN
    # A section per seed door, loading the door's own document.
    for door in generator.door_routes(Template.load()):
        assert f'<div id="swagger-ui-{door}">' in html, door
        assert f"../../compat/{door}/openapi.json" in html, door


def test_each_door_serves_its_own_document(api: Api, template: Template) -> None:
    for door in generator.door_routes(template):
        reply = api.request("GET", f"/compat/{door}/openapi.json")
        assert reply.status == 200, (door, reply.body)
        assert reply.headers["content-type"].startswith("application/json")
        committed_door = generator.ROOT / "docs" / "compat" / f"{door}.openapi.json"
        assert reply.body == json.loads(committed_door.read_text(encoding="utf-8"))
        # Public, as the canonical document is: no token needed, none asked for.
        assert "www-authenticate" not in reply.headers


def test_a_door_without_a_document_is_not_found(template: Template) -> None:
    """The function answers only the doors whose document the generator packaged, whatever
    path reaches it."""
    route = next(r for r in template.routes() if r.function == "DoorOpenApiFunction")
    module = load_module(route.code_uri, route.handler)
    for door in ("999", "../openapi", "0000"):
        with pytest.raises(NotFound):
            module._document(door)


def test_category_writes_document_their_403() -> None:
    """Categories are the tenant's: a customer-bound client's write is a 403, and the
    document says so on each write (and nowhere else)."""
    document = committed()
    for (method, path), operation in operations(document).items():
        category_write = path.startswith("/api/v1/categories") and method != "GET"
        forbidden = operation["responses"].get("403", {}).get("description", "")
        assert ("bound to a customer" in forbidden) == category_write, (method, path)
        if category_write:
            assert "403 forbidden" in operation["description"]


def _rules(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in schema.items() if key not in {"title", "default"}}


def test_the_put_body_documents_every_rule_of_the_create_body() -> None:
    """Given the PUT body (ProductUpdate), derived from the create body's fields, each optional,
    then each field states the create body's rules, with null added where a field has a default.
    (The PUT `name` once lost its pattern: the fuzz run sent a control character there as
    schema-valid input, and the API rightly refused it.)"""
    schemas = committed()["components"]["schemas"]
    create, put = schemas["ProductInput"]["properties"], schemas["ProductUpdate"]["properties"]
    assert set(put) == set(create)
    for name, rules in create.items():
        put_rules = _rules(put[name])
        alternatives = [_rules(option) for option in put_rules.get("anyOf", [])]
        assert put_rules == _rules(rules) or _rules(rules) in alternatives, name
