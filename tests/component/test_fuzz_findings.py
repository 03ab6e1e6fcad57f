"""Regressions for what the schemathesis run (tests/http/test_fuzz_schemathesis.py) found,
one test per finding, so each stays fixed without the fuzzer."""

import functools
import re
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from local_api.gateway import load_module
from local_api.template import Template
from tests.moto_gateway import Api, make_client
from tests.support import error_code


class TestBodiesThatAreNotUtf8:
    """Was a 500: powertools decoded the base64 event body as UTF-8 and raised."""

    @pytest.mark.parametrize("path", ["/api/v1/products", "/api/v1/categories"])
    def test_authenticated_route(self, api: Api, seller: str, path: str) -> None:
        reply = api.request(
            "POST", path, seller, raw_body=b"\xff\x47\x70",
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        assert reply.status == 400 and error_code(reply.body) == "invalid_json"

    @pytest.mark.parametrize("path", ["/api/v1/auth/token", "/api/v1/auth/refresh"])
    def test_public_route(self, api: Api, path: str) -> None:
        reply = api.request(
            "POST", path, raw_body=b"\x89\x01\x19", headers={"Content-Type": "application/json"}
        )
        assert reply.status == 400 and error_code(reply.body) == "invalid_json"


class TestFreeFormNumbersDynamoDBCannotStore:
    """Was a 500: boto3 raised Overflow/Underflow writing attributes such as 5e-324."""

    @pytest.mark.parametrize("number", [b"5e-324", b"1e200", b"1" + b"0" * 40])
    def test_refused_with_a_400(self, api: Api, seller: str, number: bytes) -> None:
        body = b'{"name": "n", "price": 1, "attributes": {"a": [{"b": ' + number + b"}]}}"
        reply = api.request(
            "POST", "/api/v1/products", seller, raw_body=body,
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        assert reply.status == 400 and error_code(reply.body) == "validation_error"

    def test_storable_values_round_trip(self, api: Api, seller: str) -> None:
        attributes = {"a": [0, 1.5, -2, "x", True, None, {"b": 1e-130}]}
        reply = api.request(
            "POST", "/api/v1/products", seller, {"name": "n", "price": 1, "attributes": attributes}
        )
        assert reply.status == 201, reply.body
        assert reply.body["data"]["item"]["attributes"] == attributes


class TestTextAsTheDocumentDescribesIt:
    """Were 400s to schema-valid input: the document did not say that lines are trimmed, must
    not be blank and have no control characters, nor the shapes of SKUs, slugs and ids."""

    def test_a_padded_name_is_trimmed_and_a_blank_one_refused(self, api: Api, seller: str) -> None:
        padded = api.request("POST", "/api/v1/products", seller, {"name": " n\u3000", "price": 1})
        blank = api.request("POST", "/api/v1/products", seller, {"name": "\u2003 ", "price": 1})
        assert padded.status == 201 and padded.body["data"]["item"]["name"] == "n"
        assert blank.status == 400 and error_code(blank.body) == "validation_error"

    def test_the_document_states_the_rules(self) -> None:
        from common.text import LINE_PATTERN, PARAGRAPHS_PATTERN
        from scripts.generate_openapi import build_document

        schemas = build_document()["components"]["schemas"]
        product = schemas["ProductInput"]["properties"]
        assert product["name"]["pattern"] == LINE_PATTERN
        assert product["description"]["anyOf"][0]["pattern"] == PARAGRAPHS_PATTERN
        assert product["price"]["exclusiveMinimum"] == 0 and product["price"]["maximum"] == 10**9
        assert product["inventory"]["anyOf"][0]["maximum"] == 10**9
        assert product["currency"]["$ref"] == "#/components/schemas/Currency"
        assert "USD" in schemas["Currency"]["enum"] and schemas["ProductInput"]["allOf"]
        assert schemas["CategoryInput"]["properties"]["slug"]["anyOf"][0]["pattern"]


class TestMultipartBodies:
    """Was a 500: powertools parsed multipart/form-data and raised without a boundary."""

    @pytest.mark.parametrize(
        "content_type",
        ["multipart/form-data", "multipart/form-data; boundary=x", "multipart/mixed"],
    )
    @pytest.mark.parametrize("path", ["/api/v1/products", "/api/v1/auth/token"])
    def test_is_415(self, api: Api, seller: str, path: str, content_type: str) -> None:
        reply = api.request(
            "POST", path, seller, raw_body=b'{"name": "Lamp", "price": 1}',
            headers={"Content-Type": content_type},
        )  # fmt: skip
        assert reply.status == 415 and error_code(reply.body) == "unsupported_media_type"
        assert reply.body["error"]["details"][0]["field"] == "Content-Type"
        assert reply.headers["x-request-id"] == reply.body["meta"]["request_id"]


@functools.cache
def _document() -> dict[str, Any]:
    from scripts.generate_openapi import build_document

    return build_document()


def _valid(schema: dict[str, Any], value: Any, document: dict[str, Any]) -> bool:
    """JSON Schema 2020-12 validation of `value`, with the document's components reachable."""
    resolvable = {**schema, "components": document["components"]}
    validator = jsonschema.Draft202012Validator(
        resolvable, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return bool(validator.is_valid(value))


@pytest.fixture
def writer(api: Api) -> str:
    scopes = ["products:read", "products:write", "categories:write", "inventory:write"]
    return api.token_for(make_client(customer_id="cust-1", scopes=scopes))


class TestUndeclaredMethods:
    """Were 404 "No such route": a method a path does not declare is a 405 with `Allow` (an ANY
    method on every resource, functions/method_not_allowed), token or not."""

    @pytest.mark.parametrize(
        ("method", "path", "allow"),
        [
            ("TRACE", "/api/v1/health", "GET"),
            ("POST", "/.well-known/jwks.json", "GET"),
            ("DELETE", "/api/v1/products", "GET, POST"),
            ("GET", "/api/v1/products/batch", "POST"),
            ("PUT", "/api/v1/products/prod_000000000000000000000000/inventory", "POST"),
            ("OPTIONS", "/api/v1/categories/cat_1", "DELETE, GET, PATCH, PUT"),
            ("QUERY", "/api/v1/auth/token", "POST"),
        ],
    )
    @pytest.mark.parametrize("authenticated", [False, True])
    def test_405_with_allow(
        self, api: Api, writer: str, method: str, path: str, allow: str, authenticated: bool
    ) -> None:
        reply = api.request(method, path, writer if authenticated else None, {"name": "x"})
        assert reply.status == 405, reply.body
        assert reply.headers["allow"] == allow
        assert error_code(reply.body) == "method_not_allowed"
        assert f"use {allow}" in reply.body["error"]["message"]
        assert reply.headers["x-request-id"] == reply.body["meta"]["request_id"]
        assert reply.body["meta"]["timestamp"].endswith("Z")

    def test_head_has_no_body(self, api: Api) -> None:
        reply = api.request("HEAD", "/api/v1/health")
        assert reply.status == 405 and reply.headers["allow"] == "GET" and reply.raw == b""

    def test_declared_methods_and_unknown_paths_are_unchanged(self, api: Api, writer: str) -> None:
        assert api.request("GET", "/api/v1/health").status == 200
        assert api.request("POST", "/api/v1/products/batch", writer, []).status == 400
        unknown = api.request("GET", "/api/v1/nothing-here")
        assert unknown.status == 404 and error_code(unknown.body) == "not_found"

    def test_the_allowed_methods_are_the_templates(self, template: Template) -> None:
        function = template.resources["MethodNotAllowedFunction"]["Properties"]["CodeUri"]
        module = load_module(template.root / function, "app.lambda_handler")
        ALLOWED_METHODS: dict[str, list[str]] = module.ALLOWED_METHODS  # noqa: N806

        declared: dict[str, set[str]] = {}
        for route in template.routes():
            declared.setdefault(route.path, set()).add(route.method)
        assert {path: set(methods) for path, methods in ALLOWED_METHODS.items()} == declared
        assert all(methods == sorted(methods) for methods in ALLOWED_METHODS.values())
        fallbacks = template.fallback_routes()
        assert sorted(r.path for r in fallbacks) == sorted(declared), "one ANY per resource"
        assert {r.function for r in fallbacks} == {"MethodNotAllowedFunction"}
        assert not any(r.authorized for r in fallbacks)


class TestMalformedIfMatch:
    """Was a 412 on the inventory endpoint: an If-Match that is not `*` or entity tags names
    no version at all, a 400; the document gives its pattern."""

    @pytest.mark.parametrize("if_match", ["", "v1", '"v1', "W/v1", '"v1" "v2"'])
    def test_is_a_400(self, api: Api, writer: str, if_match: str) -> None:
        item = api.request("POST", "/api/v1/products", writer, {"name": "n", "price": 1}).body
        path = f"/api/v1/products/{item['data']['item']['id']}"
        headers = {"If-Match": if_match}
        for method, suffix, body in [
            ("PATCH", "", {"price": 2}),
            ("POST", "/inventory", {"operation": "set", "quantity": 1}),
            ("DELETE", "", None),
        ]:
            reply = api.request(method, path + suffix, writer, body, headers=headers)
            assert reply.status == 400, (method, reply.body)
            assert reply.body["error"]["details"][0]["field"] == "If-Match"

    def test_well_formed_ones_still_match_or_412(self, api: Api, writer: str) -> None:
        item = api.request("POST", "/api/v1/products", writer, {"name": "n", "price": 1}).body
        path = f"/api/v1/products/{item['data']['item']['id']}/inventory"
        body = {"operation": "set", "quantity": 1}
        stale = api.request("POST", path, writer, body, headers={"If-Match": '"v9", W/"v8"'})
        assert stale.status == 412 and error_code(stale.body) == "precondition_failed"
        fresh = api.request("POST", path, writer, body, headers={"If-Match": ' W/"v2", "v1" '})
        assert fresh.status == 200, fresh.body

    def test_the_document_states_the_pattern(self) -> None:
        from common.preconditions import IF_MATCH_PATTERN

        document = _document()
        for path, method in [
            ("/api/v1/products/{product_id}/inventory", "post"),
            ("/api/v1/categories/{category_id}", "delete"),
        ]:
            parameters = document["paths"][path][method]["parameters"]
            header = next(p for p in parameters if p["name"] == "If-Match")
            assert header["schema"]["pattern"] == IF_MATCH_PATTERN


class TestStockOperationsAsDocumented:
    """Were 400s to schema-valid input: the document did not say what quantity each operation
    takes (and wrote ge/le, which JSON Schema does not have)."""

    @pytest.mark.parametrize(
        "body",
        [
            {"operation": "adjust", "quantity": -3},
            {"operation": "adjust", "quantity": 0},
            {"operation": "set", "quantity": 0},
            {"operation": "set", "quantity": -1},
            {"operation": "release", "quantity": -320},
            {"operation": "reserve", "quantity": 1},
            {"operation": "commit", "quantity": 0},
            {"operation": "set", "quantity": 10**9 + 1},
        ],
    )
    def test_document_and_model_agree(self, body: dict[str, Any]) -> None:
        from common.products.stock import StockOperation

        document = _document()
        schema = {"$ref": "#/components/schemas/StockOperation"}
        try:
            StockOperation.model_validate(body)
            accepted = True
        except ValidationError:
            accepted = False
        assert _valid(schema, body, document) == accepted, body


class TestBodiesTheDocumentDescribes:
    """Were 400s to schema-valid input: PATCH bodies and batch items were documented as any
    object. They are ProductInput's and CategoryInput's merge patches, and ProductInputs."""

    def test_patch_schemas(self) -> None:
        document = _document()
        paths = document["paths"]
        product = paths["/api/v1/products/{product_id}"]["patch"]["requestBody"]
        category = paths["/api/v1/categories/{category_id}"]["patch"]["requestBody"]
        product_patch = product["content"]["application/json"]["schema"]
        category_patch = category["content"]["application/json"]["schema"]
        cases = [
            (product_patch, {}, True),
            (product_patch, {"description": None, "location": {"city": None}}, True),
            (product_patch, {"recurrence": {"count": 2}, "attributes": {"a": None}}, True),
            (product_patch, {"price": 0.0001}, True),
            (product_patch, {"price": 0.001, "currency": "USD"}, False),
            (product_patch, {"price": 0.00001}, False),
            (product_patch, {"name": None}, False),
            (product_patch, {"id": "prod_1"}, False),
            (product_patch, {"inventory": 1, "stock": 1}, False),
            (category_patch, {"slug": None, "parent_id": None}, True),
            (category_patch, {"name": None}, False),
            (category_patch, {"product_count": 3}, False),
        ]
        for schema, body, valid in cases:
            assert _valid(schema, body, document) == valid, body

    def test_batch_items_are_product_inputs(self) -> None:
        body = _document()["paths"]["/api/v1/products/batch"]["post"]["requestBody"]
        schema = body["content"]["application/json"]["schema"]
        assert schema["items"] == {"$ref": "#/components/schemas/ProductInput"}
        assert schema["minItems"] == 1 and schema["maxItems"] == 100

    def test_stock_in_a_patch_is_inventory(self, api: Api, writer: str) -> None:
        created = api.request("POST", "/api/v1/products", writer, {"name": "n", "price": 1})
        path = f"/api/v1/products/{created.body['data']['item']['id']}"
        reply = api.request("PATCH", path, writer, {"stock": 5})
        assert reply.status == 200, reply.body
        assert reply.body["data"]["item"]["inventory"]["available"] == 5

    def test_variants_in_a_patch_take_the_stock_over(self, api: Api, writer: str) -> None:
        body = {"name": "n", "price": 1, "inventory": 4}
        created = api.request("POST", "/api/v1/products", writer, body)
        path = f"/api/v1/products/{created.body['data']['item']['id']}"
        patch = {"variants": [{"name": "S", "inventory": 2}]}
        reply = api.request("PATCH", path, writer, patch)
        assert reply.status == 200, reply.body
        assert reply.body["data"]["item"]["variants"][0]["inventory"]["available"] == 2
        both = api.request("PATCH", path, writer, {"stock": 1, "inventory": 1})
        assert both.status == 400 and error_code(both.body) == "validation_error"


class TestListingParametersAsDocumented:
    """Was a 400 to schema-valid input: powertools documented the query model's fields as bare
    strings. Each now has its field's schema; comma lists a pattern of their text form."""

    @pytest.mark.parametrize(
        ("name", "value"),
        [
            ("tags", "a"),
            ("tags", " a , b ,,"),
            ("tags", ","),
            ("tags", ""),
            ("tags", "x" * 200),
            ("tags", "x" * 201),
            ("tags", " " + "x" * 200 + "\t"),
            ("tags", ",".join(["v"] * 100)),
            ("tags", ",".join(["v"] * 101)),
            ("tags", "a\x00b"),
            ("tags", "\x1fa"),
            ("status", "active,draft"),
            ("status", ""),
            ("status", "active,gone"),
            ("limit", "100"),
            ("limit", "101"),
            ("price_min", "12.5"),
            ("currency", "CLF"),
            ("currency", "XXY"),
            ("created_from", "2026-01-31"),
            ("created_from", "2026-01-31T10:00:00Z"),
            ("created_from", "yesterday"),
        ],
    )
    def test_document_and_model_agree(self, name: str, value: str) -> None:
        from common.products.query import ProductQuery

        document = _document()
        parameters = document["paths"]["/api/v1/products"]["get"]["parameters"]
        schema = next(p for p in parameters if p["name"] == name)["schema"]
        try:
            ProductQuery.model_validate({name: value})
            accepted = True
        except ValidationError:
            accepted = False
        as_number = float(value) if schema.get("type") in ("number", "integer") else value
        assert _valid(schema, as_number, document) == accepted, (name, value)


class TestImageUrlsAsDocumented:
    """Were 400s to schema-valid input: a `[` in the user info matched the pattern, and
    urlsplit refused it (an unpaired bracket is an invalid IPv6 netloc); `\\s` in the pattern
    matched \x1e in Python but not for the fuzzer's engine."""

    def test_pattern_and_validator_agree(self) -> None:
        from common.products.inputs import Image
        from common.products.validators import IMAGE_URL_PATTERN

        urls = [
            "https://a[b@host/x",
            "https://a]@host",
            "https://user@host:99999/x",
            "https://\x1e@host/x",  # \s is not the same set in Python and ECMA-262
            "https://host/\x85",
            "https://a\uff20b/x",  # NFKC makes it an @: urlsplit refuses the netloc
            "https://example.com/a.png",
        ]
        for url in urls:
            try:
                Image(url=url)
                accepted = True
            except ValidationError:
                accepted = False
            assert (re.fullmatch(IMAGE_URL_PATTERN, url) is not None) == accepted, url


class TestFourDecimalCurrencies:
    """Reported as a refused CLF price of 0.0001: that was a reused Idempotency-Key (422, right);
    CLF has 4 minor digits and such a price is accepted."""

    def test_clf_takes_four_decimals(self, api: Api, writer: str) -> None:
        body = {"name": "n", "price": 0.0001, "currency": "CLF"}
        reply = api.request("POST", "/api/v1/products", writer, body)
        assert reply.status == 201, reply.body
        assert reply.body["data"]["item"]["price"] == 0.0001
        five = api.request("POST", "/api/v1/products", writer, {**body, "price": 0.00001})
        assert five.status == 400 and error_code(five.body) == "validation_error"


class TestFuzzHooks:
    """The run's before_call hook: a valid Idempotency-Key made unique per request (the 422s
    for keys hypothesis repeated across bodies), an invalid one left to be refused."""

    def test_keys(self) -> None:
        from types import SimpleNamespace

        from common.idempotency import KEY_PATTERN
        from tests.http.fuzz_hooks import before_call

        sent = []
        for key in ["0", "0", "a b", " bad"]:
            case = SimpleNamespace(
                headers={"Idempotency-Key": key}, path="/api/v1/products", method="POST"
            )
            before_call(None, case, {})
            sent.append(case.headers["Idempotency-Key"])
        assert sent[0] != sent[1] and all(re.fullmatch(KEY_PATTERN, k) for k in sent[:3])
        assert sent[0].startswith("0-") and sent[3] == " bad"

    def test_category_writes_go_with_the_tenant_wide_token(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from types import SimpleNamespace

        from tests.http.fuzz_hooks import before_call

        monkeypatch.setenv("FUZZ_TOKEN", "seller")
        monkeypatch.setenv("FUZZ_TENANT_TOKEN", "editor")
        sent = {}
        for method, path, authorization in [
            ("POST", "/api/v1/categories", "Bearer seller"),
            ("patch", "/api/v1/categories/{category_id}", "Bearer seller"),
            ("GET", "/api/v1/categories/{category_id}", "Bearer seller"),
            ("POST", "/api/v1/products", "Bearer seller"),
            ("DELETE", "/api/v1/categories/{category_id}", "Bearer forged"),
        ]:
            case = SimpleNamespace(
                headers={"Authorization": authorization}, path=path, method=method
            )
            before_call(None, case, {})
            sent[(method, path)] = case.headers["Authorization"]
        assert list(sent.values()) == [
            "Bearer editor", "Bearer editor", "Bearer seller", "Bearer seller", "Bearer forged",
        ]  # fmt: skip

    def test_what_only_stored_data_decides(self) -> None:
        from tests.http.fuzz_hooks import _is_semantic

        other_customer = {"field": "[4].customer_id", "message": "must match the token's customer"}
        assert _is_semantic("invalid_product_data", [{"index": 4, **other_customer}])
        # A batch's details carry their own codes (found by schemathesis: a mixed batch).
        no_variant = {"field": "[2].variants[0].id", "message": "no such variant"}
        mixed = [
            {**other_customer, "code": "invalid_product_data"},
            {**no_variant, "code": "validation_error"},
        ]
        assert _is_semantic("invalid_product_data", mixed)
        assert not _is_semantic("invalid_product_data", [{**no_variant, "code": "not_found"}])
        decimals = {"field": "price", "message": "USD amounts have at most 2 decimal places"}
        assert _is_semantic("validation_error", [decimals], "PATCH")
        assert not _is_semantic("validation_error", [decimals], "POST")
        assert not _is_semantic("validation_error", [{"field": "name", "message": "too long"}])
