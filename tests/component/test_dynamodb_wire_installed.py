"""The layer's DynamoDB client validates, serializes and parses items with
storage/dynamodb_wire.py's classes (their agreement with botocore's is tests/pure's), and the
API answers through them as before."""

from collections import Counter
from typing import Any

import pytest

from common.storage.dynamodb_wire import (
    AttributeValueParser,
    AttributeValueSerializer,
    AttributeValueValidator,
)
from tests.moto_gateway import Api

LAMP = {"name": "Lamp", "price": 19.5, "inventory": 3, "attributes": {"watts": 40, "led": True}}


def test_product_calls_go_through_the_wire_classes(
    api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given each class's item method counted
    used: Counter[str] = Counter()

    def counting(owner: type, method: str) -> None:
        original = getattr(owner, method)

        def counted(self: Any, *args: Any) -> Any:
            used[owner.__name__] += 1
            return original(self, *args)

        monkeypatch.setattr(owner, method, counted)

    counting(AttributeValueValidator, "_validate_map")
    counting(AttributeValueSerializer, "_serialize_type_map")
    counting(AttributeValueParser, "_handle_map")

    # When a product is created and read back
    created = api.request("POST", "/api/v1/products", seller, LAMP)
    fetched = api.request("GET", f"/api/v1/products/{created.body['data']['item']['id']}", seller)

    # Then every item went through them, and came back whole
    assert created.status == 201 and fetched.status == 200
    assert set(used) == {
        "AttributeValueValidator",
        "AttributeValueSerializer",
        "AttributeValueParser",
    }
    item = fetched.body["data"]["item"]
    assert (item["price"], item["attributes"]) == (19.5, {"watts": 40, "led": True})
    assert item["inventory"] == {"available": 3, "reserved": 0, "total": 3}
