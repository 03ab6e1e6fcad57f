"""Seed 004's door: 4Geeks' products API, at the root and under /compat/004, every path with or
without its trailing slash (docs/seed-mapping.md).

  POST   /v1/products/        a product -> 201 {"code": 201, "title": ..., "data": {"id"}}
  GET    /v1/products/        ?page=&page_size= -> {"count", "current_page", "total_pages",
                              "results": [product, ...]}
  GET    /v1/products/{id}/   -> the product
  PUT    /v1/products/{id}/   the fields named, the others kept -> {"code": 200, ...}
  DELETE /v1/products/{id}/   -> {"code": 200, "title": "Product deleted", ...}
  every one: ?test=true|false, which must agree with the key's mode

A product as the seed shows it, onto the catalog's:
  stock             inventory (available units)
  bar_code          barcode
  recurrence        {"recurrence": "period", "duration_period": n}: every n months
                    (interval month, count n); day, week and year keep their names
  images            {"default": url, "aditional_images": [url, ...]} (the seed's spelling):
                    images, the default one primary
  taxes             [{"id", "name", "value"}]: [{name, rate}]; `id` is the tax's position
                    in the product's list, out only (taxes are no resources of their own here)
  payment_link      false: this service makes no payment links
  created_on, test  created_at, mode == "test"

Errors are `{"error": <the status's reason phrase>, "message": "..."}`.
"""

from http import HTTPStatus
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from common.auth.principal import Principal
from common.errors import ApiError, ValidationFailed, from_validation_errors
from common.products import service
from common.products.inputs import Image, ProductInput, Recurrence, Tax
from common.products.listing import ListingPage
from common.products.models import Product
from common.products.validators import IMAGE_URL_PATTERN, Amount, Quantity, Sku
from common.representation import Number, Timestamp
from common.text import Name, ShortText, Text

PREFIX = "/compat/004"

CREATED = {
    "code": 201,
    "title": "Complete registration",
    "content": "The registration was successfully completed.",
    "type": "success",
}
UPDATED = {
    "code": 200,
    "title": "Updated product",
    "content": "The product was successfully updated.",
    "type": "success",
}
DELETED = {
    "code": 200,
    "title": "Product deleted",
    "content": "The product was successfully deleted.",
    "type": "success",
}

# ------------------------------------------------------------------ requests ---------------
# The seed's names of the catalog's fields, where they differ.
_SEED_NAMES = {"interval": "recurrence", "count": "duration_period", "rate": "value"}
# Months are the seed's "period"; the other intervals keep their names.
SEED_INTERVALS = {"month": "period", "day": "day", "week": "week", "year": "year"}
CATALOG_INTERVALS = {seed: interval for interval, seed in SEED_INTERVALS.items()}


def _seed_name(field: str) -> str:
    return _SEED_NAMES.get(field, field)


class Seed004Recurrence(Recurrence):
    """The catalog's Recurrence under the seed's names: `{"recurrence": "period",
    "duration_period": 6}` bills every 6 months."""

    model_config = ConfigDict(alias_generator=_seed_name)

    # The seed's names of the intervals (a narrower type than the catalog's, for the same set).
    interval: Literal["period", "day", "week", "year"]  # type: ignore[assignment]

    def catalog(self) -> dict[str, Any]:
        return {"interval": CATALOG_INTERVALS[self.interval], "count": self.count}


class Seed004Tax(Tax):
    """The catalog's Tax under the seed's names: `value` is the rate in percent."""

    model_config = ConfigDict(alias_generator=_seed_name)

    @model_validator(mode="before")
    @classmethod
    def _no_id(cls, data: Any) -> Any:
        if isinstance(data, dict) and "id" in data:
            raise PydanticCustomError(
                "extra_forbidden", "taxes have no ids here: give each one's name and value"
            )
        return data


def _image_url(url: str) -> str:
    """An image's URL, by the catalog's own rule (an absolute https URL, at most 2,048)."""
    try:
        return Image(url=url).url
    except ValidationError as invalid:
        error = invalid.errors()[0]
        raise PydanticCustomError(error["type"], error["msg"]) from None


_URL_SCHEMA = {"type": "string", "maxLength": 2048, "pattern": IMAGE_URL_PATTERN}
ImageUrl = Annotated[str, AfterValidator(_image_url), WithJsonSchema(_URL_SCHEMA)]


class Seed004Images(BaseModel):
    """`default` is the primary image ("" for none); `aditional_images` the others, in order.
    Without a default, the first additional image becomes it (the catalog always has a
    primary image when it has any)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    default: Annotated[
        str,
        AfterValidator(lambda url: url and _image_url(url)),
        WithJsonSchema({"anyOf": [{"const": ""}, _URL_SCHEMA]}),
    ] = ""
    aditional_images: list[ImageUrl] = Field(default_factory=list)

    def catalog(self) -> list[dict[str, Any]]:
        urls = [url for url in (self.default, *self.aditional_images) if url]
        return [{"url": url, "is_primary": index == 0} for index, url in enumerate(urls)]


_CATALOG_NAMES = {"stock": "inventory", "bar_code": "barcode"}


class Seed004ProductIn(BaseModel):
    """A create's body. Bounds the catalog sets (list lengths, currency codes and their minor
    units) are checked once the body is the catalog's (`catalog_input`)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: Name
    description: Text | None = None
    short_description: ShortText | None = None
    price: Amount
    currency: str | None = Field(default=None, description="ISO 4217; USD when left out")
    stock: Quantity | None = None
    is_physical: StrictBool | None = Field(default=None, description="true when left out")
    bar_code: Sku | None = None
    sku: Sku | None = None
    recurrence: Seed004Recurrence | None = None
    images: Seed004Images | None = None
    payment_link: Literal[False] | None = Field(
        default=None, description="always false: this service makes no payment links"
    )
    taxes: list[Seed004Tax] | None = None

    def catalog(self) -> dict[str, Any]:
        """The fields given, under the catalog's names (null: back to the default)."""
        given = self.model_dump(exclude_unset=True, exclude={"payment_link"})
        fields = {_CATALOG_NAMES.get(name, name): value for name, value in given.items()}
        for name, nested in (("recurrence", self.recurrence), ("images", self.images)):
            if nested is not None:
                fields[name] = nested.catalog()
        return fields  # taxes: Seed004Tax dumps the catalog's names already


class Seed004ProductUpdate(Seed004ProductIn):
    """A PUT's body: any of the fields, each optional; those named replace the stored ones."""

    name: Name | None = None  # type: ignore[assignment]
    price: Amount | None = None  # type: ignore[assignment]


# ------------------------------------------------------------------ responses --------------
class Seed004RecurrenceOut(BaseModel):
    recurrence: str
    duration_period: int


class Seed004ImagesOut(BaseModel):
    default: str
    aditional_images: list[str]


class Seed004TaxOut(BaseModel):
    id: int = Field(description="the tax's position in the product's list, from 1")
    name: str
    value: Number = Field(description="percent")


class Seed004Product(BaseModel):
    """A product as the seed shows it."""

    id: str
    name: str
    short_description: str | None
    description: str | None
    stock: int
    price: Number
    currency: str
    is_physical: bool
    bar_code: str | None
    sku: str | None
    recurrence: Seed004RecurrenceOut | None
    images: Seed004ImagesOut
    payment_link: bool
    created_on: Timestamp
    test: bool
    taxes: list[Seed004TaxOut]


class Seed004Page(BaseModel):
    count: int
    current_page: int
    total_pages: int
    results: list[Seed004Product]


class Seed004Message(BaseModel):
    code: int
    title: str
    content: str
    type: str


class Seed004CreatedId(BaseModel):
    id: str


class Seed004Created(Seed004Message):
    data: Seed004CreatedId


class ErrorBody(BaseModel):
    """Every error the door's functions answer."""

    error: str = Field(description="the HTTP status's reason phrase")
    message: str


# ------------------------------------------------------------------ translation ------------
def caller(principal: Principal, test: bool | None) -> Principal:
    """The caller, once `test` (when given) agrees with its key: a key sees its own mode's
    data only, so asking for the other mode's is a 400 rather than an answer from this one."""
    if test is not None and test != (principal.mode == "test"):
        mine, other = ("test", "live") if principal.mode == "test" else ("live", "test")
        message = f"this is a {mine}-mode key: for test={str(test).lower()}, use a {other}-mode key"
        raise ValidationFailed(details=[{"field": "test", "message": message}])
    return principal


def catalog_input(fields: dict[str, Any]) -> ProductInput:
    try:
        return ProductInput.model_validate(fields)
    except ValidationError as invalid:
        raise from_validation_errors(invalid.errors()) from None


def create(principal: Principal, body: Seed004ProductIn) -> Product:
    return service.create_product(principal, catalog_input(body.catalog()))


def update(
    principal: Principal, product_id: str, body: Seed004ProductUpdate, if_match: str | None
) -> Product:
    return service.replace_product(principal, product_id, body.catalog(), if_match)


def as_seed004(product: Product) -> dict[str, Any]:
    recurrence = None
    if product.recurrence is not None:
        recurrence = Seed004RecurrenceOut(
            recurrence=SEED_INTERVALS[product.recurrence.interval],
            duration_period=product.recurrence.count,
        )
    primary = [image.url for image in product.images if image.is_primary]
    others = [image.url for image in product.images if not image.is_primary]
    return Seed004Product(
        id=product.id,
        name=product.name,
        short_description=product.short_description,
        description=product.description,
        stock=product.inventory.available,
        price=product.price,
        currency=product.currency,
        is_physical=product.is_physical,
        bar_code=product.barcode,
        sku=product.sku,
        recurrence=recurrence,
        images=Seed004ImagesOut(default=(primary or [""])[0], aditional_images=others),
        payment_link=False,
        created_on=product.created_at,
        test=product.mode == "test",
        taxes=[
            Seed004TaxOut(id=index, name=tax.name, value=tax.rate)
            for index, tax in enumerate(product.taxes, start=1)
        ],
    ).model_dump()


def as_page(page: ListingPage) -> dict[str, Any]:
    count = page.total or 0  # exact: the door lists unfiltered, which the counters count
    return {
        "count": count,
        "current_page": page.page,
        "total_pages": -(-count // page.limit),
        "results": [as_seed004(product) for product in page.products],
    }


def error_body(error: ApiError, request_id: str) -> dict[str, Any]:
    """`{"error": "Bad Request", "message": "..."}`: the status's reason phrase, and the
    error's message; a validation error's names what each field got wrong."""
    details = error.details if isinstance(error.details, list) else []
    if error.code not in ("validation_error", "invalid_image_url"):
        details = []
    problems = [
        f"{detail['field']}: {detail['message']}"
        for detail in details
        if isinstance(detail, dict) and "field" in detail and "message" in detail
    ]
    message = f"{error.message}: {'; '.join(problems)}" if problems else error.message
    return {"error": HTTPStatus(error.status).phrase, "message": message}
