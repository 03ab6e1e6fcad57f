"""Regressions for what the schemathesis run (tests/integration/test_fuzz_schemathesis.py) found,
one test per finding, so each stays fixed without the fuzzer."""

import pytest

from tests.support import error_code
from tests.unit.conftest import Api


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
        assert "USD" in product["currency"]["enum"] and schemas["ProductInput"]["allOf"]
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
