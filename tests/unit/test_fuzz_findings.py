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
