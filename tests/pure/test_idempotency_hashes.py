"""An Idempotency-Key's record is found by its id and checked by its payload hash. Both must
stay the same across deploys: a retry that spans one would otherwise miss its record and
write again (or get a 422). The values below were made by the code of 2026-12-07 (a26a394),
whose first attempt still went through powertools' handler."""

from typing import Any

import pytest

from common.idempotency import KEY_PREFIX, body_digest, records_config
from common.jsonio import deserialize
from common.storage.idempotency_records import IdempotencyRecords

BODY = '{"name": "Lampe \u00e9t\u00e9", "price": 1.0, "tags": ["a"], "stock": {"reserve": 0.10}}'
BODY_SHA256 = "5204bb584683491d9fab93e0076472a0ddd4b60c066ecf3b45a3577e47aba246"


def scoped_request() -> dict[str, Any]:
    return {
        "key": {
            "tenant_id": "t_1",
            "mode": "live",
            "client_id": "cli_1",
            "method": "POST",
            "resource": "/api/v1/products/{product_id}/inventory",
            "path_parameters": {"product_id": "prod_1"},
            "idempotency_key": "order-42",
        },
        "payload": {"body_sha256": BODY_SHA256, "if_match": '"v3"'},
    }


@pytest.mark.parametrize(
    "body",
    [
        BODY,
        # Key order, whitespace and number spelling do not matter
        '{"tags":["a"],"stock":{"reserve":0.1},"price":1,"name":"Lampe \u00e9t\u00e9"}',
    ],
)
def test_the_body_hash_is_the_one_records_in_flight_hold(body: str) -> None:
    assert body_digest(deserialize(body)) == BODY_SHA256


def test_a_number_never_hashes_as_a_string() -> None:
    assert body_digest(deserialize('{"price": 1}')) != body_digest(deserialize('{"price": "1"}'))


def test_no_body_hashes_as_the_empty_text() -> None:
    assert body_digest(None) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_the_record_id_and_payload_hash_are_the_ones_records_in_flight_hold() -> None:
    store = IdempotencyRecords("idempotency", client=None)  # type: ignore[arg-type]
    store.configure(records_config(), key_prefix=KEY_PREFIX)

    record_id, validation = store.record_of(scoped_request())

    assert record_id == (
        "products-api#8431d63ae6d64ae0ae79b57a99cd208796208d2241f5c7ad6f0ff9978cf2abce"
    )
    assert validation == "8871884115365ffda7bbd649de4acb2fa1efb8e54911444d60af9ebafe3020b7"
