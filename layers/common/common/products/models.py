"""Product models: what a client may write (ProductInput) and what the API returns (Product)."""

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from common import money
from common.text import Identifier, LongText, Name, ShortText, Tag, Text

ProductStatus = Literal["active", "draft", "archived"]
Amount = Annotated[Decimal, BeforeValidator(money.parse_amount)]
AttributeKey = Annotated[str, Field(min_length=1, max_length=64)]

# Fields a client writes; everything else on a product is set by the service.
WRITABLE_FIELDS = (
    "customer_id",
    "name",
    "description",
    "short_description",
    "detailed_description",
    "price",
    "cost_price",
    "currency",
    "status",
    "tags",
    "attributes",
    "inventory",
)


class ProductInput(BaseModel):
    """Body of create and PUT, and the result of applying a PATCH. Unknown fields are refused
    (mass assignment of id, version, tenant_id... is impossible)."""

    model_config = ConfigDict(extra="forbid")

    customer_id: Identifier | None = None
    name: Name
    description: Text | None = None
    short_description: ShortText | None = None
    detailed_description: LongText | None = None
    # Declared before the amounts, so their validators can check the currency's minor units.
    currency: str = "USD"
    price: Amount
    cost_price: Amount | None = None
    status: ProductStatus = "active"
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    attributes: dict[AttributeKey, Any] = Field(default_factory=dict, max_length=100)
    # Units available for sale. Seed 004 calls it `stock`; both are accepted on input.
    inventory: int | None = Field(default=None, ge=0, le=1_000_000_000)

    @model_validator(mode="before")
    @classmethod
    def _stock_alias(cls, data: Any) -> Any:
        if isinstance(data, dict) and "stock" in data:
            if "inventory" in data:
                raise ValueError("give either inventory or stock, not both")
            data = {**data, "inventory": data["stock"]}
            del data["stock"]
        return data

    @field_validator("inventory", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        if isinstance(value, bool) or (isinstance(value, Decimal) and value != value.to_integral()):
            raise ValueError("must be a whole number")
        return value

    @field_validator("currency")
    @classmethod
    def _iso_currency(cls, value: str) -> str:
        if not money.is_currency(value):
            raise ValueError("must be an ISO 4217 currency code such as USD")
        return value

    @field_validator("tags")
    @classmethod
    def _unique_tags(cls, tags: list[str]) -> list[str]:
        return list(dict.fromkeys(tags))

    @field_validator("price", "cost_price")
    @classmethod
    def _amount_fits_currency(cls, amount: Decimal | None, info: ValidationInfo) -> Decimal | None:
        currency = info.data.get("currency")
        if amount is not None and currency:  # an invalid currency is reported on its own
            money.check_minor_units(amount, currency)
        return amount


class Inventory(BaseModel):
    available: int = 0
    reserved: int = 0

    @property
    def total(self) -> int:
        return self.available + self.reserved

    def as_public(self) -> dict[str, int]:
        return {"available": self.available, "reserved": self.reserved, "total": self.total}


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
    status: ProductStatus = "active"
    tags: list[str] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)
    inventory: Inventory = Field(default_factory=Inventory)
    version: int = 1
    created_at: str
    updated_at: str

    def writable(self) -> dict[str, Any]:
        """The client-writable view, as a PATCH applies to it (inventory = units available)."""
        values = self.model_dump(include=set(WRITABLE_FIELDS) - {"inventory"})
        values["inventory"] = self.inventory.available
        return {key: value for key, value in values.items() if value is not None}

    def public(self) -> dict[str, Any]:
        body = self.model_dump(exclude={"tenant_id", "mode", "inventory"})
        body["inventory"] = self.inventory.as_public()
        body["is_active"] = self.status == "active"
        body["test"] = self.mode == "test"
        return body

    @property
    def etag(self) -> str:
        return f'"v{self.version}"'
