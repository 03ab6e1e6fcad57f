"""What the API returns for a product: `Product`, with its `Variant`s and `Inventory`.

The OpenAPI document's schemas are these models. A response's values are built from the stored
product (products/models.py, `Product.public()`): every member from the stored model's field
or property of the same name, without validating them again (the stored model was validated
when read); tests/pure/test_product_models.py pins that they are what `Product` makes of them.
"""

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, WithJsonSchema

from common import money
from common.products.validators import (
    AMOUNT_SCHEMA,
    TAX_RATE_SCHEMA,
    ProductStatus,
    attributes_schema,
)
from common.representation import Output, Timestamp, read_only

StockLevel = Literal["in_stock", "low", "out_of_stock"]
# Output types: the input types' schemas, without re-validating what is read from storage.
Money = Annotated[Decimal, WithJsonSchema(AMOUNT_SCHEMA)]
ProductAttributes = Annotated[dict[str, Any], WithJsonSchema(attributes_schema(100))]
VariantAttributes = Annotated[dict[str, Any], WithJsonSchema(attributes_schema(50))]


class ProductLocation(Output):
    """Where the product is sold or stocked; null members are not known."""

    country_code: str | None
    state: str | None
    city: str | None


class ProductImage(Output):
    url: str
    alt: str | None
    is_primary: bool = Field(description="The product's main image: exactly one has it")


class ProductRecurrence(Output):
    """Billing recurrence: every `count` `interval`s."""

    interval: Literal["day", "week", "month", "year"]
    count: int = Field(ge=1, le=365)


class ProductTax(Output):
    name: str
    rate: Annotated[Decimal, Field(description="percent"), WithJsonSchema(TAX_RATE_SCHEMA)]


class Inventory(Output):
    """Units of stock: `available` can be reserved or sold; `reserved` is held for orders
    until committed (sold) or released."""

    available: int = read_only(minimum=0)
    reserved: int = read_only(minimum=0)
    total: int = read_only("available + reserved", minimum=0)


class Variant(Output):
    id: str = read_only()
    name: str
    sku: str | None
    price: Money
    inventory: Inventory = read_only()
    attributes: VariantAttributes


# An answer of the service (tests/component/test_examples.py makes it again and compares).
EXAMPLE: dict[str, Any] = {
    "id": "prod_496d8da635d7a119e2df7f48",
    "customer_id": None,
    "name": "Trail Running Shoe",
    "description": "Lightweight trail shoe with a grippy outsole",
    "short_description": None,
    "detailed_description": None,
    "price": 129.99,
    "cost_price": None,
    "currency": "USD",
    "category_id": "cat_53efb1c2a2e8db26822004c8",
    "product_type_id": None,
    "business_id": None,
    "location": None,
    "status": "active",
    "sku": "TRS-100",
    "barcode": None,
    "tags": ["running", "trail"],
    "attributes": {"material": "mesh", "drop_mm": 6, "sizes": {"eu": [41, 42, 43]}},
    "specifications": {},
    "ingredients": [],
    "images": [
        {
            "url": "https://example.com/images/trail-shoe.jpg",
            "alt": "Trail Running Shoe",
            "is_primary": True,
        }
    ],
    "variants": [
        {
            "id": "var_162235d9c25f052009b8abab",
            "name": "EU 42 / Blue",
            "sku": "TRS-100-42-BL",
            "price": 129.99,
            "inventory": {"available": 12, "reserved": 0, "total": 12},
            "attributes": {"size": "42", "color": "blue"},
        },
        {
            "id": "var_859ec0e99cf03a676eb3b889",
            "name": "EU 43 / Blue",
            "sku": "TRS-100-43-BL",
            "price": 134.99,
            "inventory": {"available": 3, "reserved": 0, "total": 3},
            "attributes": {"size": "43", "color": "blue"},
        },
    ],
    "inventory": {"available": 15, "reserved": 0, "total": 15},
    "low_stock_threshold": 5,
    "is_physical": True,
    "recurrence": None,
    "taxes": [],
    "related_product_ids": [],
    "version": 1,
    "created_at": "2026-12-05T17:41:39.070Z",
    "updated_at": "2026-12-05T17:41:39.070Z",
    "stock_level": "in_stock",
    "in_stock": True,
    "is_active": True,
    "test": False,
}


def _product_schema(schema: dict[str, Any]) -> None:
    """Prices have at most the minor-unit digits of the product's currency (the named
    Currency schema); an example."""
    schema["examples"] = [EXAMPLE]
    schema["properties"]["currency"] = money.currency_member(schema["properties"]["currency"])
    schema["allOf"] = money.minor_unit_rules(
        lambda step: {
            "properties": {
                "price": {"multipleOf": step},
                "cost_price": {"multipleOf": step},
                "variants": {"items": {"properties": {"price": {"multipleOf": step}}}},
            }
        }
    )


class Product(Output):
    """A product of the caller's catalog. With variants, its inventory is the sum of theirs."""

    model_config = ConfigDict(json_schema_extra=_product_schema)

    id: str = read_only()
    customer_id: str | None
    name: str
    description: str | None
    short_description: str | None
    detailed_description: str | None
    price: Money
    cost_price: Money | None
    currency: str
    category_id: str | None
    product_type_id: str | None
    business_id: str | None
    location: ProductLocation | None
    status: ProductStatus
    sku: str | None
    barcode: str | None
    tags: list[str]
    attributes: ProductAttributes
    specifications: ProductAttributes
    ingredients: list[str]
    images: list[ProductImage]
    variants: list[Variant]
    inventory: Inventory = read_only()
    low_stock_threshold: int | None
    is_physical: bool
    recurrence: ProductRecurrence | None
    taxes: list[ProductTax]
    related_product_ids: list[str]
    version: int = read_only('Bumped by every change; the ETag is `"v<version>"`', minimum=1)
    created_at: Timestamp = read_only()
    updated_at: Timestamp = read_only()
    stock_level: StockLevel = read_only("`low` at or below low_stock_threshold")
    in_stock: bool = read_only("inventory.available > 0")
    is_active: bool = read_only("status is active")
    test: bool = read_only("Made with a test-mode key")


class BatchCreated(Output):
    """The products a batch created, in the order given."""

    product_ids: list[str] = Field(description="The new products' ids, in the order given")
    items: list[Product]
