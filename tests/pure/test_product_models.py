"""Product bodies (docs/decisions.md, "Catalog fields", "Money", "`stock` is another name for
`inventory`"): what a create or PUT body may hold, checked by the models alone, and the stored
product's derived fields."""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from common.jsonio import deserialize, serialize
from common.products import views
from common.products.inputs import ProductInput
from common.products.models import Inventory, Product, Variant


def body(text: str) -> ProductInput:
    """A body as the API reads it: numbers parsed to int or Decimal, never float."""
    return ProductInput.model_validate(deserialize(text))


def refusal(text: str) -> list[Any]:
    with pytest.raises(ValidationError) as refused:
        body(text)
    return [(error["loc"], error["type"]) for error in refused.value.errors()]


def test_a_minimal_body_gets_the_defaults() -> None:
    lamp = body('{"name": "Oak Lamp", "price": 199.99}')
    assert str(lamp.price) == "199.99"
    assert (lamp.currency, lamp.status, lamp.is_physical) == ("USD", "active", True)


def test_unknown_and_read_only_fields_are_refused() -> None:
    for field in ("id", "version", "tenant_id", "colour"):
        assert ((field,), "extra_forbidden") in refusal(
            f'{{"name": "Lamp", "price": 1, "{field}": "x"}}'
        )


def test_prices_follow_the_currency() -> None:
    assert body('{"name": "Lamp", "price": 1000, "currency": "JPY"}').price == 1000
    assert refusal('{"name": "Lamp", "price": 10.5, "currency": "JPY"}')[0][0] == ("price",)
    assert refusal('{"name": "Lamp", "price": 0}')[0][0] == ("price",)
    assert refusal('{"name": "Lamp", "price": "12.00"}')[0][0] == ("price",)
    assert refusal('{"name": "Lamp", "price": 1, "currency": "XYZ"}')[0][0] == ("currency",)


def test_stock_is_another_name_for_inventory() -> None:
    assert body('{"name": "Lamp", "price": 1, "stock": 7}').inventory == 7


def test_images_are_https_and_one_is_primary() -> None:
    lamp = body(
        '{"name": "Lamp", "price": 1, "images": ["https://cdn.example/a.png",'
        ' {"url": "https://cdn.example/b.png"}]}'
    )
    assert [image.is_primary for image in lamp.images] == [True, False]
    assert "invalid_image_url" in str(
        refusal('{"name": "Lamp", "price": 1, "images": ["http://cdn.example/a.png"]}')
    )


def test_variants_carry_the_stock() -> None:
    refused = refusal('{"name": "Lamp", "price": 1, "inventory": 3, "variants": [{"name": "S"}]}')
    assert refused and refused[0][0] == ()
    twice = body(
        '{"name": "Lamp", "price": 1, "sku": "L-1", "variants": [{"name": "S", "sku": "L-1"}]}'
    )
    assert twice.repeats() == [{"field": "variants[0].sku", "message": "repeats the SKU of sku"}]


def test_tags_are_kept_once_in_order() -> None:
    assert body('{"name": "Lamp", "price": 1, "tags": ["b", "a", "b"]}').tags == ["b", "a"]


def stored(**fields: Any) -> Product:
    return Product.model_validate(
        {
            "id": "prod_" + "1" * 24,
            "tenant_id": "tenant-a",
            "mode": "test",
            "name": "Lamp",
            "price": 1,
            "created_at": "2026-01-01T00:00:00.000Z",
            "updated_at": "2026-01-01T00:00:00.000Z",
            **fields,
        }
    )


def test_the_stored_product_shows_derived_fields_and_hides_storage() -> None:
    lamp = stored(
        low_stock_threshold=5,
        variants=[
            Variant(id="var_1", name="S", price=1, inventory=Inventory(available=2, reserved=1)),
            Variant(id="var_2", name="M", price=1, inventory=Inventory(available=1)),
        ],
    )
    public = lamp.public()
    assert public["inventory"] == {"available": 3, "reserved": 1, "total": 4}
    assert (public["stock_level"], public["in_stock"], public["test"]) == ("low", True, True)
    assert not {"tenant_id", "mode", "stock", "indexed_words", "pending_batch"} & set(public)
    assert lamp.etag == '"v1"'


@pytest.mark.parametrize(("available", "level"), [(0, "out_of_stock"), (3, "low"), (4, "in_stock")])
def test_stock_level(available: int, level: str) -> None:
    assert stored(stock=Inventory(available=available), low_stock_threshold=3).stock_level == level


_texts = st.text(max_size=8)
_amounts = st.decimals(min_value=0, max_value=1000, places=2)
_counts = st.fixed_dictionaries(
    {"available": st.integers(0, 10**9), "reserved": st.integers(0, 10**9)}
)
_stored_products = st.fixed_dictionaries(
    {"mode": st.sampled_from(["live", "test"])},
    optional={
        "customer_id": _texts,
        "description": _texts,
        "cost_price": _amounts,
        "status": st.sampled_from(["active", "draft", "archived"]),
        "location": st.fixed_dictionaries({}, optional={"country_code": _texts, "city": _texts}),
        "tags": st.lists(_texts, max_size=3),
        "attributes": st.dictionaries(_texts, st.integers() | _texts | _amounts, max_size=3),
        "images": st.lists(
            st.fixed_dictionaries({"url": _texts}, optional={"alt": _texts}), max_size=2
        ),
        "variants": st.lists(
            st.fixed_dictionaries(
                {"id": _texts, "name": _texts, "price": _amounts, "inventory": _counts},
                optional={"sku": _texts, "attributes": st.dictionaries(_texts, _texts)},
            ),
            max_size=3,
        ),
        "stock": _counts,
        "low_stock_threshold": st.integers(0, 100),
        "recurrence": st.fixed_dictionaries(
            {"interval": st.sampled_from(["day", "month"]), "count": st.integers(1, 365)}
        ),
        "taxes": st.lists(
            st.fixed_dictionaries({"name": _texts, "rate": st.decimals(0, 100, places=4)}),
            max_size=2,
        ),
        "indexed_words": st.lists(_texts, max_size=2),
    },
)


@given(_stored_products)
def test_the_representation_is_the_contract_schema_member_for_member(fields: Any) -> None:
    """public() builds the representation's values without a views.Product (for speed): they
    must be exactly what views.Product makes of them, in the same order at every level."""
    shown = stored(**fields).public()
    assert serialize(views.Product.model_validate(shown).model_dump()) == serialize(shown)
    for counts in [shown["inventory"], *(variant["inventory"] for variant in shown["variants"])]:
        assert counts["total"] == counts["available"] + counts["reserved"]
