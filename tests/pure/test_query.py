"""The listing's parameters and `matches` (docs/decisions.md, "Listing and cursors"): what a
query may ask, seed 002's names, and which products belong in a listing."""

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from common.errors import ValidationFailed
from common.products.models import Inventory, Location, Product
from common.products.query import (
    MAX_LIMIT,
    ProductQuery,
    canonical_parameters,
    matches,
)
from common.storage.products.index import STOCK_INDEX_LEVEL


def product(**fields: Any) -> Product:
    base: dict[str, Any] = {
        "id": "prod_" + "0" * 24,
        "tenant_id": "tenant-a",
        "mode": "live",
        "customer_id": "cust-1",
        "name": "Oak Lamp",
        "price": Decimal("42.50"),
        "created_at": "2026-03-01T10:00:00.000Z",
        "updated_at": "2026-03-01T10:00:00.000Z",
    }
    return Product.model_validate({**base, **fields})


def query(**params: str) -> ProductQuery:
    return ProductQuery.model_validate(params)


def test_defaults_and_bounds() -> None:
    default = query()
    assert (default.limit, default.effective_sort, default.descending) == (20, "created_at", True)
    assert query(limit=str(MAX_LIMIT)).limit == MAX_LIMIT
    for refused in ({"limit": "0"}, {"limit": str(MAX_LIMIT + 1)}, {"page": "0"}):
        with pytest.raises(ValidationError):
            query(**refused)


def test_unknown_parameters_are_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        query(colour="red")
    assert refused.value.errors()[0]["loc"] == ("colour",)


def test_order_is_case_insensitive_and_stock_filters_list_lowest_first() -> None:
    assert not query(order="ASC").descending
    stock = query(low_stock="5")
    assert (stock.effective_sort, stock.descending) == ("available", False)
    assert query(low_stock="5", sort="price").effective_sort == "price"


def test_low_stock_goes_up_to_the_stock_index_level() -> None:
    assert query(low_stock=str(STOCK_INDEX_LEVEL)).low_stock == STOCK_INDEX_LEVEL
    with pytest.raises(ValidationError) as refused:
        query(low_stock=str(STOCK_INDEX_LEVEL + 1))
    assert refused.value.errors()[0]["loc"] == ("low_stock",)
    # The stock index holds only products at or under the level: it cannot serve "at least n".
    assert query(min_quantity="500").effective_sort == "created_at"


def test_statuses_combine_status_and_is_active() -> None:
    assert query().statuses is None
    assert query(is_active="true").statuses == ("active",)
    assert query(status="active,draft", is_active="false").statuses == ("draft",)


def test_dates_become_the_stored_timestamps() -> None:
    ranged = query(created_from="2026-01-31", created_to="2026-01-31")
    assert ranged.created_from == "2026-01-31T00:00:00.000Z"
    assert ranged.created_to == "2026-01-31T23:59:59.999Z"


def test_seed_002_names_are_aliases() -> None:
    assert canonical_parameters(
        {"productSearch": "oak", "productDateRange": "2020-11-12,2022-11-15", "productActive": "1"}
    ) == {
        "search": "oak",
        "created_from": "2020-11-12",
        "created_to": "2022-11-15",
        "is_active": "true",
    }
    with pytest.raises(ValidationFailed):
        canonical_parameters({"search": "oak", "productSearch": "lamp"})
    with pytest.raises(ValidationFailed):
        canonical_parameters({"productActive": "yes"})


def test_the_fingerprint_leaves_out_the_position() -> None:
    assert query(page="3", status="draft").fingerprint() == query(status="draft").fingerprint()
    assert query(status="draft").fingerprint() != query(status="active").fingerprint()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, True),
        ({"search": "lamp"}, True),
        ({"search": "oak la"}, True),
        ({"search": "pine"}, False),
        ({"status": "draft"}, False),
        ({"tags": "wood,metal"}, True),
        ({"tags": "glass"}, False),
        ({"sku": "OAK-1"}, True),
        ({"price_min": "40", "price_max": "42.5"}, True),
        ({"price_min": "42.51"}, False),
        ({"low_stock": "3"}, True),
        ({"min_quantity": "4"}, False),
        ({"states": "CALIFORNIA"}, True),
        ({"country_code": "FR"}, False),
        ({"created_from": "2026-03-02"}, False),
        ({"currency": "USD", "is_physical": "true"}, True),
    ],
)
def test_matches(params: dict[str, str], expected: bool) -> None:
    lamp = product(
        tags=["wood"],
        sku="OAK-1",
        stock=Inventory(available=3),
        location=Location(country_code="US", state="California", city="Oakland"),
    )
    assert matches(query(**params), lamp, None, None) is expected


def test_matches_scopes_customer_and_categories() -> None:
    lamp = product(category_id="cat_lamps")
    assert matches(query(), lamp, "cust-1", None)
    assert not matches(query(), lamp, "cust-2", None)
    assert matches(query(), lamp, None, frozenset({"cat_lamps", "cat_light"}))
    assert not matches(query(), lamp, None, frozenset({"cat_chairs"}))


@pytest.mark.parametrize(
    ("params", "price_min", "price_max"),
    [
        ({"price_min": "8.315749765316389e-90"}, Decimal("0.0001"), None),
        (
            {"price_min": "10.00001", "price_max": "20.99999"},
            Decimal("10.0001"),
            Decimal("20.9999"),
        ),
        ({"price_min": "12.5", "price_max": "12.5"}, Decimal("12.5"), Decimal("12.5")),
    ],
)
def test_price_bounds_finer_than_a_price_are_rounded_inward(
    params: dict[str, str], price_min: Decimal | None, price_max: Decimal | None
) -> None:
    """No price has more than 4 decimals, so rounding a bound inward to 4 filters the same."""
    query = ProductQuery(**params)
    assert (query.price_min, query.price_max) == (price_min, price_max)
