"""What a client may write: ProductInput (POST, and a PATCH once applied) and its parts. The PUT
body, every field of it optional, is products/replacement.py's ProductUpdate."""

from decimal import Decimal
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from common import money
from common.categories.ids import CategoryReference
from common.products.validators import (
    COUNTRY_CODE_PATTERN,
    IMAGE_URL_PATTERN,
    MAX_VARIANTS,
    TAX_RATE_SCHEMA,
    Amount,
    ProductAttributes,
    ProductStatus,
    Quantity,
    Sku,
    VariantAttributes,
    stock_alias,
)
from common.text import AccountId, Identifier, LongText, Name, ShortText, Tag, Text, fullmatch


class _Input(BaseModel):
    # Schemas built at import: only functions that validate product bodies import this module
    # (tests/component/test_cold_start_imports.py), and built on the first request they would
    # cost it ~16 ms unseen by the cold-start bench.
    model_config = ConfigDict(extra="forbid")


class _StockInput(_Input):
    """Inputs that carry stock, as `inventory` (seed 003) or `stock` (seed 004)."""

    @model_validator(mode="before")
    @classmethod
    def _stock_alias(cls, data: Any) -> Any:
        return stock_alias(data)


class Location(_Input):
    """Where the product is sold or stocked (seed 002's countryCode, states, cities)."""

    country_code: Annotated[str, StringConstraints(pattern=COUNTRY_CODE_PATTERN)] | None = None
    state: Name | None = None
    city: Name | None = None


class Image(_Input):
    url: str = Field(max_length=2048, json_schema_extra={"pattern": IMAGE_URL_PATTERN})
    alt: ShortText | None = None
    is_primary: StrictBool = False

    @field_validator("url")
    @classmethod
    def _https_only(cls, url: str) -> str:
        if not fullmatch(IMAGE_URL_PATTERN, url) or not urlsplit(url).hostname:
            raise PydanticCustomError("invalid_image_url", "must be an absolute https URL")
        return url


def _url_as_image(value: Any) -> Any:
    """An image may be given as its URL alone (an "array of product image URLs")."""
    return {"url": value} if isinstance(value, str) else value


ImageInput = Annotated[Image, BeforeValidator(_url_as_image)]


class Recurrence(_Input):
    """Billing recurrence of subscription-like products (seed 004)."""

    interval: Literal["day", "week", "month", "year"]
    count: int = Field(default=1, ge=1, le=365)


class Tax(_Input):
    name: Name
    rate: Annotated[
        Decimal, Field(ge=0, le=100, description="percent"), WithJsonSchema(TAX_RATE_SCHEMA)
    ]

    @field_validator("rate", mode="before")
    @classmethod
    def _json_number(cls, value: Any) -> Any:
        if isinstance(value, (bool, str, float)):
            raise ValueError("must be a JSON number")
        return value

    @field_validator("rate")
    @classmethod
    def _four_decimals(cls, rate: Decimal) -> Decimal:
        if money.shape(rate)[1] > 4:
            raise ValueError("rates have at most 4 decimal places")
        return rate


class VariantInput(_StockInput):
    id: Identifier | None = Field(default=None, description="keep an existing variant's id")
    name: Name
    sku: Sku | None = None
    price: Amount | None = Field(default=None, description="defaults to the product's price")
    inventory: Quantity | None = None
    attributes: VariantAttributes = Field(default_factory=dict)


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of a field's value, without the null an optional field also allows."""
    options = schema.get("anyOf", [schema])
    return next(option for option in options if option.get("type") != "null")


def _product_input_schema(schema: dict[str, Any]) -> None:
    """What the field types cannot say, in the document: `stock` is another name for
    `inventory` (never both), stock is per variant when there are variants, at most one image
    is primary, and amounts have at most their currency's minor-unit digits."""
    properties = schema["properties"]
    properties["currency"] = money.currency_member(properties["currency"])
    properties["stock"] = {**properties["inventory"], "description": "another name for inventory"}
    url = {"type": "string", "maxLength": 2048, "pattern": IMAGE_URL_PATTERN}
    images = _not_null(properties["images"])
    images["items"] = {"anyOf": [images["items"], url]}
    images["maxContains"] = 1
    images["minContains"] = 0
    images["contains"] = {
        "type": "object",
        "properties": {"is_primary": {"const": True}},
        "required": ["is_primary"],
    }
    with_variants = {"required": ["variants"], "properties": {"variants": {"minItems": 1}}}
    no_stock = {"properties": {"inventory": {"type": "null"}, "stock": {"type": "null"}}}
    schema["allOf"] = [
        {"not": {"required": ["inventory", "stock"]}},
        {"if": with_variants, "then": no_stock},
        *money.minor_unit_rules(
            lambda step: {
                "properties": {
                    "price": {"multipleOf": step},
                    "cost_price": {"multipleOf": step},
                    "variants": {"items": {"properties": {"price": {"multipleOf": step}}}},
                }
            }
        ),
    ]


class ProductInput(_StockInput):
    """Body of create and PUT, and the result of applying a PATCH. Unknown fields are refused
    (mass assignment of id, version, tenant_id... is impossible)."""

    model_config = ConfigDict(json_schema_extra=_product_input_schema)

    customer_id: AccountId | None = None
    name: Name
    description: Text | None = None
    short_description: ShortText | None = None
    detailed_description: LongText | None = None
    # Declared before the amounts, so their validators can check the currency's minor units.
    currency: str = "USD"
    price: Amount
    cost_price: Amount | None = None
    category_id: CategoryReference | None = None
    product_type_id: Identifier | None = None
    business_id: Identifier | None = None
    location: Location | None = None
    status: ProductStatus = "active"
    sku: Sku | None = None
    barcode: Sku | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    attributes: ProductAttributes = Field(default_factory=dict)
    specifications: ProductAttributes = Field(default_factory=dict)
    ingredients: list[Name] = Field(default_factory=list, max_length=100)
    images: list[ImageInput] = Field(default_factory=list, max_length=20)
    variants: list[VariantInput] = Field(default_factory=list, max_length=MAX_VARIANTS)
    # Units available for sale; with variants, stock is theirs and this stays unset.
    inventory: Quantity | None = None
    low_stock_threshold: Quantity | None = None
    is_physical: StrictBool = True
    recurrence: Recurrence | None = None
    taxes: list[Tax] = Field(default_factory=list, max_length=10)
    related_product_ids: list[Identifier] = Field(default_factory=list, max_length=50)

    @field_validator("currency")
    @classmethod
    def _iso_currency(cls, value: str | None) -> str | None:
        # Validators are shared with ProductUpdate, whose fields may be null.
        if value is not None and not money.is_currency(value):
            raise ValueError("must be an ISO 4217 currency code such as USD")
        return value

    @field_validator("price", "cost_price")
    @classmethod
    def _amount_fits_currency(cls, amount: Decimal | None, info: ValidationInfo) -> Decimal | None:
        currency = info.data.get("currency")
        if amount is not None and currency:  # an invalid currency is reported on its own
            money.check_minor_units(amount, currency)
        return amount

    @field_validator("tags", "related_product_ids", "ingredients")
    @classmethod
    def _unique(cls, values: list[str] | None) -> list[str] | None:
        return list(dict.fromkeys(values)) if values is not None else None

    @field_validator("images")
    @classmethod
    def _one_primary(cls, images: list[Image] | None) -> list[Image] | None:
        if images is None:
            return None
        primaries = sum(image.is_primary for image in images)
        if primaries > 1:
            raise ValueError("at most one image can be primary")
        if images and primaries == 0:  # the first image is the primary one, as in Shopify
            images = [images[0].model_copy(update={"is_primary": True}), *images[1:]]
        return images

    @model_validator(mode="after")
    def _variants_consistent(self) -> "ProductInput":
        if self.variants and self.inventory is not None:
            raise ValueError("with variants, stock is set per variant: leave inventory out")
        return self

    def variant_price_errors(self) -> list[dict[str, str]]:
        """Variant prices in the product's currency (checked once the currency is known)."""
        errors = []
        for index, variant in enumerate(self.variants):
            if variant.price is None:
                continue
            try:
                money.check_minor_units(variant.price, self.currency)
            except ValueError as exc:
                errors.append({"field": f"variants[{index}].price", "message": str(exc)})
        return errors

    def skus(self) -> dict[str, str]:
        """Every SKU this product claims, with the field that names it."""
        claimed: dict[str, str] = {}
        if self.sku:
            claimed[self.sku] = "sku"
        for index, variant in enumerate(self.variants):
            if variant.sku:
                claimed.setdefault(variant.sku, f"variants[{index}].sku")
        return claimed

    def repeats(self) -> list[dict[str, str]]:
        """Details for each SKU or variant id this product gives twice, naming both places.
        A repeated variant id would count one variant's stock several times."""
        skus = [("sku", self.sku)] + [
            (f"variants[{i}].sku", v.sku) for i, v in enumerate(self.variants)
        ]
        ids = [(f"variants[{i}].id", v.id) for i, v in enumerate(self.variants)]
        details = []
        for what, fields in (("SKU", skus), ("variant id", ids)):
            first: dict[str, str] = {}
            for field, value in fields:
                if value is None:
                    continue
                if value in first:
                    details.append(
                        {"field": field, "message": f"repeats the {what} of {first[value]}"}
                    )
                else:
                    first[value] = field
        return details
