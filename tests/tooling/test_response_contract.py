"""The HTTP tier's contract hook (tests/http/contract.py) on fabricated responses, over the
committed documents: no local API needed."""

import json
from typing import Any

import pytest
import requests

from local_api.template import ROOT
from tests.http.contract import Contract

PRODUCT = "/api/v1/products/prod_0123456789abcdef01234567"
META = {"request_id": "req-1", "timestamp": "2026-01-01T00:00:00Z"}


@pytest.fixture(scope="module")
def contract() -> Contract:
    return Contract()


def answer(
    contract: Contract,
    method: str,
    path: str,
    status: int,
    body: Any = None,
    content_type: str = "application/json",
) -> requests.Response:
    """A response as the local API would send it, passed through the session's hook."""
    response = requests.Response()
    response.status_code = status
    response._content = b"" if body is None else json.dumps(body).encode()
    if body is not None:
        response.headers["Content-Type"] = content_type
    response.request = requests.Request(method, f"http://127.0.0.1:3999{path}").prepare()
    for hook in contract.session().hooks["response"]:
        hook(response)
    return response


def product() -> dict[str, Any]:
    """The document's own example of a product (taken from the service: test_examples.py)."""
    document = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    example: dict[str, Any] = document["components"]["schemas"]["Product"]["examples"][0]
    return example


def test_a_body_its_schema_allows_passes(contract: Contract) -> None:
    checked = contract.checked
    body = {"status": "success", "data": {"item": product()}, "meta": META}
    answer(contract, "GET", PRODUCT, 200, body)
    assert contract.take_violations() == []
    assert contract.checked == checked + 1


def test_prices_are_multiples_of_their_minor_unit_in_decimal(contract: Contract) -> None:
    # 19.99 / 0.01 is 1998.9999999999998 in binary floats; 19.999 has a digit too many.
    for price, valid in ((19.99, True), (0.3, True), (19.999, False)):
        item = {**product(), "price": price, "variants": []}
        answer(
            contract,
            "GET",
            PRODUCT,
            200,
            {"status": "success", "data": {"item": item}, "meta": META},
        )
        assert (contract.take_violations() == []) == valid, price


def test_a_wrong_field_fails_with_the_operation_status_path_and_body(contract: Contract) -> None:
    body = {"status": "oops", "data": {"item": {**product(), "price": "9.99"}}, "meta": META}
    answer(contract, "GET", PRODUCT, 200, body)
    [violation] = contract.take_violations()
    assert violation.startswith(
        f"GET /api/v1/products/{{product_id}} (docs/openapi.json) answered 200 to {PRODUCT}:"
    )
    assert "$.status: 'success' was expected" in violation
    assert "$.data.item.price: '9.99' is not of type 'number'" in violation
    assert '"status": "oops"' in violation  # the body's excerpt


def test_an_error_code_the_operation_does_not_give_fails(contract: Contract) -> None:
    error = {"code": "duplicate_product", "message": "Duplicate", "details": None}
    answer(contract, "GET", PRODUCT, 409, {"status": "error", "error": error, "meta": META})
    answer(contract, "GET", PRODUCT, 404, {"status": "error", "error": error, "meta": META})
    statuses, violation = contract.take_violations()
    assert "status not documented" in statuses  # a GET has no 409
    assert "'duplicate_product' is not one of x-error-codes ['not_found']" in violation


def test_component_responses_are_followed_to_their_schema(contract: Contract) -> None:
    # 404's schema is a `$ref` to ErrorEnvelope, whose members are `$ref`s too.
    error = {"code": "not_found", "message": "No such product", "details": None}
    answer(contract, "GET", PRODUCT, 404, {"status": "error", "error": error, "meta": META})
    assert contract.take_violations() == []
    answer(contract, "GET", PRODUCT, 404, {"status": "error", "error": {}, "meta": META})
    [violation] = contract.take_violations()  # one per response, listing each error
    for member in ("code", "message", "details"):
        assert f"$.error: '{member}' is a required property" in violation


def test_an_undocumented_status_fails(contract: Contract) -> None:
    answer(contract, "GET", PRODUCT, 418, {"status": "error"})
    [violation] = contract.take_violations()
    assert "answered 418" in violation and "status not documented" in violation


def test_a_bodiless_304_is_checked_for_its_status_only(contract: Contract) -> None:
    answer(contract, "GET", PRODUCT, 304)
    assert contract.take_violations() == []


def test_an_undocumented_media_type_fails(contract: Contract) -> None:
    answer(contract, "GET", PRODUCT, 200, "<html/>", content_type="text/html")
    [violation] = contract.take_violations()
    assert "Content-Type 'text/html' not documented" in violation


def test_a_door_path_is_checked_against_the_doors_document(contract: Contract) -> None:
    # /api/products/get is seed 000's literal path, not seed 001's /api/products/{productId}.
    answer(contract, "GET", "/api/products/get", 404, {"statusCode": 404})
    [violation] = contract.take_violations()
    assert violation.startswith("GET /api/products/get (docs/compat/000.openapi.json)")


def test_paths_and_methods_in_no_document_are_counted_not_checked(contract: Contract) -> None:
    unmatched, checked = contract.unmatched, contract.checked
    answer(contract, "GET", "/compat/000/openapi.json", 200, {"openapi": "3.1.0"})
    answer(contract, "GET", "/no/such/path", 404, {"message": "Not Found"})
    answer(contract, "POST", "/api/v1/health", 405, {"status": "error"})  # no such method
    assert contract.take_violations() == []
    assert (contract.unmatched, contract.checked) == (unmatched + 3, checked)
