"""Seed 000's door: its upload and get, at the root and under /compat/000 (docs/seed-mapping.md).

  POST /api/products/upload   a JSON array of {customer_id, name, description, price}: the
                              batch create, all or nothing -> 200 {"product_ids": [...]}
  GET  /api/products/get      ?product_id=  -> [that product], 404 {"detail": "Product not found"}
                              ?limit= (default 100) -> the caller's products, newest first
  products out: [{product_id, customer_id, name, description, price, created_at}]

Errors are FastAPI's `{"detail": "..."}`, with the seed's messages where it shows them. The
upload's body, answer and write are seed000_writes.py, so the get loads no write code.
"""

from typing import Any

from pydantic import BaseModel, RootModel

from common.errors import ApiError, NotFound
from common.products.models import Product
from common.representation import Number, Timestamp

PREFIX = "/compat/000"
DEFAULT_LIMIT = 100


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


class ErrorBody(BaseModel):
    """Every error the door's functions answer."""

    detail: str


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
