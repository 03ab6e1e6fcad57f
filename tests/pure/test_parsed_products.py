"""Listed products parsed once per stored version (storage/products/parsed.py): the same item
gives the same Product without parsing it again; any difference in the item, a write's new
version or another tenant's product, is parsed on its own; the map stays bounded."""

import tracemalloc
from collections import Counter
from decimal import Decimal
from typing import Any

import orjson
import pytest

from common.jsonio import serialize
from common.products.models import Inventory, Product
from common.storage.dynamodb import to_item
from common.storage.products.parsed import MAX_ITEM_BYTES, ParsedProducts
from common.storage.products.repository import product_from_item, product_values

STORED = Product(
    id="prd_1",
    tenant_id="tenant-a",
    mode="live",
    name="Lamp",
    price=Decimal("19.5"),
    attributes={"watts": 40},
    created_at="2026-12-07T00:00:00Z",
    updated_at="2026-12-07T00:00:00Z",
)


def item_of(product: Product) -> dict[str, Any]:
    return to_item(product_values(product))


def counting_parser(
    size: int = 10, item_bytes: int = MAX_ITEM_BYTES
) -> tuple[ParsedProducts, Counter[str]]:
    parsed: Counter[str] = Counter()

    def parse(item: dict[str, Any]) -> Product:
        parsed[item["id"]["S"]] += 1
        return product_from_item(item)

    return ParsedProducts(parse, size, item_bytes), parsed


def test_the_same_item_is_parsed_once() -> None:
    # Given a product's item, listed once
    products, parsed = counting_parser()
    first = products(item_of(STORED))

    # When the same item is read again (a new dict with the same values, as every read gives)
    again = products(item_of(STORED))

    # Then it is the Product already made, and the product is what was stored
    assert again is first and parsed["prd_1"] == 1
    assert first == STORED


def test_a_written_product_is_parsed_again() -> None:
    products, parsed = counting_parser()
    before = products(item_of(STORED))

    # When a write changes the product (its version, and a stock count)
    written = STORED.model_copy(update={"version": 2, "stock": Inventory(available=5)})
    after = products(item_of(written))

    # Then the listing gets the new product, never the one kept
    assert parsed["prd_1"] == 2
    assert (after.version, after.inventory.available) == (2, 5)
    assert (before.version, before.inventory.available) == (1, 0)


def test_another_tenants_identical_product_is_its_own() -> None:
    # Given tenant A's product listed, and tenant B's with the same id and values
    products, parsed = counting_parser()
    products(item_of(STORED))
    theirs = products(item_of(STORED.model_copy(update={"tenant_id": "tenant-b"})))

    # Then B's listing parses B's item: the key is the whole item, tenant included
    assert theirs.tenant_id == "tenant-b" and parsed["prd_1"] == 2


def test_the_least_recently_listed_go_first() -> None:
    # Given room for two products, and three listed, the first read again before the third
    products, parsed = counting_parser(size=2)
    one, two, three = (STORED.model_copy(update={"id": f"prd_{n}"}) for n in (1, 2, 3))
    products(item_of(one))
    products(item_of(two))
    products(item_of(one))
    products(item_of(three))

    # Then two made room: one is still kept, two is parsed again
    assert len(products) == 2
    products(item_of(one))
    products(item_of(two))
    assert (parsed["prd_1"], parsed["prd_2"], parsed["prd_3"]) == (1, 2, 1)


def test_an_item_with_binary_values_is_parsed_every_time() -> None:
    # Binary values (bytes) are never in our items; if one were, it is not kept, not refused
    products, parsed = counting_parser()
    item = {**item_of(STORED), "blob": {"B": b"\x00"}}
    products(item)
    products(item)
    assert parsed["prd_1"] == 2 and len(products) == 0


def counting_public(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every `public()` from here on, by product id."""
    shown: Counter[str] = Counter()
    public = Product.public

    def counted(self: Product) -> dict[str, Any]:
        shown[self.id] += 1
        return public(self)

    monkeypatch.setattr(Product, "public", counted)
    return shown


def test_a_kept_products_json_is_made_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a kept product, and every public() counted
    products, _ = counting_parser()
    product = products(item_of(STORED))
    shown = counting_public(monkeypatch)

    # When a listing shows it twice
    first, again = products.public_json(product), products.public_json(product)

    # Then its JSON was made once, and is what the product's representation encodes to
    assert again is first and shown["prd_1"] == 1
    assert serialize({"items": [first]}) == serialize({"items": [product.public()]})


def test_the_json_of_a_product_not_kept_is_made_each_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given room for one product: the first listed, then dropped for a second
    products, _ = counting_parser(size=1)
    dropped = products(item_of(STORED))
    products(item_of(STORED.model_copy(update={"id": "prd_2"})))
    shown = counting_public(monkeypatch)

    # When the dropped product (still on a page being answered) and one never kept are shown
    unkept = STORED.model_copy(update={"id": "prd_3"})
    for _ in range(2):
        products.public_json(dropped)
        products.public_json(unkept)

    # Then each is made every time: only kept products' JSON is kept
    assert (shown["prd_1"], shown["prd_3"]) == (2, 2)


def test_what_is_kept_is_bounded_by_weight_too() -> None:
    # Given room for many products but for the items of two only
    one, two, three = (STORED.model_copy(update={"id": f"prd_{n}"}) for n in (1, 2, 3))
    weight = len(orjson.dumps(item_of(one)))
    products, parsed = counting_parser(size=10, item_bytes=weight * 5 // 2)

    # When three are listed, then the first again
    for product in (one, two, three, one):
        products(item_of(product))

    # Then the third made room by dropping the first, which is parsed again
    assert len(products) == 2 and (parsed["prd_1"], parsed["prd_3"]) == (2, 1)

    # And an item heavier than the whole room is parsed, never kept
    heavy = STORED.model_copy(update={"id": "prd_4", "description": "x" * weight * 3})
    products(item_of(heavy))
    products(item_of(heavy))
    assert parsed["prd_4"] == 2 and len(products) == 2


def test_a_kept_product_weighs_about_three_times_its_item() -> None:
    # Given a product of 70 KB of text (orjson writes its JSON in a buffer of 1 MB)
    text = "lorem ipsum " * 6_000
    large = STORED.model_copy(update={"description": text[:10_000], "detailed_description": text})
    item = orjson.loads(orjson.dumps(item_of(large)))  # as the client's parser gives it
    weight = len(orjson.dumps(item))
    products, _ = counting_parser()

    # When it is listed and shown, with the item itself gone after (as a request's are)
    tracemalloc.start()
    try:
        products.public_json(products(item))
        del item
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # Then what stays is its key, its strings and its JSON, not orjson's buffer
    assert 2 * weight < kept < 4 * weight
