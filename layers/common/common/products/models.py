"""The stored product (Product, with its Variant and Inventory) and its representation.

What a client may write is in products/inputs.py, the rules of its fields in
products/validators.py.
"""

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from common.products.inputs import Image, Location, ProductInput, ProductStatus, Recurrence, Tax

StockLevel = Literal["in_stock", "low", "out_of_stock"]


class Inventory(BaseModel):
    available: int = 0
    reserved: int = 0

    @property
    def total(self) -> int:
        return self.available + self.reserved

    def __add__(self, other: "Inventory") -> "Inventory":
        return Inventory(
            available=self.available + other.available, reserved=self.reserved + other.reserved
        )

    def as_public(self) -> dict[str, int]:
        return {"available": self.available, "reserved": self.reserved, "total": self.total}


class Variant(BaseModel):
    id: str
    name: str
    sku: str | None = None
    price: Decimal
    inventory: Inventory = Field(default_factory=Inventory)
    attributes: dict[str, Any] = Field(default_factory=dict)

    def public(self) -> dict[str, Any]:
        return {**self.model_dump(exclude={"inventory"}), "inventory": self.inventory.as_public()}


_NOT_PUBLIC = {"tenant_id", "mode", "stock", "variants", "indexed_words", "pending_batch"}


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
        total = Inventory()
        for variant in self.variants:
            total = total + variant.inventory
        return total

    @property
    def stock_level(self) -> StockLevel:
        available = self.inventory.available
        if available <= 0:
            return "out_of_stock"
        if self.low_stock_threshold is not None and available <= self.low_stock_threshold:
            return "low"
        return "in_stock"

    def skus(self) -> set[str]:
        return {sku for sku in [self.sku, *(v.sku for v in self.variants)] if sku}

    def writable(self) -> dict[str, Any]:
        """The client-writable view, as a PATCH applies to it. Stock is left out: stock
        operations change it, and a PATCH that does not name it keeps it as it is (and so
        never validates it)."""
        values = self.model_dump(
            mode="python",
            include=set(ProductInput.model_fields) - {"inventory", "variants"},
            exclude_none=True,
        )
        values["variants"] = [
            v.model_dump(exclude={"inventory"}, exclude_none=True) for v in self.variants
        ]
        return values

    def public(self) -> dict[str, Any]:
        body = self.model_dump(exclude=_NOT_PUBLIC)
        body["variants"] = [variant.public() for variant in self.variants]
        body["inventory"] = self.inventory.as_public()
        body["stock_level"] = self.stock_level
        body["in_stock"] = self.inventory.available > 0
        body["is_active"] = self.status == "active"
        body["test"] = self.mode == "test"
        return body

    @property
    def etag(self) -> str:
        return f'"v{self.version}"'
