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

This module has the answers and the errors, which every function of the door needs; the bodies
and writes are in seed004_writes.py, so that the get, the listing and the delete load no input
model (cold starts, docs/performance.md).
"""

from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from common.auth.principal import Principal
from common.errors import ApiError, ValidationFailed
from common.products.models import Product
from common.representation import Number, Timestamp

if TYPE_CHECKING:  # the listing's function imports the listing; the others need not
    from common.products.listing import ListingPage

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

# Months are the seed's "period"; the other intervals keep their names.
SEED_INTERVALS = {"month": "period", "day": "day", "week": "week", "year": "year"}


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


def as_page(page: "ListingPage") -> dict[str, Any]:
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
