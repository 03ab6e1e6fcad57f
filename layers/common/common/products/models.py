"""The stored product (Product, with its Variant and Inventory). Its representation in
responses has products/views.py's schema; `Product.public()` builds it from these models'
fields and properties.

What a client may write is in products/inputs.py, the rules of its fields in
products/validators.py. What is stored was validated by them on the way in, so the stored
models hold plain types: reading a product back runs no input validator (the image URL checks
were a fifth of a described product's read).
"""

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from common.products import views
from common.products.validators import ProductStatus


class _Part(BaseModel):
    # Validated inside Product's schema; their own is built on first use alone (cold starts:
    # ~1.5 ms for these four at import).
    model_config = ConfigDict(defer_build=True)


class Location(_Part):
    country_code: str | None = None
    state: str | None = None
    city: str | None = None


class Image(_Part):
    url: str
    alt: str | None = None
    is_primary: bool = False


class Recurrence(_Part):
    interval: Literal["day", "week", "month", "year"]
    count: int = 1


class Tax(_Part):
    name: str
    rate: Decimal


class Inventory(BaseModel):
    available: int = 0
    reserved: int = 0

    @property
    def total(self) -> int:
        return self.available + self.reserved


class Variant(BaseModel):
    id: str
    name: str
    sku: str | None = None
    price: Decimal
    inventory: Inventory = Field(default_factory=Inventory)
    attributes: dict[str, Any] = Field(default_factory=dict)


class Product(BaseModel):
    """A stored product. `public()` is its representation in responses."""

    id: str
    tenant_id: str
    mode: Literal["live", "test"]
    customer_id: str | None = None
    name: str
    description: str | None = None
    short_description: str | None = None
    detailed_description: str | None = None
    price: Decimal
    cost_price: Decimal | None = None
    currency: str = "USD"
    category_id: str | None = None
    product_type_id: str | None = None
    business_id: str | None = None
    location: Location | None = None
    status: ProductStatus = "active"
    sku: str | None = None
    barcode: str | None = None
    tags: list[str] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)
    specifications: dict[str, Any] = Field(default_factory=dict)
    ingredients: list[str] = Field(default_factory=list)
    images: list[Image] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)
    # Product-level stock; with variants the product's stock is the sum of theirs.
    stock: Inventory = Field(default_factory=Inventory)
    low_stock_threshold: int | None = None
    is_physical: bool = True
    recurrence: Recurrence | None = None
    taxes: list[Tax] = Field(default_factory=list)
    related_product_ids: list[str] = Field(default_factory=list)
    version: int = 1
    created_at: str
    updated_at: str
    # Storage bookkeeping, never shown: the words this product has search postings for, and
    # the journal of the unfinished batch that wrote it (products/batch.py): until the batch
    # publishes it, the product is invisible and unwritable.
    indexed_words: list[str] = Field(default_factory=list)
    pending_batch: str | None = None

    @property
    def inventory(self) -> Inventory:
        if not self.variants:
            return self.stock
        # One model for the sum, not one per variant.
        return Inventory(
            available=sum(variant.inventory.available for variant in self.variants),
            reserved=sum(variant.inventory.reserved for variant in self.variants),
        )

    @property
    def stock_level(self) -> views.StockLevel:
        return self._stock_level(self.inventory.available)

    def _stock_level(self, available: int) -> views.StockLevel:
        if available <= 0:
            return "out_of_stock"
        if self.low_stock_threshold is not None and available <= self.low_stock_threshold:
            return "low"
        return "in_stock"

    def skus(self) -> set[str]:
        return {sku for sku in [self.sku, *(v.sku for v in self.variants)] if sku}

    @property
    def in_stock(self) -> bool:
        return self.inventory.available > 0

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def test(self) -> bool:
        return self.mode == "test"

    def public(self) -> dict[str, Any]:
        """Its representation in responses: the members of views.Product (the contract's
        schema), in that order, as plain values. Not validated again on the way out: they are
        this model's own values, validated when it was made or read, and
        tests/pure/test_product_models.py pins that they validate as views.Product and dump
        back unchanged. Half the time of building a views.Product from this model
        (docs/performance-log.md, "One validation per product read")."""
        values = self.model_dump(include=_SHOWN_AS_STORED)
        for variant in values["variants"]:
            counts = variant["inventory"]
            counts["total"] = counts["available"] + counts["reserved"]
        inventory = self.inventory  # summed once: the properties would sum it each
        values["inventory"] = {**inventory.model_dump(), "total": inventory.total}
        values["stock_level"] = self._stock_level(inventory.available)
        values["in_stock"] = inventory.available > 0
        values["is_active"], values["test"] = self.is_active, self.test
        return {name: values[name] for name in _SHOWN}

    @property
    def etag(self) -> str:
        return f'"v{self.version}"'


# The representation's members in order, and those the stored model holds as they are shown.
_SHOWN = tuple(views.Product.model_fields)
_SHOWN_AS_STORED = set(_SHOWN) & set(Product.model_fields)
