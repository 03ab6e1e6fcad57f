"""Seed 000's door: its upload and get, at the root and under /compat/000 (docs/seed-mapping.md).

  POST /api/products/upload   a JSON array of {customer_id, name, description, price}: the
                              batch create, all or nothing -> 200 {"product_ids": [...]}
  GET  /api/products/get      ?product_id=  -> [that product], 404 {"detail": "Product not found"}
                              ?limit= (default 100) -> the caller's products, newest first
  products out: [{product_id, customer_id, name, description, price, created_at}]

Errors are FastAPI's `{"detail": "..."}`, with the seed's messages where it shows them.
"""

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, RootModel

from common.auth.principal import Principal
from common.errors import ApiError, NotFound
from common.products.models import Product
from common.products.validators import Amount
from common.representation import Number, Timestamp
from common.text import AccountId, Name, Text

PREFIX = "/compat/000"
DEFAULT_LIMIT = 100


class UploadedProduct(BaseModel):
    """One item of an upload, as seed 000 documents it."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    customer_id: AccountId
    name: Name
    description: Text | None = None
    price: Amount


class Seed000Product(BaseModel):
    """A product as seed 000's get answers it."""

    product_id: str
    customer_id: str | None
    name: str
    description: str | None
    price: Number
    created_at: Timestamp


class Seed000Products(RootModel[list[Seed000Product]]):
    """What seed 000's get answers: a JSON array of products."""


class Seed000Uploaded(BaseModel):
    """What seed 000's upload answers: the new products' ids, in the order given."""

    product_ids: list[str]


class ErrorBody(BaseModel):
    """Every error the door's functions answer."""

    detail: str


def upload(principal: Principal, items: Sequence[UploadedProduct]) -> list[str]:
    """The batch create of the items, in order; their ids. Every item's `customer_id` must be
    the caller's own (the domain's ownership rule, asked first so the seed's message comes out
    as the seed shows it)."""
    # Imported here: the get function, which shares this module, never writes.
    from common.products.batch import create_products
    from common.products.service import owner_of

    for item in items:
        owner_of(principal, item.customer_id)
    created = create_products(principal, [item.model_dump(exclude_none=True) for item in items])
    return [product.id for product in created]


def as_seed000(product: Product) -> dict[str, Any]:
    return Seed000Product(
        product_id=product.id,
        customer_id=product.customer_id,
        name=product.name,
        description=product.description,
        price=product.price,
        created_at=product.created_at,
    ).model_dump()


def error_body(error: ApiError, request_id: str) -> dict[str, Any]:
    """`{"detail": "..."}`: the error's message; a validation error's names what each field
    got wrong (its message alone says only that the request is invalid)."""
    if isinstance(error, NotFound) and error.message.startswith("Product with ID"):
        return {"detail": "Product not found"}
    details = error.details if isinstance(error.details, list) else []
    if error.code != "validation_error":
        details = []
    problems = [
        f"{detail['field']}: {detail['message']}"
        for detail in details
        if isinstance(detail, dict) and "field" in detail and "message" in detail
    ]
    return {"detail": f"{error.message}: {'; '.join(problems)}" if problems else error.message}
