"""Product models: what a client may write (ProductInput) and what the API returns (Product)."""

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from common import money
from common.categories.models import CategoryReference
from common.text import (
    LINE_PATTERN,
    PARAGRAPHS_PATTERN,
    AccountId,
    Identifier,
    LongText,
    Name,
    ShortText,
    Tag,
    Text,
    fullmatch,
)

ProductStatus = Literal["active", "draft", "archived"]
StockLevel = Literal["in_stock", "low", "out_of_stock"]
# The document says what parse_amount accepts: a JSON number, > 0, at most 1e9 (the minor
# units depend on the currency: ProductInput's schema has a rule per group of currencies).
Amount = Annotated[
    Decimal,
    BeforeValidator(money.parse_amount),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": int(money.MAX_AMOUNT)}),
]
# Free-form numbers are stored as DynamoDB numbers: 38 significant digits, magnitudes from
# 1e-130 (a larger range than the document's 1e38 bound, which keeps integers within the digits).
_SMALLEST, _LARGEST, _DIGITS = Decimal("1e-130"), Decimal("1e38"), 38


def _storable_number(value: Decimal | int) -> Decimal | int:
    """A number DynamoDB can hold exactly (it was a 500 when the write failed)."""
    number = Decimal(value)
    if number != 0 and not (_SMALLEST <= abs(number) < _LARGEST):
        raise ValueError("numbers must be 0 or between 1e-130 and 1e38 in magnitude")
    if money.shape(number)[0] > _DIGITS:
        raise ValueError(f"numbers have at most {_DIGITS} significant digits")
    return value


_IN_RANGE = {"type": "number", "minimum": float(_SMALLEST), "exclusiveMaximum": float(_LARGEST)}
_NEGATIVE = {"type": "number", "maximum": -float(_SMALLEST), "exclusiveMinimum": -float(_LARGEST)}

# Free-form `attributes` and `specifications` (product and variant): docs/decisions.md,
# "Input limits". Keys are 1-64 characters of one line, kept as sent; a value is any JSON
# value whose texts are at most 1,000 characters (newlines and tabs allowed, no other control
# character), whose lists and objects hold at most 100 members and nest at most 3 deep
# (`{"size": {"eu": [38, 39]}}` is 2 deep), and whose numbers DynamoDB can store exactly.
MAX_ATTRIBUTE_TEXT, MAX_ATTRIBUTE_MEMBERS, MAX_ATTRIBUTE_DEPTH = 1_000, 100, 3


def _attribute_key_problem(key: Any) -> str | None:
    if not isinstance(key, str) or not 1 <= len(key) <= 64:
        return "keys must be 1 to 64 characters"
    if not fullmatch(LINE_PATTERN, key) or _has_surrogate(key):
        return "keys must be one line of visible text, without control characters"
    return None


def _has_surrogate(text: str) -> bool:
    """A lone UTF-16 surrogate ("\\ud800" in JSON) cannot be stored as UTF-8."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _scalar_problem(item: Any) -> str | None:
    if item is None or isinstance(item, bool):
        return None
    if isinstance(item, str):
        if len(item) > MAX_ATTRIBUTE_TEXT:
            return f"texts have at most {MAX_ATTRIBUTE_TEXT} characters"
        printable = fullmatch(PARAGRAPHS_PATTERN, item) and not _has_surrogate(item)
        return None if printable else "texts must not contain control characters but newlines"
    if isinstance(item, int | Decimal):
        try:
            _storable_number(item)
        except (ValueError, ArithmeticError) as exc:
            return str(exc)
        return None
    return "must be a JSON string, number, boolean, null, list or object"


def _attribute_value_problem(value: Any) -> str | None:
    """What is wrong with a free-form value (walked without recursion), or None."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        problem = None
        if not isinstance(item, list | dict):
            problem = _scalar_problem(item)
        elif depth == MAX_ATTRIBUTE_DEPTH:
            problem = f"lists and objects nest at most {MAX_ATTRIBUTE_DEPTH} levels deep"
        elif len(item) > MAX_ATTRIBUTE_MEMBERS:
            problem = f"lists and objects hold at most {MAX_ATTRIBUTE_MEMBERS} members"
        elif isinstance(item, list):
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(item))
        else:
            for key, member in item.items():
                problem = problem or _attribute_key_problem(key)
                stack.append((member, f"{path}.{key}" if path else str(key), depth + 1))
        if problem:
            return f"{path}: {problem}" if path else problem
    return None


def _attribute_value(value: Any) -> Any:
    problem = _attribute_value_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _checked_key(key: str) -> str:
    problem = _attribute_key_problem(key)
    if problem:
        raise ValueError(problem)
    return key


_KEY_SCHEMA = {"type": "string", "minLength": 1, "maxLength": 64, "pattern": LINE_PATTERN}


def _value_schema(depth: int) -> dict[str, Any]:
    """The document's AttributeValue: unrolled, because JSON Schema cannot bound the depth of
    a recursive reference."""
    text = {"type": "string", "maxLength": MAX_ATTRIBUTE_TEXT, "pattern": PARAGRAPHS_PATTERN}
    scalars = [text, {"type": "boolean"}, {"const": 0}, _IN_RANGE, _NEGATIVE, {"type": "null"}]
    if depth == 0:
        return {"anyOf": scalars}
    inner = _value_schema(depth - 1)
    containers = [
        {"type": "array", "maxItems": MAX_ATTRIBUTE_MEMBERS, "items": inner},
        {
            "type": "object",
            "maxProperties": MAX_ATTRIBUTE_MEMBERS,
            "propertyNames": _KEY_SCHEMA,
            "additionalProperties": inner,
        },
    ]
    return {"anyOf": scalars + containers}


AttributeKey = Annotated[
    str, AfterValidator(_checked_key), WithJsonSchema(_KEY_SCHEMA, mode="validation")
]
AttributeValue = Annotated[Any, AfterValidator(_attribute_value)]


def _attributes_schema(most: int) -> dict[str, Any]:
    """The document schema of a map of at most `most` free-form attributes, given whole:
    pydantic would put the key pattern in `patternProperties`, leaving keys that do not match
    it schema-valid."""
    return {
        "type": "object",
        "maxProperties": most,
        "propertyNames": _KEY_SCHEMA,
        "additionalProperties": _value_schema(MAX_ATTRIBUTE_DEPTH),
    }


ProductAttributes = Annotated[
    dict[AttributeKey, AttributeValue],
    Field(max_length=100),
    WithJsonSchema(_attributes_schema(100), mode="validation"),
]
VariantAttributes = Annotated[
    dict[AttributeKey, AttributeValue],
    Field(max_length=50),
    WithJsonSchema(_attributes_schema(50), mode="validation"),
]
# Everything str.strip() removes: a SKU may come padded, and is stored trimmed.
_WHITESPACE = (
    r"\t\n\x0b\x0c\r\x1c-\x1f\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
SKU_PATTERN = rf"^[{_WHITESPACE}]*[A-Za-z0-9._/#+-]{{1,64}}[{_WHITESPACE}]*$"
# An absolute https URL with a host (the scheme in any case, as urlsplit reads it).
# No control character or space anywhere (spelled out: `\s` is not the same set in Python's
# and ECMA-262's engines), and in the netloc nothing urlsplit refuses: an unpaired [ or ],
# or a character that NFKC turns into one of / ? # @ : (U+FF20, the fullwidth @...).
_NOT_IN_URL = r"\x00-\x20\x7f-\x9f\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_NOT_IN_NETLOC = (
    _NOT_IN_URL + r"/?#@\[\]\u2047-\u2049\u2100\u2101\u2105\u2106\u2a74\ufe13\ufe16\ufe55\ufe56"
    r"\ufe5f\ufe6b\uff03\uff0f\uff1a\uff1f\uff20"
)
IMAGE_URL_PATTERN = (
    rf"^[Hh][Tt][Tt][Pp][Ss]://([^{_NOT_IN_NETLOC}]*@)?[^{_NOT_IN_NETLOC}:]+(:[0-9]*)?"
    rf"([/?#][^{_NOT_IN_URL}]*)?$"
)
COUNTRY_CODE_PATTERN = r"^[A-Z]{2}$"  # ISO 3166-1 alpha-2
PRODUCT_ID_PATTERN = r"^prod_[0-9a-f]{24}$"
# Every SKU change is claimed in the product's transaction (≤ 100 operations in DynamoDB).
MAX_VARIANTS = 40


def whole_number(value: Any) -> Any:
    """A count from JSON: an integer (1.0 is fine), never a string, a boolean or 1.5."""
    if isinstance(value, (bool, str)):
        raise ValueError("must be a JSON number")
    if isinstance(value, Decimal) and value != value.to_integral():
        raise ValueError("must be a whole number")
    return value


def _stock_alias(data: Any) -> Any:
    """Seed 004 calls stock `stock`: accepted as `inventory`, never both."""
    if isinstance(data, dict) and "stock" in data:
        if "inventory" in data:
            raise ValueError("give either inventory or stock, not both")
        data = {**data, "inventory": data["stock"]}
        del data["stock"]
    return data


def _check_sku(value: str) -> str:
    if not fullmatch(SKU_PATTERN, value):
        if 1 <= len(value.strip()) <= 64:
            raise ValueError("may contain only letters, digits and . _ - / # +")
        raise ValueError("must be 1 to 64 characters")
    return value.strip()


# A count of units: a whole JSON number (1.0 is fine, 1.5 is not), 0 to 1e9.
Quantity = Annotated[
    int,
    BeforeValidator(whole_number),
    Field(ge=0, le=1_000_000_000),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": 1_000_000_000}),
]
# SKUs and barcodes: printable, no spaces, as merchants print them on labels.
Sku = Annotated[
    str, AfterValidator(_check_sku), WithJsonSchema({"type": "string", "pattern": SKU_PATTERN})
]


class _Input(BaseModel):
    # Schemas built on first validation: functions that only read products never validate input.
    model_config = ConfigDict(extra="forbid", defer_build=True)


class _StockInput(_Input):
    """Inputs that carry stock, as `inventory` (seed 003) or `stock` (seed 004)."""

    @model_validator(mode="before")
    @classmethod
    def _stock_alias(cls, data: Any) -> Any:
        return _stock_alias(data)


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
    # Percent with at most 4 decimals (8.875): more digits would not round-trip DynamoDB.
    rate: Annotated[
        Decimal,
        Field(ge=0, le=100, description="percent"),
        WithJsonSchema(
            {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.0001},
            mode="validation",
        ),
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
    currency: str = Field(default="USD", json_schema_extra={"enum": list[Any](money.CURRENCIES)})
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


def _all_optional(model: type[ProductInput]) -> type[ProductInput]:
    """The body of a PUT: any of the writable fields, each optional and without default, so
    that only the fields a client names are changed. It keeps ProductInput's validators."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        enum = extra.get("enum") if isinstance(extra, dict) else None
        if isinstance(extra, dict) and isinstance(enum, list):
            extra = {**extra, "enum": [*enum, None]}  # null stands for the default
        annotation: Any = info.annotation
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]
        fields[name] = (
            annotation | None,
            Field(None, description=info.description, json_schema_extra=extra),
        )
    return create_model(
        "ProductUpdate",
        __base__=model,
        __doc__="Body of PUT: the fields named replace the stored ones; the others stay.",
        **fields,
    )


if TYPE_CHECKING:  # to the type checker, a ProductInput whose fields may be left out
    ProductUpdate = ProductInput
else:
    ProductUpdate = _all_optional(ProductInput)


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
