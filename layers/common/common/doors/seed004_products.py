"""A product as seed 004 shows it (seed004.py has the mapping), and a page of them: the answers
of the door's get and listing, apart from what every function of the door needs (seed004.py)."""

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from common.doors.seed004 import SEED_INTERVALS
from common.products.models import Product
from common.representation import Number, Timestamp

if TYPE_CHECKING:  # the listing's function imports the listing; the get need not
    from common.products.listing import ListingPage


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
    # Exact: the door lists unfiltered, which the counters count.
    return {
        "count": page.total or 0,
        "current_page": page.page,
        "total_pages": page.pages or 0,
        "results": [as_seed004(product) for product in page.products],
    }
