"""A warm listing function keeps the products it parsed and the JSON it showed for them
(storage/products/parsed.py): an unchanged product is parsed once, and every write is seen
by the next listing, whichever write it is."""

from collections import Counter
from typing import Any

import pytest

from common.storage.products import repository
from tests.moto_gateway import Api

LISTING = "/api/v1/products?limit=20&sort=created_at"


def listed(api: Api, token: str, product_id: str) -> dict[str, Any]:
    reply = api.request("GET", LISTING, token)
    assert reply.status == 200, reply.body
    return next(item for item in reply.body["data"]["items"] if item["id"] == product_id)


def test_a_kept_product_is_parsed_once_and_every_write_is_seen(
    api: Api, keeper: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a product, and every parse of a listed item counted
    created = api.request("POST", "/api/v1/products", keeper, {"name": "Lamp", "price": 20})
    product_id = created.body["data"]["item"]["id"]
    parsed: Counter[str] = Counter()
    parse = repository.listed_product._parse

    def counted(item: dict[str, Any]) -> Any:
        parsed[item["id"]["S"]] += 1
        return parse(item)

    monkeypatch.setattr(repository.listed_product, "_parse", counted)

    # When it is listed twice
    first = listed(api, keeper, product_id)
    again = listed(api, keeper, product_id)

    # Then it was parsed once, and shown the same both times
    assert parsed[product_id] == 1 and again == first == created.body["data"]["item"]

    # When it is renamed, then its stock moved
    path = f"/api/v1/products/{product_id}"
    renamed = api.request("PATCH", path, keeper, {"name": "Oak Lamp", "inventory": 5})
    assert renamed.status == 200, renamed.body
    after_patch = listed(api, keeper, product_id)
    moved = api.request(
        "POST", f"{path}/inventory", keeper, {"operation": "reserve", "quantity": 2}
    )
    assert moved.status == 200, moved.body
    after_reserve = listed(api, keeper, product_id)

    # Then each listing shows the write before it, as a read of the product does
    assert (after_patch["name"], after_patch["inventory"]["available"]) == ("Oak Lamp", 5)
    assert after_reserve["inventory"] == {"available": 3, "reserved": 2, "total": 5}
    assert after_reserve == api.request("GET", path, keeper).body["data"]["item"]
    assert after_reserve["version"] == 3 and parsed[product_id] == 3
